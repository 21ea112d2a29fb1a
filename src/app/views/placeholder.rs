//! A simple first form of the Stats view.

use egui::Ui;

use crate::app::state::AppState;
use crate::app::style::weak;
use crate::model::Branch;

pub fn stats_ui(ui: &mut Ui, state: &AppState) {
    ui.heading("Stats");
    let lib = &state.library;
    egui::Grid::new("stats-branches").num_columns(2).striped(true).show(ui, |ui| {
        for branch in Branch::ALL {
            let n = lib.chart.units.iter().filter(|u| u.branch == branch).count();
            if n > 0 {
                ui.label(branch.label());
                ui.label(format!("{n} units"));
                ui.end_row();
            }
        }
    });
    ui.add_space(8.0);
    egui::Grid::new("stats-decks").num_columns(2).striped(true).show(ui, |ui| {
        for d in &lib.decks {
            ui.label(&d.deck.title);
            ui.label(format!("{} cards", d.deck.cards.len()));
            ui.end_row();
        }
    });
    weak(ui, "Review history, retention and forecasts appear here once you study.");
}
