//! The deck editor's state: each edited deck's undo history, search index and file, the card table's
//! query and rows, the dialogs (save as, unsaved-changes guard, save with problems, recovery, a file
//! changed on disk, import), and the one place that applies [`DeckAction`]s.
//!
//! Edits go straight into the library's deck (the one Study and Quiz read), through the deck's
//! [`EditHistory`], so undo and redo never copy a deck. Unsaved decks are written to the recovery file
//! a moment after the last edit; open user files are watched and reloaded when they change on disk.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::model::Library;
use crate::model::card_search::{CardIndex, CardQuery, SortColumn, rows, sort_rows_by};
use crate::model::deck::Deck;
use crate::model::deck_file::ContentHash;
use crate::model::edit::{
    CardField, Change, DeckField, Difference, Edit, EditHistory, copy_for_editing, deck_problems, differences, new_deck,
};
use crate::model::file::Document;
use crate::model::import::{self, Format, Preview};
use crate::model::library::{LoadedDeck, Origin, load_text};
use crate::model::recovery::{self, Recovery};
use crate::model::study::Study;
use crate::model::validate::Refs;
use crate::model::watch::{DeckWatcher, FileEvent};

mod save;

/// How long after the last edit the recovery file is written.
pub const RECOVERY_DELAY: Duration = Duration::from_secs(2);
/// Files kept in the recent-files list.
pub const RECENT_MAX: usize = 10;
/// Rows shown in the import preview.
pub const PREVIEW_ROWS: usize = 8;

/// What the Decks view remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecksSettings {
    /// Deck files opened or saved lately, newest first.
    pub recent: Vec<PathBuf>,
}

/// A column of the card table to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Front,
    Back,
    Tags,
    Unit,
    Due,
}

/// An answer to "unsaved changes".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardChoice {
    Save,
    Discard,
    Cancel,
}

/// An answer to "the file changed on disk while you were editing it".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictChoice {
    KeepMine,
    TakeTheirs,
    ShowBoth,
}

/// The formats the import dialog offers; `None` there is "detect".
pub const IMPORT_FORMATS: [(&str, fn() -> Format); 5] = [
    ("Anki text export (.txt)", || Format::AnkiText),
    ("Anki package (.apkg)", || Format::Apkg),
    ("Quizlet export (tab, new line)", || Format::Quizlet(Default::default())),
    ("Quizlet export (comma, semicolon)", || {
        Format::Quizlet(import::QuizletOptions { between_term_and_definition: ",".into(), between_rows: ";".into() })
    }),
    ("CSV with a header row", || Format::Csv),
];

/// Everything the Decks view can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum DeckAction {
    SelectCard(Option<usize>),
    Search(String),
    FilterTag(Option<String>),
    /// Only cards about this unit and the units below it.
    FilterBranch(Option<String>),
    /// Sort by a column; the same column again reverses the order.
    SortBy(SortKey),
    /// A field of the selected deck's card at `index`, as typed (merged into one undo step per field).
    SetField {
        index: usize,
        field: CardField,
    },
    SetDeck(DeckField),
    AddCard,
    DeleteCard,
    DuplicateCard,
    Undo,
    Redo,
    NewDeck,
    /// A user copy of the selected (bundled) deck, with its own deck id.
    DuplicateToEdit,
    Save,
    /// Asks where to save the selected deck.
    SaveAs,
    /// Saves the deck of the open "save as" to this path.
    SaveTo(PathBuf),
    /// The "save as" path, as typed or chosen.
    SaveAsPath(String),
    BrowseSaveAs,
    CancelSaveAs,
    /// Saves the deck despite the problems listed.
    ConfirmSaveWithProblems,
    CancelSaveWithProblems,
    /// Closes the selected user deck (asks first when it has unsaved changes).
    Close,
    /// The window was asked to close with unsaved changes.
    CloseWindow,
    Guard(GuardChoice),
    Conflict(ConflictChoice),
    /// Restore or discard the unsaved edits found at start (by their position in the offer).
    Restore(usize),
    DiscardRecovered(usize),
    OpenImport,
    ImportPath(String),
    BrowseImport,
    ImportFormat(Option<usize>),
    Import,
    CloseImport,
}

/// One deck being edited (or searched).
#[derive(Debug)]
pub struct Session {
    pub history: EditHistory,
    pub index: CardIndex,
    /// Where Save writes; `None` for a deck never saved (new, duplicated, imported).
    pub path: Option<PathBuf>,
    /// The hash of the file as last read or written.
    pub base_hash: Option<ContentHash>,
    last_edit: Option<Instant>,
    /// Edits not yet in the recovery file.
    recovery_due: bool,
}

impl Session {
    fn new(deck: &Deck, path: Option<PathBuf>, history: EditHistory) -> Self {
        let base_hash = path.as_deref().and_then(|p| std::fs::read(p).ok()).map(|b| ContentHash::of(&b));
        Self { history, index: CardIndex::build(deck), path, base_hash, last_edit: None, recovery_due: false }
    }

    pub fn unsaved(&self) -> bool {
        self.history.has_unsaved_changes()
    }
}

/// The "save as" prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveAsPrompt {
    pub deck_id: String,
    pub path: String,
}

/// A save waiting for "save anyway": the deck's problems, one line each.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveConfirm {
    pub deck_id: String,
    pub path: PathBuf,
    pub problems: Vec<String>,
}

/// What to do once the guard's question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum GuardFor {
    Deck(String),
    Window,
}

/// "Unsaved changes: Save / Discard / Cancel".
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    pub what: GuardFor,
    /// The titles of the decks with unsaved changes.
    pub decks: Vec<String>,
}

/// An open deck changed on disk while it had unsaved edits.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub deck_id: String,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub hash: ContentHash,
    /// After "show both": how the two differ, one line each (or why theirs cannot be read).
    pub both: Option<Vec<String>>,
}

/// The import dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDialog {
    pub path: String,
    /// An index into [`IMPORT_FORMATS`]; `None` detects the format.
    pub format: Option<usize>,
    pub preview: Option<Result<Preview, String>>,
    /// The whole file read as it would be imported: the cards and the rows that would be skipped.
    pub imported: Option<import::Imported>,
}

/// A message for the notices, as the app state shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckMessage {
    pub error: bool,
    pub text: String,
    pub lines: Vec<String>,
}

/// What [`DecksState::handle`] works on besides its own state.
pub struct DeckCtx<'a> {
    pub library: &'a mut Library,
    pub study: &'a Study,
    pub selected_deck: &'a mut Option<String>,
    pub open_files: &'a mut Vec<PathBuf>,
    pub data_dir: Option<&'a Path>,
}

/// A file dialog running on its own thread.
#[derive(Debug)]
struct Pending {
    result: mpsc::Receiver<Option<PathBuf>>,
    purpose: Purpose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    SaveAs,
    Import,
}

/// The Decks view's state.
#[derive(Debug, Default)]
pub struct DecksState {
    pub settings: DecksSettings,
    pub sessions: HashMap<String, Session>,
    /// The selected card, as an index into the selected deck's cards.
    pub selected_card: Option<usize>,
    pub query: CardQuery,
    pub sort: Option<(SortKey, bool)>,
    /// The unit whose branch filters the table.
    pub branch: Option<String>,
    /// The table's rows: indices into the selected deck's cards, in order.
    pub rows: Vec<usize>,
    rows_key: Option<(String, usize, u64)>,
    generation: u64,
    pub save_as: Option<SaveAsPrompt>,
    pub confirm: Option<SaveConfirm>,
    pub guard: Option<Guard>,
    pub conflict: Option<Conflict>,
    /// Unsaved edits from an earlier session, offered at start.
    pub recovered: Vec<(PathBuf, Recovery)>,
    pub import: Option<ImportDialog>,
    /// The window may close (the guard was answered).
    pub allow_close: bool,
    /// The window should close now (set after the guard's Save or Discard).
    pub quit_now: bool,
    pending_close: Option<GuardFor>,
    dialog: Option<Pending>,
    watcher: Option<DeckWatcher>,
    /// Why the watcher could not start, said once.
    watch_failed: bool,
    messages: Vec<DeckMessage>,
    pub recovery_delay: Duration,
    /// Cards due now in each deck, by deck id.
    due: HashMap<String, usize>,
    due_key: Option<(u64, u64, u64)>,
    /// Incremented to put the keyboard in the search field (Ctrl+F).
    pub search_focus: u64,
    wake: Option<egui::Context>,
}

impl DecksState {
    /// The state at start: what eframe remembered, and the recovery files left by an earlier session.
    pub fn new(settings: DecksSettings, data_dir: Option<&Path>, now: crate::model::scheduler::Timestamp) -> Self {
        let mut state = Self { settings, recovery_delay: RECOVERY_DELAY, ..Self::default() };
        if let Some(dir) = data_dir {
            let found = recovery::read_all(dir, now);
            state.recovered = found.recovered;
            for p in found.problems {
                state.error(p.message(), Vec::new());
            }
        }
        state
    }

    pub fn set_repaint_context(&mut self, ctx: egui::Context) {
        self.wake = Some(ctx);
    }

    pub fn take_messages(&mut self) -> Vec<DeckMessage> {
        std::mem::take(&mut self.messages)
    }

    fn info(&mut self, text: impl Into<String>) {
        self.messages.push(DeckMessage { error: false, text: text.into(), lines: Vec::new() });
    }

    fn error(&mut self, text: impl Into<String>, lines: Vec<String>) {
        self.messages.push(DeckMessage { error: true, text: text.into(), lines });
    }

    /// Whether any deck has unsaved changes.
    pub fn any_unsaved(&self) -> bool {
        self.sessions.values().any(Session::unsaved)
    }

    /// Cards of the deck due for review now.
    pub fn due_count(&self, deck_id: &str) -> usize {
        self.due.get(deck_id).copied().unwrap_or(0)
    }

    /// Counts the due cards again when progress or the decks changed, or a minute passed.
    fn refresh_due(&mut self, library: &Library, study: &Study) {
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

    pub fn is_unsaved(&self, deck_id: &str) -> bool {
        self.sessions.get(deck_id).is_some_and(Session::unsaved)
    }

    /// Where the deck is saved: its session's path, else its file.
    pub fn path_of<'a>(&'a self, loaded: &'a LoadedDeck) -> Option<&'a Path> {
        match self.sessions.get(&loaded.deck.id) {
            Some(s) => s.path.as_deref(),
            None => loaded.origin.path().filter(|p| !p.as_os_str().is_empty()),
        }
    }

    /// A dialog of this view is open (its keys should not work the table behind it).
    pub fn modal_open(&self) -> bool {
        self.save_as.is_some()
            || self.confirm.is_some()
            || self.guard.is_some()
            || self.conflict.is_some()
            || !self.recovered.is_empty()
            || self.import.is_some()
    }

    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// A file was opened (from any way in): it is watched and goes to the top of the recent list; a
    /// deck it replaced starts a fresh history.
    pub fn file_opened(&mut self, path: &Path, library: &Library) {
        self.remember(path);
        let Some(loaded) = library.decks.iter().find(|d| d.origin.path() == Some(path)) else { return };
        let id = loaded.deck.id.clone();
        self.sessions.insert(id, Session::new(&loaded.deck, Some(path.to_path_buf()), EditHistory::new()));
        self.generation += 1;
        if let Ok(bytes) = std::fs::read(path) {
            self.watch(path, ContentHash::of(&bytes));
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path);
        self.settings.recent.truncate(RECENT_MAX);
    }

    fn watch(&mut self, path: &Path, hash: ContentHash) {
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

    fn selected<'a>(&self, ctx: &'a DeckCtx<'_>) -> Option<&'a LoadedDeck> {
        let id = ctx.selected_deck.as_deref()?;
        ctx.library.decks.iter().find(|d| d.deck.id == id)
    }

    /// The session of a deck, made when first needed.
    fn session(&mut self, library: &Library, deck_id: &str) -> Option<&mut Session> {
        if !self.sessions.contains_key(deck_id) {
            let loaded = library.decks.iter().find(|d| d.deck.id == deck_id)?;
            let path = loaded.origin.path().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf);
            self.sessions.insert(deck_id.to_owned(), Session::new(&loaded.deck, path, EditHistory::new()));
        }
        self.sessions.get_mut(deck_id)
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

    /// Background work: file dialogs, the watcher, the recovery file. Called once per frame.
    pub fn poll(&mut self, ctx: &mut DeckCtx<'_>) {
        if let Some(pending) = &self.dialog {
            match pending.result.try_recv() {
                Ok(picked) => {
                    let purpose = pending.purpose;
                    self.dialog = None;
                    if let Some(path) = picked {
                        let text = path.display().to_string();
                        match purpose {
                            Purpose::SaveAs => self.handle(DeckAction::SaveAsPath(text), ctx),
                            Purpose::Import => self.handle(DeckAction::ImportPath(text), ctx),
                        }
                    }
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => self.dialog = None,
            }
        }
        let events: Vec<FileEvent> =
            self.watcher.as_ref().map(|w| std::iter::from_fn(|| w.try_recv()).collect()).unwrap_or_default();
        for event in events {
            self.file_event(event, ctx);
        }
        if let Some(dir) = ctx.data_dir {
            self.write_recovery(ctx.library, dir, false);
        }
        self.refresh_due(ctx.library, ctx.study);
        self.sync(ctx.library, ctx.selected_deck.as_deref(), ctx.study);
    }

    /// Writes the recovery file of each deck edited since its last one (after [`Self::recovery_delay`]
    /// unless `now`).
    pub fn write_recovery(&mut self, library: &Library, data_dir: &Path, now: bool) {
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

    fn file_event(&mut self, event: FileEvent, ctx: &mut DeckCtx<'_>) {
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

    fn reload(&mut self, id: &str, path: &Path, bytes: Vec<u8>, hash: ContentHash, ctx: &mut DeckCtx<'_>) {
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

    /// The one place that applies the Decks view's actions.
    pub fn handle(&mut self, action: DeckAction, ctx: &mut DeckCtx<'_>) {
        self.generation += 1;
        match action {
            DeckAction::SelectCard(i) => self.selected_card = i,
            DeckAction::Search(text) => self.query.text = text,
            DeckAction::FilterTag(tag) => self.query.tag = tag,
            DeckAction::FilterBranch(unit) => self.branch = unit,
            DeckAction::SortBy(key) => {
                self.sort = match self.sort {
                    Some((k, false)) if k == key => Some((key, true)),
                    Some((k, true)) if k == key => None,
                    _ => Some((key, false)),
                }
            }
            DeckAction::SetField { index, field } => {
                // Typing in a text field is one undo step per field; a pick from a list is one step.
                let typed = matches!(
                    field,
                    CardField::Front(_)
                        | CardField::Back(_)
                        | CardField::Accept(_)
                        | CardField::Wrong(_)
                        | CardField::Tags(_)
                        | CardField::Note(_)
                );
                self.edit(ctx, |deck, history| {
                    if typed {
                        history.apply_typing(deck, index, field)
                    } else {
                        history.apply(deck, Edit::Set { index, field })
                    }
                });
            }
            DeckAction::SetDeck(field) => self.edit(ctx, |deck, history| history.apply(deck, Edit::Deck(field))),
            DeckAction::AddCard => {
                let Some(loaded) = self.editable(ctx) else { return };
                let edit = Edit::new_card(&loaded.deck);
                let at = loaded.deck.cards.len();
                self.edit(ctx, |deck, history| history.apply(deck, edit));
                self.selected_card = Some(at);
                self.clear_filters_for(at, ctx);
            }
            DeckAction::DeleteCard => {
                let Some(index) = self.selected_card else { return };
                if self.editable(ctx).is_none() {
                    return;
                }
                self.edit(ctx, |deck, history| history.apply(deck, Edit::Delete { index }));
                let len = self.selected(ctx).map_or(0, |d| d.deck.cards.len());
                self.selected_card = if len == 0 { None } else { Some(index.min(len - 1)) };
            }
            DeckAction::DuplicateCard => {
                let Some(index) = self.selected_card else { return };
                let Some(loaded) = self.editable(ctx) else { return };
                let Ok(edit) = Edit::duplicate(&loaded.deck, index) else { return };
                self.edit(ctx, |deck, history| history.apply(deck, edit));
                self.selected_card = Some(index + 1);
            }
            DeckAction::Undo | DeckAction::Redo => {
                let redo = action == DeckAction::Redo;
                let Some(id) = ctx.selected_deck.clone() else { return };
                let Some(slot) = ctx.library.decks.iter_mut().find(|d| d.deck.id == id) else { return };
                let Some(session) = self.sessions.get_mut(&id) else { return };
                let change =
                    if redo { session.history.redo(&mut slot.deck) } else { session.history.undo(&mut slot.deck) };
                if let Some(change) = change {
                    session.index.update(&slot.deck, change);
                    session.last_edit = Some(Instant::now());
                    session.recovery_due = true;
                    let len = slot.deck.cards.len();
                    self.selected_card = match change {
                        Change::Inserted(i) | Change::Changed(i, _) => Some(i),
                        Change::Removed(i) if len > 0 => Some(i.min(len - 1)),
                        Change::Removed(_) => None,
                        Change::Deck => self.selected_card,
                    };
                }
            }
            DeckAction::NewDeck => {
                let taken: HashSet<String> = ctx.library.decks.iter().map(|d| d.deck.id.clone()).collect();
                let deck = new_deck("New deck", |id| taken.contains(id));
                self.add_unsaved(deck, ctx);
            }
            DeckAction::DuplicateToEdit => {
                let Some(loaded) = self.selected(ctx) else { return };
                let taken: HashSet<String> = ctx.library.decks.iter().map(|d| d.deck.id.clone()).collect();
                let copy = copy_for_editing(&loaded.deck, |id| taken.contains(id));
                self.add_unsaved(copy, ctx);
                self.info("A copy to edit, with its own progress. Save it to keep it (Ctrl+S).");
            }
            DeckAction::Save => self.save_selected(ctx, false),
            DeckAction::SaveAs => self.open_save_as(ctx),
            DeckAction::SaveAsPath(text) => {
                if let Some(p) = &mut self.save_as {
                    p.path = text;
                }
            }
            DeckAction::SaveTo(path) => {
                let Some(prompt) = self.save_as.take() else { return };
                self.save_deck(&prompt.deck_id, path, false, ctx);
            }
            DeckAction::BrowseSaveAs => self.browse(Purpose::SaveAs),
            DeckAction::CancelSaveAs => {
                self.save_as = None;
                self.pending_close = None;
            }
            DeckAction::ConfirmSaveWithProblems => {
                let Some(c) = self.confirm.take() else { return };
                self.save_deck(&c.deck_id, c.path, true, ctx);
            }
            DeckAction::CancelSaveWithProblems => {
                self.confirm = None;
                self.pending_close = None;
            }
            DeckAction::Close => {
                let Some(loaded) = self.selected(ctx) else { return };
                if matches!(loaded.origin, Origin::Bundled(_)) {
                    return self.info("Bundled decks stay loaded; they are read-only.");
                }
                let id = loaded.deck.id.clone();
                if self.is_unsaved(&id) {
                    self.guard = Some(Guard { what: GuardFor::Deck(id), decks: vec![loaded.deck.title.clone()] });
                } else {
                    self.close_deck(&id, ctx);
                }
            }
            DeckAction::CloseWindow => {
                let decks: Vec<String> = ctx
                    .library
                    .decks
                    .iter()
                    .filter(|d| self.is_unsaved(&d.deck.id))
                    .map(|d| d.deck.title.clone())
                    .collect();
                if decks.is_empty() {
                    self.quit_now = true;
                } else {
                    self.guard = Some(Guard { what: GuardFor::Window, decks });
                }
            }
            DeckAction::Guard(choice) => self.answer_guard(choice, ctx),
            DeckAction::Conflict(choice) => self.answer_conflict(choice, ctx),
            DeckAction::Restore(i) => self.restore(i, ctx),
            DeckAction::DiscardRecovered(i) => {
                if i < self.recovered.len() {
                    let (file, r) = self.recovered.remove(i);
                    if let Err(e) = recovery::discard_file(&file) {
                        self.error(format!("Could not remove {}: {e}", file.display()), Vec::new());
                    } else {
                        self.info(format!("Discarded the unsaved edits of “{}”", r.deck.title));
                    }
                }
            }
            DeckAction::OpenImport => {
                if self.import.is_none() {
                    self.import =
                        Some(ImportDialog { path: String::new(), format: None, preview: None, imported: None });
                }
            }
            DeckAction::ImportPath(text) => {
                if let Some(d) = &mut self.import {
                    d.path = text;
                    d.preview = None;
                    self.preview_import();
                }
            }
            DeckAction::ImportFormat(format) => {
                if let Some(d) = &mut self.import {
                    d.format = format.filter(|&i| i < IMPORT_FORMATS.len());
                    self.preview_import();
                }
            }
            DeckAction::BrowseImport => self.browse(Purpose::Import),
            DeckAction::Import => self.import(ctx),
            DeckAction::CloseImport => self.import = None,
        }
        self.sync(ctx.library, ctx.selected_deck.as_deref(), ctx.study);
    }

    /// The selected deck, if it may be edited (a user deck).
    fn editable<'a>(&mut self, ctx: &'a DeckCtx<'_>) -> Option<&'a LoadedDeck> {
        let loaded = self.selected(ctx)?;
        if matches!(loaded.origin, Origin::Bundled(_)) {
            self.info("Bundled decks are read-only: “Duplicate to edit” makes a copy of your own.");
            return None;
        }
        Some(loaded)
    }

    /// Applies an edit to the selected user deck through its history.
    fn edit(
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
    fn clear_filters_for(&mut self, _index: usize, _ctx: &DeckCtx<'_>) {
        self.query.text.clear();
        self.query.tag = None;
        self.branch = None;
    }

    fn add_unsaved(&mut self, deck: Deck, ctx: &mut DeckCtx<'_>) {
        let id = deck.id.clone();
        let session = Session::new(&deck, None, EditHistory::unsaved());
        ctx.library.decks.push(LoadedDeck { deck, origin: Origin::File(PathBuf::new()) });
        let mut session = session;
        session.recovery_due = true;
        self.sessions.insert(id.clone(), session);
        *ctx.selected_deck = Some(id);
        self.selected_card = None;
    }

    fn close_deck(&mut self, id: &str, ctx: &mut DeckCtx<'_>) {
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

    fn answer_guard(&mut self, choice: GuardChoice, ctx: &mut DeckCtx<'_>) {
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
    fn continue_pending(&mut self, ctx: &mut DeckCtx<'_>) {
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

    fn answer_conflict(&mut self, choice: ConflictChoice, ctx: &mut DeckCtx<'_>) {
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

    fn restore(&mut self, i: usize, ctx: &mut DeckCtx<'_>) {
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

    fn browse(&mut self, purpose: Purpose) {
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

    fn preview_import(&mut self) {
        let Some(d) = &mut self.import else { return };
        let path = PathBuf::from(d.path.trim());
        d.imported = None;
        if d.path.trim().is_empty() || !path.is_file() {
            d.preview = None;
            return;
        }
        let format = d.format.and_then(|i| IMPORT_FORMATS.get(i)).map(|(_, f)| f());
        d.preview = Some(import::preview(&path, format.clone(), PREVIEW_ROWS).map_err(|e| e.to_string()));
        if matches!(d.preview, Some(Ok(_))) {
            match import::import(&path, format) {
                Ok(imported) => d.imported = Some(imported),
                Err(e) => d.preview = Some(Err(e.to_string())),
            }
        }
    }

    fn import(&mut self, ctx: &mut DeckCtx<'_>) {
        let Some(d) = &mut self.import else { return };
        let path = PathBuf::from(d.path.trim());
        let format = d.format.and_then(|i| IMPORT_FORMATS.get(i)).map(|(_, f)| f());
        let result = match d.imported.take() {
            Some(imported) => Ok(imported),
            None => import::import(&path, format),
        };
        match result {
            Ok(imported) => {
                self.import = None;
                let mut deck = imported.deck.clone();
                let taken: HashSet<String> = ctx.library.decks.iter().map(|d| d.deck.id.clone()).collect();
                if taken.contains(&deck.id) {
                    deck.id =
                        (2..).map(|n| format!("{}-{n}", deck.id)).find(|id| !taken.contains(id)).unwrap_or_default();
                }
                let summary =
                    format!("Imported {}: {}. Save it to keep it (Save as…).", path.display(), imported.summary());
                self.add_unsaved(deck, ctx);
                if imported.problems.is_empty() {
                    self.info(summary);
                } else {
                    self.error(summary, imported.problems.iter().map(ToString::to_string).collect());
                }
            }
            Err(e) => {
                if let Some(d) = &mut self.import {
                    d.preview = Some(Err(e.to_string()));
                }
            }
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

/// The problems of a deck, one line each, as the save confirmation names them.
pub fn problem_lines(deck: &Deck, library: &Library) -> Vec<String> {
    let refs = Refs::of_chart(&library.chart);
    deck_problems(deck, &refs)
        .into_iter()
        .map(|(card, p)| match card {
            Some(i) => format!(
                "card {} ({}): {}: {}",
                i + 1,
                deck.cards.get(i).map_or("", |c| c.id.as_str()),
                p.field.name(),
                p.message
            ),
            None => format!("the deck: {}", p.message),
        })
        .collect()
}
