//! A long computation on its own thread, with progress and cancel, polled without blocking.
//!
//! The work runs on one thread; a second, small thread looks at its progress every 50 ms, passes a
//! cancel on to the `fsrs` crate's trainer, and calls the wake callback when there is something new to
//! show. The thread that polls ([`Job::progress`], [`Job::try_result`], [`Job::cancel`]) only reads and
//! writes atomics and a channel: it never waits for a lock or for the work.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fsrs::CombinedProgressState;

use super::OptimiseError;

/// What a job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the review history and building the training items.
    Preparing,
    /// Fitting the parameters (`fsrs::compute_parameters`).
    Training,
    /// Evaluating the current, default and new parameters.
    Evaluating,
    /// Simulating study at a few desired retentions.
    Simulating,
    /// Searching for the retention with the least work per card remembered (`fsrs::optimal_retention`).
    Searching,
}

impl Stage {
    const ALL: [Stage; 5] = [Stage::Preparing, Stage::Training, Stage::Evaluating, Stage::Simulating, Stage::Searching];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Preparing => "Reading your reviews",
            Stage::Training => "Fitting the parameters",
            Stage::Evaluating => "Comparing the parameters",
            Stage::Simulating => "Simulating your study",
            Stage::Searching => "Searching for the best retention",
        }
    }

    /// The part of the whole job this stage takes, as fractions.
    fn span(self) -> (f32, f32) {
        match self {
            Stage::Preparing => (0.0, 0.05),
            Stage::Training => (0.05, 0.85),
            Stage::Evaluating => (0.85, 1.0),
            Stage::Simulating => (0.0, 0.4),
            Stage::Searching => (0.4, 1.0),
        }
    }
}

/// How far a job has got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobProgress {
    pub stage: Stage,
    /// Of the whole job, 0 to 1.
    pub fraction: f32,
}

/// What the work and its observers share: progress and the cancel flag. The command line makes one
/// with [`JobControl::new`] and runs the work on its own thread.
#[derive(Debug)]
pub struct JobControl {
    cancelled: AtomicBool,
    finished: AtomicBool,
    stage: AtomicU8,
    /// The fraction done of the current stage (`f32` bits).
    stage_fraction: AtomicU32,
    training: Arc<Mutex<CombinedProgressState>>,
}

impl Default for JobControl {
    fn default() -> Self {
        Self::new()
    }
}

impl JobControl {
    pub fn new() -> Self {
        Self {
            cancelled: AtomicBool::new(false),
            finished: AtomicBool::new(false),
            stage: AtomicU8::new(0),
            stage_fraction: AtomicU32::new(0),
            training: CombinedProgressState::new_shared(),
        }
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once cancelled: the work calls it between steps.
    pub fn check(&self) -> Result<(), OptimiseError> {
        if self.is_cancelled() { Err(OptimiseError::Cancelled) } else { Ok(()) }
    }

    pub fn set_stage(&self, stage: Stage, fraction: f32) {
        let index = Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0);
        self.stage.store(index as u8, Ordering::Relaxed);
        self.set_fraction(fraction);
    }

    /// Sets the fraction done of the current stage.
    pub fn set_fraction(&self, fraction: f32) {
        let f = if fraction.is_finite() { fraction.clamp(0.0, 1.0) } else { 0.0 };
        self.stage_fraction.store(f.to_bits(), Ordering::Relaxed);
    }

    pub fn progress(&self) -> JobProgress {
        let stage =
            Stage::ALL.get(usize::from(self.stage.load(Ordering::Relaxed))).copied().unwrap_or(Stage::Preparing);
        let within = f32::from_bits(self.stage_fraction.load(Ordering::Relaxed));
        let (from, to) = stage.span();
        let fraction = if self.finished.load(Ordering::Relaxed) { 1.0 } else { from + (to - from) * within };
        JobProgress { stage, fraction }
    }

    /// The progress state the `fsrs` trainer updates (and reads `want_abort` from).
    pub(super) fn training_progress(&self) -> Arc<Mutex<CombinedProgressState>> {
        Arc::clone(&self.training)
    }

    /// Copies the trainer's progress into the stage fraction and passes a cancel on to it. Takes the
    /// trainer's lock only if it is free (the trainer holds it for a moment after each batch).
    pub(super) fn sync_training(&self) {
        let Ok(mut t) = self.training.try_lock() else { return };
        if self.is_cancelled() {
            t.want_abort = true;
        }
        let stage = Stage::ALL.get(usize::from(self.stage.load(Ordering::Relaxed))).copied();
        if stage == Some(Stage::Training) && t.total() > 0 {
            self.set_fraction(t.current() as f32 / t.total() as f32);
        }
    }
}

/// Sets `finished` when the work ends, also by a panic.
struct Finish(Arc<JobControl>);

impl Drop for Finish {
    fn drop(&mut self) {
        self.0.finished.store(true, Ordering::Relaxed);
    }
}

/// A computation running on its own thread. Dropping the job cancels it (the thread ends at its next
/// check, without being waited for).
#[derive(Debug)]
pub struct Job<T> {
    control: Arc<JobControl>,
    result: Receiver<Result<T, OptimiseError>>,
    taken: bool,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread named `name`.
    pub fn start(
        name: &str,
        wake: Option<Box<dyn Fn() + Send>>,
        work: impl FnOnce(&JobControl) -> Result<T, OptimiseError> + Send + 'static,
    ) -> Self {
        let control = Arc::new(JobControl::new());
        let (tx, result) = mpsc::channel();
        let worker_control = Arc::clone(&control);
        let started = std::thread::Builder::new().name(name.to_owned()).spawn(move || {
            let finish = Finish(worker_control);
            let outcome = work(&finish.0);
            let _ = tx.send(outcome);
        });
        if let Err(e) = started {
            // The work never ran: the job ends at once with the reason.
            let (tx, rx) = mpsc::channel();
            let _ = tx.send(Err(OptimiseError::Thread(e.to_string())));
            control.finished.store(true, Ordering::Relaxed);
            return Self { control, result: rx, taken: false };
        }
        let watch = Arc::clone(&control);
        // Without the watcher the job still runs and ends; only its training progress and waking stop.
        let _ = std::thread::Builder::new().name(format!("{name}-progress")).spawn(move || watcher(&watch, wake));
        Self { control, result, taken: false }
    }

    /// How far it has got.
    pub fn progress(&self) -> JobProgress {
        self.control.progress()
    }

    /// Asks the work to stop; [`Job::try_result`] then gives `Err(Cancelled)` (or the result, if it had
    /// finished already).
    pub fn cancel(&self) {
        self.control.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancelled()
    }

    /// The outcome, once, when the work has ended; `None` while it runs (and after the outcome was
    /// taken). Never blocks.
    pub fn try_result(&mut self) -> Option<Result<T, OptimiseError>> {
        if self.taken {
            return None;
        }
        let outcome = match self.result.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(OptimiseError::Stopped),
        };
        self.taken = true;
        Some(outcome)
    }

    /// Waits for the outcome (tests and the command line).
    pub fn wait(self) -> Result<T, OptimiseError> {
        if self.taken {
            return Err(OptimiseError::Stopped);
        }
        self.result.recv().unwrap_or(Err(OptimiseError::Stopped))
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.control.cancel();
    }
}

/// Every 50 ms: the trainer's progress, a cancel passed on, and a wake when the figure moved by a
/// percent, the stage changed, or the work ended.
fn watcher(control: &JobControl, wake: Option<Box<dyn Fn() + Send>>) {
    let mut shown: Option<JobProgress> = None;
    loop {
        let finished = control.finished.load(Ordering::Relaxed);
        control.sync_training();
        let now = control.progress();
        let moved = shown.is_none_or(|s| s.stage != now.stage || (now.fraction - s.fraction).abs() >= 0.01);
        if let Some(w) = &wake
            && (moved || finished)
        {
            w();
        }
        if moved {
            shown = Some(now);
        }
        if finished {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
