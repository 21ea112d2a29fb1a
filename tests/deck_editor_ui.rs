//! The deck editor driven like a user would: clicks, keys and typed text on the real app, with the
//! user's files in temporary directories.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::state::NoticeKind;
use kz_civics::app::{Config, KzApp, View};

const DECK: &str = r#"Deck(
    version: 1,
    id: "my-deck",
    title: "My own deck",
    cards: [
        (id: "one", front: "Who chairs the Security Council?", back: "The President"),
        (id: "two", front: "Which chamber is the lower house?", back: "The Majilis"),
    ],
)
"#;

fn app_with(data: &Path, files: Vec<PathBuf>) -> Harness<'static, KzApp> {
    let config = Config { files, data_dir: Some(data.to_path_buf()), exam: None };
    let mut h = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_eframe(move |cc| KzApp::new(cc, config));
    h.run();
    h
}

/// A user deck file in `dir`, and the app with it open in the Decks view.
fn editing(dir: &Path) -> (Harness<'static, KzApp>, PathBuf) {
    let path = dir.join("my-deck.ron");
    std::fs::write(&path, DECK).unwrap();
    let mut h = app_with(&dir.join("data"), vec![path.clone()]);
    ctrl(&mut h, Key::Num4);
    assert_eq!(h.state().state.view, View::Decks);
    (h, path)
}

fn ctrl(h: &mut Harness<'_, KzApp>, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

fn ctrl_shift(h: &mut Harness<'_, KzApp>, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, key);
    h.run();
}

fn click(h: &mut Harness<'_, KzApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn type_text(h: &mut Harness<'_, KzApp>, text: &str) {
    h.input_mut().events.push(egui::Event::Text(text.to_owned()));
    h.run();
}

/// Puts the keyboard in the field named `label`, selects what it holds and types `text` over it.
fn replace_text(h: &mut Harness<'_, KzApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_text(h, text);
}

fn deck<'a>(h: &'a Harness<'_, KzApp>, id: &str) -> &'a kz_civics::model::Deck {
    h.state().state.library.deck(id).unwrap_or_else(|| panic!("deck {id} is loaded"))
}

/// Selects the second card and types a new back into the form.
fn edit_second_back(h: &mut Harness<'_, KzApp>, back: &str) {
    click(h, "Which chamber is the lower house?");
    replace_text(h, "Back (answer)", back);
    assert_eq!(deck(h, "my-deck").cards[1].back, back);
}

/// Runs frames until `done` or a few seconds passed (the file watcher's events come from a thread).
fn wait_for(h: &mut Harness<'_, KzApp>, what: &str, done: impl Fn(&Harness<'_, KzApp>) -> bool) {
    let start = Instant::now();
    while !done(h) {
        assert!(start.elapsed() < Duration::from_secs(10), "waited in vain for {what}");
        std::thread::sleep(Duration::from_millis(50));
        h.run();
    }
}

#[test]
fn an_edited_card_is_saved_and_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = editing(dir.path());
    edit_second_back(&mut h, "The Mäjilis");
    assert!(h.state().state.decks.is_unsaved("my-deck"));
    h.get_by_label("My own deck •");
    h.get_by_label_contains("My own deck •\n2 cards");
    h.get_by_label("Decks •");

    ctrl(&mut h, Key::S);
    assert!(!h.state().state.decks.is_unsaved("my-deck"), "saved");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(r#"back: "The Mäjilis","#), "{text}");
    assert!(
        kz_civics::model::library::check_paths(std::slice::from_ref(&path)).problems.is_empty(),
        "check accepts it"
    );

    let h2 = app_with(&dir.path().join("data2"), vec![path]);
    assert_eq!(deck(&h2, "my-deck").cards[1].back, "The Mäjilis");
}

#[test]
fn undo_and_redo_move_an_edit_back_and_forth() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = editing(dir.path());
    edit_second_back(&mut h, "Mazhilis");
    ctrl(&mut h, Key::Z);
    assert_eq!(deck(&h, "my-deck").cards[1].back, "The Majilis");
    assert!(!h.state().state.decks.is_unsaved("my-deck"), "undone back to the file");
    ctrl_shift(&mut h, Key::Z);
    assert_eq!(deck(&h, "my-deck").cards[1].back, "Mazhilis");

    // Add and delete are steps too.
    ctrl(&mut h, Key::N);
    assert_eq!(deck(&h, "my-deck").cards.len(), 3);
    h.get_by_label_contains("the front is empty");
    ctrl(&mut h, Key::Z);
    assert_eq!(deck(&h, "my-deck").cards.len(), 2);
    click(&mut h, "Who chairs the Security Council?");
    click(&mut h, "Delete card");
    assert_eq!(deck(&h, "my-deck").cards.len(), 1);
    ctrl(&mut h, Key::Z);
    assert_eq!(deck(&h, "my-deck").cards[0].front, "Who chairs the Security Council?");
}

#[test]
fn the_delete_key_deletes_the_card_only_when_no_text_field_has_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = editing(dir.path());
    click(&mut h, "Who chairs the Security Council?");
    h.get_by_label("Note").focus();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(deck(&h, "my-deck").cards.len(), 2, "typing, not deleting");
    // Back to the table: the text field lets go of the keyboard.
    click(&mut h, "Who chairs the Security Council?");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(deck(&h, "my-deck").cards.len(), 1);
}

#[test]
fn closing_an_edited_deck_asks_and_cancel_discard_and_save_each_do_what_they_say() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = editing(dir.path());
    edit_second_back(&mut h, "Edited once");

    ctrl(&mut h, Key::W);
    h.get_by_label("Unsaved changes");
    click(&mut h, "Cancel");
    assert!(h.state().state.decks.guard.is_none());
    assert_eq!(deck(&h, "my-deck").cards[1].back, "Edited once", "still there, still edited");

    ctrl(&mut h, Key::W);
    click(&mut h, "Discard");
    assert!(h.state().state.library.deck("my-deck").is_none(), "closed");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), DECK, "the file is untouched");

    drop(h);
    let mut h = app_with(&dir.path().join("data"), vec![path.clone()]);
    ctrl(&mut h, Key::Num4);
    edit_second_back(&mut h, "Edited twice");
    ctrl(&mut h, Key::W);
    click(&mut h, "Save");
    assert!(h.state().state.library.deck("my-deck").is_none(), "closed after saving");
    assert!(std::fs::read_to_string(&path).unwrap().contains("Edited twice"));
}

#[test]
fn closing_the_window_with_unsaved_edits_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = editing(dir.path());
    edit_second_back(&mut h, "Unsaved");
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label_contains("Quitting would lose");
    click(&mut h, "Cancel");
    assert!(!h.state().state.decks.allow_close, "the window stays");

    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    click(&mut h, "Discard");
    assert!(h.state().state.decks.allow_close, "the window may close now");
}

#[test]
fn a_deck_changed_on_disk_while_edited_asks_and_take_theirs_loads_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = editing(dir.path());
    edit_second_back(&mut h, "Mine");
    std::fs::write(&path, DECK.replace("The President", "Theirs")).unwrap();
    wait_for(&mut h, "the question", |h| h.state().state.decks.conflict.is_some());
    h.get_by_label("The file changed on disk");
    click(&mut h, "Show both");
    h.get_by_label_contains("Both, different back: “one”");
    h.get_by_label_contains("Both, different back: “two”");
    click(&mut h, "Take theirs");
    let d = deck(&h, "my-deck");
    assert_eq!((d.cards[0].back.as_str(), d.cards[1].back.as_str()), ("Theirs", "The Majilis"));
    assert!(!h.state().state.decks.is_unsaved("my-deck"));
}

#[test]
fn a_deck_changed_on_disk_while_edited_keeps_mine_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = editing(dir.path());
    edit_second_back(&mut h, "Mine");
    std::fs::write(&path, DECK.replace("The President", "Theirs")).unwrap();
    wait_for(&mut h, "the question", |h| h.state().state.decks.conflict.is_some());
    click(&mut h, "Keep mine");
    let d = deck(&h, "my-deck");
    assert_eq!((d.cards[0].back.as_str(), d.cards[1].back.as_str()), ("The President", "Mine"));
    ctrl(&mut h, Key::S);
    assert!(std::fs::read_to_string(&path).unwrap().contains("Mine"));
}

#[test]
fn a_deck_changed_on_disk_is_reloaded_and_a_broken_one_keeps_the_last_good_version() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = editing(dir.path());
    std::fs::write(&path, DECK.replace("The President", "Reloaded")).unwrap();
    wait_for(&mut h, "the reload", |h| {
        h.state().state.library.deck("my-deck").is_some_and(|d| d.cards[0].back == "Reloaded")
    });
    h.get_by_label_contains("it changed on disk");

    std::fs::write(&path, DECK.replace("back: \"The Majilis\"", "back: 7")).unwrap();
    wait_for(&mut h, "the error", |h| h.state().state.notices.iter().any(|n| n.kind == NoticeKind::Error));
    let notice = h.state().state.notices.iter().find(|n| n.kind == NoticeKind::Error).unwrap().clone();
    assert!(notice.title.contains("the last good version stays"), "{}", notice.title);
    let name = path.display().to_string();
    assert!(notice.lines.iter().any(|l| l.starts_with(&format!("{name}:7:"))), "{:?}", notice.lines);
    assert_eq!(deck(&h, "my-deck").cards[0].back, "Reloaded", "the last good version");
}

#[test]
fn opening_a_bad_file_shows_where_and_keeps_the_decks_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = editing(dir.path());
    let before = h.state().state.library.decks.len();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Deck(\n    version: 1,\n    id: \"bad\",\n    titel: \"x\",\n    cards: [],\n)\n").unwrap();
    ctrl_shift(&mut h, Key::O);
    h.get_by_label("File path:").type_text(&bad.display().to_string());
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().state.library.decks.len(), before);
    h.get_by_label_contains(&format!("{}:4:5", bad.display()));
    assert!(deck(&h, "my-deck").cards.len() == 2);
}

#[test]
fn a_bundled_deck_is_read_only_and_duplicate_to_edit_makes_a_copy_to_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_with(dir.path(), Vec::new());
    ctrl(&mut h, Key::Num4);
    let first = h.state().state.library.decks[0].deck.clone();
    h.get_by_label_contains(&format!("{}\n", first.title)).click();
    h.run();
    h.get_by_label("read-only");
    click(&mut h, "Duplicate to edit");
    let id = h.state().state.selected_deck.clone().unwrap();
    assert_ne!(id, first.id, "a deck id of its own, so its progress is apart");
    assert_eq!(deck(&h, &id).cards, first.cards);

    // An empty card is a problem: saving names it and asks.
    ctrl(&mut h, Key::N);
    ctrl(&mut h, Key::S);
    h.get_by_label("Deck file path:");
    let out = dir.path().join("copy.ron");
    replace_text(&mut h, "Deck file path:", &out.display().to_string());
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label_contains("The deck has 2 problems");
    h.get_by_label_contains("front: the front is empty");
    click(&mut h, "Cancel");
    assert!(!out.exists());
    ctrl(&mut h, Key::Z);
    ctrl(&mut h, Key::S);
    replace_text(&mut h, "Deck file path:", &out.display().to_string());
    h.key_press(Key::Enter);
    h.run();
    assert!(out.exists(), "saved");
    assert!(!h.state().state.decks.is_unsaved(&id));
    assert!(kz_civics::model::library::check_paths(&[out]).problems.is_empty());
}

#[test]
fn unsaved_edits_survive_a_crash_and_are_offered_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = editing(dir.path());
    h.state_mut().state.decks.recovery_delay = Duration::ZERO;
    edit_second_back(&mut h, "Not yet saved");
    h.run();
    // The app goes away without saving (a crash: no guard, no save).
    drop(h);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), DECK);

    let mut h = app_with(&dir.path().join("data"), vec![path.clone()]);
    h.get_by_label("Unsaved edits from an earlier session");
    click(&mut h, "Restore");
    assert_eq!(deck(&h, "my-deck").cards[1].back, "Not yet saved");
    assert!(h.state().state.decks.is_unsaved("my-deck"));
    ctrl(&mut h, Key::Num4);
    ctrl(&mut h, Key::S);
    assert!(std::fs::read_to_string(&path).unwrap().contains("Not yet saved"));
    let recovery = dir.path().join("data").join("recovery");
    let left = std::fs::read_dir(&recovery).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "saving removes the recovery file");
}

#[test]
fn import_shows_a_preview_and_makes_a_new_deck_without_the_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_with(dir.path(), Vec::new());
    ctrl(&mut h, Key::Num4);
    let csv = dir.path().join("cards.csv");
    std::fs::write(&csv, "front,back,tags\nWho heads the Government?,The Prime Minister,gov\n,no front,x\n").unwrap();
    ctrl(&mut h, Key::I);
    h.get_by_label("Import a deck");
    h.get_by_label("File to import:").type_text(&csv.display().to_string());
    h.run();
    let preview = h.state().state.decks.import.as_ref().map(|d| (d.path.clone(), d.preview.clone()));
    assert!(matches!(&preview, Some((_, Some(Ok(_))))), "{preview:?}");
    h.get_by_label_contains("Read as a CSV file with a header row");
    h.get_by_label("Who heads the Government?");
    h.get_by_label_contains("cannot be used and will be skipped");
    let before = h.state().state.library.decks.len();
    click(&mut h, "Import as a new deck");
    assert_eq!(h.state().state.library.decks.len(), before + 1);
    let id = h.state().state.selected_deck.clone().unwrap();
    assert_eq!(deck(&h, &id).cards.len(), 1, "the good row only");
    assert!(h.state().state.decks.is_unsaved(&id));
    h.get_by_label_contains("1 card from 2 rows; 1 row skipped");
}

#[test]
fn search_sort_and_tag_filter_choose_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = editing(dir.path());
    ctrl(&mut h, Key::F);
    type_text(&mut h, "chamber");
    assert_eq!(h.state().state.decks.rows, vec![1]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut h, "");
    h.key_press(Key::Backspace);
    h.run();
    assert_eq!(h.state().state.decks.rows, vec![0, 1]);
    click(&mut h, "Front");
    assert_eq!(h.state().state.decks.rows, vec![1, 0], "by front: “Which …” before “Who …”");
    click(&mut h, "Front (A-Z)");
    assert_eq!(h.state().state.decks.rows, vec![0, 1], "by front, descending");
}

#[test]
fn opening_a_deck_file_again_over_unsaved_edits_keeps_the_edits_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = editing(dir.path());
    edit_second_back(&mut h, "The Mäjilis");
    assert!(h.state().state.decks.is_unsaved("my-deck"));
    // The same file opened again (what Open, the Recent menu or a drop sends).
    h.state_mut().state.handle(kz_civics::app::Command::OpenPaths(vec![path.clone()]));
    h.run();
    h.get_by_label_contains(&format!("Could not open {}: 1 problem", path.display()));
    h.get_by_label_contains("has unsaved changes here, which opening this file would replace");
    assert_eq!(deck(&h, "my-deck").cards[1].back, "The Mäjilis", "the edit was replaced by the file");
    assert!(h.state().state.decks.is_unsaved("my-deck"));
    // Once saved, opening it again is a plain reload.
    ctrl(&mut h, Key::S);
    h.state_mut().state.handle(kz_civics::app::Command::OpenPaths(vec![path.clone()]));
    h.run();
    h.get_by_label_contains(&format!("Reloaded deck “my-deck” from {}: 2 cards", path.display()));
    assert_eq!(deck(&h, "my-deck").cards[1].back, "The Mäjilis");
}
