//! Tests of personal scheduling: training items, eligibility, optimising, jobs, recomputing memory
//! states, the parameters file and the retention suggestion.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::*;
use crate::model::progress::Review;
use crate::model::scheduler::{DAY, DEFAULT_PARAMETERS, HOUR, MINUTE, Rating};

/// 2025-06-01 08:00 UTC.
const NOW: Timestamp = 1_748_764_800;
const T0: Timestamp = NOW - 100 * DAY;

fn r(at: Timestamp, rating: Rating) -> Review {
    Review::new(at, rating)
}

fn deltas(item: &FSRSItem) -> Vec<(u32, u32)> {
    item.reviews.iter().map(|r| (r.rating, r.delta_t)).collect()
}

fn forgetful() -> Parameters {
    Parameters::new(&synthetic::FORGETFUL).unwrap()
}

#[test]
fn training_items_are_one_per_review_a_day_or_more_after_the_previous_with_the_whole_history() {
    let card = vec![
        r(T0, Rating::Good),
        r(T0 + 10 * MINUTE, Rating::Good),
        r(T0 + 2 * DAY, Rating::Good),
        r(T0 + 2 * DAY + HOUR, Rating::Again),
        r(T0 + 5 * DAY, Rating::Hard),
    ];
    let set = History::from_cards(vec![card]).training_set(NOW);
    let items: Vec<_> = set.items.iter().map(deltas).collect();
    // Same-day reviews stay in the history (delta 0: short-term) but are not items of their own.
    // 1 day 23 h 50 min after the second review: 1 day.
    assert_eq!(items, [vec![(3, 0), (3, 0), (3, 1)], vec![(3, 0), (3, 0), (3, 1), (1, 0), (2, 2)]]);
    assert_eq!(set.card_ids, [0, 0]);
    assert_eq!(
        set.summary,
        HistorySummary { cards: 1, reviews: 5, items: 2, out_of_order: 0, clock_jumps: 0, bad_grades: 0 }
    );
}

#[test]
fn elapsed_days_are_whole_24_hour_periods_as_the_scheduler_counts_them() {
    let card = vec![r(T0, Rating::Good), r(T0 + DAY - 1, Rating::Good), r(T0 + 2 * DAY - 1, Rating::Good)];
    let set = History::from_cards(vec![card]).training_set(NOW);
    assert_eq!(set.items.iter().map(deltas).collect::<Vec<_>>(), [vec![(3, 0), (3, 0), (3, 1)]]);
}

#[test]
fn items_of_all_cards_are_in_the_time_order_of_their_last_review() {
    let a = vec![r(T0, Rating::Good), r(T0 + 3 * DAY, Rating::Good), r(T0 + 9 * DAY, Rating::Good)];
    let b = vec![r(T0 + DAY, Rating::Good), r(T0 + 5 * DAY, Rating::Again)];
    let set = History::from_cards(vec![a, b]).training_set(NOW);
    assert_eq!(set.card_ids, [0, 1, 0]);
    assert_eq!(set.items[1].reviews.last().map(|r| r.rating), Some(1));
}

#[test]
fn reviews_recorded_out_of_order_are_sorted_and_counted() {
    // The clock was set back two days before the third review.
    let card = vec![r(T0, Rating::Good), r(T0 + 4 * DAY, Rating::Good), r(T0 + 2 * DAY, Rating::Hard)];
    let set = History::from_cards(vec![card]).training_set(NOW);
    assert_eq!(set.summary.out_of_order, 1);
    assert_eq!(set.items.iter().map(deltas).collect::<Vec<_>>(), [vec![(3, 0), (2, 2)], vec![(3, 0), (2, 2), (3, 2)]]);
    assert!(
        set.summary.message().contains("1 review recorded out of time order (sorted)"),
        "{}",
        set.summary.message()
    );
}

#[test]
fn reviews_dated_in_the_future_or_before_2000_and_bad_grades_are_skipped_and_counted() {
    let card = vec![
        r(0, Rating::Good),
        r(T0, Rating::Good),
        Review(T0 + DAY, 7),
        r(T0 + 3 * DAY, Rating::Good),
        r(NOW + 30 * DAY, Rating::Easy),
    ];
    let set = History::from_cards(vec![card]).training_set(NOW);
    assert_eq!((set.summary.clock_jumps, set.summary.bad_grades, set.summary.reviews), (2, 1, 2));
    assert_eq!(set.items.iter().map(deltas).collect::<Vec<_>>(), [vec![(3, 0), (3, 3)]]);
    let m = set.summary.message();
    assert!(m.contains("2 reviews dated in the future or before 2000 (skipped)"), "{m}");
    assert!(m.contains("1 review with a grade other than 1 to 4 (skipped)"), "{m}");
}

#[test]
fn optimising_is_offered_from_400_reviews_across_50_cards_and_says_how_many_there_are() {
    let cards = |n: usize, each: i64| -> History {
        History::from_cards((0..n).map(|_| (0..each).map(|k| r(T0 + k * 2 * DAY, Rating::Good)).collect()).collect())
    };
    let few = cards(49, 10).summary(NOW);
    assert!(!few.is_enough());
    assert_eq!(
        few.message(),
        "Optimising needs at least 400 reviews across 50 cards; there are 490 reviews across 49 cards so far."
    );
    assert!(!cards(60, 6).summary(NOW).is_enough(), "360 reviews");
    let enough = cards(50, 8).summary(NOW);
    assert!(enough.is_enough());
    assert_eq!(enough.message(), "400 reviews across 50 cards to optimise on.");
}

#[test]
fn too_few_reviews_stop_optimising_with_the_message() {
    let history = History::from_cards(vec![vec![r(T0, Rating::Good), r(T0 + 2 * DAY, Rating::Good)]]);
    let e = optimise(&history, Parameters::default(), NOW, &JobControl::new()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Optimising needs at least 400 reviews across 50 cards; there are 2 reviews across 1 card so far."
    );
}

fn simulated(cards: usize, days: u32, seed: u64) -> Progress {
    synthetic::simulate(forgetful(), cards, days, NOW, seed)
}

#[test]
fn optimising_a_simulated_learner_predicts_better_than_the_defaults() {
    let progress = simulated(400, 300, 7);
    let history = History::from_progress(&progress);
    let out = optimise(&history, Parameters::default(), NOW, &JobControl::new()).unwrap();
    assert!(out.summary.items > 2000, "{:?}", out.summary);
    // The simulated memory really is the forgetful one: its own parameters beat the defaults.
    let set = history.training_set(NOW);
    let truth = evaluate(&set, forgetful(), &JobControl::new(), 0, 1).unwrap();
    assert!(truth.log_loss < out.default_evaluation.log_loss - 0.01, "{truth:?} vs {:?}", out.default_evaluation);
    assert!(
        out.new_evaluation.log_loss < out.default_evaluation.log_loss - 0.01,
        "new {:?} vs default {:?}",
        out.new_evaluation,
        out.default_evaluation
    );
    assert!(out.new_evaluation.rmse_bins < out.default_evaluation.rmse_bins);
    // And about as well as the truth does (in-sample, the fit may even do a little better).
    assert!(out.new_evaluation.log_loss < truth.log_loss + 0.005, "new {:?} vs truth {truth:?}", out.new_evaluation);
    assert!(out.predicts_better(), "{}", out.verdict());
    assert_eq!(out.current_evaluation, out.default_evaluation);
    let accepted = out.accepted().unwrap();
    assert_eq!(accepted.parameters, out.new);
    assert_eq!(accepted.optimised.map(|o| o.reviews), Some(out.summary.reviews));
    // Fitted to the forgetful learner: first-day stability after Good is far below the default 2.3 days.
    assert!(out.new.values()[2] < 1.5, "{:?}", out.new);
}

#[test]
fn parameters_that_do_not_predict_better_are_not_accepted() {
    let progress = simulated(60, 120, 3);
    let history = History::from_progress(&progress);
    let mut out = optimise(&history, Parameters::default(), NOW, &JobControl::new()).unwrap();
    out.new_evaluation = Evaluation { log_loss: out.current_evaluation.log_loss + 0.01, ..out.new_evaluation };
    assert!(!out.predicts_better());
    assert_eq!(out.accepted(), None);
    assert!(out.verdict().contains("do not predict your reviews better"), "{}", out.verdict());
}

#[test]
fn optimising_when_cancelled_ends_with_cancelled() {
    let history = History::from_progress(&simulated(60, 120, 3));
    let control = JobControl::new();
    control.cancel();
    assert_eq!(optimise(&history, Parameters::default(), NOW, &control), Err(OptimiseError::Cancelled));
}

#[test]
fn a_cancel_reaches_the_fsrs_trainer() {
    let control = JobControl::new();
    control.cancel();
    control.sync_training();
    assert!(control.training_progress().lock().unwrap().want_abort);
}

/// Waits up to `limit` for `ok`.
fn eventually(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    ok()
}

#[test]
fn a_job_reports_progress_wakes_the_ui_and_can_be_cancelled_without_blocking() {
    let wakes = Arc::new(AtomicUsize::new(0));
    let w = Arc::clone(&wakes);
    let mut job: Job<()> = Job::start(
        "test",
        Some(Box::new(move || {
            w.fetch_add(1, Ordering::Relaxed);
        })),
        |control| {
            control.set_stage(Stage::Training, 0.5);
            loop {
                control.check()?;
                std::thread::sleep(Duration::from_millis(2));
            }
        },
    );
    assert!(eventually(Duration::from_secs(5), || job.progress().stage == Stage::Training));
    assert!((job.progress().fraction - 0.45).abs() < 1e-6, "{:?}", job.progress());
    assert!(eventually(Duration::from_secs(5), || wakes.load(Ordering::Relaxed) > 0));
    assert_eq!(job.try_result(), None, "still running");
    let t = Instant::now();
    job.cancel();
    assert!(t.elapsed() < Duration::from_millis(5), "cancel returns at once");
    let mut outcome = None;
    assert!(eventually(Duration::from_secs(5), || {
        outcome = job.try_result();
        outcome.is_some()
    }));
    assert_eq!(outcome, Some(Err(OptimiseError::Cancelled)));
    assert_eq!(job.try_result(), None, "the outcome is given once");
}

#[test]
fn a_job_whose_work_panics_ends_as_stopped() {
    let job: Job<()> = Job::start("test", None, |_| panic!("the work failed"));
    assert_eq!(job.wait(), Err(OptimiseError::Stopped));
}

#[test]
fn an_optimising_job_finishes_with_the_same_result_as_optimising_here() {
    let progress = simulated(80, 150, 11);
    let history = History::from_progress(&progress);
    let here = optimise(&history, Parameters::default(), NOW, &JobControl::new()).unwrap();
    let job = start_optimising(history, Parameters::default(), NOW, None);
    let there = job.wait().unwrap();
    assert_eq!((there.new, there.new_evaluation.log_loss), (here.new, here.new_evaluation.log_loss));
    // The crate sums RMSE bins in hash-map order, which differs from run to run in the last bits.
    assert!((there.new_evaluation.rmse_bins - here.new_evaluation.rmse_bins).abs() < 1e-6);
}

#[test]
fn recomputing_with_the_same_parameters_changes_nothing() {
    let mut progress = simulated(40, 90, 5);
    let before = progress.clone();
    assert_eq!(recompute_memory_states(&mut progress, Parameters::default()), 40);
    assert_eq!(progress, before, "the scheduler's own memory states, bit for bit");
}

#[test]
fn recomputing_with_new_parameters_keeps_reviews_and_due_dates_and_replays_memory() {
    let mut progress = simulated(40, 90, 5);
    let before = progress.clone();
    recompute_memory_states(&mut progress, forgetful());
    let scheduler = Scheduler::with_parameters(SchedulerConfig::without_fuzz(), forgetful());
    let mut changed = 0;
    for ((_, _, old), (_, _, new)) in before.iter().zip(progress.iter()) {
        assert_eq!(old.reviews, new.reviews);
        let (o, n) = (old.schedule.unwrap(), new.schedule.unwrap());
        assert_eq!((o.phase, o.step, o.due, o.last_review), (n.phase, n.step, n.due, n.last_review));
        let m = replay(&scheduler, &new.reviews).unwrap();
        assert_eq!((n.stability, n.difficulty), (m.stability, m.difficulty));
        changed += usize::from(o.stability != n.stability);
    }
    assert_eq!(changed, 40);
}

#[test]
fn the_parameters_file_round_trips_with_where_they_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let saved = SavedParameters {
        parameters: forgetful(),
        optimised: Some(OptimisedFrom { at: NOW, reviews: 1234, log_loss: 0.3125, rmse_bins: 0.0213 }),
    };
    saved::save(dir.path(), &saved).unwrap();
    let loaded = saved::load(dir.path(), NOW);
    assert_eq!(loaded, saved::LoadedParameters { saved, problem: None });
    assert_eq!(saved.describe(), "optimised on 1234 reviews (2025-06-01)");
    let text = std::fs::read_to_string(saved::path(dir.path())).unwrap();
    assert!(text.contains("\"format\": \"kz-civics-parameters\"") && text.contains("\"version\": 1"), "{text}");
}

#[test]
fn no_parameters_file_means_the_defaults_without_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = saved::load(dir.path(), NOW);
    assert_eq!(loaded.saved.parameters.values(), &DEFAULT_PARAMETERS);
    assert_eq!(loaded.problem, None);
}

fn file_with(parameters: &str) -> String {
    format!("{{\"format\":\"kz-civics-parameters\",\"version\":1,\"parameters\":{parameters}}}")
}

#[test]
fn a_parameters_file_with_bad_values_is_refused_moved_aside_and_the_defaults_kept() {
    let mut w: Vec<String> = DEFAULT_PARAMETERS.iter().map(|x| x.to_string()).collect();
    let ok = file_with(&format!("[{}]", w.join(",")));
    assert!(saved::parse(ok.as_bytes()).is_ok());
    w[3] = "1000.0".into();
    let out_of_range = file_with(&format!("[{}]", w.join(",")));
    w[3] = "NaN".into();
    let nan = file_with(&format!("[{}]", w.join(",")));
    let cases = [
        (out_of_range, "parameter w[3] is 1000, outside its range 0.001 to 100"),
        (nan, "expected value"),
        (file_with("[0.2, 1.2]"), "there are 2 parameters; FSRS-6 has 21"),
        ("{\"format\":\"kz-civics-parameters\",\"version\":9,\"parameters\":[]}".into(), "format version 9"),
        ("{\"format\":\"something-else\",\"version\":1}".into(), "not a KZ Civics parameters file"),
        ("not json".into(), "expected ident"),
    ];
    for (text, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = saved::path(dir.path());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        let loaded = saved::load(dir.path(), NOW);
        assert_eq!(loaded.saved, SavedParameters::default(), "{text}");
        let problem = loaded.problem.clone().unwrap();
        assert!(problem.error.contains(expected), "{text}: {}", problem.error);
        let moved = problem.moved_to.clone().unwrap();
        assert!(!path.exists(), "moved out of the way");
        assert_eq!(std::fs::read_to_string(&moved).unwrap(), text, "kept, never deleted");
        assert!(moved.file_name().unwrap().to_string_lossy().starts_with("parameters.json.unreadable-2025"));
        assert!(loaded.can_save());
        assert!(problem.message().contains("scheduling uses the FSRS-6 defaults"), "{}", problem.message());
    }
}

#[test]
fn suggesting_a_retention_gives_one_in_range_and_a_workload_that_grows_with_retention() {
    let history = History::from_progress(&simulated(60, 120, 3));
    let settings = RetentionSettings::new(forgetful(), 300, 20, &history, NOW);
    assert!(settings.first_grades.is_some() && settings.recall_grades.is_some(), "grade shares from the history");
    let advice = suggest_retention(&settings, &JobControl::new()).unwrap();
    assert!((0.70..=0.95).contains(&advice.suggested), "{advice:?}");
    let retentions: Vec<f64> = advice.rows.iter().map(|r| r.retention).collect();
    assert_eq!(retentions, retention::TABLE_RETENTIONS);
    for pair in advice.rows.windows(2) {
        assert!(pair[0].reviews_per_day < pair[1].reviews_per_day, "{advice:?}");
        assert!(pair[0].minutes_per_day < pair[1].minutes_per_day, "{advice:?}");
        assert!(pair[0].remembered < pair[1].remembered, "{advice:?}");
    }
}
