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
