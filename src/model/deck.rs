//! Decks of flashcards.

use serde::{Deserialize, Serialize};

use super::chart::Source;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    pub version: u32,
    /// Stable identifier; progress is kept per deck id and card id.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Sources cited by this deck's cards, in addition to the chart's.
    #[serde(default)]
    pub sources: Vec<Source>,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Stable identifier within the deck.
    pub id: String,
    pub front: String,
    pub back: String,
    /// Further answers accepted when the answer is typed (spelling variants, numerals).
    #[serde(default)]
    pub accept: Vec<String>,
    /// Wrong options written by the author for multiple-choice questions; used before generated ones.
    #[serde(default)]
    pub wrong: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The chart unit the card is about.
    #[serde(default)]
    pub unit: Option<String>,
    /// Ids of the sources the card's answer comes from (the deck's or the chart's).
    #[serde(default)]
    pub sources: Vec<String>,
    /// Context shown with the answer: who said it and when, a conflicting source, a spelling.
    #[serde(default)]
    pub note: String,
}

impl Card {
    /// The back and every accepted alternative.
    pub fn answers(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.back.as_str()).chain(self.accept.iter().map(String::as_str))
    }
}

impl Deck {
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// Every distinct tag in the deck, sorted.
    pub fn tags(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = self.cards.iter().flat_map(|c| c.tags.iter().map(String::as_str)).collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }
}
