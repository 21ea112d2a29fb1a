//! Personal scheduling through the study session: parameters loaded at open, applied and reset,
//! memory states recomputed and saved, unusable parameter files refused.

use std::fs;
use std::path::Path;
use std::time::Duration;

use kz_civics::model::Library;
use kz_civics::model::optimise::{self, OptimisedFrom, SavedParameters, saved, synthetic};
use kz_civics::model::progress::{self, Progress};
use kz_civics::model::scheduler::{DEFAULT_PARAMETERS, Parameters, Rating};
use kz_civics::model::study::{Clock, Study, StudyCommand, StudyMessage, StudyScope, StudySettings};

/// 2025-06-01 08:00 UTC.
const NOW: i64 = 1_748_764_800;

fn open(dir: &Path) -> Study {
    Study::open(
        StudySettings { fuzz: false, ..StudySettings::default() },
        StudyScope::All,
        Clock::fixed(NOW),
        Some(dir.to_path_buf()),
        &Library::bundled().unwrap(),
    )
}

fn forgetful() -> SavedParameters {
    SavedParameters {
        parameters: Parameters::new(&synthetic::FORGETFUL).unwrap(),
        optimised: Some(OptimisedFrom { at: NOW, reviews: 4321, log_loss: 0.35, rmse_bins: 0.05 }),
    }
}

/// A data directory holding 80 simulated cards' progress.
fn data_dir() -> (tempfile::TempDir, Progress) {
    let dir = tempfile::tempdir().unwrap();
    let p = synthetic::simulate(Parameters::new(&synthetic::FORGETFUL).unwrap(), 80, 150, NOW, 1);
    progress::save(dir.path(), &p).unwrap();
    (dir, p)
}

/// The same progress, but for the last bit of stability and difficulty: serde_json (without its
/// `float_roundtrip` feature) may read a number back one unit in the last place off.
fn assert_same(a: &kz_civics::model::progress::CardProgress, b: &kz_civics::model::progress::CardProgress, card: &str) {
    assert_eq!(a.reviews, b.reviews, "{card}");
    let (x, y) = (a.schedule.unwrap(), b.schedule.unwrap());
    assert_eq!((x.phase, x.step, x.due, x.last_review), (y.phase, y.step, y.due, y.last_review), "{card}");
    let close = |p: f64, q: f64| (p - q).abs() <= 1e-12 * p.abs();
    assert!(close(x.stability, y.stability) && close(x.difficulty, y.difficulty), "{card}: {x:?} vs {y:?}");
}

fn errors(messages: &[StudyMessage]) -> Vec<&str> {
    messages.iter().filter(|m| m.error).map(|m| m.text.as_str()).collect()
}

#[test]
fn a_new_user_schedules_with_the_defaults_and_no_parameters_file_is_written() {
    let (dir, _) = data_dir();
    let mut study = open(dir.path());
    assert!(study.parameters().parameters.is_default());
    assert_eq!(study.scheduler().parameters().values(), &DEFAULT_PARAMETERS);
    assert!(errors(&study.take_messages()).is_empty());
    assert!(!saved::path(dir.path()).exists());
}

#[test]
fn applied_parameters_recompute_memory_states_keep_reviews_and_due_dates_and_survive_a_restart() {
    let (dir, before) = data_dir();
    let mut study = open(dir.path());
    study.handle(StudyCommand::ApplyParameters(forgetful()));
    assert_eq!(study.scheduler().parameters(), &forgetful().parameters);
    let messages = study.take_messages();
    assert!(errors(&messages).is_empty(), "{messages:?}");
    assert!(
        messages.iter().any(|m| m.text.contains("optimised on 4321 reviews")
            && m.text.contains("memory states of 80 cards were recomputed")),
        "{messages:?}"
    );
    assert!(study.flush(Duration::from_secs(10)));

    // On disk: the same reviews and due dates, the memory states the new parameters give.
    let mut expected = before.clone();
    optimise::recompute_memory_states(&mut expected, forgetful().parameters);
    let on_disk = progress::load(dir.path(), NOW);
    assert!(on_disk.problems.is_empty());
    let mut changed = 0;
    for ((deck, card, old), (_, _, new)) in before.iter().zip(expected.iter()) {
        let disk = on_disk.progress.card(deck, card).unwrap();
        assert_same(disk, new, card);
        assert_eq!(disk.reviews, old.reviews);
        let (o, d) = (old.schedule.unwrap(), disk.schedule.unwrap());
        assert_eq!((o.phase, o.step, o.due, o.last_review), (d.phase, d.step, d.due, d.last_review));
        changed += usize::from(o.stability != d.stability);
    }
    assert_eq!(changed, 80);
    drop(study);

    let mut again = open(dir.path());
    assert_eq!(again.parameters(), &forgetful());
    assert_eq!(again.scheduler().parameters(), &forgetful().parameters);
    assert!(errors(&again.take_messages()).is_empty());
}

#[test]
fn the_next_grade_schedules_with_the_new_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let mut defaults = open(dir.path());
    let mut custom = open(dir.path());
    custom.handle(StudyCommand::ApplyParameters(forgetful()));
    for s in [&mut defaults, &mut custom] {
        s.handle(StudyCommand::ShowAnswer);
    }
    let (a, b) = (defaults.previews(NOW).unwrap(), custom.previews(NOW).unwrap());
    // A new card graded Easy: initial stability w[3], 8.2956 days by default, 3 for the forgetful.
    assert_eq!(a[3].stability, DEFAULT_PARAMETERS[3]);
    assert_eq!(b[3].stability, 3.0);
    assert!(b[3].due < a[3].due);
}

#[test]
fn reset_goes_back_to_the_defaults_and_their_memory_states() {
    let (dir, before) = data_dir();
    let mut study = open(dir.path());
    study.handle(StudyCommand::ApplyParameters(forgetful()));
    study.handle(StudyCommand::ResetParameters);
    assert!(study.parameters().parameters.is_default() && study.parameters().optimised.is_none());
    assert!(study.take_messages().iter().any(|m| m.text == "Scheduling now uses the FSRS-6 defaults. The memory states of 80 cards were recomputed from their reviews; due dates stay."));
    assert!(study.flush(Duration::from_secs(10)));
    // The simulated history was scheduled with the defaults: replaying gives back exactly what it had.
    let on_disk = progress::load(dir.path(), NOW).progress;
    assert_eq!(on_disk.len(), before.len());
    for (deck, card, p) in before.iter() {
        assert_same(on_disk.card(deck, card).unwrap(), p, card);
    }
    drop(study);
    assert!(open(dir.path()).parameters().parameters.is_default());
    assert!(saved::parse(&fs::read(saved::path(dir.path())).unwrap()).unwrap().parameters.is_default());
}

#[test]
fn a_parameters_file_with_out_of_range_values_is_refused_with_a_message_and_kept_aside() {
    let (dir, _) = data_dir();
    let mut text = String::from_utf8(saved::to_json(&forgetful())).unwrap();
    text = text.replacen("0.35", "35.0", 1); // w[20], the decay: at most 0.8
    fs::write(saved::path(dir.path()), &text).unwrap();
    let mut study = open(dir.path());
    assert!(study.parameters().parameters.is_default());
    assert!(study.scheduler().parameters().is_default());
    let messages = study.take_messages();
    let errors = errors(&messages);
    assert_eq!(errors.len(), 1, "{messages:?}");
    assert!(errors[0].contains("parameter w[20] is 35, outside its range 0.1 to 0.8"), "{}", errors[0]);
    assert!(errors[0].contains("scheduling uses the FSRS-6 defaults"), "{}", errors[0]);
    let aside: Vec<_> = fs::read_dir(progress::progress_dir(dir.path()))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("parameters.json.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(fs::read_to_string(&aside[0]).unwrap(), text);
}

#[test]
fn the_history_summary_counts_each_new_grade() {
    let dir = tempfile::tempdir().unwrap();
    let mut study = open(dir.path());
    assert_eq!(study.history_summary().reviews, 0);
    assert!(study.history_summary().message().contains("there are 0 reviews across 0 cards so far"));
    study.handle(StudyCommand::ShowAnswer);
    study.handle(StudyCommand::Grade(Rating::Good));
    assert_eq!((study.history_summary().reviews, study.history_summary().cards), (1, 1));
}

#[test]
fn optimising_from_the_study_session_runs_as_a_job_on_its_history() {
    let (dir, _) = data_dir();
    let study = open(dir.path());
    assert!(study.history_summary().is_enough(), "{}", study.history_summary().message());
    let out = study.start_optimising(None).wait().unwrap();
    assert_eq!(out.summary, study.history_summary());
    assert_eq!(out.current, study.parameters().parameters);
}

fn kz_civics_optimise(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kz-civics"))
        .arg("optimise")
        .args(args)
        .env("KZ_CIVICS_DATA_DIR", dir)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A data directory whose 400 simulated cards' reviews are plenty to optimise on.
fn big_data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = synthetic::simulate(Parameters::new(&synthetic::FORGETFUL).unwrap(), 400, 300, NOW, 7);
    progress::save(dir.path(), &p).unwrap();
    dir
}

#[test]
fn optimise_prints_the_review_count_both_evaluations_and_the_parameters_and_saves_nothing() {
    let dir = big_data_dir();
    let (code, stdout, stderr) = kz_civics_optimise(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("reviews: 4255 across 400 cards ("), "{stdout}");
    assert_eq!(lines[1], "current parameters: FSRS-6 defaults");
    assert!(lines[2].starts_with("log loss: current 0.3693, new 0.35"), "{stdout}");
    assert!(lines[3].starts_with("RMSE (bins): current 7.28%, new "), "{stdout}");
    let w: Vec<f64> = lines[4].trim_start_matches("new parameters: ").split(", ").map(|x| x.parse().unwrap()).collect();
    assert!(Parameters::new(&w).is_ok_and(|p| !p.is_default()), "{stdout}");
    assert!(lines[5].starts_with("The new parameters predict your reviews better"), "{stdout}");
    assert_eq!(lines[6], "Run `kz-civics optimise --apply` to use them.");
    assert!(!saved::path(dir.path()).exists());
}

#[test]
fn optimise_apply_saves_the_parameters_that_predict_better_and_recomputes_memory_states() {
    let dir = big_data_dir();
    let (code, stdout, stderr) = kz_civics_optimise(dir.path(), &["--apply"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("the memory states of 400 cards were recomputed"), "{stdout}");
    let w: Vec<f64> = stdout
        .lines()
        .find_map(|l| l.strip_prefix("new parameters: "))
        .unwrap()
        .split(", ")
        .map(|x| x.parse().unwrap())
        .collect();
    let study = open(dir.path());
    assert_eq!(study.parameters().parameters.values().as_slice(), w.as_slice());
    assert_eq!(study.parameters().optimised.map(|o| o.reviews), Some(4255));

    // Optimised again on the same reviews, the new fit is no better than what is in use: nothing saved.
    let before = fs::read(saved::path(dir.path())).unwrap();
    let (code, stdout, _) = kz_civics_optimise(dir.path(), &["--apply"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("current parameters: optimised on 4255 reviews"), "{stdout}");
    assert!(stdout.contains("log loss: defaults 0.3693"), "{stdout}");
    assert!(
        stdout.contains("do not predict your reviews better") && stdout.ends_with("Nothing was saved.\n"),
        "{stdout}"
    );
    assert_eq!(fs::read(saved::path(dir.path())).unwrap(), before);
}

#[test]
fn optimise_with_too_few_reviews_says_how_many_there_are_and_exits_1() {
    let few = synthetic::simulate(Parameters::default(), 10, 30, NOW, 2);
    let dir = tempfile::tempdir().unwrap();
    progress::save(dir.path(), &few).unwrap();
    let (code, stdout, stderr) = kz_civics_optimise(dir.path(), &["--apply"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("reviews: "), "{stdout}");
    assert!(
        stderr.starts_with("Optimising needs at least 400 reviews across 50 cards; there are ")
            && stderr.contains(" across 10 cards so far."),
        "{stderr}"
    );
    assert!(!saved::path(dir.path()).exists());
}
