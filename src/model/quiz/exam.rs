//! Exam files (`*.exam.ron`, what a teacher sets) and results files (`*.result.ron`, one per attempt,
//! what a student hands in), with their checks, and results as CSV.
//!
//! An exam file names its decks by id and holds a seed, not the questions: on any machine with the same
//! decks the same questions come out. It also records a fingerprint of the questions the teacher's
//! machine made, so a student's machine with different decks says so.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::answer::{Leniency, Verdict};
use super::generate::{Generated, QuizSpec, generate};
use super::question::{AlmostPolicy, Kind, Mark, Question, Response};
use super::rng::stable_hash;
use crate::model::chart::Chart;
use crate::model::chart_cards::CHART_DECK_ID;
use crate::model::deck::Deck;
use crate::model::file::{Problem, locate_all, parse_as};
use crate::model::locate::Seg::{self, Field, Index};
use crate::model::study::StudyScope;

/// The versions of the exam and results formats this app reads.
pub const EXAM_VERSION: u32 = 1;
pub const RESULT_VERSION: u32 = 1;
pub const EXAM_EXTENSION: &str = "exam.ron";
pub const RESULT_EXTENSION: &str = "result.ron";
pub const MAX_QUESTIONS: usize = 200;
pub const MAX_MINUTES: u32 = 600;

/// What a teacher sets. In the file it is `Exam(...)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Exam", deny_unknown_fields)]
pub struct ExamFile {
    pub version: u32,
    pub title: String,
    /// Which cards: `All`, `Essentials`, `Deck("id")`, `Tag("tag")` or `Branch("unit-id")`.
    #[serde(default)]
    pub scope: StudyScope,
    /// The decks the questions come from, by id (`@chart` for questions about the chart itself).
    pub decks: Vec<String>,
    pub count: usize,
    pub kinds: Vec<Kind>,
    /// The time limit; none for an untimed exam.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// What an almost-right typed answer earns.
    #[serde(default)]
    pub almost: AlmostPolicy,
    /// Chooses the questions (the same for every student); each student's order is shuffled.
    pub seed: u64,
    /// The questions the exam made where it was set up, for a check on the student's machine.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

impl ExamFile {
    pub fn spec(&self) -> QuizSpec {
        QuizSpec { scope: self.scope.clone(), count: self.count, kinds: self.kinds.clone(), seed: self.seed }
    }

    /// The questions, from the named decks only (so that a deck the student opened besides does not
    /// change the exam).
    pub fn questions(&self, chart: &Chart, decks: &[&Deck]) -> Generated {
        let named: Vec<&Deck> =
            self.decks.iter().filter_map(|id| decks.iter().find(|d| d.id == *id).copied()).collect();
        let mut spec = self.spec();
        if !self.decks.iter().any(|d| d == CHART_DECK_ID) {
            spec.kinds.retain(|k| *k != Kind::Chart);
        }
        generate(&spec, chart, &named)
    }

    /// RON for the file, as the app writes it.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let header = "// A KZ Civics exam. Open it in KZ Civics (File > Open, or `kz-civics exam FILE`) to take it.\n";
        Ok(format!("{header}{}\n", ron::ser::to_string_pretty(self, pretty())?))
    }

    /// The problems of an exam file against the decks and chart at hand, as paths into the file.
    pub fn issues(&self, chart: &Chart, decks: &[&Deck]) -> Vec<(Vec<Seg>, String)> {
        let mut out = Vec::new();
        if self.title.trim().is_empty() {
            out.push((vec![Field("title")], "the exam's title is empty".to_owned()));
        }
        if self.count == 0 || self.count > MAX_QUESTIONS {
            out.push((vec![Field("count")], format!("the number of questions must be 1 to {MAX_QUESTIONS}")));
        }
        if self.kinds.is_empty() {
            out.push((vec![Field("kinds")], "no kind of question is chosen".to_owned()));
        }
        if let Some(m) = self.minutes
            && (m == 0 || m > MAX_MINUTES)
        {
            out.push((vec![Field("minutes")], format!("the time limit must be 1 to {MAX_MINUTES} minutes")));
        }
        if self.decks.is_empty() {
            out.push((vec![Field("decks")], "the exam names no deck".to_owned()));
        }
        for (i, id) in self.decks.iter().enumerate() {
            if id != CHART_DECK_ID && !decks.iter().any(|d| d.id == *id) {
                let loaded: Vec<&str> = decks.iter().map(|d| d.id.as_str()).filter(|d| *d != CHART_DECK_ID).collect();
                out.push((
                    vec![Field("decks"), Index(i)],
                    format!(
                        "the exam uses deck `{id}`, which is not loaded (loaded: {}); open that deck first",
                        loaded.join(", ")
                    ),
                ));
            }
        }
        match &self.scope {
            StudyScope::Deck(id) if !self.decks.contains(id) => {
                out.push((vec![Field("scope")], format!("the scope's deck `{id}` is not among the exam's decks")));
            }
            StudyScope::Branch(unit) if chart.unit(unit).is_none() => {
                out.push((vec![Field("scope")], format!("the chart has no unit `{unit}`")));
            }
            _ => {}
        }
        out
    }
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new().struct_names(true).separate_tuple_members(false).enumerate_arrays(false)
}

/// A fingerprint of a set of questions: their ids and options, in order.
pub fn fingerprint(questions: &[Question]) -> String {
    let mut text = String::new();
    for q in questions {
        text.push_str(&q.id);
        for o in q.options() {
            text.push('|');
            text.push_str(o);
        }
        text.push('\n');
    }
    format!("{:016x}", stable_hash(&text))
}

/// Reads an exam file's text: syntax and types, then its checks against the decks and chart at hand.
pub fn load_exam(name: &str, text: &str, chart: &Chart, decks: &[&Deck]) -> Result<ExamFile, Vec<Problem>> {
    crate::model::file::check_version_at_most(name, text, EXAM_VERSION, "exam").map_err(|p| vec![p])?;
    let exam: ExamFile = parse_as(name, text).map_err(|p| vec![p])?;
    let issues = exam.issues(chart, decks);
    if issues.is_empty() { Ok(exam) } else { Err(locate_all(name, text, issues)) }
}

/// One question of an attempt, as asked and as answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnsweredQuestion {
    pub question: Question,
    #[serde(default)]
    pub response: Option<Response>,
    /// The answer given, in words.
    pub given: String,
    /// The right answer, in words.
    pub right: String,
    pub mark: Mark,
}

/// One student's attempt at an exam, as written to a results file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamResult {
    pub version: u32,
    pub exam: String,
    /// The exam's fingerprint: results with different fingerprints are of different exams.
    pub exam_fingerprint: String,
    pub student: String,
    /// Seconds since the epoch, UTC.
    pub started: i64,
    pub finished: i64,
    /// The time limit ran out before the student submitted.
    #[serde(default)]
    pub timed_out: bool,
    #[serde(default)]
    pub almost: AlmostPolicy,
    #[serde(default)]
    pub leniency: Leniency,
    /// In the order the student saw them.
    pub questions: Vec<AnsweredQuestion>,
}

impl ExamResult {
    pub fn score(&self) -> f64 {
        self.questions.iter().map(|q| q.mark.credit).sum()
    }

    pub fn total(&self) -> usize {
        self.questions.len()
    }

    /// "14.5 / 20 (73%)"
    pub fn score_text(&self) -> String {
        score_text(self.score(), self.total())
    }

    pub fn to_ron(&self) -> Result<String, ron::Error> {
        Ok(format!("{}\n", ron::ser::to_string_pretty(self, pretty())?))
    }

    /// The results file's name: the student and the time, e.g. `aliya-nur-2026-12-01T10-05-00Z.result.ron`.
    pub fn file_name(&self) -> String {
        let mut student: String = crate::model::text::simplify(&self.student).replace(' ', "-");
        student.truncate(40);
        if student.is_empty() {
            student = "student".to_owned();
        }
        let stamp = crate::model::progress::utc_stamp(self.finished).replace(':', "-");
        format!("{student}-{stamp}.{RESULT_EXTENSION}")
    }

    /// Writes the results atomically into `dir` (created if needed), never over an existing file.
    pub fn save_in(&self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let text = self.to_ron().map_err(std::io::Error::other)?;
        let mut path = dir.join(self.file_name());
        let mut n = 1;
        while path.exists() {
            n += 1;
            path = dir
                .join(self.file_name().replace(&format!(".{RESULT_EXTENSION}"), &format!("-{n}.{RESULT_EXTENSION}")));
        }
        crate::model::progress::write_atomic(&path, text.as_bytes())?;
        Ok(path)
    }

    /// The attempt as CSV: one row per question.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("student,exam,number,question,given,right,verdict,credit,sources\n");
        for (i, q) in self.questions.iter().enumerate() {
            let sources: Vec<&str> =
                q.question.about.iter().flat_map(|a| a.sources.iter().map(String::as_str)).collect();
            let row = [
                self.student.clone(),
                self.exam.clone(),
                (i + 1).to_string(),
                q.question.prompt.clone(),
                q.given.clone(),
                q.right.clone(),
                q.mark.verdict.label().to_owned(),
                format!("{}", q.mark.credit),
                sources.join(" "),
            ];
            out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}

/// "14.5 / 20 (73%)"
pub fn score_text(score: f64, total: usize) -> String {
    let pct = if total == 0 { 0.0 } else { 100.0 * score / total as f64 };
    let score = if score.fract() == 0.0 { format!("{score:.0}") } else { format!("{score:.1}") };
    format!("{score} / {total} ({pct:.0}%)")
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

/// Reads a results file's text.
pub fn load_result(name: &str, text: &str) -> Result<ExamResult, Problem> {
    crate::model::file::check_version_at_most(name, text, RESULT_VERSION, "results")?;
    let result: ExamResult = parse_as(name, text)?;
    let bad = result.questions.iter().position(|q| !(0.0..=1.0).contains(&q.mark.credit) || q.mark.credit.is_nan());
    if let Some(i) = bad {
        let pos = crate::model::locate::locate(text, &[Field("questions"), Index(i), Field("mark")]);
        return Err(Problem::new(name, pos, "a question's credit must be between 0 and 1"));
    }
    Ok(result)
}

/// Whether a mark counts as right for statistics (almost counts as right when it earned credit).
pub fn counts_right(mark: &Mark) -> bool {
    mark.verdict == Verdict::Right || (mark.verdict == Verdict::Almost && mark.credit > 0.0)
}
