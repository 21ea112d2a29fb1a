//! The Settings window on the real app through egui_kittest: opening it, the look (theme and UI scale)
//! and its shortcuts, what survives a restart, and Settings > Scheduling's optimising and retention
//! jobs (disabled on a fresh profile; run, cancelled and accepted on a simulated history).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers, ThemePreference};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kz_civics::app::settings::{OPTIMISE_CANCELLED, Run, Theme};
use kz_civics::app::{Config, KzApp};
use kz_civics::model::optimise::synthetic;
use kz_civics::model::progress;
use kz_civics::model::scheduler::Parameters;
use kz_civics::model::study::Clock;

/// 2025-06-01 08:00 UTC.
const NOW: i64 = 1_748_764_800;

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

fn app(dir: Option<&std::path::Path>, storage: Option<&'static Memory>) -> Harness<'static, KzApp> {
    let dir = dir.map(std::path::Path::to_path_buf);
    let mut h = Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(move |cc| {
        cc.storage = storage.map(|s| s as &dyn eframe::Storage);
        KzApp::new(cc, Config { files: vec![], data_dir: dir, exam: None })
    });
    h.state_mut().state.study.set_clock(Clock::fixed(NOW));
    // A first start with a storage shows the welcome; these tests are about the settings.
    h.state_mut().state.welcome_open = false;
    h.run();
    h
}

fn open_settings(h: &mut Harness<'static, KzApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    h.run();
    assert!(h.state().state.settings.open);
}

fn scheduling(h: &mut Harness<'static, KzApp>) {
    open_settings(h);
    h.get_by_label("Scheduling").click();
    h.run();
}

/// A data folder holding the reviews of `cards` simulated cards over `days` days (80 cards over 150
/// days make about 1,300 reviews).
fn studied(cards: usize, days: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = synthetic::simulate(Parameters::new(&synthetic::FORGETFUL).unwrap(), cards, days, NOW, 1);
    progress::save(dir.path(), &p).unwrap();
    dir
}

/// Counts the repaints asked for from other threads than the test's (the UI's): the background jobs'
/// wake calls (every request, also those that come when a repaint is already due).
fn count_repaints(h: &Harness<'static, KzApp>) -> Arc<AtomicUsize> {
    let n = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&n);
    let ui_thread = std::thread::current().id();
    h.ctx.set_repaint_observer(move |info| {
        if info.delay.is_zero() && std::thread::current().id() != ui_thread {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    n
}

/// After a job ended: its progress thread has stopped (it looks every 50 ms), and then no thread asks
/// for frames.
fn assert_at_rest(h: &mut Harness<'static, KzApp>, repaints: &AtomicUsize) {
    std::thread::sleep(Duration::from_millis(150));
    h.run();
    repaints.store(0, Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(repaints.load(Ordering::Relaxed), 0, "nothing runs, yet repaints are asked for");
}

/// Steps frames until the optimising job has ended (at most a minute).
fn wait_for_optimising(h: &mut Harness<'static, KzApp>) {
    let start = Instant::now();
    while h.state().state.settings.optimise.is_running() {
        assert!(start.elapsed() < Duration::from_secs(60), "optimising took over a minute");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

#[test]
fn ctrl_comma_opens_settings_and_closes_them_again() {
    let mut h = app(None, None);
    assert!(h.query_by_label("Settings").is_none());
    open_settings(&mut h);
    h.get_by_label("Settings");
    h.get_by_label("New cards per day");
    h.get_by_label_contains("chance of recalling a card");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    h.run();
    assert!(h.query_by_label("Settings").is_none());
}

#[test]
fn file_settings_opens_the_settings_window() {
    let mut h = app(None, None);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Settings…").click();
    h.run();
    h.get_by_label("Settings");
    h.get_by_label("Reset view settings");
}

#[test]
fn ctrl_equals_minus_and_zero_step_the_scale_once_per_press_and_reset_it() {
    let mut h = app(None, None);
    let scale = |h: &Harness<'static, KzApp>| (h.state().state.settings.look.ui_scale, h.ctx.zoom_factor());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    h.run();
    assert_eq!(scale(&h), (1.1, 1.1), "one step, not two (egui's own zoom keys are off)");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert_eq!(scale(&h), (1.2, 1.2));
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
        h.run();
    }
    assert_eq!(scale(&h), (0.9, 0.9));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert_eq!(scale(&h), (1.0, 1.0));
}

#[test]
fn theme_and_scale_chosen_in_settings_survive_a_restart() {
    let first: &'static Memory = Box::leak(Box::default());
    let mut h = app(None, Some(first));
    open_settings(&mut h);
    h.get_by_label("Light").click();
    h.run();
    h.get_by_label("Larger").click();
    h.run();
    h.get_by_label("Larger").click();
    h.run();
    assert_eq!(h.ctx.options(|o| o.theme_preference), ThemePreference::Light);
    assert_eq!(h.ctx.zoom_factor(), 1.2);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    assert!(!h.ctx.global_style().visuals.dark_mode);

    let mut saved = Memory::default();
    eframe::App::save(h.state_mut(), &mut saved);
    let second: &'static Memory = Box::leak(Box::new(saved));
    let h = app(None, Some(second));
    assert_eq!(h.state().state.settings.look.theme, Theme::Light);
    assert_eq!(h.ctx.options(|o| o.theme_preference), ThemePreference::Light);
    assert_eq!(h.ctx.zoom_factor(), 1.2);
}

#[test]
fn reset_view_settings_brings_back_the_default_look_and_chart() {
    let mut h = app(None, None);
    open_settings(&mut h);
    h.get_by_label("Dark").click();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    h.run();
    h.state_mut().state.chart.year = Some(2010);
    h.get_by_label("Reset view settings").scroll_to_me();
    h.run();
    h.get_by_label("Reset view settings").click();
    h.run();
    let state = &h.state().state;
    assert_eq!(state.settings.look.theme, Theme::System);
    assert_eq!(state.settings.look.ui_scale, 1.0);
    assert_eq!(state.chart.year, None);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    h.get_by_label_contains("View settings reset");
}

#[test]
fn new_cards_per_day_and_leniency_set_in_settings_reach_study_and_quiz() {
    let mut h = app(None, None);
    open_settings(&mut h);
    h.get_by_label("Exact spelling").click();
    h.run();
    assert_eq!(h.state().state.quiz.settings.leniency, kz_civics::model::quiz::Leniency::Exact);
    let n = h.get_by_label("New cards per day");
    n.focus();
    h.run();
    h.get_by_label("New cards per day").type_text("5");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().state.study.settings().new_per_day, 5);
}

#[test]
fn the_data_folder_is_shown_with_a_button_to_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(Some(dir.path()), None);
    open_settings(&mut h);
    h.get_by_label(&dir.path().display().to_string());
    h.get_by_label("Open the data folder");
}

#[test]
fn on_a_fresh_profile_optimising_is_disabled_and_says_how_many_reviews_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(Some(dir.path()), None);
    scheduling(&mut h);
    assert!(h.get_by_label("Optimise my parameters").accesskit_node().is_disabled());
    h.get_by_label_contains("needs at least 400 reviews across 50 cards; there are 0 reviews across 0 cards");
    assert!(h.get_by_label("Reset to defaults").accesskit_node().is_disabled());
    h.get_by_label_contains("FSRS-6 defaults");
}

#[test]
fn an_optimise_run_can_be_cancelled_and_leaves_the_parameters_and_the_ui_at_rest() {
    // Enough reviews that the fitting takes a while.
    let dir = studied(300, 300);
    let mut h = app(Some(dir.path()), None);
    scheduling(&mut h);
    let button = h.get_by_label("Optimise my parameters");
    assert!(!button.accesskit_node().is_disabled());
    h.get_by_label_contains("reviews across 300 cards to optimise on");
    let repaints = count_repaints(&h);
    button.click();
    // Frame by frame (not `run`, which could wait for the end): the click, then Cancel drawn.
    h.step();
    h.step();
    assert!(h.state().state.settings.optimise.is_running());
    h.get_by_label("Cancel").click();
    h.step();
    // Either still winding down (the line says so) or, if the job was finishing anyway, already over:
    // cancelled all the same.
    let run = &h.state().state.settings.optimise;
    assert!(
        run.progress().is_some_and(|(_, cancelling)| cancelling) || matches!(run, Run::Ended(_)),
        "the job neither winds down nor ended after Cancel"
    );
    wait_for_optimising(&mut h);
    assert!(matches!(h.state().state.settings.optimise, Run::Ended(_)));
    h.get_by_label(OPTIMISE_CANCELLED);
    assert!(h.state().state.study.parameters().parameters.is_default());

    assert!(repaints.load(Ordering::Relaxed) > 0, "the job woke the UI");
    assert_at_rest(&mut h, &repaints);
}

#[test]
fn an_optimise_run_shows_both_evaluations_and_applies_the_new_parameters_when_accepted() {
    let dir = studied(80, 150);
    let mut h = app(Some(dir.path()), None);
    scheduling(&mut h);
    h.get_by_label_contains("reviews across 80 cards to optimise on");
    let repaints = count_repaints(&h);
    h.get_by_label("Optimise my parameters").click();
    // Frames, not `run`: the running job's wake calls would keep `run` going.
    h.run_steps(2);
    wait_for_optimising(&mut h);
    // The job woke the UI itself (progress, and its end); once it has ended nothing does.
    assert!(repaints.load(Ordering::Relaxed) > 0, "the running job asks for repaints");
    assert_at_rest(&mut h, &repaints);

    let optimised = h.state().state.settings.optimise.done().expect("an outcome").clone();
    for label in ["Log loss", "RMSE (bins)", "FSRS-6 defaults", "New (optimised)"] {
        h.get_by_label(label);
    }
    h.get_by_label(&format!("{:.4}", optimised.default_evaluation.log_loss));
    h.get_by_label(&format!("{:.4}", optimised.new_evaluation.log_loss));
    assert!(optimised.predicts_better(), "{}", optimised.verdict());
    // Nothing is applied before the user accepts.
    assert!(h.state().state.study.parameters().parameters.is_default());
    h.get_by_label("Use the new parameters").click();
    h.run();
    let params = *h.state().state.study.parameters();
    assert_eq!(params.parameters, optimised.new);
    assert!(params.optimised.is_some());
    assert!(kz_civics::model::optimise::saved::path(dir.path()).exists());
    assert!(!h.get_by_label("Reset to defaults").accesskit_node().is_disabled());
    h.get_by_label("Reset to defaults").click();
    h.run();
    assert!(h.state().state.study.parameters().parameters.is_default());
}

#[test]
fn suggest_a_retention_shows_the_daily_workload_at_a_few_retentions_and_can_use_the_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(Some(dir.path()), None);
    scheduling(&mut h);
    h.get_by_label("Suggest a retention").click();
    h.run_steps(2);
    let start = Instant::now();
    while h.state().state.settings.retention.is_running() {
        assert!(start.elapsed() < Duration::from_secs(120), "the simulation took over two minutes");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
    let advice = h.state().state.settings.retention.done().expect("a suggestion").clone();
    for header in ["Desired retention", "Reviews a day", "Minutes a day", "Remembered after a year"] {
        h.get_by_label(header);
    }
    for row in &advice.rows {
        assert!(h.query_all_by_label(&format!("{:.1}", row.reviews_per_day)).count() > 0, "{row:?}");
    }
    h.get_by_label("0.90 (now)");
    let text = format!("Use {:.2}", advice.suggested);
    if (advice.suggested - 0.9).abs() >= 0.005 {
        h.get_by_label(&text).click();
        h.run();
        assert_eq!(h.state().state.study.settings().desired_retention, advice.suggested);
    } else {
        assert!(h.get_by_label(&text).accesskit_node().is_disabled());
    }
}
