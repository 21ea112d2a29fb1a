//! Semantic checks on parsed charts and decks. Each problem carries the path of the offending item,
//! which [`super::file::locate_all`] turns into a line and column only when there is a problem.

use std::collections::{HashMap, HashSet};

use super::chart::{Chart, Source};
use super::date::Date;
use super::deck::{Card, Deck};
use super::locate::Seg::{self, Field, Index};
use super::text::fold;

pub type Issue = (Vec<Seg>, String);

/// The unit and source ids a deck's cards may refer to.
#[derive(Debug, Default, Clone)]
pub struct Refs<'a> {
    pub units: HashSet<&'a str>,
    pub sources: HashSet<&'a str>,
}

impl<'a> Refs<'a> {
    pub fn of_chart(chart: &'a Chart) -> Self {
        Self {
            units: chart.units.iter().map(|u| u.id.as_str()).collect(),
            sources: chart.sources.iter().map(|s| s.id.as_str()).collect(),
        }
    }
}

/// Whether `id` is usable as a stable identifier: not empty, no spaces or quotes.
fn id_problem(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        Some("the id is empty".to_owned())
    } else if !id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/')) {
        Some(format!("id {id:?} may contain only letters, digits and - _ . : /"))
    } else {
        None
    }
}

struct Checker {
    issues: Vec<Issue>,
}

impl Checker {
    fn push(&mut self, path: Vec<Seg>, message: impl Into<String>) {
        self.issues.push((path, message.into()));
    }

    fn non_empty(&mut self, path: Vec<Seg>, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.push(path, format!("{what} is empty"));
        }
    }

    /// Unique, well-formed ids for a list of items at `list`.
    fn ids<'a>(&mut self, list: &'static str, kind: &str, ids: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            let path = vec![Field(list), Index(i), Field("id")];
            if let Some(p) = id_problem(id) {
                self.push(path, format!("{kind}: {p}"));
            } else if let Some(first) = seen.get(id) {
                self.push(path, format!("duplicate {kind} id `{id}` (the first is {kind} number {})", first + 1));
            } else {
                seen.insert(id, i);
            }
        }
        seen.into_keys().collect()
    }

    fn sources(&mut self, path: Vec<Seg>, ids: &[String], known: &HashSet<&str>, required: bool) {
        if required && ids.is_empty() {
            self.push(path.clone(), "no source is cited; name at least one source id");
        }
        for (j, id) in ids.iter().enumerate() {
            if !known.contains(id.as_str()) {
                let mut p = path.clone();
                p.push(Index(j));
                self.push(p, format!("unknown source `{id}`{}", suggestion(id, known)));
            }
        }
    }

    fn unit_ref(&mut self, path: Vec<Seg>, id: &str, units: &HashSet<&str>) {
        if !units.contains(id) {
            self.push(path, format!("unknown unit `{id}`{}", suggestion(id, units)));
        }
    }

    fn period(&mut self, path: Vec<Seg>, from: Option<Date>, to: Option<Date>) {
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            self.push(path, format!("the period ends ({t}) before it starts ({f})"));
        }
    }
}

/// A "did you mean" for a misspelt reference: the known id closest to it, if any is close.
fn suggestion(id: &str, known: &HashSet<&str>) -> String {
    let best = known.iter().map(|k| (strsim_distance(id, k), *k)).filter(|(d, k)| *d <= 2.max(k.len() / 4)).min();
    match best {
        Some((_, k)) => format!("; did you mean `{k}`?"),
        None => String::new(),
    }
}

/// Levenshtein distance, small and allocation-light; only used on error paths.
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

fn source_list(c: &mut Checker, sources: &[Source]) {
    for (i, s) in sources.iter().enumerate() {
        c.non_empty(vec![Field("sources"), Index(i), Field("title")], &s.title, "the source's title");
    }
}

/// Everything that can be wrong with a chart that parsed.
pub fn validate_chart(chart: &Chart) -> Vec<Issue> {
    let mut c = Checker { issues: Vec::new() };
    let sources = c.ids("sources", "source", chart.sources.iter().map(|s| s.id.as_str()));
    source_list(&mut c, &chart.sources);
    let units = c.ids("units", "unit", chart.units.iter().map(|u| u.id.as_str()));
    let index: HashMap<&str, usize> = chart.units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();

    for (i, u) in chart.units.iter().enumerate() {
        let at = |rest: &[Seg]| [&[Field("units"), Index(i)][..], rest].concat();
        c.non_empty(at(&[Field("name")]), &u.name, "the unit's name");
        for (j, a) in u.aliases.iter().enumerate() {
            c.non_empty(at(&[Field("aliases"), Index(j)]), a, "an alias");
        }
        if let Some(p) = &u.parent {
            if p == &u.id {
                c.push(at(&[Field("parent")]), format!("unit `{}` is its own parent", u.id));
            } else {
                c.unit_ref(at(&[Field("parent")]), p, &units);
            }
        }
        c.sources(at(&[Field("sources")]), &u.sources, &sources, true);
        c.period(at(&[Field("established")]), u.established, u.abolished);
        for (j, s) in u.functions.iter().enumerate() {
            let p = at(&[Field("functions"), Index(j)]);
            c.non_empty([&p[..], &[Field("text")]].concat(), &s.text, "the function's text");
            c.sources([&p[..], &[Field("sources")]].concat(), &s.sources, &sources, true);
            c.period([&p[..], &[Field("from")]].concat(), s.from, s.to);
        }
        for (j, h) in u.holders.iter().enumerate() {
            let p = at(&[Field("holders"), Index(j)]);
            c.non_empty([&p[..], &[Field("name")]].concat(), &h.name, "the holder's name");
            c.sources([&p[..], &[Field("sources")]].concat(), &h.sources, &sources, true);
            c.period([&p[..], &[Field("from")]].concat(), h.from, h.to);
        }
        for (j, f) in u.facts.iter().enumerate() {
            let p = at(&[Field("facts"), Index(j)]);
            c.non_empty([&p[..], &[Field("key")]].concat(), &f.key, "the fact's key");
            c.non_empty([&p[..], &[Field("label")]].concat(), &f.label, "the fact's label");
            c.non_empty([&p[..], &[Field("value")]].concat(), &f.value, "the fact's value");
            c.sources([&p[..], &[Field("sources")]].concat(), &f.sources, &sources, true);
            c.period([&p[..], &[Field("from")]].concat(), f.from, f.to);
        }
    }

    // Parent cycles: follow each chain once, colouring units as finished.
    let mut state = vec![0u8; chart.units.len()]; // 0 new, 1 on the current chain, 2 done
    for start in 0..chart.units.len() {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let names: Vec<&str> =
                        chain.iter().skip_while(|&&j| j != i).map(|&j: &usize| chart.units[j].id.as_str()).collect();
                    c.push(
                        vec![Field("units"), Index(i), Field("parent")],
                        format!("parent cycle: {} -> {}", names.join(" -> "), chart.units[i].id),
                    );
                    break;
                }
                _ => {
                    state[i] = 1;
                    chain.push(i);
                    // A unit that is its own parent is reported above, not again as a cycle.
                    at = chart.units[i].parent.as_deref().and_then(|p| index.get(p).copied()).filter(|&p| p != i);
                }
            }
        }
        for j in chain {
            state[j] = 2;
        }
    }

    for (i, r) in chart.relations.iter().enumerate() {
        let at = |f: &'static str| vec![Field("relations"), Index(i), Field(f)];
        c.unit_ref(at("from"), &r.from, &units);
        c.unit_ref(at("to"), &r.to, &units);
        if r.from == r.to {
            c.push(at("to"), format!("relation from `{}` to itself", r.from));
        }
        c.sources(at("sources"), &r.sources, &sources, true);
        c.period(at("since"), r.since, r.until);
    }

    c.ids("events", "event", chart.events.iter().map(|e| e.id.as_str()));
    for (i, e) in chart.events.iter().enumerate() {
        let at = |f: &'static str| vec![Field("events"), Index(i), Field(f)];
        c.non_empty(at("title"), &e.title, "the event's title");
        for (j, u) in e.units.iter().enumerate() {
            c.unit_ref(vec![Field("events"), Index(i), Field("units"), Index(j)], u, &units);
        }
        c.sources(at("sources"), &e.sources, &sources, true);
    }
    c.issues
}

/// Everything that can be wrong with a deck that parsed, given the chart its cards refer to.
/// A card's author-written wrong options: none empty, none repeated, none that is also a right answer.
fn wrong_options(c: &mut Checker, i: usize, card: &Card) {
    if card.wrong.is_empty() {
        // Most cards: no folding of the answers needed.
        return;
    }
    let right: Vec<String> = card.answers().map(fold).collect();
    let mut seen: Vec<String> = Vec::new();
    for (j, w) in card.wrong.iter().enumerate() {
        let at = vec![Field("cards"), Index(i), Field("wrong"), Index(j)];
        if w.trim().is_empty() {
            c.push(at, "a wrong option is empty");
            continue;
        }
        let folded = fold(w);
        if right.contains(&folded) {
            c.push(at, format!("the wrong option `{w}` is the card's answer or an accepted answer"));
        } else if seen.contains(&folded) {
            c.push(at, format!("the wrong option `{w}` is listed twice"));
        }
        seen.push(folded);
    }
}

pub fn validate_deck(deck: &Deck, refs: &Refs) -> Vec<Issue> {
    let mut c = Checker { issues: Vec::new() };
    if let Some(p) = id_problem(&deck.id) {
        c.push(vec![Field("id")], format!("deck: {p}"));
    }
    c.non_empty(vec![Field("title")], &deck.title, "the deck's title");
    let own = c.ids("sources", "source", deck.sources.iter().map(|s| s.id.as_str()));
    source_list(&mut c, &deck.sources);
    let mut sources = refs.sources.clone();
    sources.extend(own);
    c.ids("cards", "card", deck.cards.iter().map(|card| card.id.as_str()));
    for (i, card) in deck.cards.iter().enumerate() {
        let at = |f: &'static str| vec![Field("cards"), Index(i), Field(f)];
        c.non_empty(at("front"), &card.front, "the front");
        c.non_empty(at("back"), &card.back, "the back");
        for (j, a) in card.accept.iter().enumerate() {
            c.non_empty(vec![Field("cards"), Index(i), Field("accept"), Index(j)], a, "an accepted answer");
        }
        wrong_options(&mut c, i, card);
        for (j, t) in card.tags.iter().enumerate() {
            if t.trim().is_empty() {
                c.push(vec![Field("cards"), Index(i), Field("tags"), Index(j)], "a tag is empty");
            }
        }
        if let Some(u) = &card.unit {
            c.unit_ref(at("unit"), u, &refs.units);
        }
        c.sources(at("sources"), &card.sources, &sources, false);
    }
    c.issues
}
