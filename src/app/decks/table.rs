//! The card table's rows (the search, filters and sort applied to the selected deck) and each deck's
//! count of due cards.

use super::{DecksState, SortKey};
use crate::model::Library;
use crate::model::card_search::{CardIndex, SortColumn, rows, sort_rows_by};
use crate::model::study::Study;

impl DecksState {
    /// Cards of the deck due for review now.
    pub fn due_count(&self, deck_id: &str) -> usize {
        self.due.get(deck_id).copied().unwrap_or(0)
    }

    /// Counts the due cards again when progress or the decks changed, or a minute passed.
    pub(super) fn refresh_due(&mut self, library: &Library, study: &Study) {
        let now = study.now();
        let key = (study.changes(), crate::model::study::fingerprint(library), (now / 60) as u64);
        if self.due_key == Some(key) {
            return;
        }
        self.due_key = Some(key);
        let progress = study.progress();
        self.due = library
            .decks
            .iter()
            .map(|d| {
                let n = d
                    .deck
                    .cards
                    .iter()
                    .filter(|c| {
                        progress.card(&d.deck.id, &c.id).and_then(|p| p.schedule.as_ref()).is_some_and(|s| s.due <= now)
                    })
                    .count();
                (d.deck.id.clone(), n)
            })
            .collect();
    }

    /// Keeps the table's rows in step with the selected deck; called once per frame and after each
    /// action.
    pub fn sync(&mut self, library: &Library, selected_deck: Option<&str>, study: &Study) {
        let Some(id) = selected_deck else {
            self.rows.clear();
            self.rows_key = None;
            return;
        };
        let Some(loaded) = library.decks.iter().find(|d| d.deck.id == id) else {
            self.rows.clear();
            self.rows_key = None;
            return;
        };
        let key = (id.to_owned(), loaded.deck.cards.len(), self.generation);
        if self.rows_key.as_ref() == Some(&key) {
            return;
        }
        if self.rows_key.as_ref().is_some_and(|k| k.0 != id) {
            self.selected_card = None;
        }
        let deck = &loaded.deck;
        let mut query = self.query.clone();
        query.units =
            self.branch.as_deref().map(|root| library.chart.branch_ids(root).into_iter().map(str::to_owned).collect());
        query.sort = match self.sort {
            Some((SortKey::Front, d)) => Some((SortColumn::Front, d)),
            Some((SortKey::Back, d)) => Some((SortColumn::Back, d)),
            Some((SortKey::Tags, d)) => Some((SortColumn::Tags, d)),
            Some((SortKey::Unit, d)) => Some((SortColumn::Unit, d)),
            Some((SortKey::Due, _)) | None => None,
        };
        if self.session(library, id).is_none() {
            return;
        }
        let Some(session) = self.sessions.get_mut(id) else { return };
        if session.index.len() != deck.cards.len() {
            session.index = CardIndex::build(deck);
        }
        let mut found = rows(deck, &mut session.index, &query);
        if let Some((SortKey::Due, descending)) = self.sort {
            let progress = study.progress();
            // Cards never studied come after every due date.
            sort_rows_by(&mut found, descending, |i| {
                progress.card(&deck.id, &deck.cards[i].id).and_then(|p| p.schedule.as_ref()).map_or(i64::MAX, |s| s.due)
            });
        }
        self.rows = found;
        self.rows_key = Some(key);
        if self.selected_card.is_some_and(|i| i >= deck.cards.len()) {
            self.selected_card = None;
        }
    }
}
