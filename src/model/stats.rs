//! Figures for the Stats view and the chart's mastery overlay, from the review history: reviews per
//! day by kind, true retention per week, cards by state, the due forecast, time studied, how well each
//! branch and each chart unit is known, and the exams taken on this machine.
//!
//! One pass over the cards in scope and their reviews; the app computes it when the progress or the
//! scope changes, never per frame (`benches/study.rs`: `stats_100k`).

use std::collections::HashMap;

use super::chart::{Branch, Chart};
use super::progress::{CardProgress, Progress};
use super::quiz::exam::ExamResult;
use super::scheduler::{DAY, Phase, Rating, Scheduler, Timestamp};
use super::study::{Catalog, ScopeFilter, StudyScope};

/// The days the daily figures go back.
pub const HISTORY_DAYS: usize = 365;
/// The days the due forecast looks ahead.
pub const FORECAST_DAYS: usize = 30;
/// A review this long after the card's previous one means it had left its first learning steps.
const LEFT_LEARNING: i64 = 20 * 3600;

/// What kind of review a review was, as the Stats view stacks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    /// A new card's first steps.
    Learning,
    Review,
    /// The steps after a forgotten review card.
    Relearning,
}

/// One day's reviews.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Day {
    pub learning: u32,
    pub review: u32,
    pub relearning: u32,
    /// Minutes in which at least one review was made (a measure of time studied that needs no timer).
    pub active_minutes: u32,
}

impl Day {
    pub fn total(&self) -> u32 {
        self.learning + self.review + self.relearning
    }
}

/// One week's reviews of cards in the Review phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Week {
    pub reviews: u32,
    /// Of which not graded Again.
    pub recalled: u32,
}

impl Week {
    pub fn retention(&self) -> Option<f64> {
        (self.reviews > 0).then(|| f64::from(self.recalled) / f64::from(self.reviews))
    }
}

/// How well a set of cards is known: the mean probability of recalling them now.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Mastery {
    pub cards: usize,
    /// Cards with at least one review.
    pub reviewed: usize,
    /// Mean retrievability of the reviewed cards, 0 ..= 1.
    pub mean: Option<f64>,
}

impl Mastery {
    fn add(&mut self, r: Option<f64>) {
        self.cards += 1;
        if let Some(r) = r {
            let n = self.reviewed as f64;
            self.mean = Some((self.mean.unwrap_or(0.0) * n + r) / (n + 1.0));
            self.reviewed += 1;
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct States {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
    pub relearning: usize,
}

/// A past exam: when, and the score.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamPoint {
    pub finished: Timestamp,
    pub title: String,
    pub student: String,
    pub score: f64,
    pub total: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// `days[HISTORY_DAYS - 1]` is today's study day; `days[0]` the one a year ago.
    pub days: Vec<Day>,
    /// The start of today's study day.
    pub today_start: Timestamp,
    /// Weeks of the last year, oldest first; the last is the week ending today.
    pub weeks: Vec<Week>,
    pub states: States,
    /// Review cards due on each of the next days, today (with what is overdue) first.
    pub forecast: Vec<u32>,
    /// By branch, in the chart's order of branches; branches without cards are left out.
    pub branches: Vec<(Branch, Mastery)>,
    /// By chart unit index: the unit's own cards.
    pub units: Vec<Mastery>,
    /// By chart unit index: the cards of the unit and every unit below it.
    pub subtrees: Vec<Mastery>,
    pub reviews: usize,
    pub cards: usize,
    pub exams: Vec<ExamPoint>,
}

impl Stats {
    /// Nothing reviewed in scope.
    pub fn is_empty(&self) -> bool {
        self.reviews == 0
    }

    /// Parts of the chart (units with at least `min_cards` cards in their subtree, some reviewed), least
    /// known first: what to study next.
    pub fn weakest_parts(&self, chart: &Chart, min_cards: usize) -> Vec<(usize, Mastery)> {
        let mut parts: Vec<(usize, Mastery)> = self
            .subtrees
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                m.cards >= min_cards && m.mean.is_some() && chart.units.get(*i).is_some_and(|u| !u.proposal)
            })
            .map(|(i, m)| (i, *m))
            .collect();
        parts.sort_by(|a, b| a.1.mean.unwrap_or(0.0).total_cmp(&b.1.mean.unwrap_or(0.0)));
        parts
    }

    /// The reviewed branches, least known first.
    pub fn weakest_branches(&self) -> Vec<(Branch, Mastery)> {
        let mut b: Vec<(Branch, Mastery)> = self.branches.iter().copied().filter(|(_, m)| m.mean.is_some()).collect();
        b.sort_by(|a, b| a.1.mean.unwrap_or(0.0).total_cmp(&b.1.mean.unwrap_or(0.0)));
        b
    }
}

/// The kind of each review of a card, in order (`out` is cleared first): learning until a review
/// comes a day or so after the one before, review after that, relearning after a review card was
/// forgotten until it is next seen a day later.
pub fn review_kinds(p: &CardProgress, out: &mut Vec<ReviewKind>) {
    out.clear();
    let mut graduated = false;
    let mut lapsed = false;
    let mut previous: Option<Timestamp> = None;
    for r in &p.reviews {
        if previous.is_some_and(|prev| r.at() - prev >= LEFT_LEARNING) {
            graduated = true;
            lapsed = false;
        }
        let kind = if !graduated {
            ReviewKind::Learning
        } else if lapsed {
            ReviewKind::Relearning
        } else {
            ReviewKind::Review
        };
        if graduated && r.rating() == Some(Rating::Again) {
            lapsed = true;
        }
        out.push(kind);
        previous = Some(r.at());
    }
}

/// What [`compute`] reads.
pub struct Input<'a> {
    pub catalog: &'a Catalog,
    pub progress: &'a Progress,
    pub chart: &'a Chart,
    pub scope: &'a StudyScope,
    pub scheduler: &'a Scheduler,
    pub now: Timestamp,
    /// The start of the study day holding a time (the user's day boundary).
    pub day_start: &'a dyn Fn(Timestamp) -> Timestamp,
    /// The exam results found on this machine.
    pub exams: &'a [ExamResult],
}

/// The figures for the cards the scope takes.
pub fn compute(input: &Input) -> Stats {
    let now = input.now;
    let today = (input.day_start)(now);
    let first_day = today - (HISTORY_DAYS as i64 - 1) * DAY;
    let mut days = vec![Day::default(); HISTORY_DAYS];
    let weeks_n = HISTORY_DAYS.div_ceil(7);
    let mut weeks = vec![Week::default(); weeks_n];
    let mut forecast = vec![0u32; FORECAST_DAYS];
    let mut states = States::default();
    let chart = input.chart;
    let unit_index: HashMap<&str, usize> = chart.units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
    let mut units = vec![Mastery::default(); chart.units.len()];
    let mut subtrees = vec![Mastery::default(); chart.units.len()];
    let mut by_branch: HashMap<Branch, Mastery> = HashMap::new();
    // The minutes of the year in which a review was made, as a bitmap.
    let minutes = HISTORY_DAYS * 24 * 60;
    let mut active = vec![0u64; minutes.div_ceil(64)];
    let filter = ScopeFilter::new(input.scope, chart);
    let mut kinds = Vec::new();
    let mut stats = Stats { today_start: today, ..Stats::default() };
    for c in input.catalog.cards() {
        if !filter.takes_card(&c.deck_id, &c.card) {
            continue;
        }
        stats.cards += 1;
        let p = c.progress_in(input.progress).filter(|p| !p.is_new());
        let schedule = p.and_then(|p| p.schedule.as_ref());
        match schedule.map(|s| s.phase) {
            None => states.new += 1,
            Some(Phase::Learning) => states.learning += 1,
            Some(Phase::Review) => states.review += 1,
            Some(Phase::Relearning) => states.relearning += 1,
        }
        if let Some(s) = schedule.filter(|s| s.phase == Phase::Review) {
            let day = (((input.day_start)(s.due) - today) / DAY).max(0);
            if let Some(slot) = forecast.get_mut(day as usize) {
                *slot += 1;
            }
        }
        let r = schedule.map(|s| input.scheduler.retrievability(s, now));
        if let Some(&u) = c.card.unit.as_deref().and_then(|u| unit_index.get(u)) {
            units[u].add(r);
            by_branch.entry(chart.units[u].branch).or_default().add(r);
            // The unit and each unit above it.
            let mut at = Some(u);
            let mut steps = 0;
            while let Some(i) = at {
                subtrees[i].add(r);
                at = chart.units[i].parent.as_deref().and_then(|p| unit_index.get(p)).copied();
                steps += 1;
                if steps > chart.units.len() {
                    break;
                }
            }
        }
        let Some(p) = p else { continue };
        review_kinds(p, &mut kinds);
        stats.reviews += p.reviews.len();
        for (review, kind) in p.reviews.iter().zip(&kinds) {
            let at = review.at();
            if at < first_day || at > now {
                continue;
            }
            let d = ((at - first_day) / DAY) as usize;
            let Some(day) = days.get_mut(d) else { continue };
            match kind {
                ReviewKind::Learning => day.learning += 1,
                ReviewKind::Review => day.review += 1,
                ReviewKind::Relearning => day.relearning += 1,
            }
            if *kind == ReviewKind::Review {
                let w = &mut weeks[(weeks_n - 1).saturating_sub((HISTORY_DAYS - 1 - d) / 7)];
                w.reviews += 1;
                w.recalled += u32::from(review.rating() != Some(Rating::Again));
            }
            let m = ((at - first_day) / 60) as usize;
            if m < minutes {
                active[m / 64] |= 1 << (m % 64);
            }
        }
    }
    for (d, day) in days.iter_mut().enumerate() {
        let (from, to) = (d * 24 * 60, (d + 1) * 24 * 60);
        day.active_minutes = (from..to).filter(|m| active[m / 64] & (1 << (m % 64)) != 0).count() as u32;
    }
    stats.days = days;
    stats.weeks = weeks;
    stats.forecast = forecast;
    stats.states = states;
    stats.units = units;
    stats.subtrees = subtrees;
    stats.branches = Branch::ALL.into_iter().filter_map(|b| by_branch.get(&b).map(|m| (b, *m))).collect();
    let mut exams: Vec<ExamPoint> = input
        .exams
        .iter()
        .map(|r| ExamPoint {
            finished: r.finished,
            title: r.exam.clone(),
            student: r.student.clone(),
            score: r.score(),
            total: r.total(),
        })
        .collect();
    exams.sort_by_key(|e| e.finished);
    stats.exams = exams;
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::Review;

    fn card(reviews: &[(i64, Rating)]) -> CardProgress {
        CardProgress { schedule: None, reviews: reviews.iter().map(|&(t, r)| Review::new(t, r)).collect() }
    }

    #[test]
    fn reviews_are_learning_until_a_day_passes_and_relearning_after_a_lapse() {
        let p = card(&[
            (0, Rating::Good),
            (600, Rating::Good),
            (DAY, Rating::Good),
            (5 * DAY, Rating::Again),
            (5 * DAY + 600, Rating::Good),
            (6 * DAY, Rating::Good),
            (6 * DAY + 3600, Rating::Good),
        ]);
        let mut kinds = Vec::new();
        review_kinds(&p, &mut kinds);
        use ReviewKind::*;
        assert_eq!(kinds, [Learning, Learning, Review, Review, Relearning, Review, Review]);
    }

    #[test]
    fn mastery_is_the_mean_of_the_reviewed_cards() {
        let mut m = Mastery::default();
        m.add(Some(0.9));
        m.add(None);
        m.add(Some(0.5));
        assert_eq!((m.cards, m.reviewed), (3, 2));
        assert!(m.mean.is_some_and(|x| (x - 0.7).abs() < 1e-12));
    }
}
