//! The selected card's edit form: every field, the problems of each as the author types, a searchable
//! picker over the chart's units and one over the known sources, and the id change that asks first.

use egui::{RichText, Ui};

use crate::app::command::UiCommand;
use crate::app::decks::DeckAction;
use crate::app::state::{AppState, Command};
use crate::app::style::{error_label, weak};
use crate::model::deck::Card;
use crate::model::edit::{CardField, CardProblem, FieldKind, card_problems};
use crate::model::library::LoadedDeck;
use crate::model::text::fold;
use crate::model::validate::Refs;

/// Units listed at once in the unit picker.
const UNIT_RESULTS: usize = 60;

/// Text typed into the form that is not (yet) a value of the card: the id until it is confirmed, and
/// list fields, whose text keeps separators the parsed value drops.
#[derive(Debug, Default)]
pub struct FormUi {
    for_card: Option<(String, usize)>,
    pub id: String,
    /// The card's id when `id` was last set from it.
    id_base: String,
    accept: String,
    wrong: String,
    tags: String,
    unit_search: String,
}

/// How a list field is written in its text box.
#[derive(Clone, Copy)]
enum ListText {
    /// One item a line.
    Lines,
    /// Separated by spaces or commas.
    Words,
}

impl ListText {
    fn parse(self, text: &str) -> Vec<String> {
        match self {
            ListText::Lines => text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            ListText::Words => {
                text.split([' ', ',', '\t', '\n']).filter(|w| !w.is_empty()).map(str::to_owned).collect()
            }
        }
    }

    fn format(self, items: &[String]) -> String {
        match self {
            ListText::Lines => items.join("\n"),
            ListText::Words => items.join(" "),
        }
    }
}

fn problems_ui(ui: &mut Ui, problems: &[CardProblem], field: FieldKind) {
    for p in problems.iter().filter(|p| p.field == field) {
        error_label(ui, p.message.clone());
    }
}

fn field_label(ui: &mut Ui, text: &str) -> egui::Response {
    ui.add_space(4.0);
    ui.label(RichText::new(text).strong())
}

pub fn card_form_ui(
    ui: &mut Ui,
    state: &AppState,
    loaded: &LoadedDeck,
    editable: bool,
    form: &mut FormUi,
    out: &mut Vec<Command>,
) {
    let deck = &loaded.deck;
    let Some(index) = state.decks.selected_card else { return };
    let Some(card) = deck.cards.get(index) else { return };
    let key = (deck.id.clone(), index);
    if form.for_card.as_ref() != Some(&key) {
        form.for_card = Some(key);
        form.id = card.id.clone();
        form.id_base = card.id.clone();
        form.unit_search.clear();
    }
    let set =
        |out: &mut Vec<Command>, field: CardField| out.push(Command::Decks(DeckAction::SetField { index, field }));
    let refs = Refs::of_chart(&state.library.chart);
    let problems = card_problems(deck, index, &refs);

    ui.horizontal(|ui| {
        ui.heading(format!("Card {} of {}", index + 1, deck.cards.len()));
        if ui.small_button("Close").on_hover_text("Close the form").clicked() {
            out.push(Command::Decks(DeckAction::SelectCard(None)));
        }
    });
    if !editable {
        weak(ui, "A bundled deck is read-only: “Duplicate to edit” makes a copy of your own.");
    }
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal(|ui| {
            if ui.button(UiCommand::DuplicateCard.label()).on_hover_text(UiCommand::DuplicateCard.tooltip()).clicked() {
                out.push(Command::Ui(UiCommand::DuplicateCard));
            }
            if ui.button(UiCommand::DeleteCard.label()).on_hover_text(UiCommand::DeleteCard.tooltip()).clicked() {
                out.push(Command::Ui(UiCommand::DeleteCard));
            }
        });

        id_ui(ui, state, card, form, &problems, out, index);

        let label = field_label(ui, "Front (question)");
        let mut front = card.front.clone();
        let edit = egui::TextEdit::multiline(&mut front).desired_rows(2).desired_width(f32::INFINITY);
        if ui.add(edit).labelled_by(label.id).changed() {
            set(out, CardField::Front(front));
        }
        problems_ui(ui, &problems, FieldKind::Front);

        let label = field_label(ui, "Back (answer)");
        let mut back = card.back.clone();
        let edit = egui::TextEdit::multiline(&mut back).desired_rows(2).desired_width(f32::INFINITY);
        if ui.add(edit).labelled_by(label.id).changed() {
            set(out, CardField::Back(back));
        }
        problems_ui(ui, &problems, FieldKind::Back);

        let accepted = list_ui(ui, "Accepted answers (one a line)", &mut form.accept, &card.accept, ListText::Lines);
        if let Some(v) = accepted {
            set(out, CardField::Accept(v));
        }
        problems_ui(ui, &problems, FieldKind::Accept);

        let wrong =
            list_ui(ui, "Wrong options for quizzes (one a line)", &mut form.wrong, &card.wrong, ListText::Lines);
        if let Some(v) = wrong {
            set(out, CardField::Wrong(v));
        }
        problems_ui(ui, &problems, FieldKind::Wrong);

        if let Some(v) = list_ui(ui, "Tags (separated by spaces)", &mut form.tags, &card.tags, ListText::Words) {
            set(out, CardField::Tags(v));
        }
        problems_ui(ui, &problems, FieldKind::Tags);

        unit_picker_ui(ui, state, card, &mut form.unit_search, index, out);
        problems_ui(ui, &problems, FieldKind::Unit);

        sources_ui(ui, state, loaded, card, index, out);
        problems_ui(ui, &problems, FieldKind::Sources);

        let label = field_label(ui, "Note");
        let mut note = card.note.clone();
        let edit = egui::TextEdit::multiline(&mut note).desired_rows(2).desired_width(f32::INFINITY);
        if ui.add(edit).labelled_by(label.id).changed() {
            set(out, CardField::Note(note));
        }
        problems_ui(ui, &problems, FieldKind::Note);
    });
}

/// The id: typed freely, applied only with "Change id" after the warning that progress follows it.
fn id_ui(
    ui: &mut Ui,
    state: &AppState,
    card: &Card,
    form: &mut FormUi,
    problems: &[CardProblem],
    out: &mut Vec<Command>,
    index: usize,
) {
    if form.id_base != card.id {
        // Changed from elsewhere (undo, redo, the change just made).
        form.id = card.id.clone();
        form.id_base = card.id.clone();
    }
    let label = field_label(ui, "Id");
    let response = ui.add(egui::TextEdit::singleline(&mut form.id).desired_width(f32::INFINITY)).labelled_by(label.id);
    let changed = form.id.trim() != card.id;
    if !changed && !response.has_focus() && form.id != card.id {
        form.id = card.id.clone();
    }
    if changed {
        let studied = state.study.progress().card(state.selected_deck.as_deref().unwrap_or(""), &card.id).is_some();
        let what = if studied {
            "This card has study progress, kept under its id: with a new id it starts afresh."
        } else {
            "Progress is kept by id: with a new id the card starts afresh."
        };
        error_label(ui, what);
        ui.horizontal(|ui| {
            if ui.button("Change id").clicked() {
                out.push(Command::Decks(DeckAction::SetField {
                    index,
                    field: CardField::Id(form.id.trim().to_owned()),
                }));
            }
            if ui.button("Keep the old id").clicked() {
                form.id = card.id.clone();
            }
        });
    }
    problems_ui(ui, problems, FieldKind::Id);
}

/// A list field edited as text; the new list when the text now says something else.
fn list_ui(ui: &mut Ui, title: &str, text: &mut String, value: &[String], style: ListText) -> Option<Vec<String>> {
    // The text follows the card when the card changed from elsewhere (undo, another card).
    if style.parse(text) != value {
        *text = style.format(value);
    }
    let label = field_label(ui, title);
    let edit = match style {
        ListText::Lines => egui::TextEdit::multiline(text).desired_rows(2),
        ListText::Words => egui::TextEdit::singleline(text),
    };
    let response = ui.add(edit.desired_width(f32::INFINITY)).labelled_by(label.id);
    let parsed = style.parse(text);
    (response.changed() && parsed != value).then_some(parsed)
}

/// The chart unit the card is about, from a searchable list of the chart's units.
fn unit_picker_ui(
    ui: &mut Ui,
    state: &AppState,
    card: &Card,
    search: &mut String,
    index: usize,
    out: &mut Vec<Command>,
) {
    let chart = &state.library.chart;
    let label = field_label(ui, "Linked chart unit");
    let current = card.unit.as_deref().map_or_else(
        || "none".to_owned(),
        |id| chart.unit(id).map_or_else(|| format!("{id} (not in the chart)"), |u| u.name.clone()),
    );
    let set = |out: &mut Vec<Command>, unit: Option<String>| {
        out.push(Command::Decks(DeckAction::SetField { index, field: CardField::Unit(unit) }));
    };
    let combo = egui::ComboBox::from_id_salt("unit-picker").selected_text(current).width(320.0).show_ui(ui, |ui| {
        ui.add(egui::TextEdit::singleline(search).hint_text("Search the chart's units").desired_width(300.0))
            .request_focus();
        if ui.selectable_label(card.unit.is_none(), "none").clicked() {
            set(out, None);
        }
        let needle = fold(search);
        let matches = chart.units.iter().filter(|u| {
            needle.is_empty()
                || fold(&u.name).contains(&needle)
                || u.aliases.iter().any(|a| fold(a).contains(&needle))
                || u.id.contains(&needle)
        });
        for u in matches.take(UNIT_RESULTS) {
            let on = card.unit.as_deref() == Some(u.id.as_str());
            if ui.selectable_label(on, &u.name).on_hover_text(&u.id).clicked() {
                set(out, Some(u.id.clone()));
            }
        }
    });
    combo.response.labelled_by(label.id);
    if let Some(id) = &card.unit {
        ui.horizontal(|ui| {
            weak(ui, id);
            if ui.small_button("Show on the chart").clicked() {
                out.push(Command::ShowUnit(id.clone()));
            }
        });
    }
}

/// The sources the card's answer comes from, chosen among the chart's and the deck's.
fn sources_ui(ui: &mut Ui, state: &AppState, loaded: &LoadedDeck, card: &Card, index: usize, out: &mut Vec<Command>) {
    field_label(ui, "Sources");
    let known: Vec<&crate::model::chart::Source> =
        state.library.chart.sources.iter().chain(loaded.deck.sources.iter()).collect();
    for id in &card.sources {
        ui.horizontal(|ui| {
            let title = known.iter().find(|s| &s.id == id).map_or(id.as_str(), |s| s.title.as_str());
            ui.label(format!("• {title}"));
            if ui.small_button("Remove").on_hover_text(format!("Remove the source {id}")).clicked() {
                let rest: Vec<String> = card.sources.iter().filter(|s| *s != id).cloned().collect();
                out.push(Command::Decks(DeckAction::SetField { index, field: CardField::Sources(rest) }));
            }
        });
    }
    ui.menu_button("Add a source…", |ui| {
        for s in known.iter().filter(|s| !card.sources.contains(&s.id)) {
            if ui.button(&s.title).on_hover_text(&s.id).clicked() {
                let mut all = card.sources.clone();
                all.push(s.id.clone());
                out.push(Command::Decks(DeckAction::SetField { index, field: CardField::Sources(all) }));
                ui.close();
            }
        }
    });
}
