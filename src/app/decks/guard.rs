//! Closing a deck or the window: the unsaved-changes guard and what each of its answers does.

use std::path::Path;

use super::{DeckCtx, DecksState, GuardChoice, GuardFor};
use crate::model::recovery;

impl DecksState {
    pub(super) fn close_deck(&mut self, id: &str, ctx: &mut DeckCtx<'_>) {
        let Some(pos) = ctx.library.decks.iter().position(|d| d.deck.id == id) else { return };
        let loaded = ctx.library.decks.remove(pos);
        let session = self.sessions.remove(id);
        let path =
            session.as_ref().and_then(|s| s.path.clone()).or_else(|| loaded.origin.path().map(Path::to_path_buf));
        if let Some(dir) = ctx.data_dir {
            let _ = recovery::discard(dir, id, path.as_deref());
        }
        if let Some(p) = &path {
            ctx.open_files.retain(|f| f != p);
            if let Some(w) = &mut self.watcher {
                w.unwatch(p);
            }
        }
        if ctx.selected_deck.as_deref() == Some(id) {
            *ctx.selected_deck = None;
        }
        self.info(format!("Closed “{}”", loaded.deck.title));
    }

    pub(super) fn answer_guard(&mut self, choice: GuardChoice, ctx: &mut DeckCtx<'_>) {
        let Some(guard) = self.guard.take() else { return };
        match (choice, guard.what) {
            (GuardChoice::Cancel, _) => self.pending_close = None,
            (GuardChoice::Discard, GuardFor::Deck(id)) => self.close_deck(&id, ctx),
            (GuardChoice::Discard, GuardFor::Window) => {
                if let Some(dir) = ctx.data_dir {
                    for (id, s) in &self.sessions {
                        if s.unsaved() {
                            let _ = recovery::discard(dir, id, s.path.as_deref());
                        }
                    }
                }
                self.quit_now = true;
            }
            (GuardChoice::Save, what) => {
                self.pending_close = Some(what);
                self.continue_pending(ctx);
            }
        }
    }

    /// Goes on with a close that waited for saves: saves the next unsaved deck, or closes.
    pub(super) fn continue_pending(&mut self, ctx: &mut DeckCtx<'_>) {
        let Some(what) = self.pending_close.clone() else { return };
        let ids: Vec<String> = match &what {
            GuardFor::Deck(id) => vec![id.clone()],
            GuardFor::Window => ctx.library.decks.iter().map(|d| d.deck.id.clone()).collect(),
        };
        for id in ids {
            if !self.is_unsaved(&id) {
                continue;
            }
            *ctx.selected_deck = Some(id.clone());
            // A save that goes through comes back here for the next deck; one that waits for a path
            // or a confirmation comes back once it is answered.
            self.save_selected(ctx, false);
            return;
        }
        self.pending_close = None;
        match what {
            GuardFor::Deck(id) => self.close_deck(&id, ctx),
            GuardFor::Window => self.quit_now = true,
        }
    }
}
