//! The Stats view, the chart's mastery overlay, the first view of the chart and the first-run welcome,
//! on the real app through egui_kittest.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::state::View;
use kz_civics::app::{Command, Config, KzApp, Persisted};
use kz_civics::model::scheduler::Rating;
use kz_civics::model::study::{Clock, StudyCommand};

/// 2024-06-05 10:00 UTC.
const T0: i64 = 1_717_581_600;

fn app(dir: &std::path::Path) -> Harness<'static, KzApp> {
    let dir = dir.to_path_buf();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| KzApp::new(cc, Config { files: vec![], data_dir: Some(dir), exam: None }));
    h.state_mut().state.study.set_clock(Clock::fixed(T0));
    h.run();
    h
}

/// Grades `n` cards Good, an hour apart; returns the chart units of the cards graded.
fn study(h: &mut Harness<'static, KzApp>, n: usize) -> Vec<String> {
    let mut units = Vec::new();
    for _ in 0..n {
        let state = &mut h.state_mut().state;
        if let Some(u) = state.study.current().and_then(|c| c.card.unit.clone()) {
            units.push(u);
        }
        state.handle(Command::Study(StudyCommand::ShowAnswer));
        state.handle(Command::Study(StudyCommand::Grade(Rating::Good)));
        state.study.clock().advance(3600);
    }
    h.run();
    units
}

#[test]
fn with_no_reviews_the_stats_view_says_what_will_appear_and_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run();
    h.run();
    h.get_by_label("No reviews yet");
    h.get_by_label_contains("reviews per day");
    h.get_by_label("Start studying").click();
    h.run();
    assert_eq!(h.state().state.view, View::Study);
}

#[test]
fn after_some_reviews_the_stats_view_shows_its_plots_with_explanations() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    study(&mut h, 12);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.run();
    h.run();
    assert!(h.query_by_label("No reviews yet").is_none());
    for title in [
        "Reviews per day",
        "True retention per week",
        "Due in the next 30 days",
        "Time studied per day",
        "Cards by state",
        "Mastery by branch",
        "Exams taken on this machine",
    ] {
        h.get_by_label(title);
    }
    h.get_by_label_contains("recalled (not graded Again)");
    let stats = h.state().state.stats.view().expect("figures");
    assert_eq!(stats.reviews, 12);
    let today = stats.days.last().expect("today");
    assert_eq!(today.total(), 12, "all twelve reviews were today");
    // The range switch changes what the plots show.
    h.get_by_label("90").click();
    h.run();
    assert_eq!(h.state().state.stats.settings.days, 90);
}

#[test]
fn the_mastery_overlay_colours_a_unit_once_its_cards_are_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let units = study(&mut h, 20);
    let unit = units.first().cloned().expect("a card about a chart unit");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    h.key_press(Key::M);
    h.run();
    h.run();
    assert!(h.state().state.chart.mastery, "M turns the overlay on");
    let stats = h.state().state.stats.all().expect("figures for every card");
    let i = h.state().state.chart.unit_index(&unit).expect("unit");
    assert!(stats.units[i].mean.is_some(), "{unit} is coloured by its cards");
    let never = (0..stats.units.len()).find(|&j| stats.units[j].cards > 0 && stats.units[j].reviewed == 0);
    assert!(never.is_some(), "some unit stays grey: none of its cards reviewed");
    // Its figures in the details panel.
    h.state_mut().state.handle(Command::ShowUnit(unit.clone()));
    h.run();
    assert!(h.get_all_by_label_contains("likely recalled now").count() >= 1);
    h.get_all_by_label_contains("Mastery: ").next().expect("the unit's figures");
    h.get_by_label("Legend").click();
    h.run();
    h.get_by_label("not reviewed");
}

#[test]
fn the_first_view_shows_the_president_administration_security_council_and_government_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.run();
    let details = h.get_by_label("Details").rect();
    for name in
        ["President of the Republic of Kazakhstan", "Administration of the President", "Security Council", "Government"]
    {
        let r = h.get_by_role_and_label(Role::TreeItem, name).rect();
        assert!(r.min.x >= 0.0 && r.min.y >= 60.0 && r.max.y <= 800.0, "{name} off screen: {r:?}");
        assert!(r.max.x <= details.min.x, "{name} under the details panel: {r:?} vs {details:?}");
        assert!(r.width() >= 120.0, "{name} too small to read: {r:?}");
    }
}

/// eframe's storage, in memory.
#[derive(Default)]
struct Memory(std::collections::HashMap<String, String>);

impl eframe::Storage for Memory {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

fn app_with_storage(storage: &'static Memory) -> Harness<'static, KzApp> {
    let mut h = Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(move |cc| {
        cc.storage = Some(storage);
        KzApp::new(cc, Config::default())
    });
    h.run();
    h
}

#[test]
fn the_welcome_appears_at_the_first_start_only_and_starts_on_the_essentials() {
    let first: &'static Memory = Box::leak(Box::default());
    let mut h = app_with_storage(first);
    h.get_by_label("Welcome to KZ Civics");
    h.get_by_label("Start studying").click();
    h.run();
    assert_eq!(h.state().state.view, View::Study);
    assert_eq!(*h.state().state.study.scope(), kz_civics::model::study::StudyScope::Essentials);
    assert!(h.query_by_label("Welcome to KZ Civics").is_none());

    // What the app saves says so, and the next start opens without it.
    let mut saved = Memory::default();
    eframe::set_value(&mut saved, eframe::APP_KEY, &h.state().state.persisted());
    let persisted: Persisted = eframe::get_value(&saved, eframe::APP_KEY).expect("saved");
    assert!(persisted.welcome_seen);
    let second: &'static Memory = Box::leak(Box::new(saved));
    let mut h = app_with_storage(second);
    assert!(h.query_by_label("Welcome to KZ Civics").is_none());
    // Help > Welcome brings it back.
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Welcome…").click();
    h.run();
    h.get_by_label("Welcome to KZ Civics");
}
