//! The application state and the one place that changes it: [`AppState::handle`].

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::chart::{ChartCommand, ChartSettings, ChartState};
use super::command::{Scope, UiCommand};
use super::decks::{DeckAction, DeckCtx, DecksSettings, DecksState};
use super::quiz::{QuizAction, QuizSettings, QuizState};
use super::settings::{LookSettings, SettingsCommand, SettingsState};
use super::stats::{StatsSettings, StatsState};
use crate::model::file::Problem;
use crate::model::quiz::QuizCommand;
use crate::model::study::{Clock, Study, StudyCommand, StudyScope, StudySettings};
use crate::model::{Deck, Library};

mod opening;
mod ui_commands;

pub use opening::{BACKGROUND_OPEN_BYTES, OpenStage, OpeningStatus};

/// The five views of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum View {
    #[default]
    Chart,
    Study,
    Quiz,
    Decks,
    Stats,
}

impl View {
    pub const ALL: [View; 5] = [View::Chart, View::Study, View::Quiz, View::Decks, View::Stats];

    /// The shortcut scope live while this view shows.
    pub fn scope(self) -> Scope {
        match self {
            View::Chart => Scope::Chart,
            View::Study => Scope::Study,
            View::Quiz => Scope::Quiz,
            View::Decks => Scope::Decks,
            View::Stats => Scope::Stats,
        }
    }

    pub fn command(self) -> UiCommand {
        match self {
            View::Chart => UiCommand::ShowChart,
            View::Study => UiCommand::ShowStudy,
            View::Quiz => UiCommand::ShowQuiz,
            View::Decks => UiCommand::ShowDecks,
            View::Stats => UiCommand::ShowStats,
        }
    }
}

/// Everything a view can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Ui(UiCommand),
    Show(View),
    /// Open chart or deck files (from the command line, a dialog, the path field, or a drop).
    OpenPaths(Vec<PathBuf>),
    /// A file dropped without a path (its bytes only).
    OpenBytes {
        name: String,
        bytes: Vec<u8>,
    },
    DismissNotice(usize),
    /// An error from outside the model (the platform could not hand over a file).
    ShowError(String),
    CloseHelp,
    /// The first-run welcome: shown, closed (and not shown again), or closed to start on the Essentials.
    OpenWelcome,
    CloseWelcome,
    StartEssentials,
    ClosePathPrompt,
    SelectUnit(Option<String>),
    SelectDeck(Option<String>),
    /// Show a unit on the chart (from a card's answer, a search result, a relation link).
    ShowUnit(String),
    /// Study the cards about a unit and everything below it ("Study this branch").
    StudyBranch(String),
    /// Quiz on the cards about a unit and everything below it ("Quiz this branch").
    QuizBranch(String),
    ClearDeckFilter,
    /// Show an answer, grade, undo, choose what to study (handled by [`Study::handle`]).
    Study(StudyCommand),
    /// Search, collapse, move around the chart (handled by [`ChartState::handle`]).
    Chart(ChartCommand),
    /// Quizzes, exams and the class report (handled by [`QuizState::handle`]).
    Quiz(QuizAction),
    /// The missed questions of a quiz, to Study: each card graded Again there.
    StudyMissed,
    SetStatsScope(StudyScope),
    SetStatsDays(usize),
    /// The Settings window: look, data folder, scheduling jobs (handled in `settings.rs`).
    Settings(SettingsCommand),
    /// The deck editor (handled by [`DecksState::handle`]).
    Decks(DeckAction),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

/// A message shown under the tab bar until dismissed (errors) or for a few seconds (info).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    /// For errors: one `PATH:LINE:COLUMN: message` line per problem.
    pub lines: Vec<String>,
    pub shown_at: Instant,
}

impl Notice {
    pub const INFO_SECONDS: f32 = 6.0;

    pub(super) fn info(title: impl Into<String>) -> Self {
        Self { kind: NoticeKind::Info, title: title.into(), lines: Vec::new(), shown_at: Instant::now() }
    }

    fn error(title: impl Into<String>, problems: &[Problem]) -> Self {
        Self {
            kind: NoticeKind::Error,
            title: title.into(),
            lines: problems.iter().map(ToString::to_string).collect(),
            shown_at: Instant::now(),
        }
    }
}

/// The path field shown when no file dialog is available, or on request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathPrompt {
    /// Why the field is shown instead of a dialog, if it is.
    pub reason: Option<String>,
}

/// A native file dialog running on its own thread.
#[derive(Debug)]
struct PendingDialog {
    result: mpsc::Receiver<Option<Vec<PathBuf>>>,
    started: Instant,
}

/// What is remembered between runs (through eframe's storage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub view: View,
    /// Files the user opened, reopened at the next start.
    pub open_files: Vec<PathBuf>,
    pub study: StudySettings,
    pub study_scope: StudyScope,
    pub chart: ChartSettings,
    pub quiz: QuizSettings,
    pub stats: StatsSettings,
    /// The first-run welcome was dismissed.
    pub welcome_seen: bool,
    /// Theme and UI scale.
    pub look: LookSettings,
    pub decks: DecksSettings,
}

#[derive(Debug)]
pub struct AppState {
    pub library: Library,
    pub view: View,
    pub notices: Vec<Notice>,
    pub help_open: bool,
    /// The welcome window shows.
    pub welcome_open: bool,
    welcome_seen: bool,
    pub path_prompt: Option<PathPrompt>,
    pub selected_unit: Option<String>,
    pub selected_deck: Option<String>,
    /// Files opened by the user in this or earlier runs.
    pub open_files: Vec<PathBuf>,
    /// Where progress and results are written; `None` writes nothing (tests, or no home directory).
    pub data_dir: Option<PathBuf>,
    /// The Decks view shows only cards about this unit and the units below it.
    pub deck_filter_unit: Option<String>,
    /// Flashcards: progress, today's queue, the card on screen.
    pub study: Study,
    /// The chart view: collapsed units, the year shown, the search, the layout.
    pub chart: ChartState,
    /// Quizzes and exams.
    pub quiz: QuizState,
    /// The Stats view's figures (and the chart's mastery overlay's).
    pub stats: StatsState,
    /// The Settings window: theme, scale, and the scheduling jobs.
    pub settings: SettingsState,
    /// Incremented to ask the chart view to put the keyboard in its search field.
    pub search_focus: u64,
    /// The deck editor.
    pub decks: DecksState,
    /// Decks were edited since Study last took the library in.
    decks_edited: bool,
    dialog: Option<PendingDialog>,
    /// Big files being opened on the opener thread.
    opening: Option<opening::Opening>,
    /// Chart and deck files at least this big open in the background ([`BACKGROUND_OPEN_BYTES`]).
    pub background_open_bytes: u64,
    /// Used to wake the UI when a background job finishes; absent in pure model tests.
    repaint: Option<egui::Context>,
}

impl AppState {
    /// The bundled data; if it is broken (a developer's mistake) the app still starts, empty, and says so.
    pub fn new(persisted: Persisted, data_dir: Option<PathBuf>) -> Self {
        let (library, notice) = match Library::bundled() {
            Ok(lib) => (lib, None),
            Err(problems) => (Library::empty(), Some(Notice::error("The bundled data has problems", &problems))),
        };
        let study = Study::open(persisted.study, persisted.study_scope, Clock::System, data_dir.clone(), &library);
        let chart = ChartState::new(&library.chart, persisted.chart);
        let quiz = QuizState::new(persisted.quiz, &library.chart);
        let stats = StatsState::new(persisted.stats);
        let settings = SettingsState::new(persisted.look);
        let decks = DecksState::new(persisted.decks, data_dir.as_deref(), study.now());
        let mut state = Self {
            library,
            view: persisted.view,
            notices: notice.into_iter().collect(),
            help_open: false,
            welcome_open: false,
            welcome_seen: persisted.welcome_seen,
            path_prompt: None,
            selected_unit: None,
            selected_deck: None,
            open_files: Vec::new(),
            data_dir,
            deck_filter_unit: None,
            study,
            chart,
            quiz,
            stats,
            settings,
            search_focus: 0,
            decks,
            decks_edited: false,
            dialog: None,
            opening: None,
            background_open_bytes: BACKGROUND_OPEN_BYTES,
            repaint: None,
        };
        let remembered: Vec<PathBuf> = persisted.open_files.into_iter().filter(|p| p.exists()).collect();
        if !remembered.is_empty() {
            state.open_paths(remembered);
            state.library_changed();
        }
        state.study_messages();
        state.deck_messages();
        state
    }

    pub fn set_repaint_context(&mut self, ctx: egui::Context) {
        let wake = ctx.clone();
        self.study.set_waker(Box::new(move || wake.request_repaint()));
        self.decks.set_repaint_context(ctx.clone());
        self.repaint = Some(ctx);
    }

    /// A callback that wakes the UI from another thread (`None` without a UI).
    pub(super) fn waker(&self) -> Option<Box<dyn Fn() + Send>> {
        let ctx = self.repaint.clone()?;
        Some(Box::new(move || ctx.request_repaint()))
    }

    pub fn persisted(&self) -> Persisted {
        Persisted {
            view: self.view,
            open_files: self.open_files.clone(),
            study: self.study.settings().clone(),
            study_scope: self.study.scope().clone(),
            chart: self.chart.settings(),
            quiz: self.quiz.settings.clone(),
            stats: self.stats.settings.clone(),
            welcome_seen: self.welcome_seen,
            look: self.settings.look,
            decks: self.decks.settings.clone(),
        }
    }

    fn quiz_messages(&mut self) {
        for m in self.quiz.take_messages() {
            let notice = if m.error { Notice::error(m.text, &[]) } else { Notice::info(m.text) };
            self.notices.push(notice);
        }
    }

    /// Turns what the deck editor has to tell the user into notices.
    fn deck_messages(&mut self) {
        for m in self.decks.take_messages() {
            let notice =
                if m.error { Notice { lines: m.lines, ..Notice::error(m.text, &[]) } } else { Notice::info(m.text) };
            self.notices.push(notice);
        }
    }

    /// Runs a deck editor action, with the library and the rest it works on.
    fn deck_action(&mut self, action: DeckAction) {
        let mut ctx = DeckCtx {
            library: &mut self.library,
            study: &self.study,
            selected_deck: &mut self.selected_deck,
            open_files: &mut self.open_files,
            data_dir: self.data_dir.as_deref(),
        };
        self.decks.handle(action, &mut ctx);
        self.decks_edited = true;
        self.deck_messages();
    }

    /// Turns what the study model has to tell the user into notices.
    fn study_messages(&mut self) {
        for m in self.study.take_messages() {
            let notice = if m.error { Notice::error(m.text, &[]) } else { Notice::info(m.text) };
            self.notices.push(notice);
        }
    }

    /// The one way in for changes.
    pub fn handle(&mut self, command: Command) {
        match command {
            Command::Ui(c) => self.handle_ui(c),
            Command::Show(view) => self.view = view,
            Command::OpenPaths(paths) => {
                self.open_paths(paths);
                self.library_changed();
            }
            Command::OpenBytes { name, bytes } => {
                let result = self.library.open_bytes(&name, bytes);
                self.report_opened(&name, result);
                self.library_changed();
            }
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::ShowError(text) => self.notices.push(Notice::error(text, &[])),
            Command::CloseHelp => self.help_open = false,
            Command::OpenWelcome => self.welcome_open = true,
            Command::CloseWelcome => {
                self.welcome_open = false;
                self.welcome_seen = true;
            }
            Command::StartEssentials => {
                self.handle(Command::CloseWelcome);
                self.study.handle(StudyCommand::SetScope(StudyScope::Essentials));
                self.view = View::Study;
            }
            Command::ClosePathPrompt => self.path_prompt = None,
            Command::SelectUnit(id) => self.selected_unit = id,
            Command::SelectDeck(id) => self.selected_deck = id,
            Command::ShowUnit(id) => {
                self.view = View::Chart;
                self.chart.handle(&self.library.chart, &mut self.selected_unit, ChartCommand::Focus(id));
            }
            Command::Chart(c) => self.chart.handle(&self.library.chart, &mut self.selected_unit, c),
            Command::StudyBranch(id) => {
                self.study.handle(StudyCommand::SetScope(StudyScope::Branch(id)));
                self.view = View::Study;
            }
            Command::Study(c) => {
                self.study.handle(c);
                self.study_messages();
            }
            Command::QuizBranch(id) => {
                if !self.quiz.exam_running() {
                    self.handle(Command::Quiz(QuizAction::NewQuiz));
                    self.handle(Command::Quiz(QuizAction::SetScope(StudyScope::Branch(id))));
                    self.view = View::Quiz;
                }
            }
            Command::Quiz(action) => {
                let starts_exam = matches!(action, QuizAction::OpenExam { .. } | QuizAction::TryExam);
                let now = self.study.now();
                let key = crate::model::study::fingerprint(&self.library);
                let chart_deck = self.study.chart_deck().clone();
                let decks: Vec<&Deck> =
                    self.library.decks.iter().map(|d| &d.deck).chain(std::iter::once(&chart_deck)).collect();
                self.quiz.handle(action, &self.library, &decks, key, now, self.data_dir.as_deref());
                if starts_exam {
                    self.view = View::Quiz;
                    self.help_open = false;
                }
                self.quiz_messages();
            }
            Command::SetStatsScope(scope) => self.stats.set_scope(scope),
            Command::SetStatsDays(days) => self.stats.set_days(days),
            Command::StudyMissed => {
                let cards: Vec<(String, String)> = self
                    .quiz
                    .session
                    .as_ref()
                    .map(|s| {
                        s.missed()
                            .into_iter()
                            .flat_map(|(q, _, _)| q.about.iter().map(|a| (a.deck.clone(), a.card.clone())))
                            .collect()
                    })
                    .unwrap_or_default();
                let n = cards.len();
                self.study.handle(StudyCommand::Relearn(cards));
                self.study_messages();
                self.notices.push(Notice::info(format!(
                    "{n} card{} to relearn: graded Again in Study, where {} now due",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "it is" } else { "they are" }
                )));
                self.view = View::Study;
            }
            Command::ClearDeckFilter => self.deck_filter_unit = None,
            Command::Settings(c) => self.handle_settings(c),
            Command::Decks(action) => self.deck_action(action),
        }
    }

    fn answer(&mut self, c: QuizCommand) {
        self.handle(Command::Quiz(QuizAction::Answer(c)));
    }

    /// Keeps the study session and the chart in step with the library after files were opened.
    fn library_changed(&mut self) {
        self.study.library_changed(&self.library);
        self.chart.chart_changed(&self.library.chart);
        self.quiz.chart_changed(&self.library.chart);
        if self.selected_unit.as_deref().is_some_and(|id| self.library.chart.unit(id).is_none()) {
            self.selected_unit = None;
        }
    }

    /// Background work (files being opened, a file dialog's answer, saves) and keeping the study session
    /// current; called once per frame.
    pub fn poll(&mut self) {
        self.settings.poll();
        self.study.tick(&self.library);
        self.study_messages();
        let now = self.study.now();
        self.quiz.tick(now, &self.library.chart, self.data_dir.as_deref());
        self.quiz_messages();
        // Figures only when something shows them, and only when out of date.
        let view = self.view == View::Stats;
        let overlay = self.view == View::Chart && self.chart.mastery;
        if view || overlay {
            self.stats.refresh(view, overlay, &self.study, &self.library, self.data_dir.as_deref());
        }
        let mut ctx = DeckCtx {
            library: &mut self.library,
            study: &self.study,
            selected_deck: &mut self.selected_deck,
            open_files: &mut self.open_files,
            data_dir: self.data_dir.as_deref(),
        };
        self.decks.poll(&mut ctx);
        self.deck_messages();
        // Edited cards reach Study and Quiz once the Decks view is left.
        if self.decks_edited && self.view != View::Decks {
            self.decks_edited = false;
            self.library_changed();
        }
        self.poll_dialog();
        self.poll_opening();
    }

    /// Drops info notices older than a few seconds.
    pub fn expire_notices(&mut self) {
        self.notices
            .retain(|n| n.kind == NoticeKind::Error || n.shown_at.elapsed().as_secs_f32() < Notice::INFO_SECONDS);
    }
}
