//! The card table: front, back, tags, unit and due date of the cards the search and filters select,
//! sortable by each column; only the rows in sight are built, so 100,000 cards scroll smoothly.

use egui::{Align, Layout, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::app::decks::{DeckAction, SortKey};
use crate::app::state::{AppState, Command};
use crate::model::library::LoadedDeck;
use crate::model::scheduler::format_wait;

const ROW_HEIGHT: f32 = 22.0;

fn sort_header(ui: &mut Ui, state: &AppState, name: &str, key: SortKey, out: &mut Vec<Command>) {
    let arrow = match state.decks.sort {
        Some((k, false)) if k == key => " (A-Z)",
        Some((k, true)) if k == key => " (Z-A)",
        _ => "",
    };
    let button = egui::Button::new(RichText::new(format!("{name}{arrow}")).strong()).frame(false);
    if ui.add(button).on_hover_text(format!("Sort by {}; again to reverse", name.to_lowercase())).clicked() {
        out.push(Command::Decks(DeckAction::SortBy(key)));
    }
}

/// One line of a field for a table cell.
fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// `scroll_to`: a row (position in the table) to bring into sight.
pub fn card_table_ui(
    ui: &mut Ui,
    state: &AppState,
    loaded: &LoadedDeck,
    scroll_to: Option<usize>,
    out: &mut Vec<Command>,
) {
    let decks = &state.decks;
    let deck = &loaded.deck;
    if decks.rows.is_empty() {
        ui.add_space(12.0);
        ui.label(RichText::new("No card matches the search and filters.").weak());
        return;
    }
    let chart = &state.library.chart;
    let progress = state.study.progress();
    let now = state.study.now();
    let selected = decks.selected_card;
    let width = ui.available_width();
    let mut table = TableBuilder::new(ui)
        .id_salt(("card-table", &deck.id))
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        // Fractions of the width there is, so the table never runs under the form beside it.
        .column(Column::exact((width * 0.34).max(80.0)).clip(true))
        .column(Column::exact((width * 0.24).max(60.0)).clip(true))
        .column(Column::exact((width * 0.14).max(40.0)).clip(true))
        .column(Column::exact((width * 0.16).max(40.0)).clip(true))
        .column(Column::remainder().clip(true))
        .min_scrolled_height(0.0);
    if let Some(row) = scroll_to {
        table = table.scroll_to_row(row, None);
    }
    table
        .header(ROW_HEIGHT + 2.0, |mut header| {
            header.col(|ui| sort_header(ui, state, "Front", SortKey::Front, out));
            header.col(|ui| sort_header(ui, state, "Back", SortKey::Back, out));
            header.col(|ui| sort_header(ui, state, "Tags", SortKey::Tags, out));
            header.col(|ui| sort_header(ui, state, "Unit", SortKey::Unit, out));
            header.col(|ui| sort_header(ui, state, "Due", SortKey::Due, out));
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, decks.rows.len(), |mut row| {
                let Some(&i) = decks.rows.get(row.index()) else { return };
                let Some(card) = deck.cards.get(i) else { return };
                row.set_selected(selected == Some(i));
                let mut clicked = false;
                row.col(|ui| {
                    let front = first_line(&card.front);
                    let text = if front.trim().is_empty() {
                        RichText::new("(no front yet)").italics().color(ui.visuals().error_fg_color)
                    } else {
                        RichText::new(front)
                    };
                    clicked |= ui.add(egui::Button::new(text).frame(false).truncate()).clicked();
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(first_line(&card.back)).truncate().selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(card.tags.join(" ")).truncate().selectable(false));
                });
                row.col(|ui| {
                    let unit = card.unit.as_deref().map(|id| chart.unit(id).map_or(id, |u| u.name.as_str()));
                    ui.add(egui::Label::new(unit.unwrap_or("")).truncate().selectable(false));
                });
                row.col(|ui| {
                    let schedule = progress.card(&deck.id, &card.id).and_then(|p| p.schedule.as_ref());
                    let due = schedule.map_or_else(|| "new".to_owned(), |s| format_wait(s.due - now));
                    ui.add(egui::Label::new(RichText::new(due).weak()).selectable(false));
                });
                if clicked || row.response().clicked() {
                    out.push(Command::Decks(DeckAction::SelectCard(Some(i))));
                }
            });
        });
}
