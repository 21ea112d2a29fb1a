//! A simulated learner, for tests and benchmarks: review histories whose recalls follow FSRS with
//! known parameters, studied with the app's scheduler.
//!
//! Each card is introduced on a random day and then reviewed whenever the scheduler (FSRS-6 defaults,
//! as for a new user) makes it due, a little late at a random hour. The learner's memory follows the
//! *true* parameters: a review a day or more after the previous one is recalled with the probability
//! those parameters give, and graded Again when it is not (Hard, Good or Easy at 15 / 75 / 10 % when it
//! is); a review within the same day (a learning step) is graded Again 10 % of the time, else Good.
//! The first grade is Again, Hard, Good or Easy at 20 / 10 / 55 / 15 %.

use crate::model::progress::{CardProgress, Progress, Review};
use crate::model::scheduler::{
    DAY, HOUR, Memory, Parameters, Phase, Rating, Schedule, Scheduler, SchedulerConfig, Timestamp, whole_days,
};

/// A learner who forgets faster than FSRS-6's average user and is helped less by each review:
/// every parameter inside its range, several far from the default.
pub const FORGETFUL: [f64; 21] =
    [0.1, 0.4, 1.0, 3.0, 7.0, 0.6, 2.0, 0.01, 1.2, 0.3, 1.0, 2.0, 0.1, 0.4, 2.0, 0.3, 2.5, 0.6, 0.2, 0.1, 0.35];

/// A small deterministic random number generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick(&mut self, shares: &[(f64, Rating)]) -> Rating {
        let mut x = self.unit();
        for &(p, r) in shares {
            if x < p {
                return r;
            }
            x -= p;
        }
        shares.last().map_or(Rating::Good, |&(_, r)| r)
    }
}

/// Review histories of `cards` cards over the `days` days before `end`, by a learner whose memory
/// follows `truth`. Deterministic for a given `seed`. Cards are in deck `synthetic`, ids `card-N`.
pub fn simulate(truth: Parameters, cards: usize, days: u32, end: Timestamp, seed: u64) -> Progress {
    let scheduler = Scheduler::new(SchedulerConfig::without_fuzz());
    let memory_model = Scheduler::with_parameters(SchedulerConfig::without_fuzz(), truth);
    let mut rng = Rng(seed);
    let start = end - i64::from(days) * DAY;
    let mut progress = Progress::new();
    for c in 0..cards {
        let mut t = start + rng.below(u64::from(days) * DAY as u64) as i64;
        let mut p = CardProgress::default();
        let mut truth_memory: Option<(Memory, Timestamp)> = None;
        while t < end {
            let rating = match truth_memory {
                None => {
                    rng.pick(&[(0.2, Rating::Again), (0.1, Rating::Hard), (0.55, Rating::Good), (0.15, Rating::Easy)])
                }
                Some((m, last)) => {
                    let elapsed = whole_days(t - last);
                    if elapsed == 0 {
                        rng.pick(&[(0.1, Rating::Again), (0.9, Rating::Good)])
                    } else {
                        let card = Schedule {
                            phase: Phase::Review,
                            step: None,
                            stability: m.stability,
                            difficulty: m.difficulty,
                            due: t,
                            last_review: last,
                        };
                        if rng.unit() >= memory_model.retrievability(&card, t) {
                            Rating::Again
                        } else {
                            rng.pick(&[(0.15, Rating::Hard), (0.75, Rating::Good), (0.1, Rating::Easy)])
                        }
                    }
                }
            };
            let next_truth = match truth_memory {
                None => memory_model.next_memory(None, None, rating),
                Some((m, last)) => memory_model.next_memory(Some(m), Some(whole_days(t - last)), rating),
            };
            truth_memory = Some((next_truth, t));
            let s = scheduler.review(p.schedule.as_ref(), rating, t, 0);
            p.reviews.push(Review::new(t, rating));
            p.schedule = Some(s);
            // Reviewed when due, or up to six hours later; now and then a day or two late.
            let late = if rng.below(10) == 0 { rng.below(2 * DAY as u64) } else { rng.below(6 * HOUR as u64) };
            t = s.due + late as i64;
        }
        progress.set("synthetic", &format!("card-{c}"), p);
    }
    progress
}
