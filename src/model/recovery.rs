//! Recovery files: a deck with unsaved edits, kept on disk so that a crash loses none of them.
//!
//! While a deck has unsaved changes the app writes it (a few seconds after the last edit, off the UI
//! thread) to `recovery/` under the data directory, beside `progress/`: one JSON file per open deck,
//! with a format name and version, the deck as edited, the file it belongs to (none for a deck never
//! saved) and the hash of that file's content when the edits began, so that the next start can offer
//! the edits back and tell whether the file changed meanwhile. Saving or discarding the deck removes
//! its recovery file.
//!
//! Every file is written atomically (temporary file, fsync, rename). A recovery file that cannot be
//! read is moved aside under a timestamped name (`<name>.unreadable-YYYYMMDD-HHMMSS`), never deleted,
//! and reported.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::deck::Deck;
use super::deck_file::ContentHash;
use super::progress::{utc_stamp, write_atomic};
use super::scheduler::Timestamp;

/// The directory, under the data directory, that holds recovery files.
pub const DIR_NAME: &str = "recovery";
pub const FORMAT_NAME: &str = "kz-civics-recovery";
/// The version this app writes; it reads every version up to this one.
pub const FORMAT_VERSION: u32 = 1;

/// A deck with unsaved edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    /// The deck as edited.
    pub deck: Deck,
    /// The deck file the edits belong to; `None` for a deck never saved (new, imported, duplicated).
    pub path: Option<PathBuf>,
    /// The hash of that file's content as the app last read or saved it: if the file now hashes
    /// differently, it changed on disk since, and the UI should ask before saving over it.
    pub base_hash: Option<ContentHash>,
    /// When this was written (seconds since 1970, UTC).
    pub written_at: Timestamp,
}

impl Recovery {
    /// Whether the deck's file on disk differs from the one the edits were made on (changed, or gone),
    /// so that restoring the edits should ask before saving over it. `false` for a deck without a file.
    pub fn file_changed_since(&self) -> bool {
        match (&self.path, self.base_hash) {
            (Some(path), Some(hash)) => fs::read(path).map_or(true, |bytes| ContentHash::of(&bytes) != hash),
            (Some(path), None) => path.exists(),
            (None, _) => false,
        }
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    #[serde(flatten)]
    recovery: &'a Recovery,
}

#[derive(Deserialize)]
struct FileHead {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(flatten)]
    recovery: Recovery,
}

/// The recovery directory under the data directory `data_dir`.
pub fn recovery_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(DIR_NAME)
}

/// The recovery file of a deck: named after its id, with a hash of its id and path so that two
/// decks never share a file (`structure-1f2e3d4c.json`).
pub fn file_for(data_dir: &Path, deck_id: &str, path: Option<&Path>) -> PathBuf {
    let key = format!("{deck_id}\0{}", path.map(|p| p.display().to_string()).unwrap_or_default());
    let hash = ContentHash::of(key.as_bytes()).0 as u32;
    let readable: String = deck_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .take(40)
        .collect();
    recovery_dir(data_dir).join(format!("{readable}-{hash:08x}.json"))
}

/// Writes `recovery` to its file (see [`file_for`]) atomically and returns the file's path.
pub fn write(data_dir: &Path, recovery: &Recovery) -> io::Result<PathBuf> {
    let path = file_for(data_dir, &recovery.deck.id, recovery.path.as_deref());
    let bytes = serde_json::to_vec(&FileOut { format: FORMAT_NAME, version: FORMAT_VERSION, recovery })
        .map_err(io::Error::other)?;
    write_atomic(&path, &bytes)?;
    Ok(path)
}

/// Removes a deck's recovery file (after it was saved, or its edits discarded). No file is fine.
pub fn discard(data_dir: &Path, deck_id: &str, path: Option<&Path>) -> io::Result<()> {
    discard_file(&file_for(data_dir, deck_id, path))
}

/// Removes one recovery file by its path (as [`read_all`] lists it). No file is fine.
pub fn discard_file(file: &Path) -> io::Result<()> {
    match fs::remove_file(file) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// What [`read_all`] found.
#[derive(Debug, Default)]
pub struct Found {
    /// Each readable recovery file with what it holds, oldest first.
    pub recovered: Vec<(PathBuf, Recovery)>,
    /// Files that could not be read; each was moved aside.
    pub problems: Vec<RecoveryProblem>,
}

/// A recovery file that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryProblem {
    pub path: PathBuf,
    pub error: String,
    /// Where it was moved to; `None` if moving it failed too.
    pub moved_to: Option<PathBuf>,
}

impl RecoveryProblem {
    /// The message for the user.
    pub fn message(&self) -> String {
        match &self.moved_to {
            Some(to) => format!(
                "Unsaved edits kept from an earlier session, {}, could not be read ({}). The file was moved to {}.",
                self.path.display(),
                self.error,
                to.display()
            ),
            None => format!(
                "Unsaved edits kept from an earlier session, {}, could not be read ({}), nor moved aside.",
                self.path.display(),
                self.error
            ),
        }
    }
}

/// Reads one recovery file's bytes.
pub fn parse(bytes: &[u8]) -> Result<Recovery, String> {
    let head: FileHead = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if head.format != FORMAT_NAME {
        return Err(format!("it is not a KZ Civics recovery file (format {:?})", head.format));
    }
    if head.version == 0 || head.version > FORMAT_VERSION {
        return Err(format!(
            "it has format version {}, and this version of KZ Civics reads versions 1 to {FORMAT_VERSION}",
            head.version
        ));
    }
    let file: FileIn = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    Ok(file.recovery)
}

/// Every recovery file under the data directory `data_dir` (none when the directory does not exist).
/// An unreadable one is moved aside with a timestamp (`now`) and reported; temporary files left by an
/// interrupted write and files moved aside earlier are ignored.
pub fn read_all(data_dir: &Path, now: Timestamp) -> Found {
    let mut found = Found::default();
    let dir = recovery_dir(data_dir);
    let Ok(entries) = fs::read_dir(&dir) else { return found };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    for path in files {
        let result = fs::read(&path).map_err(|e| e.to_string()).and_then(|b| parse(&b));
        match result {
            Ok(r) => found.recovered.push((path, r)),
            Err(error) => {
                let moved_to = move_aside(&path, now);
                found.problems.push(RecoveryProblem { path, error, moved_to });
            }
        }
    }
    found.recovered.sort_by_key(|(p, r)| (r.written_at, p.clone()));
    found
}

fn move_aside(path: &Path, now: Timestamp) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let stamp = utc_stamp(now);
    let mut target = path.with_file_name(format!("{name}.unreadable-{stamp}"));
    let mut n = 1;
    while target.exists() {
        target = path.with_file_name(format!("{name}.unreadable-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(path, &target).ok().map(|()| target)
}
