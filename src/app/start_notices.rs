//! Problems found before the window opens (an unreadable settings file moved aside), kept here until
//! the app is built and can show them as notices.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::model::settings_file::keep_aside_if_unreadable;

static PENDING: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The settings file eframe uses for this app (`$XDG_DATA_HOME/kz-civics/app.ron` on Linux).
pub fn settings_path() -> Option<PathBuf> {
    eframe::storage_dir(super::APP_ID).map(|d| d.join("app.ron"))
}

/// Checks the settings file at `path` (moving an unreadable one aside) and keeps what to tell the
/// user for the app being built next.
pub fn check_settings(path: &Path) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    if let Some(problem) = keep_aside_if_unreadable(path, now) {
        PENDING.lock().unwrap_or_else(|e| e.into_inner()).push(problem.message());
    }
}

/// What was found before the window opened, once.
pub fn take() -> Vec<String> {
    std::mem::take(&mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()))
}
