//! Nothing runs that should not: loading a file reads that file only (no path inside a file makes the
//! app read or write elsewhere; an exam cannot name its own results folder), and the process never
//! opens a network socket while it loads, studies and quizzes.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::{Config, KzApp};
use kz_civics::model::Library;
use kz_civics::model::library::check_paths;

/// The tests here measure the whole process: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Bytes this process has read through read(2) and friends (`rchar` in /proc/self/io), if known.
fn bytes_read() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    io.lines().find_map(|l| l.strip_prefix("rchar: ")).and_then(|v| v.trim().parse().ok())
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn paths_inside_a_file_make_the_loader_read_or_write_nothing_else() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // A large file beside the deck, which the deck names in every field that could hold a path.
    let bait = dir.path().join("bait.ron");
    let bait_text = format!("// {}\n", "x".repeat(4 * 1024 * 1024));
    std::fs::write(&bait, &bait_text).unwrap();
    let bait_path = bait.display().to_string();
    let deck = format!(
        "Deck(\n    version: 1,\n    id: \"paths\",\n    title: \"{bait_path}\",\n    \
         sources: [(id: \"s\", title: \"{bait_path}\", file: \"{bait_path}\")],\n    cards: [\n        \
         (id: \"a\", front: \"../bait.ron\", back: \"{bait_path}\", unit: \"president\", sources: [\"s\"], note: \"file://{bait_path}\"),\n    ],\n)\n"
    );
    let deck_path = dir.path().join("deck.ron");
    std::fs::write(&deck_path, &deck).unwrap();
    let exam_path = dir.path().join("x.exam.ron");
    let exam = format!(
        "Exam(\n    version: 1,\n    title: \"{bait_path}\",\n    decks: [\"structure\"],\n    count: 5,\n    \
         kinds: [Choice],\n    seed: 1,\n    results_dir: \"{}\",\n)\n",
        dir.path().join("elsewhere").display()
    );
    std::fs::write(&exam_path, &exam).unwrap();
    let before_files = files_in(dir.path());
    let mut library = Library::bundled().unwrap();

    let read_before = bytes_read();
    library.open(&deck_path).expect("the deck loads");
    let read_after = bytes_read();
    if let (Some(a), Some(b)) = (read_before, read_after) {
        assert!(b - a < 1024 * 1024, "loading a {}-byte deck read {} bytes", deck.len(), b - a);
    }
    assert_eq!(library.deck("paths").map(|d| d.title.as_str()), Some(bait_path.as_str()), "a path is just text");

    // An exam file cannot choose where results go: that comes from the command line or the teacher.
    let report = check_paths(std::slice::from_ref(&exam_path));
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("unknown field `results_dir`"), "{problems:?}");
    assert_eq!(files_in(dir.path()), before_files, "loading created or removed files");
}

/// The inode of every socket this process holds open (from the links in /proc/self/fd).
fn open_sockets() -> Option<HashSet<String>> {
    let fds = std::fs::read_dir("/proc/self/fd").ok()?;
    Some(
        fds.filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
            .map(|l| l.to_string_lossy().into_owned())
            .filter(|l| l.starts_with("socket:"))
            .collect(),
    )
}

#[test]
fn no_socket_is_opened_while_loading_studying_and_quizzing() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let Some(before) = open_sockets() else {
        eprintln!("no /proc/self/fd here: the socket check is skipped");
        return;
    };
    // Watch the process's sockets from another thread all along, to catch one opened and closed again.
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let watcher = {
        let stop = stop.clone();
        let before = before.clone();
        std::thread::spawn(move || {
            let mut seen = HashSet::new();
            while !stop.load(Ordering::Relaxed) {
                if let Some(now) = open_sockets() {
                    seen.extend(now.difference(&before).cloned());
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            seen
        })
    };

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let deck = dir.path().join("mine.ron");
    std::fs::write(
        &deck,
        "Deck(version: 1, id: \"mine\", title: \"Mine\", cards: [(id: \"a\", front: \"Who chairs the Security Council?\", back: \"The President\")])\n",
    )
    .unwrap();
    let config = Config { files: vec![deck], data_dir: Some(data), exam: None };
    let mut h = Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(move |cc| KzApp::new(cc, config));
    h.run();
    // Study: show and grade a few cards.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    for _ in 0..3 {
        h.key_press(Key::Space);
        h.run();
        h.key_press(Key::Num3);
        h.run();
    }
    // Quiz: start a practice quiz and answer a question.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    h.get_by_label("Start the quiz");
    h.key_press(Key::Enter);
    h.run();
    h.key_press(Key::A);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().state.study.flush(Duration::from_secs(5)));
    drop(h);

    stop.store(true, Ordering::Relaxed);
    let seen = watcher.join().unwrap();
    let after = open_sockets().unwrap_or_default();
    let new: Vec<&String> = after.difference(&before).chain(seen.iter()).collect();
    assert!(new.is_empty(), "sockets opened: {new:?}");
}
