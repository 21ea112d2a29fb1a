//! Studying: the cards that can be studied, today's queue (learning cards that are due, then reviews,
//! then new cards up to a daily limit), grading, undo, and the clock the session runs on.
//!
//! [`Study`] owns the progress and the background writer that saves it; the app drives it with
//! [`StudyCommand`]s and reads it to draw the Study view.

use std::collections::{HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::chart::Chart;
use super::chart_cards::{CHART_DECK_ID, chart_deck};
use super::deck::{Card, Deck};
use super::library::Library;
use super::progress::{self, CardProgress, Progress, ProgressWriter, RecordId, Review, SaveOutcome};
use super::scheduler::{DAY, HOUR, MINUTE, Phase, Rating, Schedule, Scheduler, SchedulerConfig, Timestamp, fuzz_seed};

/// Where the time comes from: the system clock, or a fixed time that tests set and move.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    /// A settable time (seconds since the epoch, UTC) with local time equal to UTC.
    Fixed(Arc<AtomicI64>),
}

impl Clock {
    pub fn fixed(t: Timestamp) -> Self {
        Clock::Fixed(Arc::new(AtomicI64::new(t)))
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Clock::Fixed(t) => t.load(Ordering::Relaxed),
        }
    }

    /// Moves a fixed clock; the system clock cannot be moved.
    pub fn set(&self, t: Timestamp) {
        if let Clock::Fixed(a) = self {
            a.store(t, Ordering::Relaxed);
        }
    }

    pub fn advance(&self, seconds: i64) {
        if let Clock::Fixed(a) = self {
            a.fetch_add(seconds, Ordering::Relaxed);
        }
    }

    /// Seconds east of UTC of local time at `t`.
    pub fn utc_offset(&self, t: Timestamp) -> i64 {
        match self {
            Clock::System => local_utc_offset(t),
            Clock::Fixed(_) => 0,
        }
    }
}

#[cfg(unix)]
// `time_t` and `c_long` are `i64` on most targets, narrower on a few.
#[allow(irrefutable_let_patterns, clippy::useless_conversion)]
fn local_utc_offset(t: Timestamp) -> i64 {
    let Ok(time) = libc::time_t::try_from(t) else { return 0 };
    // SAFETY: `tm` is plain data that localtime_r fills in; both pointers are valid for the call.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&time, &mut tm).is_null() { 0 } else { i64::from(tm.tm_gmtoff) }
    }
}

#[cfg(not(unix))]
fn local_utc_offset(_t: Timestamp) -> i64 {
    0
}

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

/// Which cards to study.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StudyScope {
    /// Every loaded deck and the chart questions.
    #[default]
    All,
    Deck(String),
    Tag(String),
    /// Cards about a chart unit and every unit below it.
    Branch(String),
}

/// A card that can be studied, with the deck it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyCard {
    pub deck_id: String,
    pub deck_title: String,
    pub card: Card,
    record: Option<RecordId>,
}

/// Every card of the loaded decks and the chart questions, joined once with their progress.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    cards: Vec<StudyCard>,
}

impl Catalog {
    pub fn build<'a>(decks: impl IntoIterator<Item = &'a Deck>, progress: &Progress) -> Self {
        let mut cards = Vec::new();
        for deck in decks {
            cards.extend(deck.cards.iter().map(|c| StudyCard {
                deck_id: deck.id.clone(),
                deck_title: deck.title.clone(),
                card: c.clone(),
                record: progress.id_of(&deck.id, &c.id),
            }));
        }
        Self { cards }
    }

    pub fn cards(&self) -> &[StudyCard] {
        &self.cards
    }

    fn find(&self, deck: &str, card: &str) -> Option<usize> {
        self.cards.iter().position(|c| c.deck_id == deck && c.card.id == card)
    }
}

/// Which catalog cards a scope takes.
struct ScopeFilter<'a> {
    scope: &'a StudyScope,
    branch: HashSet<&'a str>,
}

impl<'a> ScopeFilter<'a> {
    fn new(scope: &'a StudyScope, chart: &'a Chart) -> Self {
        let branch = match scope {
            StudyScope::Branch(root) => chart.branch_ids(root),
            _ => HashSet::new(),
        };
        Self { scope, branch }
    }

    fn takes(&self, c: &StudyCard) -> bool {
        match self.scope {
            StudyScope::All => true,
            StudyScope::Deck(id) => c.deck_id == *id,
            StudyScope::Tag(tag) => c.card.tags.iter().any(|t| t == tag),
            StudyScope::Branch(_) => c.card.unit.as_deref().is_some_and(|u| self.branch.contains(u)),
        }
    }
}

/// Today's queue for one scope. Cards are catalog indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queues {
    /// Cards in Learning or Relearning, whenever they are due.
    learning: Vec<usize>,
    /// Review cards due when the queue was built (and any taken ahead), earliest first.
    reviews: VecDeque<usize>,
    /// Cards never studied, in deck order; the daily limit applies when they are taken.
    new: VecDeque<usize>,
    /// New cards first studied today, in every scope (the daily limit counts these).
    pub new_today: u32,
    /// Reviews done today, in every scope.
    pub reviewed_today: u32,
    /// The earliest due time of a review card in scope that is not yet due.
    upcoming_review: Option<Timestamp>,
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

/// How this session has gone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionStats {
    pub reviewed: u32,
    /// Again, Hard, Good, Easy.
    pub by_rating: [u32; 4],
    pub first_review: Option<Timestamp>,
    pub last_review: Option<Timestamp>,
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
        };
        study.catalog = Catalog::build(study.decks(library), &study.progress);
        study.rebuild();
        study
    }

    /// Study with progress loaded from, and saved to, `data_dir` (nothing is read or written when it is
    /// `None`). An unreadable progress file is moved aside and reported through [`Study::take_messages`].
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
        let mut study = Self::in_memory(settings, scope, clock, loaded.progress, library);
        study.messages = messages;
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
                    SaveOutcome::Saved => self.last_save_failed = false,
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
                self.scheduler = Scheduler::new(self.settings.scheduler_config());
            }
            StudyCommand::SetFuzz(on) => {
                self.settings.fuzz = on;
                self.scheduler = Scheduler::new(self.settings.scheduler_config());
            }
        }
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
        let c = &self.catalog.cards[i];
        if let Some(w) = &self.writer {
            w.set(&c.deck_id, &c.card.id, p.clone());
        }
        let id = self.progress.set(&c.deck_id, &c.card.id, p);
        self.catalog.cards[i].record = Some(id);
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

impl Queues {
    fn remove(&mut self, i: usize) {
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

/// A cheap summary of the library that changes when decks are opened or the chart is replaced.
fn fingerprint(library: &Library) -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::library::{LoadedDeck, Origin};

    /// 2024-06-05 10:00 UTC.
    const T0: Timestamp = 1_717_581_600;

    fn library(ids: &[&str]) -> Library {
        let mut lib = Library::empty();
        let cards = ids
            .iter()
            .map(|id| Card {
                id: (*id).to_owned(),
                front: format!("front {id}"),
                back: format!("back {id}"),
                accept: Vec::new(),
                tags: Vec::new(),
                unit: None,
                sources: Vec::new(),
                note: String::new(),
            })
            .collect();
        let deck = Deck {
            version: 1,
            id: "d".into(),
            title: "D".into(),
            description: String::new(),
            sources: Vec::new(),
            cards,
        };
        lib.decks.push(LoadedDeck { deck, origin: Origin::Bundled("test") });
        lib
    }

    fn schedule(phase: Phase, due: Timestamp) -> CardProgress {
        let step = if phase == Phase::Review { None } else { Some(0) };
        let s = Schedule { phase, step, stability: 5.0, difficulty: 5.0, due, last_review: due - DAY };
        CardProgress { schedule: Some(s), reviews: vec![Review::new(due - DAY, Rating::Good)] }
    }

    fn settings() -> StudySettings {
        StudySettings { fuzz: false, ..StudySettings::default() }
    }

    fn study(lib: &Library, progress: Progress, clock: &Clock) -> Study {
        Study::in_memory(settings(), StudyScope::All, clock.clone(), progress, lib)
    }

    fn current_id(s: &Study) -> Option<String> {
        s.current().map(|c| c.card.id.clone())
    }

    fn answer(s: &mut Study, rating: Rating) -> Option<String> {
        let id = current_id(s);
        s.handle(StudyCommand::ShowAnswer);
        s.handle(StudyCommand::Grade(rating));
        id
    }

    #[test]
    fn learning_cards_that_are_due_come_first_then_reviews_then_new_cards() {
        let lib = library(&["new", "review-late", "review", "learning", "not-due"]);
        let mut p = Progress::new();
        p.set("d", "review-late", schedule(Phase::Review, T0 - 3 * DAY));
        p.set("d", "review", schedule(Phase::Review, T0 - 5 * DAY));
        p.set("d", "learning", schedule(Phase::Learning, T0 - MINUTE));
        p.set("d", "not-due", schedule(Phase::Review, T0 + 2 * DAY));
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, p, &clock);
        assert_eq!(s.counts(T0), Counts { learning: 1, review: 2, new: 1 });
        let order: Vec<_> = (0..4).filter_map(|_| answer(&mut s, Rating::Easy)).collect();
        assert_eq!(order, ["learning", "review", "review-late", "new"]);
        assert_eq!(current_id(&s), None, "the card not yet due waits");
        assert_eq!(s.next_due(), Some(T0 + 2 * DAY));
    }

    #[test]
    fn grading_again_brings_the_card_back_today() {
        let lib = library(&["a"]);
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, Progress::new(), &clock);
        answer(&mut s, Rating::Again);
        // Due in a minute: shown again at once, since nothing else is left (learn ahead).
        assert_eq!(current_id(&s).as_deref(), Some("a"));
        assert_eq!(s.current_progress().and_then(|p| p.schedule).map(|s| s.phase), Some(Phase::Learning));
    }

    #[test]
    fn the_daily_new_card_limit_holds_and_more_new_cards_can_be_let_in() {
        let ids: Vec<String> = (0..30).map(|i| format!("c{i:02}")).collect();
        let lib = library(&ids.iter().map(String::as_str).collect::<Vec<_>>());
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, Progress::new(), &clock);
        s.handle(StudyCommand::SetNewPerDay(5));
        assert_eq!(s.counts(T0), Counts { learning: 0, review: 0, new: 5 }, "the card on screen is one of the 5");
        let studied: Vec<_> = (0..10).filter_map(|_| answer(&mut s, Rating::Easy)).collect();
        assert_eq!(studied.len(), 5);
        assert_eq!(s.counts(T0).total(), 0);
        assert_eq!(s.new_waiting(), 25);
        s.handle(StudyCommand::MoreNew);
        assert_eq!(current_id(&s).as_deref(), Some("c05"));
    }

    #[test]
    fn new_cards_first_studied_earlier_today_count_against_the_limit() {
        let lib = library(&["a", "b", "c", "d"]);
        let mut p = Progress::new();
        let mut earlier = schedule(Phase::Learning, T0 + HOUR);
        earlier.reviews = vec![Review::new(T0 - HOUR, Rating::Good)];
        p.set("d", "a", earlier.clone());
        p.set("d", "b", earlier);
        let clock = Clock::fixed(T0);
        let mut s =
            Study::in_memory(StudySettings { new_per_day: 3, ..settings() }, StudyScope::All, clock.clone(), p, &lib);
        assert_eq!(s.queues().new_today, 2);
        assert_eq!(s.queues().reviewed_today, 2);
        assert_eq!(answer(&mut s, Rating::Easy).as_deref(), Some("c"));
        assert_eq!(current_id(&s), None, "d waits for tomorrow");
    }

    #[test]
    fn a_new_study_day_lets_new_cards_in_again() {
        let lib = library(&["a", "b"]);
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, Progress::new(), &clock);
        s.handle(StudyCommand::SetNewPerDay(1));
        answer(&mut s, Rating::Easy);
        s.tick(&lib);
        assert_eq!(current_id(&s), None);
        clock.advance(DAY);
        s.tick(&lib);
        assert_eq!(current_id(&s).as_deref(), Some("b"));
    }

    #[test]
    fn the_study_day_starts_at_the_configured_hour() {
        let lib = library(&[]);
        let s = study(&lib, Progress::new(), &Clock::fixed(T0));
        // 10:00 UTC on 5 June: the day began at 04:00 that morning.
        assert_eq!(s.day_start(T0), T0 - 6 * HOUR);
        assert_eq!(s.day_start(T0 - 7 * HOUR), T0 - 6 * HOUR - DAY);
    }

    #[test]
    fn undo_restores_the_exact_state_before_the_grade_and_shows_the_card_again() {
        let lib = library(&["a", "b"]);
        let mut p = Progress::new();
        p.set("d", "a", schedule(Phase::Review, T0 - DAY));
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, p, &clock);
        let before = s.progress().card("d", "a").cloned();
        let counts = s.counts(T0);
        assert_eq!(answer(&mut s, Rating::Again).as_deref(), Some("a"));
        assert_ne!(s.progress().card("d", "a").cloned(), before);
        assert_eq!(current_id(&s).as_deref(), Some("b"));
        s.handle(StudyCommand::Undo);
        assert_eq!(s.progress().card("d", "a").cloned(), before);
        assert_eq!(current_id(&s).as_deref(), Some("a"));
        assert!(!s.answer_shown());
        assert_eq!(s.counts(T0), counts);
        assert_eq!(s.stats(), &SessionStats::default());
        assert!(!s.can_undo());
    }

    #[test]
    fn undoing_a_new_cards_first_grade_makes_it_new_again() {
        let lib = library(&["a"]);
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, Progress::new(), &clock);
        answer(&mut s, Rating::Good);
        assert_eq!(s.queues().new_today, 1);
        s.handle(StudyCommand::Undo);
        assert_eq!(s.progress().card("d", "a").map(CardProgress::is_new), Some(true));
        assert_eq!(s.queues().new_today, 0);
        assert!(s.current_progress().is_none());
    }

    #[test]
    fn a_grade_before_the_answer_is_shown_does_nothing() {
        let lib = library(&["a"]);
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, Progress::new(), &clock);
        s.handle(StudyCommand::Grade(Rating::Good));
        assert!(s.progress().is_empty());
        assert_eq!(current_id(&s).as_deref(), Some("a"));
    }

    #[test]
    fn studying_ahead_takes_the_next_cards_not_yet_due() {
        let lib = library(&["soon", "later"]);
        let mut p = Progress::new();
        p.set("d", "later", schedule(Phase::Review, T0 + 9 * DAY));
        p.set("d", "soon", schedule(Phase::Review, T0 + 2 * DAY));
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, p, &clock);
        assert_eq!(current_id(&s), None);
        assert!(s.can_study_ahead());
        s.handle(StudyCommand::StudyAhead);
        assert_eq!(answer(&mut s, Rating::Good).as_deref(), Some("soon"));
        assert_eq!(current_id(&s).as_deref(), Some("later"));
    }

    #[test]
    fn a_scope_takes_only_its_cards() {
        let mut lib = library(&["a", "b"]);
        lib.decks[0].deck.cards[1].tags = vec!["t".into()];
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, Progress::new(), &clock);
        s.handle(StudyCommand::SetScope(StudyScope::Tag("t".into())));
        assert_eq!(current_id(&s).as_deref(), Some("b"));
        assert_eq!(s.queues().in_scope, 1);
        s.handle(StudyCommand::SetScope(StudyScope::Deck("other".into())));
        assert_eq!(s.queues().in_scope, 0);
        assert_eq!(current_id(&s), None);
    }

    #[test]
    fn cards_of_a_deck_opened_later_join_the_queue() {
        let lib = library(&["a"]);
        let clock = Clock::fixed(T0);
        let mut s = study(&lib, Progress::new(), &clock);
        let mut bigger = library(&["a", "b"]);
        bigger.decks[0].deck.id = "d".into();
        s.library_changed(&bigger);
        assert_eq!(s.queues().in_scope, 2);
        assert_eq!(current_id(&s).as_deref(), Some("a"), "the card on screen stays");
    }
}
