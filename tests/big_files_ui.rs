//! Big chart and deck files open on a background thread: the window comes up and stays usable, the
//! file's progress shows, files given after it wait their turn (a deck before the exam that names it),
//! and a problem in a big file is reported with its position while everything loaded stays.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::state::BACKGROUND_OPEN_BYTES;
use kz_civics::app::{Command, Config, KzApp, View};

/// A deck of `n` cards with id `id`, written to `dir`; `tail` goes after the last card (a broken one).
fn write_deck(dir: &Path, id: &str, n: usize, tail: &str) -> PathBuf {
    let mut text = format!("Deck(\n    version: 1,\n    id: \"{id}\",\n    title: \"Deck {id}\",\n    cards: [\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "        (id: \"c{i}\", front: \"Question number {i}: which body is meant here, and who chairs it?\", \
             back: \"Answer {i}\", accept: [\"alt {i}\"], tags: [\"t{}\"], sources: [\"paper-2007\"]),",
            i % 50
        );
    }
    text.push_str(tail);
    text.push_str("    ],\n)\n");
    let path = dir.join(format!("{id}.ron"));
    std::fs::write(&path, text).expect("write the deck");
    path
}

/// A deck over the background threshold.
fn big_deck(dir: &Path, id: &str, tail: &str) -> PathBuf {
    // About 190 bytes a card.
    let n = (BACKGROUND_OPEN_BYTES as usize / 190) * 3 / 2;
    let path = write_deck(dir, id, n, tail);
    assert!(std::fs::metadata(&path).expect("size").len() > BACKGROUND_OPEN_BYTES);
    path
}

fn app(files: Vec<PathBuf>) -> Harness<'static, KzApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| KzApp::new(cc, Config { files, ..Config::default() }))
}

/// Steps frames until nothing is opening any more (the opener wakes the window when it is done).
fn wait_until_opened(h: &mut Harness<'_, KzApp>) {
    let start = Instant::now();
    while h.state().state.opening_status().is_some() {
        assert!(start.elapsed() < Duration::from_secs(120), "the file never finished opening");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

fn has_deck(h: &Harness<'_, KzApp>, id: &str) -> bool {
    h.state().state.library.deck(id).is_some()
}

#[test]
fn a_big_deck_given_at_start_opens_after_the_window_with_its_progress_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = big_deck(dir.path(), "big", "");
    let mut h = app(vec![path.clone()]);
    h.step();
    // The window is up before the deck is in: the bundled decks are there, the big one is on its way.
    assert!(!has_deck(&h, "big"), "the big deck was opened before the first frame");
    let opening = format!("Opening {}: ", path.display());
    h.get_by_label_contains(&opening);
    assert!(h.state().state.library.deck("structure").is_some(), "the bundled decks are there meanwhile");

    // The window answers meanwhile: Ctrl+4 goes to the Decks view.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
    h.step();
    assert_eq!(h.state().state.view, View::Decks);

    wait_until_opened(&mut h);
    assert!(has_deck(&h, "big"), "the big deck never arrived");
    let cards = h.state().state.library.deck("big").map(|d| d.cards.len()).unwrap_or_default();
    h.get_by_label_contains(&format!(
        "Opened deck “big” from {}: {} cards",
        path.display(),
        kz_civics::model::text::count(cards)
    ));
    assert!(h.query_by_label_contains("Opening ").is_none(), "the progress line stays after the deck opened");
    // It is an open file like any other: remembered for the next start, editable and searchable.
    assert!(h.state().state.open_files.contains(&path));
    assert_eq!(h.state().state.selected_deck.as_deref(), Some("big"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.input_mut().events.push(egui::Event::Text("number 1234:".into()));
    h.run();
    assert_eq!(h.state().state.decks.rows.first(), Some(&1234), "the search did not find card 1234");
}

#[test]
fn files_given_after_a_big_deck_wait_for_it_so_an_exam_naming_it_opens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = big_deck(dir.path(), "big", "");
    let small = write_deck(dir.path(), "small", 3, "");
    let exam = dir.path().join("big.exam.ron");
    std::fs::write(
        &exam,
        "Exam(\n    version: 1,\n    title: \"On the big deck\",\n    scope: All,\n    decks: [\"big\"],\n    count: 5,\n    \
         kinds: [Choice, Typed],\n    seed: 3,\n)\n",
    )
    .expect("write the exam");
    let mut h = app(Vec::new());
    h.run();
    h.state_mut().state.handle(Command::OpenPaths(vec![big.clone(), small.clone(), exam.clone()]));
    h.step();
    // The small deck waits behind the big one, though on its own it would open at once.
    assert!(!has_deck(&h, "small"), "a file given after the big deck jumped the queue");
    h.get_by_label_contains("(2 more files waiting)");
    wait_until_opened(&mut h);
    assert!(has_deck(&h, "big") && has_deck(&h, "small"));
    let order: Vec<&str> = h
        .state()
        .state
        .library
        .decks
        .iter()
        .map(|d| d.deck.id.as_str())
        .filter(|id| ["big", "small"].contains(id))
        .collect();
    assert_eq!(order, ["big", "small"]);
    // The exam found its deck: the student is asked for a name, no error.
    assert_eq!(h.state().state.view, View::Quiz);
    h.get_by_label_contains("On the big deck");
    assert!(
        h.state().state.notices.iter().all(|n| !n.title.contains("Could not open")),
        "an error: {:?}",
        h.state().state.notices
    );
}

#[test]
fn a_problem_in_a_big_deck_is_reported_with_its_position_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The last card repeats the first card's id.
    let path = big_deck(dir.path(), "broken", "        (id: \"c0\", front: \"Again\", back: \"Again\"),\n");
    let mut h = app(Vec::new());
    h.run();
    let decks = h.state().state.library.decks.clone();
    h.state_mut().state.handle(Command::OpenPaths(vec![path.clone()]));
    h.step();
    assert!(h.state().state.opening_status().is_some(), "the big deck did not open in the background");
    wait_until_opened(&mut h);
    let expected = kz_civics::model::library::check_paths(std::slice::from_ref(&path));
    let first = expected.problems.first().map(ToString::to_string).expect("the broken deck has a problem");
    assert!(first.contains("c0"), "{first}");
    h.get_by_label_contains(&format!("Could not open {}: 1 problem", path.display()));
    h.get_by_label_contains(&first);
    assert_eq!(h.state().state.library.decks, decks, "a broken deck changed what was loaded");
    assert!(!h.state().state.open_files.contains(&path));
}

#[test]
fn a_big_deck_is_checked_again_when_the_chart_changed_while_it_was_being_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let linked = "        (id: \"linked\", front: \"Who holds it?\", back: \"The President\", unit: \"president\"),\n";
    let path = big_deck(dir.path(), "linked", linked);
    let mut h = app(Vec::new());
    h.run();
    h.state_mut().state.handle(Command::OpenPaths(vec![path.clone()]));
    // The opener checks against the chart as it was; before the deck is taken in, the chart here loses
    // the unit its last card names (as a reload of the chart file would).
    h.state_mut().state.library.chart.units.retain(|u| u.id != "president");
    wait_until_opened(&mut h);
    assert!(!has_deck(&h, "linked"), "a deck naming a unit that is gone was taken in");
    h.get_by_label_contains(&format!("Could not open {}: 1 problem", path.display()));
    let notice = h.state().state.notices.iter().find(|n| n.title.contains("Could not open")).expect("the error");
    assert!(notice.lines.iter().any(|l| l.contains("president")), "{:?}", notice.lines);
}
