//! The window and view settings file (eframe's `app.ron`, a RON map of strings). eframe quietly
//! starts afresh from a file it cannot parse and later writes over it, which would lose the file; so
//! it is checked before the window opens, and one that cannot be read is moved aside (renamed to
//! `app.ron.unreadable-YYYYMMDD-HHMMSS`, never deleted) for the user to be told.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::progress::move_aside_file;
use super::scheduler::Timestamp;

/// A settings file that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsProblem {
    pub path: PathBuf,
    pub error: String,
    /// Where it was moved to; `None` if moving it failed too.
    pub moved_to: Option<PathBuf>,
}

impl SettingsProblem {
    pub fn message(&self) -> String {
        match &self.moved_to {
            Some(to) => format!(
                "Your window and view settings, {}, could not be read ({}). The file was moved to {} and the \
                 app starts with the default settings.",
                self.path.display(),
                self.error,
                to.display()
            ),
            None => format!(
                "Your window and view settings, {}, could not be read ({}), nor moved aside. The app starts \
                 with the default settings.",
                self.path.display(),
                self.error
            ),
        }
    }
}

/// Whether the bytes are a settings file eframe can read.
pub fn parse(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    ron::from_str::<HashMap<String, String>>(text).map(|_| ()).map_err(|e| e.to_string())
}

/// Checks the settings file at `path`; one that cannot be read is moved aside and reported. No file
/// (a first start) is fine.
pub fn keep_aside_if_unreadable(path: &Path, now: Timestamp) -> Option<SettingsProblem> {
    let error = match std::fs::read(path) {
        Ok(bytes) => parse(&bytes).err()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => e.to_string(),
    };
    Some(SettingsProblem { path: path.to_path_buf(), error, moved_to: move_aside_file(path, now) })
}
