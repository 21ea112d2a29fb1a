//! Edits to the selected deck, through its undo history; decks made in the app (new, copies, imports).

use std::path::PathBuf;
use std::time::Instant;

use super::{DeckCtx, DecksState, Session};
use crate::model::deck::Deck;
use crate::model::edit::{Change, EditHistory};
use crate::model::library::{LoadedDeck, Origin};

impl DecksState {
    /// The selected deck, if it may be edited (a user deck).
    pub(super) fn editable<'a>(&mut self, ctx: &'a DeckCtx<'_>) -> Option<&'a LoadedDeck> {
        let loaded = self.selected(ctx)?;
        if matches!(loaded.origin, Origin::Bundled(_)) {
            self.info("Bundled decks are read-only: “Duplicate to edit” makes a copy of your own.");
            return None;
        }
        Some(loaded)
    }

    /// Applies an edit to the selected user deck through its history.
    pub(super) fn edit(
        &mut self,
        ctx: &mut DeckCtx<'_>,
        f: impl FnOnce(&mut Deck, &mut EditHistory) -> Result<Change, crate::model::edit::EditError>,
    ) {
        if self.editable(ctx).is_none() {
            return;
        }
        let Some(id) = ctx.selected_deck.clone() else { return };
        if self.session(ctx.library, &id).is_none() {
            return;
        }
        let Some(slot) = ctx.library.decks.iter_mut().find(|d| d.deck.id == id) else { return };
        let Some(session) = self.sessions.get_mut(&id) else { return };
        match f(&mut slot.deck, &mut session.history) {
            Ok(change) => {
                session.index.update(&slot.deck, change);
                session.last_edit = Some(Instant::now());
                session.recovery_due = true;
            }
            Err(e) => self.error(format!("That edit did not fit the deck: {e}"), Vec::new()),
        }
    }

    /// After adding a card: the filters are cleared if they would hide it.
    pub(super) fn clear_filters_for(&mut self, _index: usize, _ctx: &DeckCtx<'_>) {
        self.query.text.clear();
        self.query.tag = None;
        self.branch = None;
    }

    pub(super) fn add_unsaved(&mut self, deck: Deck, ctx: &mut DeckCtx<'_>) {
        let id = deck.id.clone();
        let session = Session::new(&deck, None, EditHistory::unsaved());
        ctx.library.decks.push(LoadedDeck { deck, origin: Origin::File(PathBuf::new()) });
        let mut session = session;
        session.recovery_due = true;
        self.sessions.insert(id.clone(), session);
        *ctx.selected_deck = Some(id);
        self.selected_card = None;
    }
}
