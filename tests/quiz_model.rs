//! The quiz model without a window: questions and their distractors on the bundled data and on random
//! decks, practice and exam sessions, exam and results files, the class report.

use kz_civics::model::chart_cards::{CHART_DECK_ID, chart_deck};
use kz_civics::model::quiz::answer::same_answer;
use kz_civics::model::quiz::distractors::{AnswerType, Pool};
use kz_civics::model::quiz::exam::{ExamFile, ExamResult, fingerprint, load_exam, load_result};
use kz_civics::model::quiz::generate::generate_with;
use kz_civics::model::quiz::report::build_report;
use kz_civics::model::quiz::rng::Rng;
use kz_civics::model::quiz::{
    AlmostPolicy, Body, ExamRun, Kind, Leniency, Phase, QuizCommand, QuizSpec, Response, Session, Verdict, generate,
};
use kz_civics::model::study::StudyScope;
use kz_civics::model::{Card, Chart, Deck, Library};

fn bundled() -> (Library, Deck) {
    let lib = Library::bundled().expect("bundled data loads");
    let cd = chart_deck(&lib.chart);
    (lib, cd)
}

fn decks<'a>(lib: &'a Library, chart_deck: &'a Deck) -> Vec<&'a Deck> {
    lib.decks.iter().map(|d| &d.deck).chain(std::iter::once(chart_deck)).collect()
}

fn card_of<'a>(decks: &[&'a Deck], deck: &str, card: &str) -> &'a Card {
    let d = decks.iter().find(|d| d.id == deck).expect("deck");
    d.card(card).expect("card")
}

/// Checks every multiple-choice and true/false question: one right option, no duplicates, no option
/// that is an accepted answer, options of the answer's type.
fn check_options(chart: &Chart, decks: &[&Deck], pool: &Pool, seeds: std::ops::Range<u64>) -> usize {
    let mut checked = 0;
    for seed in seeds {
        let spec = QuizSpec { count: 30, kinds: vec![Kind::Choice, Kind::TrueFalse], seed, ..Default::default() };
        for q in generate_with(&spec, chart, decks, pool).questions {
            let about = &q.about[0];
            let card = card_of(decks, &about.deck, &about.card);
            let kind = pool.kind_of(&about.deck, card);
            let wrong: Vec<String> = match &q.body {
                Body::Choice { options, correct } => {
                    assert!(options.len() >= 2 && options.len() <= 4, "{}: {options:?}", q.id);
                    for (i, a) in options.iter().enumerate() {
                        for b in &options[i + 1..] {
                            assert!(!same_answer(a, b), "{}: duplicate options {a:?} and {b:?}", q.id);
                        }
                    }
                    options.iter().enumerate().filter(|(i, _)| i != correct).map(|(_, o)| o.clone()).collect()
                }
                Body::TrueFalse { statement, truth: false } => vec![statement.clone()],
                Body::TrueFalse { truth: true, .. } => continue,
                other => panic!("{}: unexpected {other:?}", q.id),
            };
            for w in &wrong {
                assert!(
                    !card.answers().any(|a| same_answer(a, w)),
                    "{}: the wrong option {w:?} is an accepted answer of {:?}",
                    q.id,
                    card.back
                );
                let probe = Card { back: w.clone(), ..card.clone() };
                let wrong_kind = pool.classify(&probe);
                // The author's own wrong options are taken as written.
                let same_type = card.wrong.contains(w)
                    || match (&kind, &wrong_kind) {
                        (AnswerType::Number(_), AnswerType::Number(_)) | (AnswerType::Year(_), AnswerType::Year(_)) => {
                            true
                        }
                        (AnswerType::Date { day: a, .. }, AnswerType::Date { day: b, .. }) => {
                            a.is_some() == b.is_some()
                        }
                        (a, b) => a == b,
                    };
                assert!(same_type, "{}: {w:?} is {wrong_kind:?}, the answer {:?} is {kind:?}", q.id, card.back);
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn options_on_the_bundled_data_are_of_the_answers_type_unique_and_never_right() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let pool = Pool::build(&lib.chart, decks.iter().flat_map(|d| d.cards.iter().map(move |c| (d.id.as_str(), c))));
    let checked = check_options(&lib.chart, &decks, &pool, 0..12);
    assert!(checked > 200, "only {checked} questions checked");
}

#[test]
fn another_holder_of_the_same_post_at_the_same_time_is_never_a_wrong_option() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let pool = Pool::build(&lib.chart, decks.iter().flat_map(|d| d.cards.iter().map(move |c| (d.id.as_str(), c))));
    // Kelimbetov and Musin both headed the Administration in 2008 (one until October, one from then).
    let unit = lib.chart.unit("head-of-administration").expect("unit");
    let card = Card {
        id: "who-2008".into(),
        front: "Who headed the Administration from October 2008?".into(),
        back: "Aslan Musin".into(),
        accept: vec![],
        wrong: vec![],
        tags: vec![],
        unit: Some(unit.id.clone()),
        sources: vec![],
        note: String::new(),
    };
    assert_eq!(pool.classify(&card), AnswerType::Person);
    for seed in 0..40 {
        let options = pool.distractors("x", &card, Some(unit), 3, &mut Rng::new(seed));
        assert_eq!(options.len(), 3, "{options:?}");
        assert!(!options.iter().any(|o| same_answer(o, "Kairat Kelimbetov")), "{options:?}");
        assert!(!options.iter().any(|o| same_answer(o, "Aslan Musin")), "{options:?}");
    }
}

/// A random deck of people, bodies, numbers, years and dates, with spelling variants.
fn random_deck(seed: u64) -> Deck {
    let mut rng = Rng::new(seed);
    let people =
        ["Aliya Nurlanova", "Bolat Serikov", "Dana Akhmetova", "Erlan Kasymov", "Gulnar Bekova", "Timur Omarov"];
    let bodies = ["The Audit Chamber", "The Water Council", "The Rail Agency", "The Grain Committee", "The Sky Office"];
    let months = ["January", "March", "May", "July", "October", "December"];
    let mut cards = Vec::new();
    for i in 0..60 {
        let (front, back, accept) = match rng.below(5) {
            0 => (format!("Who led group {i}?"), people[rng.below(people.len())].to_owned(), vec![]),
            1 => (format!("Which body runs item {i}?"), bodies[rng.below(bodies.len())].to_owned(), vec![]),
            2 => {
                let n = 1 + rng.below(200);
                (format!("How many members in set {i}?"), n.to_string(), vec![])
            }
            3 => (format!("In which year did event {i} happen?"), (1990 + rng.below(30)).to_string(), vec![]),
            _ => {
                let y = 1990 + rng.below(30);
                let m = months[rng.below(months.len())];
                (format!("When did change {i} happen?"), format!("{m} {y}"), vec![format!("{y}")])
            }
        };
        cards.push(Card {
            id: format!("c{i}"),
            front,
            back,
            accept,
            wrong: vec![],
            tags: vec!["t".into()],
            unit: None,
            sources: vec![],
            note: String::new(),
        });
    }
    Deck {
        version: 1,
        id: format!("random-{seed}"),
        title: "Random".into(),
        description: String::new(),
        sources: vec![],
        cards,
    }
}

#[test]
fn options_on_random_decks_keep_the_same_promises() {
    let (lib, _) = bundled();
    for seed in 0..25 {
        let deck = random_deck(seed);
        let decks = vec![&deck];
        let pool = Pool::build(&lib.chart, deck.cards.iter().map(|c| (deck.id.as_str(), c)));
        check_options(&lib.chart, &decks, &pool, seed..seed + 2);
    }
}

#[test]
fn the_same_seed_and_decks_give_the_same_questions_and_another_seed_others() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let spec = QuizSpec { count: 25, kinds: Kind::ALL.to_vec(), seed: 99, ..Default::default() };
    let a = generate(&spec, &lib.chart, &decks).questions;
    let b = generate(&spec, &lib.chart, &decks).questions;
    assert_eq!(a, b);
    assert_eq!(a.len(), 25);
    let c = generate(&QuizSpec { seed: 100, ..spec.clone() }, &lib.chart, &decks).questions;
    assert_ne!(fingerprint(&a), fingerprint(&c));
    // Every kind asked for is there.
    for kind in Kind::ALL {
        assert!(a.iter().any(|q| q.kind == kind), "no {kind:?} question");
    }
}

#[test]
fn a_branch_quiz_asks_only_about_that_branch() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let branch = lib.chart.branch_ids("administration");
    let spec = QuizSpec {
        scope: StudyScope::Branch("administration".into()),
        count: 15,
        kinds: vec![Kind::Choice, Kind::Typed, Kind::Chart],
        seed: 5,
    };
    let qs = generate(&spec, &lib.chart, &decks).questions;
    assert!(!qs.is_empty());
    for q in &qs {
        for a in &q.about {
            assert!(a.unit.as_deref().is_some_and(|u| branch.contains(u)), "{} is about {:?}", q.id, a.unit);
        }
    }
}

#[test]
fn matching_pairs_five_distinct_answers_and_chart_questions_name_real_units() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let spec = QuizSpec { count: 20, kinds: vec![Kind::Matching, Kind::Chart], seed: 3, ..Default::default() };
    for q in generate(&spec, &lib.chart, &decks).questions {
        match &q.body {
            Body::Matching { prompts, answers, correct } => {
                assert_eq!((prompts.len(), answers.len()), (5, 5));
                let mut c = correct.clone();
                c.sort_unstable();
                assert_eq!(c, vec![0, 1, 2, 3, 4]);
                for (i, a) in answers.iter().enumerate() {
                    assert!(answers[i + 1..].iter().all(|b| !same_answer(a, b)), "{answers:?}");
                }
            }
            Body::PickUnit { targets } => assert!(targets.iter().all(|t| lib.chart.unit(t).is_some())),
            Body::NameUnit { unit, options, correct } => {
                let hidden = lib.chart.unit(unit).expect("unit");
                assert_eq!(options[*correct], hidden.name);
                for o in options.iter().filter(|o| **o != hidden.name) {
                    let other = lib.chart.units.iter().find(|u| u.name == *o).expect("an option is a unit");
                    assert_ne!(other.parent, hidden.parent, "{o} sits beside the hidden {}", hidden.name);
                }
                assert_eq!(q.about[0].deck, CHART_DECK_ID);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

fn typed_question() -> kz_civics::model::quiz::Question {
    kz_civics::model::quiz::Question {
        id: "typed:d/c".into(),
        kind: Kind::Typed,
        prompt: "Who chairs the Security Council?".into(),
        body: Body::Typed { answers: vec!["The President".into()], others: vec![] },
        about: vec![],
    }
}

fn choice_question(id: &str) -> kz_civics::model::quiz::Question {
    kz_civics::model::quiz::Question {
        id: id.into(),
        kind: Kind::Choice,
        prompt: format!("Question {id}?"),
        body: Body::Choice { options: vec!["A".into(), "B".into(), "C".into()], correct: 1 },
        about: vec![],
    }
}

#[test]
fn practice_checks_each_answer_then_moves_on_and_counts_a_slip_as_right() {
    let mut s = Session::practice(vec![typed_question(), choice_question("q2")], Leniency::Forgiving);
    s.handle(QuizCommand::Confirm, 0);
    assert_eq!(s.phase(), Phase::Asking, "nothing typed: nothing to check");
    s.handle(QuizCommand::SetText("Presidnet".into()), 0);
    s.handle(QuizCommand::Confirm, 0);
    assert_eq!(s.phase(), Phase::Feedback);
    assert_eq!(s.current_mark().map(|m| m.verdict), Some(Verdict::Almost));
    s.handle(QuizCommand::Confirm, 0);
    assert_eq!((s.phase(), s.position()), (Phase::Asking, 1));
    s.handle(QuizCommand::Letter(2), 0);
    s.handle(QuizCommand::Confirm, 0);
    s.handle(QuizCommand::Confirm, 0);
    assert_eq!(s.phase(), Phase::Finished);
    assert_eq!(s.score(), (1.0, 2));
    assert_eq!(s.missed().len(), 1);
}

fn run(deadline: Option<i64>) -> ExamRun {
    ExamRun {
        title: "Test exam".into(),
        fingerprint: "f".into(),
        student: "Aliya".into(),
        started: 1_000,
        deadline,
        almost: AlmostPolicy::Half,
    }
}

#[test]
fn an_exam_allows_moving_back_asks_before_submitting_and_marks_only_at_the_end() {
    let qs = vec![choice_question("a"), choice_question("b"), choice_question("c")];
    let mut s = Session::exam(qs, run(None), Leniency::Forgiving);
    s.handle(QuizCommand::Number(1), 1_001);
    s.handle(QuizCommand::Confirm, 1_002);
    assert_eq!(s.position(), 1);
    assert!(s.current_mark().is_none(), "no feedback during an exam");
    s.handle(QuizCommand::Previous, 1_003);
    assert_eq!(s.draft().choice, Some(1), "the answer given is still there");
    s.handle(QuizCommand::Number(0), 1_004);
    s.handle(QuizCommand::Next, 1_005);
    s.handle(QuizCommand::Confirm, 1_006);
    s.handle(QuizCommand::Confirm, 1_007);
    assert_eq!(s.phase(), Phase::ConfirmSubmit);
    s.handle(QuizCommand::CancelSubmit, 1_008);
    assert_eq!(s.phase(), Phase::Asking);
    s.handle(QuizCommand::Confirm, 1_009);
    s.handle(QuizCommand::Confirm, 1_010);
    assert_eq!(s.phase(), Phase::Finished);
    let r = s.result(|u| u.to_owned()).expect("a result");
    assert_eq!(r.total(), 3);
    assert_eq!(r.score(), 0.0, "the first answer was changed to A");
    assert_eq!(r.questions.iter().filter(|q| q.response.is_some()).count(), 1);
    assert_eq!(r.finished, 1_010);
}

#[test]
fn time_running_out_submits_what_was_answered() {
    let qs = vec![choice_question("a"), choice_question("b")];
    let mut s = Session::exam(qs, run(Some(1_060)), Leniency::Forgiving);
    s.handle(QuizCommand::Number(1), 1_010);
    assert_eq!(s.seconds_left(1_010), Some(50));
    s.tick(1_060);
    assert_eq!(s.phase(), Phase::Finished);
    assert!(s.timed_out());
    let r = s.result(|u| u.to_owned()).expect("a result");
    assert!(r.timed_out);
    assert_eq!(r.score(), 1.0, "the answer on screen when time ran out counts");
}

#[test]
fn each_student_sees_the_same_questions_in_an_order_of_their_own() {
    let qs: Vec<_> = (0..12).map(|i| choice_question(&format!("q{i}"))).collect();
    let order = |student: &str| {
        let mut r = run(None);
        r.student = student.into();
        let s = Session::exam(qs.clone(), r, Leniency::Forgiving);
        s.review().iter().map(|(q, _, _)| q.id.clone()).collect::<Vec<_>>()
    };
    let (a, b) = (order("Aliya"), order("Bolat"));
    assert_ne!(a, b);
    let (mut sa, mut sb) = (a.clone(), b.clone());
    sa.sort();
    sb.sort();
    assert_eq!(sa, sb);
    assert_eq!(a, order("Aliya"));
}

fn exam_file() -> ExamFile {
    ExamFile {
        version: 1,
        title: "Midterm: the Presidency".into(),
        scope: StudyScope::Branch("administration".into()),
        decks: vec!["structure".into(), "functions".into(), CHART_DECK_ID.into()],
        count: 12,
        kinds: vec![Kind::Choice, Kind::Typed, Kind::Chart],
        minutes: Some(15),
        almost: AlmostPolicy::Half,
        seed: 2024,
        fingerprint: None,
    }
}

#[test]
fn an_exam_file_round_trips_and_gives_the_same_questions_on_another_machine() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let mut exam = exam_file();
    let questions = exam.questions(&lib.chart, &decks).questions;
    exam.fingerprint = Some(fingerprint(&questions));
    let text = exam.to_ron().expect("serialises");
    let back = load_exam("midterm.exam.ron", &text, &lib.chart, &decks).expect("loads");
    assert_eq!(back, exam);
    // Another machine: the same bundled data, plus a deck of the student's own, opened in another order.
    let extra = random_deck(1);
    let mut other: Vec<&Deck> = vec![&extra];
    other.extend(decks.iter().rev());
    let again = back.questions(&lib.chart, &other).questions;
    assert_eq!(fingerprint(&again), back.fingerprint.clone().expect("fingerprint"));
}

#[test]
fn an_exam_naming_a_deck_that_is_not_loaded_says_which_and_where() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let mut exam = exam_file();
    exam.decks[1] = "my-own-deck".into();
    let text = exam.to_ron().expect("serialises");
    let problems = load_exam("t.exam.ron", &text, &lib.chart, &decks).expect_err("refused");
    assert_eq!(problems.len(), 1);
    let p = &problems[0];
    assert!(p.message.contains("deck `my-own-deck`, which is not loaded"), "{}", p.message);
    let line = text.lines().position(|l| l.contains("\"my-own-deck\"")).expect("line") + 1;
    assert_eq!(p.line, line);
    assert!(p.to_string().starts_with(&format!("t.exam.ron:{line}:")));
}

#[test]
fn a_bad_exam_file_gets_line_and_column() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    let text = exam_file().to_ron().expect("serialises").replace("count: 12", "count: \"twelve\"");
    let p = &load_exam("t.exam.ron", &text, &lib.chart, &decks).expect_err("refused")[0];
    let line = text.lines().position(|l| l.contains("count:")).expect("line") + 1;
    assert_eq!(p.line, line);
    assert!(p.message.contains("expected"), "{}", p.message);
    let newer = exam_file().to_ron().expect("serialises").replace("version: 1", "version: 7");
    let p = &load_exam("t.exam.ron", &newer, &lib.chart, &decks).expect_err("refused")[0];
    assert!(p.message.contains("exam format version 7 is newer"), "{}", p.message);
}

fn attempt(student: &str, answers: &[usize], started: i64) -> ExamResult {
    let qs: Vec<_> = (0..answers.len()).map(|i| choice_question(&format!("q{i}"))).collect();
    let mut r = run(None);
    r.student = student.into();
    r.started = started;
    let mut s = Session::exam(qs, r, Leniency::Forgiving);
    for pos in 0..answers.len() {
        s.handle(QuizCommand::GoTo(pos), started + 1);
        let id = s.current().expect("question").id.clone();
        let i: usize = id[1..].parse().expect("index");
        s.handle(QuizCommand::Number(answers[i]), started + 1);
    }
    s.handle(QuizCommand::Submit, started + 300);
    s.result(|u| u.to_owned()).expect("a result")
}

#[test]
fn a_results_file_round_trips_with_the_answers_given() {
    let r = attempt("Aliya Nur", &[1, 0, 2, 1], 5_000);
    let text = r.to_ron().expect("serialises");
    let back = load_result("x.result.ron", &text).expect("loads");
    assert_eq!(back, r);
    assert_eq!(back.score_text(), "2 / 4 (50%)");
    assert!(back.file_name().starts_with("aliya-nur-"), "{}", back.file_name());
    let dir = tempfile::tempdir().expect("tempdir");
    let a = r.save_in(dir.path()).expect("saved");
    let b = r.save_in(dir.path()).expect("saved again");
    assert_ne!(a, b, "a second attempt never overwrites the first");
    assert!(r.to_csv().lines().count() == 5);
}

#[test]
fn the_class_report_gives_facility_discrimination_and_wrong_option_counts_per_exam() {
    // q0: everyone right; q1: only the strong students; q2: only the weakest (negative discrimination).
    let results = vec![
        ("a".to_owned(), attempt("Strong", &[1, 1, 0, 1], 0)),
        ("b".to_owned(), attempt("Middle", &[1, 1, 0, 0], 10)),
        ("c".to_owned(), attempt("Weak", &[1, 0, 1, 2], 20)),
        ("d".to_owned(), attempt("Weakest", &[1, 2, 1, 0], 30)),
    ];
    let mut other = attempt("Elsewhere", &[1, 1, 1, 1], 40);
    other.exam_fingerprint = "another".into();
    let mut all = results.clone();
    all.push(("e".to_owned(), other));
    let report = build_report(all);
    assert_eq!(report.exams.len(), 2, "different exams are not mixed");
    let e = report.exams.iter().find(|e| e.fingerprint == "f").expect("the exam");
    assert_eq!(e.students.len(), 4);
    assert_eq!(e.students[0].student, "Strong");
    let q = |id: &str| e.questions.iter().find(|q| q.id == id).expect("question");
    assert_eq!(q("q0").facility, 1.0);
    assert_eq!(q("q1").facility, 0.5);
    assert_eq!(q("q1").discrimination, Some(1.0));
    assert_eq!(q("q1").wrong_options, vec![("A".to_owned(), 1), ("C".to_owned(), 1)]);
    assert!(q("q2").flagged(), "{:?}", q("q2").discrimination);
    assert!(e.questions.first().expect("q").facility <= e.questions.last().expect("q").facility, "hardest first");
    let text = report.to_text();
    assert!(text.contains("Strong") && text.contains("negative discrimination"), "{text}");
    assert!(report.to_csv().lines().count() > 8);
}

#[test]
fn a_cyrillic_answer_survives_the_results_file_and_is_judged_by_its_sound() {
    let q = typed_question();
    let r = Response::Text("Президент".into());
    // Президент reads "prezident": one letter from "president".
    let mark = q.mark(&r, Leniency::Forgiving, AlmostPolicy::Half);
    assert_eq!((mark.verdict, mark.credit), (Verdict::Almost, 0.5));
    let text = ron::to_string(&r).expect("serialises");
    assert_eq!(ron::from_str::<Response>(&text).expect("parses"), r);
}

#[test]
fn a_quiz_of_chart_questions_only_has_as_many_as_asked_for_every_seed() {
    let (lib, cd) = bundled();
    let decks = decks(&lib, &cd);
    for seed in 0..30 {
        let spec = QuizSpec { count: 10, kinds: vec![Kind::Chart], seed, ..Default::default() };
        assert_eq!(generate(&spec, &lib.chart, &decks).questions.len(), 10, "seed {seed}");
    }
}
