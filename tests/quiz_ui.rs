//! The Quiz view driven through egui_kittest on the real app: practice quizzes of each kind answered by
//! keyboard, chart questions by click, a whole exam by keyboard (and one that times out) ending in a
//! results file, the class report from results files, the close guard.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::quiz::QuizAction;
use kz_civics::app::state::View;
use kz_civics::app::{Command, Config, ExamLaunch, KzApp};
use kz_civics::model::chart_cards::CHART_DECK_ID;
use kz_civics::model::quiz::exam::{ExamFile, load_result};
use kz_civics::model::quiz::{AlmostPolicy, Body, Kind, Phase, Response, Verdict};
use kz_civics::model::study::{Clock, StudyScope};

/// 2024-06-05 10:00 UTC.
const T0: i64 = 1_717_581_600;

/// The app on a fixed clock; an exam given is opened as the command line opens it.
fn app_with(dir: &std::path::Path, exam: Option<ExamLaunch>) -> Harness<'static, KzApp> {
    let dir = dir.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| KzApp::new(cc, Config { files: vec![], data_dir: Some(dir), exam: None }));
    harness.state_mut().state.study.set_clock(Clock::fixed(T0));
    if let Some(l) = exam {
        let open =
            QuizAction::OpenExam { exam: l.exam, origin: l.origin, student: l.student, results_dir: l.results_dir };
        harness.state_mut().state.handle(Command::Quiz(open));
    }
    harness.run();
    harness
}

fn app(dir: &std::path::Path) -> Harness<'static, KzApp> {
    app_with(dir, None)
}

fn press(h: &mut Harness<'_, KzApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn type_text(h: &mut Harness<'_, KzApp>, text: &str) {
    h.input_mut().events.push(egui::Event::Text(text.to_owned()));
    h.run();
}

/// Opens the Quiz view, asks for `kinds` only, and starts with Enter.
fn start_practice(h: &mut Harness<'_, KzApp>, kinds: &[Kind], count: usize) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(h.state().state.view, View::Quiz);
    for kind in Kind::ALL {
        h.state_mut().state.handle(Command::Quiz(QuizAction::SetKind(kind, true)));
    }
    for kind in Kind::ALL.into_iter().filter(|k| !kinds.contains(k)) {
        h.state_mut().state.handle(Command::Quiz(QuizAction::SetKind(kind, false)));
    }
    h.state_mut().state.handle(Command::Quiz(QuizAction::SetCount(count)));
    h.run();
    h.get_by_label("Start the quiz");
    press(h, Key::Enter);
    assert!(h.state().state.quiz.session.is_some(), "Enter starts the quiz");
}

fn current_body(h: &Harness<'_, KzApp>) -> Body {
    h.state().state.quiz.session.as_ref().and_then(|s| s.current()).expect("a question").body.clone()
}

fn current_verdict(h: &Harness<'_, KzApp>) -> Option<Verdict> {
    h.state().state.quiz.session.as_ref().and_then(|s| s.current_mark()).map(|m| m.verdict)
}

fn phase(h: &Harness<'_, KzApp>) -> Phase {
    h.state().state.quiz.session.as_ref().expect("a session").phase()
}

const NUMBERS: [Key; 5] = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];
const LETTERS: [Key; 5] = [Key::A, Key::B, Key::C, Key::D, Key::E];

/// Answers the question on screen right, by keyboard alone.
fn answer_right_by_keyboard(h: &mut Harness<'_, KzApp>) {
    match current_body(h) {
        Body::Choice { correct, .. } | Body::NameUnit { correct, .. } => press(h, LETTERS[correct]),
        Body::TrueFalse { truth, .. } => press(h, if truth { Key::T } else { Key::F }),
        Body::Typed { answers, .. } => type_text(h, &answers[0]),
        Body::Matching { correct, .. } => {
            for (prompt, answer) in correct.iter().enumerate() {
                press(h, NUMBERS[prompt]);
                press(h, LETTERS[*answer]);
            }
        }
        Body::PickUnit { targets } => {
            // Down steps through the chart's boxes in reading order until the right one is picked.
            let boxes = h.state().state.library.chart.units.len();
            for _ in 0..=boxes {
                press(h, Key::ArrowDown);
                let draft = h.state().state.quiz.session.as_ref().and_then(|s| s.draft().unit.clone());
                if draft.is_some_and(|u| targets.contains(&u)) {
                    return;
                }
            }
            panic!("Down never reached {targets:?}");
        }
    }
}

#[test]
fn a_practice_quiz_of_each_kind_is_answered_by_keyboard_with_feedback_after_each() {
    for kind in [Kind::Choice, Kind::TrueFalse, Kind::Typed, Kind::Matching, Kind::Chart] {
        let dir = tempfile::tempdir().unwrap();
        let mut h = app(dir.path());
        start_practice(&mut h, &[kind], 3);
        for n in 0..3 {
            h.get_by_label_contains(&format!("Question {} of 3", n + 1));
            let prompt = h.state().state.quiz.session.as_ref().unwrap().current().unwrap().prompt.clone();
            h.get_by_label(&prompt);
            answer_right_by_keyboard(&mut h);
            press(&mut h, Key::Enter);
            assert_eq!(current_verdict(&h), Some(Verdict::Right), "{kind:?} question {n}: {prompt}");
            h.get_by_label("Right");
            press(&mut h, Key::Enter);
        }
        assert_eq!(phase(&h), Phase::Finished);
        h.get_by_label("Score: 3 / 3 (100%)");
        h.get_by_label("Every question right.");
    }
}

#[test]
fn a_wrong_answer_shows_the_right_one_and_its_source_and_can_be_retried_or_studied() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    start_practice(&mut h, &[Kind::Choice], 2);
    for _ in 0..2 {
        let Body::Choice { options, correct } = current_body(&h) else { panic!("a choice") };
        let wrong = (correct + 1) % options.len();
        press(&mut h, NUMBERS[wrong]);
        press(&mut h, Key::Enter);
        assert_eq!(current_verdict(&h), Some(Verdict::Wrong));
        h.get_by_label("Not quite");
        h.get_by_label(&format!("The answer: {}", options[correct]));
        h.get_by_label_contains("Source: ");
        press(&mut h, Key::Enter);
    }
    h.get_by_label("Score: 0 / 2 (0%)");
    h.get_by_label("Retry the 2 missed").click();
    h.run();
    let s = h.state().state.quiz.session.as_ref().unwrap();
    assert_eq!((s.len(), s.phase()), (2, Phase::Asking), "the missed questions, again");

    // Missed again, then to Study: their cards are graded Again there.
    let about: Vec<(String, String)> = (0..2)
        .map(|_| {
            let q = h.state().state.quiz.session.as_ref().unwrap().current().unwrap().clone();
            let Body::Choice { options, correct } = q.body else { panic!() };
            press(&mut h, NUMBERS[(correct + 1) % options.len()]);
            press(&mut h, Key::Enter);
            press(&mut h, Key::Enter);
            (q.about[0].deck.clone(), q.about[0].card.clone())
        })
        .collect();
    h.get_by_label("Study the missed cards").click();
    h.run();
    assert_eq!(h.state().state.view, View::Study);
    for (deck, card) in about {
        let p = h.state().state.study.progress().card(&deck, &card).cloned().expect("a review");
        assert_eq!(p.reviews.last().map(|r| r.1), Some(1), "graded Again");
    }
}

#[test]
fn a_slip_in_a_typed_answer_is_almost_with_the_difference_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    start_practice(&mut h, &[Kind::Typed], 20);
    // Find a question with a long enough one-word answer to misspell.
    for _ in 0..20 {
        let Body::Typed { answers, .. } = current_body(&h) else { panic!() };
        let word = answers.iter().find(|a| a.len() >= 6 && a.chars().all(char::is_alphabetic));
        if let Some(word) = word {
            let mut slip: Vec<char> = word.chars().collect();
            slip.swap(2, 3);
            let slip: String = slip.into_iter().collect();
            if slip.to_lowercase() != word.to_lowercase() {
                type_text(&mut h, &slip);
                press(&mut h, Key::Enter);
                assert_eq!(current_verdict(&h), Some(Verdict::Almost), "{slip} for {word}");
                h.get_by_label("Almost: a slip, counted as right");
                h.get_by_label("Spelling: ");
                return;
            }
        }
        type_text(&mut h, "x");
        press(&mut h, Key::Enter);
        press(&mut h, Key::Enter);
    }
    panic!("no one-word typed answer in 20 questions");
}

#[test]
fn chart_questions_are_answered_on_the_chart_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    start_practice(&mut h, &[Kind::Chart], 8);
    let mut picked = 0;
    let mut named = 0;
    for _ in 0..8 {
        match current_body(&h) {
            Body::PickUnit { targets } => {
                // A wrong click first shows where the right unit was.
                let chart = &h.state().state.library.chart;
                let wrong = chart.units.iter().find(|u| !targets.contains(&u.id) && !u.proposal).unwrap().name.clone();
                let right = chart.unit(&targets[0]).unwrap().name.clone();
                let _ = right;
                h.get_by_role_and_label(Role::TreeItem, &wrong).click_accesskit();
                h.run();
                press(&mut h, Key::Enter);
                assert_eq!(current_verdict(&h), Some(Verdict::Wrong));
                h.get_by_label_contains("The answer: ");
                picked += 1;
            }
            Body::NameUnit { unit, correct, .. } => {
                // The box shows no name, and the name is not in the tree for screen readers either.
                h.get_by_role_and_label(Role::TreeItem, "Hidden unit");
                let name = h.state().state.library.chart.unit(&unit).unwrap().name.clone();
                assert!(h.query_by_role_and_label(Role::TreeItem, &name).is_none(), "{name} is hidden");
                press(&mut h, NUMBERS[correct]);
                press(&mut h, Key::Enter);
                assert_eq!(current_verdict(&h), Some(Verdict::Right));
                named += 1;
            }
            other => panic!("not a chart question: {other:?}"),
        }
        press(&mut h, Key::Enter);
    }
    assert!(picked > 0 && named > 0, "{picked} picked, {named} named");
}

#[test]
fn a_right_click_on_the_chart_counts_right() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    start_practice(&mut h, &[Kind::Chart], 10);
    for _ in 0..10 {
        if let Body::PickUnit { targets } = current_body(&h) {
            let name = h.state().state.library.chart.unit(&targets[0]).unwrap().name.clone();
            h.get_by_role_and_label(Role::TreeItem, &name).click_accesskit();
            h.run();
            h.get_by_label(&format!("Your pick: {name}"));
            press(&mut h, Key::Enter);
            assert_eq!(current_verdict(&h), Some(Verdict::Right));
            return;
        }
        press(&mut h, Key::Num1);
        press(&mut h, Key::Enter);
        press(&mut h, Key::Enter);
    }
    panic!("no pick question");
}

#[test]
fn a_unit_to_find_can_be_picked_with_up_and_down_and_the_pick_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    start_practice(&mut h, &[Kind::Chart], 10);
    for _ in 0..10 {
        if let Body::PickUnit { .. } = current_body(&h) {
            h.get_by_label("Click a box on the chart below (or pick with the Up and Down keys).");
            press(&mut h, Key::ArrowDown);
            press(&mut h, Key::ArrowDown);
            let second = h.state().state.quiz.session.as_ref().and_then(|s| s.draft().unit.clone()).unwrap();
            press(&mut h, Key::ArrowUp);
            let first = h.state().state.quiz.session.as_ref().and_then(|s| s.draft().unit.clone()).unwrap();
            assert_ne!(first, second, "Up goes back one box");
            let name = h.state().state.library.chart.unit(&first).unwrap().name.clone();
            h.get_by_label(&format!("Your pick: {name}"));
            press(&mut h, Key::Enter);
            assert!(current_verdict(&h).is_some(), "Enter answers with the unit picked by keyboard");
            return;
        }
        press(&mut h, Key::Num1);
        press(&mut h, Key::Enter);
        press(&mut h, Key::Enter);
    }
    panic!("no pick question");
}

#[test]
fn quiz_this_branch_on_the_chart_opens_the_quiz_on_that_branch() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.get_by_role_and_label(Role::TreeItem, "Security Council").click();
    h.run();
    h.get_by_label("Quiz this branch").click();
    h.run();
    assert_eq!(h.state().state.view, View::Quiz);
    assert_eq!(h.state().state.quiz.settings.scope, StudyScope::Branch("security-council".into()));
    h.get_by_label("Start the quiz");
}

fn exam(minutes: Option<u32>) -> ExamFile {
    ExamFile {
        version: 1,
        title: "Midterm".into(),
        scope: StudyScope::All,
        decks: vec!["structure".into(), "parliament".into(), CHART_DECK_ID.into()],
        count: 4,
        kinds: vec![Kind::Choice, Kind::TrueFalse, Kind::Typed],
        minutes,
        almost: AlmostPolicy::Half,
        seed: 7,
        fingerprint: None,
    }
}

fn results_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(".result.ron")).collect())
        .unwrap_or_default()
}

#[test]
fn a_whole_exam_by_keyboard_ends_in_a_results_file_with_the_answers_given() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("class-results");
    let launch = ExamLaunch {
        exam: exam(Some(30)),
        origin: "midterm.exam.ron".into(),
        student: None,
        results_dir: Some(results.clone()),
    };
    let mut h = app_with(dir.path(), Some(launch));
    assert_eq!(h.state().state.view, View::Quiz);
    h.get_by_label("Midterm");
    type_text(&mut h, "Aliya Nur");
    press(&mut h, Key::Enter);
    assert!(h.state().state.quiz.exam_running(), "the exam started");
    assert!(h.query_by_label("Chart").is_none(), "full window: no tabs during an exam");
    h.get_by_label("30:00 left");
    // Ctrl+1 does not leave the exam.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    assert_eq!(h.state().state.view, View::Quiz);

    let mut given: Vec<(String, Response)> = Vec::new();
    for n in 0..4 {
        h.get_by_label(&format!("Question {} of 4", n + 1));
        assert!(h.state().state.quiz.session.as_ref().unwrap().current_mark().is_none(), "no feedback");
        let q = h.state().state.quiz.session.as_ref().unwrap().current().unwrap().clone();
        let response = match &q.body {
            Body::Choice { .. } => {
                press(&mut h, Key::Num2);
                Response::Choice(1)
            }
            Body::TrueFalse { .. } => {
                press(&mut h, Key::T);
                Response::Bool(true)
            }
            Body::Typed { .. } => {
                type_text(&mut h, "The President");
                Response::Text("The President".into())
            }
            other => panic!("unexpected {other:?}"),
        };
        given.push((q.id.clone(), response));
        press(&mut h, Key::Enter);
    }
    h.get_by_label("Submit the exam?");
    h.get_by_label("You answered 4 of 4 questions.");
    press(&mut h, Key::Enter);
    assert!(!h.state().state.quiz.exam_running());
    let files = results_in(&results);
    assert_eq!(files.len(), 1, "one results file in {}", results.display());
    h.get_by_label(&format!("Results saved to {}", files[0].display()));
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let result = load_result("r", &text).expect("the results file parses");
    assert_eq!(result.student, "Aliya Nur");
    assert!(!result.timed_out);
    for (id, response) in given {
        let q = result.questions.iter().find(|q| q.question.id == id).expect("every question is in the file");
        assert_eq!(q.response.as_ref(), Some(&response));
    }
    h.get_by_label("Export CSV").click();
    h.run();
    assert!(files[0].with_extension("").with_extension("csv").exists());
}

#[test]
fn an_exam_that_runs_out_of_time_is_handed_in_with_what_was_answered() {
    let dir = tempfile::tempdir().unwrap();
    let launch =
        ExamLaunch { exam: exam(Some(1)), origin: "cli".into(), student: Some("Bolat".into()), results_dir: None };
    let mut h = app_with(dir.path(), Some(launch));
    assert!(h.state().state.quiz.exam_running(), "a name on the command line starts the exam at once");
    let answered = match current_body(&h) {
        Body::Choice { .. } => {
            press(&mut h, Key::Num1);
            true
        }
        Body::TrueFalse { .. } => {
            press(&mut h, Key::F);
            true
        }
        _ => false,
    };
    h.state().state.study.clock().advance(61);
    h.run();
    assert!(!h.state().state.quiz.exam_running());
    h.get_by_label("The time ran out: the answers given by then were handed in.");
    let files = results_in(&dir.path().join("exams"));
    assert_eq!(files.len(), 1);
    let result = load_result("r", &std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert!(result.timed_out);
    assert_eq!(result.questions.iter().filter(|q| q.response.is_some()).count(), usize::from(answered));
}

#[test]
fn closing_the_window_during_an_exam_asks_first_then_submits() {
    let dir = tempfile::tempdir().unwrap();
    let launch = ExamLaunch { exam: exam(None), origin: "cli".into(), student: Some("Dana".into()), results_dir: None };
    let mut h = app_with(dir.path(), Some(launch));
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.state().close_guard);
    h.get_by_label("An exam is in progress");
    h.get_by_label("Keep going").click();
    h.run();
    assert!(h.state().state.quiz.exam_running());
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    h.get_by_label("Submit and quit").click();
    h.run();
    assert!(!h.state().state.quiz.exam_running());
    assert_eq!(results_in(&dir.path().join("exams")).len(), 1, "what was answered is saved");
}

#[test]
fn the_class_report_reads_three_results_files_and_lists_the_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results");
    // Two students take the same exam.
    for student in ["Aliya", "Bolat"] {
        let launch = ExamLaunch {
            exam: exam(None),
            origin: "cli".into(),
            student: Some(student.into()),
            results_dir: Some(results.clone()),
        };
        let mut h = app_with(dir.path(), Some(launch));
        for _ in 0..4 {
            if student == "Aliya" {
                answer_right_by_keyboard(&mut h);
            }
            press(&mut h, Key::Enter);
        }
        press(&mut h, Key::Enter);
        assert!(!h.state().state.quiz.exam_running());
    }
    std::fs::write(results.join("broken.result.ron"), "ExamResult(version: 1, exam: \"Midterm\",").unwrap();

    let mut h = app(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    h.get_by_label("Class report…").click();
    h.run();
    h.get_by_role(Role::TextInput).focus();
    h.run();
    type_text(&mut h, &results.display().to_string());
    h.get_by_label("Load").click();
    h.run();
    h.get_by_label("Midterm · 2 students");
    h.get_by_label("Aliya");
    h.get_by_label("Bolat");
    h.get_by_label_contains("4 / 4");
    h.get_by_label_contains("1 file(s) could not be read");
    h.get_by_label_contains("broken.result.ron:1:");
    h.get_by_label("Export CSV").click();
    h.run();
    assert!(results.join("class-report.csv").exists());
}

#[test]
fn an_exam_from_the_command_line_asks_the_name_and_starts_on_enter() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let launch =
        ExamLaunch { exam: exam(Some(10)), origin: "the command line".into(), student: None, results_dir: None };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| KzApp::new(cc, Config { files: vec![], data_dir: Some(d), exam: Some(launch) }));
    h.run();
    h.get_by_label("From the command line");
    type_text(&mut h, "Aliya");
    press(&mut h, Key::Enter);
    assert!(h.state().state.quiz.exam_running());
}
