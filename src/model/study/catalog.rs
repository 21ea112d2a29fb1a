//! The cards that can be studied, joined once with their progress, and which of them a scope takes.

use std::collections::HashSet;

use super::{ESSENTIALS_TAG, StudyScope};
use crate::model::chart::Chart;
use crate::model::deck::{Card, Deck};
use crate::model::progress::{Progress, RecordId};

/// A card that can be studied, with the deck it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyCard {
    pub deck_id: String,
    pub deck_title: String,
    pub card: Card,
    pub(super) record: Option<RecordId>,
}

/// Every card of the loaded decks and the chart questions, joined once with their progress.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub(super) cards: Vec<StudyCard>,
}

impl StudyCard {
    /// This card's progress in `progress` (the one the catalog was joined with), if it was ever studied.
    pub fn progress_in<'a>(&self, progress: &'a Progress) -> Option<&'a crate::model::progress::CardProgress> {
        self.record.map(|id| progress.get(id))
    }
}

impl Catalog {
    pub fn build<'a>(decks: impl IntoIterator<Item = &'a Deck>, progress: &Progress) -> Self {
        let mut cards = Vec::new();
        for deck in decks {
            cards.extend(deck.cards.iter().map(|c| StudyCard {
                deck_id: deck.id.clone(),
                deck_title: deck.title.clone(),
                card: c.clone(),
                record: progress.id_of(&deck.id, &c.id),
            }));
        }
        Self { cards }
    }

    pub fn cards(&self) -> &[StudyCard] {
        &self.cards
    }

    pub(super) fn find(&self, deck: &str, card: &str) -> Option<usize> {
        self.cards.iter().position(|c| c.deck_id == deck && c.card.id == card)
    }
}

/// Which cards a scope takes (Study's queue, the quiz's questions).
pub struct ScopeFilter<'a> {
    scope: &'a StudyScope,
    branch: HashSet<&'a str>,
}

impl<'a> ScopeFilter<'a> {
    pub fn new(scope: &'a StudyScope, chart: &'a Chart) -> Self {
        let branch = match scope {
            StudyScope::Branch(root) => chart.branch_ids(root),
            _ => HashSet::new(),
        };
        Self { scope, branch }
    }

    pub(super) fn takes(&self, c: &StudyCard) -> bool {
        self.takes_card(&c.deck_id, &c.card)
    }

    /// Whether the scope takes `card` of the deck `deck_id`.
    pub fn takes_card(&self, deck_id: &str, card: &Card) -> bool {
        match self.scope {
            StudyScope::All => true,
            StudyScope::Essentials => card.tags.iter().any(|t| t == ESSENTIALS_TAG),
            StudyScope::Deck(id) => deck_id == id,
            StudyScope::Tag(tag) => card.tags.iter().any(|t| t == tag),
            StudyScope::Branch(_) => card.unit.as_deref().is_some_and(|u| self.branch.contains(u)),
        }
    }

    /// The units of a branch scope (empty for other scopes).
    pub fn branch(&self) -> &HashSet<&'a str> {
        &self.branch
    }
}
