//! A corrupt or unreadable settings, progress, parameters or recovery file never stops the app: the file is moved
//! aside (renamed, never deleted), the user is told which file and where it went, and the app starts.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::{Config, KzApp, View, start_notices};
use kz_civics::model::optimise::saved;
use kz_civics::model::progress;

const GARBAGE: &[u8] = b"{\"cards\": [ {\"deck\": \"d\", \x00\xff truncated";

/// Notices found before the window opens are kept process-wide until an app takes them: one app at a
/// time here, so that each test's app shows its own.
static ONE_APP_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn app(dir: &Path) -> Harness<'static, KzApp> {
    let dir = dir.to_path_buf();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| KzApp::new(cc, Config { files: vec![], data_dir: Some(dir), exam: None }));
    h.run();
    h
}

/// The files beside `path` whose names start with its name and `.unreadable-`.
fn moved_aside(path: &Path) -> Vec<PathBuf> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{name}.unreadable-")))
        .collect();
    found.sort();
    found
}

/// The app started, showing the chart, with the bundled decks.
fn assert_started(h: &Harness<'static, KzApp>) {
    let state = &h.state().state;
    assert_eq!(state.view, View::Chart);
    assert!(!state.library.decks.is_empty());
}

#[test]
fn a_corrupt_progress_file_is_moved_aside_named_in_a_notice_and_the_app_starts() {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = progress::shard_path(dir.path(), 5);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, GARBAGE).unwrap();

    let h = app(dir.path());

    assert_started(&h);
    assert!(!path.exists(), "the corrupt file is no longer in the way");
    let aside = moved_aside(&path);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), GARBAGE, "kept as it was, never deleted");
    h.get_by_label_contains(&path.display().to_string());
    h.get_by_label_contains(&format!("It was moved to {}", aside[0].display()));
}

#[test]
fn a_corrupt_parameters_file_is_moved_aside_named_in_a_notice_and_the_app_starts() {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = saved::path(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"{\"version\": 1, \"parameters\": [1.0, NaN").unwrap();

    let h = app(dir.path());

    assert_started(&h);
    let aside = moved_aside(&path);
    assert_eq!(aside.len(), 1, "{aside:?}");
    h.get_by_label_contains(&path.display().to_string());
    h.get_by_label_contains(&aside[0].display().to_string());
}

#[test]
fn a_corrupt_recovery_file_is_moved_aside_named_in_a_notice_and_the_app_starts() {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let folder = kz_civics::model::recovery::recovery_dir(dir.path());
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("my-deck-0123456789abcdef.json");
    std::fs::write(&path, GARBAGE).unwrap();

    let h = app(dir.path());

    assert_started(&h);
    assert!(!path.exists(), "the corrupt file is no longer in the way");
    let aside = moved_aside(&path);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), GARBAGE, "kept as it was, never deleted");
    h.get_by_label_contains(&format!("Unsaved edits kept from an earlier session, {}", path.display()));
    h.get_by_label_contains(&format!("The file was moved to {}", aside[0].display()));
    assert!(h.state().state.decks.recovered.is_empty(), "nothing offered from an unreadable file");
}

#[test]
fn a_file_where_the_progress_folder_should_be_is_moved_aside_once_and_saving_works() {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let folder = progress::progress_dir(dir.path());
    std::fs::write(&folder, b"not a folder").unwrap();

    let mut h = app(dir.path());

    assert_started(&h);
    let aside = moved_aside(&folder);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), b"not a folder", "kept as it was");
    assert_eq!(h.state().state.notices.len(), 1, "one notice, not one per progress file");
    h.get_by_label_contains(&format!("It was moved to {}", aside[0].display()));
    // Saving works again: a graded card reaches the disk.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::Num3);
    h.run();
    assert!(h.state().state.study.flush(std::time::Duration::from_secs(5)));
    assert_eq!(progress::load(dir.path(), 0).progress.review_count(), 1);
}

#[test]
fn a_corrupt_settings_file_is_moved_aside_named_in_a_notice_and_the_app_starts() {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.ron");
    // eframe writes this file in place, not atomically: a crash can leave half of it.
    let half = b"{\n    \"kz-civics\": \"(view: Study, study: (new_per_day: 2";
    std::fs::write(&path, half).unwrap();

    start_notices::check_settings(&path);
    let h = app(dir.path());

    assert_started(&h);
    assert!(!path.exists(), "eframe will not write over it");
    let aside = moved_aside(&path);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), half);
    h.get_by_label_contains(&format!("Your window and view settings, {}, could not be read", path.display()));
    h.get_by_label_contains(&format!("moved to {}", aside[0].display()));
}

#[test]
fn a_readable_settings_file_is_left_alone() {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.ron");
    std::fs::write(&path, "{\n    \"kz-civics\": \"(view: Study)\",\n}").unwrap();
    assert_eq!(kz_civics::model::settings_file::keep_aside_if_unreadable(&path, 0), None);
    assert!(path.exists());
    assert_eq!(kz_civics::model::settings_file::keep_aside_if_unreadable(&dir.path().join("none.ron"), 0), None);
}
