//! Search over the chart: unit names, aliases and office holders (with their spelling variants),
//! forgiving of case, punctuation and Latin/Cyrillic spelling (see [`super::text::fold`]).

use super::Chart;
use super::text::fold;

/// What a search result matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Alias,
    Holder,
}

/// One unit found, with the text that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into `chart.units`.
    pub unit: usize,
    pub field: Field,
    /// The name, alias or holder's name that matched, as the data spells it.
    pub matched: String,
    score: u32,
}

/// Units matching `query`, best first: whole-name matches, then names starting with the query, then
/// names with a word starting with it, then names containing it; names before aliases before holders;
/// at most one hit per unit, at most `limit` hits.
pub fn search(chart: &Chart, query: &str, limit: usize) -> Vec<Hit> {
    let q = fold(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<Hit> = Vec::new();
    for (i, unit) in chart.units.iter().enumerate() {
        let names = unit.aliases.iter().map(|a| (Field::Alias, a.as_str()));
        let holders = unit
            .holders
            .iter()
            .flat_map(|h| std::iter::once(h.name.as_str()).chain(h.variants.iter().map(String::as_str)))
            .map(|n| (Field::Holder, n));
        let best = std::iter::once((Field::Name, unit.name.as_str()))
            .chain(names)
            .chain(holders)
            .filter_map(|(field, text)| rank(&fold(text), &q).map(|r| (r * 4 + field as u32, field, text)))
            .min_by_key(|(score, ..)| *score);
        if let Some((score, field, text)) = best {
            hits.push(Hit { unit: i, field, matched: text.to_owned(), score });
        }
    }
    // Equally good matches: the shorter text first (it is closer to what was typed), then data order.
    hits.sort_by(|a, b| {
        a.score.cmp(&b.score).then(a.matched.chars().count().cmp(&b.matched.chars().count())).then(a.unit.cmp(&b.unit))
    });
    hits.truncate(limit);
    hits
}

/// 0 for the whole text, 1 for a prefix, 2 for a word prefix, 3 for anywhere; `None` for no match.
fn rank(text: &str, query: &str) -> Option<u32> {
    if text == query {
        Some(0)
    } else if text.starts_with(query) {
        Some(1)
    } else if text.match_indices(query).any(|(at, _)| at > 0 && text.as_bytes()[at - 1] == b' ') {
        Some(2)
    } else if text.contains(query) {
        Some(3)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Library;

    fn names(query: &str) -> Vec<String> {
        let lib = Library::bundled().expect("bundled data loads");
        search(&lib.chart, query, 50).into_iter().map(|h| lib.chart.units[h.unit].id.clone()).collect()
    }

    #[test]
    fn whole_names_come_before_partial_ones() {
        let found = names("security council");
        assert_eq!(found.first().map(String::as_str), Some("security-council"), "{found:?}");
        assert!(found.contains(&"security-council-secretary".to_owned()));
    }

    #[test]
    fn spelling_variants_and_cyrillic_find_the_same_unit() {
        for q in ["Mazhilis", "majilis", "Мажилис"] {
            assert_eq!(names(q).first().map(String::as_str), Some("majilis"), "{q}");
        }
    }

    #[test]
    fn office_holders_are_searchable() {
        assert!(names("Nazarbaev").contains(&"president".to_owned()));
    }

    #[test]
    fn an_empty_query_finds_nothing() {
        assert!(names("  ").is_empty());
    }
}
