//! Quizzes and exams, in plain Rust: checking typed answers, question kinds and their generation from
//! decks and the chart, distractors, practice and exam sessions, exam and results files, the class
//! report.

pub mod answer;
pub mod distractors;
pub mod exam;
pub mod generate;
pub mod question;
pub mod report;
pub mod rng;
pub mod session;

pub use answer::{Checked, DiffSpan, Leniency, Verdict, check};
pub use exam::{ExamFile, ExamResult};
pub use generate::{Generated, QuizSpec, generate};
pub use question::{AlmostPolicy, Body, Kind, Mark, Question, Response};
pub use session::{ExamRun, Mode, Phase, QuizCommand, Session};
