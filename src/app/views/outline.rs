//! The chart as an indented outline with a details panel: the first form of the Chart view.

use egui::{RichText, Ui};

use crate::app::state::{AppState, Command};
use crate::app::style::{ON_BRANCH, branch_color, weak};
use crate::app::views::details::unit_details_ui;
use crate::model::{Chart, Unit};

/// Units in outline order: each root, then its children depth-first, with their depth.
pub fn outline_order(chart: &Chart) -> Vec<(usize, &Unit)> {
    let mut out = Vec::with_capacity(chart.units.len());
    let mut children: std::collections::HashMap<&str, Vec<&Unit>> = std::collections::HashMap::new();
    let mut roots = Vec::new();
    for u in &chart.units {
        match u.parent.as_deref().filter(|p| chart.unit(p).is_some()) {
            Some(p) => children.entry(p).or_default().push(u),
            None => roots.push(u),
        }
    }
    let mut stack: Vec<(usize, &Unit)> = roots.into_iter().rev().map(|u| (0, u)).collect();
    while let Some((depth, u)) = stack.pop() {
        out.push((depth, u));
        if let Some(kids) = children.get(u.id.as_str()) {
            stack.extend(kids.iter().rev().map(|k| (depth + 1, *k)));
        }
    }
    out
}

pub fn outline_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    if chart.units.is_empty() {
        ui.label("No chart is loaded. Open a chart file (Ctrl+O) to see the structure of the state.");
        return;
    }
    egui::Panel::right("unit-details").resizable(true).default_size(380.0).show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            match state.selected_unit.as_deref().and_then(|id| chart.unit(id)) {
                Some(unit) => unit_details_ui(ui, &state.library, unit, None, out),
                None => {
                    ui.heading("Details");
                    weak(ui, "Select a unit on the left to see its functions, office holders, relations and sources.");
                }
            }
        });
    });
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (depth, unit) in outline_order(chart) {
            ui.horizontal(|ui| {
                ui.add_space(depth as f32 * 18.0);
                let selected = state.selected_unit.as_deref() == Some(unit.id.as_str());
                let text = RichText::new(&unit.name).color(ON_BRANCH).background_color(branch_color(unit.branch));
                if ui.selectable_label(selected, text).clicked() {
                    out.push(Command::SelectUnit(Some(unit.id.clone())));
                }
                if let Some(h) = unit.holders.last() {
                    weak(ui, &h.name);
                }
            });
        }
    });
}
