//! Quiz figures: building a 50-question exam from 10,000 cards (target < 10 ms), checking a typed
//! answer (< 50 µs), and the class report over 200 results files of 50 questions (< 200 ms).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kz_civics::model::quiz::answer::AnswerKey;
use kz_civics::model::quiz::distractors::Pool;
use kz_civics::model::quiz::exam::{ExamResult, load_result};
use kz_civics::model::quiz::generate::generate_with;
use kz_civics::model::quiz::report::{build_report, report_paths};
use kz_civics::model::quiz::rng::Rng;
use kz_civics::model::quiz::{
    AlmostPolicy, Body, ExamRun, Kind, Leniency, Question, QuizCommand, QuizSpec, Session, check,
};
use kz_civics::model::{Card, Deck, Library};

/// 10,000 cards in ten decks, of the shapes the bundled decks have: people, bodies, numbers, years,
/// dates and free text, with topic tags.
fn decks() -> Vec<Deck> {
    let mut rng = Rng::new(1);
    let people =
        ["Aliya Nurlanova", "Bolat Serikov", "Dana Akhmetova", "Erlan Kasymov", "Gulnar Bekova", "Timur Omarov"];
    let months = ["January", "March", "May", "July", "October", "December"];
    (0..10)
        .map(|d| {
            let cards = (0..1_000)
                .map(|i| {
                    let (front, back) = match rng.below(6) {
                        0 => (format!("Who led group {i}?"), format!("{} {}", people[rng.below(6)], i % 40)),
                        1 => (format!("Which body runs item {i}?"), "The Security Council".to_owned()),
                        2 => (format!("How many members in set {i}?"), (1 + rng.below(200)).to_string()),
                        3 => (format!("In which year did event {i} happen?"), (1990 + rng.below(30)).to_string()),
                        4 => (
                            format!("When did change {i} happen?"),
                            format!("{} {}", months[rng.below(6)], 1990 + rng.below(30)),
                        ),
                        _ => (
                            format!("What does the reform {i} aim at?"),
                            format!("A stronger role for body {}", rng.below(500)),
                        ),
                    };
                    Card {
                        id: format!("c{i}"),
                        front,
                        back,
                        accept: vec![],
                        wrong: vec![],
                        tags: vec![format!("topic-{}", i % 25)],
                        unit: None,
                        sources: vec![],
                        note: String::new(),
                    }
                })
                .collect();
            Deck {
                version: 1,
                id: format!("deck-{d}"),
                title: format!("Deck {d}"),
                description: String::new(),
                sources: vec![],
                cards,
            }
        })
        .collect()
}

fn exam_building(c: &mut Criterion) {
    let lib = Library::bundled().unwrap_or_else(|_| panic!("bundled data loads"));
    let decks = decks();
    let refs: Vec<&Deck> = decks.iter().collect();
    let cards = || refs.iter().flat_map(|d| d.cards.iter().map(move |c| (d.id.as_str(), c)));
    let pool = Pool::build(&lib.chart, cards());
    let spec = QuizSpec {
        count: 50,
        kinds: vec![Kind::Choice, Kind::TrueFalse, Kind::Typed, Kind::Matching],
        seed: 7,
        ..QuizSpec::default()
    };
    assert_eq!(generate_with(&spec, &lib.chart, &refs, &pool).questions.len(), 50);
    let mut group = c.benchmark_group("quiz");
    group.sample_size(30);
    group.bench_function("exam of 50 questions from 10,000 cards (distractor pool built)", |b| {
        b.iter(|| black_box(generate_with(black_box(&spec), &lib.chart, &refs, &pool).questions.len()));
    });
    group.bench_function("distractor pool of 10,000 cards (once per library change)", |b| {
        b.iter(|| black_box(Pool::build(&lib.chart, cards())));
    });
    group.finish();
}

fn answer_checking(c: &mut Criterion) {
    let accept = vec!["Massimov".to_owned(), "Masimov".to_owned(), "Massimov Karim".to_owned()];
    let others: Vec<String> = (0..40).map(|i| format!("Some other answer number {i}")).collect();
    c.bench_function("check a typed answer (a slip, 3 accepted forms, 40 rivals)", |b| {
        b.iter(|| {
            black_box(check(black_box("Karim Masimof"), "Karim Massimov", &accept, &others, Leniency::Forgiving))
        });
    });
    let key = AnswerKey::new("Karim Massimov", &accept, &others);
    c.bench_function("check a typed answer against its question's answer key (built once)", |b| {
        b.iter(|| black_box(key.check(black_box("Karim Masimof"), Leniency::Forgiving)));
    });
    c.bench_function("make a question's answer key (3 accepted forms, 40 rivals)", |b| {
        b.iter(|| black_box(AnswerKey::new(black_box("Karim Massimov"), &accept, &others)));
    });
    c.bench_function("check a typed date", |b| {
        b.iter(|| black_box(check(black_box("April 29, 1995"), "29 April 1995", &[], &[], Leniency::Forgiving)));
    });
}

fn choice(i: usize) -> Question {
    Question {
        id: format!("q{i}"),
        kind: Kind::Choice,
        prompt: format!("Question {i}?"),
        body: Body::Choice { options: vec!["A".into(), "B".into(), "C".into(), "D".into()], correct: i % 4 },
        about: vec![],
    }
}

fn results(n: usize) -> Vec<ExamResult> {
    let questions: Vec<Question> = (0..50).map(choice).collect();
    let mut rng = Rng::new(3);
    (0..n)
        .map(|s| {
            let run = ExamRun {
                title: "Midterm".into(),
                fingerprint: "f".into(),
                student: format!("Student {s}"),
                started: 1_000,
                deadline: None,
                almost: AlmostPolicy::Half,
            };
            let mut session = Session::exam(questions.clone(), run, Leniency::Forgiving);
            for _ in 0..50 {
                session.handle(QuizCommand::Number(rng.below(4)), 1_001);
                session.handle(QuizCommand::Confirm, 1_002);
            }
            session.handle(QuizCommand::Confirm, 1_500);
            session.result(|u| u.to_owned()).unwrap_or_else(|| panic!("a result"))
        })
        .collect()
}

fn class_report(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("kz-civics-bench-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let all = results(200);
    for r in &all {
        r.save_in(&dir).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut group = c.benchmark_group("class report");
    group.sample_size(20);
    group.bench_function("200 results files of 50 questions: read, parse and report", |b| {
        b.iter(|| black_box(report_paths(std::slice::from_ref(&dir)).exams.len()));
    });
    let texts: Vec<String> = all.iter().map(|r| r.to_ron().unwrap_or_default()).collect();
    group.bench_function("200 results of 50 questions: statistics only", |b| {
        b.iter(|| {
            let parsed: Vec<(String, ExamResult)> =
                texts.iter().filter_map(|t| load_result("r", t).ok()).map(|r| ("r".to_owned(), r)).collect();
            black_box(build_report(parsed).exams.len())
        });
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, exam_building, answer_checking, class_report);
criterion_main!(benches);
