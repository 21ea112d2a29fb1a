//! The Decks view: the loaded decks with their card and due counts, the toolbar (new, open, import,
//! save, close, undo), the card table with its search and filters, and the selected card's form.

use egui::{Align, Layout, RichText, Ui};

use crate::app::command::UiCommand;
use crate::app::decks::DeckAction;
use crate::app::state::{AppState, Command};
use crate::app::style::{error_label, weak};
use crate::model::library::{LoadedDeck, Origin};
use crate::model::text::count;

pub use super::deck_form::FormUi;

/// What only the view holds: text being typed that is not yet a value of the deck.
#[derive(Debug, Default)]
pub struct DecksUi {
    pub form: FormUi,
    /// The last `search_focus` seen, to put the keyboard in the search field once per Ctrl+F.
    search_focus_seen: u64,
    /// The card selected when last drawn: a new selection is scrolled into sight.
    last_selected: Option<(String, usize)>,
}

/// The unsaved marker after a deck's title, in the tab and the list.
pub const UNSAVED: &str = "•";

fn deck_command(ui: &mut Ui, command: UiCommand, enabled: bool, out: &mut Vec<Command>) {
    let text = format!("{} ({})", command.tooltip(), command.shortcut_text(ui.ctx()));
    if ui.add_enabled(enabled, egui::Button::new(command.label())).on_hover_text(text).clicked() {
        out.push(Command::Ui(command));
    }
}

pub fn decks_ui(ui: &mut Ui, state: &AppState, dui: &mut DecksUi, out: &mut Vec<Command>) {
    let lib = &state.library;
    let selected = state.selected_deck.as_deref().and_then(|id| lib.decks.iter().find(|d| d.deck.id == id));
    let user = selected.filter(|d| !matches!(d.origin, Origin::Bundled(_)));
    let session = selected.and_then(|d| state.decks.sessions.get(&d.deck.id));
    ui.horizontal_wrapped(|ui| {
        ui.heading("Decks");
        ui.add_space(8.0);
        deck_command(ui, UiCommand::NewDeck, true, out);
        if ui.button("Open…").on_hover_text(UiCommand::Open.tooltip()).clicked() {
            out.push(Command::Ui(UiCommand::Open));
        }
        recent_ui(ui, state, out);
        deck_command(ui, UiCommand::ImportDeck, true, out);
        ui.separator();
        deck_command(ui, UiCommand::SaveDeck, user.is_some(), out);
        deck_command(ui, UiCommand::SaveDeckAs, user.is_some(), out);
        deck_command(ui, UiCommand::CloseDeck, user.is_some(), out);
        ui.separator();
        deck_command(ui, UiCommand::UndoEdit, session.is_some_and(|s| s.history.can_undo()), out);
        deck_command(ui, UiCommand::RedoEdit, session.is_some_and(|s| s.history.can_redo()), out);
        if state.decks.dialog_open() {
            ui.spinner();
            ui.label("Waiting for the file dialog…");
        }
    });
    if let Some(root) = state.deck_filter_unit.as_deref() {
        branch_cards_ui(ui, state, root, out);
        return;
    }
    egui::Panel::left("deck-list").resizable(true).default_size(280.0).show(ui, |ui| deck_list_ui(ui, state, out));
    let Some(loaded) = selected else {
        ui.add_space(12.0);
        if lib.decks.is_empty() {
            weak(ui, "No deck is loaded. Open a deck file (Ctrl+O), drop one on the window, or start a new deck.");
        } else {
            weak(ui, "Select a deck on the left to see and edit its cards, or start a new deck (Ctrl+Shift+N).");
        }
        return;
    };
    // The form first, so that the header and the table keep to the space left of it.
    if state.decks.selected_card.is_some() {
        egui::Panel::right("card-form").resizable(true).default_size(380.0).show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("card-form-scroll").show(ui, |ui| {
                super::deck_form::card_form_ui(ui, state, loaded, user.is_some(), &mut dui.form, out);
            });
        });
    }
    deck_header_ui(ui, state, loaded, out);
    ui.separator();
    let editable = user.is_some();
    let focus = state.decks.search_focus != dui.search_focus_seen;
    dui.search_focus_seen = state.decks.search_focus;
    filters_ui(ui, state, loaded, focus, out);
    if loaded.deck.cards.is_empty() {
        ui.add_space(12.0);
        if editable {
            weak(ui, "This deck has no cards yet: Add card (Ctrl+N).");
        } else {
            weak(ui, "This deck has no cards.");
        }
        if editable && ui.button("Add card").clicked() {
            out.push(Command::Ui(UiCommand::AddCard));
        }
        return;
    }
    let current = state.decks.selected_card.map(|i| (loaded.deck.id.clone(), i));
    let scroll_to = if current != dui.last_selected {
        dui.last_selected = current;
        state.decks.selected_card.and_then(|i| state.decks.rows.iter().position(|&r| r == i))
    } else {
        None
    };
    super::deck_table::card_table_ui(ui, state, loaded, scroll_to, out);
}

fn recent_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let recent = &state.decks.settings.recent;
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Recent", |ui| {
            for path in recent {
                if ui.button(path.display().to_string()).clicked() {
                    out.push(Command::OpenPaths(vec![path.clone()]));
                    ui.close();
                }
            }
        })
        .response
        .on_hover_text("Deck files opened or saved lately")
        .on_disabled_hover_text("Deck files you open or save will be listed here");
    });
}

fn deck_list_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let lib = &state.library;
    ui.label(RichText::new(format!("Loaded decks ({})", lib.decks.len())).strong());
    ui.add_space(4.0);
    egui::ScrollArea::vertical().id_salt("deck-list-scroll").show(ui, |ui| {
        for d in &lib.decks {
            let selected = state.selected_deck.as_deref() == Some(d.deck.id.as_str());
            let unsaved = state.decks.is_unsaved(&d.deck.id);
            let title = if unsaved { format!("{} {UNSAVED}", d.deck.title) } else { d.deck.title.clone() };
            let due = state.decks.due_count(&d.deck.id);
            let counts = format!("{} cards · {due} due · {}", count(d.deck.cards.len()), where_label(state, d));
            let mut job = egui::text::LayoutJob::default();
            let style = ui.style().clone();
            RichText::new(format!("{title}\n")).strong().append_to(
                &mut job,
                &style,
                egui::FontSelection::Default,
                Align::Min,
            );
            RichText::new(counts).weak().append_to(&mut job, &style, egui::FontSelection::Default, Align::Min);
            let response = ui.add(egui::Button::selectable(selected, job).wrap_mode(egui::TextWrapMode::Wrap));
            let hover = if unsaved { "Unsaved changes" } else { "Show this deck's cards" };
            if response.on_hover_text(hover).clicked() {
                out.push(Command::SelectDeck(Some(d.deck.id.clone())));
            }
            ui.add_space(2.0);
        }
    });
}

/// Where a deck lives: "bundled, read-only", its path, or "not saved yet".
fn where_label(state: &AppState, d: &LoadedDeck) -> String {
    match &d.origin {
        Origin::Bundled(_) => "bundled, read-only".to_owned(),
        Origin::File(_) => match state.decks.path_of(d) {
            Some(p) => p.display().to_string(),
            None => "not saved yet".to_owned(),
        },
    }
}

fn deck_header_ui(ui: &mut Ui, state: &AppState, loaded: &LoadedDeck, out: &mut Vec<Command>) {
    let deck = &loaded.deck;
    let bundled = matches!(loaded.origin, Origin::Bundled(_));
    ui.horizontal(|ui| {
        let unsaved = state.decks.is_unsaved(&deck.id);
        let title = if unsaved { format!("{} {UNSAVED}", deck.title) } else { deck.title.clone() };
        ui.heading(title);
        if bundled {
            ui.label(RichText::new("read-only").weak());
            let b = ui.button("Duplicate to edit").on_hover_text(
                "A copy of your own, with a new deck id: its study progress is kept apart from this deck's",
            );
            if b.clicked() {
                out.push(Command::Decks(DeckAction::DuplicateToEdit));
            }
        }
    });
    if !bundled {
        ui.horizontal(|ui| {
            let label = ui.label("Title:");
            let mut title = deck.title.clone();
            let edit = ui.add(egui::TextEdit::singleline(&mut title).desired_width(320.0)).labelled_by(label.id);
            if edit.changed() {
                out.push(Command::Decks(DeckAction::SetDeck(crate::model::edit::DeckField::Title(title))));
            }
        });
        if deck.title.trim().is_empty() {
            error_label(ui, "The deck needs a title.");
        }
    } else if !deck.description.is_empty() {
        ui.label(&deck.description);
    }
    weak(ui, format!("{} cards · id {} · {}", count(deck.cards.len()), deck.id, where_label(state, loaded)));
}

fn filters_ui(ui: &mut Ui, state: &AppState, loaded: &LoadedDeck, focus: bool, out: &mut Vec<Command>) {
    let decks = &state.decks;
    ui.horizontal_wrapped(|ui| {
        let mut text = decks.query.text.clone();
        let search = egui::TextEdit::singleline(&mut text)
            .hint_text("Search cards (Ctrl+F): front, back, answers, tags, unit, note")
            .desired_width(320.0);
        let response = ui.add(search);
        if focus {
            response.request_focus();
        }
        if response.changed() {
            out.push(Command::Decks(DeckAction::Search(text)));
        }
        let tag_text = decks.query.tag.clone().unwrap_or_else(|| "any tag".to_owned());
        let label = ui.label("Tag:");
        let combo = egui::ComboBox::from_id_salt("tag-filter").selected_text(tag_text).show_ui(ui, |ui| {
            if ui.selectable_label(decks.query.tag.is_none(), "any tag").clicked() {
                out.push(Command::Decks(DeckAction::FilterTag(None)));
            }
            // Gathered only while the list is open: a pass over every card.
            for t in loaded.deck.tags() {
                if ui.selectable_label(decks.query.tag.as_deref() == Some(t), t).clicked() {
                    out.push(Command::Decks(DeckAction::FilterTag(Some(t.to_owned()))));
                }
            }
        });
        combo.response.labelled_by(label.id);
        let chart = &state.library.chart;
        let branch_text = decks
            .branch
            .as_deref()
            .map_or_else(|| "any part of the chart".to_owned(), |id| chart.unit(id).map_or(id, |u| &u.name).to_owned());
        let label = ui.label("Chart branch:");
        let combo =
            egui::ComboBox::from_id_salt("branch-filter").selected_text(branch_text).width(220.0).show_ui(ui, |ui| {
                if ui.selectable_label(decks.branch.is_none(), "any part of the chart").clicked() {
                    out.push(Command::Decks(DeckAction::FilterBranch(None)));
                }
                let used: std::collections::HashSet<&str> =
                    loaded.deck.cards.iter().filter_map(|c| c.unit.as_deref()).collect();
                for u in chart.units.iter().filter(|u| used.contains(u.id.as_str()) || u.parent.is_none()) {
                    let on = decks.branch.as_deref() == Some(u.id.as_str());
                    if ui.selectable_label(on, &u.name).on_hover_text("This unit and the units below it").clicked() {
                        out.push(Command::Decks(DeckAction::FilterBranch(Some(u.id.clone()))));
                    }
                }
            });
        combo.response.labelled_by(label.id);
        if let Some(unit) = &decks.branch {
            if ui.button("Study this branch").clicked() {
                out.push(Command::StudyBranch(unit.clone()));
            }
            if ui.button("Quiz this branch").clicked() {
                out.push(Command::QuizBranch(unit.clone()));
            }
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            weak(ui, format!("{} of {} cards", count(decks.rows.len()), count(loaded.deck.cards.len())));
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
        if ui.button("Study this branch").clicked() {
            out.push(Command::StudyBranch(root.to_owned()));
        }
        if ui.button("Quiz this branch").clicked() {
            out.push(Command::QuizBranch(root.to_owned()));
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
