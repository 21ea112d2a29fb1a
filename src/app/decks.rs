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
use crate::model::card_search::{CardIndex, CardQuery};
use crate::model::deck::Deck;
use crate::model::deck_file::ContentHash;
use crate::model::edit::{CardField, Change, DeckField, Edit, EditHistory, copy_for_editing, deck_problems, new_deck};
use crate::model::import::{self, Format, Preview};
use crate::model::library::{LoadedDeck, Origin};
use crate::model::recovery::{self, Recovery};
use crate::model::study::Study;
use crate::model::validate::Refs;
use crate::model::watch::{DeckWatcher, FileEvent};

mod editing;
mod files;
mod guard;
mod importing;
mod save;
mod table;

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
/// A format the import dialog offers: its name, and the format.
pub type FormatChoice = (&'static str, fn() -> Format);

pub const IMPORT_FORMATS: [FormatChoice; 5] = [
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
        Self { base_hash, ..Self::with_index(CardIndex::build(deck), path, history) }
    }

    fn with_index(index: CardIndex, path: Option<PathBuf>, history: EditHistory) -> Self {
        Self { history, index, path, base_hash: None, last_edit: None, recovery_due: false }
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

    /// A file was opened (from any way in): it goes to the top of the recent list, and a deck is watched
    /// and gets a fresh editing history. `hash` is of the bytes that were read and `index` the deck's
    /// search index, where the opener made them (each is made here otherwise).
    pub fn file_opened(&mut self, path: &Path, library: &Library, hash: Option<ContentHash>, index: Option<CardIndex>) {
        self.remember(path);
        let Some(loaded) = library.decks.iter().find(|d| d.origin.path() == Some(path)) else { return };
        let id = loaded.deck.id.clone();
        let hash = hash.or_else(|| std::fs::read(path).ok().map(|b| ContentHash::of(&b)));
        let index = index.unwrap_or_else(|| CardIndex::build(&loaded.deck));
        let session =
            Session { base_hash: hash, ..Session::with_index(index, Some(path.to_path_buf()), EditHistory::new()) };
        self.sessions.insert(id, session);
        self.generation += 1;
        if let Some(hash) = hash {
            self.watch(path, hash);
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path);
        self.settings.recent.truncate(RECENT_MAX);
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
