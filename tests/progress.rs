//! Progress on disk: round trips, interrupted writes, unreadable files, removed cards.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use kz_civics::app::state::{AppState, NoticeKind, Persisted};
use kz_civics::model::Library;
use kz_civics::model::progress::{self, CardProgress, Progress, Review, shard_of, shard_path};
use kz_civics::model::scheduler::{Phase, Rating, Schedule, Scheduler, SchedulerConfig};
use kz_civics::model::study::{Clock, Study, StudyCommand, StudyScope, StudySettings};

const T0: i64 = 1_717_581_600;

fn open(dir: &Path, clock: &Clock) -> Study {
    Study::open(
        StudySettings::default(),
        StudyScope::All,
        clock.clone(),
        Some(dir.to_path_buf()),
        &Library::bundled().unwrap(),
    )
}

fn grade(study: &mut Study, rating: Rating) -> (String, String) {
    let c = study.current().expect("a card to study");
    let key = (c.deck_id.clone(), c.card.id.clone());
    study.handle(StudyCommand::ShowAnswer);
    study.handle(StudyCommand::Grade(rating));
    key
}

/// The names of the files in the progress directory under `dir`.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(progress::progress_dir(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Files in the progress directory other than the progress files themselves.
fn others(dir: &Path) -> Vec<String> {
    files(dir).into_iter().filter(|n| !(n.starts_with("cards-") && n.ends_with(".json"))).collect()
}

/// The progress file holding the sample card.
fn sample_file(dir: &Path) -> std::path::PathBuf {
    shard_path(dir, shard_of("structure", "ap-formed"))
}

fn sample_progress() -> Progress {
    let s = Scheduler::new(SchedulerConfig::without_fuzz());
    let first = s.review(None, Rating::Good, T0, 0);
    let second = s.review(Some(&first), Rating::Good, T0 + 600, 0);
    let mut p = Progress::new();
    p.set(
        "structure",
        "ap-formed",
        CardProgress {
            schedule: Some(second),
            reviews: vec![Review::new(T0, Rating::Good), Review::new(T0 + 600, Rating::Good)],
        },
    );
    p
}

#[test]
fn progress_survives_a_restart_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::fixed(T0);
    let mut study = open(dir.path(), &clock);
    let mut graded = Vec::new();
    for rating in [Rating::Good, Rating::Again, Rating::Easy, Rating::Hard] {
        graded.push(grade(&mut study, rating));
        clock.advance(7);
    }
    let before: Vec<CardProgress> = graded.iter().map(|(d, c)| study.progress().card(d, c).cloned().unwrap()).collect();
    assert!(study.flush(Duration::from_secs(5)));
    drop(study);

    let mut again = open(dir.path(), &clock);
    let after: Vec<CardProgress> =
        graded.iter().map(|(d, c)| again.progress().card(d, c).cloned().unwrap_or_default()).collect();
    assert_eq!(after, before);
    assert!(after.iter().all(|p| p.schedule.is_some() && p.reviews.len() == 1));
    assert_eq!(again.take_messages(), vec![]);
}

#[test]
fn a_progress_file_has_a_format_name_and_version_and_keys_cards_by_deck_and_card_id() {
    let text = String::from_utf8(sample_progress().shard_json(shard_of("structure", "ap-formed"))).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], "kz-civics-progress");
    assert_eq!(value["version"], 1);
    assert_eq!(value["cards"][0]["deck"], "structure");
    assert_eq!(value["cards"][0]["card"], "ap-formed");
    assert_eq!(value["cards"][0]["reviews"][1], serde_json::json!([T0 + 600, 3]));
    let mut read = Progress::new();
    read.read_json(text.as_bytes()).unwrap();
    assert_eq!(read, sample_progress());
}

#[test]
fn a_grade_writes_only_the_file_that_holds_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut study = open(dir.path(), &Clock::fixed(T0));
    let (deck, card) = grade(&mut study, Rating::Good);
    assert!(study.flush(Duration::from_secs(5)));
    assert_eq!(files(dir.path()), vec![format!("cards-{:02}.json", shard_of(&deck, &card))]);
}

#[test]
fn a_grade_is_on_disk_within_a_second_without_waiting_for_exit() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::fixed(T0);
    let mut study = open(dir.path(), &clock);
    let (deck, card) = grade(&mut study, Rating::Good);
    let started = Instant::now();
    let on_disk = loop {
        let loaded = progress::load(dir.path(), T0);
        if loaded.progress.card(&deck, &card).is_some() || started.elapsed() > Duration::from_secs(1) {
            break loaded.progress;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(on_disk.card(&deck, &card), study.progress().card(&deck, &card));
}

#[test]
fn a_leftover_temporary_file_is_ignored_and_the_last_good_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    progress::save(dir.path(), &sample_progress()).unwrap();
    // A write interrupted half way: a temporary file with part of a newer version.
    let file = sample_file(dir.path());
    let good = fs::read(&file).unwrap();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    fs::write(file.with_file_name(format!(".{name}.4242.tmp")), &good[..good.len() / 2]).unwrap();

    let loaded = progress::load(dir.path(), T0);
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.progress, sample_progress());

    let mut study = open(dir.path(), &Clock::fixed(T0));
    assert_eq!(study.progress().card("structure", "ap-formed"), sample_progress().card("structure", "ap-formed"));
    assert_eq!(study.take_messages(), vec![]);
}

#[test]
fn saving_replaces_the_file_atomically_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    progress::save(dir.path(), &Progress::new()).unwrap();
    progress::save(dir.path(), &sample_progress()).unwrap();
    assert_eq!(others(dir.path()), Vec::<String>::new());
    assert_eq!(progress::load(dir.path(), T0).progress, sample_progress());
}

#[test]
fn a_corrupt_file_is_moved_aside_reported_and_study_starts_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = b"{\"format\":\"kz-civics-progress\",\"version\":1,\"cards\":[{\"deck\":";
    fs::create_dir_all(progress::progress_dir(dir.path())).unwrap();
    fs::write(shard_path(dir.path(), 3), garbage).unwrap();

    let mut study = open(dir.path(), &Clock::fixed(T0));
    let messages = study.take_messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].error);
    assert!(messages[0].text.contains("could not be read"), "{}", messages[0].text);
    assert!(messages[0].text.contains("cards-03.json.unreadable-20240605-100000"), "{}", messages[0].text);
    assert!(study.progress().is_empty());

    // Moved, not deleted: the same bytes under a timestamped name.
    assert_eq!(others(dir.path()), vec!["cards-03.json.unreadable-20240605-100000".to_owned()]);
    let aside = progress::progress_dir(dir.path()).join("cards-03.json.unreadable-20240605-100000");
    assert_eq!(fs::read(aside).unwrap(), garbage);

    // Study goes on and saves to a fresh file.
    let (deck, card) = grade(&mut study, Rating::Good);
    assert!(study.flush(Duration::from_secs(5)));
    assert!(progress::load(dir.path(), T0).progress.card(&deck, &card).is_some());
}

#[test]
fn the_app_tells_the_user_when_progress_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(progress::progress_dir(dir.path())).unwrap();
    fs::write(shard_path(dir.path(), 0), "not json at all").unwrap();
    let state = AppState::new(Persisted::default(), Some(dir.path().to_path_buf()));
    let notice = state.notices.iter().find(|n| n.title.contains("study progress")).expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.title.contains("moved to"), "{}", notice.title);
}

#[test]
fn a_file_from_a_newer_version_is_moved_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let newer = br#"{"format":"kz-civics-progress","version":99,"cards":[]}"#;
    fs::create_dir_all(progress::progress_dir(dir.path())).unwrap();
    fs::write(shard_path(dir.path(), 5), newer).unwrap();
    let mut study = open(dir.path(), &Clock::fixed(T0));
    let text = &study.take_messages()[0].text;
    assert!(text.contains("format version 99"), "{text}");
    let aside = others(dir.path());
    assert_eq!(aside.len(), 1);
    assert_eq!(fs::read(progress::progress_dir(dir.path()).join(&aside[0])).unwrap(), newer);
}

#[test]
fn a_record_with_impossible_values_makes_its_file_unreadable_not_the_app_crash() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(progress::progress_dir(dir.path())).unwrap();
    let record = |field: &str| {
        let mut r = serde_json::json!({
            "deck": "structure", "card": "ap-formed", "phase": "Review", "step": null, "stability": 3.0,
            "difficulty": 5.0, "due": T0, "last_review": T0 - 86_400, "reviews": [[T0 - 86_400, 3]]
        });
        match field {
            "stability" => r["stability"] = serde_json::json!(-1.0),
            "difficulty" => r["difficulty"] = serde_json::json!(11.0),
            "grade" => r["reviews"] = serde_json::json!([[T0, 7]]),
            "time" => r["last_review"] = serde_json::json!(i64::MIN),
            _ => {}
        }
        serde_json::json!({"format": "kz-civics-progress", "version": 1, "cards": [r]}).to_string()
    };
    fs::write(shard_path(dir.path(), 1), record("")).unwrap();
    assert!(progress::load(dir.path(), T0).problems.is_empty(), "the unchanged record is fine");
    for field in ["stability", "difficulty", "grade", "time"] {
        fs::write(shard_path(dir.path(), 1), record(field)).unwrap();
        let loaded = progress::load(dir.path(), T0);
        assert_eq!(loaded.problems.len(), 1, "{field}");
        assert!(loaded.progress.is_empty());
    }
}

#[test]
fn a_second_unreadable_file_in_the_same_second_gets_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(progress::progress_dir(dir.path())).unwrap();
    for text in ["first bad file", "second bad file"] {
        fs::write(shard_path(dir.path(), 7), text).unwrap();
        let loaded = progress::load(dir.path(), T0);
        assert!(loaded.can_save() && loaded.problems.len() == 1);
    }
    assert_eq!(
        others(dir.path()),
        vec!["cards-07.json.unreadable-20240605-100000", "cards-07.json.unreadable-20240605-100000-1"]
    );
}

#[test]
fn one_unreadable_file_costs_only_the_cards_it_held() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample_progress();
    let other = (0..100).map(|i| format!("c{i}")).find(|c| shard_of("d", c) != shard_of("structure", "ap-formed"));
    let other = other.unwrap();
    p.set("d", &other, p.card("structure", "ap-formed").cloned().unwrap());
    progress::save(dir.path(), &p).unwrap();
    fs::write(sample_file(dir.path()), "garbage").unwrap();
    let loaded = progress::load(dir.path(), T0);
    assert_eq!(loaded.problems.len(), 1);
    assert!(loaded.progress.card("structure", "ap-formed").is_none());
    assert_eq!(loaded.progress.card("d", &other), p.card("d", &other));
}

#[test]
fn cards_removed_from_the_decks_keep_their_history_and_break_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = sample_progress();
    let gone = p.card("structure", "ap-formed").cloned().unwrap();
    p.set("structure", "a-card-that-was-deleted", gone.clone());
    p.set("a-deck-that-was-removed", "x", gone.clone());
    progress::save(dir.path(), &p).unwrap();

    let clock = Clock::fixed(T0 + 30 * 86_400);
    let mut study = open(dir.path(), &clock);
    assert!(study.catalog().cards().iter().all(|c| c.card.id != "a-card-that-was-deleted"));
    grade(&mut study, Rating::Good);
    assert!(study.flush(Duration::from_secs(5)));
    let saved = progress::load(dir.path(), T0).progress;
    assert_eq!(saved.card("structure", "a-card-that-was-deleted"), Some(&gone));
    assert_eq!(saved.card("a-deck-that-was-removed", "x"), Some(&gone));
}

#[test]
fn a_card_keeps_its_history_when_its_deck_is_edited_around_it() {
    let dir = tempfile::tempdir().unwrap();
    progress::save(dir.path(), &sample_progress()).unwrap();
    let mut lib = Library::bundled().unwrap();
    let deck = &mut lib.decks.iter_mut().find(|d| d.deck.id == "structure").unwrap().deck;
    deck.cards.retain(|c| c.id == "ap-formed" || c.id == "pm-2007");
    deck.cards.reverse();
    deck.cards[0].back = "October 1995 (edited)".into();
    let study = Study::open(
        StudySettings::default(),
        StudyScope::Deck("structure".into()),
        Clock::fixed(T0 + 5 * 86_400),
        Some(dir.path().to_path_buf()),
        &lib,
    );
    let s: Schedule = study.progress().card("structure", "ap-formed").and_then(|p| p.schedule).unwrap();
    assert_eq!(s.phase, Phase::Review);
    // Its review is due and comes before the new card.
    assert_eq!(study.current().map(|c| c.card.id.as_str()), Some("ap-formed"));
}
