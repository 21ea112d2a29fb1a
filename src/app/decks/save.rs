//! Saving a deck: to its file, or to a path asked for ("save as"), after a confirmation when the deck
//! has problems.

use std::path::{Path, PathBuf};

use super::{DeckCtx, DecksState, SaveAsPrompt, SaveConfirm, problem_lines};
use crate::model::deck_file;
use crate::model::library::Origin;
use crate::model::recovery;

impl DecksState {
    /// Saves the selected deck to its file; asks where when it has none.
    pub(super) fn save_selected(&mut self, ctx: &mut DeckCtx<'_>, confirmed: bool) {
        let Some(loaded) = self.selected(ctx) else { return };
        if matches!(loaded.origin, Origin::Bundled(_)) {
            return self.info("Bundled decks are read-only: “Duplicate to edit” makes a copy of your own to save.");
        }
        let id = loaded.deck.id.clone();
        match self.sessions.get(&id).and_then(|s| s.path.clone()) {
            Some(path) => self.save_deck(&id, path, confirmed, ctx),
            None => self.open_save_as(ctx),
        }
    }

    /// Opens the "save as" prompt for the selected user deck, with a path to start from.
    pub(super) fn open_save_as(&mut self, ctx: &mut DeckCtx<'_>) {
        let Some(loaded) = self.selected(ctx) else { return };
        if matches!(loaded.origin, Origin::Bundled(_)) {
            return self.info("Bundled decks are read-only: “Duplicate to edit” makes a copy of your own to save.");
        }
        let id = loaded.deck.id.clone();
        let current = self.sessions.get(&id).and_then(|s| s.path.clone());
        let path = current.unwrap_or_else(|| {
            let dir =
                ctx.data_dir.map(|d| d.join("decks")).or_else(|| std::env::current_dir().ok()).unwrap_or_default();
            dir.join(format!("{id}.ron"))
        });
        self.save_as = Some(SaveAsPrompt { deck_id: id, path: path.display().to_string() });
    }

    /// Writes the deck to `path` (after the problems' confirmation, unless `confirmed`), then goes on
    /// with a close that waited for it.
    pub(super) fn save_deck(&mut self, id: &str, path: PathBuf, confirmed: bool, ctx: &mut DeckCtx<'_>) {
        let Some(loaded) = ctx.library.decks.iter().find(|d| d.deck.id == id) else { return };
        if !confirmed {
            let problems = problem_lines(&loaded.deck, ctx.library);
            if !problems.is_empty() {
                self.confirm = Some(SaveConfirm { deck_id: id.to_owned(), path, problems });
                return;
            }
        }
        let title = loaded.deck.title.clone();
        let saved = match deck_file::save(&path, &loaded.deck) {
            Ok(s) => s,
            Err(e) => {
                self.pending_close = None;
                return self.error(format!("Not saved: {e}"), Vec::new());
            }
        };
        let old_path = self.sessions.get(id).and_then(|s| s.path.clone());
        if let Some(slot) = ctx.library.decks.iter_mut().find(|d| d.deck.id == id) {
            slot.origin = Origin::File(path.clone());
        }
        if self.session(ctx.library, id).is_none() {
            return;
        }
        if let Some(s) = self.sessions.get_mut(id) {
            s.history.mark_saved();
            s.path = Some(path.clone());
            s.base_hash = Some(saved.hash);
            s.recovery_due = false;
        }
        if let Some(dir) = ctx.data_dir {
            let _ = recovery::discard(dir, id, old_path.as_deref());
            let _ = recovery::discard(dir, id, Some(&path));
        }
        if let Some(old) = old_path.as_deref().filter(|o| *o != path.as_path()) {
            if let Some(w) = &mut self.watcher {
                w.unwatch(old);
            }
            ctx.open_files.retain(|f| f.as_path() != old);
        }
        if !ctx.open_files.contains(&path) {
            ctx.open_files.push(path.clone());
        }
        self.remember(&path);
        self.watch(&path, saved.hash);
        self.info(format!("Saved “{title}” to {}", display(&path)));
        self.continue_pending(ctx);
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
