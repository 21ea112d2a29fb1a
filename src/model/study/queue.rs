//! Today's queue for one scope: learning cards, due reviews, new cards.

use std::collections::VecDeque;

use super::StudyScope;
use super::catalog::{Catalog, ScopeFilter};
use crate::model::chart::Chart;
use crate::model::progress::Progress;
use crate::model::scheduler::{Phase, Timestamp};

/// Today's queue for one scope. Cards are catalog indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queues {
    /// Cards in Learning or Relearning, whenever they are due.
    pub(super) learning: Vec<usize>,
    /// Review cards due when the queue was built (and any taken ahead), earliest first.
    pub(super) reviews: VecDeque<usize>,
    /// Cards never studied, in deck order; the daily limit applies when they are taken.
    pub(super) new: VecDeque<usize>,
    /// New cards first studied today, in every scope (the daily limit counts these).
    pub new_today: u32,
    /// Reviews done today, in every scope.
    pub reviewed_today: u32,
    /// The earliest due time of a review card in scope that is not yet due.
    pub(super) upcoming_review: Option<Timestamp>,
    /// Cards in the scope.
    pub in_scope: usize,
}

/// Builds today's queue: the due queue of the issue, measured by `benches/study.rs`.
pub fn build_queues(
    catalog: &Catalog,
    progress: &Progress,
    chart: &Chart,
    scope: &StudyScope,
    now: Timestamp,
    day_start: Timestamp,
) -> Queues {
    let filter = ScopeFilter::new(scope, chart);
    let mut q = Queues::default();
    let mut reviews: Vec<(Timestamp, usize)> = Vec::new();
    for (i, c) in catalog.cards.iter().enumerate() {
        if !filter.takes(c) {
            continue;
        }
        q.in_scope += 1;
        match c.record.and_then(|id| progress.get(id).schedule) {
            None => q.new.push_back(i),
            Some(s) => match s.phase {
                Phase::Learning | Phase::Relearning => q.learning.push(i),
                Phase::Review if s.due <= now => reviews.push((s.due, i)),
                Phase::Review => q.upcoming_review = Some(q.upcoming_review.map_or(s.due, |u| u.min(s.due))),
            },
        }
    }
    reviews.sort_unstable();
    q.reviews = reviews.into_iter().map(|(_, i)| i).collect();
    for (_, _, p) in progress.iter() {
        if p.is_new() {
            continue;
        }
        if p.reviews.first().is_some_and(|r| r.at() >= day_start) {
            q.new_today += 1;
        }
        q.reviewed_today += p.reviews.iter().rev().take_while(|r| r.at() >= day_start).count() as u32;
    }
    q
}

/// The cards left today in the scope, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub learning: usize,
    pub review: usize,
    pub new: usize,
}

impl Counts {
    pub fn total(self) -> usize {
        self.learning + self.review + self.new
    }
}

impl Queues {
    pub(super) fn remove(&mut self, i: usize) {
        self.learning.retain(|&x| x != i);
        if let Some(p) = self.reviews.iter().position(|&x| x == i) {
            self.reviews.remove(p);
        }
        if self.new.front() == Some(&i) {
            self.new.pop_front();
        } else if let Some(p) = self.new.iter().position(|&x| x == i) {
            self.new.remove(p);
        }
    }
}
