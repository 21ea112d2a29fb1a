//! Files of the bad-file corpus opened in the real app: each error shows with its position, and the
//! chart and decks loaded before stay as they were.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::{Config, KzApp};
use kz_civics::model::library::check_paths;

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

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad").join(name)
}

#[test]
fn bad_files_opened_in_the_app_show_their_errors_and_keep_what_was_loaded() {
    let mut h =
        Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(|cc| KzApp::new(cc, Config::default()));
    h.run();
    let decks = h.state().state.library.decks.clone();
    let chart = h.state().state.library.chart.clone();
    for name in [
        "truncated-deck.ron",
        "binary.ron",
        "invalid-utf8.ron",
        "deep-nesting-lists.ron",
        "parent-cycle.ron",
        "deck-named-like-a-chart.ron",
        "duplicate-card-ids.ron",
        "empty.ron",
    ] {
        let path = bad(name);
        let first =
            check_paths(std::slice::from_ref(&path)).problems.first().map(ToString::to_string).expect("a problem");
        h.input_mut().dropped_files.push(Arc::new(Dropped(path.clone())));
        h.run();
        h.get_by_label_contains(&first);
        let state = &h.state().state;
        assert_eq!(state.library.decks, decks, "{name} changed the loaded decks");
        assert_eq!(state.library.chart, chart, "{name} changed the chart");
    }
}

/// Steps frames until no file is opening in the background any more.
fn settle(h: &mut Harness<'_, KzApp>) {
    let start = std::time::Instant::now();
    h.step();
    // A spinner shows meanwhile, so frames are stepped one by one.
    while h.state().state.opening_status().is_some() {
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "a file never finished opening");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
}

#[test]
fn every_file_of_the_bad_file_corpus_opened_in_the_app_shows_its_first_problem_and_changes_nothing() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(bad(""))
        .expect("the corpus")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "the corpus has {} files", files.len());
    // The two big ones `tests/bad_files.rs` makes rather than the repository holds.
    let dir = tempfile::tempdir().expect("temp dir");
    let huge = dir.path().join("huge.ron");
    std::fs::File::create(&huge).and_then(|f| f.set_len(65 * 1024 * 1024)).expect("a sparse 65 MiB file");
    let big = dir.path().join("big.ron");
    let mut text = String::from("Deck(\n    version: 1,\n    id: \"big\",\n    title: \"Big\",\n    cards: [\n");
    let comment = format!("        // {}\n", "x".repeat(989));
    for _ in 0..60_000 {
        text.push_str(&comment);
    }
    text.push_str("        (id: 5, front: \"F\", back: \"B\"),\n    ],\n)\n");
    std::fs::write(&big, text).expect("a 60 MB file");
    files.extend([huge, big]);

    let mut h =
        Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(|cc| KzApp::new(cc, Config::default()));
    h.run();
    let decks = h.state().state.library.decks.clone();
    let chart = h.state().state.library.chart.clone();
    for path in files {
        let name = path.display().to_string();
        let first = check_paths(std::slice::from_ref(&path)).problems.first().map(ToString::to_string);
        let first = first.unwrap_or_else(|| panic!("{name} is in the bad-file corpus but `check` passes it"));
        h.state_mut().state.notices.clear();
        h.input_mut().dropped_files.push(Arc::new(Dropped(path.clone())));
        settle(&mut h);
        // Results files are read by the class report, which lists the ones it could not read.
        assert!(h.query_all_by_label_contains(&first).next().is_some(), "{name}: the window does not show `{first}`");
        let state = &h.state().state;
        assert_eq!(state.library.decks, decks, "{name} changed the loaded decks");
        assert_eq!(state.library.chart, chart, "{name} changed the chart");
        assert!(!state.quiz.exam_running(), "{name} started an exam");
    }
}
