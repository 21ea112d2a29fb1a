//! Deck files on disk: the recovery file of unsaved edits, and watching open decks for changes.

use std::path::Path;
use std::time::Duration;

use kz_civics::model::deck_file::{ContentHash, save, to_ron};
use kz_civics::model::library::Opened;
use kz_civics::model::recovery::{self, Recovery};
use kz_civics::model::watch::{DeckWatcher, FileEvent};
use kz_civics::model::{Deck, Library};

fn deck() -> Deck {
    Library::bundled().expect("bundled data loads").decks[0].deck.clone()
}

#[test]
fn recovery_file_round_trips_and_is_removed_by_discard() {
    let data = tempfile::tempdir().unwrap();
    let mut edited = deck();
    edited.cards[0].front = "Edited, not saved: Ұлттық Құрылтай".into();
    let rec = Recovery {
        deck: edited,
        path: Some("/home/me/decks/structure.ron".into()),
        base_hash: Some(ContentHash::of(b"the file as read")),
        written_at: 1_764_633_600,
    };
    assert!(rec.file_changed_since(), "the file named does not exist");
    let file = recovery::write(data.path(), &rec).unwrap();
    assert!(file.starts_with(data.path().join("recovery")), "{}", file.display());
    let found = recovery::read_all(data.path(), 1_764_633_700);
    assert!(found.problems.is_empty(), "{:?}", found.problems);
    assert_eq!(found.recovered, [(file.clone(), rec.clone())]);
    recovery::discard(data.path(), &rec.deck.id, rec.path.as_deref()).unwrap();
    assert!(!file.exists());
    assert!(recovery::read_all(data.path(), 0).recovered.is_empty());
    recovery::discard(data.path(), &rec.deck.id, rec.path.as_deref()).unwrap();
}

#[test]
fn recovery_tells_whether_the_file_changed_since_the_edits_began() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let saved = save(&path, &deck()).unwrap();
    let rec = Recovery { deck: deck(), path: Some(path.clone()), base_hash: Some(saved.hash), written_at: 0 };
    assert!(!rec.file_changed_since());
    std::fs::write(&path, "changed elsewhere").unwrap();
    assert!(rec.file_changed_since());
    assert!(!Recovery { path: None, ..rec }.file_changed_since());
}

#[test]
fn two_decks_with_the_same_id_from_different_files_keep_separate_recovery_files() {
    let data = Path::new("/data");
    let a = recovery::file_for(data, "mine", Some(Path::new("/a/mine.ron")));
    let b = recovery::file_for(data, "mine", Some(Path::new("/b/mine.ron")));
    let new = recovery::file_for(data, "mine", None);
    assert!(a != b && a != new && b != new);
    assert_eq!(a, recovery::file_for(data, "mine", Some(Path::new("/a/mine.ron"))));
}

#[test]
fn a_corrupt_recovery_file_is_moved_aside_with_a_timestamp_and_reported() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("recovery");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("mine-00000000.json");
    std::fs::write(&bad, b"{\"format\": \"kz-civics-recovery\", \"version\": 1, \"deck\": {trunc").unwrap();
    std::fs::write(dir.join(".mine.json.123.tmp"), b"half").unwrap();
    let found = recovery::read_all(data.path(), 1_717_597_380);
    assert!(found.recovered.is_empty());
    assert_eq!(found.problems.len(), 1, "{:?}", found.problems);
    let moved = dir.join("mine-00000000.json.unreadable-20240605-142300");
    assert_eq!(found.problems[0].moved_to.as_deref(), Some(moved.as_path()));
    assert!(moved.exists() && !bad.exists(), "moved, never deleted");
    assert!(found.problems[0].message().contains("could not be read"), "{}", found.problems[0].message());
    assert!(recovery::read_all(data.path(), 1_717_597_380).problems.is_empty(), "moved files are not read again");
}

#[test]
fn a_recovery_file_from_a_newer_app_is_refused_by_version() {
    let err = recovery::parse(b"{\"format\": \"kz-civics-recovery\", \"version\": 9}").unwrap_err();
    assert!(err.contains("format version 9"), "{err}");
}

/// Waits for the watcher's next event, up to a few seconds.
fn next(watcher: &DeckWatcher) -> Option<FileEvent> {
    watcher.recv_timeout(Duration::from_secs(5))
}

#[test]
fn a_deck_changed_by_another_program_is_reported_and_reloads_or_keeps_the_last_good_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let mut deck = deck();
    deck.id = "mine".into();
    let saved = save(&path, &deck).unwrap();
    let mut lib = Library::bundled().unwrap();
    assert!(matches!(lib.open(&path), Ok(Opened::Deck { .. })));

    let woken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let w = std::sync::Arc::clone(&woken);
    let mut watcher = DeckWatcher::new(Some(Box::new(move || {
        w.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    })))
    .unwrap();
    watcher.watch(&path, saved.hash).unwrap();
    assert!(watcher.is_watched(&path));

    // Another program changes a card (written the way editors do: a new file renamed over the old).
    let mut theirs = deck.clone();
    theirs.cards[0].back = "Changed in a text editor".into();
    let tmp = dir.path().join("mine.ron~");
    std::fs::write(&tmp, to_ron(&theirs)).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    let Some(FileEvent::Changed { path: changed, bytes, .. }) = next(&watcher) else { panic!("no change reported") };
    assert_eq!(changed, path);
    // The callback runs right after the event is sent.
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    while woken.load(std::sync::atomic::Ordering::SeqCst) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(woken.load(std::sync::atomic::Ordering::SeqCst) >= 1, "the wake callback ran");
    lib.reload(&path, bytes).unwrap();
    assert_eq!(lib.deck("mine").map(|d| d.cards[0].back.as_str()), Some("Changed in a text editor"));

    // It becomes invalid: the problem has its position, and the last good version stays.
    std::fs::write(&path, "Deck(\n    version: 1,\n    id: \"mine\",\n    titel: \"x\",\n)").unwrap();
    let Some(FileEvent::Changed { bytes, .. }) = next(&watcher) else { panic!("no change reported") };
    let problems = lib.reload(&path, bytes).unwrap_err();
    assert!(
        problems[0].to_string().starts_with(&format!("{}:4:5: unknown field `titel`", path.display())),
        "{}",
        problems[0]
    );
    assert_eq!(lib.deck("mine").map(|d| d.cards[0].back.as_str()), Some("Changed in a text editor"));

    // Its deck id changes: the file's deck is replaced, not joined by a second one.
    let mut renamed = theirs.clone();
    renamed.id = "mine-renamed".into();
    std::fs::write(&path, to_ron(&renamed)).unwrap();
    let Some(FileEvent::Changed { bytes, .. }) = next(&watcher) else { panic!("no change reported") };
    let before = lib.decks.len();
    lib.reload(&path, bytes).unwrap();
    assert_eq!(lib.decks.len(), before);
    assert!(lib.deck("mine").is_none() && lib.deck("mine-renamed").is_some());

    // Removed.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(next(&watcher), Some(FileEvent::Removed { path: path.clone() }));
}

#[test]
fn our_own_saves_are_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let mut deck = deck();
    let first = save(&path, &deck).unwrap();
    let mut watcher = DeckWatcher::new(None).unwrap();
    watcher.watch(&path, first.hash).unwrap();
    for i in 0..3 {
        deck.cards[0].note = format!("saved by the app {i}");
        let text = to_ron(&deck);
        watcher.note_content(&path, ContentHash::of(text.as_bytes()));
        let saved = save(&path, &deck).unwrap();
        assert_eq!(saved.hash, ContentHash::of(text.as_bytes()));
    }
    // Saving the same content again (touching the file) is no change either.
    save(&path, &deck).unwrap();
    assert_eq!(watcher.recv_timeout(Duration::from_millis(1200)), None);
    // But a change by someone else after that still is.
    std::fs::write(&path, "changed").unwrap();
    assert!(matches!(next(&watcher), Some(FileEvent::Changed { .. })));
    watcher.unwatch(&path);
    assert!(!watcher.is_watched(&path));
}
