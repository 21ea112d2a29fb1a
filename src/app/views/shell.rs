//! The frame around the views: menu bar, tab bar, notices, help overlay, path field, drop overlay.

use egui::{Align, Layout, RichText, Ui};

use crate::app::command::{Scope, UiCommand};
use crate::app::state::{AppState, Command, NoticeKind, View};
use crate::app::style::error_label;

fn command_button(ui: &mut Ui, command: UiCommand, out: &mut Vec<Command>) {
    let shortcut = command.shortcut_text(ui.ctx());
    let button = egui::Button::new(command.label()).shortcut_text(shortcut);
    if ui.add(button).on_hover_text(command.tooltip()).clicked() {
        out.push(Command::Ui(command));
    }
}

pub fn menu_bar_ui(ui: &mut Ui, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            command_button(ui, UiCommand::Open, out);
            command_button(ui, UiCommand::OpenPath, out);
            ui.separator();
            for c in [
                UiCommand::NewDeck,
                UiCommand::ImportDeck,
                UiCommand::SaveDeck,
                UiCommand::SaveDeckAs,
                UiCommand::CloseDeck,
            ] {
                command_button(ui, c, out);
            }
            ui.separator();
            command_button(ui, UiCommand::Settings, out);
        });
        ui.menu_button("View", |ui| {
            for view in View::ALL {
                command_button(ui, view.command(), out);
            }
            ui.separator();
            for c in [UiCommand::ScaleUp, UiCommand::ScaleDown, UiCommand::ResetScale] {
                command_button(ui, c, out);
            }
        });
        ui.menu_button("Help", |ui| {
            command_button(ui, UiCommand::Help, out);
            if ui.button("Welcome…").on_hover_text("What each view is for, and where to start").clicked() {
                out.push(Command::OpenWelcome);
            }
        });
    });
}

pub fn tab_bar_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        for view in View::ALL {
            let command = view.command();
            let hover = format!("{} ({})", command.tooltip(), command.shortcut_text(ui.ctx()));
            let unsaved = view == View::Decks && state.decks.any_unsaved();
            let label = if unsaved {
                format!("{} {}", command.label(), super::decks::UNSAVED)
            } else {
                command.label().to_owned()
            };
            let tab = ui.selectable_label(state.view == view, RichText::new(label).size(16.0));
            if tab.on_hover_text(hover).clicked() {
                out.push(Command::Show(view));
            }
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let lib = &state.library;
            ui.label(
                RichText::new(format!(
                    "{} units · {} decks · {} cards",
                    lib.chart.units.len(),
                    lib.decks.len(),
                    crate::model::text::count(lib.card_count())
                ))
                .weak(),
            );
            if state.dialog_open() {
                ui.spinner();
                ui.label("Waiting for the file dialog…");
            }
        });
    });
}

pub fn notices_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    if let Some(status) = state.opening_status() {
        let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.25);
        egui::Frame::new().fill(fill).inner_margin(6.0).corner_radius(4.0).show(ui, |ui| {
            // As wide as the notices under it.
            ui.set_min_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(opening_text(&status));
            });
        });
        ui.add_space(4.0);
    }
    for (i, notice) in state.notices.iter().enumerate() {
        let fill = match notice.kind {
            NoticeKind::Error => ui.visuals().error_fg_color.gamma_multiply(0.15),
            NoticeKind::Info => ui.visuals().selection.bg_fill.gamma_multiply(0.25),
        };
        egui::Frame::new().fill(fill).inner_margin(6.0).corner_radius(4.0).show(ui, |ui| {
            ui.horizontal_top(|ui| {
                // The text wraps beside the button: a long message (two paths) is read whole.
                let width = (ui.available_width() - 80.0).max(120.0);
                ui.allocate_ui_with_layout(egui::vec2(width, 0.0), Layout::top_down(Align::Min), |ui| {
                    match notice.kind {
                        NoticeKind::Error => error_label(ui, &notice.title),
                        NoticeKind::Info => ui.label(&notice.title),
                    };
                });
                ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
                    if ui.small_button("Dismiss").on_hover_text("Hide this message").clicked() {
                        out.push(Command::DismissNotice(i));
                    }
                });
            });
            if !notice.lines.is_empty() {
                egui::ScrollArea::vertical().id_salt(("notice", i)).max_height(140.0).show(ui, |ui| {
                    for line in &notice.lines {
                        ui.label(RichText::new(line).monospace());
                    }
                });
            }
        });
        ui.add_space(4.0);
    }
}

pub fn help_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    if !state.help_open {
        return;
    }
    let mut open = true;
    let window = egui::Window::new("Keyboard shortcuts").open(&mut open).collapsible(false).resizable(false);
    window.anchor(egui::Align2::CENTER_TOP, [0.0, 40.0]).show(ctx, |ui| {
        let group = |ui: &mut egui::Ui, title: &str, scopes: &[Scope]| {
            ui.label(RichText::new(title).strong());
            egui::Grid::new(title).num_columns(2).striped(true).show(ui, |ui| {
                for c in UiCommand::ALL.into_iter().filter(|c| scopes.contains(&c.scope())) {
                    ui.label(RichText::new(c.shortcut_text(ctx)).monospace());
                    ui.label(format!("{}: {}", c.label().trim_end_matches('…'), c.tooltip()));
                    ui.end_row();
                }
            });
        };
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                group(ui, "Everywhere", &[Scope::Global]);
                ui.add_space(8.0);
                group(ui, "Study", &[Scope::Study]);
            });
            ui.add_space(16.0);
            ui.vertical(|ui| group(ui, "Chart", &[Scope::Chart]));
            ui.add_space(16.0);
            ui.vertical(|ui| group(ui, "Quiz and exams", &[Scope::Quiz]));
            ui.add_space(16.0);
            ui.vertical(|ui| group(ui, "Decks", &[Scope::Decks]));
        });
        ui.add_space(6.0);
        ui.label("Files can also be opened by dropping them on the window, or named on the command line.");
    });
    if !open {
        out.push(Command::CloseHelp);
    }
}

/// The path field, as a modal. Its text lives in `text` (UI state) until the user submits it.
pub fn path_prompt_ui(ctx: &egui::Context, state: &AppState, text: &mut String, out: &mut Vec<Command>) {
    let Some(prompt) = &state.path_prompt else { return };
    let modal = egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Open a chart or deck");
        if let Some(reason) = &prompt.reason {
            ui.label(reason);
        }
        ui.add_space(4.0);
        let label = ui.label("File path:");
        let edit =
            ui.add(egui::TextEdit::singleline(text).hint_text("/home/me/decks/my-deck.ron").desired_width(480.0));
        let edit = edit.labelled_by(label.id);
        if !edit.has_focus() && !edit.lost_focus() {
            edit.request_focus();
        }
        // Enter opens, wherever the focus is: the modal holds nothing else to type into.
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let open = ui.add_enabled(!text.trim().is_empty(), egui::Button::new("Open"));
            if (open.clicked() || enter) && !text.trim().is_empty() {
                out.push(Command::OpenPaths(vec![text.trim().into()]));
                out.push(Command::ClosePathPrompt);
                text.clear();
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::ClosePathPrompt);
            }
        });
    });
    if modal.should_close() {
        out.push(Command::ClosePathPrompt);
    }
}

/// A hint while files are dragged over the window.
pub fn drop_overlay_ui(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop")));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        "Drop chart or deck files (.ron) to open them",
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}

/// Asked when the window is closed during an exam: `Some(true)` to submit and quit, `Some(false)` to
/// keep going.
pub fn close_guard_ui(ctx: &egui::Context) -> Option<bool> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("exam-close-guard")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading("An exam is in progress");
        ui.label("Quitting now hands in the exam with the answers given so far, and saves the results.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Submit and quit").clicked() {
                answer = Some(true);
            }
            if ui.button("Keep going").clicked() {
                answer = Some(false);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(false);
    }
    answer
}

/// The first-run welcome: the five views in a few lines, and where to start.
pub fn welcome_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    if !state.welcome_open || state.quiz.pending.is_some() {
        return;
    }
    let mut open = true;
    let window = egui::Window::new("Welcome to KZ Civics").open(&mut open).collapsible(false).resizable(false);
    window.anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).default_width(520.0).max_width(520.0).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label("Learn how the state of the Republic of Kazakhstan is organised, from five source documents.");
        ui.add_space(6.0);
        let views = [
            ("Chart", "the President, the Administration, the Security Council, the Government and the bodies around them; click a box for its details and sources."),
            ("Study", "flashcards that come back when you are about to forget them (FSRS, as in Anki)."),
            ("Quiz", "practice quizzes of five kinds, and exams for a class."),
            ("Decks", "the cards, to read, edit or add your own."),
            ("Stats", "what you have studied and how well you know each branch."),
        ];
        egui::Grid::new("welcome-views").num_columns(2).spacing([10.0, 4.0]).max_col_width(390.0).show(ui, |ui| {
            for (i, (name, what)) in views.iter().enumerate() {
                ui.label(RichText::new(format!("{name} (Ctrl+{})", i + 1)).strong());
                ui.add(egui::Label::new(*what).wrap());
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let start = egui::Button::new(RichText::new("Start studying").size(16.0));
            if ui.add(start).on_hover_text("The Essentials: what to know first").clicked() {
                out.push(Command::StartEssentials);
            }
            if ui.button(RichText::new("Explore the chart").size(16.0)).clicked() {
                out.push(Command::CloseWelcome);
                out.push(Command::Show(View::Chart));
            }
        });
        ui.add_space(4.0);
        ui.label(RichText::new("F1 lists every shortcut; Help > Welcome shows this again.").weak());
    });
    if !open {
        out.push(Command::CloseWelcome);
    }
}

/// "Opening big.ron: checking… 1.2 s (1 more file waiting)"; the app stays usable meanwhile.
pub fn opening_text(status: &crate::app::state::OpeningStatus) -> String {
    let waiting = match status.waiting {
        0 => String::new(),
        1 => " (1 more file waiting)".to_owned(),
        n => format!(" ({n} more files waiting)"),
    };
    format!(
        "Opening {}: {}… {:.1} s{waiting}. Everything else keeps working meanwhile.",
        status.file,
        status.stage.describe(),
        status.elapsed.as_secs_f32()
    )
}
