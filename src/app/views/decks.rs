//! The Decks view: the loaded decks with their card counts, and the cards of the selected deck.

use egui::{RichText, Ui};

use crate::app::command::UiCommand;
use crate::app::state::{AppState, Command};
use crate::app::style::weak;

pub fn decks_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let lib = &state.library;
    ui.horizontal(|ui| {
        ui.heading("Decks");
        if ui.button("Open…").on_hover_text(UiCommand::Open.tooltip()).clicked() {
            out.push(Command::Ui(UiCommand::Open));
        }
    });
    if let Some(root) = state.deck_filter_unit.as_deref() {
        branch_cards_ui(ui, state, root, out);
        return;
    }
    if lib.decks.is_empty() {
        ui.label("No deck is loaded. Open a deck file (Ctrl+O) or drop one on the window.");
        return;
    }
    egui::Panel::left("deck-list").resizable(true).default_size(320.0).show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for d in &lib.decks {
                let selected = state.selected_deck.as_deref() == Some(d.deck.id.as_str());
                let label = format!("{} — {} cards", d.deck.title, d.deck.cards.len());
                let response = ui.selectable_label(selected, label).on_hover_text(d.origin.display());
                if response.clicked() {
                    out.push(Command::SelectDeck(Some(d.deck.id.clone())));
                }
            }
        });
    });
    let selected = state.selected_deck.as_deref().and_then(|id| lib.decks.iter().find(|d| d.deck.id == id));
    let Some(loaded) = selected else {
        weak(ui, "Select a deck to see its cards.");
        return;
    };
    let deck = &loaded.deck;
    ui.heading(&deck.title);
    if !deck.description.is_empty() {
        ui.label(&deck.description);
    }
    weak(ui, format!("{} cards · id {} · {}", deck.cards.len(), deck.id, loaded.origin.display()));
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("cards").num_columns(2).striped(true).show(ui, |ui| {
            ui.label(RichText::new("Front").strong());
            ui.label(RichText::new("Back").strong());
            ui.end_row();
            for card in &deck.cards {
                ui.label(&card.front);
                ui.label(&card.back);
                ui.end_row();
            }
        });
    });
}

/// The cards about a unit and every unit below it, from all loaded decks.
fn branch_cards_ui(ui: &mut Ui, state: &AppState, root: &str, out: &mut Vec<Command>) {
    let lib = &state.library;
    let branch = lib.chart.branch_ids(root);
    let name = lib.chart.unit(root).map_or(root, |u| u.name.as_str());
    let cards: Vec<_> = lib
        .decks
        .iter()
        .flat_map(|d| d.deck.cards.iter().map(move |c| (&d.deck, c)))
        .filter(|(_, c)| c.unit.as_deref().is_some_and(|u| branch.contains(u)))
        .collect();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Cards about {name} and the units below it: {}", cards.len())).strong());
        if ui.button("Show all decks").clicked() {
            out.push(Command::ClearDeckFilter);
        }
    });
    if cards.is_empty() {
        weak(ui, "No card in the loaded decks is about this part of the chart.");
        return;
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("branch-cards").num_columns(3).striped(true).show(ui, |ui| {
            ui.label(RichText::new("Front").strong());
            ui.label(RichText::new("Back").strong());
            ui.label(RichText::new("Deck").strong());
            ui.end_row();
            for (deck, card) in cards {
                ui.label(&card.front);
                ui.label(&card.back);
                weak(ui, &deck.title);
                ui.end_row();
            }
        });
    });
}
