//! The legend: the branch colours present in the chart and the relation kinds drawn.

use egui::{Align2, CornerRadius, Id, Rect, RichText, Sense, Ui, vec2};

use super::paint::{mastery_color, relation_sample};
use crate::app::chart::ChartState;
use crate::app::style::branch_color;
use crate::model::{Branch, Chart};

/// Branch colours present in the chart and the relation kinds drawn, bottom left over the chart.
pub fn legend_ui(ui: &Ui, view: Rect, cs: &ChartState, chart: &Chart, relations: bool, mastery: bool) {
    let mut branches: Vec<Branch> = Vec::new();
    for u in &chart.units {
        if !branches.contains(&u.branch) {
            branches.push(u.branch);
        }
    }
    branches.sort();
    egui::Area::new(Id::unique("chart-legend"))
        .order(egui::Order::Middle)
        .pivot(Align2::LEFT_BOTTOM)
        .fixed_pos(view.left_bottom() + vec2(8.0, -8.0))
        .constrain_to(view)
        .default_width(340.0)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(340.0);
                ui.spacing_mut().item_spacing = vec2(4.0, 2.0);
                egui::CollapsingHeader::new("Legend").default_open(false).show(ui, |ui| {
                    if mastery {
                        ui.label(
                            RichText::new("How well you know each unit's cards (chance of recall now)").small().weak(),
                        );
                        let steps: [(Option<f64>, &str); 5] = [
                            (Some(0.5), "50% or less"),
                            (Some(0.7), "70%"),
                            (Some(0.85), "85%"),
                            (Some(0.95), "95% or more"),
                            (None, "not reviewed"),
                        ];
                        legend_grid(ui, "legend-mastery", 3, &steps, |ui, (m, label)| {
                            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                            ui.painter().rect_filled(rect, CornerRadius::same(3), mastery_color(*m));
                            ui.label(RichText::new(*label).small());
                        });
                    } else {
                        legend_grid(ui, "legend-branches", 3, &branches, |ui, b| {
                            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                            ui.painter().rect_filled(rect, CornerRadius::same(3), branch_color(*b));
                            ui.label(RichText::new(b.label()).small());
                        });
                    }
                    if relations {
                        ui.add_space(4.0);
                        let whose = if cs.relations_all { "Relations" } else { "Relations of the selected unit" };
                        ui.label(RichText::new(whose).small().weak());
                        legend_grid(ui, "legend-relations", 3, &cs.relations_shown, |ui, k| {
                            let (rect, _) = ui.allocate_exact_size(vec2(22.0, 12.0), Sense::hover());
                            relation_sample(ui.painter(), rect, *k);
                            ui.label(RichText::new(k.label()).small());
                        });
                    }
                });
            });
        });
}

/// Legend entries in a grid of `columns` columns, each an icon and a label.
fn legend_grid<T>(ui: &mut Ui, id: &str, columns: usize, items: &[T], entry: impl Fn(&mut Ui, &T)) {
    egui::Grid::new(id).num_columns(columns).spacing([10.0, 2.0]).show(ui, |ui| {
        for (i, item) in items.iter().enumerate() {
            ui.horizontal(|ui| entry(ui, item));
            if i % columns == columns - 1 {
                ui.end_row();
            }
        }
    });
}
