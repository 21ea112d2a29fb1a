//! Flashcards generated from the chart: who heads or chairs a unit, to whom it is accountable or
//! subordinate, which body it belongs to, what it does.
//!
//! Card ids are built from the question's kind and the unit's id (`heads:prime-minister`), never from the
//! answer's text, so progress survives edits to the data: a new office holder changes the answer of
//! `heads:prime-minister`, not its id.

use super::chart::{Chart, Dated, RelationKind, Unit, UnitKind};
use super::deck::{Card, Deck};

/// The id of the generated deck. Loaded decks cannot use it: deck ids may not contain `@`.
pub const CHART_DECK_ID: &str = "@chart";
pub const CHART_DECK_TITLE: &str = "Chart questions";

/// The generated deck, cards in chart order.
pub fn chart_deck(chart: &Chart) -> Deck {
    let latest = chart.year_range().map(|(_, to)| to);
    let mut cards = Vec::new();
    for unit in &chart.units {
        if unit.proposal {
            continue;
        }
        if let Some(c) = heads_card(unit, latest) {
            cards.push(c);
        }
        for (kind, prefix) in [
            (RelationKind::ChairedBy, "chaired-by"),
            (RelationKind::AccountableTo, "accountable-to"),
            (RelationKind::SubordinateTo, "subordinate-to"),
        ] {
            if let Some(c) = relation_card(chart, unit, kind, prefix) {
                cards.push(c);
            }
        }
        if let Some(c) = part_of_card(chart, unit) {
            cards.push(c);
        }
        if let Some(c) = functions_card(unit) {
            cards.push(c);
        }
    }
    Deck {
        version: super::chart::FORMAT_VERSION,
        id: CHART_DECK_ID.to_owned(),
        title: CHART_DECK_TITLE.to_owned(),
        description: "Questions generated from the organisational chart.".to_owned(),
        sources: Vec::new(),
        cards,
    }
}

/// The unit's name as it reads in a sentence: "the Security Council", but "Nur Otan" (a party's own name
/// takes no article, unless it says "Party": "the Auyl Party").
fn the(unit: &Unit) -> String {
    let name = unit.name.as_str();
    let bare = name.starts_with("The ")
        || name.starts_with("the ")
        || (unit.kind == UnitKind::Party && !name.contains("Party"));
    if bare { name.to_owned() } else { format!("the {name}") }
}

fn card(id: String, front: String, back: String, unit: &Unit, tag: &str, sources: Vec<String>, note: String) -> Card {
    card_accepting(id, front, back, Vec::new(), unit, tag, sources, note)
}

/// A card that also accepts `accept` when the answer is typed.
#[allow(clippy::too_many_arguments)]
fn card_accepting(
    id: String,
    front: String,
    back: String,
    accept: Vec<String>,
    unit: &Unit,
    tag: &str,
    sources: Vec<String>,
    note: String,
) -> Card {
    let mut sources = sources;
    sources.sort();
    sources.dedup();
    Card {
        id,
        front,
        back,
        accept,
        wrong: Vec::new(),
        tags: vec!["chart".to_owned(), tag.to_owned()],
        unit: Some(unit.id.clone()),
        sources,
        note,
    }
}

fn heads_card(unit: &Unit, latest: Option<i32>) -> Option<Card> {
    if unit.holders.is_empty() {
        return None;
    }
    let current = match latest {
        Some(y) => unit.holders_in(y),
        None => unit.holders.iter().collect(),
    };
    let current = if current.is_empty() { unit.holders.iter().collect() } else { current };
    let with_time = |h: &super::chart::Holder| {
        let when = h.time_context();
        if when.is_empty() { h.name.clone() } else { format!("{} ({when})", h.name) }
    };
    let back = current.iter().map(|h| with_time(h)).collect::<Vec<_>>().join("; ");
    let earlier: Vec<String> =
        unit.holders.iter().filter(|h| !current.iter().any(|c| std::ptr::eq(*c, *h))).map(with_time).collect();
    let note = if earlier.is_empty() { String::new() } else { format!("Also in the sources: {}", earlier.join("; ")) };
    let front = match unit.kind {
        UnitKind::Post => format!("Who holds the office of {}?", unit.name),
        _ => format!("Who heads {}?", the(unit)),
    };
    let sources = unit.holders.iter().flat_map(|h| h.sources.iter().cloned()).collect();
    // One holder: the name alone, or any of its spellings, is the answer typed.
    let accept = match current.as_slice() {
        [only] => std::iter::once(&only.name).chain(&only.variants).cloned().collect(),
        _ => Vec::new(),
    };
    Some(card_accepting(format!("heads:{}", unit.id), front, back, accept, unit, "holders", sources, note))
}

fn relation_card(chart: &Chart, unit: &Unit, kind: RelationKind, prefix: &str) -> Option<Card> {
    let relations: Vec<_> = chart
        .relations
        .iter()
        .filter(|r| r.kind == kind && r.from == unit.id && !r.proposal && r.until.is_none())
        .filter(|r| chart.unit(&r.to).is_some())
        .collect();
    if relations.is_empty() {
        return None;
    }
    let back =
        relations.iter().filter_map(|r| chart.unit(&r.to)).map(|u| capitalised(&the(u))).collect::<Vec<_>>().join("; ");
    let front = match kind {
        RelationKind::ChairedBy => format!("Who chairs {}?", the(unit)),
        RelationKind::AccountableTo => format!("To whom is {} accountable?", the(unit)),
        _ => format!("To whom is {} subordinate?", the(unit)),
    };
    let note = relations.iter().map(|r| r.note.as_str()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join(" ");
    let sources = relations.iter().flat_map(|r| r.sources.iter().cloned()).collect();
    let accept = match relations.as_slice() {
        [only] => chart.unit(&only.to).map(|u| u.names().map(str::to_owned).collect()).unwrap_or_default(),
        _ => Vec::new(),
    };
    Some(card_accepting(format!("{prefix}:{}", unit.id), front, back, accept, unit, "structure", sources, note))
}

fn part_of_card(chart: &Chart, unit: &Unit) -> Option<Card> {
    let parent = chart.unit(unit.parent.as_deref()?)?;
    let front = format!("Where does {} sit in the structure of the state?", the(unit));
    Some(card_accepting(
        format!("part-of:{}", unit.id),
        front,
        format!("Under {}", the(parent)),
        parent.names().map(str::to_owned).collect(),
        unit,
        "structure",
        unit.sources.clone(),
        String::new(),
    ))
}

/// A card's answer lists at most this many functions; the chart shows them all.
const MAX_FUNCTIONS: usize = 6;

fn functions_card(unit: &Unit) -> Option<Card> {
    let functions: Vec<_> = unit.functions.iter().filter(|f| !f.proposal && f.to.is_none()).collect();
    if functions.is_empty() {
        return None;
    }
    let front = format!("What are the functions of {}?", the(unit));
    let mut back = functions.iter().take(MAX_FUNCTIONS).map(|f| format!("• {}", f.text)).collect::<Vec<_>>().join("\n");
    if functions.len() > MAX_FUNCTIONS {
        back.push_str(&format!("\n… and {} more on the chart", functions.len() - MAX_FUNCTIONS));
    }
    let sources = functions.iter().flat_map(|f| f.sources.iter().cloned()).collect();
    Some(card(format!("functions:{}", unit.id), front, back, unit, "functions", sources, String::new()))
}

pub(crate) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Library;

    #[test]
    fn the_bundled_chart_gives_cards_of_every_kind_with_unique_ids() {
        let lib = Library::bundled().unwrap();
        let deck = chart_deck(&lib.chart);
        let mut ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        for prefix in ["heads:", "chaired-by:", "accountable-to:", "part-of:", "functions:"] {
            assert!(ids.iter().any(|id| id.starts_with(prefix)), "no {prefix} card");
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate ids");
        let chair = deck.card("chaired-by:security-council").unwrap();
        assert_eq!(chair.front, "Who chairs the Security Council?");
        assert!(chair.back.contains("President"), "{}", chair.back);
        assert!(deck.cards.iter().all(|c| !c.sources.is_empty() && c.unit.is_some()));
    }

    #[test]
    fn questions_put_the_article_where_english_does() {
        let unit = |name: &str, kind: &str| -> Unit {
            ron::from_str(&format!("(id: \"x\", name: \"{name}\", kind: {kind}, branch: Political, sources: [])"))
                .unwrap()
        };
        assert_eq!(the(&unit("Security Council", "Council")), "the Security Council");
        assert_eq!(the(&unit("Nur Otan", "Party")), "Nur Otan");
        assert_eq!(the(&unit("Auyl Party", "Party")), "the Auyl Party");
    }

    #[test]
    fn a_new_office_holder_changes_the_answer_but_not_the_card_id() {
        let lib = Library::bundled().unwrap();
        let mut chart = lib.chart.clone();
        let before = chart_deck(&chart);
        let unit = chart.units.iter_mut().find(|u| u.id == "prime-minister").unwrap();
        let mut h = unit.holders[0].clone();
        h.name = "Someone Else".into();
        h.from = Some(crate::model::Date::month(2030, 1));
        unit.holders.push(h);
        let after = chart_deck(&chart);
        let (a, b) = (before.card("heads:prime-minister").unwrap(), after.card("heads:prime-minister").unwrap());
        assert_ne!(a.back, b.back);
        assert!(b.back.contains("Someone Else"));
    }
}
