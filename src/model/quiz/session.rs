//! A quiz being taken: practice (feedback after each question, a score at the end) or an exam (a
//! student's name, a time limit, moving back and forth, no feedback until it is submitted).
//!
//! The app sends [`QuizCommand`]s; the keyboard's 1-5, A-E, T/F and Enter map onto them.

use super::answer::{Leniency, Verdict};
use super::exam::{AnsweredQuestion, ExamResult, RESULT_VERSION};
use super::question::{AlmostPolicy, Body, Mark, Question, Response};
use super::rng::{Rng, stable_hash};
use crate::model::scheduler::Timestamp;

/// An exam being taken.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamRun {
    pub title: String,
    pub fingerprint: String,
    pub student: String,
    pub started: Timestamp,
    pub deadline: Option<Timestamp>,
    pub almost: AlmostPolicy,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Practice,
    Exam(ExamRun),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The question on screen waits for an answer.
    Asking,
    /// Practice: the answer was checked; the feedback shows until Enter.
    Feedback,
    /// Exam: Enter after the last question asks whether to submit.
    ConfirmSubmit,
    Finished,
}

/// What the student has entered for the question on screen, before confirming it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub choice: Option<usize>,
    pub truth: Option<bool>,
    pub text: String,
    /// For matching: the answer chosen for each prompt, and the prompt being paired.
    pub pairs: Vec<Option<usize>>,
    pub prompt: usize,
    pub unit: Option<String>,
}

/// Everything a student can do in a quiz.
#[derive(Debug, Clone, PartialEq)]
pub enum QuizCommand {
    /// The n-th option (0-based) by digit key or click; in matching, the n-th prompt.
    Number(usize),
    /// The n-th option by letter key (A = 0); in matching, pairs the selected prompt with answer n.
    Letter(usize),
    /// In matching, by mouse: prompt `prompt` goes with `answer`.
    Pair {
        prompt: usize,
        answer: Option<usize>,
    },
    Truth(bool),
    SetText(String),
    PickUnit(String),
    /// Enter: check the answer (practice), save it and go on (exam), move on after feedback, submit.
    Confirm,
    Next,
    Previous,
    GoTo(usize),
    /// Exam: hand in now (after the confirmation).
    Submit,
    /// Exam: back from the submit question to the last question.
    CancelSubmit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    questions: Vec<Question>,
    /// The order the student sees the questions in (indices into `questions`).
    order: Vec<usize>,
    /// Position in `order`.
    pos: usize,
    responses: Vec<Option<Response>>,
    marks: Vec<Option<Mark>>,
    pub mode: Mode,
    phase: Phase,
    draft: Draft,
    leniency: Leniency,
    timed_out: bool,
    finished_at: Option<Timestamp>,
}

impl Session {
    pub fn practice(questions: Vec<Question>, leniency: Leniency) -> Self {
        let order = (0..questions.len()).collect();
        Self::new(questions, order, Mode::Practice, leniency)
    }

    /// An exam: the questions shuffled for this student (the same student and start time give the same
    /// order).
    pub fn exam(questions: Vec<Question>, run: ExamRun, leniency: Leniency) -> Self {
        let mut order: Vec<usize> = (0..questions.len()).collect();
        Rng::new(stable_hash(&run.student) ^ run.started as u64).shuffle(&mut order);
        Self::new(questions, order, Mode::Exam(run), leniency)
    }

    fn new(questions: Vec<Question>, order: Vec<usize>, mode: Mode, leniency: Leniency) -> Self {
        let n = questions.len();
        let mut s = Self {
            questions,
            order,
            pos: 0,
            responses: vec![None; n],
            marks: vec![None; n],
            mode,
            phase: if n == 0 { Phase::Finished } else { Phase::Asking },
            draft: Draft::default(),
            leniency,
            timed_out: false,
            finished_at: None,
        };
        s.load_draft();
        s
    }

    pub fn is_exam(&self) -> bool {
        matches!(self.mode, Mode::Exam(_))
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The position (0-based) of the question on screen.
    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn current(&self) -> Option<&Question> {
        self.order.get(self.pos).and_then(|&i| self.questions.get(i))
    }

    fn current_index(&self) -> Option<usize> {
        self.order.get(self.pos).copied()
    }

    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// The mark of the question on screen (practice, after it was checked).
    pub fn current_mark(&self) -> Option<&Mark> {
        self.current_index().and_then(|i| self.marks[i].as_ref())
    }

    pub fn current_response(&self) -> Option<&Response> {
        self.current_index().and_then(|i| self.responses[i].as_ref())
    }

    /// How many questions have an answer.
    pub fn answered(&self) -> usize {
        self.responses.iter().filter(|r| r.is_some()).count()
    }

    /// Whether the question at `pos` (in the student's order) has an answer.
    pub fn answered_at(&self, pos: usize) -> bool {
        self.order.get(pos).is_some_and(|&i| self.responses[i].is_some())
    }

    pub fn timed_out(&self) -> bool {
        self.timed_out
    }

    /// Seconds left in a timed exam.
    pub fn seconds_left(&self, now: Timestamp) -> Option<i64> {
        match &self.mode {
            Mode::Exam(run) => run.deadline.map(|d| (d - now).max(0)),
            Mode::Practice => None,
        }
    }

    /// The score so far: credits of the marked questions, and how many are marked.
    pub fn score(&self) -> (f64, usize) {
        let marked: Vec<&Mark> = self.marks.iter().flatten().collect();
        (marked.iter().map(|m| m.credit).sum(), marked.len())
    }

    /// The questions answered wrong (or not at all), with what was given, in the order asked.
    pub fn missed(&self) -> Vec<(&Question, Option<&Response>, &Mark)> {
        self.order
            .iter()
            .filter_map(|&i| {
                let mark = self.marks[i].as_ref()?;
                (mark.verdict == Verdict::Wrong).then(|| (&self.questions[i], self.responses[i].as_ref(), mark))
            })
            .collect()
    }

    /// Every question in the order asked, with its answer and mark (after the end).
    pub fn review(&self) -> Vec<(&Question, Option<&Response>, Option<&Mark>)> {
        self.order.iter().map(|&i| (&self.questions[i], self.responses[i].as_ref(), self.marks[i].as_ref())).collect()
    }

    /// Keeps a timed exam honest: once the time is up, what was answered is submitted.
    pub fn tick(&mut self, now: Timestamp) {
        if self.phase == Phase::Finished {
            return;
        }
        if self.seconds_left(now) == Some(0) {
            self.store_draft();
            self.timed_out = true;
            self.finish(now);
        }
    }

    pub fn handle(&mut self, command: QuizCommand, now: Timestamp) {
        if self.phase == Phase::Finished {
            return;
        }
        self.tick(now);
        if self.phase == Phase::Finished {
            return;
        }
        let editing = self.phase == Phase::Asking;
        match command {
            QuizCommand::Number(n) if editing => self.number(n),
            QuizCommand::Letter(n) if editing => self.letter(n),
            QuizCommand::Pair { prompt, answer } if editing => {
                if let Some(slot) = self.draft.pairs.get_mut(prompt) {
                    *slot = answer;
                    self.draft.prompt = prompt;
                }
            }
            QuizCommand::Truth(b) if editing => {
                if matches!(self.current().map(|q| &q.body), Some(Body::TrueFalse { .. })) {
                    self.draft.truth = Some(b);
                }
            }
            QuizCommand::SetText(t) if editing => self.draft.text = t,
            QuizCommand::PickUnit(id) if editing => {
                if matches!(self.current().map(|q| &q.body), Some(Body::PickUnit { .. })) {
                    self.draft.unit = Some(id);
                }
            }
            QuizCommand::Confirm => self.confirm(now),
            QuizCommand::Next if self.is_exam() => self.go_to(self.pos + 1),
            QuizCommand::Previous if self.is_exam() && self.pos > 0 => self.go_to(self.pos - 1),
            QuizCommand::GoTo(p) if self.is_exam() => self.go_to(p),
            QuizCommand::Submit if self.is_exam() => {
                self.store_draft();
                self.finish(now);
            }
            QuizCommand::CancelSubmit if self.phase == Phase::ConfirmSubmit => self.phase = Phase::Asking,
            _ => {}
        }
    }

    fn number(&mut self, n: usize) {
        match self.current().map(|q| &q.body) {
            Some(Body::Choice { options, .. } | Body::NameUnit { options, .. }) if n < options.len() => {
                self.draft.choice = Some(n);
            }
            Some(Body::TrueFalse { .. }) if n < 2 => self.draft.truth = Some(n == 0),
            Some(Body::Matching { prompts, .. }) if n < prompts.len() => self.draft.prompt = n,
            _ => {}
        }
    }

    fn letter(&mut self, n: usize) {
        match self.current().map(|q| &q.body) {
            Some(Body::Matching { answers, .. }) if n < answers.len() => {
                let p = self.draft.prompt;
                // An answer goes with one prompt only.
                for slot in self.draft.pairs.iter_mut() {
                    if *slot == Some(n) {
                        *slot = None;
                    }
                }
                if let Some(slot) = self.draft.pairs.get_mut(p) {
                    *slot = Some(n);
                }
                // On to the next prompt without an answer.
                let len = self.draft.pairs.len();
                if let Some(next) = (1..=len).map(|k| (p + k) % len).find(|&k| self.draft.pairs[k].is_none()) {
                    self.draft.prompt = next;
                }
            }
            _ => self.number(n),
        }
    }

    /// The draft as a response, if it is one.
    fn response(&self) -> Option<Response> {
        let q = self.current()?;
        match &q.body {
            Body::Choice { .. } | Body::NameUnit { .. } => self.draft.choice.map(Response::Choice),
            Body::TrueFalse { .. } => self.draft.truth.map(Response::Bool),
            Body::Typed { .. } => (!self.draft.text.trim().is_empty()).then(|| Response::Text(self.draft.text.clone())),
            Body::Matching { .. } => {
                self.draft.pairs.iter().any(Option::is_some).then(|| Response::Matching(self.draft.pairs.clone()))
            }
            Body::PickUnit { .. } => self.draft.unit.clone().map(Response::Unit),
        }
    }

    fn store_draft(&mut self) {
        if let Some(i) = self.current_index()
            && self.phase == Phase::Asking
        {
            self.responses[i] = self.response();
        }
    }

    /// The draft for the question on screen, from its stored answer.
    fn load_draft(&mut self) {
        let Some(q) = self.current() else { return };
        let mut d = Draft::default();
        if let Body::Matching { prompts, .. } = &q.body {
            d.pairs = vec![None; prompts.len()];
        }
        match self.current_response().cloned() {
            Some(Response::Choice(c)) => d.choice = Some(c),
            Some(Response::Bool(b)) => d.truth = Some(b),
            Some(Response::Text(t)) => d.text = t,
            Some(Response::Matching(p)) => {
                for (slot, v) in d.pairs.iter_mut().zip(p) {
                    *slot = v;
                }
            }
            Some(Response::Unit(u)) => d.unit = Some(u),
            None => {}
        }
        self.draft = d;
    }

    fn mark_of(&self, i: usize) -> Mark {
        let almost = match &self.mode {
            Mode::Exam(run) => run.almost,
            // Practice accepts a slip (and shows it).
            Mode::Practice => AlmostPolicy::Full,
        };
        match &self.responses[i] {
            Some(r) => self.questions[i].mark(r, self.leniency, almost),
            None => Mark::unanswered(),
        }
    }

    fn confirm(&mut self, now: Timestamp) {
        match (self.phase, self.is_exam()) {
            (Phase::Asking, false) => {
                let Some(r) = self.response() else { return };
                let Some(i) = self.current_index() else { return };
                self.responses[i] = Some(r);
                self.marks[i] = Some(self.mark_of(i));
                self.phase = Phase::Feedback;
            }
            (Phase::Feedback, _) => {
                if self.pos + 1 < self.order.len() {
                    self.pos += 1;
                    self.phase = Phase::Asking;
                    self.load_draft();
                } else {
                    self.finish(now);
                }
            }
            (Phase::Asking, true) => {
                self.store_draft();
                if self.pos + 1 < self.order.len() {
                    self.pos += 1;
                    self.load_draft();
                } else {
                    self.phase = Phase::ConfirmSubmit;
                }
            }
            (Phase::ConfirmSubmit, _) => self.finish(now),
            (Phase::Finished, _) => {}
        }
    }

    fn go_to(&mut self, pos: usize) {
        if pos >= self.order.len() || !matches!(self.phase, Phase::Asking | Phase::ConfirmSubmit) {
            return;
        }
        self.store_draft();
        self.pos = pos;
        self.phase = Phase::Asking;
        self.load_draft();
    }

    fn finish(&mut self, now: Timestamp) {
        for i in 0..self.questions.len() {
            if self.marks[i].is_none() && (self.is_exam() || self.responses[i].is_some()) {
                self.marks[i] = Some(self.mark_of(i));
            }
        }
        self.phase = Phase::Finished;
        self.finished_at = Some(now);
    }

    /// The attempt, for the results file (exams only, once finished).
    pub fn result(&self, unit_name: impl Fn(&str) -> String) -> Option<ExamResult> {
        let Mode::Exam(run) = &self.mode else { return None };
        let finished = self.finished_at?;
        let questions = self
            .order
            .iter()
            .map(|&i| {
                let q = &self.questions[i];
                let response = self.responses[i].clone();
                AnsweredQuestion {
                    given: q.describe(response.as_ref(), &unit_name),
                    right: q.right_answer(&unit_name),
                    mark: self.marks[i].clone().unwrap_or_else(Mark::unanswered),
                    response,
                    question: q.clone(),
                }
            })
            .collect();
        Some(ExamResult {
            version: RESULT_VERSION,
            exam: run.title.clone(),
            exam_fingerprint: run.fingerprint.clone(),
            student: run.student.clone(),
            started: run.started,
            finished,
            timed_out: self.timed_out,
            almost: run.almost,
            leniency: self.leniency,
            questions,
        })
    }
}
