//! The Settings window's state: how the app looks (theme, UI scale), remembered between runs, and the
//! background jobs of Settings > Scheduling (optimising the scheduling parameters, suggesting a desired
//! retention). It changes only through [`AppState::handle`] with [`SettingsCommand`]s; the drawing is in
//! `views/settings.rs`. The other settings the window shows (new cards per day, desired retention, the
//! typed answers' leniency) belong to the study and quiz states and are changed by their commands.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde::{Deserialize, Serialize};

use super::chart::{CameraMove, ChartSettings, ChartState};
use super::state::{AppState, Command};
use super::stats::StatsSettings;
use crate::model::optimise::{Job, JobProgress, OptimiseError, Optimised, RetentionAdvice};
use crate::model::study::StudyCommand;

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Light or dark as the operating system says (dark where it says nothing).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Follow the system",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// How the app looks, remembered between runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LookSettings {
    pub theme: Theme,
    /// The UI's zoom factor (egui's `zoom_factor`): 1.0 is the normal size.
    pub ui_scale: f32,
}

impl Default for LookSettings {
    fn default() -> Self {
        Self { theme: Theme::System, ui_scale: 1.0 }
    }
}

/// One press of Ctrl+= or Ctrl+- changes the scale by this much.
pub const SCALE_STEP: f32 = 0.1;
pub const MIN_SCALE: f32 = 0.5;
pub const MAX_SCALE: f32 = 3.0;

/// A usable scale: finite, within [`MIN_SCALE`] ..= [`MAX_SCALE`], to a hundredth.
pub fn clamp_scale(scale: f32) -> f32 {
    if !scale.is_finite() {
        return 1.0;
    }
    ((scale * 100.0).round() / 100.0).clamp(MIN_SCALE, MAX_SCALE)
}

/// The parts of the Settings window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SettingsTab {
    #[default]
    General,
    Scheduling,
}

impl SettingsTab {
    pub const ALL: [SettingsTab; 2] = [SettingsTab::General, SettingsTab::Scheduling];

    pub fn label(self) -> &'static str {
        match self {
            SettingsTab::General => "General",
            SettingsTab::Scheduling => "Scheduling",
        }
    }
}

/// What the Settings window can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsCommand {
    Open,
    Close,
    ShowTab(SettingsTab),
    SetTheme(Theme),
    SetScale(f32),
    ScaleUp,
    ScaleDown,
    ResetScale,
    /// Opens the data folder in the platform's file manager.
    OpenDataFolder,
    /// Theme, scale, the chart's view (collapsed boxes, year, relations, overlay) and the Stats view's
    /// range and scope back to their defaults; progress and study settings stay.
    ResetViewSettings,
    StartOptimising,
    CancelOptimising,
    /// Applies the optimised parameters (only when they predict better).
    AcceptOptimised,
    /// Keeps the current parameters and forgets the outcome.
    DiscardOptimised,
    StartSuggesting,
    CancelSuggesting,
}

/// A background job of Settings > Scheduling, from start to outcome.
#[derive(Debug, Default)]
pub enum Run<T> {
    #[default]
    Idle,
    Running(Job<T>),
    Done(T),
    /// It ended without an outcome: cancelled or failed (the sentence to show).
    Ended(String),
}

impl<T: Send + 'static> Run<T> {
    pub fn is_running(&self) -> bool {
        matches!(self, Run::Running(_))
    }

    /// How far a running job has got, and whether it was asked to stop.
    pub fn progress(&self) -> Option<(JobProgress, bool)> {
        match self {
            Run::Running(job) => Some((job.progress(), job.is_cancelled())),
            _ => None,
        }
    }

    pub fn done(&self) -> Option<&T> {
        match self {
            Run::Done(t) => Some(t),
            _ => None,
        }
    }

    pub fn ended(&self) -> Option<&str> {
        match self {
            Run::Ended(s) => Some(s),
            _ => None,
        }
    }

    fn cancel(&self) {
        if let Run::Running(job) = self {
            job.cancel();
        }
    }

    /// Takes a finished job's outcome; `cancelled` is what to say when it was cancelled.
    fn poll(&mut self, cancelled: &str) {
        let Run::Running(job) = self else { return };
        let Some(outcome) = job.try_result() else { return };
        // Cancel pressed as the job was finishing: what the user asked for is what happens.
        let asked_to_stop = job.is_cancelled();
        *self = match outcome {
            Ok(_) if asked_to_stop => Run::Ended(cancelled.to_owned()),
            Ok(t) => Run::Done(t),
            Err(OptimiseError::Cancelled) => Run::Ended(cancelled.to_owned()),
            Err(e) => Run::Ended(capitalise(&e.to_string())),
        };
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

pub const OPTIMISE_CANCELLED: &str = "Optimising was cancelled; the parameters are unchanged.";
pub const SUGGEST_CANCELLED: &str = "The retention suggestion was cancelled.";

/// The Settings window's state.
#[derive(Debug, Default)]
pub struct SettingsState {
    pub open: bool,
    pub tab: SettingsTab,
    pub look: LookSettings,
    pub optimise: Run<Optimised>,
    pub retention: Run<RetentionAdvice>,
    /// Why the data folder could not be opened, the last time it was tried.
    pub folder_error: Option<String>,
    folder: Option<mpsc::Receiver<Result<(), String>>>,
}

impl SettingsState {
    pub fn new(look: LookSettings) -> Self {
        Self { look: LookSettings { ui_scale: clamp_scale(look.ui_scale), ..look }, ..Self::default() }
    }

    /// Whether a background job runs (the UI is woken by the job itself, not by polling).
    pub fn busy(&self) -> bool {
        self.optimise.is_running() || self.retention.is_running()
    }

    /// Takes the outcomes of finished jobs; called once per frame (reads atomics and channels only).
    pub fn poll(&mut self) {
        self.optimise.poll(OPTIMISE_CANCELLED);
        self.retention.poll(SUGGEST_CANCELLED);
        if let Some(rx) = &self.folder {
            match rx.try_recv() {
                Ok(r) => {
                    self.folder_error = r.err();
                    self.folder = None;
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => self.folder = None,
            }
        }
    }
}

impl AppState {
    /// Applies a [`SettingsCommand`] (through [`AppState::handle`]).
    pub(super) fn handle_settings(&mut self, command: SettingsCommand) {
        let look = &mut self.settings.look;
        match command {
            SettingsCommand::Open => self.settings.open = true,
            SettingsCommand::Close => self.settings.open = false,
            SettingsCommand::ShowTab(tab) => {
                self.settings.open = true;
                self.settings.tab = tab;
            }
            SettingsCommand::SetTheme(theme) => look.theme = theme,
            SettingsCommand::SetScale(s) => look.ui_scale = clamp_scale(s),
            SettingsCommand::ScaleUp => look.ui_scale = clamp_scale(look.ui_scale + SCALE_STEP),
            SettingsCommand::ScaleDown => look.ui_scale = clamp_scale(look.ui_scale - SCALE_STEP),
            SettingsCommand::ResetScale => look.ui_scale = 1.0,
            SettingsCommand::OpenDataFolder => self.open_data_folder(),
            SettingsCommand::ResetViewSettings => self.reset_view_settings(),
            SettingsCommand::StartOptimising => {
                if !self.settings.optimise.is_running() && self.study.history_summary().is_enough() {
                    self.settings.optimise = Run::Running(self.study.start_optimising(self.waker()));
                }
            }
            SettingsCommand::CancelOptimising => self.settings.optimise.cancel(),
            SettingsCommand::AcceptOptimised => {
                let accepted = self.settings.optimise.done().and_then(Optimised::accepted);
                if let Some(saved) = accepted {
                    self.settings.optimise = Run::Idle;
                    self.handle(Command::Study(StudyCommand::ApplyParameters(saved)));
                    // Workloads simulated with the old parameters no longer hold.
                    if !self.settings.retention.is_running() {
                        self.settings.retention = Run::Idle;
                    }
                }
            }
            SettingsCommand::DiscardOptimised => {
                if !self.settings.optimise.is_running() {
                    self.settings.optimise = Run::Idle;
                }
            }
            SettingsCommand::StartSuggesting => {
                if !self.settings.retention.is_running() {
                    self.settings.retention = Run::Running(self.study.start_suggesting_retention(self.waker()));
                }
            }
            SettingsCommand::CancelSuggesting => self.settings.retention.cancel(),
        }
    }

    fn reset_view_settings(&mut self) {
        self.settings.look = LookSettings::default();
        let seq = self.chart.camera.seq;
        self.chart = ChartState::new(&self.library.chart, ChartSettings::default());
        // A camera request the view has not seen yet, so that it goes back to the first view.
        self.chart.camera.seq = seq;
        self.chart.move_camera(CameraMove::Reset);
        self.stats.settings = StatsSettings::default();
        self.notices.push(super::state::Notice::info(
            "View settings reset: theme, scale, the chart's view and the Stats range. Progress and study settings are unchanged.",
        ));
    }

    fn open_data_folder(&mut self) {
        let Some(dir) = self.data_dir.clone() else {
            self.settings.folder_error =
                Some("There is no data folder: progress is kept in memory only in this session.".to_owned());
            return;
        };
        self.settings.folder_error = None;
        let (tx, rx) = mpsc::channel();
        let wake = self.waker();
        let spawned = std::thread::Builder::new().name("open-folder".into()).spawn(move || {
            let _ = tx.send(open_in_file_manager(&dir));
            if let Some(w) = wake {
                w();
            }
        });
        match spawned {
            Ok(_) => self.settings.folder = Some(rx),
            Err(e) => self.settings.folder_error = Some(format!("Could not open the data folder: {e}")),
        }
    }
}

/// The program that opens a folder in the platform's file manager.
pub fn file_manager() -> &'static str {
    if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    }
}

/// Opens `dir` (created first if missing) in the file manager and waits for the opener to finish.
pub fn open_in_file_manager(dir: &Path) -> Result<(), String> {
    let program = file_manager();
    std::fs::create_dir_all(dir).map_err(|e| format!("Could not create the data folder {}: {e}", dir.display()))?;
    let status = std::process::Command::new(program)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                format!("Could not open the data folder: {program} was not found (on Linux it comes with xdg-utils).")
            } else {
                format!("Could not open the data folder with {program}: {e}")
            }
        })?;
    // Explorer answers 1 even when it opened the folder.
    if status.success() || cfg!(target_os = "windows") {
        Ok(())
    } else {
        Err(format!("Could not open the data folder: {program} {} ended with {status}.", dir.display()))
    }
}

/// The data folder as shown in the window.
pub fn data_folder_text(dir: Option<&PathBuf>) -> String {
    dir.map_or_else(|| "none (progress is kept in memory only)".to_owned(), |d| d.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_rounded_and_kept_within_range() {
        assert_eq!(clamp_scale(1.0 + SCALE_STEP), 1.1);
        assert_eq!(clamp_scale(0.1), MIN_SCALE);
        assert_eq!(clamp_scale(9.0), MAX_SCALE);
        assert_eq!(clamp_scale(f32::NAN), 1.0);
    }

    #[test]
    fn a_data_folder_that_cannot_be_created_is_an_error_naming_it() {
        // Under a file: creating the folder fails, and the message names it.
        let file = tempfile::NamedTempFile::new().unwrap();
        let inside = file.path().join("sub");
        let err = open_in_file_manager(&inside).unwrap_err();
        assert!(err.contains(&inside.display().to_string()), "{err}");
    }
}
