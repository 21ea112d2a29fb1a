//! The Settings window (Ctrl+, or File > Settings…): General (study, quizzes, look, data folder) and
//! Scheduling (the FSRS parameters optimised on the user's reviews, a suggested retention). It reads
//! the state and sends commands; the jobs themselves run in the background (see `app/settings.rs`).

use egui::{Align2, RichText, Ui};

use crate::app::UiCommand;
use crate::app::quiz::QuizAction;
use crate::app::settings::{Run, SettingsCommand, SettingsTab, Theme, data_folder_text, file_manager};
use crate::app::state::{AppState, Command};
use crate::app::style::{error_label, section, weak};
use crate::model::optimise::{Evaluation, JobProgress, Optimised, RetentionAdvice};
use crate::model::quiz::Leniency;
use crate::model::study::StudyCommand;

const WIDTH: f32 = 560.0;

pub fn settings_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    if !state.settings.open {
        return;
    }
    let mut open = true;
    let top = ctx.content_rect().center_top() + egui::vec2(0.0, 48.0);
    let window = egui::Window::new("Settings")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        // As tall as its content (up to the scroll area's limit), not egui's default window height.
        .auto_sized()
        .pivot(Align2::CENTER_TOP)
        .default_pos(top)
        .default_width(WIDTH);
    window.show(ctx, |ui| {
        ui.set_width(WIDTH);
        ui.horizontal(|ui| {
            for tab in SettingsTab::ALL {
                let label = RichText::new(tab.label()).size(15.0);
                if ui.selectable_label(state.settings.tab == tab, label).clicked() {
                    out.push(Command::Settings(SettingsCommand::ShowTab(tab)));
                }
            }
        });
        ui.separator();
        let max = (ctx.content_rect().height() - 160.0).max(200.0);
        egui::ScrollArea::vertical().max_height(max).show(ui, |ui| match state.settings.tab {
            SettingsTab::General => general_ui(ui, state, out),
            SettingsTab::Scheduling => scheduling_ui(ui, state, out),
        });
    });
    if !open {
        out.push(Command::Settings(SettingsCommand::Close));
    }
}

fn general_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let study = state.study.settings();
    section(ui, "Flashcards");
    egui::Grid::new("settings-study").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        let label = ui.label("New cards per day");
        let mut n = study.new_per_day;
        let r = ui.add(egui::DragValue::new(&mut n).range(0..=9999)).labelled_by(label.id);
        if r.changed() {
            out.push(Command::Study(StudyCommand::SetNewPerDay(n)));
        }
        ui.end_row();
        let label = ui.label("Desired retention");
        let mut r = study.desired_retention;
        let resp = ui.add(egui::Slider::new(&mut r, 0.7..=0.99).fixed_decimals(2)).labelled_by(label.id);
        if resp.changed() {
            out.push(Command::Study(StudyCommand::SetDesiredRetention(r)));
        }
        ui.end_row();
    });
    weak(
        ui,
        format!(
            "Desired retention is the chance of recalling a card when it comes back: at {:.2}, about {} in 100 \
             reviews are recalled. Higher means more reviews; lower, more forgetting.",
            study.desired_retention,
            (study.desired_retention * 100.0).round()
        ),
    );

    section(ui, "Typed answers in quizzes");
    let leniency = state.quiz.settings.leniency;
    ui.horizontal(|ui| {
        let choices = [
            (
                Leniency::Forgiving,
                "Forgiving",
                "A slip of one letter (two in a long word) is shown and counted as right",
            ),
            (Leniency::Exact, "Exact spelling", "Only the answer as written (case and punctuation aside) counts"),
        ];
        for (l, label, hover) in choices {
            if ui.radio(leniency == l, label).on_hover_text(hover).clicked() && leniency != l {
                out.push(Command::Quiz(QuizAction::SetLeniency(l)));
            }
        }
    });

    section(ui, "Look");
    let look = state.settings.look;
    ui.horizontal(|ui| {
        ui.label("Theme:");
        for theme in Theme::ALL {
            if ui.radio(look.theme == theme, theme.label()).clicked() && look.theme != theme {
                out.push(Command::Settings(SettingsCommand::SetTheme(theme)));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("Size:");
        let ctx = ui.ctx().clone();
        let scale_button = |ui: &mut Ui, text: &str, c: UiCommand, out: &mut Vec<Command>| {
            let hover = format!("{} ({})", c.tooltip(), c.shortcut_text(&ctx));
            if ui.button(text).on_hover_text(hover).clicked() {
                out.push(Command::Ui(c));
            }
        };
        scale_button(ui, "Smaller", UiCommand::ScaleDown, out);
        ui.label(RichText::new(format!("{:.0} %", look.ui_scale * 100.0)).monospace());
        scale_button(ui, "Larger", UiCommand::ScaleUp, out);
        scale_button(ui, "Normal size", UiCommand::ResetScale, out);
    });

    section(ui, "Data folder");
    let dir = state.data_dir.as_ref();
    ui.label(RichText::new(data_folder_text(dir)).monospace());
    weak(ui, "Your progress, scheduling parameters, exam results and the deck editor's recovery file are kept here.");
    ui.horizontal(|ui| {
        let hover = format!("Show the folder in the file manager ({})", file_manager());
        if ui.add_enabled(dir.is_some(), egui::Button::new("Open the data folder")).on_hover_text(hover).clicked() {
            out.push(Command::Settings(SettingsCommand::OpenDataFolder));
        }
    });
    if let Some(e) = &state.settings.folder_error {
        error_label(ui, e);
    }

    section(ui, "View settings");
    ui.horizontal(|ui| {
        let hover = "Theme, size, the chart's collapsed boxes, year and relations, and the Stats range back to \
                     their defaults. Your progress and study settings stay.";
        if ui.button("Reset view settings").on_hover_text(hover).clicked() {
            out.push(Command::Settings(SettingsCommand::ResetViewSettings));
        }
    });
}

fn scheduling_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let study = &state.study;
    let params = study.parameters();
    section(ui, "Parameters in use");
    ui.label(format!("Scheduling uses the {}.", params.describe()));
    if let Some(o) = &params.optimised {
        weak(ui, format!("When optimised: log loss {:.4}, RMSE {:.2} %.", o.log_loss, o.rmse_bins * 100.0));
    }
    ui.horizontal(|ui| {
        let default = params.parameters.is_default();
        let reset = ui
            .add_enabled(!default, egui::Button::new("Reset to defaults"))
            .on_hover_text("Schedule with FSRS-6's default parameters again (your reviews stay as they are)")
            .on_disabled_hover_text("Scheduling already uses the FSRS-6 defaults");
        if reset.clicked() {
            out.push(Command::Study(StudyCommand::ResetParameters));
        }
    });

    ui.add_space(6.0);
    ui.separator();
    section(ui, "Parameters fitted to your reviews");
    weak(
        ui,
        "Fits FSRS's 21 parameters to your own reviews, as Anki's Optimize does, so that intervals follow how \
         you remember. Your reviews are never changed.",
    );
    let summary = study.history_summary();
    ui.add(egui::Label::new(summary.message()).wrap());
    let optimise = &state.settings.optimise;
    match optimise {
        Run::Running(_) => {
            if let Some((p, cancelling)) = optimise.progress() {
                progress_ui(ui, p, cancelling, SettingsCommand::CancelOptimising, out);
            }
        }
        Run::Done(o) => outcome_ui(ui, o, out),
        Run::Idle | Run::Ended(_) => {
            if let Some(note) = optimise.ended() {
                ui.label(note);
            }
            let button = ui
                .add_enabled(summary.is_enough(), egui::Button::new("Optimise my parameters"))
                .on_hover_text("Runs in the background; the app stays usable")
                .on_disabled_hover_text(summary.message());
            if button.clicked() {
                out.push(Command::Settings(SettingsCommand::StartOptimising));
            }
        }
    }

    ui.add_space(6.0);
    ui.separator();
    section(ui, "Retention and workload");
    weak(
        ui,
        format!(
            "Simulates a year of study of your {} cards, {} new a day, with the parameters in use, and finds the \
             desired retention with the least study time per card remembered.",
            study.catalog().cards().len(),
            study.settings().new_per_day.max(1)
        ),
    );
    let retention = &state.settings.retention;
    match retention {
        Run::Running(_) => {
            if let Some((p, cancelling)) = retention.progress() {
                progress_ui(ui, p, cancelling, SettingsCommand::CancelSuggesting, out);
            }
        }
        Run::Done(advice) => {
            advice_ui(ui, advice, study.settings().desired_retention, out);
            suggest_button(ui, "Simulate again", out);
        }
        Run::Idle | Run::Ended(_) => {
            if let Some(note) = retention.ended() {
                ui.label(note);
            }
            suggest_button(ui, "Suggest a retention", out);
        }
    }
}

fn suggest_button(ui: &mut Ui, text: &str, out: &mut Vec<Command>) {
    if ui.button(text).on_hover_text("Runs in the background; the app stays usable").clicked() {
        out.push(Command::Settings(SettingsCommand::StartSuggesting));
    }
}

/// A running job: its stage and share done, and Cancel. No animation: the job wakes the UI itself.
fn progress_ui(ui: &mut Ui, p: JobProgress, cancelling: bool, cancel: SettingsCommand, out: &mut Vec<Command>) {
    let percent = (p.fraction * 100.0).floor();
    let text = if cancelling { "Cancelling…".to_owned() } else { format!("{}… {percent:.0} %", p.stage.label()) };
    ui.horizontal(|ui| {
        ui.add(egui::ProgressBar::new(p.fraction).desired_width(WIDTH - 90.0).text(text));
        if ui.add_enabled(!cancelling, egui::Button::new("Cancel")).clicked() {
            out.push(Command::Settings(cancel));
        }
    });
}

/// The default, current and new parameters side by side, and the choice.
fn outcome_ui(ui: &mut Ui, o: &Optimised, out: &mut Vec<Command>) {
    let mut rows: Vec<(&str, Evaluation)> = vec![("FSRS-6 defaults", o.default_evaluation)];
    if !o.current.is_default() {
        rows.push(("In use now", o.current_evaluation));
    }
    rows.push(("New (optimised)", o.new_evaluation));
    egui::Grid::new("optimise-outcome").num_columns(3).striped(true).spacing([24.0, 4.0]).show(ui, |ui| {
        ui.label(RichText::new("Parameters").strong());
        ui.label(RichText::new("Log loss").strong());
        ui.label(RichText::new("RMSE (bins)").strong());
        ui.end_row();
        for (name, e) in rows {
            ui.label(name);
            ui.label(RichText::new(format!("{:.4}", e.log_loss)).monospace());
            ui.label(RichText::new(format!("{:.2} %", e.rmse_bins * 100.0)).monospace());
            ui.end_row();
        }
    });
    weak(ui, "Lower is better for both: how far the predicted chances of recall are from what you recalled.");
    let verdict = if o.predicts_better() {
        "The new parameters predict your reviews better than the ones in use (a lower log loss, no higher RMSE)."
    } else {
        "The new parameters do not predict your reviews better than the ones in use, which stay."
    };
    ui.add(egui::Label::new(verdict).wrap());
    ui.horizontal(|ui| {
        if o.predicts_better() {
            let apply = ui
                .button("Use the new parameters")
                .on_hover_text("Future intervals use them; memory states are recomputed from your reviews");
            if apply.clicked() {
                out.push(Command::Settings(SettingsCommand::AcceptOptimised));
            }
            if ui.button("Keep the current ones").clicked() {
                out.push(Command::Settings(SettingsCommand::DiscardOptimised));
            }
        } else if ui.button("Close").clicked() {
            out.push(Command::Settings(SettingsCommand::DiscardOptimised));
        }
    });
}

/// The suggestion and the workload table.
fn advice_ui(ui: &mut Ui, advice: &RetentionAdvice, current: f64, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Suggested desired retention: {:.2}", advice.suggested)).strong());
        let same = (advice.suggested - current).abs() < 0.005;
        let r = ui
            .add_enabled(!same, egui::Button::new(format!("Use {:.2}", advice.suggested)))
            .on_disabled_hover_text("This is the desired retention already");
        if r.clicked() {
            out.push(Command::Study(StudyCommand::SetDesiredRetention(advice.suggested)));
        }
    });
    egui::Grid::new("retention-workload").num_columns(4).striped(true).spacing([20.0, 4.0]).show(ui, |ui| {
        for h in ["Desired retention", "Reviews a day", "Minutes a day", "Remembered after a year"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for row in &advice.rows {
            let mark = if (row.retention - current).abs() < 0.005 { " (now)" } else { "" };
            ui.label(format!("{:.2}{mark}", row.retention));
            ui.label(RichText::new(format!("{:.1}", row.reviews_per_day)).monospace());
            ui.label(RichText::new(format!("{:.1}", row.minutes_per_day)).monospace());
            ui.label(RichText::new(format!("{:.0} cards", row.remembered)).monospace());
            ui.end_row();
        }
    });
    weak(ui, "Averages over a simulated year, at the simulator's usual time per review.");
}
