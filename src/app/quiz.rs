//! The Quiz view's state: the practice quiz being set up or taken, the exam a teacher is setting up,
//! the exam a student is taking (and where its results went), the class report, and the chart the
//! quiz's chart questions are drawn on. It changes only through [`QuizState::handle`]; no egui here.

use std::path::{Path, PathBuf};

use super::chart::{CameraMove, ChartSettings, ChartState};
use crate::model::chart_cards::CHART_DECK_ID;
use crate::model::quiz::distractors::Pool;
use crate::model::quiz::exam::{EXAM_EXTENSION, EXAM_VERSION, ExamFile, ExamResult, fingerprint};
use crate::model::quiz::generate::{QuizSpec, generate_with};
use crate::model::quiz::report::{ClassReport, report_paths};
use crate::model::quiz::{AlmostPolicy, Body, ExamRun, Kind, Leniency, Phase, Question, QuizCommand, Session};
use crate::model::scheduler::Timestamp;
use crate::model::study::StudyScope;
use crate::model::{Chart, Deck, Library};

/// A practice quiz's settings, remembered between runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct QuizSettings {
    pub scope: StudyScope,
    pub count: usize,
    pub kinds: Vec<Kind>,
    pub leniency: Leniency,
}

impl Default for QuizSettings {
    fn default() -> Self {
        Self {
            scope: StudyScope::All,
            count: 10,
            kinds: vec![Kind::Choice, Kind::TrueFalse, Kind::Typed, Kind::Matching, Kind::Chart],
            leniency: Leniency::Forgiving,
        }
    }
}

/// The exam a teacher is setting up.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamDesign {
    pub title: String,
    pub scope: StudyScope,
    pub count: usize,
    pub kinds: Vec<Kind>,
    /// 0 for no time limit.
    pub minutes: u32,
    pub almost: AlmostPolicy,
    pub seed: u64,
}

impl ExamDesign {
    fn new(scope: StudyScope, seed: u64) -> Self {
        Self {
            title: "Exam".to_owned(),
            scope,
            count: 20,
            kinds: vec![Kind::Choice, Kind::TrueFalse, Kind::Typed],
            minutes: 20,
            almost: AlmostPolicy::Half,
            seed,
        }
    }

    /// The exam file for the decks at hand: every loaded deck (and the chart's questions if chart
    /// questions are asked for or the scope is the chart's own deck).
    pub fn exam_file(&self, chart: &Chart, decks: &[&Deck]) -> ExamFile {
        let mut ids: Vec<String> =
            decks.iter().map(|d| d.id.clone()).filter(|id| id != CHART_DECK_ID).collect::<Vec<_>>();
        ids.push(CHART_DECK_ID.to_owned());
        if let StudyScope::Deck(id) = &self.scope {
            ids.retain(|d| d == id || (d == CHART_DECK_ID && self.kinds.contains(&Kind::Chart)));
        }
        let mut exam = ExamFile {
            version: EXAM_VERSION,
            title: self.title.trim().to_owned(),
            scope: self.scope.clone(),
            decks: ids,
            count: self.count,
            kinds: self.kinds.clone(),
            minutes: (self.minutes > 0).then_some(self.minutes),
            almost: self.almost,
            seed: self.seed,
            fingerprint: None,
        };
        let questions = exam.questions(chart, decks).questions;
        exam.fingerprint = Some(fingerprint(&questions));
        exam
    }
}

/// An exam opened for a student, before it starts: the name is asked first.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingExam {
    pub exam: ExamFile,
    pub questions: Vec<Question>,
    /// Where the exam came from (a file path, or "the command line").
    pub origin: String,
    pub student: String,
    /// The decks here made other questions than where the exam was set up.
    pub differs: bool,
}

/// Where an exam's results went.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Pending,
    At(PathBuf),
    Failed(String),
    /// No data folder and no results folder: nothing is written (tests, or no home directory).
    Nowhere,
}

/// An exam being taken or just finished.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamContext {
    pub exam: ExamFile,
    pub results_dir: Option<PathBuf>,
    pub saved: Saved,
    /// The results as written, once finished.
    pub result: Option<ExamResult>,
    /// The attempt exported as CSV.
    pub csv: Option<Result<PathBuf, String>>,
}

/// Everything the Quiz view can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum QuizAction {
    SetScope(StudyScope),
    SetCount(usize),
    SetKind(Kind, bool),
    SetLeniency(Leniency),
    /// Start a practice quiz with the settings.
    Start,
    /// An answer, a key press, a move (handled by [`Session::handle`]).
    Answer(QuizCommand),
    /// The missed questions of the last quiz, again.
    RetryMissed,
    /// Back to the settings.
    NewQuiz,
    OpenDesigner,
    CloseDesigner,
    Design(ExamDesign),
    /// Write the designed exam to this file.
    SaveExam(PathBuf),
    /// Take the designed exam here, now.
    TryExam,
    /// An exam file was opened (or given on the command line); the student's name comes next.
    OpenExam {
        exam: ExamFile,
        origin: String,
        student: Option<String>,
        results_dir: Option<PathBuf>,
    },
    SetStudent(String),
    BeginExam,
    CancelExam,
    /// Back from an exam's results to the quiz settings.
    CloseExam,
    ExportResultCsv,
    /// Try again to write the results file, after it could not be written (a read-only or full folder).
    RetrySaveResults,
    /// Read results files and folders into the class report.
    Report(Vec<PathBuf>),
    OpenReport,
    CloseReport,
    ExportReportCsv,
}

/// What the quiz has to tell the user (shown as notices).
#[derive(Debug, Clone, PartialEq)]
pub struct QuizMessage {
    pub error: bool,
    pub text: String,
}

#[derive(Debug)]
pub struct QuizState {
    pub settings: QuizSettings,
    pub session: Option<Session>,
    /// Said under the settings when the last start made fewer questions than asked for, or none.
    pub shortfall: Option<String>,
    pub designer: Option<ExamDesign>,
    /// Where the last designed exam was saved.
    pub designed_at: Option<Result<PathBuf, String>>,
    pub pending: Option<PendingExam>,
    pub exam: Option<ExamContext>,
    /// The report screen is showing (with its last report, if any).
    pub report_open: bool,
    pub report: Option<ClassReport>,
    pub report_paths: Vec<PathBuf>,
    pub report_csv: Option<Result<PathBuf, String>>,
    /// The chart the quiz's chart questions are drawn on: every unit shown, no year.
    pub chart: ChartState,
    /// Incremented when a new question shows, for the view to reset its camera and focus.
    pub question_seq: u64,
    pool: Option<(u64, Pool)>,
    messages: Vec<QuizMessage>,
}

/// Where results are kept by default, under the user's data folder.
pub const EXAMS_DIR: &str = "exams";

impl QuizState {
    pub fn new(settings: QuizSettings, chart: &Chart) -> Self {
        Self {
            settings,
            session: None,
            shortfall: None,
            designer: None,
            designed_at: None,
            pending: None,
            exam: None,
            report_open: false,
            report: None,
            report_paths: Vec::new(),
            report_csv: None,
            chart: quiz_chart(chart),
            question_seq: 0,
            pool: None,
            messages: Vec::new(),
        }
    }

    pub fn take_messages(&mut self) -> Vec<QuizMessage> {
        std::mem::take(&mut self.messages)
    }

    /// An exam is being taken (not yet finished): the window shows nothing else.
    pub fn exam_running(&self) -> bool {
        self.exam.is_some() && self.session.as_ref().is_some_and(|s| s.is_exam() && s.phase() != Phase::Finished)
    }

    pub fn chart_changed(&mut self, chart: &Chart) {
        self.chart = quiz_chart(chart);
        self.pool = None;
    }

    /// The distractor pool for the decks at hand, built once per library.
    fn pool(&mut self, key: u64, chart: &Chart, decks: &[&Deck]) -> &Pool {
        if self.pool.as_ref().is_none_or(|(k, _)| *k != key) {
            let cards = decks.iter().flat_map(|d| d.cards.iter().map(move |c| (d.id.as_str(), c)));
            self.pool = Some((key, Pool::build(chart, cards)));
        }
        &self.pool.get_or_insert_with(|| (key, Pool::default())).1
    }

    /// Applies an action. `decks` are the loaded decks and the chart's questions; `now` the clock's
    /// time; `data_dir` where results go when the exam names no folder.
    #[allow(clippy::too_many_arguments)]
    pub fn handle(
        &mut self,
        action: QuizAction,
        library: &Library,
        decks: &[&Deck],
        library_key: u64,
        now: Timestamp,
        data_dir: Option<&Path>,
    ) {
        let chart = &library.chart;
        match action {
            QuizAction::SetScope(scope) => self.settings.scope = scope,
            QuizAction::SetCount(n) => self.settings.count = n.clamp(1, 100),
            QuizAction::SetKind(kind, on) => {
                if on && !self.settings.kinds.contains(&kind) {
                    self.settings.kinds.push(kind);
                    self.settings.kinds.sort();
                } else if !on && self.settings.kinds.len() > 1 {
                    self.settings.kinds.retain(|k| *k != kind);
                }
            }
            QuizAction::SetLeniency(l) => self.settings.leniency = l,
            QuizAction::Start => {
                let spec = QuizSpec {
                    scope: self.settings.scope.clone(),
                    count: self.settings.count,
                    kinds: self.settings.kinds.clone(),
                    seed: now as u64 ^ 0x5eed,
                };
                let generated = generate_with(&spec, chart, decks, self.pool(library_key, chart, decks));
                let n = generated.questions.len();
                self.shortfall = if n == 0 {
                    Some(if generated.cards_in_scope == 0 {
                        "No card is in this selection. Choose other cards, or open a deck.".to_owned()
                    } else {
                        "No question of the chosen kinds could be made from these cards. Choose more kinds.".to_owned()
                    })
                } else if n < spec.count {
                    Some(format!("Only {n} questions could be made from this selection."))
                } else {
                    None
                };
                if n > 0 {
                    self.session = Some(Session::practice(generated.questions, self.settings.leniency));
                    self.question_seq += 1;
                    self.aim_camera();
                }
            }
            QuizAction::Answer(c) => {
                let before = self.session.as_ref().map(|s| (s.position(), s.phase()));
                if let Some(s) = &mut self.session {
                    s.handle(c, now);
                }
                self.after_session_change(before, chart, data_dir);
            }
            QuizAction::RetryMissed => {
                if let Some(s) = &self.session {
                    let missed: Vec<Question> = s.missed().into_iter().map(|(q, _, _)| q.clone()).collect();
                    if !missed.is_empty() {
                        self.session = Some(Session::practice(missed, self.settings.leniency));
                        self.question_seq += 1;
                        self.aim_camera();
                    }
                }
            }
            QuizAction::NewQuiz => {
                self.session = None;
                self.shortfall = None;
            }
            QuizAction::OpenDesigner => {
                self.designer = Some(ExamDesign::new(self.settings.scope.clone(), (now as u64) % 1_000_000));
                self.designed_at = None;
            }
            QuizAction::CloseDesigner => self.designer = None,
            QuizAction::Design(d) => self.designer = Some(d),
            QuizAction::SaveExam(path) => {
                let Some(design) = &self.designer else { return };
                let exam = design.exam_file(chart, decks);
                let path = with_exam_extension(path);
                let written = exam
                    .to_ron()
                    .map_err(|e| e.to_string())
                    .and_then(|text| {
                        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                        }
                        crate::model::progress::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())
                    })
                    .map(|()| path.clone());
                if let Err(e) = &written {
                    self.messages.push(QuizMessage {
                        error: true,
                        text: format!("Could not save the exam to {}: {e}", path.display()),
                    });
                }
                self.designed_at = Some(written);
            }
            QuizAction::TryExam => {
                if let Some(design) = &self.designer {
                    let exam = design.exam_file(chart, decks);
                    self.designer = None;
                    self.open_exam(exam, "this exam's settings".to_owned(), None, None, chart, decks, now, data_dir);
                }
            }
            QuizAction::OpenExam { exam, origin, student, results_dir } => {
                self.open_exam(exam, origin, student, results_dir, chart, decks, now, data_dir);
            }
            QuizAction::SetStudent(name) => {
                if let Some(p) = &mut self.pending {
                    p.student = name;
                }
            }
            QuizAction::BeginExam => self.begin_exam(now),
            QuizAction::CancelExam => self.pending = None,
            QuizAction::CloseExam => {
                if !self.exam_running() {
                    self.exam = None;
                    self.session = None;
                }
            }
            QuizAction::RetrySaveResults => {
                if let Some(ctx) = &mut self.exam
                    && let (Some(result), Saved::Failed(_), Some(dir)) = (&ctx.result, &ctx.saved, &ctx.results_dir)
                {
                    ctx.saved = match result.save_in(dir) {
                        Ok(path) => Saved::At(path),
                        Err(e) => Saved::Failed(format!("{} ({e})", dir.display())),
                    };
                    if let Saved::Failed(e) = &ctx.saved {
                        self.messages.push(QuizMessage {
                            error: true,
                            text: format!("The results could still not be saved in {e}."),
                        });
                    }
                }
            }
            QuizAction::ExportResultCsv => {
                if let Some(ctx) = &mut self.exam
                    && let (Some(result), Saved::At(path)) = (&ctx.result, &ctx.saved)
                {
                    let csv_path = path.with_extension("").with_extension("csv");
                    ctx.csv = Some(
                        crate::model::progress::write_atomic(&csv_path, result.to_csv().as_bytes())
                            .map(|()| csv_path)
                            .map_err(|e| e.to_string()),
                    );
                }
            }
            QuizAction::Report(paths) => {
                self.report_open = true;
                self.report_paths = paths.clone();
                self.report = Some(report_paths(&paths));
                self.report_csv = None;
            }
            QuizAction::OpenReport => self.report_open = true,
            QuizAction::CloseReport => self.report_open = false,
            QuizAction::ExportReportCsv => {
                let Some(report) = &self.report else { return };
                let dir = self.report_paths.first().map(|p| {
                    if p.is_dir() { p.clone() } else { p.parent().map(Path::to_path_buf).unwrap_or_default() }
                });
                let Some(dir) = dir else { return };
                let path = dir.join("class-report.csv");
                self.report_csv = Some(
                    crate::model::progress::write_atomic(&path, report.to_csv().as_bytes())
                        .map(|()| path)
                        .map_err(|e| e.to_string()),
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn open_exam(
        &mut self,
        exam: ExamFile,
        origin: String,
        student: Option<String>,
        results_dir: Option<PathBuf>,
        chart: &Chart,
        decks: &[&Deck],
        now: Timestamp,
        data_dir: Option<&Path>,
    ) {
        let questions = exam.questions(chart, decks).questions;
        if questions.is_empty() {
            self.messages.push(QuizMessage {
                error: true,
                text: format!(
                    "The exam “{}” from {origin} has no question that can be asked with the decks here.",
                    exam.title
                ),
            });
            return;
        }
        let differs = exam.fingerprint.as_ref().is_some_and(|f| *f != fingerprint(&questions));
        let results_dir = results_dir.or_else(|| data_dir.map(|d| d.join(EXAMS_DIR)));
        self.exam =
            Some(ExamContext { exam: exam.clone(), results_dir, saved: Saved::Pending, result: None, csv: None });
        self.session = None;
        self.report_open = false;
        let named = student.as_ref().is_some_and(|s| !s.trim().is_empty());
        self.pending = Some(PendingExam { exam, questions, origin, student: student.unwrap_or_default(), differs });
        if named {
            self.begin_exam(now);
        }
    }

    fn begin_exam(&mut self, now: Timestamp) {
        let Some(p) = &self.pending else { return };
        let student = p.student.trim().to_owned();
        if student.is_empty() {
            return;
        }
        let Some(p) = self.pending.take() else { return };
        let run = ExamRun {
            title: p.exam.title.clone(),
            fingerprint: fingerprint(&p.questions),
            student,
            started: now,
            deadline: p.exam.minutes.map(|m| now + i64::from(m) * 60),
            almost: p.exam.almost,
        };
        self.session = Some(Session::exam(p.questions, run, Leniency::Forgiving));
        self.question_seq += 1;
        self.aim_camera();
    }

    /// Keeps a timed exam honest (the time-out submits); called once per frame.
    pub fn tick(&mut self, now: Timestamp, chart: &Chart, data_dir: Option<&Path>) {
        let before = self.session.as_ref().map(|s| (s.position(), s.phase()));
        if let Some(s) = &mut self.session {
            s.tick(now);
        }
        self.after_session_change(before, chart, data_dir);
    }

    /// Notices a new question (for the view) and an exam that just finished (its results are written).
    fn after_session_change(&mut self, before: Option<(usize, Phase)>, chart: &Chart, data_dir: Option<&Path>) {
        let Some(s) = &self.session else { return };
        let after = (s.position(), s.phase());
        if before.is_some_and(|b| b.0 != after.0) {
            self.question_seq += 1;
            self.aim_camera();
        }
        if before.is_some_and(|b| b.1 != Phase::Feedback) && after.1 == Phase::Feedback {
            // After a pick, show where the right unit is.
            if let Some(Body::PickUnit { targets }) = self.session.as_ref().and_then(|s| s.current()).map(|q| &q.body)
                && let Some(i) = targets.first().and_then(|t| self.chart.unit_index(t))
            {
                self.chart.move_camera(CameraMove::Focus(i));
            }
        }
        let Some(s) = &self.session else { return };
        let finished_now = before.is_some_and(|b| b.1 != Phase::Finished) && after.1 == Phase::Finished;
        if !(finished_now && s.is_exam()) {
            return;
        }
        let unit_name = |id: &str| chart.unit(id).map_or_else(|| id.to_owned(), |u| u.name.clone());
        let Some(result) = s.result(unit_name) else { return };
        let Some(ctx) = &mut self.exam else { return };
        let _ = data_dir;
        ctx.saved = match &ctx.results_dir {
            Some(dir) => match result.save_in(dir) {
                Ok(path) => Saved::At(path),
                Err(e) => Saved::Failed(format!("{} ({e})", dir.display())),
            },
            None => Saved::Nowhere,
        };
        if let Saved::Failed(e) = &ctx.saved {
            self.messages.push(QuizMessage {
                error: true,
                text: format!(
                    "The results could not be saved in {e}. They are kept here: make the folder writable or \
                     free some space, then choose Try saving again."
                ),
            });
        }
        ctx.result = Some(result);
    }

    /// Points the quiz chart's camera for the question on screen: at the unit whose name is hidden, or at
    /// the top of the chart for a unit to find.
    fn aim_camera(&mut self) {
        let target = match self.session.as_ref().and_then(|s| s.current()).map(|q| &q.body) {
            Some(Body::NameUnit { unit, .. }) => self.chart.unit_index(unit).map(CameraMove::Focus),
            Some(Body::PickUnit { .. }) => Some(CameraMove::Reset),
            _ => None,
        };
        if let Some(t) = target {
            self.chart.move_camera(t);
        }
    }

    /// For a keyboard user in a "Click the unit" question: the unit before or after the one picked, in
    /// reading order on the chart (top to bottom, left to right), its box brought into view. `None`
    /// when the question on screen is not one to answer on the chart.
    pub fn step_pick(&mut self, chart: &Chart, forward: bool) -> Option<String> {
        let s = self.session.as_ref()?;
        if !matches!(s.current().map(|q| &q.body), Some(Body::PickUnit { .. })) || s.current_mark().is_some() {
            return None;
        }
        let mut order: Vec<(usize, [f32; 2])> =
            self.chart.layout.nodes.iter().map(|n| (n.item, [n.rect.y0, n.rect.x0])).collect();
        order.sort_by(|a, b| a.1[0].total_cmp(&b.1[0]).then(a.1[1].total_cmp(&b.1[1])));
        let now = s.draft().unit.as_deref().and_then(|id| self.chart.unit_index(id));
        let at = now.and_then(|i| order.iter().position(|(item, _)| *item == i));
        let n = order.len();
        let next = match (at, forward) {
            _ if n == 0 => return None,
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(a), true) => (a + 1) % n,
            (Some(a), false) => (a + n - 1) % n,
        };
        let item = order[next].0;
        self.chart.move_camera(CameraMove::Reveal(item));
        chart.units.get(item).map(|u| u.id.clone())
    }

    /// The question on screen asks for a unit on the chart, or shows one with its name hidden.
    pub fn chart_question(&self) -> Option<&Body> {
        let q = self.session.as_ref()?.current()?;
        matches!(q.body, Body::PickUnit { .. } | Body::NameUnit { .. }).then_some(&q.body)
    }
}

/// The quiz's chart: everything expanded, no year chosen.
fn quiz_chart(chart: &Chart) -> ChartState {
    ChartState::new(
        chart,
        ChartSettings { collapsed: Some(Vec::new()), relations_shown: Vec::new(), ..ChartSettings::default() },
    )
}

/// `name.exam.ron` for a path without that ending.
pub fn with_exam_extension(path: PathBuf) -> PathBuf {
    let s = path.to_string_lossy();
    if s.ends_with(&format!(".{EXAM_EXTENSION}")) {
        path
    } else if let Some(stem) = s.strip_suffix(".ron") {
        PathBuf::from(format!("{stem}.{EXAM_EXTENSION}"))
    } else {
        PathBuf::from(format!("{s}.{EXAM_EXTENSION}"))
    }
}
