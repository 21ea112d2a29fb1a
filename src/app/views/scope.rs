//! The control that says which cards to study or be quizzed on: every card, the Essentials, one deck,
//! a tag, or a branch of the chart. Study and the Quiz share it.

use egui::Ui;

use crate::app::style::weak;
use crate::model::chart_cards::CHART_DECK_ID;
use crate::model::study::{ESSENTIALS_TAG, Study, StudyScope};
use crate::model::{Chart, Library};

/// A labelled combo box; returns the scope chosen this frame, if any.
pub fn scope_picker_ui(
    ui: &mut Ui,
    id: &str,
    current: &StudyScope,
    lib: &Library,
    study: &Study,
    hover: &str,
) -> Option<StudyScope> {
    let mut chosen: Option<StudyScope> = None;
    let label = ui.label("Cards:");
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(scope_name(current, lib, study))
        .width(300.0)
        .height(460.0)
        .show_ui(ui, |ui| {
            let mut item = |ui: &mut Ui, scope: StudyScope, text: String| {
                if ui.selectable_label(*current == scope, text).clicked() {
                    chosen = Some(scope);
                }
            };
            let cards = study.catalog().cards();
            item(ui, StudyScope::All, format!("All cards ({})", cards.len()));
            let essentials = cards.iter().filter(|c| c.card.tags.iter().any(|t| t == ESSENTIALS_TAG)).count();
            if essentials > 0 {
                item(ui, StudyScope::Essentials, format!("Essentials: what to know first ({essentials})"));
            }
            ui.separator();
            weak(ui, "Decks");
            for d in lib.decks.iter().map(|d| &d.deck).chain(std::iter::once(study.chart_deck())) {
                item(ui, StudyScope::Deck(d.id.clone()), format!("{} ({})", d.title, d.cards.len()));
            }
            ui.separator();
            weak(ui, "Tags");
            for tag in all_tags(study) {
                item(ui, StudyScope::Tag(tag.clone()), format!("#{tag}"));
            }
            ui.separator();
            weak(ui, "Chart branches");
            for (depth, id, name) in branch_order(&lib.chart) {
                item(ui, StudyScope::Branch(id), format!("{}{name}", "   ".repeat(depth)));
            }
        });
    combo.response.labelled_by(label.id).on_hover_text(hover);
    chosen
}

pub fn scope_name(scope: &StudyScope, lib: &Library, study: &Study) -> String {
    match scope {
        StudyScope::All => "All cards".to_owned(),
        StudyScope::Essentials => "Essentials".to_owned(),
        StudyScope::Deck(id) if id == CHART_DECK_ID => study.chart_deck().title.clone(),
        StudyScope::Deck(id) => lib.deck(id).map_or_else(|| format!("Deck {id}"), |d| d.title.clone()),
        StudyScope::Tag(t) => format!("Tag #{t}"),
        StudyScope::Branch(u) => {
            format!("Branch: {}", lib.chart.unit(u).map_or(u.as_str(), |u| u.name.as_str()))
        }
    }
}

fn all_tags(study: &Study) -> Vec<String> {
    let mut tags: Vec<String> = study.catalog().cards().iter().flat_map(|c| c.card.tags.iter().cloned()).collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// Units in chart order (each root, then its children, depth first) with their depth.
fn branch_order(chart: &Chart) -> Vec<(usize, String, String)> {
    let mut children: std::collections::HashMap<&str, Vec<&crate::model::Unit>> = Default::default();
    let mut roots = Vec::new();
    for u in &chart.units {
        match u.parent.as_deref().filter(|p| chart.unit(p).is_some()) {
            Some(p) => children.entry(p).or_default().push(u),
            None => roots.push(u),
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<(usize, &crate::model::Unit)> = roots.into_iter().rev().map(|u| (0, u)).collect();
    while let Some((depth, u)) = stack.pop() {
        if out.len() > chart.units.len() {
            break;
        }
        out.push((depth, u.id.clone(), u.name.clone()));
        if let Some(kids) = children.get(u.id.as_str()) {
            stack.extend(kids.iter().rev().map(|k| (depth + 1, *k)));
        }
    }
    out
}
