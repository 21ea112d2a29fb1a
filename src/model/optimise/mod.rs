//! Personal scheduling: the FSRS parameters fitted to the user's own reviews, as Anki's "Optimize"
//! does it, through the `fsrs` crate (`compute_parameters`, `FSRS::evaluate`, `optimal_retention`).
//!
//! - [`History`] is a copy of every card's reviews, taken on the calling thread; [`History::summary`]
//!   says how many there are and whether that is enough ([`MIN_REVIEWS`] across [`MIN_CARDS`]).
//! - [`History::training_set`] builds the training items as Anki does: each card's reviews in time
//!   order, one item per review that comes a whole day or more after the card's previous one, holding
//!   every review of the card up to it (same-day reviews stay in the history, where FSRS treats them as
//!   short-term). Elapsed time is counted as the scheduler counts it: whole 24-hour periods.
//!   Reviews recorded out of time order (the clock was set back) are sorted; reviews dated in the
//!   future or before 2000 (the clock was wrong) and grades other than 1 to 4 are skipped. Each is
//!   counted.
//! - [`optimise`] fits the parameters and evaluates the current, the default and the new ones (log loss
//!   and RMSE over bins, `FSRS::evaluate`); [`start_optimising`] runs it on its own thread as a [`Job`]
//!   with progress and cancel. [`retention::suggest_retention`] simulates study with the parameters.
//! - [`saved`] keeps the parameters in `progress/parameters.json`; [`recompute_memory_states`] replays
//!   every card's reviews with new parameters (the reviews themselves never change).

mod job;
pub mod retention;
pub mod saved;
pub mod synthetic;

use std::path::Path;

use fsrs::{ComputeParametersInput, FSRS, FSRSError, FSRSItem, FSRSReview};

pub use job::{Job, JobControl, JobProgress, Stage};
pub use retention::{RetentionAdvice, RetentionSettings, WorkloadRow, start_suggesting_retention, suggest_retention};
pub use saved::{OptimisedFrom, ParametersProblem, SavedParameters};

use super::progress::{self, Progress, Review};
use super::scheduler::{Memory, ParameterError, Parameters, Rating, Scheduler, SchedulerConfig, Timestamp, whole_days};

/// Optimising is offered from this many reviews ...
pub const MIN_REVIEWS: usize = 400;
/// ... across this many cards.
pub const MIN_CARDS: usize = 50;
/// Reviews dated before this (2000-01-01 UTC) were recorded with a clock that was wrong.
pub const EARLIEST: Timestamp = 946_684_800;
/// Reviews dated more than this after now were recorded with a clock that was ahead.
pub const FUTURE_SLACK: Timestamp = 3600;

/// Why optimising could not be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptimiseError {
    #[error("{0}")]
    NotEnoughReviews(String),
    #[error("optimising was cancelled")]
    Cancelled,
    #[error("the optimiser failed: {0}")]
    Fsrs(String),
    #[error("the optimiser gave parameters that are not usable: {0}")]
    BadParameters(#[from] ParameterError),
    #[error("the background thread could not start: {0}")]
    Thread(String),
    #[error("the background thread stopped unexpectedly")]
    Stopped,
}

impl From<FSRSError> for OptimiseError {
    fn from(e: FSRSError) -> Self {
        match e {
            FSRSError::Interrupted => OptimiseError::Cancelled,
            FSRSError::NotEnoughData => OptimiseError::NotEnoughReviews(
                "there are no reviews a day or more after a card's previous review to learn from".into(),
            ),
            other => OptimiseError::Fsrs(format!("{other:?}")),
        }
    }
}

/// Every reviewed card's reviews, as recorded (a copy: the optimiser works on it off the UI thread).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    cards: Vec<Vec<Review>>,
}

/// What the history holds, and whether it is enough to optimise on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistorySummary {
    /// Cards with at least one usable review.
    pub cards: usize,
    /// Usable reviews (those below not skipped).
    pub reviews: usize,
    /// Reviews the optimiser learns from: those a whole day or more after the card's previous review.
    pub items: usize,
    /// Reviews recorded out of time order (the clock was set back); sorted into place.
    pub out_of_order: usize,
    /// Reviews dated in the future or before 2000 (the clock was wrong); skipped.
    pub clock_jumps: usize,
    /// Reviews with a grade other than 1 to 4; skipped.
    pub bad_grades: usize,
}

impl HistorySummary {
    /// Whether there are enough reviews to optimise on: [`MIN_REVIEWS`] across [`MIN_CARDS`] cards.
    pub fn is_enough(&self) -> bool {
        self.reviews >= MIN_REVIEWS && self.cards >= MIN_CARDS
    }

    /// What the Settings window and the command line say about it.
    pub fn message(&self) -> String {
        let have = format!("{} across {}", plural(self.reviews, "review"), plural(self.cards, "card"));
        let mut text = if self.is_enough() {
            format!("{have} to optimise on.")
        } else {
            format!(
                "Optimising needs at least {MIN_REVIEWS} reviews across {MIN_CARDS} cards; there are {have} so far."
            )
        };
        let notes: Vec<String> = [
            (self.out_of_order, "recorded out of time order (sorted)"),
            (self.clock_jumps, "dated in the future or before 2000 (skipped)"),
            (self.bad_grades, "with a grade other than 1 to 4 (skipped)"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", plural(n, "review")))
        .collect();
        if !notes.is_empty() {
            text.push_str(&format!(" {}.", capitalise(&notes.join("; "))));
        }
        text
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The training items for `fsrs::compute_parameters`, in the order of their last review's time (the
/// crate weighs recent items more), with the card each comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainingSet {
    pub items: Vec<FSRSItem>,
    /// The card (an index into the history) of each item.
    pub card_ids: Vec<i64>,
    pub summary: HistorySummary,
}

/// One card's usable reviews in time order, counting what was sorted or skipped.
fn clean(reviews: &[Review], now: Timestamp, summary: &mut HistorySummary) -> Vec<(Timestamp, Rating)> {
    let mut out = Vec::with_capacity(reviews.len());
    let mut latest = Timestamp::MIN;
    for r in reviews {
        let Some(rating) = r.rating() else {
            summary.bad_grades += 1;
            continue;
        };
        if r.at() < EARLIEST || r.at() > now.saturating_add(FUTURE_SLACK) {
            summary.clock_jumps += 1;
            continue;
        }
        if r.at() < latest {
            summary.out_of_order += 1;
        } else {
            latest = r.at();
        }
        out.push((r.at(), rating));
    }
    // Stable: reviews recorded at the same second keep their order.
    out.sort_by_key(|&(at, _)| at);
    out
}

impl History {
    pub fn from_progress(progress: &Progress) -> Self {
        Self {
            cards: progress
                .iter()
                .filter(|(_, _, p)| !p.is_new() && !p.reviews.is_empty())
                .map(|(_, _, p)| p.reviews.clone())
                .collect(),
        }
    }

    /// A history of the given cards' reviews (tests, simulations).
    pub fn from_cards(cards: Vec<Vec<Review>>) -> Self {
        Self { cards }
    }

    /// Counts the reviews, and what would be sorted or skipped, without building the training items.
    pub fn summary(&self, now: Timestamp) -> HistorySummary {
        let mut s = HistorySummary::default();
        for reviews in &self.cards {
            let clean = clean(reviews, now, &mut s);
            count_card(&clean, &mut s);
        }
        s
    }

    /// The training items, as Anki builds them (see the module documentation).
    pub fn training_set(&self, now: Timestamp) -> TrainingSet {
        let mut summary = HistorySummary::default();
        let mut dated: Vec<(Timestamp, i64, FSRSItem)> = Vec::new();
        for (card, reviews) in self.cards.iter().enumerate() {
            let clean = clean(reviews, now, &mut summary);
            count_card(&clean, &mut summary);
            let mut fsrs_reviews: Vec<FSRSReview> = Vec::with_capacity(clean.len());
            let mut previous: Option<Timestamp> = None;
            for &(at, rating) in &clean {
                let delta_t = previous.map_or(0, |p| whole_days(at - p));
                fsrs_reviews.push(FSRSReview {
                    rating: u32::from(rating.number()),
                    delta_t: u32::try_from(delta_t).unwrap_or(u32::MAX),
                });
                if previous.is_some() && delta_t > 0 {
                    dated.push((at, card as i64, FSRSItem { reviews: fsrs_reviews.clone() }));
                }
                previous = Some(at);
            }
        }
        dated.sort_by_key(|(at, card, _)| (*at, *card));
        let (card_ids, items) = dated.into_iter().map(|(_, card, item)| (card, item)).unzip();
        TrainingSet { items, card_ids, summary }
    }

    /// How the user grades: the share of each first grade, and of Hard, Good and Easy among recalls
    /// a day or more apart. `None` where there are fewer than 50 of them.
    pub fn grade_mix(&self, now: Timestamp) -> (Option<[f32; 4]>, Option<[f32; 3]>) {
        let mut scratch = HistorySummary::default();
        let mut first = [0usize; 4];
        let mut recall = [0usize; 3];
        for reviews in &self.cards {
            let clean = clean(reviews, now, &mut scratch);
            if let Some(&(_, r)) = clean.first() {
                first[usize::from(r.number() - 1)] += 1;
            }
            for pair in clean.windows(2) {
                let (a, (b, r)) = (pair[0].0, pair[1]);
                if whole_days(b - a) > 0 && r != Rating::Again {
                    recall[usize::from(r.number() - 2)] += 1;
                }
            }
        }
        fn shares<const N: usize>(counts: [usize; N]) -> Option<[f32; N]> {
            let total: usize = counts.iter().sum();
            (total >= 50).then(|| counts.map(|c| c as f32 / total as f32))
        }
        (shares(first), shares(recall))
    }

    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }
}

fn count_card(clean: &[(Timestamp, Rating)], s: &mut HistorySummary) {
    if clean.is_empty() {
        return;
    }
    s.cards += 1;
    s.reviews += clean.len();
    s.items += clean.windows(2).filter(|p| whole_days(p[1].0 - p[0].0) > 0).count();
}

/// How well a set of parameters predicts the reviews: lower is better for both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Mean log loss of the predicted recall probability (what the optimiser minimises).
    pub log_loss: f64,
    /// Root mean square error between predicted and actual recall rates over bins of similar reviews
    /// (Anki's "RMSE (bins)"), 0 to 1.
    pub rmse_bins: f64,
}

/// The result of optimising: the new parameters and how the current, default and new ones predict.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimised {
    pub summary: HistorySummary,
    /// When it ran.
    pub at: Timestamp,
    pub current: Parameters,
    pub current_evaluation: Evaluation,
    pub default_evaluation: Evaluation,
    pub new: Parameters,
    pub new_evaluation: Evaluation,
}

impl Optimised {
    /// Whether the new parameters predict the user's reviews better than the current ones: a lower
    /// log loss and an RMSE (bins) no higher.
    pub fn predicts_better(&self) -> bool {
        let (c, n) = (self.current_evaluation, self.new_evaluation);
        n.log_loss < c.log_loss && n.rmse_bins <= c.rmse_bins && self.new != self.current
    }

    /// The parameters to apply, when they predict better (`None` otherwise: keep the current ones).
    pub fn accepted(&self) -> Option<SavedParameters> {
        self.predicts_better().then_some(SavedParameters {
            parameters: self.new,
            optimised: Some(OptimisedFrom {
                at: self.at,
                reviews: self.summary.reviews,
                log_loss: self.new_evaluation.log_loss,
                rmse_bins: self.new_evaluation.rmse_bins,
            }),
        })
    }

    /// One sentence on the outcome.
    pub fn verdict(&self) -> String {
        let (c, n) = (self.current_evaluation, self.new_evaluation);
        let figures = format!(
            "log loss {:.4} → {:.4}, RMSE {:.2}% → {:.2}%",
            c.log_loss,
            n.log_loss,
            c.rmse_bins * 100.0,
            n.rmse_bins * 100.0
        );
        if self.predicts_better() {
            format!("The new parameters predict your reviews better ({figures}).")
        } else {
            format!("The new parameters do not predict your reviews better ({figures}); keep the current ones.")
        }
    }
}

/// Fits the parameters to `history` and evaluates the current, default and new ones. Blocks; reports
/// progress and checks for cancelling through `control` ([`start_optimising`] runs it on a thread).
pub fn optimise(
    history: &History,
    current: Parameters,
    now: Timestamp,
    control: &JobControl,
) -> Result<Optimised, OptimiseError> {
    control.set_stage(Stage::Preparing, 0.0);
    let summary = history.summary(now);
    if !summary.is_enough() {
        return Err(OptimiseError::NotEnoughReviews(summary.message()));
    }
    let set = history.training_set(now);
    if set.items.is_empty() {
        return Err(FSRSError::NotEnoughData.into());
    }
    control.check()?;
    control.set_stage(Stage::Training, 0.0);
    let fitted = fsrs::compute_parameters(ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.card_ids.clone()),
        progress: Some(control.training_progress()),
        enable_short_term: true,
        num_relearning_steps: Some(SchedulerConfig::default().relearning_steps.len()),
        training_config: None,
    })?;
    control.check()?;
    let new = Parameters::from_f32(&fitted)?;

    control.set_stage(Stage::Evaluating, 0.0);
    let defaults = Parameters::default();
    let runs: Vec<Parameters> = if current == defaults { vec![defaults, new] } else { vec![defaults, current, new] };
    let mut results = Vec::with_capacity(runs.len());
    for (i, p) in runs.iter().enumerate() {
        results.push(evaluate(&set, *p, control, i, runs.len())?);
    }
    let default_evaluation = results[0];
    let current_evaluation = if current == defaults { results[0] } else { results[1] };
    let new_evaluation = results[results.len() - 1];
    control.set_stage(Stage::Evaluating, 1.0);
    Ok(Optimised {
        summary: set.summary,
        at: now,
        current,
        current_evaluation,
        default_evaluation,
        new,
        new_evaluation,
    })
}

/// `FSRS::evaluate` (the card-grouped variant, the same figures computed once per card).
fn evaluate(
    set: &TrainingSet,
    parameters: Parameters,
    control: &JobControl,
    run: usize,
    runs: usize,
) -> Result<Evaluation, OptimiseError> {
    let model = FSRS::new(&parameters.to_f32())?;
    let e = model.evaluate_with_card_ids(set.items.clone(), set.card_ids.clone(), |p| {
        let done = (run as f32 + p.current as f32 / p.total.max(1) as f32) / runs as f32;
        control.set_fraction(done);
        !control.is_cancelled()
    })?;
    Ok(Evaluation { log_loss: f64::from(e.log_loss), rmse_bins: f64::from(e.rmse_bins) })
}

/// Starts [`optimise`] on its own thread. `wake` (if any) is called when there is progress to show and
/// when the job ends, from another thread: the UI repaints then and polls the job.
pub fn start_optimising(
    history: History,
    current: Parameters,
    now: Timestamp,
    wake: Option<Box<dyn Fn() + Send>>,
) -> Job<Optimised> {
    Job::start("optimise", wake, move |control| optimise(&history, current, now, control))
}

/// Replays every reviewed card's reviews with `parameters` and sets its stability and difficulty to
/// what they give. The reviews, phase, step, due date and last review stay as they are: intervals
/// already given are kept, and the next grade of each card schedules from its new memory state (as
/// Anki does when parameters change without rescheduling). Returns how many cards were recomputed.
pub fn recompute_memory_states(progress: &mut Progress, parameters: Parameters) -> usize {
    let scheduler = Scheduler::with_parameters(SchedulerConfig::without_fuzz(), parameters);
    let mut n = 0;
    progress.update_each(|_, _, p| {
        let (Some(schedule), Some(memory)) = (p.schedule.as_mut(), replay(&scheduler, &p.reviews)) else {
            return;
        };
        schedule.stability = memory.stability;
        schedule.difficulty = memory.difficulty;
        n += 1;
    });
    n
}

/// A card's memory state after `reviews`, exactly as [`Scheduler::review`] computed it review by
/// review (in the order they were recorded, elapsed time in whole days since the previous one).
pub fn replay(scheduler: &Scheduler, reviews: &[Review]) -> Option<Memory> {
    let mut state: Option<(Memory, Timestamp)> = None;
    for r in reviews {
        let Some(rating) = r.rating() else { continue };
        let memory = match state {
            None => scheduler.next_memory(None, None, rating),
            Some((m, last)) => scheduler.next_memory(Some(m), Some(whole_days(r.at() - last)), rating),
        };
        state = Some((memory, r.at()));
    }
    state.map(|(m, _)| m)
}

/// What `kz-civics optimise --apply` and the app do to the files when parameters change: every memory
/// state recomputed and every progress file rewritten, then the parameters saved (each atomically).
pub fn apply_on_disk(dir: &Path, saved: &SavedParameters, progress: &mut Progress) -> std::io::Result<usize> {
    let n = recompute_memory_states(progress, saved.parameters);
    progress::save(dir, progress)?;
    saved::save(dir, saved)?;
    Ok(n)
}

#[cfg(test)]
mod tests;
