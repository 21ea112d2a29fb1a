//! Deck edits as values: add, change, delete, duplicate a card, change the deck's own fields.
//!
//! An [`Edit`] applies to a deck and returns its inverse, the edit that undoes it, so undo and redo
//! move single cards or single fields in and out of the deck and never copy it. [`EditHistory`] keeps
//! the inverses (undo) and the edits undone (redo) with a marker at the last save, which is what the
//! UI's "unsaved changes" marker reads. Typing in a field is merged into one undo step per field
//! ([`EditHistory::apply_typing`]).
//!
//! Problems of one card as the author types ([`card_problems`]) come from the deck's own validation
//! ([`validate_deck`]) run on that card alone, plus a scan for its id among the others: well under a
//! millisecond on a 100,000-card deck. Progress is kept per card id, so [`Edit::changes_id`] tells the
//! UI when an edit would part a card from its progress.
//!
//! Also here: [`new_deck`] and [`copy_for_editing`] ("Duplicate to edit" on a bundled deck, with a
//! deck id of its own so its progress stays apart), and [`differences`] between two versions of a
//! deck by card id (mine and the one changed on disk, for "show both").
//!
//! The UI's loop for a deck being edited: keep the `Deck`, an [`EditHistory`] and a
//! [`super::card_search::CardIndex`]; send every change through `history.apply` (or `apply_typing`
//! for a text field), `undo` or `redo`, and pass the [`Change`] each returns to
//! `index.update(&deck, change)`; show `card_problems` for the selected card and
//! `has_unsaved_changes()` as the unsaved marker; on save call `deck_file::save` then `mark_saved`.

use serde::{Deserialize, Serialize};

use super::deck::{Card, Deck};
use super::locate::Seg;
use super::validate::{Refs, validate_deck};

/// One field of a card with its new value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CardField {
    Id(String),
    Front(String),
    Back(String),
    Accept(Vec<String>),
    Wrong(Vec<String>),
    Tags(Vec<String>),
    Unit(Option<String>),
    Sources(Vec<String>),
    Note(String),
}

/// Which field of a card: where the form shows a problem, what a [`CardField`] changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FieldKind {
    Id,
    Front,
    Back,
    Accept,
    Wrong,
    Tags,
    Unit,
    Sources,
    Note,
}

impl FieldKind {
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Id,
        FieldKind::Front,
        FieldKind::Back,
        FieldKind::Accept,
        FieldKind::Wrong,
        FieldKind::Tags,
        FieldKind::Unit,
        FieldKind::Sources,
        FieldKind::Note,
    ];

    /// The field's name in a deck file.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Id => "id",
            FieldKind::Front => "front",
            FieldKind::Back => "back",
            FieldKind::Accept => "accept",
            FieldKind::Wrong => "wrong",
            FieldKind::Tags => "tags",
            FieldKind::Unit => "unit",
            FieldKind::Sources => "sources",
            FieldKind::Note => "note",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The card's current value of this field.
    pub fn get(self, card: &Card) -> CardField {
        match self {
            FieldKind::Id => CardField::Id(card.id.clone()),
            FieldKind::Front => CardField::Front(card.front.clone()),
            FieldKind::Back => CardField::Back(card.back.clone()),
            FieldKind::Accept => CardField::Accept(card.accept.clone()),
            FieldKind::Wrong => CardField::Wrong(card.wrong.clone()),
            FieldKind::Tags => CardField::Tags(card.tags.clone()),
            FieldKind::Unit => CardField::Unit(card.unit.clone()),
            FieldKind::Sources => CardField::Sources(card.sources.clone()),
            FieldKind::Note => CardField::Note(card.note.clone()),
        }
    }
}

impl CardField {
    pub fn kind(&self) -> FieldKind {
        match self {
            CardField::Id(_) => FieldKind::Id,
            CardField::Front(_) => FieldKind::Front,
            CardField::Back(_) => FieldKind::Back,
            CardField::Accept(_) => FieldKind::Accept,
            CardField::Wrong(_) => FieldKind::Wrong,
            CardField::Tags(_) => FieldKind::Tags,
            CardField::Unit(_) => FieldKind::Unit,
            CardField::Sources(_) => FieldKind::Sources,
            CardField::Note(_) => FieldKind::Note,
        }
    }

    /// Puts this value into the card and returns the value it replaced (moved, not copied).
    fn swap_into(self, card: &mut Card) -> CardField {
        use std::mem::replace;
        match self {
            CardField::Id(v) => CardField::Id(replace(&mut card.id, v)),
            CardField::Front(v) => CardField::Front(replace(&mut card.front, v)),
            CardField::Back(v) => CardField::Back(replace(&mut card.back, v)),
            CardField::Accept(v) => CardField::Accept(replace(&mut card.accept, v)),
            CardField::Wrong(v) => CardField::Wrong(replace(&mut card.wrong, v)),
            CardField::Tags(v) => CardField::Tags(replace(&mut card.tags, v)),
            CardField::Unit(v) => CardField::Unit(replace(&mut card.unit, v)),
            CardField::Sources(v) => CardField::Sources(replace(&mut card.sources, v)),
            CardField::Note(v) => CardField::Note(replace(&mut card.note, v)),
        }
    }
}

/// One of the deck's own fields with its new value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DeckField {
    /// The deck id: progress is kept per deck id, so this parts every card from its progress.
    Id(String),
    Title(String),
    Description(String),
}

impl DeckField {
    fn swap_into(self, deck: &mut Deck) -> DeckField {
        use std::mem::replace;
        match self {
            DeckField::Id(v) => DeckField::Id(replace(&mut deck.id, v)),
            DeckField::Title(v) => DeckField::Title(replace(&mut deck.title, v)),
            DeckField::Description(v) => DeckField::Description(replace(&mut deck.description, v)),
        }
    }
}

/// A change to a deck. Indices are positions in `deck.cards`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// Insert `card` at `index` (`index == cards.len()` appends).
    Add { index: usize, card: Card },
    /// Remove the card at `index`.
    Delete { index: usize },
    /// Set one field of the card at `index`.
    Set { index: usize, field: CardField },
    /// Set one of the deck's own fields.
    Deck(DeckField),
}

/// An edit that does not fit the deck (an index past its end): nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no card number {} in a deck of {len} cards", index + 1)]
pub struct EditError {
    pub index: usize,
    pub len: usize,
}

/// What an applied edit changed, for views and indexes that follow the deck (the card table, the
/// selection): cheap to copy, no card data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A card was inserted at this index; later cards moved down by one.
    Inserted(usize),
    /// The card at this index was removed; later cards moved up by one.
    Removed(usize),
    /// A field of the card at this index changed.
    Changed(usize, FieldKind),
    /// The deck's title, description or id changed.
    Deck,
}

impl Edit {
    /// Applies the edit and returns its inverse: applying that restores the deck exactly.
    pub fn apply(self, deck: &mut Deck) -> Result<Edit, EditError> {
        let len = deck.cards.len();
        match self {
            Edit::Add { index, card } => {
                if index > len {
                    return Err(EditError { index, len });
                }
                deck.cards.insert(index, card);
                Ok(Edit::Delete { index })
            }
            Edit::Delete { index } => {
                if index >= len {
                    return Err(EditError { index, len });
                }
                let card = deck.cards.remove(index);
                Ok(Edit::Add { index, card })
            }
            Edit::Set { index, field } => {
                let card = deck.cards.get_mut(index).ok_or(EditError { index, len })?;
                Ok(Edit::Set { index, field: field.swap_into(card) })
            }
            Edit::Deck(field) => Ok(Edit::Deck(field.swap_into(deck))),
        }
    }

    /// What this edit changes when applied.
    pub fn change(&self) -> Change {
        match self {
            Edit::Add { index, .. } => Change::Inserted(*index),
            Edit::Delete { index } => Change::Removed(*index),
            Edit::Set { index, field } => Change::Changed(*index, field.kind()),
            Edit::Deck(_) => Change::Deck,
        }
    }

    /// Whether applying this edit changes a card id or the deck id, which parts cards from their
    /// study progress (progress is kept per deck id and card id): the form asks first.
    pub fn changes_id(&self, deck: &Deck) -> bool {
        match self {
            Edit::Set { index, field: CardField::Id(new) } => deck.cards.get(*index).is_some_and(|c| &c.id != new),
            Edit::Deck(DeckField::Id(new)) => &deck.id != new,
            _ => false,
        }
    }

    /// A copy of the card at `index` inserted after it, with a new id (`<id>-copy`, `<id>-copy-2`, ...).
    pub fn duplicate(deck: &Deck, index: usize) -> Result<Edit, EditError> {
        let original = deck.cards.get(index).ok_or(EditError { index, len: deck.cards.len() })?;
        let mut card = original.clone();
        card.id = unused_id(deck, &format!("{}-copy", original.id));
        Ok(Edit::Add { index: index + 1, card })
    }

    /// A new card at the end of the deck with an unused id (`card-1`, `card-2`, ...) and empty fields.
    pub fn new_card(deck: &Deck) -> Edit {
        let id = unused_id(deck, "card");
        let card = Card {
            id,
            front: String::new(),
            back: String::new(),
            accept: Vec::new(),
            wrong: Vec::new(),
            tags: Vec::new(),
            unit: None,
            sources: Vec::new(),
            note: String::new(),
        };
        Edit::Add { index: deck.cards.len(), card }
    }
}

/// A new, empty deck with an id made from its title that `taken` does not refuse (`my-deck`,
/// `my-deck-2`, ...).
pub fn new_deck(title: &str, taken: impl Fn(&str) -> bool) -> Deck {
    let base = super::import::slug(title, "deck");
    Deck {
        version: super::chart::FORMAT_VERSION,
        id: free_id(&base, &taken),
        title: title.to_owned(),
        description: String::new(),
        sources: Vec::new(),
        cards: Vec::new(),
    }
}

/// A user's copy of a deck to edit ("Duplicate to edit" on a bundled deck): the same cards under a new
/// deck id (`<id>-copy`, `<id>-copy-2`, ... whichever `taken` does not refuse), so that its progress is
/// kept apart from the original's (progress is keyed by deck id and card id), and " (copy)" after the
/// title.
pub fn copy_for_editing(deck: &Deck, taken: impl Fn(&str) -> bool) -> Deck {
    let mut copy = deck.clone();
    copy.id = free_id(&format!("{}-copy", deck.id), &taken);
    copy.title = format!("{} (copy)", deck.title);
    copy
}

fn free_id(base: &str, taken: &impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_owned())
}

/// `base` if no card has it, else `base-2`, `base-3`, ... (or `base-1`, `base-2`, ... for "card").
fn unused_id(deck: &Deck, base: &str) -> String {
    let taken: std::collections::HashSet<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
    if base != "card" && !taken.contains(base) {
        return base.to_owned();
    }
    let first = if base == "card" { 1 } else { 2 };
    (first..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(id.as_str())).unwrap_or_else(|| base.to_owned())
}

/// Undo and redo over one deck's edits, with the point of the last save.
///
/// The history holds only edits (inverses on the undo side, the undone edits on the redo side); the
/// deck itself is held by the caller and passed in, so the history never copies it.
#[derive(Debug, Clone, Default)]
pub struct EditHistory {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// The length of `undo` when the deck was last saved (or opened); `None` when that state can no
    /// longer be reached by undo and redo.
    saved_at: Option<usize>,
    /// Whether the last step may absorb the next typing in the same field.
    open_typing: Option<(usize, FieldKind)>,
}

impl EditHistory {
    /// A history for a deck just opened or saved: nothing to undo, no unsaved changes.
    pub fn new() -> Self {
        Self { saved_at: Some(0), ..Self::default() }
    }

    /// A history for a deck that has never been saved (a new deck, an import, a recovered deck): it
    /// has unsaved changes from the start.
    pub fn unsaved() -> Self {
        Self { saved_at: None, ..Self::default() }
    }

    /// Applies `edit` as one undo step; clears what could be redone.
    pub fn apply(&mut self, deck: &mut Deck, edit: Edit) -> Result<Change, EditError> {
        let change = edit.change();
        let inverse = edit.apply(deck)?;
        self.push(inverse);
        self.open_typing = None;
        Ok(change)
    }

    /// Applies a field change made by typing: successive changes to the same field of the same card
    /// make one undo step (undo brings back the value from before the typing started). Any other edit,
    /// undo, redo or save ends the step.
    pub fn apply_typing(&mut self, deck: &mut Deck, index: usize, field: CardField) -> Result<Change, EditError> {
        let kind = field.kind();
        let merge = self.open_typing == Some((index, kind)) && self.saved_at != Some(self.undo.len());
        let edit = Edit::Set { index, field };
        let change = edit.change();
        let inverse = edit.apply(deck)?;
        if merge {
            // The step's inverse already holds the value from before the typing; this one is dropped.
            self.redo.clear();
        } else {
            self.push(inverse);
        }
        self.open_typing = Some((index, kind));
        Ok(change)
    }

    fn push(&mut self, inverse: Edit) {
        if self.saved_at.is_some_and(|s| s > self.undo.len()) {
            // The saved state was on the redo side, which this edit discards.
            self.saved_at = None;
        }
        self.redo.clear();
        self.undo.push(inverse);
    }

    /// Undoes the last step; `None` when there is nothing to undo.
    pub fn undo(&mut self, deck: &mut Deck) -> Option<Change> {
        self.open_typing = None;
        let inverse = self.undo.pop()?;
        let change = inverse.change();
        match inverse.apply(deck) {
            Ok(redo) => {
                self.redo.push(redo);
                Some(change)
            }
            // Only if the deck was changed behind the history's back; the step is dropped.
            Err(_) => None,
        }
    }

    /// Redoes the last undone step; `None` when there is nothing to redo.
    pub fn redo(&mut self, deck: &mut Deck) -> Option<Change> {
        self.open_typing = None;
        let edit = self.redo.pop()?;
        let change = edit.change();
        match edit.apply(deck) {
            Ok(inverse) => {
                self.undo.push(inverse);
                Some(change)
            }
            Err(_) => None,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Marks the deck as it is now as saved.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.undo.len());
        self.open_typing = None;
    }

    /// Whether the deck differs from the last save (as far as edits tell: an edit and its undo count as
    /// no change).
    pub fn has_unsaved_changes(&self) -> bool {
        self.saved_at != Some(self.undo.len())
    }

    /// Forgets every step (after the deck was replaced, say by taking the version on disk).
    pub fn clear(&mut self) {
        *self = Self::new();
    }
}

/// How two versions of a deck differ for one card, matched by card id (for "show both" when a deck
/// changed on disk while it had unsaved edits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The deck's title or description differ.
    Deck,
    /// A card only the first version has (index in it).
    OnlyFirst { id: String, index: usize },
    /// A card only the second version has (index in it).
    OnlySecond { id: String, index: usize },
    /// A card both have, with these fields different (indices in each).
    Changed { id: String, first: usize, second: usize, fields: Vec<FieldKind> },
}

/// The differences between two versions of a deck, card by card (by id), in the first version's order
/// and then the cards only the second has. Cards that moved but did not change are not listed.
pub fn differences(first: &Deck, second: &Deck) -> Vec<Difference> {
    let mut out = Vec::new();
    if first.title != second.title || first.description != second.description || first.id != second.id {
        out.push(Difference::Deck);
    }
    let in_second: std::collections::HashMap<&str, usize> =
        second.cards.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let in_first: std::collections::HashSet<&str> = first.cards.iter().map(|c| c.id.as_str()).collect();
    for (i, a) in first.cards.iter().enumerate() {
        match in_second.get(a.id.as_str()) {
            None => out.push(Difference::OnlyFirst { id: a.id.clone(), index: i }),
            Some(&j) => {
                let b = &second.cards[j];
                let fields: Vec<FieldKind> = FieldKind::ALL.into_iter().filter(|k| k.get(a) != k.get(b)).collect();
                if !fields.is_empty() {
                    out.push(Difference::Changed { id: a.id.clone(), first: i, second: j, fields });
                }
            }
        }
    }
    for (j, b) in second.cards.iter().enumerate() {
        if !in_first.contains(b.id.as_str()) {
            out.push(Difference::OnlySecond { id: b.id.clone(), index: j });
        }
    }
    out
}

/// One problem of a card, for the edit form: which field it is about, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardProblem {
    pub field: FieldKind,
    pub message: String,
}

/// What is wrong with the card at `index`, as the author types: empty front or back, an id that is
/// malformed or used by another card, unknown unit or sources, empty or repeated accepted answers and
/// wrong options. The same checks as `check` (it runs [`validate_deck`] on this card), without
/// validating the rest of the deck.
pub fn card_problems(deck: &Deck, index: usize, refs: &Refs) -> Vec<CardProblem> {
    let Some(card) = deck.cards.get(index) else { return Vec::new() };
    let alone = Deck {
        version: deck.version,
        id: "d".to_owned(),
        title: "t".to_owned(),
        description: String::new(),
        sources: deck.sources.clone(),
        cards: vec![card.clone()],
    };
    let mut problems: Vec<CardProblem> = validate_deck(&alone, refs)
        .into_iter()
        .filter_map(|(path, message)| match path.as_slice() {
            [Seg::Field("cards"), Seg::Index(0), Seg::Field(f), ..] => {
                FieldKind::from_name(f).map(|field| CardProblem { field, message })
            }
            _ => None,
        })
        .collect();
    if let Some(other) = deck.cards.iter().enumerate().position(|(i, c)| i != index && c.id == card.id) {
        problems.push(CardProblem {
            field: FieldKind::Id,
            message: format!("duplicate card id `{}`: card number {} has it too", card.id, other + 1),
        });
    }
    problems.sort_by_key(|p| p.field);
    problems
}

/// Every card's problems, by card index (cards without problems left out), from one run of
/// [`validate_deck`]: for the table's problem marks and the confirmation before saving a deck with
/// problems. Problems of the deck itself (its id, title, sources) come under `None`.
pub fn deck_problems(deck: &Deck, refs: &Refs) -> Vec<(Option<usize>, CardProblem)> {
    validate_deck(deck, refs)
        .into_iter()
        .map(|(path, message)| match path.as_slice() {
            [Seg::Field("cards"), Seg::Index(i), Seg::Field(f), ..] => match FieldKind::from_name(f) {
                Some(field) => (Some(*i), CardProblem { field, message }),
                None => (Some(*i), CardProblem { field: FieldKind::Id, message }),
            },
            [Seg::Field("cards"), Seg::Index(i), ..] => (Some(*i), CardProblem { field: FieldKind::Id, message }),
            _ => (None, CardProblem { field: FieldKind::Id, message }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &str, front: &str) -> Card {
        Card {
            id: id.to_owned(),
            front: front.to_owned(),
            back: "A".to_owned(),
            accept: Vec::new(),
            wrong: Vec::new(),
            tags: Vec::new(),
            unit: None,
            sources: Vec::new(),
            note: String::new(),
        }
    }

    fn deck() -> Deck {
        Deck {
            version: 1,
            id: "d".into(),
            title: "D".into(),
            description: String::new(),
            sources: Vec::new(),
            cards: vec![card("a", "Q1"), card("b", "Q2")],
        }
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step() {
        let mut d = deck();
        let mut h = EditHistory::new();
        for text in ["Q", "Qu", "Que"] {
            h.apply_typing(&mut d, 0, CardField::Front(text.into())).unwrap();
        }
        assert_eq!(h.undo_len(), 1);
        h.undo(&mut d);
        assert_eq!(d, deck());
        assert!(!h.has_unsaved_changes());
    }

    #[test]
    fn typing_after_a_save_starts_a_new_step() {
        let mut d = deck();
        let mut h = EditHistory::new();
        h.apply_typing(&mut d, 0, CardField::Front("X".into())).unwrap();
        h.mark_saved();
        h.apply_typing(&mut d, 0, CardField::Front("XY".into())).unwrap();
        assert!(h.has_unsaved_changes());
        h.undo(&mut d);
        assert_eq!(d.cards[0].front, "X");
        assert!(!h.has_unsaved_changes());
    }

    #[test]
    fn an_edit_after_undoing_past_the_save_leaves_changes_unsaved_for_good() {
        let mut d = deck();
        let mut h = EditHistory::new();
        h.apply(&mut d, Edit::Delete { index: 0 }).unwrap();
        h.mark_saved();
        h.undo(&mut d);
        h.apply(&mut d, Edit::Delete { index: 1 }).unwrap();
        assert!(h.has_unsaved_changes());
        h.undo(&mut d);
        assert!(h.has_unsaved_changes(), "the saved deck cannot be reached any more");
    }

    #[test]
    fn duplicate_gets_a_fresh_id_and_goes_after_the_original() {
        let mut d = deck();
        let e = Edit::duplicate(&d, 0).unwrap();
        e.apply(&mut d).unwrap();
        assert_eq!(d.cards[1].id, "a-copy");
        assert_eq!(d.cards[1].front, "Q1");
        Edit::duplicate(&d, 0).unwrap().apply(&mut d).unwrap();
        assert_eq!(d.cards[1].id, "a-copy-2");
    }

    #[test]
    fn a_copy_for_editing_gets_a_free_deck_id_and_keeps_card_ids() {
        let d = deck();
        let copy = copy_for_editing(&d, |id| id == "d-copy");
        assert_eq!((copy.id.as_str(), copy.title.as_str()), ("d-copy-2", "D (copy)"));
        assert_eq!(copy.cards, d.cards);
        assert_eq!(new_deck("Мои карточки", |_| false).id, "moi-kartochki");
    }

    #[test]
    fn differences_match_cards_by_id() {
        let mine = deck();
        let mut theirs = deck();
        theirs.cards[1].back = "B".into();
        theirs.cards.remove(0);
        theirs.cards.push(card("c", "Q3"));
        assert_eq!(
            differences(&mine, &theirs),
            [
                Difference::OnlyFirst { id: "a".into(), index: 0 },
                Difference::Changed { id: "b".into(), first: 1, second: 0, fields: vec![FieldKind::Back] },
                Difference::OnlySecond { id: "c".into(), index: 1 },
            ]
        );
        assert!(differences(&mine, &deck()).is_empty());
    }

    #[test]
    fn changes_id_only_for_a_different_id() {
        let d = deck();
        assert!(Edit::Set { index: 0, field: CardField::Id("z".into()) }.changes_id(&d));
        assert!(!Edit::Set { index: 0, field: CardField::Id("a".into()) }.changes_id(&d));
        assert!(!Edit::Set { index: 0, field: CardField::Front("z".into()) }.changes_id(&d));
        assert!(Edit::Deck(DeckField::Id("e".into())).changes_id(&d));
    }

    #[test]
    fn out_of_range_edit_changes_nothing() {
        let mut d = deck();
        assert_eq!(Edit::Delete { index: 2 }.apply(&mut d), Err(EditError { index: 2, len: 2 }));
        assert_eq!(
            Edit::Add { index: 3, card: card("c", "Q") }.apply(&mut d).map(|_| ()),
            Err(EditError { index: 3, len: 2 })
        );
        assert_eq!(d, deck());
    }

    #[test]
    fn card_problems_name_the_field() {
        let mut d = deck();
        d.cards[1].id = "a".into();
        d.cards[1].front = " ".into();
        d.cards[1].unit = Some("nowhere".into());
        d.cards[1].sources = vec!["ghost".into()];
        let p = card_problems(&d, 1, &Refs::default());
        let fields: Vec<FieldKind> = p.iter().map(|p| p.field).collect();
        assert_eq!(fields, [FieldKind::Id, FieldKind::Front, FieldKind::Unit, FieldKind::Sources], "{p:?}");
        assert!(p[0].message.contains("card number 1"), "{}", p[0].message);
        assert!(card_problems(&d, 0, &Refs::default()).iter().any(|p| p.field == FieldKind::Id));
    }
}
