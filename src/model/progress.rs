//! Study progress on disk: every card's schedule and review history, keyed by deck id and card id.
//!
//! Progress lives in the directory `progress/` under the user's data directory, split over
//! [`SHARDS`] files `cards-00.json` .. `cards-15.json`; a card's file is fixed by a hash of its deck id
//! and card id. Each file holds a format name, a format version, and one record per reviewed card
//! (deck id, card id, schedule, reviews). After a grade only the file holding that card is written, so
//! saving stays fast however long the history grows (100,000 cards with a year of reviews make 33 MB).
//!
//! Every file is written atomically: a temporary file in the same directory, flushed and synced, then
//! renamed over the old one, so a crash or a power cut leaves the old file or the new one, never half of
//! one. Leftover temporary files are ignored. A file that cannot be read is moved aside under a
//! timestamped name, never deleted, and the cards it held start fresh. Records of cards that no longer
//! exist are kept (the card may come back) and ignored.
//!
//! Saving happens on a background thread ([`ProgressWriter`]) that keeps its own copy of the progress,
//! updated by small messages, so the UI thread never serialises or waits for the disk.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::scheduler::{Phase, Rating, Schedule, Timestamp};

/// The directory, under the data directory, that holds the progress files.
pub const DIR_NAME: &str = "progress";
/// How many files progress is split over.
pub const SHARDS: usize = 16;
pub const FORMAT_NAME: &str = "kz-civics-progress";
/// The version this app writes; it reads every version up to this one.
pub const FORMAT_VERSION: u32 = 1;

/// One review: when, and the grade (1 Again ..= 4 Easy). Stored as `[time, grade]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review(pub Timestamp, pub u8);

impl Review {
    pub fn new(at: Timestamp, rating: Rating) -> Self {
        Review(at, rating.number())
    }

    pub fn at(self) -> Timestamp {
        self.0
    }

    pub fn rating(self) -> Option<Rating> {
        Rating::from_number(self.1)
    }
}

/// A card's schedule and history. The default (no schedule, no reviews) is a new card.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardProgress {
    pub schedule: Option<Schedule>,
    pub reviews: Vec<Review>,
}

impl CardProgress {
    pub fn is_new(&self) -> bool {
        self.schedule.is_none()
    }
}

/// The index of a card's record in a [`Progress`]; stable for the life of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecordId(u32);

#[derive(Debug, Clone, PartialEq)]
struct Record {
    deck: String,
    card: String,
    progress: CardProgress,
}

/// Every card's progress. Records are never removed: a card set back to new (by undo) keeps a record
/// with no schedule, which is not written to the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    records: Vec<Record>,
    index: HashMap<String, HashMap<String, RecordId>>,
    /// The records of each file.
    shards: Vec<Vec<RecordId>>,
}

impl Default for Progress {
    fn default() -> Self {
        Self { records: Vec::new(), index: HashMap::new(), shards: vec![Vec::new(); SHARDS] }
    }
}

/// The file (0 .. [`SHARDS`]) that holds a card's record: FNV-1a of its keys, stable across runs.
pub fn shard_of(deck: &str, card: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in deck.bytes().chain([0]).chain(card.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    (h % SHARDS as u64) as usize
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn id_of(&self, deck: &str, card: &str) -> Option<RecordId> {
        self.index.get(deck)?.get(card).copied()
    }

    pub fn get(&self, id: RecordId) -> &CardProgress {
        &self.records[id.0 as usize].progress
    }

    pub fn card(&self, deck: &str, card: &str) -> Option<&CardProgress> {
        self.id_of(deck, card).map(|id| self.get(id))
    }

    /// Sets a card's progress, adding a record if it has none.
    pub fn set(&mut self, deck: &str, card: &str, progress: CardProgress) -> RecordId {
        match self.id_of(deck, card) {
            Some(id) => {
                self.records[id.0 as usize].progress = progress;
                id
            }
            None => {
                let id = RecordId(self.records.len() as u32);
                self.records.push(Record { deck: deck.to_owned(), card: card.to_owned(), progress });
                self.index.entry(deck.to_owned()).or_default().insert(card.to_owned(), id);
                self.shards[shard_of(deck, card)].push(id);
                id
            }
        }
    }

    /// Every record: deck id, card id, progress.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &CardProgress)> {
        self.records.iter().map(|r| (r.deck.as_str(), r.card.as_str(), &r.progress))
    }

    /// Changes every record in place (keys stay as they are).
    pub fn update_each(&mut self, mut f: impl FnMut(&str, &str, &mut CardProgress)) {
        for r in &mut self.records {
            f(&r.deck, &r.card, &mut r.progress);
        }
    }

    /// Cards that have been reviewed.
    pub fn len(&self) -> usize {
        self.records.iter().filter(|r| !r.progress.is_new()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn review_count(&self) -> usize {
        self.records.iter().map(|r| r.progress.reviews.len()).sum()
    }

    /// The text of file `shard`: the records of the cards it holds that have been reviewed.
    pub fn shard_json(&self, shard: usize) -> Vec<u8> {
        let ids = self.shards.get(shard).map(Vec::as_slice).unwrap_or_default();
        let file = FileOut {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            cards: ids
                .iter()
                .map(|id| &self.records[id.0 as usize])
                .filter_map(|r| {
                    r.progress.schedule.as_ref().map(|s| RecordOut {
                        deck: &r.deck,
                        card: &r.card,
                        phase: s.phase,
                        step: s.step,
                        stability: s.stability,
                        difficulty: s.difficulty,
                        due: s.due,
                        last_review: s.last_review,
                        reviews: &r.progress.reviews,
                    })
                })
                .collect(),
        };
        // Serialising plain structs into memory cannot fail; an empty file would be refused on load.
        serde_json::to_vec(&file).unwrap_or_default()
    }

    /// Adds the records of one file's text; `Err` says what is wrong with it (and nothing is added).
    pub fn read_json(&mut self, bytes: &[u8]) -> Result<(), String> {
        let records = parse_file(bytes)?;
        for (deck, card, progress) in records {
            self.set(&deck, &card, progress);
        }
        Ok(())
    }
}

/// The records of a file's text.
fn parse_file(bytes: &[u8]) -> Result<Vec<(String, String, CardProgress)>, String> {
    let head: FileHead = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if head.format != FORMAT_NAME {
        return Err(format!("it is not a KZ Civics progress file (format {:?})", head.format));
    }
    if head.version == 0 || head.version > FORMAT_VERSION {
        return Err(format!(
            "it has format version {}, and this version of KZ Civics reads versions 1 to {FORMAT_VERSION}",
            head.version
        ));
    }
    let file: FileIn = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(file.cards.len());
    for (i, r) in file.cards.into_iter().enumerate() {
        if let Some(problem) = record_problem(&r) {
            return Err(format!("card record {} ({} / {}): {problem}", i + 1, r.deck, r.card));
        }
        let schedule = Schedule {
            phase: r.phase,
            step: r.step,
            stability: r.stability,
            difficulty: r.difficulty,
            due: r.due,
            last_review: r.last_review,
        };
        out.push((r.deck, r.card, CardProgress { schedule: Some(schedule), reviews: r.reviews }));
    }
    Ok(out)
}

fn record_problem(r: &RecordIn) -> Option<String> {
    let s = r;
    if !(s.stability.is_finite() && s.stability > 0.0) {
        return Some(format!("stability {} is not a positive number", s.stability));
    }
    if !(s.difficulty.is_finite() && (1.0..=10.0).contains(&s.difficulty)) {
        return Some(format!("difficulty {} is not between 1 and 10", s.difficulty));
    }
    if let Some(bad) = r.reviews.iter().find(|v| v.rating().is_none()) {
        return Some(format!("grade {} is not 1 to 4", bad.1));
    }
    let times = [s.due, s.last_review].into_iter().chain(r.reviews.iter().map(|v| v.at()));
    if let Some(t) = times.into_iter().find(|t| !(0..=LATEST).contains(t)) {
        return Some(format!("time {t} is not between 1970 and 9999"));
    }
    None
}

/// 9999-12-31 23:59:59 UTC: no time in a progress file is later.
const LATEST: Timestamp = 253_402_300_799;

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    cards: Vec<RecordOut<'a>>,
}

/// One card's record: its keys, its [`Schedule`] and its reviews.
#[derive(Serialize)]
struct RecordOut<'a> {
    deck: &'a str,
    card: &'a str,
    phase: Phase,
    step: Option<u32>,
    stability: f64,
    difficulty: f64,
    due: Timestamp,
    last_review: Timestamp,
    reviews: &'a [Review],
}

#[derive(Deserialize)]
struct FileHead {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct FileIn {
    cards: Vec<RecordIn>,
}

#[derive(Deserialize)]
struct RecordIn {
    deck: String,
    card: String,
    phase: Phase,
    #[serde(default)]
    step: Option<u32>,
    stability: f64,
    difficulty: f64,
    due: Timestamp,
    last_review: Timestamp,
    #[serde(default)]
    reviews: Vec<Review>,
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub progress: Progress,
    /// Files that could not be read; the cards they held start fresh.
    pub problems: Vec<LoadProblem>,
}

impl Loaded {
    /// Whether saving may go ahead: every unreadable file was moved out of the way.
    pub fn can_save(&self) -> bool {
        self.problems.iter().all(|p| p.moved_to.is_some())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadProblem {
    pub path: PathBuf,
    /// What was wrong with it.
    pub error: String,
    /// Where it was moved to; `None` if moving it failed too (then nothing must be saved over it).
    pub moved_to: Option<PathBuf>,
}

impl LoadProblem {
    /// The message for the user.
    pub fn message(&self) -> String {
        match &self.moved_to {
            Some(to) => format!(
                "Part of your study progress, {}, could not be read ({}). It was moved to {} and the cards it \
                 held start fresh.",
                self.path.display(),
                self.error,
                to.display()
            ),
            None => format!(
                "Part of your study progress, {}, could not be read ({}), nor moved aside. Progress will not be \
                 saved in this session, so that the file stays as it is.",
                self.path.display(),
                self.error
            ),
        }
    }
}

/// The directory of the progress files under the data directory `dir`.
pub fn progress_dir(dir: &Path) -> PathBuf {
    dir.join(DIR_NAME)
}

/// The path of progress file `shard`.
pub fn shard_path(dir: &Path, shard: usize) -> PathBuf {
    progress_dir(dir).join(format!("cards-{shard:02}.json"))
}

/// Loads the progress files under the data directory `dir`. Missing files are a fresh start; an
/// unreadable one is moved aside (to `cards-NN.json.unreadable-YYYYMMDD-HHMMSS`) and reported. Other
/// files in the directory, such as temporary files left by an interrupted save, are ignored.
pub fn load(dir: &Path, now: Timestamp) -> Loaded {
    let mut loaded = Loaded::default();
    // A file where the progress folder should be: one problem, not one per progress file, and moved
    // aside like an unreadable progress file so that saving can make the folder.
    let folder = progress_dir(dir);
    if folder.exists() && !folder.is_dir() {
        loaded.problems.push(move_aside(&folder, "it is a file, not a folder".to_owned(), now));
        return loaded;
    }
    for shard in 0..SHARDS {
        let path = shard_path(dir, shard);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                loaded.problems.push(move_aside(&path, e.to_string(), now));
                continue;
            }
        };
        match parse_file(&bytes) {
            Ok(records) => {
                for (deck, card, progress) in records {
                    loaded.progress.set(&deck, &card, progress);
                }
            }
            Err(error) => loaded.problems.push(move_aside(&path, error, now)),
        }
    }
    loaded
}

fn move_aside(path: &Path, error: String, now: Timestamp) -> LoadProblem {
    LoadProblem { path: path.to_path_buf(), error, moved_to: move_aside_file(path, now) }
}

/// Renames the file at `path` to `NAME.unreadable-YYYYMMDD-HHMMSS` (with `-1`, `-2` .. if that is
/// taken) beside it, never over another file. Where it went, or `None` if renaming failed.
pub fn move_aside_file(path: &Path, now: Timestamp) -> Option<PathBuf> {
    let stamp = utc_stamp(now);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut target = path.with_file_name(format!("{name}.unreadable-{stamp}"));
    let mut n = 1;
    while target.exists() {
        target = path.with_file_name(format!("{name}.unreadable-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(path, &target).ok().map(|()| target)
}

/// `20240605-142300` (UTC).
pub fn utc_stamp(t: Timestamp) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}{m:02}{d:02}-{:02}{:02}{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed and synced to
/// disk, then renamed over `path` (and the directory synced, so the rename itself survives a power cut).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        #[cfg(unix)]
        if let Ok(d) = File::open(dir) {
            // Best effort: some file systems refuse to sync a directory.
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Saves every progress file under the data directory `dir`, each atomically.
pub fn save(dir: &Path, progress: &Progress) -> io::Result<()> {
    (0..SHARDS).try_for_each(|shard| save_shard(dir, progress, shard))
}

/// Saves progress file `shard` (the one holding the cards with [`shard_of`] equal to it), atomically.
pub fn save_shard(dir: &Path, progress: &Progress, shard: usize) -> io::Result<()> {
    write_atomic(&shard_path(dir, shard), &progress.shard_json(shard))
}

enum Message {
    Set {
        deck: String,
        card: String,
        progress: CardProgress,
    },
    /// All of the progress changed (new scheduling parameters recomputed every memory state).
    Replace(Box<Progress>),
    Flush(Sender<()>),
}

/// The result of a background save, for the UI to report.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    Saved,
    Failed(String),
}

/// Saves progress on a background thread. It holds a copy of the progress, kept up to date by
/// [`ProgressWriter::set`], and writes the file after every change (changes arriving together are
/// written once). Dropping the writer writes what is pending and waits for it.
pub struct ProgressWriter {
    tx: Option<Sender<Message>>,
    outcomes: Receiver<SaveOutcome>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for ProgressWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProgressWriter").finish_non_exhaustive()
    }
}

impl ProgressWriter {
    /// Starts the writer for the progress files under the data directory `dir`. `wake` is called when a save fails (to repaint
    /// the UI so that it shows the failure).
    pub fn start(dir: PathBuf, progress: Progress, wake: Box<dyn Fn() + Send>) -> io::Result<Self> {
        let (tx, rx) = mpsc::channel::<Message>();
        let (out_tx, outcomes) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("progress-writer".into())
            .spawn(move || writer_loop(&dir, progress, &rx, &out_tx, &*wake))?;
        Ok(Self { tx: Some(tx), outcomes, thread: Some(thread) })
    }

    /// Records a card's new progress; it is written to disk at once, off this thread.
    pub fn set(&self, deck: &str, card: &str, progress: CardProgress) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Message::Set { deck: deck.to_owned(), card: card.to_owned(), progress });
        }
    }

    /// Replaces all of the progress; every file is rewritten, off this thread.
    pub fn replace(&self, progress: Progress) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Message::Replace(Box::new(progress)));
        }
    }

    /// Waits up to `timeout` until everything sent so far is on disk. False if that took too long.
    pub fn flush(&self, timeout: Duration) -> bool {
        let Some(tx) = &self.tx else { return true };
        let (done_tx, done) = mpsc::channel();
        if tx.send(Message::Flush(done_tx)).is_err() {
            return false;
        }
        done.recv_timeout(timeout).is_ok()
    }

    /// Outcomes of saves since the last call.
    pub fn outcomes(&self) -> Vec<SaveOutcome> {
        self.outcomes.try_iter().collect()
    }
}

impl Drop for ProgressWriter {
    fn drop(&mut self) {
        // Closing the channel makes the thread write what is pending and end.
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// How long the writer waits before it tries again to save a file that could not be saved, at first
/// and at most (the wait doubles after each failure in a row).
pub const RETRY_FIRST: Duration = Duration::from_secs(2);
pub const RETRY_MOST: Duration = Duration::from_secs(60);

fn writer_loop(
    dir: &Path,
    mut progress: Progress,
    rx: &Receiver<Message>,
    outcomes: &Sender<SaveOutcome>,
    wake: &dyn Fn(),
) {
    let mut waiting: Vec<Sender<()>> = Vec::new();
    let mut dirty = [false; SHARDS];
    // After a failed save the files stay marked and are tried again after `retry`, so that progress
    // kept in memory reaches the disk once the folder is writable (or has room) again.
    let mut retry: Option<Duration> = None;
    loop {
        let first = match retry {
            None => rx.recv().ok(),
            // A time-out is the moment to try again; a closed channel is found below.
            Some(wait) => rx.recv_timeout(wait).ok(),
        };
        let mut closed = false;
        match first {
            Some(m) => apply(&mut progress, m, &mut dirty, &mut waiting),
            None if retry.is_none() => return,
            None => {}
        }
        loop {
            match rx.try_recv() {
                Ok(m) => apply(&mut progress, m, &mut dirty, &mut waiting),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        // One outcome a round: the first failure, or that everything was saved.
        let mut failure: Option<String> = None;
        for (shard, dirty) in dirty.iter_mut().enumerate() {
            if !*dirty {
                continue;
            }
            match save_shard(dir, &progress, shard) {
                Ok(()) => *dirty = false,
                Err(e) => {
                    failure.get_or_insert_with(|| {
                        format!(
                            "Could not save study progress to {}: {e}. Your progress is kept in memory and \
                             saving is tried again every few seconds; free some space or make the folder \
                             writable.",
                            shard_path(dir, shard).display()
                        )
                    });
                }
            }
        }
        let failed_any = failure.is_some();
        let _ = outcomes.send(failure.map_or(SaveOutcome::Saved, SaveOutcome::Failed));
        // Wake the UI on a failure, and on the save that ends a run of failures.
        if failed_any || retry.is_some() {
            wake();
        }
        retry = if failed_any { Some(retry.map_or(RETRY_FIRST, |r| (r * 2).min(RETRY_MOST))) } else { None };
        for w in waiting.drain(..) {
            let _ = w.send(());
        }
        if closed {
            return;
        }
    }
}

/// Applies a message, marking the file it changes.
fn apply(progress: &mut Progress, m: Message, dirty: &mut [bool; SHARDS], waiting: &mut Vec<Sender<()>>) {
    match m {
        Message::Set { deck, card, progress: p } => {
            dirty[shard_of(&deck, &card)] = true;
            progress.set(&deck, &card, p);
        }
        Message::Replace(p) => {
            *progress = *p;
            dirty.fill(true);
        }
        Message::Flush(done) => waiting.push(done),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_spread_over_every_file() {
        let mut seen = [0; SHARDS];
        for i in 0..1600 {
            seen[shard_of("deck", &format!("card-{i}"))] += 1;
        }
        assert!(seen.iter().all(|&n| n > 50), "{seen:?}");
        assert_eq!(shard_of("structure", "ap-formed"), shard_of("structure", "ap-formed"));
    }

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_879), (2024, 6, 5));
        assert_eq!(utc_stamp(1_717_597_380), "20240605-142300");
    }
}
