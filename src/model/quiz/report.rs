//! The class report: many students' results of an exam, question by question, as Moodle's quiz
//! statistics report gives them: facility (the share right), a discrimination index (the upper 27 % of
//! students by total score against the lower 27 %), and for multiple choice how often each wrong option
//! was chosen. Results of different exams are reported apart, never mixed; files that cannot be read
//! are listed with their problem and skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::exam::{ExamResult, RESULT_EXTENSION, csv_field, load_result, score_text};
use super::question::{Body, Kind, Response};
use crate::model::file::{Problem, read_text};
use crate::model::locate::Pos;

/// One student's line.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentRow {
    pub student: String,
    pub score: f64,
    pub total: usize,
    pub seconds: i64,
    pub timed_out: bool,
    pub file: String,
}

/// One question's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionStats {
    pub id: String,
    pub prompt: String,
    pub kind: Kind,
    pub right_answer: String,
    /// Students who were asked it.
    pub attempts: usize,
    /// Mean credit, 0 ..= 1.
    pub facility: f64,
    /// Upper minus lower group's mean credit, -1 ..= 1; `None` with fewer than two students.
    pub discrimination: Option<f64>,
    /// For multiple choice: each wrong option and how many chose it, most chosen first.
    pub wrong_options: Vec<(String, usize)>,
    pub unanswered: usize,
}

impl QuestionStats {
    /// A question the better students got wrong more often than the weaker ones: worth a look.
    pub fn flagged(&self) -> bool {
        self.discrimination.is_some_and(|d| d < 0.0)
    }
}

/// The report of one exam.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamReport {
    pub title: String,
    pub fingerprint: String,
    pub students: Vec<StudentRow>,
    /// Hardest first.
    pub questions: Vec<QuestionStats>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassReport {
    pub exams: Vec<ExamReport>,
    /// Files that could not be read, each with its problem.
    pub broken: Vec<Problem>,
}

/// Every results file among `paths`: files as given, and `*.result.ron` directly in directories.
pub fn result_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|f| f.is_file() && f.to_string_lossy().ends_with(&format!(".{RESULT_EXTENSION}")))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => problems.push(Problem::new(
                    p.display().to_string(),
                    Pos::START,
                    format!("cannot read the folder: {e}"),
                )),
            }
        } else if p.exists() {
            files.push(p.clone());
        } else {
            problems.push(Problem::new(p.display().to_string(), Pos::START, "no such file or folder"));
        }
    }
    (files, problems)
}

/// Reads the results files among `paths` and reports on them.
pub fn report_paths(paths: &[PathBuf]) -> ClassReport {
    let (files, mut broken) = result_files(paths);
    let mut results = Vec::new();
    for f in files {
        let name = f.display().to_string();
        match read_text(&f).and_then(|text| load_result(&name, &text)) {
            Ok(r) => results.push((name, r)),
            Err(p) => broken.push(p),
        }
    }
    let mut report = build_report(results);
    broken.append(&mut report.broken);
    report.broken = broken;
    report
}

/// The report of results already read, each with the name of its file.
pub fn build_report(results: Vec<(String, ExamResult)>) -> ClassReport {
    let mut by_exam: BTreeMap<(String, String), Vec<(String, ExamResult)>> = BTreeMap::new();
    for (name, r) in results {
        by_exam.entry((r.exam.clone(), r.exam_fingerprint.clone())).or_default().push((name, r));
    }
    let exams = by_exam.into_iter().map(|((title, fingerprint), rs)| exam_report(title, fingerprint, rs)).collect();
    ClassReport { exams, broken: Vec::new() }
}

fn exam_report(title: String, fingerprint: String, results: Vec<(String, ExamResult)>) -> ExamReport {
    let mut students: Vec<StudentRow> = results
        .iter()
        .map(|(file, r)| StudentRow {
            student: r.student.clone(),
            score: r.score(),
            total: r.total(),
            seconds: (r.finished - r.started).max(0),
            timed_out: r.timed_out,
            file: Path::new(file).file_name().map_or(file.clone(), |f| f.to_string_lossy().into_owned()),
        })
        .collect();
    students.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.student.cmp(&b.student)));

    // Upper and lower groups: 27 % of the students each, by total score.
    let mut ranked: Vec<usize> = (0..results.len()).collect();
    ranked.sort_by(|&a, &b| results[b].1.score().total_cmp(&results[a].1.score()));
    let k = ((results.len() as f64 * 0.27).round() as usize).max(1);
    let enough = results.len() >= 2;
    let upper: Vec<usize> = ranked.iter().take(k).copied().collect();
    let lower: Vec<usize> = ranked.iter().rev().take(k).copied().collect();

    let mut ids: Vec<String> = Vec::new();
    for (_, r) in &results {
        for q in &r.questions {
            if !ids.contains(&q.question.id) {
                ids.push(q.question.id.clone());
            }
        }
    }
    let credit_of = |student: usize, id: &str| -> Option<f64> {
        results[student].1.questions.iter().find(|q| q.question.id == id).map(|q| q.mark.credit)
    };
    let mean = |group: &[usize], id: &str| -> Option<f64> {
        let credits: Vec<f64> = group.iter().filter_map(|&s| credit_of(s, id)).collect();
        (!credits.is_empty()).then(|| credits.iter().sum::<f64>() / credits.len() as f64)
    };
    let mut questions: Vec<QuestionStats> = ids
        .iter()
        .map(|id| {
            let asked: Vec<&super::exam::AnsweredQuestion> =
                results.iter().filter_map(|(_, r)| r.questions.iter().find(|q| q.question.id == *id)).collect();
            let first = asked[0];
            let attempts = asked.len();
            let facility = asked.iter().map(|q| q.mark.credit).sum::<f64>() / attempts.max(1) as f64;
            let discrimination = if enough { mean(&upper, id).zip(mean(&lower, id)).map(|(u, l)| u - l) } else { None };
            let mut wrong: BTreeMap<String, usize> = BTreeMap::new();
            if let Body::Choice { options, correct } | Body::NameUnit { options, correct, .. } = &first.question.body {
                for q in &asked {
                    if let Some(Response::Choice(i)) = q.response
                        && i != *correct
                        && let Some(o) = options.get(i)
                    {
                        *wrong.entry(o.clone()).or_default() += 1;
                    }
                }
            }
            let mut wrong_options: Vec<(String, usize)> = wrong.into_iter().collect();
            wrong_options.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            QuestionStats {
                id: id.clone(),
                prompt: first.question.prompt.clone(),
                kind: first.question.kind,
                right_answer: first.right.clone(),
                attempts,
                facility,
                discrimination,
                wrong_options,
                unanswered: asked.iter().filter(|q| q.response.is_none()).count(),
            }
        })
        .collect();
    questions.sort_by(|a, b| a.facility.total_cmp(&b.facility).then(a.id.cmp(&b.id)));
    ExamReport { title, fingerprint, students, questions }
}

fn minutes(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

impl ClassReport {
    /// The report as text, for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for e in &self.exams {
            out.push_str(&format!("Exam: {} ({} students)\n\n", e.title, e.students.len()));
            out.push_str("Students\n");
            for s in &e.students {
                let late = if s.timed_out { ", time ran out" } else { "" };
                out.push_str(&format!(
                    "  {:<28} {:>18}  {}{late}\n",
                    s.student,
                    score_text(s.score, s.total),
                    minutes(s.seconds)
                ));
            }
            out.push_str(
                "\nQuestions, hardest first (facility = share right; discrimination = upper 27% minus lower 27%)\n",
            );
            for (n, q) in e.questions.iter().enumerate() {
                let d = q.discrimination.map_or("  n/a".to_owned(), |d| format!("{d:+.2}"));
                let flag = if q.flagged() { "  (!) negative discrimination: check the question" } else { "" };
                out.push_str(&format!("{:>3}. {:>4.0}% right  D {d}  {}{flag}\n", n + 1, q.facility * 100.0, q.prompt));
                out.push_str(&format!("       answer: {}\n", q.right_answer.replace('\n', "; ")));
                for (o, c) in &q.wrong_options {
                    out.push_str(&format!("       chose “{o}”: {c}\n"));
                }
                if q.unanswered > 0 {
                    out.push_str(&format!("       unanswered: {}\n", q.unanswered));
                }
            }
            out.push('\n');
        }
        if self.exams.len() > 1 {
            out.push_str(&format!(
                "Note: these files are results of {} different exams; each is reported on its own.\n",
                self.exams.len()
            ));
        }
        out
    }

    /// The report as CSV: a `section` column tells student rows from question rows.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "section,exam,name,score,total,percent,minutes,timed_out,facility,discrimination,flagged,kind,answer,wrong_options\n",
        );
        for e in &self.exams {
            for s in &e.students {
                let pct = if s.total == 0 { 0.0 } else { 100.0 * s.score / s.total as f64 };
                let row = [
                    "student".to_owned(),
                    e.title.clone(),
                    s.student.clone(),
                    format!("{}", s.score),
                    s.total.to_string(),
                    format!("{pct:.1}"),
                    minutes(s.seconds),
                    s.timed_out.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ];
                out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
                out.push('\n');
            }
            for q in &e.questions {
                let wrong: Vec<String> = q.wrong_options.iter().map(|(o, c)| format!("{o}: {c}")).collect();
                let row = [
                    "question".to_owned(),
                    e.title.clone(),
                    q.prompt.clone(),
                    String::new(),
                    q.attempts.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    format!("{:.3}", q.facility),
                    q.discrimination.map_or(String::new(), |d| format!("{d:.3}")),
                    q.flagged().to_string(),
                    q.kind.name().to_owned(),
                    q.right_answer.clone(),
                    wrong.join(" | "),
                ];
                out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
                out.push('\n');
            }
        }
        out
    }
}
