//! The deck files: watching them, reloading one changed on disk (or asking, when it has unsaved
//! edits), the recovery file of unsaved edits and restoring it, and the file dialogs.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::{Conflict, ConflictChoice, DeckCtx, DecksState, Pending, Purpose, Session};
use crate::model::Library;
use crate::model::deck::Deck;
use crate::model::deck_file::ContentHash;
use crate::model::edit::{Difference, EditHistory, differences};
use crate::model::file::Document;
use crate::model::library::{LoadedDeck, Origin, load_text};
use crate::model::recovery::{self, Recovery};
use crate::model::watch::{DeckWatcher, FileEvent};

impl DecksState {
    pub(super) fn watch(&mut self, path: &Path, hash: ContentHash) {
        if self.watcher.is_none() && !self.watch_failed {
            let wake = self.wake.clone();
            let waker: Option<Box<dyn Fn() + Send>> = wake.map(|c| Box::new(move || c.request_repaint()) as _);
            match DeckWatcher::new(waker) {
                Ok(w) => self.watcher = Some(w),
                Err(e) => {
                    self.watch_failed = true;
                    self.error(
                        format!("Changes made to deck files outside the app will not be noticed: {e}"),
                        Vec::new(),
                    );
                }
            }
        }
        if let Some(w) = &mut self.watcher {
            if w.is_watched(path) {
                w.note_content(path, hash);
            } else if let Err(e) = w.watch(path, hash) {
                self.error(format!("Changes to {} will not be noticed: {e}", path.display()), Vec::new());
            }
        }
    }

    /// Writes the recovery file of each deck edited since its last one (after [`Self::recovery_delay`]
    /// unless `now`).
    pub(super) fn write_recovery(&mut self, library: &Library, data_dir: &Path, now: bool) {
        let delay = self.recovery_delay;
        let mut failed = Vec::new();
        for (id, s) in &mut self.sessions {
            let quiet = s.last_edit.is_none_or(|t| t.elapsed() >= delay);
            if !s.recovery_due || !(quiet || now) {
                continue;
            }
            s.recovery_due = false;
            let Some(deck) = library.deck(id) else { continue };
            if !s.unsaved() {
                let _ = recovery::discard(data_dir, id, s.path.as_deref());
                continue;
            }
            let r = Recovery {
                deck: deck.clone(),
                path: s.path.clone(),
                base_hash: s.base_hash,
                written_at: std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64),
            };
            if let Err(e) = recovery::write(data_dir, &r) {
                failed.push(format!("Unsaved edits of “{}” could not be kept for recovery: {e}", deck.title));
            }
        }
        for f in failed {
            self.error(f, Vec::new());
        }
    }

    pub(super) fn file_event(&mut self, event: FileEvent, ctx: &mut DeckCtx<'_>) {
        let path = event.path().to_path_buf();
        let Some(loaded) = ctx.library.decks.iter().find(|d| d.origin.path() == Some(path.as_path())) else {
            return;
        };
        let id = loaded.deck.id.clone();
        let title = loaded.deck.title.clone();
        match event {
            FileEvent::Changed { bytes, hash, .. } => {
                if self.is_unsaved(&id) {
                    self.conflict = Some(Conflict { deck_id: id, path, bytes, hash, both: None });
                } else {
                    self.reload(&id, &path, bytes, hash, ctx);
                }
            }
            FileEvent::Removed { .. } => {
                self.info(format!("The file of “{title}”, {}, was removed; Save writes it again.", path.display()));
            }
            FileEvent::Unreadable { error, .. } => {
                self.error(format!("{} changed on disk and cannot be read: {error}", path.display()), Vec::new());
            }
        }
    }

    pub(super) fn reload(&mut self, id: &str, path: &Path, bytes: Vec<u8>, hash: ContentHash, ctx: &mut DeckCtx<'_>) {
        if let Some(w) = &self.watcher {
            w.note_content(path, hash);
        }
        match ctx.library.reload(path, bytes) {
            Ok(_) => {
                let Some(loaded) = ctx.library.decks.iter().find(|d| d.origin.path() == Some(path)) else { return };
                let new_id = loaded.deck.id.clone();
                self.sessions.remove(id);
                let mut session = Session::new(&loaded.deck, Some(path.to_path_buf()), EditHistory::new());
                session.base_hash = Some(hash);
                self.sessions.insert(new_id.clone(), session);
                if ctx.selected_deck.as_deref() == Some(id) {
                    *ctx.selected_deck = Some(new_id);
                }
                if let Some(dir) = ctx.data_dir {
                    let _ = recovery::discard(dir, id, Some(path));
                }
                self.generation += 1;
                self.info(format!("Reloaded {}: it changed on disk", path.display()));
            }
            Err(problems) => {
                let n = problems.len();
                self.error(
                    format!(
                        "{} changed on disk and has {n} problem{}; the last good version stays loaded",
                        path.display(),
                        if n == 1 { "" } else { "s" }
                    ),
                    problems.iter().map(ToString::to_string).collect(),
                );
            }
        }
    }

    pub(super) fn answer_conflict(&mut self, choice: ConflictChoice, ctx: &mut DeckCtx<'_>) {
        let Some(mut conflict) = self.conflict.take() else { return };
        match choice {
            ConflictChoice::KeepMine => {
                if let Some(w) = &self.watcher {
                    w.note_content(&conflict.path, conflict.hash);
                }
                if let Some(s) = self.sessions.get_mut(&conflict.deck_id) {
                    s.base_hash = Some(conflict.hash);
                }
                self.info("Your edits are kept; saving will replace the version on disk.");
            }
            ConflictChoice::TakeTheirs => {
                let Conflict { deck_id, path, bytes, hash, .. } = conflict;
                self.reload(&deck_id, &path, bytes, hash, ctx);
            }
            ConflictChoice::ShowBoth => {
                let name = conflict.path.display().to_string();
                let text = String::from_utf8_lossy(&conflict.bytes);
                let lines = match (load_text(&name, &text, &ctx.library.chart), ctx.library.deck(&conflict.deck_id)) {
                    (Ok(Document::Deck(theirs)), Some(mine)) => describe(mine, &theirs),
                    (Ok(Document::Chart(_)), _) => vec!["The file on disk now holds a chart, not a deck.".into()],
                    (Err(problems), _) => {
                        let mut l = vec!["The version on disk cannot be loaded:".to_owned()];
                        l.extend(problems.iter().map(ToString::to_string));
                        l
                    }
                    (_, None) => Vec::new(),
                };
                conflict.both = Some(lines);
                self.conflict = Some(conflict);
            }
        }
    }

    pub(super) fn restore(&mut self, i: usize, ctx: &mut DeckCtx<'_>) {
        if i >= self.recovered.len() {
            return;
        }
        let (_, r) = self.recovered.remove(i);
        let id = r.deck.id.clone();
        let changed = r.file_changed_since();
        let origin = r.path.clone().map_or(Origin::File(PathBuf::new()), Origin::File);
        let loaded = LoadedDeck { deck: r.deck, origin };
        let mut session = Session::new(&loaded.deck, r.path.clone(), EditHistory::unsaved());
        session.base_hash = r.base_hash;
        match ctx.library.decks.iter_mut().find(|d| d.deck.id == id) {
            Some(slot) => *slot = loaded,
            None => ctx.library.decks.push(loaded),
        }
        self.sessions.insert(id.clone(), session);
        if let Some(p) = &r.path
            && let Ok(bytes) = std::fs::read(p)
        {
            if let Some(s) = self.sessions.get_mut(&id) {
                s.base_hash = r.base_hash;
            }
            self.watch(p, ContentHash::of(&bytes));
            if !ctx.open_files.contains(p) {
                ctx.open_files.push(p.clone());
            }
        }
        *ctx.selected_deck = Some(id);
        self.selected_card = None;
        if changed {
            self.info("Restored your unsaved edits. The file changed on disk since: saving will replace it.");
        } else {
            self.info("Restored your unsaved edits; save to keep them.");
        }
    }

    pub(super) fn browse(&mut self, purpose: Purpose) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let wake = self.wake.clone();
        let spawned = std::thread::Builder::new().name("deck-file-dialog".into()).spawn(move || {
            let dialog = rfd::FileDialog::new();
            let picked = match purpose {
                Purpose::SaveAs => dialog.set_title("Save the deck as").add_filter("Deck (.ron)", &["ron"]).save_file(),
                Purpose::Import => dialog
                    .set_title("Import a deck")
                    .add_filter("Anki, Quizlet or CSV", &["txt", "apkg", "colpkg", "csv", "tsv"])
                    .add_filter("All files", &["*"])
                    .pick_file(),
            };
            let _ = tx.send(picked);
            if let Some(c) = wake {
                c.request_repaint();
            }
        });
        match spawned {
            Ok(_) => self.dialog = Some(Pending { result: rx, purpose }),
            Err(e) => self.error(format!("No file dialog: {e}; type the path instead."), Vec::new()),
        }
    }
}

/// "Show both": how my version differs from theirs, one line each.
fn describe(mine: &Deck, theirs: &Deck) -> Vec<String> {
    let diffs = differences(mine, theirs);
    if diffs.is_empty() {
        return vec!["The two versions hold the same cards.".to_owned()];
    }
    diffs
        .iter()
        .map(|d| match d {
            Difference::Deck => "The deck's title, description or id differ.".to_owned(),
            Difference::OnlyFirst { id, index } => {
                format!("Only yours: card {} “{}”", index + 1, mine.cards.get(*index).map_or(id.as_str(), |c| &c.front))
            }
            Difference::OnlySecond { id, index } => format!(
                "Only on disk: card {} “{}”",
                index + 1,
                theirs.cards.get(*index).map_or(id.as_str(), |c| &c.front)
            ),
            Difference::Changed { id, fields, second, .. } => {
                let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                let theirs_front = theirs.cards.get(*second).map_or("", |c| c.front.as_str());
                format!("Both, different {}: “{id}” (on disk: “{theirs_front}”)", names.join(", "))
            }
        })
        .collect()
}
