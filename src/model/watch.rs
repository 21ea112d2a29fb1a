//! Watching open deck files for changes made outside the app (a text editor, a `git pull`).
//!
//! A [`DeckWatcher`] watches the directory of each file (editors save by writing a new file and
//! renaming it over the old one, which a watch on the file itself would lose) with the `notify`
//! crate. Events for a file are gathered until it has been quiet for [`DEBOUNCE`], then the file is
//! read and its content hash compared with the one the app knows (what it last read or wrote): the
//! same content, as after the app's own atomic save, reports nothing; new content reports
//! [`FileEvent::Changed`] with the bytes, a file gone reports [`FileEvent::Removed`]. Events arrive
//! on a channel ([`DeckWatcher::try_recv`]), and the optional wake callback is called after each one
//! (the UI passes a function that requests a repaint).
//!
//! To reload, hand the bytes to [`super::Library::reload`]: a file that became invalid gives its
//! `PATH:LINE:COLUMN` problems and the library keeps the last good version.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::deck_file::ContentHash;

/// How long a file must be quiet after a change before it is read.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// A watched file changed on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileEvent {
    /// The file has new content (not what the app last read or wrote).
    Changed { path: PathBuf, bytes: Vec<u8>, hash: ContentHash },
    /// The file is gone (deleted or renamed away).
    Removed { path: PathBuf },
    /// The file could not be read after a change.
    Unreadable { path: PathBuf, error: String },
}

impl FileEvent {
    /// The file, as it was given to [`DeckWatcher::watch`].
    pub fn path(&self) -> &Path {
        match self {
            FileEvent::Changed { path, .. } | FileEvent::Removed { path } | FileEvent::Unreadable { path, .. } => path,
        }
    }
}

/// Watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch files for changes: {0}")]
    Notify(#[from] notify::Error),
    #[error("cannot watch {}: {source}", path.display())]
    Path { path: PathBuf, source: std::io::Error },
    #[error("cannot start the file watcher thread: {0}")]
    Thread(std::io::Error),
}

/// What the watcher knows of a file.
#[derive(Debug, Clone)]
struct Known {
    /// The path as the caller gave it, used in events.
    given: PathBuf,
    /// The content the app has; `None` once the file was reported removed.
    hash: Option<ContentHash>,
}

type Files = Arc<Mutex<HashMap<PathBuf, Known>>>;

/// Watches deck files; see the module documentation.
pub struct DeckWatcher {
    watcher: RecommendedWatcher,
    files: Files,
    /// Watched directories and how many watched files each holds.
    dirs: HashMap<PathBuf, usize>,
    events: Receiver<FileEvent>,
    thread: Option<JoinHandle<()>>,
    touched: Option<Sender<Vec<PathBuf>>>,
}

impl std::fmt::Debug for DeckWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeckWatcher").field("dirs", &self.dirs).finish_non_exhaustive()
    }
}

impl DeckWatcher {
    /// Starts a watcher with no files. `wake` is called after each event is sent (from the watcher's
    /// thread).
    pub fn new(wake: Option<Box<dyn Fn() + Send>>) -> Result<Self, WatchError> {
        let (touched_tx, touched_rx) = mpsc::channel::<Vec<PathBuf>>();
        let (events_tx, events) = mpsc::channel();
        let files: Files = Arc::default();
        let notify_tx = touched_tx.clone();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(event) = res
                && !event.kind.is_access()
            {
                let _ = notify_tx.send(event.paths);
            }
        })?;
        let thread_files = Arc::clone(&files);
        let thread = std::thread::Builder::new()
            .name("deck-watcher".into())
            .spawn(move || debounce_loop(&touched_rx, &thread_files, &events_tx, wake.as_deref()))
            .map_err(WatchError::Thread)?;
        Ok(Self { watcher, files, dirs: HashMap::new(), events, thread: Some(thread), touched: Some(touched_tx) })
    }

    /// Watches `path`, whose content the app has just read (or written) with hash `hash`.
    pub fn watch(&mut self, path: &Path, hash: ContentHash) -> Result<(), WatchError> {
        let (dir, key) = keys(path).map_err(|source| WatchError::Path { path: path.to_path_buf(), source })?;
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        if files.insert(key, Known { given: path.to_path_buf(), hash: Some(hash) }).is_some() {
            return Ok(());
        }
        drop(files);
        if !self.dirs.contains_key(&dir)
            && let Err(e) = self.watcher.watch(&dir, RecursiveMode::NonRecursive)
        {
            if let Ok((_, key)) = keys(path) {
                self.files.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
            }
            return Err(e.into());
        }
        *self.dirs.entry(dir).or_insert(0) += 1;
        Ok(())
    }

    /// Stops watching `path`.
    pub fn unwatch(&mut self, path: &Path) {
        let Ok((dir, key)) = keys(path) else { return };
        if self.files.lock().unwrap_or_else(PoisonError::into_inner).remove(&key).is_none() {
            return;
        }
        if let Some(count) = self.dirs.get_mut(&dir) {
            *count -= 1;
            if *count == 0 {
                self.dirs.remove(&dir);
                let _ = self.watcher.unwatch(&dir);
            }
        }
    }

    /// Tells the watcher that the app itself wrote `path` with content hash `hash` (call it right
    /// after [`super::deck_file::save`], with [`super::deck_file::Saved::hash`]), or reloaded it: the
    /// change is not reported.
    pub fn note_content(&self, path: &Path, hash: ContentHash) {
        let Ok((_, key)) = keys(path) else { return };
        if let Some(k) = self.files.lock().unwrap_or_else(PoisonError::into_inner).get_mut(&key) {
            k.hash = Some(hash);
        }
    }

    /// The next event, if one is waiting.
    pub fn try_recv(&self) -> Option<FileEvent> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<FileEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Whether `path` is watched.
    pub fn is_watched(&self, path: &Path) -> bool {
        keys(path).is_ok_and(|(_, key)| self.files.lock().unwrap_or_else(PoisonError::into_inner).contains_key(&key))
    }
}

impl Drop for DeckWatcher {
    fn drop(&mut self) {
        // The thread ends when every sender is gone: ours now, notify's when the watcher field is
        // dropped right after this. It is not waited for (it may be in a debounce pause).
        self.touched = None;
        self.thread.take();
    }
}

/// The directory to watch and the key of the file: its directory made absolute and canonical (the
/// file itself may be gone), joined with its name.
fn keys(path: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    let name = path.file_name().ok_or_else(|| std::io::Error::other("not a file name"))?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = parent.canonicalize()?;
    let key = dir.join(name);
    Ok((dir, key))
}

fn debounce_loop(
    touched: &Receiver<Vec<PathBuf>>,
    files: &Files,
    events: &Sender<FileEvent>,
    wake: Option<&(dyn Fn() + Send)>,
) {
    let mut pending: HashMap<PathBuf, Instant> = HashMap::new();
    loop {
        let timeout = pending.values().min().map(|&t| (t + DEBOUNCE).saturating_duration_since(Instant::now()));
        let got = match timeout {
            Some(t) => touched.recv_timeout(t),
            None => touched.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match got {
            Ok(paths) => {
                let watched = files.lock().unwrap_or_else(PoisonError::into_inner);
                for p in paths {
                    if watched.contains_key(&p) {
                        pending.insert(p, Instant::now());
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let now = Instant::now();
        let due: Vec<PathBuf> = pending.iter().filter(|&(_, &t)| now >= t + DEBOUNCE).map(|(p, _)| p.clone()).collect();
        for key in due {
            pending.remove(&key);
            let event = check(&key, files);
            if let Some(event) = event {
                if events.send(event).is_err() {
                    return;
                }
                if let Some(wake) = wake {
                    wake();
                }
            }
        }
    }
}

/// Reads a file that was touched and says what changed, if anything.
fn check(key: &Path, files: &Files) -> Option<FileEvent> {
    let read = std::fs::read(key);
    let mut files = files.lock().unwrap_or_else(PoisonError::into_inner);
    let known = files.get_mut(key)?;
    let given = known.given.clone();
    match read {
        Ok(bytes) => {
            let hash = ContentHash::of(&bytes);
            if known.hash == Some(hash) {
                return None;
            }
            known.hash = Some(hash);
            Some(FileEvent::Changed { path: given, bytes, hash })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            known.hash.take()?;
            Some(FileEvent::Removed { path: given })
        }
        Err(e) => Some(FileEvent::Unreadable { path: given, error: e.to_string() }),
    }
}
