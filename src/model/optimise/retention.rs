//! "Suggest a retention": the `fsrs` crate's simulator run with the user's parameters.
//!
//! A year of study of a collection the size of the user's, new cards introduced at their daily limit,
//! graded as the user grades (the shares of first grades and of Hard, Good and Easy, from their
//! history once there are 50 of each; the simulator's defaults before), with the simulator's default
//! time per review. [`fsrs::optimal_retention`] finds the desired retention with the least time spent
//! per card remembered (clamped to 0.70 ..= 0.95, as Anki does), and a few retentions are simulated for
//! a table of the daily workload. The user's cards are simulated from new: their present memory states
//! do not enter.
//!
//! The crate runs its simulations on a rayon thread pool; here that pool has one thread, so that the
//! UI thread keeps a core to itself.

use fsrs::SimulatorConfig;

use super::job::{Job, JobControl, Stage};
use super::{History, OptimiseError};
use crate::model::scheduler::{Parameters, Timestamp};

/// The retentions of the workload table.
pub const TABLE_RETENTIONS: [f64; 4] = [0.80, 0.85, 0.90, 0.95];
/// Simulated days.
pub const DAYS: usize = 365;
/// Simulations averaged for each row of the table.
const SEEDS: u64 = 4;

/// What the simulation is of.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionSettings {
    pub parameters: Parameters,
    /// Cards in the collection (at least 1).
    pub cards: usize,
    /// New cards a day (at least 1).
    pub new_per_day: u32,
    /// Shares of the first grades Again .. Easy, and of Hard, Good, Easy among recalls (`None`: the
    /// simulator's defaults).
    pub first_grades: Option<[f32; 4]>,
    pub recall_grades: Option<[f32; 3]>,
}

impl RetentionSettings {
    /// The settings for a collection of `cards` cards, with the grade shares of `history`.
    pub fn new(parameters: Parameters, cards: usize, new_per_day: u32, history: &History, now: Timestamp) -> Self {
        let (first_grades, recall_grades) = history.grade_mix(now);
        Self { parameters, cards, new_per_day, first_grades, recall_grades }
    }

    fn simulator(&self) -> SimulatorConfig {
        let mut c = SimulatorConfig {
            deck_size: self.cards.max(1),
            learn_span: DAYS,
            learn_limit: self.new_per_day.max(1) as usize,
            // No daily time limit: the user's study is not capped.
            max_cost_perday: f32::INFINITY,
            ..SimulatorConfig::default()
        };
        if let Some(p) = self.first_grades.filter(|p| p.iter().sum::<f32>() > 0.0) {
            c.first_rating_prob = p;
        }
        if let Some(p) = self.recall_grades.filter(|p| p.iter().sum::<f32>() > 0.0) {
            c.review_rating_prob = p;
        }
        c
    }
}

/// One row of the workload table: studying at `retention` for a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkloadRow {
    pub retention: f64,
    /// Reviews a day (new cards' first reviews included), averaged over the year.
    pub reviews_per_day: f64,
    /// Minutes a day at the simulator's default time per review, averaged over the year.
    pub minutes_per_day: f64,
    /// Cards remembered at the end of the year (the sum of their recall probabilities).
    pub remembered: f64,
}

/// The suggestion, and the table.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionAdvice {
    /// The desired retention with the least time per card remembered, 0.70 ..= 0.95.
    pub suggested: f64,
    /// [`TABLE_RETENTIONS`], in order.
    pub rows: Vec<WorkloadRow>,
}

/// Runs the simulations (blocking; the UI uses [`start_suggesting_retention`]).
pub fn suggest_retention(settings: &RetentionSettings, control: &JobControl) -> Result<RetentionAdvice, OptimiseError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "simulate".to_owned())
        .build()
        .map_err(|e| OptimiseError::Thread(e.to_string()))?;
    pool.install(|| suggest_on_this_pool(settings, control))
}

fn suggest_on_this_pool(settings: &RetentionSettings, control: &JobControl) -> Result<RetentionAdvice, OptimiseError> {
    let config = settings.simulator();
    let w = settings.parameters.to_f32();
    control.set_stage(Stage::Simulating, 0.0);
    let mut rows = Vec::with_capacity(TABLE_RETENTIONS.len());
    let runs = TABLE_RETENTIONS.len() as u64 * SEEDS;
    for (i, &retention) in TABLE_RETENTIONS.iter().enumerate() {
        let mut sum = WorkloadRow { retention, reviews_per_day: 0.0, minutes_per_day: 0.0, remembered: 0.0 };
        for seed in 0..SEEDS {
            control.check()?;
            let r = fsrs::simulate(&config, &w, retention as f32, Some(seed + 1), None)?;
            let reviews: usize = r.review_cnt_per_day.iter().chain(&r.learn_cnt_per_day).sum();
            let seconds: f64 = r.cost_per_day.iter().map(|&c| f64::from(c)).sum();
            sum.reviews_per_day += reviews as f64 / DAYS as f64;
            sum.minutes_per_day += seconds / 60.0 / DAYS as f64;
            sum.remembered += r.memorized_cnt_per_day.last().map_or(0.0, |&m| f64::from(m));
            control.set_fraction((i as u64 * SEEDS + seed + 1) as f32 / runs as f32);
        }
        let n = SEEDS as f64;
        rows.push(WorkloadRow {
            retention,
            reviews_per_day: sum.reviews_per_day / n,
            minutes_per_day: sum.minutes_per_day / n,
            remembered: sum.remembered / n,
        });
    }
    control.set_stage(Stage::Searching, 0.0);
    // Brent's method takes a dozen or so steps; the fraction is an estimate.
    let suggested = fsrs::optimal_retention(
        &config,
        &w,
        |p| {
            control.set_fraction(p.current as f32 / 14.0);
            !control.is_cancelled()
        },
        None,
        None,
    )?;
    control.set_fraction(1.0);
    Ok(RetentionAdvice { suggested: round2(f64::from(suggested)).clamp(0.70, 0.95), rows })
}

/// 0.8734 -> 0.87.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Starts [`suggest_retention`] on its own thread (see [`super::start_optimising`] for `wake`).
pub fn start_suggesting_retention(
    settings: RetentionSettings,
    wake: Option<Box<dyn Fn() + Send>>,
) -> Job<RetentionAdvice> {
    Job::start("retention", wake, move |control| suggest_retention(&settings, control))
}
