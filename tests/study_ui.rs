//! The Study view driven through egui_kittest on the real app: key presses and clicks, checked against
//! what the user sees and the app's state.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::state::View;
use kz_civics::app::{Command, Config, KzApp};
use kz_civics::model::progress::CardProgress;
use kz_civics::model::scheduler::{DAY, Phase};
use kz_civics::model::study::{Clock, StudyCommand, StudyScope};

/// 2024-06-05 10:00 UTC.
const T0: i64 = 1_717_581_600;

fn app(dir: &std::path::Path) -> Harness<'static, KzApp> {
    let dir = dir.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| KzApp::new(cc, Config { files: vec![], data_dir: Some(dir), exam: None }));
    let state = &mut harness.state_mut().state;
    state.study.set_clock(Clock::fixed(T0));
    // Intervals exactly as the scheduler computes them.
    state.handle(Command::Study(StudyCommand::SetFuzz(false)));
    harness.run();
    harness
}

/// The deck id, card id, front and back of the card on screen.
fn on_screen(h: &Harness<'_, KzApp>) -> (String, String, String, String) {
    let c = h.state().state.study.current().expect("a card is on screen");
    (c.deck_id.clone(), c.card.id.clone(), c.card.front.clone(), c.card.back.clone())
}

fn progress_of(h: &Harness<'_, KzApp>, deck: &str, card: &str) -> CardProgress {
    h.state().state.study.progress().card(deck, card).cloned().unwrap_or_default()
}

fn press(h: &mut Harness<'_, KzApp>, key: Key) {
    h.key_press(key);
    h.run();
}

#[test]
fn ctrl_2_opens_study_from_the_chart_with_the_first_card_front_showing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    assert_eq!(h.state().state.view, View::Chart);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    assert_eq!(h.state().state.view, View::Study);
    let (_, _, front, back) = on_screen(&h);
    h.get_by_label(&front);
    h.get_by_label("Show answer");
    assert!(h.query_by_label(&back).is_none(), "the answer is hidden until asked for");
    // Nothing studied yet: today's limit of 20 new cards is what is left.
    h.get_by_label("Today: 0 done · 20 left (0 learning · 0 to review · 20 new)");
}

#[test]
fn space_shows_the_answer_three_grades_bring_the_next_card_and_ctrl_z_brings_the_previous_one_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();

    let mut seen = Vec::new();
    for _ in 0..3 {
        let (deck, card, front, back) = on_screen(&h);
        h.get_by_label(&front);
        press(&mut h, Key::Space);
        h.get_by_label(&back);
        assert!(h.query_by_label("Show answer").is_none());
        let before = progress_of(&h, &deck, &card);
        press(&mut h, Key::Num3);
        let after = progress_of(&h, &deck, &card);
        assert_eq!(after.reviews.len(), before.reviews.len() + 1, "the grade was recorded");
        h.get_by_label_contains(&format!("Today: {} done", seen.len() + 1));
        let (next_deck, next_card, next_front, _) = on_screen(&h);
        assert_ne!((&next_deck, &next_card), (&deck, &card), "the next card appears");
        h.get_by_label(&next_front);
        h.get_by_label("Show answer");
        seen.push((deck, card, front, before, after));
    }

    let (deck, card, front, before, after) = seen.pop().unwrap();
    assert_ne!(before, after);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(on_screen(&h).1, card, "the last graded card is back");
    h.get_by_label(&front);
    h.get_by_label("Show answer");
    assert_eq!(progress_of(&h, &deck, &card), before, "with exactly its state before the grade");
    assert_eq!(h.state().state.study.stats().reviewed, 2);
}

#[test]
fn enter_shows_the_answer_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.state_mut().state.handle(Command::Show(View::Study));
    h.run();
    let (_, _, _, back) = on_screen(&h);
    press(&mut h, Key::Enter);
    h.get_by_label(&back);
}

#[test]
fn grade_buttons_show_the_interval_each_grade_would_give() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.state_mut().state.handle(Command::Show(View::Study));
    h.run();
    h.get_by_label("Show answer").click();
    h.run();
    // A new card: Again 1 minute, Hard 5.5 minutes, Good 10 minutes, Easy 8 days (FSRS-6 defaults).
    h.get_by_label("Again\n<1m");
    h.get_by_label("Hard\n<6m");
    h.get_by_label("Good\n<10m");
    h.get_by_label("Easy\n8d");
    h.get_by_label("Easy\n8d").click();
    h.run();
    assert_eq!(h.state().state.study.stats().by_rating, [0, 0, 0, 1]);
}

#[test]
fn the_answer_links_to_its_unit_on_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.state_mut().state.handle(Command::Study(StudyCommand::SetScope(StudyScope::Deck("structure".into()))));
    h.state_mut().state.handle(Command::Show(View::Study));
    h.run();
    press(&mut h, Key::Space);
    let unit_id = h.state().state.study.current().and_then(|c| c.card.unit.clone()).expect("a linked unit");
    let name = h.state().state.library.chart.unit(&unit_id).expect("unit in the chart").name.clone();
    assert!(h.query_all_by_label_contains("Source:").count() >= 1);
    h.get_by_label(&name).click();
    h.run();
    assert_eq!(h.state().state.view, View::Chart);
    assert_eq!(h.state().state.selected_unit.as_deref(), Some(unit_id.as_str()));
}

#[test]
fn study_this_branch_starts_a_session_on_that_branch() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.state_mut().state.handle(Command::StudyBranch("parliament".into()));
    h.run();
    let state = &h.state().state;
    assert_eq!(state.view, View::Study);
    assert_eq!(state.study.scope(), &StudyScope::Branch("parliament".into()));
    let branch = state.library.chart.branch_ids("parliament");
    let unit = state.study.current().and_then(|c| c.card.unit.clone()).expect("a card about the branch");
    assert!(branch.contains(unit.as_str()), "{unit} is not under parliament");
    h.get_by_value("Branch: Parliament");
}

#[test]
fn when_nothing_is_due_the_view_says_when_the_next_card_is_and_offers_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.state_mut().state.handle(Command::Show(View::Study));
    h.state_mut().state.handle(Command::Study(StudyCommand::SetScope(StudyScope::Deck("structure".into()))));
    h.state_mut().state.handle(Command::Study(StudyCommand::SetNewPerDay(2)));
    h.run();
    for _ in 0..2 {
        press(&mut h, Key::Space);
        press(&mut h, Key::Num4);
    }
    h.get_by_label("Session complete");
    h.get_by_label_contains("You reviewed 2 cards");
    h.get_by_label_contains("The next card is due in 8 days");
    h.get_by_label("Study ahead");
    h.get_by_label_contains("more new card").click();
    h.run();
    assert!(h.state().state.study.current().is_some(), "more new cards were let in");

    // Studying ahead takes a card that is not yet due.
    let study = &mut h.state_mut().state.study;
    study.handle(StudyCommand::SetNewPerDay(0));
    while study.current().is_some() {
        study.handle(StudyCommand::ShowAnswer);
        study.handle(StudyCommand::Grade(kz_civics::model::scheduler::Rating::Easy));
    }
    h.run();
    h.get_by_label("Study ahead").click();
    h.run();
    let study = &h.state().state.study;
    let s = study.current_progress().and_then(|p| p.schedule).expect("a reviewed card, taken ahead");
    assert_eq!(s.phase, Phase::Review);
    assert!(s.due > study.now() + DAY);
}
