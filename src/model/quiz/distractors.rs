//! Wrong options of the right kind: people for people, bodies for bodies, numbers near the number,
//! years near the year, dates for dates, and for other answers the answers of related cards.
//!
//! An option is never a duplicate of another, never the right answer or one of its accepted forms or
//! aliases, and never another answer that is also right (another holder of the same post in the same
//! period). Author-written `wrong` options come first. When there are too few good ones, there are fewer
//! options, never made-up ones.

use std::collections::HashMap;

use super::answer::{Form, strip_parenthesised};
use super::rng::Rng;
use crate::model::chart::{Chart, Holder, Unit};
use crate::model::deck::Card;
use crate::model::text::fold;

/// What kind of thing an answer is.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerType {
    Person,
    Body,
    /// A count or a share, possibly in words ("Five") or with a unit ("Ten days", "30%").
    Number(NumberShape),
    Year(i32),
    /// A month and year, or a full date.
    Date {
        year: i32,
        month: u32,
        day: Option<u32>,
    },
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NumberShape {
    pub value: u64,
    pub in_words: bool,
    pub capital: bool,
    pub percent: bool,
    /// What follows the number ("days", "members").
    pub suffix: String,
    pub prefix: String,
}

/// A person the chart knows: a holder of a unit's post.
#[derive(Debug, Clone)]
struct Person {
    name: String,
    unit: usize,
    from: Option<i32>,
    to: Option<i32>,
    names: Vec<String>,
}

/// A card as the distractor index sees it.
#[derive(Debug, Clone)]
struct Entry {
    deck: String,
    unit: Option<String>,
    kind: AnswerType,
    tags: Vec<String>,
    back: String,
    words: usize,
    /// How the card's question begins ("when", "how many", "who", "which"): answers to questions that
    /// begin alike are answers of the same sort.
    asks: String,
}

/// Everything the distractors are drawn from, built once per library (or per quiz source).
#[derive(Debug, Clone, Default)]
pub struct Pool {
    persons: Vec<Person>,
    /// Folded person name or variant → persons.
    person_index: HashMap<String, Vec<usize>>,
    /// Folded unit name or alias (without a leading article) → unit index.
    unit_index: HashMap<String, usize>,
    units: Vec<(String, crate::model::Branch, crate::model::UnitKind, bool)>,
    entries: Vec<Entry>,
    /// Where a card's entry is: (deck id, card id) → entry index.
    by_card: HashMap<(String, String), usize>,
    years: Vec<i32>,
    dates: Vec<(i32, u32, Option<u32>)>,
    numbers: Vec<NumberShape>,
    person_answers: Vec<String>,
}

/// The name without a leading article, folded.
fn key(name: &str) -> String {
    let lower = name.trim();
    let bare = ["The ", "the "].iter().find_map(|a| lower.strip_prefix(a)).unwrap_or(lower);
    fold(bare)
}

fn holder_years(h: &Holder) -> (Option<i32>, Option<i32>) {
    let from = h.from.or(h.as_of).map(|d| d.year);
    let to = h.to.map(|d| d.year).or(if h.from.is_none() { h.as_of.map(|d| d.year) } else { None });
    (from, to)
}

impl Pool {
    /// The pool for the chart and the cards (deck id, card) that questions may be asked about or
    /// borrow answers from.
    pub fn build<'a>(chart: &Chart, cards: impl IntoIterator<Item = (&'a str, &'a Card)>) -> Pool {
        let mut pool = Pool::default();
        for (i, u) in chart.units.iter().enumerate() {
            pool.units.push((u.name.clone(), u.branch, u.kind, u.proposal));
            for name in u.names() {
                pool.unit_index.entry(key(name)).or_insert(i);
            }
            for h in &u.holders {
                let (from, to) = holder_years(h);
                let names: Vec<String> = std::iter::once(h.name.clone()).chain(h.variants.iter().cloned()).collect();
                let p = pool.persons.len();
                for n in &names {
                    pool.person_index.entry(fold(n)).or_default().push(p);
                }
                pool.persons.push(Person { name: h.name.clone(), unit: i, from, to, names });
            }
        }
        pool.years.extend(chart.events.iter().map(|e| e.date.year));
        for (deck, card) in cards {
            let kind = pool.classify(card);
            match &kind {
                AnswerType::Year(y) => pool.years.push(*y),
                AnswerType::Date { year, month, day } => pool.dates.push((*year, *month, *day)),
                AnswerType::Number(n) => pool.numbers.push(n.clone()),
                AnswerType::Person if !pool.person_index.contains_key(&fold(&card.back)) => {
                    pool.person_answers.push(card.back.clone())
                }
                _ => {}
            }
            pool.by_card.insert((deck.to_owned(), card.id.clone()), pool.entries.len());
            pool.entries.push(Entry {
                deck: deck.to_owned(),
                unit: card.unit.clone(),
                kind,
                tags: card.tags.clone(),
                back: card.back.clone(),
                words: card.back.split_whitespace().count(),
                asks: question_word(&card.front),
            });
        }
        pool.years.sort_unstable();
        pool.years.dedup();
        pool.dates.sort_unstable();
        pool.dates.dedup();
        pool.person_answers.sort();
        pool.person_answers.dedup();
        pool
    }

    /// The kind of the card's answer.
    pub fn classify(&self, card: &Card) -> AnswerType {
        let back = card.back.trim();
        let form = Form::of(back);
        if let Some((year, Some(month), day)) = form.date().filter(|_| form.words().is_empty()) {
            return AnswerType::Date { year, month, day };
        }
        if let Some(n) = number_shape(back) {
            return match n {
                n if !n.in_words
                    && !n.percent
                    && n.suffix.is_empty()
                    && n.prefix.is_empty()
                    && (1000..=2100).contains(&n.value)
                    && back.len() == 4 =>
                {
                    AnswerType::Year(n.value as i32)
                }
                n => AnswerType::Number(n),
            };
        }
        // "What does Nur Otan mean?" asks for a meaning, even when the meaning is also a name.
        let front = card.front.to_lowercase();
        if front.contains(" mean") || front.contains("stand for") {
            return AnswerType::Other;
        }
        let plain = strip_parenthesised(back);
        if self.person_index.contains_key(&fold(&plain)) {
            return AnswerType::Person;
        }
        if self.unit_index.contains_key(&key(&plain)) {
            return AnswerType::Body;
        }
        let asks_who = card.front.starts_with("Who ") || card.front.starts_with("Who,");
        if asks_who && looks_like_a_name(back) {
            return AnswerType::Person;
        }
        AnswerType::Other
    }

    /// The answer type of a card in the pool.
    pub fn kind_of(&self, deck: &str, card: &Card) -> AnswerType {
        match self.by_card.get(&(deck.to_owned(), card.id.clone())) {
            Some(&i) => self.entries[i].kind.clone(),
            None => self.classify(card),
        }
    }

    /// Up to `want` wrong options for `card` (of deck `deck`), best first. `unit` is the chart unit the
    /// card is about, if any.
    pub fn distractors(&self, deck: &str, card: &Card, unit: Option<&Unit>, want: usize, rng: &mut Rng) -> Vec<String> {
        let mut chosen: Vec<String> = Vec::new();
        // Everything an option may not say: the answers, what else would be right, the options so far.
        let mut taken: Vec<(Form, String)> = card
            .answers()
            .map(str::to_owned)
            .chain(self.also_right(card, unit))
            .map(|a| (Form::of(&a), key(&strip_parenthesised(&a))))
            .collect();
        let offer = |candidate: String, chosen: &mut Vec<String>, taken: &mut Vec<(Form, String)>| {
            if candidate.trim().is_empty() || chosen.len() >= want {
                return;
            }
            let (form, k) = (Form::of(&candidate), key(&strip_parenthesised(&candidate)));
            if form.is_empty() || taken.iter().any(|(f, tk)| f.same(&form) || *tk == k) {
                return;
            }
            taken.push((form, k));
            chosen.push(candidate);
        };
        for w in &card.wrong {
            offer(w.clone(), &mut chosen, &mut taken);
        }
        if chosen.len() >= want {
            return chosen;
        }
        let kind = self.kind_of(deck, card);
        let candidates = match &kind {
            AnswerType::Person => self.person_candidates(card, unit, rng),
            AnswerType::Body => self.body_candidates(&card.back, rng),
            AnswerType::Number(n) => number_candidates(n, &self.numbers, &self.years, rng),
            AnswerType::Year(y) => year_candidates(*y, &self.years, rng),
            AnswerType::Date { year, month, day } => {
                date_candidates(&card.back, (*year, *month, *day), &self.dates, rng)
            }
            AnswerType::Other => self.other_candidates(deck, card, rng),
        };
        for c in candidates {
            offer(c, &mut chosen, &mut taken);
            if chosen.len() >= want {
                break;
            }
        }
        chosen
    }

    /// Answers that would also be right: the aliases of the unit named, the variants of the person named,
    /// and other holders of the same post whose time in office overlaps.
    fn also_right(&self, card: &Card, _unit: Option<&Unit>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(&u) = self.unit_index.get(&key(&strip_parenthesised(&card.back))) {
            out.push(self.units[u].0.clone());
        }
        for a in card.answers() {
            for &p in self.person_index.get(&fold(&strip_parenthesised(a))).into_iter().flatten() {
                let person = &self.persons[p];
                out.extend(person.names.iter().cloned());
                for other in self.persons.iter().filter(|o| o.unit == person.unit && o.name != person.name) {
                    if overlaps((person.from, person.to), (other.from, other.to)) {
                        out.extend(other.names.iter().cloned());
                    }
                }
            }
        }
        out
    }

    fn person_candidates(&self, card: &Card, unit: Option<&Unit>, rng: &mut Rng) -> Vec<String> {
        let branch = unit.map(|u| u.branch);
        let mut near: Vec<String> = Vec::new();
        let mut far: Vec<String> = Vec::new();
        for p in &self.persons {
            let same_branch = branch.is_some_and(|b| self.units[p.unit].1 == b);
            if same_branch { near.push(p.name.clone()) } else { far.push(p.name.clone()) }
        }
        far.extend(self.person_answers.iter().filter(|a| looks_like_a_name(a) && a.as_str() != card.back).cloned());
        mix(near, far, rng)
    }

    fn body_candidates(&self, back: &str, rng: &mut Rng) -> Vec<String> {
        let Some(&right) = self.unit_index.get(&key(&strip_parenthesised(back))) else { return Vec::new() };
        let (_, branch, kind, _) = self.units[right];
        let article = back.trim_start().starts_with("The ") || back.trim_start().starts_with("the ");
        let named = |i: usize| {
            let (name, _, kind, _) = &self.units[i];
            // A party's own name takes no article, unless it says "Party".
            let bare = *kind == crate::model::UnitKind::Party && !name.contains("Party");
            if article && !bare && !name.starts_with("The ") { format!("The {name}") } else { name.clone() }
        };
        let mut near = Vec::new();
        let mut far = Vec::new();
        for (i, (_, b, k, proposal)) in self.units.iter().enumerate() {
            if i == right || *proposal {
                continue;
            }
            if *b == branch && *k == kind {
                near.push(named(i));
            } else if *b == branch || *k == kind {
                far.push(named(i));
            }
        }
        mix(near, far, rng)
    }

    /// For free-text answers: answers of related cards (the same deck and a shared topic tag) that read
    /// like an answer to the same question: the same kind of first word, about the same length, a list
    /// where the answer is a list. Best first; unrelated answers are never offered. Cards about the same
    /// chart unit are left out: another function of the same body would be right too.
    fn other_candidates(&self, deck: &str, card: &Card, rng: &mut Rng) -> Vec<String> {
        let words = card.back.split_whitespace().count();
        let shape = first_word_class(&card.back);
        let first = first_word(&card.back);
        let list = is_list(&card.back);
        let asks = question_word(&card.front);
        let unit = self.by_card.get(&(deck.to_owned(), card.id.clone())).map(|&i| &self.entries[i]);
        let mut scored: Vec<(u32, String)> = Vec::new();
        for e in &self.entries {
            if e.kind != AnswerType::Other || e.back == card.back {
                continue;
            }
            let similar_length = e.words * 2 >= words && e.words <= words * 2 + 1;
            if !similar_length || first_word_class(&e.back) != shape || is_list(&e.back) != list || e.asks != asks {
                continue;
            }
            let topic =
                e.deck == deck && e.tags.iter().any(|t| card.tags.contains(t) && !GENERIC_TAGS.contains(&t.as_str()));
            let same_unit = unit.is_some_and(|u| u.unit.is_some() && u.unit == e.unit);
            if !topic || same_unit {
                continue;
            }
            let mut score = 2 * u32::from(first_word(&e.back) == first);
            score += u32::from(e.words.abs_diff(words) * 3 <= words.max(1));
            scored.push((score, e.back.clone()));
        }
        // Best first, ties in a random order.
        rng.shuffle(&mut scored);
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        scored.into_iter().map(|(_, s)| s).collect()
    }
}

/// How a question begins, as far as it says what sort of answer it wants: "when", "how many",
/// "who", "which body", "what", "why", "in which year"…
pub fn question_word(front: &str) -> String {
    let words: Vec<String> = front
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    let aux = |v: &str| match v {
        "do" | "does" | "did" => Some("do"),
        "is" | "was" | "are" | "were" | "be" => Some("be"),
        "has" | "have" | "had" => Some("have"),
        "can" | "could" | "will" | "would" | "should" | "must" | "may" | "might" => Some("can"),
        _ => None,
    };
    let lower = front.to_lowercase();
    let meaning = if lower.contains(" mean") || lower.contains("stand for") { " mean" } else { "" };
    let head = match (w(0), w(1)) {
        ("how", "many" | "much" | "long" | "often") => format!("how {}", w(1)),
        ("in" | "on" | "by" | "from" | "to" | "for" | "of" | "with" | "under" | "at", q) => format!("{} {q}", w(0)),
        // "What share", "Which party", but "What did …", "Which is …" by their verb.
        (q @ ("which" | "what"), next) => match aux(next) {
            Some(a) => format!("{q} {a}"),
            None => format!("{q} {next}"),
        },
        (q, _) => q.to_owned(),
    };
    format!("{head}{meaning}")
}

fn first_word(text: &str) -> String {
    text.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// "A, B and C": an answer that names several things.
fn is_list(text: &str) -> bool {
    text.contains(", ") && (text.contains(" and ") || text.matches(", ").count() >= 2)
}

/// Tags too broad to make two answers related.
const GENERIC_TAGS: [&str; 4] = ["dates", "chart", "essentials", "numbers"];

fn overlaps(a: (Option<i32>, Option<i32>), b: (Option<i32>, Option<i32>)) -> bool {
    // Unknown ends are open: an undated holder may have been in office at any time.
    let (a0, a1) = (a.0.unwrap_or(i32::MIN), a.1.unwrap_or(i32::MAX));
    let (b0, b1) = (b.0.unwrap_or(i32::MIN), b.1.unwrap_or(i32::MAX));
    a0 <= b1 && b0 <= a1
}

/// The near candidates shuffled, then the far ones shuffled.
fn mix(mut near: Vec<String>, mut far: Vec<String>, rng: &mut Rng) -> Vec<String> {
    rng.shuffle(&mut near);
    rng.shuffle(&mut far);
    near.extend(far);
    near
}

fn looks_like_a_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !matches!(words[0], "The" | "A" | "An")
        && !text.contains([',', ':', ';', '(', '"'])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Article,
    That,
    YesNo,
    To,
    Capital,
    Lower,
}

fn first_word_class(text: &str) -> WordClass {
    let first = text.split_whitespace().next().unwrap_or("");
    match first {
        "The" | "A" | "An" | "the" | "a" | "an" => WordClass::Article,
        "That" | "that" => WordClass::That,
        "Yes" | "yes" | "No" | "no" | "Yes," | "No," | "Yes:" | "No:" => WordClass::YesNo,
        "To" | "to" => WordClass::To,
        w if w.chars().next().is_some_and(char::is_uppercase) => WordClass::Capital,
        _ => WordClass::Lower,
    }
}

const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// A number answer: digits or a word up to twenty, optionally with a percent sign and a short unit
/// ("7", "Five", "30%", "Ten days", "Up to 7 years").
pub fn number_shape(text: &str) -> Option<NumberShape> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (at, word) = words.iter().enumerate().find(|(_, w)| {
        let w = w.trim_end_matches('%');
        w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty() || NUMBER_WORDS.contains(&w.to_lowercase().as_str())
    })?;
    // Short answers only: a number with at most two words before and three after it.
    if at > 2 || words.len() > at + 4 || text.contains([',', ';', ':', '(', '-', '.']) {
        return None;
    }
    let percent = word.ends_with('%');
    let bare = word.trim_end_matches('%');
    let in_words = !bare.chars().all(|c| c.is_ascii_digit());
    let value = if in_words {
        NUMBER_WORDS.iter().position(|n| *n == bare.to_lowercase())? as u64
    } else {
        bare.parse().ok()?
    };
    Some(NumberShape {
        value,
        in_words,
        capital: bare.chars().next().is_some_and(char::is_uppercase),
        percent,
        suffix: words[at + 1..].join(" "),
        prefix: words[..at].join(" "),
    })
}

fn render_number(shape: &NumberShape, value: u64) -> String {
    let mut n = if shape.in_words && (value as usize) < NUMBER_WORDS.len() {
        NUMBER_WORDS[value as usize].to_owned()
    } else {
        value.to_string()
    };
    if shape.capital && shape.prefix.is_empty() {
        n = crate::model::chart_cards::capitalised(&n);
    }
    if shape.percent {
        n.push('%');
    }
    let mut parts = Vec::new();
    if !shape.prefix.is_empty() {
        parts.push(shape.prefix.clone());
    }
    parts.push(n);
    if !shape.suffix.is_empty() {
        // "one day" / "two days"
        let suffix = if value == 1 { shape.suffix.trim_end_matches('s').to_owned() } else { shape.suffix.clone() };
        let suffix =
            if shape.value == 1 && value != 1 && !suffix.ends_with('s') { format!("{suffix}s") } else { suffix };
        parts.push(suffix);
    }
    parts.join(" ")
}

/// Numbers near the answer: others from the data of the same kind and size first, then steps around it.
fn number_candidates(n: &NumberShape, known: &[NumberShape], years: &[i32], rng: &mut Rng) -> Vec<String> {
    let v = n.value as i64;
    if !n.in_words && !n.percent && (1000..=2100).contains(&v) {
        // A year inside a phrase ("The 1995 Constitution"): other years, not other numbers.
        return year_candidates(v as i32, years, rng)
            .into_iter()
            .filter_map(|y| y.parse().ok())
            .map(|y| render_number(n, y))
            .collect();
    }
    let mut from_data: Vec<u64> = known
        .iter()
        .filter(|k| k.percent == n.percent && k.suffix == n.suffix && k.value != n.value)
        .map(|k| k.value)
        .filter(|k| (*k as i64 - v).abs() <= (v / 2).max(3))
        .collect();
    from_data.sort_unstable();
    from_data.dedup();
    rng.shuffle(&mut from_data);
    let step = match v {
        0..=12 => 1,
        13..=30 => 2,
        31..=100 => 5,
        _ => (v / 10).max(1),
    };
    let mut near: Vec<i64> = vec![v - step, v + step, v + 2 * step, v - 2 * step, v + 3 * step];
    rng.shuffle(&mut near);
    let upper = if n.percent {
        100
    } else if n.in_words {
        20
    } else {
        i64::MAX
    };
    let lower = i64::from(n.in_words || n.value > 0);
    let fits = |x: i64| x >= lower && x <= upper && x != v;
    let mut values: Vec<u64> = from_data.into_iter().filter(|x| fits(*x as i64)).collect();
    values.extend(near.into_iter().filter(|x| fits(*x)).map(|x| x as u64));
    values.into_iter().map(|x| render_number(n, x)).collect()
}

/// Years near the answer: years from the data within a decade first, then a year or two either side.
fn year_candidates(y: i32, known: &[i32], rng: &mut Rng) -> Vec<String> {
    let mut from_data: Vec<i32> = known.iter().copied().filter(|k| *k != y && (k - y).abs() <= 10).collect();
    rng.shuffle(&mut from_data);
    let mut near = vec![y - 1, y + 1, y - 2, y + 2, y + 3, y - 3];
    rng.shuffle(&mut near);
    from_data.into_iter().chain(near).map(|x| x.to_string()).collect()
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Dates in the answer's own style ("August 1995", "29 April 1995"): dates from the data first, then the
/// same date moved by months or a year.
fn date_candidates(
    back: &str,
    (year, month, day): (i32, u32, Option<u32>),
    known: &[(i32, u32, Option<u32>)],
    rng: &mut Rng,
) -> Vec<String> {
    let day_first = back.trim().starts_with(|c: char| c.is_ascii_digit());
    let render = |(y, m, d): (i32, u32, Option<u32>)| {
        let name = MONTH_NAMES[(m.clamp(1, 12) - 1) as usize];
        match (day, d) {
            (Some(_), Some(d)) if day_first => format!("{d} {name} {y}"),
            (Some(_), Some(d)) => format!("{name} {d}, {y}"),
            _ => format!("{name} {y}"),
        }
    };
    let mut from_data: Vec<(i32, u32, Option<u32>)> = known
        .iter()
        .copied()
        .filter(|k| (k.0 - year).abs() <= 6 && (k.0, k.1) != (year, month) && (day.is_none() || k.2.is_some()))
        .collect();
    rng.shuffle(&mut from_data);
    let shift = |months: i32| {
        let total = year * 12 + month as i32 - 1 + months;
        (total.div_euclid(12), total.rem_euclid(12) as u32 + 1, day.map(|d| d.min(28)))
    };
    let mut near: Vec<(i32, u32, Option<u32>)> = [-4, -2, -1, 1, 2, 3, 12, -12].into_iter().map(shift).collect();
    rng.shuffle(&mut near);
    from_data.into_iter().chain(near).map(render).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_answers_keep_their_shape() {
        let n = number_shape("Ten days").unwrap();
        assert_eq!((n.value, n.in_words, n.suffix.as_str()), (10, true, "days"));
        assert_eq!(render_number(&n, 7), "Seven days");
        let p = number_shape("30%").unwrap();
        assert_eq!(render_number(&p, 35), "35%");
        assert!(number_shape("The 1995 Constitution of the Republic, as amended").is_none());
        assert!(number_shape("10, against 13 in 2006").is_none());
    }

    #[test]
    fn years_and_dates_move_near_the_answer() {
        let mut rng = Rng::new(1);
        let years = year_candidates(1995, &[1993, 2007, 1990], &mut rng);
        assert!(years.iter().all(|y| y != "1995"));
        assert!(years.iter().all(|y| (y.parse::<i32>().unwrap() - 1995).abs() <= 10));
        let dates = date_candidates("29 April 1995", (1995, 4, Some(29)), &[], &mut rng);
        assert!(dates.iter().all(|d| d.split(' ').count() == 3 && d != "29 April 1995"), "{dates:?}");
    }
}
