//! The app shell driven like a user would: clicks, key presses, typed text, dropped files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::{Config, KzApp, View};

fn app() -> Harness<'static, KzApp> {
    Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(|cc| KzApp::new(cc, Config::default()))
}

/// A file dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(harness: &mut Harness<'static, KzApp>, path: &Path) {
    harness.input_mut().dropped_files.push(Arc::new(Dropped(path.to_path_buf())));
    harness.run();
}

const GOOD_DECK: &str = r#"Deck(
    version: 1,
    id: "my-deck",
    title: "My own deck",
    cards: [
        (id: "one", front: "Who chairs the Security Council?", back: "The President"),
        (id: "two", front: "Which chamber is the lower house?", back: "The Majilis"),
    ],
)
"#;

#[test]
fn app_starts_on_the_chart_with_the_bundled_data() {
    let harness = app();
    let state = &harness.state().state;
    assert_eq!(state.view, View::Chart);
    assert!(!state.library.chart.units.is_empty());
    assert!(!state.library.decks.is_empty());
    assert!(state.notices.is_empty(), "bundled data reported problems: {:?}", state.notices);
    harness.get_by_role_and_label(egui::accesskit::Role::TreeItem, "President of the Republic of Kazakhstan");
}

#[test]
fn tabs_switch_by_click() {
    let mut harness = app();
    for (label, view) in
        [("Decks", View::Decks), ("Stats", View::Stats), ("Study", View::Study), ("Chart", View::Chart)]
    {
        harness.get_by_label(label).click();
        harness.run();
        assert_eq!(harness.state().state.view, view, "after clicking {label}");
    }
}

#[test]
fn tabs_switch_by_shortcut() {
    let mut harness = app();
    let keys = [
        (Key::Num4, View::Decks),
        (Key::Num2, View::Study),
        (Key::Num3, View::Quiz),
        (Key::Num5, View::Stats),
        (Key::Num1, View::Chart),
    ];
    for (key, view) in keys {
        harness.key_press_modifiers(Modifiers::COMMAND, key);
        harness.run();
        assert_eq!(harness.state().state.view, view, "after Ctrl+{key:?}");
    }
}

#[test]
fn decks_view_lists_loaded_decks_with_card_counts() {
    let mut harness = app();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    harness.run();
    let decks = harness.state().state.library.decks.clone();
    for d in &decks {
        harness.get_by_label_contains(&format!(
            "{}\n{} cards · 0 due · bundled, read-only",
            d.deck.title,
            d.deck.cards.len()
        ));
    }
}

#[test]
fn opening_a_broken_deck_shows_the_error_and_keeps_what_was_loaded() {
    let mut harness = app();
    let before = harness.state().state.library.decks.clone();
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, GOOD_DECK.replace("front:", "frnt:")).unwrap();

    drop_file(&mut harness, &broken);

    let state = &harness.state().state;
    assert_eq!(state.library.decks, before, "a broken file must not change the loaded decks");
    let expected = format!("{}:6:21: unknown field `frnt`", broken.display());
    harness.get_by_label_contains(&expected);
    harness.get_by_label_contains("Everything loaded before is unchanged");
}

#[test]
fn dropping_a_good_deck_adds_it_to_the_decks_view() {
    let mut harness = app();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    std::fs::write(&path, GOOD_DECK).unwrap();
    let before = harness.state().state.library.decks.len();

    drop_file(&mut harness, &path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    harness.run();

    assert_eq!(harness.state().state.library.decks.len(), before + 1);
    harness.get_by_label_contains("My own deck\n2 cards · 0 due");
    harness.get_by_label("Which chamber is the lower house?");
}

#[test]
fn a_deck_can_be_opened_by_typing_its_path() {
    let mut harness = app();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.ron");
    std::fs::write(&path, GOOD_DECK).unwrap();

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    harness.run();
    harness.get_by_label("File path:").type_text(&path.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    let state = &harness.state().state;
    assert!(state.path_prompt.is_none(), "the path field closes after opening");
    assert!(state.library.deck("my-deck").is_some());
    assert!(state.open_files.contains(&path));
}

#[test]
fn help_lists_every_shortcut() {
    let mut harness = app();
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Keyboard shortcuts");
    harness.get_by_label_contains("Chart: The organisational chart");
    harness.get_by_label("Quiz and exams");
    harness.get_by_label_contains("True: Answer true");
    harness.key_press(Key::F1);
    harness.run();
    assert!(!harness.state().state.help_open);
}

#[test]
fn files_named_on_the_command_line_are_opened_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cli.ron");
    std::fs::write(&path, GOOD_DECK).unwrap();
    let config = Config { files: vec![path.clone()], data_dir: None, exam: None };
    let harness =
        Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(move |cc| KzApp::new(cc, config));
    assert!(harness.state().state.library.deck("my-deck").is_some());
    assert!(harness.state().state.open_files.contains(&path));
}
