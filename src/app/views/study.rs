//! The Study view: what to study (a control on the view), the progress line, the card (front, then the
//! answer with its source and linked unit), the grade buttons with the interval each gives, and the empty
//! state or end-of-session summary.

use egui::{Align, Color32, Layout, RichText, Ui};

use crate::app::command::UiCommand;
use crate::app::state::{AppState, Command};
use crate::app::style::weak;
use crate::model::Library;
use crate::model::scheduler::{DAY, Rating, format_interval, format_wait};
use crate::model::study::{Study, StudyCard, StudyCommand};

const CARD_WIDTH: f32 = 760.0;

pub fn study_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let study = &state.study;
    let now = study.now();
    top_bar_ui(ui, state, out);

    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.set_max_width(CARD_WIDTH);
            ui.add_space(28.0);
            match study.current() {
                Some(card) => card_ui(ui, state, card, now, out),
                None => empty_ui(ui, study, now, out),
            }
        });
    });
}

fn top_bar_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let study = &state.study;
    let now = study.now();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        scope_picker_ui(ui, state, out);
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            settings_ui(ui, study, out);
            ui.add_space(8.0);
            let counts = study.counts(now);
            let q = study.queues();
            let line = RichText::new(format!(
                "Today: {} done · {} left ({} learning · {} to review · {} new)",
                q.reviewed_today,
                counts.total(),
                counts.learning,
                counts.review,
                counts.new
            ));
            ui.label(line).on_hover_text(
                "Reviews done today in every deck, and the cards left today in this selection. New cards are \
                 limited per day (see Settings).",
            );
        });
    });
    let counts = study.counts(now);
    let done = study.stats().reviewed as f32;
    let total = done + counts.total() as f32;
    ui.add_space(2.0);
    if total > 0.0 {
        ui.add(egui::ProgressBar::new(done / total).desired_height(4.0))
            .on_hover_text(format!("{done} of {total} cards of this session"));
    } else {
        ui.separator();
    }
}

/// The one control that says what to study: everything, the Essentials, a deck, a tag or a branch.
fn scope_picker_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let study = &state.study;
    let hover = "Study every card, the Essentials, one deck, a tag, or a branch of the chart";
    if let Some(scope) = super::scope::scope_picker_ui(ui, "study-scope", study.scope(), &state.library, study, hover) {
        out.push(Command::Study(StudyCommand::SetScope(scope)));
    }
}

fn settings_ui(ui: &mut Ui, study: &Study, out: &mut Vec<Command>) {
    ui.menu_button("Settings", |ui| {
        let settings = study.settings();
        ui.horizontal(|ui| {
            let label = ui.label("New cards per day");
            let mut n = settings.new_per_day;
            let r = ui.add(egui::DragValue::new(&mut n).range(0..=9999)).labelled_by(label.id);
            if r.changed() {
                out.push(Command::Study(StudyCommand::SetNewPerDay(n)));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Desired retention");
            let mut r = settings.desired_retention;
            let resp = ui
                .add(egui::Slider::new(&mut r, 0.7..=0.99).fixed_decimals(2))
                .labelled_by(label.id)
                .on_hover_text("The chance of recalling a card when it comes up. Higher means more reviews.");
            if resp.changed() {
                out.push(Command::Study(StudyCommand::SetDesiredRetention(r)));
            }
        });
        let mut fuzz = settings.fuzz;
        if ui
            .checkbox(&mut fuzz, "Vary review intervals slightly")
            .on_hover_text("So that cards learnt together do not always come back together")
            .changed()
        {
            out.push(Command::Study(StudyCommand::SetFuzz(fuzz)));
        }
        weak(ui, if study.saving() { "Progress is saved after every grade." } else { "Progress is not being saved." });
        if ui.button("All settings…").on_hover_text("The Settings window (Ctrl+,)").clicked() {
            out.push(Command::Ui(crate::app::UiCommand::Settings));
        }
    });
}

fn card_ui(ui: &mut Ui, state: &AppState, card: &StudyCard, now: i64, out: &mut Vec<Command>) {
    let study = &state.study;
    let kind = match study.current_progress().and_then(|p| p.schedule) {
        None => "new".to_owned(),
        Some(s) => s.phase.label().to_owned(),
    };
    let mut meta = format!("{} · {kind}", card.deck_title);
    if !card.card.tags.is_empty() {
        meta.push_str(" · ");
        meta.push_str(&card.card.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
    }
    weak(ui, meta);
    ui.add_space(6.0);

    let fill = ui.visuals().extreme_bg_color;
    egui::Frame::new().fill(fill).corner_radius(8.0).inner_margin(24.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(&card.card.front).size(24.0).color(ui.visuals().strong_text_color()));
            if study.answer_shown() {
                ui.add_space(10.0);
                ui.separator();
                ui.add_space(10.0);
                ui.label(RichText::new(&card.card.back).size(22.0).strong());
                if !card.card.note.is_empty() {
                    ui.add_space(6.0);
                    ui.label(RichText::new(&card.card.note).italics());
                }
            }
        });
    });

    if study.answer_shown() {
        ui.add_space(8.0);
        ui.with_layout(Layout::top_down(Align::LEFT), |ui| answer_context_ui(ui, &state.library, card, out));
        ui.add_space(12.0);
        grade_buttons_ui(ui, study, now, out);
    } else {
        ui.add_space(16.0);
        let button = egui::Button::new(RichText::new(UiCommand::ShowAnswer.label()).size(18.0))
            .min_size(egui::vec2(220.0, 44.0));
        let hint = UiCommand::ShowAnswer.shortcut_text(ui.ctx());
        if ui.add(button).on_hover_text(format!("{} ({hint})", UiCommand::ShowAnswer.tooltip())).clicked() {
            out.push(Command::Ui(UiCommand::ShowAnswer));
        }
        weak(ui, hint);
    }
    ui.add_space(12.0);
    undo_ui(ui, study, out);
}

/// The linked unit (a link to the chart) and the sources of the answer.
fn answer_context_ui(ui: &mut Ui, library: &Library, card: &StudyCard, out: &mut Vec<Command>) {
    let chart = &library.chart;
    if let Some(unit_id) = &card.card.unit {
        ui.horizontal_wrapped(|ui| {
            weak(ui, "On the chart:");
            match chart.unit(unit_id) {
                Some(unit) => {
                    if ui.link(&unit.name).on_hover_text("Show this unit on the chart").clicked() {
                        out.push(Command::ShowUnit(unit_id.clone()));
                    }
                }
                None => weak(ui, format!("{unit_id} (not in the loaded chart)")),
            }
        });
    }
    let deck_sources = library.deck(&card.deck_id).map(|d| d.sources.as_slice()).unwrap_or_default();
    for id in &card.card.sources {
        let text = match chart.source(id).or_else(|| deck_sources.iter().find(|s| s.id == *id)) {
            Some(s) => {
                let mut t = format!("Source: {}", s.title);
                if !s.author.is_empty() {
                    t.push_str(&format!(" — {}", s.author));
                }
                if let Some(d) = s.date {
                    t.push_str(&format!(", {}", d.display_long()));
                }
                t
            }
            None => format!("Source: {id}"),
        };
        weak(ui, text);
    }
}

fn grade_color(rating: Rating) -> Color32 {
    match rating {
        Rating::Again => Color32::from_rgb(0xC6, 0x4B, 0x3F),
        Rating::Hard => Color32::from_rgb(0xC9, 0x8A, 0x2B),
        Rating::Good => Color32::from_rgb(0x3E, 0x9A, 0x52),
        Rating::Easy => Color32::from_rgb(0x3A, 0x7B, 0xC8),
    }
}

fn grade_command(rating: Rating) -> UiCommand {
    match rating {
        Rating::Again => UiCommand::GradeAgain,
        Rating::Hard => UiCommand::GradeHard,
        Rating::Good => UiCommand::GradeGood,
        Rating::Easy => UiCommand::GradeEasy,
    }
}

/// Again / Hard / Good / Easy, each with the interval it would give.
fn grade_buttons_ui(ui: &mut Ui, study: &Study, now: i64, out: &mut Vec<Command>) {
    let Some(previews) = study.previews(now) else { return };
    let width = 4.0 * 130.0 + 3.0 * ui.spacing().item_spacing.x;
    ui.allocate_ui_with_layout(egui::vec2(width, 64.0), Layout::left_to_right(Align::Center), |ui| {
        for (rating, next) in Rating::ALL.into_iter().zip(previews) {
            let command = grade_command(rating);
            let interval = format_interval(next.due - now);
            let button = grade_button(ui, rating, &interval);
            let hover = format!("{} ({})", command.tooltip(), command.shortcut_text(ui.ctx()));
            if button.on_hover_text(hover).clicked() {
                out.push(Command::Ui(command));
            }
        }
    });
    weak(ui, "Keys 1 2 3 4");
}

/// A coloured button with the grade on top and the interval it gives below, both centred.
fn grade_button(ui: &mut Ui, rating: Rating, interval: &str) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(130.0, 56.0), egui::Sense::click());
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{}\n{interval}", rating.label())));
    if ui.is_rect_visible(rect) {
        let mut fill = grade_color(rating);
        if response.hovered() {
            fill = fill.gamma_multiply(1.15);
        }
        let painter = ui.painter();
        painter.rect_filled(rect, 6.0, fill);
        if response.has_focus() {
            painter.rect_stroke(rect, 6.0, ui.visuals().selection.stroke, egui::StrokeKind::Outside);
        }
        let c = rect.center();
        let white = Color32::WHITE;
        painter.text(
            c - egui::vec2(0.0, 9.0),
            egui::Align2::CENTER_CENTER,
            rating.label(),
            egui::FontId::proportional(17.0),
            white,
        );
        painter.text(
            c + egui::vec2(0.0, 11.0),
            egui::Align2::CENTER_CENTER,
            interval,
            egui::FontId::proportional(15.0),
            white,
        );
    }
    response
}

fn undo_ui(ui: &mut Ui, study: &Study, out: &mut Vec<Command>) {
    if study.can_undo() {
        let command = UiCommand::UndoGrade;
        let text = format!("{} last grade ({})", command.label(), command.shortcut_text(ui.ctx()));
        if ui.small_button(text).on_hover_text(command.tooltip()).clicked() {
            out.push(Command::Ui(command));
        }
    }
}

/// No card to show: the session summary if cards were studied, when the next card is due, and the ways
/// to go on (more new cards, study ahead).
fn empty_ui(ui: &mut Ui, study: &Study, now: i64, out: &mut Vec<Command>) {
    let stats = study.stats();
    let q = study.queues();
    if q.in_scope == 0 {
        ui.heading("No cards here");
        ui.label("This selection has no cards. Choose another deck, tag or branch above.");
        return;
    }
    if stats.reviewed > 0 {
        ui.heading("Session complete");
        ui.add_space(6.0);
        let minutes = match (stats.first_review, stats.last_review) {
            (Some(a), Some(b)) => ((b - a) as f64 / 60.0).ceil().max(1.0) as i64,
            _ => 1,
        };
        ui.label(format!(
            "You reviewed {} card{} in about {minutes} minute{}.",
            stats.reviewed,
            if stats.reviewed == 1 { "" } else { "s" },
            if minutes == 1 { "" } else { "s" }
        ));
        let mut job = egui::text::LayoutJob::default();
        for (i, (rating, n)) in Rating::ALL.into_iter().zip(stats.by_rating).enumerate() {
            let sep = if i == 0 { "" } else { "    " };
            let format = egui::TextFormat {
                color: grade_color(rating),
                font_id: egui::FontId::proportional(15.0),
                ..Default::default()
            };
            job.append(&format!("{sep}{}: {n}", rating.label()), 0.0, format);
        }
        ui.label(job);
    } else {
        ui.heading("Nothing to study right now");
    }
    ui.add_space(10.0);
    match study.next_due() {
        Some(due) => {
            let when = format_wait(due - now);
            ui.label(format!("The next card is due {when} ({}).", local_time_label(study, due, now)));
        }
        None if study.new_waiting() == 0 => {
            ui.label("Every card in this selection has been studied and none is scheduled.");
        }
        None => {
            ui.label("No card you have studied is scheduled here yet.");
        }
    }
    ui.add_space(12.0);
    {
        let waiting = study.new_waiting();
        let n = study.settings().new_per_day.max(10).min(waiting as u32);
        if waiting > 0
            && ui
                .button(format!("Learn {n} more new card{}", if n == 1 { "" } else { "s" }))
                .on_hover_text(format!("{waiting} new cards in this selection are waiting beyond today's limit"))
                .clicked()
        {
            out.push(Command::Study(StudyCommand::MoreNew));
        }
        if study.can_study_ahead()
            && ui
                .button("Study ahead")
                .on_hover_text("Review the next cards before they are due (their intervals will be shorter)")
                .clicked()
        {
            out.push(Command::Study(StudyCommand::StudyAhead));
        }
    }
    ui.add_space(8.0);
    undo_ui(ui, study, out);
    if let Some(due) = study.next_due() {
        let wait = (due - now).clamp(1, 3600) as u64;
        ui.ctx().request_repaint_after(std::time::Duration::from_secs(wait));
    }
}

/// "at 14:32" today, "tomorrow at 09:10", "on 5 June 2025".
fn local_time_label(study: &Study, t: i64, now: i64) -> String {
    let offset = study.clock().utc_offset(t);
    let local = t + offset;
    let (hh, mm) = (local.rem_euclid(DAY) / 3600, local.rem_euclid(3600) / 60);
    let day = local.div_euclid(DAY);
    let today = (now + study.clock().utc_offset(now)).div_euclid(DAY);
    if day == today {
        format!("at {hh:02}:{mm:02}")
    } else if day == today + 1 {
        format!("tomorrow at {hh:02}:{mm:02}")
    } else {
        let (y, m, d) = crate::model::progress::civil_from_days(day);
        let month = MONTHS[(m as usize).clamp(1, 12) - 1];
        format!("on {d} {month} {y}")
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
