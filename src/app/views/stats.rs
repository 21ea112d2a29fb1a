//! The Stats view: reviews per day by kind, true retention per week against the desired retention,
//! cards by state, the due forecast, time studied, mastery by branch with the weakest parts of the
//! chart to study next, and the exams taken on this machine. Each plot says in a line what it shows.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, Plot, PlotPoints, Points};

use crate::app::state::{AppState, Command};
use crate::app::stats::RANGES;
use crate::app::style::{branch_color, weak};
use crate::app::views::scope;
use crate::model::scheduler::DAY;
use crate::model::stats::{FORECAST_DAYS, HISTORY_DAYS, Stats};

const LEARNING: Color32 = Color32::from_rgb(0xE8, 0x9B, 0x3C);
const REVIEW: Color32 = Color32::from_rgb(0x4C, 0x9B, 0xE8);
const RELEARNING: Color32 = Color32::from_rgb(0xD9, 0x4F, 0x4F);
const NEW: Color32 = Color32::from_rgb(0x9A, 0x9A, 0x9A);
const PLOT_HEIGHT: f32 = 190.0;

pub fn stats_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let settings = &state.stats.settings;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let hover = "Figures for every card, the Essentials, one deck, a tag, or a branch of the chart";
        if let Some(s) = scope::scope_picker_ui(ui, "stats-scope", &settings.scope, &state.library, &state.study, hover)
        {
            out.push(Command::SetStatsScope(s));
        }
        ui.separator();
        ui.label("Days shown:");
        for days in RANGES {
            if ui.selectable_label(settings.days == days, format!("{days}")).clicked() {
                out.push(Command::SetStatsDays(days));
            }
        }
    });
    ui.separator();
    let Some(stats) = state.stats.view() else {
        ui.spinner();
        return;
    };
    if stats.is_empty() {
        empty_ui(ui, stats, out);
        return;
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        let width = ((ui.available_width() - 24.0) / 2.0).max(320.0);
        let retention = state.study.settings().desired_retention;
        egui::Grid::new("stats-grid").num_columns(2).spacing([24.0, 18.0]).show(ui, |ui| {
            section(
                ui,
                width,
                "Reviews per day",
                "Cards studied each day: new cards' first steps, reviews, and relearning after a lapse.",
                |ui| reviews_plot(ui, stats, settings.days),
            );
            section(
                ui,
                width,
                "True retention per week",
                "The share of review cards recalled (not graded Again), against the retention you aim for.",
                |ui| retention_plot(ui, stats, retention, settings.days),
            );
            ui.end_row();
            section(
                ui,
                width,
                "Due in the next 30 days",
                "Review cards falling due each day (today includes any overdue).",
                |ui| forecast_plot(ui, stats),
            );
            section(ui, width, "Time studied per day", "Minutes in which you reviewed at least one card.", |ui| {
                time_plot(ui, stats, settings.days)
            });
            ui.end_row();
            section(
                ui,
                width,
                "Cards by state",
                "New cards not yet seen, cards in their first steps, in review, and relearning.",
                |ui| states_ui(ui, stats),
            );
            section(
                ui,
                width,
                "Mastery by branch",
                "The mean chance of recalling a branch's cards now (reviewed cards only).",
                |ui| branches_plot(ui, stats),
            );
            ui.end_row();
            section(ui, width, "Weakest parts of the chart", "Study the parts you know least.", |ui| {
                weakest_ui(ui, state, stats, out)
            });
            section(
                ui,
                width,
                "Exams taken on this machine",
                "Scores of the exams whose results are in this machine's data folder.",
                |ui| exams_plot(ui, stats),
            );
            ui.end_row();
        });
    });
}

fn section(ui: &mut Ui, width: f32, title: &str, explanation: &str, body: impl FnOnce(&mut Ui)) {
    ui.vertical(|ui| {
        ui.set_width(width);
        ui.label(RichText::new(title).strong().size(15.0));
        weak(ui, explanation);
        body(ui);
    });
}

fn empty_ui(ui: &mut Ui, stats: &Stats, out: &mut Vec<Command>) {
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.heading("No reviews yet");
        ui.label(format!(
            "{} cards here are waiting. Once you study, this view shows your reviews per day, how much you \
             recall, what falls due next, the time you spent, and how well you know each branch of the chart.",
            stats.cards
        ));
        ui.add_space(10.0);
        if ui.button(RichText::new("Start studying").size(16.0)).clicked() {
            out.push(Command::Show(crate::app::state::View::Study));
        }
    });
}

/// x for the day `d` of [`Stats::days`]: days before today, as negative numbers.
fn day_x(d: usize) -> f64 {
    d as f64 - (HISTORY_DAYS as f64 - 1.0)
}

fn plot(id: &str) -> Plot<'static> {
    Plot::new(id.to_owned())
        .height(PLOT_HEIGHT)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
}

fn reviews_plot(ui: &mut Ui, stats: &Stats, days: usize) {
    let from = HISTORY_DAYS - days;
    let bars = |f: fn(&crate::model::stats::Day) -> u32| -> Vec<Bar> {
        stats.days[from..]
            .iter()
            .enumerate()
            .map(|(i, d)| Bar::new(day_x(from + i), f64::from(f(d))).width(0.8))
            .collect()
    };
    let learning = BarChart::new("Learning", bars(|d| d.learning)).color(LEARNING);
    let review = BarChart::new("Review", bars(|d| d.review)).color(REVIEW).stack_on(&[&learning]);
    let relearning =
        BarChart::new("Relearning", bars(|d| d.relearning)).color(RELEARNING).stack_on(&[&learning, &review]);
    plot("stats-reviews")
        .legend(Legend::default())
        .x_axis_label("days ago")
        .y_axis_label("reviews")
        .include_y(0.0)
        .show(ui, |p| {
            p.bar_chart(learning);
            p.bar_chart(review);
            p.bar_chart(relearning);
        });
}

fn retention_plot(ui: &mut Ui, stats: &Stats, desired: f64, days: usize) {
    let weeks = days.div_ceil(7).min(stats.weeks.len());
    let start = stats.weeks.len() - weeks;
    let points: Vec<[f64; 2]> = stats.weeks[start..]
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.retention().map(|r| [-((weeks - 1 - i) as f64), r * 100.0]))
        .collect();
    plot("stats-retention")
        .legend(Legend::default())
        .x_axis_label("weeks ago")
        .y_axis_label("% recalled")
        .default_x_bounds(-(weeks as f64), 0.5)
        .default_y_bounds(40.0, 102.0)
        .show(ui, |p| {
            p.hline(HLine::new(format!("Desired retention ({:.0}%)", desired * 100.0), desired * 100.0).color(NEW));
            p.line(Line::new("Retention", PlotPoints::from(points.clone())).color(REVIEW));
            p.points(Points::new("Weeks", PlotPoints::from(points)).radius(3.0).color(REVIEW));
        });
}

fn forecast_plot(ui: &mut Ui, stats: &Stats) {
    let bars: Vec<Bar> =
        stats.forecast.iter().enumerate().map(|(d, n)| Bar::new(d as f64, f64::from(*n)).width(0.8)).collect();
    let top = stats.forecast.iter().copied().max().unwrap_or(0).max(4);
    let chart = BarChart::new("Due", bars).color(REVIEW);
    plot("stats-due-forecast")
        .x_axis_label("days from today")
        .y_axis_label("cards due")
        .default_x_bounds(-0.6, FORECAST_DAYS as f64 - 0.4)
        .default_y_bounds(0.0, f64::from(top) * 1.15)
        .show(ui, |p| p.bar_chart(chart));
}

fn time_plot(ui: &mut Ui, stats: &Stats, days: usize) {
    let from = HISTORY_DAYS - days;
    let bars: Vec<Bar> = stats.days[from..]
        .iter()
        .enumerate()
        .map(|(i, d)| Bar::new(day_x(from + i), f64::from(d.active_minutes)).width(0.8))
        .collect();
    let top = stats.days[from..].iter().map(|d| d.active_minutes).max().unwrap_or(0).max(10);
    let chart = BarChart::new("Minutes", bars).color(LEARNING);
    plot("stats-time")
        .x_axis_label("days ago")
        .y_axis_label("minutes")
        .default_x_bounds(-(days as f64), 1.0)
        .default_y_bounds(0.0, f64::from(top) * 1.15)
        .show(ui, |p| p.bar_chart(chart));
}

fn states_ui(ui: &mut Ui, stats: &Stats) {
    let s = stats.states;
    let rows = [
        ("New", s.new, NEW),
        ("Learning", s.learning, LEARNING),
        ("Review", s.review, REVIEW),
        ("Relearning", s.relearning, RELEARNING),
    ];
    let total = rows.iter().map(|r| r.1).sum::<usize>().max(1);
    ui.add_space(6.0);
    egui::Grid::new("stats-states").num_columns(3).spacing([10.0, 6.0]).show(ui, |ui| {
        for (label, n, color) in rows {
            ui.label(label);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(220.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 3.0, ui.visuals().faint_bg_color);
            let w = rect.width() * n as f32 / total as f32;
            ui.painter().rect_filled(egui::Rect::from_min_size(rect.min, egui::vec2(w, rect.height())), 3.0, color);
            ui.label(format!("{n}"));
            ui.end_row();
        }
    });
}

fn branches_plot(ui: &mut Ui, stats: &Stats) {
    let reviewed: Vec<_> = stats.branches.iter().filter(|(_, m)| m.mean.is_some()).collect();
    if reviewed.is_empty() {
        weak(ui, "No card linked to a chart unit has been reviewed yet.");
        return;
    }
    let bars: Vec<Bar> = reviewed
        .iter()
        .enumerate()
        .map(|(i, (b, m))| {
            Bar::new(i as f64, m.mean.unwrap_or(0.0) * 100.0)
                .width(0.7)
                .name(format!("{} ({} of {} cards reviewed)", b.label(), m.reviewed, m.cards))
                .fill(branch_color(*b))
        })
        .collect();
    let labels: Vec<String> = reviewed.iter().map(|(b, _)| b.label().to_owned()).collect();
    let chart = BarChart::new("Mastery", bars).horizontal();
    plot("stats-branches")
        .y_axis_formatter(move |mark, _| {
            labels
                .get(mark.value.round() as usize)
                .filter(|_| mark.value.fract().abs() < 1e-6)
                .cloned()
                .unwrap_or_default()
        })
        .x_axis_label("% likely recalled now")
        .default_x_bounds(0.0, 100.0)
        .show(ui, |p| p.bar_chart(chart));
}

fn weakest_ui(ui: &mut Ui, state: &AppState, stats: &Stats, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    let parts = stats.weakest_parts(chart, 3);
    if parts.is_empty() {
        weak(ui, "Review some cards about the chart's units to see where you are weakest.");
        return;
    }
    egui::Grid::new("stats-weakest").num_columns(3).striped(true).spacing([12.0, 4.0]).show(ui, |ui| {
        for (i, m) in parts.into_iter().take(6) {
            let Some(unit) = chart.units.get(i) else { continue };
            ui.label(&unit.name);
            ui.label(format!("{:.0}% ({} of {} reviewed)", m.mean.unwrap_or(0.0) * 100.0, m.reviewed, m.cards));
            let study =
                ui.button("Study").on_hover_text(format!("Study the cards about {} and the units below it", unit.name));
            if study.clicked() {
                out.push(Command::StudyBranch(unit.id.clone()));
            }
            ui.end_row();
        }
    });
}

fn exams_plot(ui: &mut Ui, stats: &Stats) {
    if stats.exams.is_empty() {
        weak(ui, "No exam taken here yet. Teachers set exams in the Quiz view.");
        return;
    }
    let first = stats.exams[0].finished;
    let points: Vec<[f64; 2]> = stats
        .exams
        .iter()
        .map(|e| {
            [
                (e.finished - first) as f64 / DAY as f64,
                if e.total == 0 { 0.0 } else { 100.0 * e.score / e.total as f64 },
            ]
        })
        .collect();
    plot("stats-exams")
        .x_axis_label("days since the first exam")
        .y_axis_label("% score")
        .include_y(0.0)
        .include_y(100.0)
        .show(ui, |p| {
            p.line(Line::new("Score", PlotPoints::from(points.clone())).color(REVIEW));
            p.points(Points::new("Exams", PlotPoints::from(points)).radius(4.0).color(REVIEW));
        });
}
