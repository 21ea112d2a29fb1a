//! Replays every review sequence that the reference scheduler (py-fsrs, see
//! `tests/fixtures/gen_fsrs_fixtures.py`) produced through the app's scheduler: with the default
//! parameters, and with two other parameter sets (as the user's optimised parameters would be).

use kz_civics::model::scheduler::{Parameters, Phase, Rating, Schedule, Scheduler, SchedulerConfig};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    py_fsrs_version: String,
    parameters: Vec<f64>,
    learning_steps_seconds: Vec<i64>,
    relearning_steps_seconds: Vec<i64>,
    maximum_interval_days: u32,
    sequences: Vec<Sequence>,
}

#[derive(Deserialize)]
struct Sequence {
    id: u32,
    desired_retention: f64,
    reviews: Vec<Review>,
}

#[derive(Deserialize)]
struct Review {
    at: i64,
    rating: u8,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    state: String,
    step: Option<u32>,
    stability: f64,
    difficulty: f64,
    due: i64,
    last_review: i64,
}

fn fixture() -> Fixture {
    let text = include_str!("fixtures/fsrs_sequences.json");
    serde_json::from_str(text).unwrap()
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Learning => "Learning",
        Phase::Review => "Review",
        Phase::Relearning => "Relearning",
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-4 * b.abs().max(a.abs())
}

#[test]
fn the_fixture_was_made_with_py_fsrs_6_and_the_same_settings() {
    let f = fixture();
    assert!(f.py_fsrs_version.starts_with("6."), "{}", f.py_fsrs_version);
    let config = SchedulerConfig::without_fuzz();
    assert_eq!(f.learning_steps_seconds, config.learning_steps);
    assert_eq!(f.relearning_steps_seconds, config.relearning_steps);
    assert_eq!(f.maximum_interval_days, config.maximum_interval);
    let ours: Vec<f64> = fsrs::DEFAULT_PARAMETERS.iter().map(|&w| f64::from(w)).collect();
    assert_eq!(f.parameters.len(), ours.len());
    for (a, b) in f.parameters.iter().zip(&ours) {
        assert!(close(*a, *b), "parameters differ: {a} vs {b}");
    }
    assert!(f.sequences.len() >= 200);
}

#[test]
fn every_py_fsrs_sequence_replays_to_the_same_states_due_times_stability_and_difficulty() {
    let f = fixture();
    let mut failures = Vec::new();
    let mut reviews = 0;
    for seq in &f.sequences {
        let scheduler = Scheduler::new(SchedulerConfig {
            desired_retention: seq.desired_retention,
            ..SchedulerConfig::without_fuzz()
        });
        let mut card: Option<Schedule> = None;
        for (n, r) in seq.reviews.iter().enumerate() {
            reviews += 1;
            let rating = Rating::from_number(r.rating).unwrap();
            let next = scheduler.review(card.as_ref(), rating, r.at, 0);
            let e = &r.expected;
            let same = phase_name(next.phase) == e.state
                && next.step == e.step
                && next.due == e.due
                && next.last_review == e.last_review
                && close(next.stability, e.stability)
                && close(next.difficulty, e.difficulty);
            if !same {
                failures.push(format!(
                    "sequence {} review {n} ({rating:?}): got {} {:?} due {} S {} D {}, expected {} {:?} due {} S {} D {}",
                    seq.id,
                    phase_name(next.phase),
                    next.step,
                    next.due,
                    next.stability,
                    next.difficulty,
                    e.state,
                    e.step,
                    e.due,
                    e.stability,
                    e.difficulty
                ));
                break;
            }
            card = Some(next);
        }
    }
    assert!(reviews > 2000);
    assert!(
        failures.is_empty(),
        "{} of {} sequences differ:\n{}",
        failures.len(),
        f.sequences.len(),
        failures.join("\n")
    );
}

#[derive(Deserialize)]
struct CustomFixture {
    py_fsrs_version: String,
    learning_steps_seconds: Vec<i64>,
    relearning_steps_seconds: Vec<i64>,
    maximum_interval_days: u32,
    sets: Vec<CustomSet>,
}

#[derive(Deserialize)]
struct CustomSet {
    name: String,
    parameters: Vec<f64>,
    sequences: Vec<Sequence>,
}

fn custom_fixture() -> CustomFixture {
    serde_json::from_str(include_str!("fixtures/fsrs_sequences_custom.json")).unwrap()
}

/// Replays `sequences` with `parameters`: the number of reviews, and one line per sequence that differs.
fn replay(parameters: Parameters, sequences: &[Sequence]) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut reviews = 0;
    for seq in sequences {
        let scheduler = Scheduler::with_parameters(
            SchedulerConfig { desired_retention: seq.desired_retention, ..SchedulerConfig::without_fuzz() },
            parameters,
        );
        let mut card: Option<Schedule> = None;
        for (n, r) in seq.reviews.iter().enumerate() {
            reviews += 1;
            let rating = Rating::from_number(r.rating).unwrap();
            let next = scheduler.review(card.as_ref(), rating, r.at, 0);
            let e = &r.expected;
            let same = phase_name(next.phase) == e.state
                && next.step == e.step
                && next.due == e.due
                && next.last_review == e.last_review
                && close(next.stability, e.stability)
                && close(next.difficulty, e.difficulty);
            if !same {
                failures.push(format!(
                    "sequence {} review {n} ({rating:?}): got {} {:?} due {} S {} D {}, expected {} {:?} due {} S {} D {}",
                    seq.id,
                    phase_name(next.phase),
                    next.step,
                    next.due,
                    next.stability,
                    next.difficulty,
                    e.state,
                    e.step,
                    e.due,
                    e.stability,
                    e.difficulty
                ));
                break;
            }
            card = Some(next);
        }
    }
    (reviews, failures)
}

#[test]
fn the_custom_fixture_has_two_parameter_sets_unlike_the_defaults_and_the_same_settings() {
    let f = custom_fixture();
    assert!(f.py_fsrs_version.starts_with("6."), "{}", f.py_fsrs_version);
    let config = SchedulerConfig::without_fuzz();
    assert_eq!(f.learning_steps_seconds, config.learning_steps);
    assert_eq!(f.relearning_steps_seconds, config.relearning_steps);
    assert_eq!(f.maximum_interval_days, config.maximum_interval);
    assert_eq!(f.sets.len(), 2);
    for set in &f.sets {
        let p = Parameters::new(&set.parameters).unwrap_or_else(|e| panic!("set {}: {e}", set.name));
        assert!(!p.is_default(), "set {}", set.name);
        let far =
            set.parameters.iter().zip(kz_civics::model::scheduler::DEFAULT_PARAMETERS).filter(|(a, b)| !close(**a, *b));
        assert!(far.count() >= 15, "set {} is mostly unlike the defaults", set.name);
        assert!(set.sequences.len() >= 40, "set {}", set.name);
    }
}

#[test]
fn every_py_fsrs_sequence_with_custom_parameters_replays_to_the_same_states_due_times_stability_and_difficulty() {
    for set in custom_fixture().sets {
        let parameters = Parameters::new(&set.parameters).unwrap();
        let (reviews, failures) = replay(parameters, &set.sequences);
        assert!(reviews > 700, "set {}: {reviews} reviews", set.name);
        assert!(
            failures.is_empty(),
            "set {}: {} of {} sequences differ:\n{}",
            set.name,
            failures.len(),
            set.sequences.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn custom_parameters_change_the_schedule() {
    // The check above is not vacuous: the default parameters do not reproduce the custom sequences.
    for set in custom_fixture().sets {
        let (_, failures) = replay(Parameters::default(), &set.sequences);
        assert!(failures.len() * 2 > set.sequences.len(), "set {}: only {} differ", set.name, failures.len());
    }
}
