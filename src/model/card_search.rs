//! Search, filter and sort over one deck's cards, for the card table.
//!
//! A [`CardIndex`] holds each card's fields folded once ([`fold`]: case, punctuation, Cyrillic and
//! transliteration variants made alike, as the chart search does), so that a search as the user types
//! is a substring scan over prepared text: tens of milliseconds for 100,000 cards, with no folding per
//! keystroke. The index follows the deck through [`CardIndex::update`] with the [`Change`] each edit
//! reports, so an edit refolds one card, not the deck.
//!
//! [`rows`] gives the indices of the cards to show, in order: those matching the query's text in any
//! field, its tag and its set of chart units (a branch), sorted by a column.

use std::collections::{HashMap, HashSet};

use super::deck::{Card, Deck};
use super::edit::Change;
use super::text::fold;

/// Each card's folded fields, in deck order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardIndex {
    folded: Vec<String>,
    /// Every card's index in the order of a column, computed on the first query sorted by it and
    /// dropped on any edit: a sorted search per keystroke is then a filter, not a sort.
    sorted: HashMap<SortColumn, Vec<usize>>,
}

/// A card's fields, folded and joined by line breaks (which a folded query never contains, so no
/// match spans two fields).
fn haystack(card: &Card) -> String {
    let mut out = String::with_capacity(card.front.len() + card.back.len() + 64);
    let mut add = |s: &str| {
        if !s.is_empty() {
            out.push_str(&fold(s));
            out.push('\n');
        }
    };
    add(&card.id);
    add(&card.front);
    add(&card.back);
    card.accept.iter().for_each(|a| add(a));
    card.wrong.iter().for_each(|w| add(w));
    card.tags.iter().for_each(|t| add(t));
    add(card.unit.as_deref().unwrap_or(""));
    card.sources.iter().for_each(|s| add(s));
    add(&card.note);
    out
}

/// Decks with at least this many cards are folded on several threads.
const PARALLEL_FROM: usize = 20_000;

impl CardIndex {
    /// Folds every card of the deck; a big deck on every core (the cards in one chunk per thread).
    pub fn build(deck: &Deck) -> Self {
        let cards = &deck.cards;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        let folded = if cards.len() < PARALLEL_FROM || threads < 2 {
            cards.iter().map(haystack).collect()
        } else {
            std::thread::scope(|scope| {
                let chunks: Vec<_> = cards
                    .chunks(cards.len().div_ceil(threads))
                    .map(|chunk| scope.spawn(move || chunk.iter().map(haystack).collect::<Vec<_>>()))
                    .collect();
                chunks.into_iter().flat_map(|c| c.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
            })
        };
        Self { folded, sorted: HashMap::new() }
    }

    /// Follows an edit applied to `deck` (the deck as it is after the edit).
    pub fn update(&mut self, deck: &Deck, change: Change) {
        if change != Change::Deck {
            self.sorted.clear();
        }
        match change {
            Change::Inserted(i) => {
                if let Some(card) = deck.cards.get(i)
                    && i <= self.folded.len()
                {
                    self.folded.insert(i, haystack(card));
                }
            }
            Change::Removed(i) => {
                if i < self.folded.len() {
                    self.folded.remove(i);
                }
            }
            Change::Changed(i, _) => {
                if let (Some(card), Some(slot)) = (deck.cards.get(i), self.folded.get_mut(i)) {
                    *slot = haystack(card);
                }
            }
            Change::Deck => {}
        }
        if self.folded.len() != deck.cards.len() {
            // Out of step (an edit not reported): start again rather than show wrong rows.
            *self = Self::build(deck);
        }
    }

    pub fn len(&self) -> usize {
        self.folded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// A column of the card table to sort by. Sorting by due date is the view's own (it has the progress):
/// sort the rows with [`sort_rows_by`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// Deck order.
    Position,
    Id,
    Front,
    Back,
    Tags,
    Unit,
}

/// What the card table shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardQuery {
    /// Words to find in any field (folded like the fields); empty shows every card.
    pub text: String,
    /// Only cards with this tag.
    pub tag: Option<String>,
    /// Only cards about one of these chart units (a branch: the unit and everything under it).
    pub units: Option<HashSet<String>>,
    pub sort: Option<(SortColumn, bool)>,
}

impl CardQuery {
    /// Sort by `column`, descending when `descending`.
    pub fn sorted(mut self, column: SortColumn, descending: bool) -> Self {
        self.sort = Some((column, descending));
        self
    }
}

/// The indices into `deck.cards` of the cards the query selects, in the order it asks for (deck
/// order when it names none; ties keep deck order). `index` must have been built from `deck` and kept
/// up to date with [`CardIndex::update`]; it remembers each column's order once sorted by it.
pub fn rows(deck: &Deck, index: &mut CardIndex, query: &CardQuery) -> Vec<usize> {
    let needle = fold(&query.text);
    let words: Vec<&str> = needle.split(' ').filter(|w| !w.is_empty()).collect();
    let keep = |i: usize| {
        let card = &deck.cards[i];
        query.tag.as_ref().is_none_or(|t| card.tags.iter().any(|c| c == t))
            && query.units.as_ref().is_none_or(|u| card.unit.as_ref().is_some_and(|c| u.contains(c)))
            && (words.is_empty() || index.folded.get(i).is_some_and(|hay| words.iter().all(|w| hay.contains(w))))
    };
    match query.sort {
        None | Some((SortColumn::Position, false)) => (0..deck.cards.len()).filter(|&i| keep(i)).collect(),
        Some((column, descending)) => {
            if !index.sorted.contains_key(&column) || index.sorted[&column].len() != deck.cards.len() {
                let mut all: Vec<usize> = (0..deck.cards.len()).collect();
                sort_rows(deck, &mut all, column, false);
                index.sorted.insert(column, all);
            }
            let order = &index.sorted[&column];
            if descending {
                order.iter().rev().copied().filter(|&i| keep(i)).collect()
            } else {
                order.iter().copied().filter(|&i| keep(i)).collect()
            }
        }
    }
}

/// Sorts row indices by a column (case-insensitive for text), stable, so equal cards keep deck order.
pub fn sort_rows(deck: &Deck, rows: &mut [usize], column: SortColumn, descending: bool) {
    let key = |i: usize| -> String {
        let c = &deck.cards[i];
        match column {
            SortColumn::Position => String::new(),
            SortColumn::Id => c.id.to_lowercase(),
            SortColumn::Front => c.front.to_lowercase(),
            SortColumn::Back => c.back.to_lowercase(),
            SortColumn::Tags => c.tags.join(" ").to_lowercase(),
            SortColumn::Unit => c.unit.clone().unwrap_or_default().to_lowercase(),
        }
    };
    if column == SortColumn::Position {
        rows.sort_unstable();
    } else {
        // Keys once per row, not per comparison.
        let mut keyed: Vec<(String, usize)> = rows.iter().map(|&i| (key(i), i)).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        for (slot, (_, i)) in rows.iter_mut().zip(keyed) {
            *slot = i;
        }
    }
    if descending {
        rows.reverse();
    }
}

/// Sorts row indices by a key the caller computes (the due date from progress), stable.
pub fn sort_rows_by<K: Ord>(rows: &mut [usize], descending: bool, mut key: impl FnMut(usize) -> K) {
    rows.sort_by(|&a, &b| {
        let o = key(a).cmp(&key(b)).then(a.cmp(&b));
        if descending { o.reverse() } else { o }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{CardField, Edit};

    fn deck() -> Deck {
        let card = |id: &str, front: &str, back: &str, tag: &str, unit: &str| Card {
            id: id.into(),
            front: front.into(),
            back: back.into(),
            accept: Vec::new(),
            wrong: Vec::new(),
            tags: vec![tag.into()],
            unit: Some(unit.into()),
            sources: Vec::new(),
            note: String::new(),
        };
        Deck {
            version: 1,
            id: "d".into(),
            title: "D".into(),
            description: String::new(),
            sources: Vec::new(),
            cards: vec![
                card("a", "Who chairs the Majilis?", "The Chairman", "parliament", "majilis"),
                card("b", "Кто глава Правительства?", "Премьер-Министр", "holders", "government"),
                card("c", "How many deputies in the Mazhilis?", "107", "parliament", "majilis"),
            ],
        }
    }

    #[test]
    fn search_finds_any_field_forgiving_spelling_and_script() {
        let d = deck();
        let mut index = CardIndex::build(&d);
        let mut find = |text: &str| rows(&d, &mut index, &CardQuery { text: text.into(), ..CardQuery::default() });
        assert_eq!(find("majilis"), [0, 2]);
        assert_eq!(find("Мажилис"), [0, 2]);
        assert_eq!(find("премьер"), [1]);
        assert_eq!(find("holders"), [1]);
        assert_eq!(find("chairs majilis"), [0]);
        assert_eq!(find(""), [0, 1, 2]);
    }

    #[test]
    fn a_big_deck_folded_on_several_threads_keeps_every_card_in_its_place() {
        let mut d = deck();
        let three = d.cards.clone();
        d.cards = (0..PARALLEL_FROM + 7).map(|i| three[i % 3].clone()).collect();
        let mut index = CardIndex::build(&d);
        let serial: Vec<String> = d.cards.iter().map(haystack).collect();
        assert_eq!(index.folded, serial);
        let found = rows(&d, &mut index, &CardQuery { text: "премьер".into(), ..CardQuery::default() });
        assert_eq!(found, (0..PARALLEL_FROM + 7).filter(|i| i % 3 == 1).collect::<Vec<_>>());
    }

    #[test]
    fn filter_and_sort() {
        let d = deck();
        let mut index = CardIndex::build(&d);
        let q = CardQuery { tag: Some("parliament".into()), ..CardQuery::default() }.sorted(SortColumn::Front, true);
        assert_eq!(rows(&d, &mut index, &q), [0, 2]);
        let q = CardQuery { units: Some(["government".to_owned()].into()), ..CardQuery::default() };
        assert_eq!(rows(&d, &mut index, &q), [1]);
        let q = CardQuery::default().sorted(SortColumn::Back, false);
        assert_eq!(rows(&d, &mut index, &q), [2, 0, 1]);
    }

    #[test]
    fn a_remembered_sort_order_follows_edits() {
        let mut d = deck();
        let mut index = CardIndex::build(&d);
        let q = CardQuery::default().sorted(SortColumn::Front, false);
        assert_eq!(rows(&d, &mut index, &q), [2, 0, 1]);
        let edit = Edit::Set { index: 1, field: CardField::Front("Aaa first".into()) };
        let change = edit.change();
        edit.apply(&mut d).unwrap();
        index.update(&d, change);
        assert_eq!(rows(&d, &mut index, &q), [1, 2, 0]);
        assert_eq!(
            rows(&d, &mut index, &CardQuery { text: "majilis".into(), ..q.sorted(SortColumn::Front, true) }),
            [0, 2]
        );
    }

    #[test]
    fn the_index_follows_edits() {
        let mut d = deck();
        let mut index = CardIndex::build(&d);
        for edit in [
            Edit::Set { index: 1, field: CardField::Front("Senate speaker".into()) },
            Edit::Delete { index: 0 },
            Edit::duplicate(&d, 0).unwrap_or(Edit::Delete { index: 0 }),
        ] {
            let change = edit.change();
            edit.apply(&mut d).unwrap();
            index.update(&d, change);
            assert_eq!(index, CardIndex::build(&d));
        }
    }
}
