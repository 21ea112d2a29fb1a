//! Studying: the cards that can be studied, today's queue (learning cards that are due, then reviews,
//! then new cards up to a daily limit), grading, undo, and the clock the session runs on.
//!
//! [`Study`] owns the progress and the background writer that saves it; the app drives it with
//! [`StudyCommand`]s and reads it to draw the Study view.

mod catalog;
mod clock;
mod queue;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use catalog::{Catalog, ScopeFilter, StudyCard};
pub use clock::Clock;
pub use queue::{Counts, Queues, build_queues};

use super::chart::Chart;
use super::chart_cards::{CHART_DECK_ID, chart_deck};
use super::deck::Deck;
use super::library::Library;
use super::optimise::{
    self, History, HistorySummary, Job, Optimised, RetentionAdvice, RetentionSettings, SavedParameters,
};
use super::progress::{self, CardProgress, Progress, ProgressWriter, Review, SaveOutcome};
use super::scheduler::{DAY, HOUR, MINUTE, Phase, Rating, Schedule, Scheduler, SchedulerConfig, Timestamp, fuzz_seed};

/// Study settings, remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StudySettings {
    /// New cards introduced per day.
    pub new_per_day: u32,
    /// The recall probability reviews are scheduled for (0.7 ..= 0.99).
    pub desired_retention: f64,
    /// Spread review intervals a little (py-fsrs's fuzz).
    pub fuzz: bool,
    /// The hour (local time) at which a new study day starts, for the daily new-card limit.
    pub day_starts_at_hour: u32,
    /// A learning card due within this many minutes is shown early when nothing else is left.
    pub learn_ahead_minutes: u32,
}

impl Default for StudySettings {
    fn default() -> Self {
        Self { new_per_day: 20, desired_retention: 0.9, fuzz: true, day_starts_at_hour: 4, learn_ahead_minutes: 20 }
    }
}

impl StudySettings {
    pub fn scheduler_config(&self) -> SchedulerConfig {
        SchedulerConfig { desired_retention: self.desired_retention, fuzz: self.fuzz, ..SchedulerConfig::default() }
    }
}

/// The tag of the cards a student must know first.
pub const ESSENTIALS_TAG: &str = "essentials";

/// Which cards to study.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StudyScope {
    /// Every loaded deck and the chart questions.
    #[default]
    All,
    /// What a student must know first: the cards tagged `essentials`.
    Essentials,
    Deck(String),
    Tag(String),
    /// Cards about a chart unit and every unit below it.
    Branch(String),
}

/// How this session has gone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionStats {
    pub reviewed: u32,
    /// Again, Hard, Good, Easy.
    pub by_rating: [u32; 4],
    pub first_review: Option<Timestamp>,
    pub last_review: Option<Timestamp>,
}

#[derive(Debug, Clone)]
struct UndoStep {
    card: usize,
    before: CardProgress,
    queues: Queues,
    stats: SessionStats,
}

#[derive(Debug, Clone, Default)]
struct Session {
    scope: StudyScope,
    queues: Queues,
    current: Option<usize>,
    answer_shown: bool,
    /// The study day the queue was built for.
    day: i64,
    stats: SessionStats,
    undo: Vec<UndoStep>,
    /// New cards allowed today beyond the daily limit ("learn more").
    extra_new: u32,
}

/// Everything the user can do while studying.
#[derive(Debug, Clone, PartialEq)]
pub enum StudyCommand {
    ShowAnswer,
    Grade(Rating),
    Undo,
    SetScope(StudyScope),
    /// Allow another day's worth of new cards today.
    MoreNew,
    /// Review the next cards that are not due yet.
    StudyAhead,
    SetNewPerDay(u32),
    SetDesiredRetention(f64),
    /// Spread review intervals a little (on by default; off makes intervals exactly reproducible).
    SetFuzz(bool),
    /// Cards missed in a quiz (deck id, card id): each graded Again now, so they come back to be learnt.
    Relearn(Vec<(String, String)>),
    /// Schedule with these parameters from now on (from [`Optimised::accepted`]): every card's memory
    /// state is recomputed from its reviews, and the parameters are saved.
    ApplyParameters(SavedParameters),
    /// Back to FSRS-6's default parameters (memory states recomputed, saved).
    ResetParameters,
}

/// Something the user should be told.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyMessage {
    pub error: bool,
    pub text: String,
}

type Waker = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// How many cards "study ahead" takes at a time.
pub const AHEAD_BATCH: usize = 20;
/// How many grades can be undone.
const UNDO_DEPTH: usize = 100;

/// The study state: settings, progress, the catalog of cards and the current session.
pub struct Study {
    settings: StudySettings,
    clock: Clock,
    scheduler: Scheduler,
    /// The scheduling parameters and where they came from.
    parameters: SavedParameters,
    /// The data directory the parameters are saved under; `None` in memory, or when a refused
    /// parameters file could not be moved aside.
    parameters_dir: Option<PathBuf>,
    /// The review history's summary, until the next grade.
    history_summary: Mutex<Option<HistorySummary>>,
    progress: Progress,
    chart: Chart,
    chart_deck: Deck,
    catalog: Catalog,
    session: Session,
    writer: Option<ProgressWriter>,
    messages: Vec<StudyMessage>,
    waker: Waker,
    fingerprint: u64,
    last_save_failed: bool,
    /// Counts changes to the progress (grades, undo, new parameters), for caches of figures over it.
    changes: u64,
}

impl std::fmt::Debug for Study {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Study")
            .field("settings", &self.settings)
            .field("cards", &self.catalog.cards.len())
            .field("scope", &self.session.scope)
            .field("current", &self.session.current)
            .field("saving", &self.writer.is_some())
            .finish_non_exhaustive()
    }
}

impl Study {
    /// Study with progress kept in memory only.
    pub fn in_memory(
        settings: StudySettings,
        scope: StudyScope,
        clock: Clock,
        progress: Progress,
        library: &Library,
    ) -> Self {
        let mut study = Self {
            scheduler: Scheduler::new(settings.scheduler_config()),
            parameters: SavedParameters::default(),
            parameters_dir: None,
            history_summary: Mutex::new(None),
            settings,
            clock,
            progress,
            chart: Chart::clone(&library.chart),
            chart_deck: chart_deck(&library.chart),
            catalog: Catalog::default(),
            session: Session { scope, ..Session::default() },
            writer: None,
            messages: Vec::new(),
            waker: Arc::new(Mutex::new(None)),
            fingerprint: fingerprint(library),
            last_save_failed: false,
            changes: 0,
        };
        study.catalog = Catalog::build(study.decks(library), &study.progress);
        study.rebuild();
        study
    }

    /// Study with progress and scheduling parameters loaded from, and saved to, `data_dir` (nothing is
    /// read or written when it is `None`). An unreadable progress or parameters file is moved aside and
    /// reported through [`Study::take_messages`] (the parameters are then FSRS-6's defaults).
    pub fn open(
        settings: StudySettings,
        scope: StudyScope,
        clock: Clock,
        data_dir: Option<PathBuf>,
        library: &Library,
    ) -> Self {
        let Some(dir) = data_dir else {
            return Self::in_memory(settings, scope, clock, Progress::new(), library);
        };
        let loaded = progress::load(&dir, clock.now());
        let messages: Vec<StudyMessage> =
            loaded.problems.iter().map(|p| StudyMessage { error: true, text: p.message() }).collect();
        let can_save = loaded.can_save();
        let parameters = optimise::saved::load(&dir, clock.now());
        let mut study = Self::in_memory(settings, scope, clock, loaded.progress, library);
        study.messages = messages;
        if let Some(problem) = &parameters.problem {
            study.messages.push(StudyMessage { error: true, text: problem.message() });
        }
        if parameters.can_save() {
            study.parameters_dir = Some(dir.clone());
        }
        study.parameters = parameters.saved;
        study.scheduler = study.make_scheduler();
        if can_save {
            let waker = Arc::clone(&study.waker);
            let wake = Box::new(move || {
                if let Ok(w) = waker.lock()
                    && let Some(f) = w.as_ref()
                {
                    f();
                }
            });
            match ProgressWriter::start(dir, study.progress.clone(), wake) {
                Ok(w) => study.writer = Some(w),
                Err(e) => study.messages.push(StudyMessage {
                    error: true,
                    text: format!("Study progress cannot be saved: the saving thread did not start ({e})."),
                }),
            }
        }
        study
    }

    /// Called from the saving thread when a save fails (to repaint the UI, which then reports it).
    pub fn set_waker(&self, wake: Box<dyn Fn() + Send>) {
        if let Ok(mut w) = self.waker.lock() {
            *w = Some(wake);
        }
    }

    fn decks<'a>(&'a self, library: &'a Library) -> impl Iterator<Item = &'a Deck> {
        library.decks.iter().map(|d| &d.deck).chain(std::iter::once(&self.chart_deck))
    }

    pub fn settings(&self) -> &StudySettings {
        &self.settings
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Replaces the clock (tests) and rebuilds the queue for its time.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        self.rebuild();
    }

    /// A number that changes whenever the progress does.
    pub fn changes(&self) -> u64 {
        self.changes.wrapping_add(self.fingerprint)
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn chart_deck(&self) -> &Deck {
        &self.chart_deck
    }

    pub fn scope(&self) -> &StudyScope {
        &self.session.scope
    }

    pub fn saving(&self) -> bool {
        self.writer.is_some()
    }

    /// Messages for the user since the last call.
    pub fn take_messages(&mut self) -> Vec<StudyMessage> {
        std::mem::take(&mut self.messages)
    }

    /// The start of the study day containing `t`.
    pub fn day_start(&self, t: Timestamp) -> Timestamp {
        let shift = self.clock.utc_offset(t) - i64::from(self.settings.day_starts_at_hour.min(23)) * HOUR;
        t - (t + shift).rem_euclid(DAY)
    }

    fn day_number(&self, t: Timestamp) -> i64 {
        self.day_start(t).div_euclid(DAY)
    }

    /// Builds the session's queue afresh for the current time, keeping the scope, the session's tally
    /// and the card on screen (if it is still in scope).
    pub fn rebuild(&mut self) {
        let now = self.now();
        let day_start = self.day_start(now);
        let queues = build_queues(&self.catalog, &self.progress, &self.chart, &self.session.scope, now, day_start);
        let keep = self.session.current.filter(|&i| {
            self.catalog.cards.get(i).is_some_and(|c| ScopeFilter::new(&self.session.scope, &self.chart).takes(c))
        });
        self.session.queues = queues;
        if let Some(i) = keep {
            self.session.queues.remove(i);
        } else {
            self.session.current = None;
            self.session.answer_shown = false;
        }
        let day = self.day_number(now);
        if day != self.session.day {
            self.session.extra_new = 0;
        }
        self.session.day = day;
        self.session.undo.clear();
        self.pick(now);
    }

    /// Keeps the session current: picks up a library change, a new day, a learning card that fell due,
    /// and the outcome of background saves. Called once per frame.
    pub fn tick(&mut self, library: &Library) {
        if fingerprint(library) != self.fingerprint {
            self.library_changed(library);
        }
        let now = self.now();
        if self.day_number(now) != self.session.day {
            self.rebuild();
        }
        self.pick(now);
        if let Some(w) = &self.writer {
            for outcome in w.outcomes() {
                match outcome {
                    SaveOutcome::Saved => {
                        if self.last_save_failed {
                            self.messages
                                .push(StudyMessage { error: false, text: "Study progress saved again.".to_owned() });
                        }
                        self.last_save_failed = false;
                    }
                    SaveOutcome::Failed(text) => {
                        if !self.last_save_failed {
                            self.messages.push(StudyMessage { error: true, text });
                        }
                        self.last_save_failed = true;
                    }
                }
            }
        }
    }

    /// Rebuilds the catalog after decks or the chart changed. Progress is keyed by deck id and card id,
    /// so cards keep their history as long as their ids survive.
    pub fn library_changed(&mut self, library: &Library) {
        let current = self.current().map(|c| (c.deck_id.clone(), c.card.id.clone()));
        self.chart = library.chart.clone();
        self.chart_deck = chart_deck(&library.chart);
        self.catalog = Catalog::build(self.decks(library), &self.progress);
        self.fingerprint = fingerprint(library);
        self.session.current = current.and_then(|(d, c)| self.catalog.find(&d, &c));
        self.rebuild();
    }

    /// Waits up to `timeout` until every grade is on disk (on exit).
    pub fn flush(&self, timeout: Duration) -> bool {
        self.writer.as_ref().is_none_or(|w| w.flush(timeout))
    }

    pub fn handle(&mut self, command: StudyCommand) {
        let now = self.now();
        match command {
            StudyCommand::ShowAnswer => {
                if self.session.current.is_some() {
                    self.session.answer_shown = true;
                }
            }
            StudyCommand::Grade(rating) => self.grade(rating, now),
            StudyCommand::Undo => self.undo(),
            StudyCommand::SetScope(scope) => {
                if scope != self.session.scope {
                    self.session.scope = scope;
                    self.session.current = None;
                    self.rebuild();
                }
            }
            StudyCommand::MoreNew => {
                self.session.extra_new += self.settings.new_per_day.max(10);
                self.pick(now);
            }
            StudyCommand::StudyAhead => self.study_ahead(now),
            StudyCommand::SetNewPerDay(n) => {
                self.settings.new_per_day = n.min(9999);
                self.pick(now);
            }
            StudyCommand::SetDesiredRetention(r) => {
                self.settings.desired_retention = if r.is_finite() { r.clamp(0.7, 0.99) } else { 0.9 };
                self.scheduler = self.make_scheduler();
            }
            StudyCommand::SetFuzz(on) => {
                self.settings.fuzz = on;
                self.scheduler = self.make_scheduler();
            }
            StudyCommand::Relearn(cards) => self.relearn(&cards, now),
            StudyCommand::ApplyParameters(saved) => self.set_parameters(saved),
            StudyCommand::ResetParameters => self.set_parameters(SavedParameters::default()),
        }
    }

    fn make_scheduler(&self) -> Scheduler {
        Scheduler::with_parameters(self.settings.scheduler_config(), self.parameters.parameters)
    }

    /// Switches to new parameters: memory states recomputed from the reviews (which stay as they are),
    /// the progress and the parameters saved, the queue rebuilt (undo starts afresh: the steps it held
    /// were made with the old parameters).
    fn set_parameters(&mut self, saved: SavedParameters) {
        self.changes += 1;
        let changed = saved.parameters != self.parameters.parameters;
        self.parameters = saved;
        self.scheduler = self.make_scheduler();
        let mut text = format!("Scheduling now uses the {}.", self.parameters.describe());
        if changed {
            let n = optimise::recompute_memory_states(&mut self.progress, self.parameters.parameters);
            if let Some(w) = &self.writer {
                w.replace(self.progress.clone());
            }
            text.push_str(&format!(
                " The memory states of {n} card{} were recomputed from their reviews; due dates stay.",
                if n == 1 { "" } else { "s" }
            ));
        }
        if let Some(dir) = &self.parameters_dir
            && let Err(e) = optimise::saved::save(dir, &self.parameters)
        {
            self.messages.push(StudyMessage {
                error: true,
                text: format!(
                    "Could not save the scheduling parameters to {}: {e}",
                    optimise::saved::path(dir).display()
                ),
            });
        }
        self.messages.push(StudyMessage { error: false, text });
        self.rebuild();
    }

    // ---- Personal scheduling (Settings > Scheduling) ----

    /// The parameters the scheduler uses, and where they came from.
    pub fn parameters(&self) -> &SavedParameters {
        &self.parameters
    }

    /// How many reviews there are to optimise on, and whether that is enough
    /// ([`HistorySummary::is_enough`], [`HistorySummary::message`]). Counted once until the next grade.
    pub fn history_summary(&self) -> HistorySummary {
        let Ok(mut cached) = self.history_summary.lock() else {
            return History::from_progress(&self.progress).summary(self.now());
        };
        *cached.get_or_insert_with(|| History::from_progress(&self.progress).summary(self.now()))
    }

    /// Starts optimising the parameters on the review history, on its own thread. Poll the job each
    /// frame (`progress`, `try_result`), cancel it with `cancel`; `wake` is called when there is
    /// something new to show. Apply the outcome with [`StudyCommand::ApplyParameters`] of
    /// [`Optimised::accepted`] when the user accepts it.
    pub fn start_optimising(&self, wake: Option<Box<dyn Fn() + Send>>) -> Job<Optimised> {
        optimise::start_optimising(History::from_progress(&self.progress), self.parameters.parameters, self.now(), wake)
    }

    /// Starts the retention suggestion for the current parameters, the collection's size and the daily
    /// new-card limit, on its own thread (a job like [`Study::start_optimising`]).
    pub fn start_suggesting_retention(&self, wake: Option<Box<dyn Fn() + Send>>) -> Job<RetentionAdvice> {
        let history = History::from_progress(&self.progress);
        let settings = RetentionSettings::new(
            self.parameters.parameters,
            self.catalog.cards.len(),
            self.settings.new_per_day,
            &history,
            self.now(),
        );
        optimise::start_suggesting_retention(settings, wake)
    }

    fn record(&self, i: usize) -> Option<&CardProgress> {
        self.catalog.cards[i].record.map(|id| self.progress.get(id))
    }

    fn schedule(&self, i: usize) -> Option<&Schedule> {
        self.record(i).and_then(|p| p.schedule.as_ref())
    }

    /// Shows the next card if none is showing: a learning card that is due, else a due review, else a
    /// new card within today's limit, else a learning card due within the learn-ahead time.
    fn pick(&mut self, now: Timestamp) {
        if self.session.current.is_some() {
            return;
        }
        let next = self
            .next_learning(now)
            .or_else(|| self.next_review())
            .or_else(|| self.next_new())
            .or_else(|| self.next_learning(now + i64::from(self.settings.learn_ahead_minutes) * MINUTE));
        if let Some(i) = next {
            self.session.queues.remove(i);
            self.session.current = Some(i);
            self.session.answer_shown = false;
        }
    }

    fn next_learning(&self, by: Timestamp) -> Option<usize> {
        let q = &self.session.queues;
        q.learning
            .iter()
            .filter_map(|&i| self.schedule(i).map(|s| (s.due, i)))
            .filter(|(due, _)| *due <= by)
            .min()
            .map(|(_, i)| i)
    }

    fn next_review(&mut self) -> Option<usize> {
        while let Some(&i) = self.session.queues.reviews.front() {
            if self.schedule(i).is_some_and(|s| s.phase == Phase::Review) {
                return Some(i);
            }
            self.session.queues.reviews.pop_front();
        }
        None
    }

    fn new_allowance(&self) -> u32 {
        (self.settings.new_per_day + self.session.extra_new).saturating_sub(self.session.queues.new_today)
    }

    fn next_new(&mut self) -> Option<usize> {
        if self.new_allowance() == 0 {
            return None;
        }
        while let Some(&i) = self.session.queues.new.front() {
            if self.schedule(i).is_none() {
                return Some(i);
            }
            self.session.queues.new.pop_front();
        }
        None
    }

    fn grade(&mut self, rating: Rating, now: Timestamp) {
        let Some(i) = self.session.current else { return };
        if !self.session.answer_shown {
            return;
        }
        let before = self.record(i).cloned().unwrap_or_default();
        self.session.undo.push(UndoStep {
            card: i,
            before: before.clone(),
            queues: self.session.queues.clone(),
            stats: self.session.stats.clone(),
        });
        if self.session.undo.len() > UNDO_DEPTH {
            self.session.undo.remove(0);
        }
        let c = &self.catalog.cards[i];
        let seed = fuzz_seed(&c.deck_id, &c.card.id, before.reviews.len());
        let schedule = self.scheduler.review(before.schedule.as_ref(), rating, now, seed);
        let mut reviews = before.reviews.clone();
        reviews.push(Review::new(now, rating));
        let after = CardProgress { schedule: Some(schedule), reviews };
        self.store(i, after);

        let q = &mut self.session.queues;
        if before.is_new() {
            q.new_today += 1;
        }
        q.reviewed_today += 1;
        match schedule.phase {
            Phase::Learning | Phase::Relearning => q.learning.push(i),
            Phase::Review => q.upcoming_review = Some(q.upcoming_review.map_or(schedule.due, |u| u.min(schedule.due))),
        }
        let stats = &mut self.session.stats;
        stats.reviewed += 1;
        stats.by_rating[usize::from(rating.number() - 1)] += 1;
        stats.first_review.get_or_insert(now);
        stats.last_review = Some(now);

        self.session.current = None;
        self.session.answer_shown = false;
        self.pick(now);
    }

    /// Grades each of `cards` Again at `now`, as if it had been studied and forgotten; the queue is then
    /// built afresh, with them among today's learning cards.
    fn relearn(&mut self, cards: &[(String, String)], now: Timestamp) {
        let mut done = HashSet::new();
        for (deck, card) in cards {
            let Some(i) = self.catalog.find(deck, card) else { continue };
            if !done.insert(i) {
                continue;
            }
            let before = self.record(i).cloned().unwrap_or_default();
            let c = &self.catalog.cards[i];
            let seed = fuzz_seed(&c.deck_id, &c.card.id, before.reviews.len());
            let schedule = self.scheduler.review(before.schedule.as_ref(), Rating::Again, now, seed);
            let mut reviews = before.reviews.clone();
            reviews.push(Review::new(now, Rating::Again));
            self.store(i, CardProgress { schedule: Some(schedule), reviews });
        }
        if !done.is_empty() {
            let current = self.session.current;
            self.rebuild();
            if current.is_some_and(|c| done.contains(&c)) {
                self.session.current = None;
                self.pick(now);
            }
        }
    }

    /// Undoes the last grade: the card gets back the exact progress it had and shows again, front first.
    fn undo(&mut self) {
        let Some(step) = self.session.undo.pop() else { return };
        self.store(step.card, step.before);
        self.session.queues = step.queues;
        self.session.stats = step.stats;
        self.session.current = Some(step.card);
        self.session.answer_shown = false;
    }

    /// Sets a card's progress here and in the background writer.
    fn store(&mut self, i: usize, p: CardProgress) {
        self.changes += 1;
        let c = &self.catalog.cards[i];
        if let Some(w) = &self.writer {
            w.set(&c.deck_id, &c.card.id, p.clone());
        }
        let id = self.progress.set(&c.deck_id, &c.card.id, p);
        self.catalog.cards[i].record = Some(id);
        if let Ok(mut cached) = self.history_summary.lock() {
            *cached = None;
        }
    }

    fn study_ahead(&mut self, now: Timestamp) {
        let filter = ScopeFilter::new(&self.session.scope, &self.chart);
        let queued: HashSet<usize> = self.session.queues.reviews.iter().copied().chain(self.session.current).collect();
        let mut ahead: Vec<(Timestamp, usize)> = self
            .catalog
            .cards
            .iter()
            .enumerate()
            .filter(|(i, c)| !queued.contains(i) && filter.takes(c))
            .filter_map(|(i, _)| {
                self.schedule(i).filter(|s| s.phase == Phase::Review && s.due > now).map(|s| (s.due, i))
            })
            .collect();
        ahead.sort_unstable();
        ahead.truncate(AHEAD_BATCH);
        self.session.queues.reviews.extend(ahead.into_iter().map(|(_, i)| i));
        self.session.queues.upcoming_review = self.upcoming_after(now);
        self.pick(now);
    }

    fn upcoming_after(&self, now: Timestamp) -> Option<Timestamp> {
        let filter = ScopeFilter::new(&self.session.scope, &self.chart);
        let queued: HashSet<usize> = self.session.queues.reviews.iter().copied().collect();
        (0..self.catalog.cards.len())
            .filter(|i| !queued.contains(i) && filter.takes(&self.catalog.cards[*i]))
            .filter_map(|i| self.schedule(i).filter(|s| s.phase == Phase::Review && s.due > now).map(|s| s.due))
            .min()
    }

    // ---- What the view shows ----

    /// The card on screen.
    pub fn current(&self) -> Option<&StudyCard> {
        self.session.current.map(|i| &self.catalog.cards[i])
    }

    /// The progress of the card on screen (`None` for a new card).
    pub fn current_progress(&self) -> Option<&CardProgress> {
        self.session.current.and_then(|i| self.record(i)).filter(|p| !p.is_new())
    }

    pub fn answer_shown(&self) -> bool {
        self.session.answer_shown
    }

    /// What each grade would do to the card on screen, Again to Easy.
    pub fn previews(&self, now: Timestamp) -> Option<[Schedule; 4]> {
        let i = self.session.current?;
        let c = &self.catalog.cards[i];
        let p = self.record(i);
        let seed = fuzz_seed(&c.deck_id, &c.card.id, p.map_or(0, |p| p.reviews.len()));
        Some(self.scheduler.preview(p.and_then(|p| p.schedule.as_ref()), now, seed))
    }

    pub fn can_undo(&self) -> bool {
        !self.session.undo.is_empty()
    }

    pub fn stats(&self) -> &SessionStats {
        &self.session.stats
    }

    pub fn queues(&self) -> &Queues {
        &self.session.queues
    }

    /// The cards left today in the scope, counting the one on screen.
    pub fn counts(&self, now: Timestamp) -> Counts {
        let tomorrow = self.day_start(now) + DAY;
        let q = &self.session.queues;
        let current = self.session.current.map(|i| self.schedule(i).map(|s| s.phase));
        // A new card on screen is one of today's new cards already.
        let showing_new = current == Some(None);
        let new_left = (self.new_allowance() as usize).saturating_sub(usize::from(showing_new));
        let mut counts = Counts {
            learning: q.learning.iter().filter(|&&i| self.schedule(i).is_some_and(|s| s.due < tomorrow)).count(),
            review: q.reviews.iter().filter(|&&i| self.schedule(i).is_some_and(|s| s.phase == Phase::Review)).count(),
            new: q.new.len().min(new_left),
        };
        match current {
            None => {}
            Some(None) => counts.new += 1,
            Some(Some(Phase::Review)) => counts.review += 1,
            Some(Some(_)) => counts.learning += 1,
        }
        counts
    }

    /// When the next card in scope falls due, if none is due now.
    pub fn next_due(&self) -> Option<Timestamp> {
        let learning = self.session.queues.learning.iter().filter_map(|&i| self.schedule(i)).map(|s| s.due).min();
        match (learning, self.session.queues.upcoming_review) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// New cards in scope waiting beyond today's limit.
    pub fn new_waiting(&self) -> usize {
        self.session.queues.new.iter().filter(|&&i| self.schedule(i).is_none()).count()
    }

    /// Whether there are cards in scope that could be studied ahead of time.
    pub fn can_study_ahead(&self) -> bool {
        self.session.queues.upcoming_review.is_some()
    }
}

/// A cheap summary of the library that changes when decks are opened or the chart is replaced.
pub fn fingerprint(library: &Library) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    library.chart.units.len().hash(&mut h);
    library.chart.relations.len().hash(&mut h);
    library.chart.title.hash(&mut h);
    for d in &library.decks {
        d.deck.id.hash(&mut h);
        d.deck.cards.len().hash(&mut h);
        d.deck.cards.first().map(|c| &c.id).hash(&mut h);
        d.deck.cards.last().map(|c| &c.id).hash(&mut h);
    }
    h.finish()
}

/// The deck id of the generated chart questions (for the view's deck list).
pub fn is_chart_deck(id: &str) -> bool {
    id == CHART_DECK_ID
}
