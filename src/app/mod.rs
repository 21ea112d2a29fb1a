//! The egui application: state, commands, views.

pub mod chart;
pub mod command;
pub mod decks;
mod platform;
pub mod quiz;
pub mod settings;
pub mod start_notices;
pub mod state;
pub mod stats;
pub mod style;
pub mod views;

use std::path::PathBuf;

pub use command::UiCommand;
pub use state::{AppState, Command, Persisted, View};

/// The app's id: the window's, and the name of eframe's settings folder.
pub const APP_ID: &str = "kz-civics";

/// How the app starts: files to open and where it keeps the user's data.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Chart or deck files opened on top of the bundled data.
    pub files: Vec<PathBuf>,
    /// Where progress and results live; `None` keeps nothing on disk (tests).
    pub data_dir: Option<PathBuf>,
    /// Straight into an exam (`kz-civics exam`).
    pub exam: Option<ExamLaunch>,
}

/// An exam to open at start, from the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamLaunch {
    pub exam: crate::model::quiz::ExamFile,
    /// Where the exam came from, for the screen ("midterm.exam.ron", "the command line").
    pub origin: String,
    /// With a name, the exam starts at once.
    pub student: Option<String>,
    pub results_dir: Option<PathBuf>,
}

impl Config {
    /// The platform's data directory (`$XDG_DATA_HOME/kz-civics` on Linux), or `KZ_CIVICS_DATA_DIR`.
    pub fn default_data_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("KZ_CIVICS_DATA_DIR") {
            return Some(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("", "", "kz-civics").map(|d| d.data_dir().to_path_buf())
    }
}

/// The eframe application: the state, plus what only the UI holds (text being typed).
pub struct KzApp {
    pub state: AppState,
    path_text: String,
    /// Where the chart's camera is.
    chart_ui: views::chart::ChartUi,
    quiz_ui: views::quiz::QuizUi,
    decks_ui: views::decks::DecksUi,
    /// The window was asked to close during an exam: the question is showing.
    pub close_guard: bool,
    /// Frames drawn so far, for the one-time keyboard-focus fix-up.
    frames: u32,
}

impl KzApp {
    /// The app with the bundled data, what eframe remembered of the last run, and the files of `config`.
    pub fn new(cc: &eframe::CreationContext<'_>, config: Config) -> Self {
        let persisted: Persisted = cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)).unwrap_or_default();
        // The welcome shows at the very first start of the real app (tests run without a storage).
        let welcome = cc.storage.is_some() && !persisted.welcome_seen;
        let mut state = AppState::new(persisted, config.data_dir);
        state.welcome_open = welcome;
        state.set_repaint_context(cc.egui_ctx.clone());
        // One wheel notch zooms the chart by about an eighth (egui's default is twice that).
        cc.egui_ctx.options_mut(|o| o.input_options.scroll_zoom_speed = 1.0 / 400.0);
        for text in start_notices::take() {
            state.handle(Command::ShowError(text));
        }
        // Ctrl+= / Ctrl+- / Ctrl+0 are the app's own commands (menus, help, saved scale): egui must not
        // take them too, or each press would step twice.
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        style::tune_themes(&cc.egui_ctx);
        apply_look(&cc.egui_ctx, &state.settings.look);
        if !config.files.is_empty() {
            state.handle(Command::OpenPaths(config.files));
        }
        if let Some(launch) = config.exam {
            state.handle(Command::Quiz(quiz::QuizAction::OpenExam {
                exam: launch.exam,
                origin: launch.origin,
                student: launch.student,
                results_dir: launch.results_dir,
            }));
        }
        Self {
            state,
            path_text: String::new(),
            chart_ui: views::chart::ChartUi::default(),
            quiz_ui: views::quiz::QuizUi::default(),
            decks_ui: views::decks::DecksUi::default(),
            close_guard: false,
            frames: 0,
        }
    }

    /// Applies commands gathered during the frame, in order.
    fn apply(&mut self, commands: Vec<Command>) {
        for c in commands {
            self.state.handle(c);
        }
    }
}

impl eframe::App for KzApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.frames = self.frames.saturating_add(1);
        // Where no window manager gives the window the keyboard, take it once the window can have it
        // (the first frames may come before it is mapped): try every few frames for the first seconds.
        if !ctx.input(|i| i.focused) && self.frames <= FOCUS_TRIES {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            if self.frames % 5 == 3 {
                use raw_window_handle::HasWindowHandle as _;
                if let Ok(handle) = frame.window_handle() {
                    platform::take_unclaimed_keyboard_focus(handle.as_raw());
                }
            }
        }
        self.state.poll();
        apply_look(&ctx, &self.state.settings.look);
        self.state.expire_notices();
        if self.state.notices.iter().any(|n| n.kind == state::NoticeKind::Info) {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        if self.state.dialog_open() || self.state.opening() {
            // A spinner and the seconds so far to show (the opener also wakes the window when it is done).
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }

        let exam = self.state.quiz.exam_running();
        if exam {
            // A countdown to show, a time-out to notice.
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        if ctx.input(|i| i.viewport().close_requested()) && exam {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.close_guard = true;
        }
        // Unsaved deck edits: ask Save / Discard / Cancel before the window goes.
        if ctx.input(|i| i.viewport().close_requested())
            && !exam
            && !self.state.decks.allow_close
            && self.state.decks.any_unsaved()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.state.decks.guard.is_none() {
                self.state.handle(Command::Decks(decks::DeckAction::CloseWindow));
            }
        }

        let mut out: Vec<Command> = Vec::new();
        if self.state.path_prompt.is_none() && !self.close_guard && !self.state.decks.modal_open() {
            let pressed = UiCommand::pressed(&ctx, self.state.view.scope());
            // During an exam the other views are out of reach (the text can still be made larger).
            let pressed = pressed.into_iter().filter(|c| !exam || c.scope() == command::Scope::Quiz || c.is_scale());
            out.extend(pressed.map(Command::Ui));
        }
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let path = file.path().to_path_buf();
            if path.is_absolute() || path.exists() {
                out.push(Command::OpenPaths(vec![path]));
            } else {
                // Only a name, no readable path: take the bytes the platform gives.
                let name = path.display().to_string();
                match file.bytes() {
                    Ok(bytes) => out.push(Command::OpenBytes { name, bytes }),
                    Err(e) => out.push(Command::ShowError(format!("Could not read the dropped file {name}: {e}"))),
                }
            }
        }

        if exam {
            self.state.view = View::Quiz;
        } else {
            egui::Panel::top("menu").show(ui, |ui| views::shell::menu_bar_ui(ui, &mut out));
            egui::Panel::top("tabs").show(ui, |ui| {
                ui.add_space(2.0);
                views::shell::tab_bar_ui(ui, &self.state, &mut out);
                ui.add_space(2.0);
            });
        }
        if !self.state.notices.is_empty() || self.state.opening() {
            egui::Panel::top("notices").show(ui, |ui| views::shell::notices_ui(ui, &self.state, &mut out));
        }
        egui::CentralPanel::default().show(ui, |ui| match self.state.view {
            View::Chart => views::chart::chart_ui(ui, &self.state, &mut self.chart_ui, &mut out),
            View::Study => views::study::study_ui(ui, &self.state, &mut out),
            View::Quiz => views::quiz::quiz_ui(ui, &self.state, &mut self.quiz_ui, &mut out),
            View::Decks => views::decks::decks_ui(ui, &self.state, &mut self.decks_ui, &mut out),
            View::Stats => views::stats::stats_ui(ui, &self.state, &mut out),
        });
        views::shell::help_ui(&ctx, &self.state, &mut out);
        if !exam {
            views::settings::settings_ui(&ctx, &self.state, &mut out);
        }
        if !exam {
            views::shell::welcome_ui(&ctx, &self.state, &mut out);
        }
        views::shell::path_prompt_ui(&ctx, &self.state, &mut self.path_text, &mut out);
        if !exam {
            views::deck_dialogs::deck_dialogs_ui(&ctx, &self.state, &mut out);
        }
        views::shell::drop_overlay_ui(&ctx);
        if self.close_guard {
            match views::shell::close_guard_ui(&ctx) {
                Some(true) => {
                    out.push(Command::Quiz(quiz::QuizAction::Answer(crate::model::quiz::QuizCommand::Submit)));
                    self.close_guard = false;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                Some(false) => self.close_guard = false,
                None => {}
            }
        }

        self.apply(out);
        if self.state.decks.quit_now {
            self.state.decks.quit_now = false;
            self.state.decks.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state.persisted());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Progress is saved after every grade on a background thread; wait for the last save.
        if !self.state.study.flush(std::time::Duration::from_secs(5)) {
            eprintln!("kz-civics: the last study progress may not have been saved");
        }
    }
}

/// Puts the saved theme and scale into egui (each only when it differs, so nothing repaints for it).
fn apply_look(ctx: &egui::Context, look: &settings::LookSettings) {
    let theme = look.theme.preference();
    if ctx.options(|o| o.theme_preference) != theme {
        ctx.set_theme(theme);
    }
    if ctx.zoom_factor() != look.ui_scale {
        ctx.set_zoom_factor(look.ui_scale);
    }
}

/// Frames during which the app tries to take the keyboard focus no window manager gave it (about five
/// seconds at the 50 ms it waits between them).
const FOCUS_TRIES: u32 = 100;

/// Opens the window. `files` are opened on top of the bundled data.
pub fn run(files: Vec<PathBuf>, exam: Option<ExamLaunch>) -> eframe::Result {
    let config = Config { files, data_dir: Config::default_data_dir(), exam };
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("KZ Civics")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 420.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    // eframe would start afresh from a settings file it cannot read and write over it: set it aside first.
    let persistence_path = start_notices::settings_path();
    if let Some(path) = &persistence_path {
        start_notices::check_settings(path);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        persistence_path,
        ..Default::default()
    };
    eframe::run_native("KZ Civics", options, Box::new(move |cc| Ok(Box::new(KzApp::new(cc, config)))))
}
