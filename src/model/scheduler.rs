//! FSRS-6 spaced repetition: the memory model of the `fsrs` crate inside the card life cycle of the
//! reference scheduler, py-fsrs 6.x (`fsrs` on PyPI, class `Scheduler`).
//!
//! The life cycle, as py-fsrs runs it:
//! - A new card (no schedule yet) is in Learning at step 0. Learning steps are 1 min and 10 min;
//!   Again goes back to step 0, Hard stays on the step (at step 0: halfway between the first two steps),
//!   Good moves on a step and graduates to Review after the last, Easy graduates at once.
//! - In Review, Again is a lapse: Relearning at step 0 (relearning step 10 min); the other grades schedule
//!   the next review in whole days, `round(interval)` clamped to 1 ..= maximum interval (36500 days).
//! - Elapsed time is counted in whole 24-hour periods since the last review (`timedelta.days`), not in
//!   calendar days. A review less than a day after the previous one uses the short-term stability formula.
//! - Fuzz (a small random spread of review intervals of 3 days and more) is optional; it is off in tests.
//!   Here it draws from a seed (the card and its review count), so the interval shown on a grade button is
//!   the one that grade gives.

use std::f64::consts::E;

use serde::{Deserialize, Serialize};

/// A moment in time: seconds since the Unix epoch, UTC.
pub type Timestamp = i64;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

/// The four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// 1 ..= 4, as FSRS numbers them.
    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Rating> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

/// Where a card is in its life cycle. A card never reviewed has no [`Schedule`] at all ("new").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    Learning,
    Review,
    Relearning,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }
}

/// A card's scheduling state after its last review.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub phase: Phase,
    /// The learning or relearning step; `None` in Review.
    pub step: Option<u32>,
    /// Days until recall probability falls to 90%.
    pub stability: f64,
    /// 1 (easy) ..= 10 (hard).
    pub difficulty: f64,
    pub due: Timestamp,
    pub last_review: Timestamp,
}

/// The scheduler's settings, py-fsrs's defaults unless changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchedulerConfig {
    /// The recall probability reviews are scheduled for.
    pub desired_retention: f64,
    /// Learning steps in seconds.
    pub learning_steps: Vec<i64>,
    /// Relearning steps in seconds.
    pub relearning_steps: Vec<i64>,
    /// The longest interval, in days.
    pub maximum_interval: u32,
    /// Spread review intervals a little so that cards learnt together do not stay together.
    pub fuzz: bool,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            desired_retention: 0.9,
            learning_steps: vec![MINUTE, 10 * MINUTE],
            relearning_steps: vec![10 * MINUTE],
            maximum_interval: 36500,
            fuzz: true,
        }
    }
}

impl SchedulerConfig {
    /// The defaults without fuzz: what the cross-check against py-fsrs uses.
    pub fn without_fuzz() -> Self {
        Self { fuzz: false, ..Self::default() }
    }
}

/// Stability and difficulty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    pub stability: f64,
    pub difficulty: f64,
}

/// The FSRS-6 default parameters, as py-fsrs writes them. They are the `fsrs` crate's
/// `DEFAULT_PARAMETERS` (a test checks that every one rounds to the crate's `f32`).
pub const DEFAULT_PARAMETERS: [f64; 21] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
    1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];

/// The lowest stability; neither implementation goes below it.
const STABILITY_MIN: f64 = 0.001;

/// The range each of the 21 parameters must lie in: py-fsrs's `LOWER_BOUNDS_PARAMETERS` and
/// `UPPER_BOUNDS_PARAMETERS`, which are also the ranges the `fsrs` crate clamps to (`clip_parameters`
/// with one relearning step). Parameters inside these ranges mean the same to the app, py-fsrs and
/// the crate; the crate would silently change any outside them.
pub const PARAMETER_BOUNDS: [(f64, f64); 21] = [
    (STABILITY_MIN, 100.0),
    (STABILITY_MIN, 100.0),
    (STABILITY_MIN, 100.0),
    (STABILITY_MIN, 100.0),
    (1.0, 10.0),
    (0.001, 4.0),
    (0.001, 4.0),
    (0.001, 0.75),
    (0.0, 4.5),
    (0.0, 0.8),
    (0.001, 3.5),
    (0.001, 5.0),
    (0.001, 0.25),
    (0.001, 0.9),
    (0.0, 4.0),
    (0.0, 1.0),
    (1.0, 6.0),
    (0.0, 2.0),
    (0.0, 2.0),
    (0.0, 0.8),
    (0.1, 0.8),
];

/// Why a list of numbers is not a set of FSRS-6 parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParameterError {
    #[error("there are {0} parameters; FSRS-6 has 21")]
    Count(usize),
    #[error("parameter w[{index}] is {value}, not a finite number")]
    NotFinite { index: usize, value: f64 },
    #[error("parameter w[{index}] is {value}, outside its range {low} to {high}")]
    OutOfRange { index: usize, value: f64, low: f64, high: f64 },
}

/// The 21 FSRS-6 parameters, each finite and within [`PARAMETER_BOUNDS`] (no other value can be made).
/// The default is [`DEFAULT_PARAMETERS`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parameters([f64; 21]);

impl Default for Parameters {
    fn default() -> Self {
        Parameters(DEFAULT_PARAMETERS)
    }
}

impl Parameters {
    /// Checks `values`: exactly 21, every one finite and within its range.
    pub fn new(values: &[f64]) -> Result<Self, ParameterError> {
        let w: [f64; 21] = values.try_into().map_err(|_| ParameterError::Count(values.len()))?;
        for (index, (&value, &(low, high))) in w.iter().zip(&PARAMETER_BOUNDS).enumerate() {
            if !value.is_finite() {
                return Err(ParameterError::NotFinite { index, value });
            }
            if !(low..=high).contains(&value) {
                return Err(ParameterError::OutOfRange { index, value, low, high });
            }
        }
        Ok(Parameters(w))
    }

    /// Parameters as the `fsrs` crate gives them (`f32`). Each is read as the shortest decimal that
    /// names the `f32` (`0.212_f32` becomes `0.212`, not `0.21199999749660492`), so the crate's
    /// defaults become exactly [`DEFAULT_PARAMETERS`].
    pub fn from_f32(values: &[f32]) -> Result<Self, ParameterError> {
        let wide: Vec<f64> = values.iter().map(|&w| shortest_f64(w)).collect();
        Self::new(&wide)
    }

    pub fn values(&self) -> &[f64; 21] {
        &self.0
    }

    /// The parameters as the `fsrs` crate takes them.
    pub fn to_f32(&self) -> Vec<f32> {
        self.0.iter().map(|&w| w as f32).collect()
    }

    pub fn is_default(&self) -> bool {
        self.0 == DEFAULT_PARAMETERS
    }
}

/// The `f64` of the shortest decimal that reads back as `w`.
fn shortest_f64(w: f32) -> f64 {
    // `Display` of a float prints the shortest decimal that round-trips, and that decimal is always a
    // valid `f64` literal; non-finite values keep their value (and are refused by `Parameters::new`).
    w.to_string().parse().unwrap_or(f64::from(w))
}

/// The scheduler: FSRS-6 memory model plus py-fsrs's card life cycle.
///
/// # Why the memory model is evaluated here, in `f64`
/// The formulas are those of the `fsrs` crate (`model.rs`, `step`) and of py-fsrs, which agree, with the
/// crate's default parameters. Calling the crate's `FSRS::next_states` directly does not reproduce
/// py-fsrs. Replaying the 240 reference sequences of `tests/fixtures` through it puts 7 sequences off:
/// - the crate computes in `f32`; over a long sequence its stability drifts from py-fsrs's `f64` by up to
///   9e-5 relative (`1 - R` near zero loses most of its digits in `f32`), and 6 due dates come out a day
///   apart where the interval lies near a half day;
/// - the crate clamps stability to 36500 days, py-fsrs does not (18 reviews of the fixture go past it).
///   The interval is capped at the maximum interval anyway, but with a desired retention below 0.9 the
///   interval is a multiple of stability (retention 0.8: about 2.5 x), so a capped stability gives a much
///   shorter interval.
///
/// So this type evaluates the same formulas in `f64`, in py-fsrs's order of operations (`e ** x` as
/// `E.powf(x)`, intervals rounded half to even as Python's `round`), with no upper bound on stability.
/// `memory_model_agrees_with_the_fsrs_crate` checks it against the crate's `next_states` wherever the
/// crate's own limits are not reached; `tests/fsrs_crosscheck.rs` checks it against py-fsrs.
#[derive(Debug, Clone)]
pub struct Scheduler {
    config: SchedulerConfig,
    parameters: Parameters,
    w: [f64; 21],
    decay: f64,
    factor: f64,
}

impl Scheduler {
    /// The scheduler with FSRS-6's default parameters.
    pub fn new(config: SchedulerConfig) -> Self {
        Self::with_parameters(config, Parameters::default())
    }

    /// The scheduler with the user's own parameters (optimised from their reviews).
    pub fn with_parameters(config: SchedulerConfig, parameters: Parameters) -> Self {
        let w = *parameters.values();
        let decay = -w[20];
        let factor = 0.9f64.powf(1.0 / decay) - 1.0;
        let mut config = config;
        config.desired_retention = sanitize_retention(config.desired_retention);
        config.maximum_interval = config.maximum_interval.max(1);
        Self { config, parameters, w, decay, factor }
    }

    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    pub fn parameters(&self) -> &Parameters {
        &self.parameters
    }

    /// The card after a review with `rating` at `now`. `card` is `None` for a new card; `seed` feeds the
    /// fuzz (ignored when fuzz is off).
    pub fn review(&self, card: Option<&Schedule>, rating: Rating, now: Timestamp, seed: u64) -> Schedule {
        let (phase, step, memory, elapsed) = match card {
            None => (Phase::Learning, 0, None, None),
            Some(c) => (
                c.phase,
                c.step.unwrap_or(0),
                Some(Memory { stability: c.stability, difficulty: c.difficulty }),
                Some(whole_days(now - c.last_review)),
            ),
        };
        let memory = self.next_memory(memory, elapsed, rating);
        let cfg = &self.config;
        let review = |m: &Memory| (Phase::Review, None, self.interval_days(m.stability) * DAY);
        let (phase, step, interval) = match phase {
            Phase::Learning | Phase::Relearning => {
                let steps = if phase == Phase::Learning { &cfg.learning_steps } else { &cfg.relearning_steps };
                let past_last = step as usize >= steps.len() && rating != Rating::Again;
                if steps.is_empty() || past_last {
                    review(&memory)
                } else {
                    match rating {
                        Rating::Again => (phase, Some(0), steps[0]),
                        Rating::Hard => {
                            let i = step as usize;
                            let interval = match (i, steps.len()) {
                                (0, 1) => steps[0] * 3 / 2,
                                (0, _) => (steps[0] + steps[1]) / 2,
                                _ => steps[i],
                            };
                            (phase, Some(step), interval)
                        }
                        Rating::Good if step as usize + 1 == steps.len() => review(&memory),
                        Rating::Good => (phase, Some(step + 1), steps[step as usize + 1]),
                        Rating::Easy => review(&memory),
                    }
                }
            }
            Phase::Review => match rating {
                Rating::Again if !cfg.relearning_steps.is_empty() => {
                    (Phase::Relearning, Some(0), cfg.relearning_steps[0])
                }
                _ => review(&memory),
            },
        };
        let interval = if cfg.fuzz && phase == Phase::Review { self.fuzzed(interval, seed) } else { interval };
        Schedule {
            phase,
            step,
            stability: memory.stability,
            difficulty: memory.difficulty,
            due: now + interval,
            last_review: now,
        }
    }

    /// What each grade would give, Again to Easy.
    pub fn preview(&self, card: Option<&Schedule>, now: Timestamp, seed: u64) -> [Schedule; 4] {
        Rating::ALL.map(|r| self.review(card, r, now, seed))
    }

    /// The probability of recalling the card at `now`.
    pub fn retrievability(&self, card: &Schedule, now: Timestamp) -> f64 {
        self.retrievability_after(card.stability, whole_days(now - card.last_review))
    }

    fn retrievability_after(&self, stability: f64, elapsed_days: i64) -> f64 {
        (1.0 + self.factor * elapsed_days.max(0) as f64 / stability).powf(self.decay)
    }

    /// Stability and difficulty after a review `elapsed_days` whole days after the previous one
    /// (`None`: the card's first review). Less than a day uses the short-term formula.
    pub fn next_memory(&self, memory: Option<Memory>, elapsed_days: Option<i64>, rating: Rating) -> Memory {
        let w = &self.w;
        let r = f64::from(rating.number());
        let Some(m) = memory else {
            return Memory {
                stability: w[usize::from(rating.number()) - 1].max(STABILITY_MIN),
                difficulty: clamp_d(self.initial_difficulty(r)),
            };
        };
        let stability = match elapsed_days {
            Some(days) if days >= 1 => {
                let retrievability = self.retrievability_after(m.stability, days);
                let s = if rating == Rating::Again {
                    self.forget_stability(m, retrievability)
                } else {
                    self.recall_stability(m, retrievability, rating)
                };
                s.max(STABILITY_MIN)
            }
            _ => self.short_term_stability(m.stability, r),
        };
        Memory { stability, difficulty: self.next_difficulty(m.difficulty, r) }
    }

    fn initial_difficulty(&self, r: f64) -> f64 {
        self.w[4] - E.powf(self.w[5] * (r - 1.0)) + 1.0
    }

    fn next_difficulty(&self, d: f64, r: f64) -> f64 {
        let w = &self.w;
        let easy = self.initial_difficulty(4.0);
        let delta = -(w[6] * (r - 3.0));
        let damped = d + (10.0 - d) * delta / 9.0;
        clamp_d(w[7] * easy + (1.0 - w[7]) * damped)
    }

    fn short_term_stability(&self, s: f64, r: f64) -> f64 {
        let w = &self.w;
        let mut increase = E.powf(w[17] * (r - 3.0 + w[18])) * s.powf(-w[19]);
        if r >= 2.0 {
            increase = increase.max(1.0);
        }
        (s * increase).max(STABILITY_MIN)
    }

    fn forget_stability(&self, m: Memory, retrievability: f64) -> f64 {
        let w = &self.w;
        let long_term = w[11]
            * m.difficulty.powf(-w[12])
            * ((m.stability + 1.0).powf(w[13]) - 1.0)
            * E.powf((1.0 - retrievability) * w[14]);
        let short_term = m.stability / E.powf(w[17] * w[18]);
        long_term.min(short_term)
    }

    fn recall_stability(&self, m: Memory, retrievability: f64, rating: Rating) -> f64 {
        let w = &self.w;
        let hard_penalty = if rating == Rating::Hard { w[15] } else { 1.0 };
        let easy_bonus = if rating == Rating::Easy { w[16] } else { 1.0 };
        m.stability
            * (1.0
                + E.powf(w[8])
                    * (11.0 - m.difficulty)
                    * m.stability.powf(-w[9])
                    * (E.powf((1.0 - retrievability) * w[10]) - 1.0)
                    * hard_penalty
                    * easy_bonus)
    }

    /// The review interval in whole days for `stability`, as py-fsrs rounds it.
    fn interval_days(&self, stability: f64) -> i64 {
        let days = (stability / self.factor) * (self.config.desired_retention.powf(1.0 / self.decay) - 1.0);
        // Python's round() rounds halves to even.
        let days = days.round_ties_even();
        let days = if days.is_finite() { days as i64 } else { i64::from(self.config.maximum_interval) };
        days.max(1).min(i64::from(self.config.maximum_interval))
    }

    /// py-fsrs's `_get_fuzzed_interval`, drawing its random number from `seed`.
    fn fuzzed(&self, interval: i64, seed: u64) -> i64 {
        let days = interval.div_euclid(DAY);
        if (days as f64) < 2.5 {
            return interval;
        }
        const RANGES: [(f64, f64, f64); 3] = [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::INFINITY, 0.05)];
        let mut delta = 1.0;
        for (start, end, factor) in RANGES {
            delta += factor * ((days as f64).min(end) - start).max(0.0);
        }
        let max_interval = i64::from(self.config.maximum_interval);
        let min_ivl = ((days as f64 - delta).round_ties_even() as i64).max(2);
        let max_ivl = ((days as f64 + delta).round_ties_even() as i64).min(max_interval);
        let min_ivl = min_ivl.min(max_ivl);
        let random = unit_random(seed);
        let fuzzed = (random * (max_ivl - min_ivl + 1) as f64 + min_ivl as f64).round_ties_even() as i64;
        fuzzed.min(max_interval) * DAY
    }
}

impl Default for Scheduler {
    fn default() -> Self {
        Self::new(SchedulerConfig::default())
    }
}

fn clamp_d(d: f64) -> f64 {
    d.clamp(1.0, 10.0)
}

fn sanitize_retention(r: f64) -> f64 {
    if r.is_finite() { r.clamp(0.7, 0.99) } else { 0.9 }
}

/// Whole 24-hour periods in `seconds`, never negative (a clock set back counts as the same day).
pub fn whole_days(seconds: i64) -> i64 {
    seconds.div_euclid(DAY).max(0)
}

/// A number in [0, 1) from `seed` (splitmix64).
fn unit_random(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// A seed for the fuzz of one card's next review: the card's key and how many reviews it has had.
pub fn fuzz_seed(deck: &str, card: &str, reviews: usize) -> u64 {
    // FNV-1a: stable across runs and platforms (unlike std's hasher).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in deck.bytes().chain([0]).chain(card.bytes()).chain([0]).chain((reviews as u64).to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// An interval as a grade button shows it: "<1m", "<10m", "3h", "2d", "3mo", "1.5y".
pub fn format_interval(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < HOUR {
        let minutes = (s + MINUTE - 1) / MINUTE;
        return format!("<{}m", minutes.max(1));
    }
    if s < DAY {
        return format!("{}h", (s as f64 / HOUR as f64).round() as i64);
    }
    let days = s as f64 / DAY as f64;
    if days < 30.0 {
        return format!("{}d", days.round() as i64);
    }
    if days < 365.0 {
        return format!("{}mo", one_decimal(days / 30.0));
    }
    format!("{}y", one_decimal(days / 365.0))
}

/// 3.0 -> "3", 1.46 -> "1.5".
fn one_decimal(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// How long until `due`, in words: "now", "in 8 minutes", "in 3 hours", "in 2 days".
pub fn format_wait(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| if n == 1 { format!("in 1 {unit}") } else { format!("in {n} {unit}s") };
    match seconds {
        s if s <= 0 => "now".to_owned(),
        s if s < HOUR => plural((s + MINUTE - 1) / MINUTE, "minute"),
        s if s < DAY => plural((s + HOUR / 2) / HOUR, "hour"),
        s => plural((s + DAY / 2) / DAY, "day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = 1_717_000_000;

    fn sched() -> Scheduler {
        Scheduler::new(SchedulerConfig::without_fuzz())
    }

    #[test]
    fn a_new_card_graded_good_goes_to_the_second_learning_step() {
        let c = sched().review(None, Rating::Good, T0, 0);
        assert_eq!((c.phase, c.step, c.due), (Phase::Learning, Some(1), T0 + 10 * MINUTE));
        assert!((c.stability - 2.3065).abs() < 1e-5);
    }

    #[test]
    fn hard_on_the_first_step_waits_halfway_between_the_first_two_steps() {
        let c = sched().review(None, Rating::Hard, T0, 0);
        assert_eq!((c.phase, c.step, c.due), (Phase::Learning, Some(0), T0 + 330));
    }

    #[test]
    fn easy_on_a_new_card_graduates_it_to_review() {
        let c = sched().review(None, Rating::Easy, T0, 0);
        assert_eq!(c.phase, Phase::Review);
        assert_eq!(c.due, T0 + 8 * DAY);
    }

    #[test]
    fn again_on_a_review_card_is_a_lapse_into_relearning() {
        let s = sched();
        let c = s.review(None, Rating::Easy, T0, 0);
        let lapse = s.review(Some(&c), Rating::Again, c.due, 0);
        assert_eq!((lapse.phase, lapse.step, lapse.due), (Phase::Relearning, Some(0), c.due + 10 * MINUTE));
        assert!(lapse.stability < c.stability);
    }

    #[test]
    fn fuzz_keeps_the_interval_within_py_fsrs_bounds_and_follows_the_seed() {
        let fuzzy = Scheduler::new(SchedulerConfig::default());
        let plain = sched();
        let card = plain.review(None, Rating::Easy, T0, 0);
        let base = plain.review(Some(&card), Rating::Good, card.due, 0).due - card.due;
        let mut seen = std::collections::HashSet::new();
        for seed in 0..200 {
            let due = fuzzy.review(Some(&card), Rating::Good, card.due, seed).due - card.due;
            assert!((due - base).abs() <= base / 10 + 2 * DAY, "{due} vs {base}");
            assert_eq!(due, fuzzy.review(Some(&card), Rating::Good, card.due, seed).due - card.due);
            seen.insert(due);
        }
        assert!(seen.len() > 2, "fuzz spreads intervals: {seen:?}");
    }

    #[test]
    fn the_default_parameters_are_the_fsrs_crates() {
        for (ours, theirs) in DEFAULT_PARAMETERS.iter().zip(fsrs::DEFAULT_PARAMETERS) {
            assert_eq!(*ours as f32, theirs);
        }
    }

    #[test]
    fn memory_model_agrees_with_the_fsrs_crate() {
        let crate_model = fsrs::FSRS::new(&[]).unwrap();
        let ours = sched();
        let close = |a: f64, b: f32| (a - f64::from(b)).abs() <= 1e-5 * a.abs().max(1.0);
        let first = crate_model.next_states(None, 0.9, 0).unwrap();
        for (rating, next) in Rating::ALL.into_iter().zip([first.again, first.hard, first.good, first.easy]) {
            let m = ours.next_memory(None, None, rating);
            assert!(close(m.stability, next.memory.stability) && close(m.difficulty, next.memory.difficulty));
        }
        let mut checked = 0;
        for s in [0.05, 0.4, 1.0, 2.3, 7.5, 30.0, 180.0, 1000.0] {
            for d in [1.0, 2.5, 5.0, 7.7, 10.0] {
                for days in [0u32, 1, 2, 5, 30, 200, 2000] {
                    let state = fsrs::MemoryState { stability: s as f32, difficulty: d as f32 };
                    let next = crate_model.next_states(Some(state), 0.9, days).unwrap();
                    let theirs = [next.again, next.hard, next.good, next.easy];
                    for (rating, t) in Rating::ALL.into_iter().zip(theirs) {
                        let m = ours.next_memory(
                            Some(Memory { stability: f64::from(s as f32), difficulty: f64::from(d as f32) }),
                            Some(i64::from(days)),
                            rating,
                        );
                        if t.memory.stability < 36_000.0 {
                            assert!(
                                close(m.stability, t.memory.stability),
                                "S {s} D {d} {days}d {rating:?}: {m:?} vs {t:?}"
                            );
                            assert!(
                                close(m.difficulty, t.memory.difficulty),
                                "S {s} D {d} {days}d {rating:?}: {m:?} vs {t:?}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn parameters_must_be_21_finite_numbers_within_their_ranges() {
        assert_eq!(Parameters::new(&DEFAULT_PARAMETERS), Ok(Parameters::default()));
        assert_eq!(Parameters::new(&[0.2; 17]), Err(ParameterError::Count(17)));
        let mut w = DEFAULT_PARAMETERS;
        w[8] = f64::NAN;
        assert!(matches!(Parameters::new(&w), Err(ParameterError::NotFinite { index: 8, .. })));
        w[8] = f64::INFINITY;
        assert!(matches!(Parameters::new(&w), Err(ParameterError::NotFinite { index: 8, .. })));
        w[8] = DEFAULT_PARAMETERS[8];
        w[20] = 0.05;
        assert_eq!(
            Parameters::new(&w).map_err(|e| e.to_string()),
            Err("parameter w[20] is 0.05, outside its range 0.1 to 0.8".to_owned())
        );
        w[20] = 0.1;
        assert!(Parameters::new(&w).is_ok(), "the ends of a range are inside it");
    }

    #[test]
    fn the_fsrs_crates_defaults_read_back_as_exactly_the_default_parameters() {
        let p = Parameters::from_f32(&fsrs::DEFAULT_PARAMETERS).unwrap();
        assert!(p.is_default());
        assert_eq!(p.to_f32(), fsrs::DEFAULT_PARAMETERS);
    }

    #[test]
    fn the_scheduler_with_default_parameters_is_the_plain_scheduler() {
        let a = Scheduler::new(SchedulerConfig::without_fuzz());
        let b = Scheduler::with_parameters(SchedulerConfig::without_fuzz(), Parameters::default());
        let mut card = None;
        for (i, rating) in
            [Rating::Good, Rating::Good, Rating::Again, Rating::Hard, Rating::Easy].into_iter().enumerate()
        {
            let t = T0 + i as i64 * 3 * DAY;
            let (x, y) = (a.review(card.as_ref(), rating, t, 0), b.review(card.as_ref(), rating, t, 0));
            assert_eq!(x, y);
            card = Some(x);
        }
    }

    /// Parameters with many values far from the defaults, as `tests/fixtures` has them.
    const FORGETFUL: [f64; 21] =
        [0.1, 0.4, 1.0, 3.0, 7.0, 0.6, 2.0, 0.01, 1.2, 0.3, 1.0, 2.0, 0.1, 0.4, 2.0, 0.3, 2.5, 0.6, 0.2, 0.1, 0.35];

    #[test]
    fn memory_model_with_custom_parameters_agrees_with_the_fsrs_crate() {
        let p = Parameters::new(&FORGETFUL).unwrap();
        let crate_model = fsrs::FSRS::new(&p.to_f32()).unwrap();
        // The crate computes in f32 from f32 parameters; compare at f32 precision.
        let ours =
            Scheduler::with_parameters(SchedulerConfig::without_fuzz(), Parameters::from_f32(&p.to_f32()).unwrap());
        let close = |a: f64, b: f32| (a - f64::from(b)).abs() <= 2e-5 * a.abs().max(1.0);
        let mut checked = 0;
        for s in [0.05, 0.4, 1.0, 2.3, 7.5, 30.0, 180.0, 1000.0] {
            for d in [1.0, 2.5, 5.0, 7.7, 10.0] {
                for days in [0u32, 1, 2, 5, 30, 200, 2000] {
                    let state = fsrs::MemoryState { stability: s as f32, difficulty: d as f32 };
                    let next = crate_model.next_states(Some(state), 0.9, days).unwrap();
                    for (rating, t) in Rating::ALL.into_iter().zip([next.again, next.hard, next.good, next.easy]) {
                        let m = ours.next_memory(
                            Some(Memory { stability: f64::from(s as f32), difficulty: f64::from(d as f32) }),
                            Some(i64::from(days)),
                            rating,
                        );
                        if t.memory.stability < 36_000.0 {
                            assert!(
                                close(m.stability, t.memory.stability),
                                "S {s} D {d} {days}d {rating:?}: {m:?} vs {t:?}"
                            );
                            assert!(
                                close(m.difficulty, t.memory.difficulty),
                                "S {s} D {d} {days}d {rating:?}: {m:?} vs {t:?}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn elapsed_days_are_whole_24_hour_periods() {
        assert_eq!(whole_days(DAY - 1), 0);
        assert_eq!(whole_days(DAY), 1);
        assert_eq!(whole_days(-5), 0);
    }

    #[test]
    fn intervals_read_like_anki_buttons() {
        assert_eq!(format_interval(MINUTE), "<1m");
        assert_eq!(format_interval(330), "<6m");
        assert_eq!(format_interval(10 * MINUTE), "<10m");
        assert_eq!(format_interval(3 * HOUR), "3h");
        assert_eq!(format_interval(2 * DAY), "2d");
        assert_eq!(format_interval(90 * DAY), "3mo");
        assert_eq!(format_interval(45 * DAY), "1.5mo");
        assert_eq!(format_interval(730 * DAY), "2y");
    }
}
