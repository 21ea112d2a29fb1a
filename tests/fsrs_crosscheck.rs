//! Replays every review sequence that the reference scheduler (py-fsrs, see
//! `tests/fixtures/gen_fsrs_fixtures.py`) produced through the app's scheduler.

use kz_civics::model::scheduler::{Phase, Rating, Schedule, Scheduler, SchedulerConfig};
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
