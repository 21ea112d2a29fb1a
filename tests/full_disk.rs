//! Saving onto a full disk: the error names the file and says why, the old file stays complete, no
//! temporary file is left, the edits stay in memory, and saving again works once there is room.
//!
//! The disk is really full: the test runs itself again inside a private mount namespace (`unshare`)
//! with a 512 KiB tmpfs over a temporary folder, filled to the last block. Where no mount namespace can
//! be made, it runs itself again with a file-size limit (`RLIMIT_FSIZE`) instead, so that the same
//! writes fail part-way ("File too large") and the same checks apply.

#![cfg(target_os = "linux")]

use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::state::NoticeKind;
use kz_civics::app::{Config, KzApp, View};
use kz_civics::model::progress::{self, CardProgress, ProgressWriter, Review, SaveOutcome};
use kz_civics::model::scheduler::{Phase, Schedule};

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

const DIR_VAR: &str = "KZ_FULL_DISK_DIR";
const MODE_VAR: &str = "KZ_FULL_DISK_MODE";
const DONE: &str = "full-disk checks passed";
/// The file-size limit of the fallback: the deck as it is fits, the edited one does not.
const FSIZE_LIMIT: u64 = 1500;

#[test]
fn saving_onto_a_full_disk_reports_it_keeps_the_old_file_and_the_edits_and_saves_once_there_is_room() {
    if let (Ok(dir), Ok(mode)) = (std::env::var(DIR_VAR), std::env::var(MODE_VAR)) {
        return child(Path::new(&dir), &mode);
    }
    let exe = std::env::current_exe().expect("the test binary");
    let name = "saving_onto_a_full_disk_reports_it_keeps_the_old_file_and_the_edits_and_saves_once_there_is_room";
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |cmd: &mut Command, mode: &str| cmd.env(DIR_VAR, dir.path()).env(MODE_VAR, mode).output();
    let script = format!("mount -t tmpfs -o size=512k tmpfs \"${DIR_VAR}\" && exec \"$0\" \"$@\"");
    let mut tmpfs = Command::new("unshare");
    tmpfs.args(["--user", "--map-root-user", "--mount", "sh", "-c", &script]);
    tmpfs.arg(&exe).args(["--exact", name, "--nocapture", "--test-threads=1"]);
    let mut mode = "tmpfs";
    // No `unshare`, or no mount namespace allowed: the child never says it mounted the full disk.
    let out = match run(&mut tmpfs, mode) {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains("mounted a full disk") => out,
        other => {
            let why = match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            eprintln!("no mount namespace here ({why}); a file-size limit instead");
            mode = "fsize";
            let mut limited = Command::new(&exe);
            limited.args(["--exact", name, "--nocapture", "--test-threads=1"]);
            run(&mut limited, mode).expect("run the test again")
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stdout.contains(DONE), "the {mode} run failed:\n{stdout}\n{stderr}");
}

/// Runs inside the namespace (or under the limit): `dir` is the full disk.
fn child(dir: &Path, mode: &str) {
    let expected_error = match mode {
        "tmpfs" => {
            println!("mounted a full disk at {}", dir.display());
            "No space left on device"
        }
        _ => {
            limit_file_size(FSIZE_LIMIT);
            "File too large"
        }
    };
    let deck_path = dir.join("my-deck.ron");
    std::fs::write(&deck_path, DECK).expect("room for the deck before the disk fills");
    let filler = dir.join("filler");
    if mode == "tmpfs" {
        fill(&filler);
    }
    let data = tempfile::tempdir().expect("data dir (on the real disk)");

    // The deck editor: an edit, Ctrl+S onto the full disk.
    let config = Config { files: vec![deck_path.clone()], data_dir: Some(data.path().to_path_buf()), exam: None };
    let mut h = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_eframe(move |cc| KzApp::new(cc, config));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.run();
    assert_eq!(h.state().state.view, View::Decks);
    h.get_by_label("Which chamber is the lower house?").click();
    h.run();
    h.get_by_label("Back (answer)").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    let long_back = "The Mazhilis, the lower chamber of Parliament. ".repeat(40);
    h.input_mut().events.push(egui::Event::Text(long_back.clone()));
    h.run();
    assert!(h.state().state.decks.is_unsaved("my-deck"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();

    let errors: Vec<String> = h
        .state()
        .state
        .notices
        .iter()
        .filter(|n| n.kind == NoticeKind::Error)
        .map(|n| format!("{} {}", n.title, n.lines.join(" ")))
        .collect();
    let error = errors.iter().find(|e| e.contains(&deck_path.display().to_string()));
    let error = error.unwrap_or_else(|| panic!("no error names the deck file: {errors:?}"));
    assert!(error.contains(expected_error), "the error does not say why: {error}");
    assert!(h.query_all_by_label_contains(expected_error).next().is_some(), "the window does not say why");
    assert!(h.state().state.decks.is_unsaved("my-deck"), "the edits are no longer marked unsaved");
    let card = &h.state().state.library.deck("my-deck").expect("the deck").cards[1];
    assert_eq!(card.back, long_back, "the edit was lost from memory");
    assert_eq!(std::fs::read_to_string(&deck_path).expect("the old file"), DECK, "the old file changed");
    assert_only(dir, &["filler", "my-deck.ron"], mode);

    // The progress writer onto the same disk: a failure reported, nothing left behind.
    let writer = ProgressWriter::start(dir.to_path_buf(), Default::default(), Box::new(|| {})).expect("writer");
    for i in 0..2000 {
        writer.set("my-deck", &format!("card-{i}"), reviewed(i));
    }
    assert!(writer.flush(Duration::from_secs(10)));
    let outcomes = writer.outcomes();
    assert!(
        matches!(outcomes.first(), Some(SaveOutcome::Failed(text)) if text.contains("kept in memory")),
        "{outcomes:?}"
    );
    let shards = progress::progress_dir(dir);
    let leftovers: Vec<String> = std::fs::read_dir(&shards)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    assert!(leftovers.iter().all(|n| !n.ends_with(".tmp")), "temporary progress files left: {leftovers:?}");
    drop(writer);

    // Room again: the same Ctrl+S saves.
    if mode == "tmpfs" {
        std::fs::remove_file(&filler).expect("free the disk");
    } else {
        limit_file_size(u64::MAX);
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().state.decks.is_unsaved("my-deck"), "saving again did not save");
    let text = std::fs::read_to_string(&deck_path).expect("the new file");
    assert!(text.contains(long_back.trim_end()), "the saved file lacks the edit");
    assert!(kz_civics::model::library::check_paths(std::slice::from_ref(&deck_path)).problems.is_empty());
    println!("{DONE}");
}

/// Fills the file system holding `path` to its last block.
fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).expect("filler");
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let mut byte = [0u8; 1];
    while f.write_all(&byte).is_ok() {
        byte[0] = 1;
    }
    let _ = f.sync_all();
    assert!(std::fs::write(path.with_extension("probe"), b"x").is_err(), "the disk is not full");
    let _ = std::fs::remove_file(path.with_extension("probe"));
}

/// Sets this process's soft file-size limit (writes past it fail with EFBIG, SIGXFSZ ignored).
fn limit_file_size(bytes: u64) {
    // SAFETY: plain system calls on this process's own limits and signal disposition.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        assert_eq!(libc::getrlimit(libc::RLIMIT_FSIZE, &mut lim), 0);
        lim.rlim_cur = if bytes == u64::MAX { lim.rlim_max } else { bytes as libc::rlim_t };
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &lim), 0);
    }
}

fn assert_only(dir: &Path, names: &[&str], mode: &str) {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| mode == "tmpfs" || n != "filler")
        .collect();
    found.sort();
    let expected: Vec<String> =
        names.iter().map(|s| s.to_string()).filter(|n| mode == "tmpfs" || n != "filler").collect();
    assert_eq!(found, expected, "something half-written was left behind");
}

fn reviewed(n: i64) -> CardProgress {
    let t = 1_717_581_600 + n;
    let schedule =
        Schedule { phase: Phase::Review, step: None, stability: 3.0, difficulty: 5.0, due: t + 86_400, last_review: t };
    CardProgress { schedule: Some(schedule), reviews: vec![Review(t, 3)] }
}
