//! The Chart view: the organisational chart as a tidy tree in a pan-and-zoom scene, with a toolbar
//! (search, the "as of" year, relation kinds, expand/collapse, fit/reset), search results, a legend
//! and the details of the selected unit.
//!
//! The drawing is split as rerun's graph views are: [`scene`] is the one widget that shows the chart
//! (exploring it here; picking a unit or naming a hidden one in the quiz), [`paint`] how boxes and lines
//! look, [`legend`] the key to the colours and lines.

pub mod legend;
pub mod paint;
pub mod scene;

use egui::{Id, RichText, Sense, Ui, vec2};

use crate::app::chart::{ChartCommand, ChartState};
use crate::app::command::UiCommand;
use crate::app::state::{AppState, Command};
use crate::app::style::weak;
use crate::app::views::details::unit_details_ui;
use crate::model::chart::Dated;
use crate::model::search::Field;
use crate::model::{RelationKind, Unit};
use paint::relation_sample;

pub use scene::{ChartUi, SceneClick, SceneMode};

pub fn chart_ui(ui: &mut Ui, state: &AppState, cui: &mut ChartUi, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    if chart.units.is_empty() {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.label("No chart is loaded. Open a chart file (Ctrl+O) to see the structure of the state.");
        });
        return;
    }
    egui::Panel::top("chart-toolbar").show(ui, |ui| toolbar_ui(ui, state, cui, out));
    egui::Panel::right("unit-details").resizable(true).default_size(360.0).min_size(240.0).show(ui, |ui| {
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| details_ui(ui, state, out));
    });
    if !state.chart.query.trim().is_empty() {
        egui::Panel::left("chart-results").resizable(true).default_size(260.0).min_size(180.0).show(ui, |ui| {
            results_ui(ui, state, out);
        });
    }
    egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
        let overlay = state.chart.mastery.then(|| state.stats.all().map(|s| s.units.as_slice())).flatten();
        let selected = state.selected_unit.as_deref();
        let clicked = scene::scene_ui(ui, chart, &state.chart, selected, cui, SceneMode::Explore, overlay);
        match clicked {
            Some(SceneClick::Select(id)) => out.push(Command::SelectUnit(Some(id))),
            Some(SceneClick::Toggle(id)) => out.push(Command::Chart(ChartCommand::Toggle(id))),
            Some(SceneClick::Pick(_)) | None => {}
        }
    });
}

fn toolbar_ui(ui: &mut Ui, state: &AppState, cui: &mut ChartUi, out: &mut Vec<Command>) {
    let chart_state = &state.chart;
    ui.add_space(3.0);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find");
        let mut query = chart_state.query.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut query)
                    .id(Id::unique("chart-search"))
                    .hint_text("Units, other names, office holders (Ctrl+F)")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if cui.applied_search_focus != state.search_focus {
            cui.applied_search_focus = state.search_focus;
            response.request_focus();
        }
        if response.changed() {
            out.push(Command::Chart(ChartCommand::Search(query)));
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            out.push(Command::Chart(ChartCommand::FocusBest));
        }
        ui.separator();

        if let Some((lo, hi)) = state.chart.year_range {
            let mut dated = chart_state.year.is_some();
            if ui.checkbox(&mut dated, "As of").on_hover_text("Show the structure as it was in one year").changed() {
                out.push(Command::Chart(ChartCommand::SetYear(dated.then_some(chart_state.year.unwrap_or(hi)))));
            }
            let mut year = chart_state.year.unwrap_or(hi);
            let slider = ui.add_enabled(dated, egui::Slider::new(&mut year, lo..=hi).text("Year").step_by(1.0));
            if slider.changed() {
                out.push(Command::Chart(ChartCommand::SetYear(Some(year))));
            }
            let mut hide = chart_state.hide_absent;
            if ui
                .add_enabled(dated, egui::Checkbox::new(&mut hide, "Hide absent"))
                .on_hover_text("Hide units not yet established or already abolished (otherwise they are faded)")
                .changed()
            {
                out.push(Command::Chart(ChartCommand::SetHideAbsent(hide)));
            }
            ui.separator();
        }

        ui.menu_button("Relations", |ui| {
            let mut all = chart_state.relations_all;
            if ui.checkbox(&mut all, "For every unit").on_hover_text("Otherwise only the selected unit's").changed() {
                out.push(Command::Chart(ChartCommand::ShowAllRelations(all)));
            }
            ui.separator();
            ui.label(RichText::new("Lines drawn besides the hierarchy").weak());
            for kind in RelationKind::ALL {
                if kind == RelationKind::SubordinateTo {
                    continue;
                }
                let mut shown = chart_state.relations_shown.contains(&kind);
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(vec2(28.0, 12.0), Sense::hover());
                    relation_sample(ui.painter(), rect, kind);
                    if ui.checkbox(&mut shown, kind.label()).changed() {
                        out.push(Command::Chart(ChartCommand::ShowRelations(kind, shown)));
                    }
                });
            }
        });
        ui.separator();
        let mut mastery = chart_state.mastery;
        let tip =
            format!("{} ({})", UiCommand::ToggleMastery.tooltip(), UiCommand::ToggleMastery.shortcut_text(ui.ctx()));
        if ui.checkbox(&mut mastery, "Mastery").on_hover_text(tip).changed() {
            out.push(Command::Chart(ChartCommand::ShowMastery(mastery)));
        }
        ui.separator();
        for c in [UiCommand::ExpandAll, UiCommand::CollapseAll, UiCommand::FitChart, UiCommand::ResetChart] {
            let tip = format!("{} ({})", c.tooltip(), c.shortcut_text(ui.ctx()));
            if ui.button(c.label()).on_hover_text(tip).clicked() {
                out.push(Command::Ui(c));
            }
        }
    });
    ui.add_space(3.0);
}

fn results_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    let hits = &state.chart.hits;
    ui.add_space(4.0);
    if hits.is_empty() {
        ui.label(RichText::new("No unit or office holder matches.").strong());
        weak(ui, "Try part of a name, another spelling, or Cyrillic.");
        return;
    }
    let n = hits.len();
    ui.label(RichText::new(if n == 1 { "1 match".to_owned() } else { format!("{n} matches") }).strong());
    weak(ui, "Enter shows the first; click any to show it.");
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        for hit in hits {
            let Some(unit) = chart.units.get(hit.unit) else { continue };
            let selected = state.selected_unit.as_deref() == Some(unit.id.as_str());
            let response = ui.selectable_label(selected, &unit.name);
            match hit.field {
                Field::Name => {}
                Field::Alias => weak(ui, format!("   also called {}", hit.matched)),
                Field::Holder => weak(ui, format!("   held by {}", hit.matched)),
            }
            if response.clicked() {
                out.push(Command::Chart(ChartCommand::Focus(unit.id.clone())));
            }
        }
    });
}

fn details_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    let Some(unit) = state.selected_unit.as_deref().and_then(|id| chart.unit(id)) else {
        ui.add_space(6.0);
        ui.heading("Details");
        ui.label("Click a box to see the unit's functions, office holders, relations, sources and cards.");
        ui.add_space(6.0);
        for c in [
            UiCommand::FindInChart,
            UiCommand::SelectParent,
            UiCommand::SelectChild,
            UiCommand::SelectPrevious,
            UiCommand::SelectNext,
            UiCommand::ToggleSubtree,
            UiCommand::FitChart,
            UiCommand::ResetChart,
        ] {
            weak(ui, format!("{}: {}", c.shortcut_text(ui.ctx()), c.label()));
        }
        weak(ui, "Drag to pan, mouse wheel to zoom.");
        return;
    };
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        if ui.button("Study this branch").on_hover_text("Flashcards about this unit and every unit below it").clicked()
        {
            out.push(Command::StudyBranch(unit.id.clone()));
        }
        if ui.button("Quiz this branch").on_hover_text("The cards about this unit and every unit below it").clicked() {
            out.push(Command::QuizBranch(unit.id.clone()));
        }
    });
    if let Some(year) = state.chart.year {
        weak(ui, format!("As of {year} (or as last reported before it); below, what applied then is in bold."));
        if !unit.exists_in(year) {
            ui.label(RichText::new(format!("Did not exist in {year}.")).italics());
        }
        if !unit.holders.is_empty() {
            let names: Vec<&str> = unit.holders_in(year).into_iter().map(|h| h.name.as_str()).collect();
            let names = if names.is_empty() { "not known from the sources".to_owned() } else { names.join(", ") };
            ui.label(RichText::new(format!("In office in {year}: {names}")).strong());
        }
        for f in unit.facts_in(year) {
            let when = f.time_context();
            let when = if when.is_empty() { String::new() } else { format!(" ({when})") };
            ui.label(RichText::new(format!("{}: {}{when}", f.label, f.value)).strong());
        }
    }
    if let Some(stats) = state.stats.all().filter(|_| state.chart.mastery)
        && let Some(i) = state.chart.unit_index(&unit.id)
    {
        let (own, all) =
            (stats.units.get(i).copied().unwrap_or_default(), stats.subtrees.get(i).copied().unwrap_or_default());
        let line = |m: crate::model::stats::Mastery| match m.mean {
            Some(r) => format!("{:.0}% likely recalled now ({} of {} cards reviewed)", r * 100.0, m.reviewed, m.cards),
            None if m.cards == 0 => "no card".to_owned(),
            None => format!("none of its {} cards reviewed yet", m.cards),
        };
        ui.label(RichText::new(format!("Mastery: {}", line(own))).strong());
        if all.cards > own.cards {
            weak(ui, format!("With the units below it: {}", line(all)));
        }
    }
    ui.separator();
    unit_details_ui(ui, &state.library, unit, state.chart.year, out);
}

/// The unit's holders to show on its box: those in office in the year shown, or the latest known (in a
/// chart without any date, the undated ones).
pub(crate) fn holder_line(cs: &ChartState, unit: &Unit) -> Option<String> {
    let year = cs.year.or(cs.year_range.map(|r| r.1)).unwrap_or(i32::MAX);
    let names: Vec<&str> = unit.holders_in(year).into_iter().map(|h| h.name.as_str()).collect();
    (!names.is_empty()).then(|| names.join(" / "))
}
