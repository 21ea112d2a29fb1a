//! Opening files: charts and decks (a big one read, checked and indexed for search on a background
//! thread while the window stays live, its progress shown), exams, results files for the class
//! report, and the platform's file dialog.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{AppState, Command, Notice, PathPrompt, PendingDialog, View};
use crate::app::quiz::QuizAction;
use crate::model::Deck;
use crate::model::card_search::CardIndex;
use crate::model::chart::Chart;
use crate::model::deck_file::ContentHash;
use crate::model::file::{Document, Problem, decode_text, read_bytes, struct_name};
use crate::model::library::{Opened, Origin, load_text};
use crate::model::quiz::exam::{EXAM_EXTENSION, RESULT_EXTENSION, load_exam};

/// Chart and deck files at least this big are read, checked and indexed on the opener thread, so
/// that the window opens (or stays live) at once; smaller ones take a few milliseconds and open at once.
pub const BACKGROUND_OPEN_BYTES: u64 = 2 * 1024 * 1024;

/// What the opener thread is doing with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenStage {
    Reading,
    Checking,
    Indexing,
}

impl OpenStage {
    pub fn describe(self) -> &'static str {
        match self {
            OpenStage::Reading => "reading",
            OpenStage::Checking => "checking",
            OpenStage::Indexing => "indexing its cards for search",
        }
    }
}

/// What the window shows while files open in the background.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningStatus {
    /// The file being worked on, as the user named it.
    pub file: String,
    pub stage: OpenStage,
    /// Files waiting after it.
    pub waiting: usize,
    pub elapsed: Duration,
}

/// A file the opener thread has been through.
#[derive(Debug)]
#[allow(clippy::large_enum_variant, reason = "made once per file and sent boxed")]
enum Prepared {
    /// A chart or deck, checked against `chart`, with its text (for positions), its hash (the deck
    /// editor's "changed on disk" check) and, for a deck, its search index.
    Document {
        text: String,
        hash: ContentHash,
        document: Document,
        chart: Box<Chart>,
        index: Option<CardIndex>,
    },
    /// An exam or results file: opened on the UI thread, where the decks are.
    Other {
        text: String,
        kind: Other,
    },
    Failed(Vec<Problem>),
}

#[derive(Debug)]
enum OpenerMsg {
    Stage(OpenStage),
    Done(PathBuf, Box<Prepared>),
}

/// The opener thread and the files sent to it, in order.
#[derive(Debug)]
pub(super) struct Opening {
    jobs: mpsc::Sender<(PathBuf, Chart)>,
    results: mpsc::Receiver<OpenerMsg>,
    queued: VecDeque<PathBuf>,
    stage: OpenStage,
    started: Instant,
}

impl Opening {
    fn start(wake: Option<Box<dyn Fn() + Send>>) -> Option<Self> {
        let (jobs, job_rx) = mpsc::channel::<(PathBuf, Chart)>();
        let (tx, results) = mpsc::channel();
        std::thread::Builder::new()
            .name("file-opener".into())
            .spawn(move || {
                // A chart opened earlier in the same run of files is the one later decks are checked against.
                let mut own_chart: Option<Chart> = None;
                for (path, chart) in job_rx {
                    let chart = own_chart.clone().unwrap_or(chart);
                    let prepared = prepare(&path, chart, &|stage| {
                        let _ = tx.send(OpenerMsg::Stage(stage));
                        if let Some(wake) = &wake {
                            wake();
                        }
                    });
                    if let Prepared::Document { document: Document::Chart(c), .. } = &prepared {
                        own_chart = Some(c.clone());
                    }
                    if tx.send(OpenerMsg::Done(path, Box::new(prepared))).is_err() {
                        break;
                    }
                    if let Some(wake) = &wake {
                        wake();
                    }
                }
            })
            .ok()?;
        Some(Self { jobs, results, queued: VecDeque::new(), stage: OpenStage::Reading, started: Instant::now() })
    }
}

/// A file that is not a chart or deck: opened through the exam or the class report, not the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Other {
    Exam,
    Results,
}

/// Which of the two `text` (the file `name`) is, if either: by its extension or its first struct.
fn other_kind(name: &str, text: Option<&str>) -> Option<Other> {
    let kind = text.and_then(struct_name);
    if kind == Some("ExamResult") {
        Some(Other::Results)
    } else if name.ends_with(&format!(".{EXAM_EXTENSION}")) || kind == Some("Exam") {
        Some(Other::Exam)
    } else {
        None
    }
}

/// Reads, decodes, parses, checks and indexes one file: everything of opening that needs no state.
fn prepare(path: &Path, chart: Chart, stage: &dyn Fn(OpenStage)) -> Prepared {
    let name = path.display().to_string();
    stage(OpenStage::Reading);
    let bytes = match read_bytes(path) {
        Ok(b) => b,
        Err(p) => return Prepared::Failed(vec![p]),
    };
    let hash = ContentHash::of(&bytes);
    let text = match decode_text(&name, bytes) {
        Ok(t) => t,
        Err(p) => return Prepared::Failed(vec![p]),
    };
    if let Some(kind) = other_kind(&name, Some(&text)) {
        return Prepared::Other { text, kind };
    }
    stage(OpenStage::Checking);
    let document = match load_text(&name, &text, &chart) {
        Ok(d) => d,
        Err(p) => return Prepared::Failed(p),
    };
    let index = match &document {
        Document::Deck(deck) => {
            stage(OpenStage::Indexing);
            Some(CardIndex::build(deck))
        }
        Document::Chart(_) => None,
    };
    Prepared::Document { text, hash, document, chart: Box::new(chart), index }
}

impl AppState {
    /// Opens files in the order given: results files (and folders of them) in one class report; a big
    /// chart or deck, and every file after it while it opens, on the opener thread; the rest at once.
    pub(super) fn open_paths(&mut self, paths: Vec<PathBuf>) {
        let mut results = Vec::new();
        for path in paths {
            let name = path.display().to_string();
            if name.ends_with(&format!(".{RESULT_EXTENSION}")) || path.is_dir() {
                results.push(path);
                continue;
            }
            let big = std::fs::metadata(&path).is_ok_and(|m| m.len() >= self.background_open_bytes);
            if big || self.opening.is_some() {
                self.open_in_background(path);
            } else {
                self.open_now(path, &mut results);
            }
        }
        if !results.is_empty() {
            self.handle(Command::Quiz(QuizAction::Report(results)));
            self.view = View::Quiz;
        }
    }

    /// Opens one file on this thread; a results file joins `results`.
    fn open_now(&mut self, path: PathBuf, results: &mut Vec<PathBuf>) {
        let name = path.display().to_string();
        let bytes = read_bytes(&path);
        let hash = bytes.as_ref().ok().map(|b| ContentHash::of(b));
        let text = bytes.and_then(|b| decode_text(&name, b));
        match other_kind(&name, text.as_deref().ok()) {
            Some(Other::Exam) => return self.open_exam_file(&path, text.ok()),
            Some(Other::Results) => return results.push(path),
            None => {}
        }
        let result = text.map_err(|p| vec![p]).and_then(|text| {
            let document = load_text(&name, &text, &self.library.chart)?;
            self.keep_unsaved_edits(&name, &document)?;
            self.library.insert(&name, &text, document, Origin::File(path.clone()))
        });
        if result.is_ok() {
            if !self.open_files.contains(&path) {
                self.open_files.push(path.clone());
            }
            self.decks.file_opened(&path, &self.library, hash, None);
        }
        self.report_opened(&name, result);
    }

    /// Opening a deck whose id has unsaved edits in the editor would put the file's cards over them:
    /// refused, with what to do instead.
    fn keep_unsaved_edits(&self, name: &str, document: &Document) -> Result<(), Vec<Problem>> {
        let Document::Deck(deck) = document else { return Ok(()) };
        if !self.decks.is_unsaved(&deck.id) {
            return Ok(());
        }
        let title = self.library.deck(&deck.id).map_or(deck.title.as_str(), |d| d.title.as_str());
        Err(vec![Problem::new(
            name,
            crate::model::locate::Pos::START,
            format!(
                "the deck “{title}” (id `{}`) has unsaved changes here, which opening this file would \
                 replace: save them (Ctrl+S) or close the deck (Ctrl+W) first",
                deck.id
            ),
        )])
    }

    /// An exam file: checked against the decks here, then the student is asked for a name.
    fn open_exam_file(&mut self, path: &Path, text: Option<String>) {
        let name = path.display().to_string();
        let text = match text.map(Ok).unwrap_or_else(|| crate::model::file::read_text(path)) {
            Ok(t) => t,
            Err(p) => return self.notices.push(Notice::error(format!("Could not open the exam {name}"), &[p])),
        };
        if self.quiz.exam_running() {
            self.notices.push(Notice::error("An exam is in progress; submit it before opening another.", &[]));
            return;
        }
        let chart_deck = self.study.chart_deck().clone();
        let decks: Vec<&Deck> =
            self.library.decks.iter().map(|d| &d.deck).chain(std::iter::once(&chart_deck)).collect();
        match load_exam(&name, &text, &self.library.chart, &decks) {
            Ok(exam) => self.handle(Command::Quiz(QuizAction::OpenExam {
                exam,
                origin: name,
                student: None,
                results_dir: None,
            })),
            Err(problems) => {
                let n = problems.len();
                let title = format!("Could not open the exam {name}: {n} problem{}", if n == 1 { "" } else { "s" });
                self.notices.push(Notice::error(title, &problems));
            }
        }
    }

    pub(super) fn report_opened(&mut self, name: &str, result: Result<Opened, Vec<Problem>>) {
        let notice = match result {
            Ok(Opened::Chart { units }) => Notice::info(format!("Opened chart {name}: {units} units")),
            Ok(Opened::Deck { id, cards, replaced }) => {
                self.selected_deck = Some(id.clone());
                let verb = if replaced { "Reloaded" } else { "Opened" };
                Notice::info(format!("{verb} deck “{id}” from {name}: {} cards", crate::model::text::count(cards)))
            }
            Err(problems) => {
                let n = problems.len();
                Notice::error(
                    format!(
                        "Could not open {name}: {n} problem{}. Everything loaded before is unchanged.",
                        if n == 1 { "" } else { "s" }
                    ),
                    &problems,
                )
            }
        };
        self.notices.push(notice);
    }

    /// Opens the platform's file dialog on a background thread; where none can work, the path field.
    pub(super) fn start_file_dialog(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        if !file_dialog_possible() {
            self.path_prompt = Some(PathPrompt { reason: Some(NO_DIALOG.to_owned()) });
            return;
        }
        let (tx, rx) = mpsc::channel();
        let repaint = self.repaint.clone();
        let spawned = std::thread::Builder::new().name("file-dialog".into()).spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title("Open a chart or deck")
                .add_filter("KZ Civics data (.ron)", &["ron"])
                .add_filter("All files", &["*"])
                .pick_files();
            let _ = tx.send(picked);
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => self.dialog = Some(PendingDialog { result: rx, started: Instant::now() }),
            Err(_) => self.path_prompt = Some(PathPrompt { reason: Some(NO_DIALOG.to_owned()) }),
        }
    }

    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    pub(super) fn poll_dialog(&mut self) {
        let Some(dialog) = &self.dialog else { return };
        match dialog.result.try_recv() {
            Ok(Some(paths)) => {
                self.dialog = None;
                self.open_paths(paths);
                self.library_changed();
            }
            Ok(None) => {
                // rfd answers None both for "cancelled" and for "no dialog could be shown". A None that
                // comes back at once, on a machine without zenity, is the second.
                let quick = dialog.started.elapsed() < Duration::from_millis(1500);
                self.dialog = None;
                if quick && !zenity_installed() {
                    self.path_prompt = Some(PathPrompt { reason: Some(NO_DIALOG.to_owned()) });
                }
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                self.dialog = None;
                self.path_prompt = Some(PathPrompt { reason: Some(NO_DIALOG.to_owned()) });
            }
        }
    }

    /// Whether files are being opened in the background.
    pub fn opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Files are being opened in the background: which, and how far it got.
    pub fn opening_status(&self) -> Option<OpeningStatus> {
        let o = self.opening.as_ref()?;
        let file = o.queued.front()?.display().to_string();
        Some(OpeningStatus { file, stage: o.stage, waiting: o.queued.len() - 1, elapsed: o.started.elapsed() })
    }

    /// Sends a file to the opener thread (started when first needed); files keep their order.
    fn open_in_background(&mut self, path: PathBuf) {
        if self.opening.is_none() {
            match Opening::start(self.waker()) {
                Some(o) => self.opening = Some(o),
                None => return self.open_now(path, &mut Vec::new()),
            }
        }
        let Some(o) = &mut self.opening else { return };
        if o.queued.is_empty() {
            o.started = Instant::now();
            o.stage = OpenStage::Reading;
        }
        if o.jobs.send((path.clone(), self.library.chart.clone())).is_ok() {
            o.queued.push_back(path);
        } else {
            self.opening = None;
            self.open_now(path, &mut Vec::new());
        }
    }

    /// Takes in what the opener thread finished; called once per frame.
    pub(super) fn poll_opening(&mut self) {
        loop {
            let Some(o) = &mut self.opening else { return };
            let msg = match o.results.try_recv() {
                Ok(m) => m,
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => {
                    // The thread is gone (it panicked): say so for every file it held.
                    let lost: Vec<PathBuf> = o.queued.drain(..).collect();
                    self.opening = None;
                    for path in lost {
                        let problem = Problem::new(
                            path.display().to_string(),
                            crate::model::locate::Pos::START,
                            "the file could not be opened (the opener stopped)",
                        );
                        self.report_opened(&path.display().to_string(), Err(vec![problem]));
                    }
                    return;
                }
            };
            match msg {
                OpenerMsg::Stage(stage) => o.stage = stage,
                OpenerMsg::Done(path, prepared) => {
                    o.queued.retain(|p| p != &path);
                    o.stage = OpenStage::Reading;
                    if o.queued.is_empty() {
                        self.opening = None;
                    }
                    self.take_prepared(path, *prepared);
                }
            }
        }
    }

    fn take_prepared(&mut self, path: PathBuf, prepared: Prepared) {
        let name = path.display().to_string();
        match prepared {
            Prepared::Failed(problems) => self.report_opened(&name, Err(problems)),
            Prepared::Other { kind: Other::Results, .. } => {
                self.handle(Command::Quiz(QuizAction::Report(vec![path])));
                self.view = View::Quiz;
            }
            Prepared::Other { text, kind: Other::Exam } => self.open_exam_file(&path, Some(text)),
            Prepared::Document { text, hash, document, chart, index } => {
                // The chart changed while the file was checked: check it again against the one here.
                let document = if *chart == self.library.chart {
                    Ok(document)
                } else {
                    load_text(&name, &text, &self.library.chart)
                };
                let result = document.and_then(|d| {
                    self.keep_unsaved_edits(&name, &d)?;
                    self.library.insert(&name, &text, d, Origin::File(path.clone()))
                });
                drop(text);
                if result.is_ok() {
                    if !self.open_files.contains(&path) {
                        self.open_files.push(path.clone());
                    }
                    self.decks.file_opened(&path, &self.library, Some(hash), index);
                }
                self.report_opened(&name, result);
                self.library_changed();
            }
        }
    }
}

const NO_DIALOG: &str = "No file dialog is available: neither an XDG desktop portal nor zenity answered. \
Type the file's path instead (install the package zenity or xdg-desktop-portal-gtk for a dialog).";

fn zenity_installed() -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()))
}

/// Whether rfd has anything to talk to: zenity, or a D-Bus session where a portal may answer.
fn file_dialog_possible() -> bool {
    if cfg!(target_os = "linux") {
        zenity_installed() || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
    } else {
        true
    }
}
