//! The deck editor's dialogs: save as, save with problems, unsaved changes (Save / Discard / Cancel), a
//! deck changed on disk while edited, unsaved edits from an earlier session, and the import dialog.

use egui::{RichText, Ui};

use crate::app::decks::{ConflictChoice, DeckAction, GuardChoice, GuardFor, IMPORT_FORMATS};
use crate::app::state::{AppState, Command};
use crate::app::style::{error_label, weak};

fn push(out: &mut Vec<Command>, action: DeckAction) {
    out.push(Command::Decks(action));
}

fn lines_ui(ui: &mut Ui, id: &str, lines: &[String]) {
    egui::ScrollArea::vertical().id_salt(id).max_height(220.0).show(ui, |ui| {
        for line in lines {
            ui.label(RichText::new(line).monospace());
        }
    });
}

/// Every dialog of the Decks view that is open, one at a time.
pub fn deck_dialogs_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    let decks = &state.decks;
    if decks.guard.is_some() {
        guard_ui(ctx, state, out);
    } else if decks.confirm.is_some() {
        confirm_ui(ctx, state, out);
    } else if decks.save_as.is_some() {
        save_as_ui(ctx, state, out);
    } else if decks.conflict.is_some() {
        conflict_ui(ctx, state, out);
    } else if !decks.recovered.is_empty() {
        recovered_ui(ctx, state, out);
    } else if decks.import.is_some() {
        super::deck_import::import_ui(ctx, state, out);
    }
}

fn guard_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    let Some(guard) = &state.decks.guard else { return };
    let modal = egui::Modal::new(egui::Id::unique("deck-guard")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Unsaved changes");
        let what = match guard.what {
            GuardFor::Deck(_) => "Closing the deck",
            GuardFor::Window => "Quitting",
        };
        ui.label(format!("{what} would lose the changes made to:"));
        for title in &guard.decks {
            ui.label(RichText::new(format!("• {title}")).strong());
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").on_hover_text("Save the changes, then close").clicked() {
                push(out, DeckAction::Guard(GuardChoice::Save));
            }
            if ui.button("Discard").on_hover_text("Close without saving: the changes are lost").clicked() {
                push(out, DeckAction::Guard(GuardChoice::Discard));
            }
            if ui.button("Cancel").on_hover_text("Keep editing").clicked() {
                push(out, DeckAction::Guard(GuardChoice::Cancel));
            }
        });
    });
    if modal.should_close() {
        push(out, DeckAction::Guard(GuardChoice::Cancel));
    }
}

fn confirm_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    let Some(confirm) = &state.decks.confirm else { return };
    let modal = egui::Modal::new(egui::Id::unique("deck-save-problems")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        let n = confirm.problems.len();
        ui.heading(format!("The deck has {n} problem{}", if n == 1 { "" } else { "s" }));
        ui.label("`kz-civics check` and the app will refuse to open the file until they are fixed:");
        lines_ui(ui, "save-problems", &confirm.problems);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save anyway").clicked() {
                push(out, DeckAction::ConfirmSaveWithProblems);
            }
            if ui.button("Cancel").on_hover_text("Go back and fix them").clicked() {
                push(out, DeckAction::CancelSaveWithProblems);
            }
        });
    });
    if modal.should_close() {
        push(out, DeckAction::CancelSaveWithProblems);
    }
}

fn save_as_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    let Some(prompt) = &state.decks.save_as else { return };
    let title = state.library.deck(&prompt.deck_id).map_or("the deck", |d| d.title.as_str());
    let modal = egui::Modal::new(egui::Id::unique("deck-save-as")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(format!("Save “{title}” as"));
        let label = ui.label("Deck file path:");
        let mut text = prompt.path.clone();
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(&mut text).desired_width(420.0);
            let response = ui.add(edit).labelled_by(label.id);
            if !response.has_focus() && !response.lost_focus() {
                response.request_focus();
            }
            if response.changed() {
                push(out, DeckAction::SaveAsPath(text.clone()));
            }
            if ui.button("Browse…").on_hover_text("Choose the file in a dialog").clicked() {
                push(out, DeckAction::BrowseSaveAs);
            }
        });
        let path = text.trim();
        if std::path::Path::new(path).is_file() {
            weak(ui, "That file exists: saving replaces it.");
        }
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let save = ui.add_enabled(!path.is_empty(), egui::Button::new("Save"));
            if (save.clicked() || enter) && !path.is_empty() {
                push(out, DeckAction::SaveTo(path.into()));
            }
            if ui.button("Cancel").clicked() {
                push(out, DeckAction::CancelSaveAs);
            }
        });
    });
    if modal.should_close() {
        push(out, DeckAction::CancelSaveAs);
    }
}

fn conflict_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    let Some(conflict) = &state.decks.conflict else { return };
    let title = state.library.deck(&conflict.deck_id).map_or("A deck", |d| d.title.as_str());
    egui::Modal::new(egui::Id::unique("deck-conflict")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        ui.heading("The file changed on disk");
        ui.label(format!(
            "“{title}” has unsaved changes here, and {} was changed by another program.",
            conflict.path.display()
        ));
        if let Some(lines) = &conflict.both {
            ui.add_space(4.0);
            ui.label(RichText::new("Yours and the version on disk:").strong());
            lines_ui(ui, "conflict-both", lines);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Keep mine").on_hover_text("Keep editing your version; saving replaces theirs").clicked() {
                push(out, DeckAction::Conflict(ConflictChoice::KeepMine));
            }
            if ui.button("Take theirs").on_hover_text("Load the version on disk; your changes are lost").clicked() {
                push(out, DeckAction::Conflict(ConflictChoice::TakeTheirs));
            }
            if conflict.both.is_none()
                && ui.button("Show both").on_hover_text("List how the two versions differ").clicked()
            {
                push(out, DeckAction::Conflict(ConflictChoice::ShowBoth));
            }
        });
    });
}

fn recovered_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    let recovered = &state.decks.recovered;
    egui::Modal::new(egui::Id::unique("deck-recovery")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        ui.heading("Unsaved edits from an earlier session");
        ui.label("The app closed before these decks were saved. Restore the edits to keep working on them.");
        ui.add_space(6.0);
        for (i, (_, r)) in recovered.iter().enumerate() {
            ui.horizontal(|ui| {
                let file = r.path.as_ref().map_or_else(|| "never saved".to_owned(), |p| p.display().to_string());
                ui.label(RichText::new(&r.deck.title).strong());
                weak(ui, format!("{} cards · {file}", r.deck.cards.len()));
            });
            if r.file_changed_since() {
                error_label(ui, "The file changed on disk since these edits were made.");
            }
            ui.horizontal(|ui| {
                if ui.button("Restore").on_hover_text(format!("Restore the edits of “{}”", r.deck.title)).clicked()
                {
                    push(out, DeckAction::Restore(i));
                }
                if ui.button("Discard").on_hover_text(format!("Throw away the edits of “{}”", r.deck.title)).clicked()
                {
                    push(out, DeckAction::DiscardRecovered(i));
                }
            });
            ui.add_space(4.0);
        }
    });
}

/// The formats offered, by position in [`IMPORT_FORMATS`] (`None`: detect).
pub fn format_name(format: Option<usize>) -> &'static str {
    format.and_then(|i| IMPORT_FORMATS.get(i)).map_or("Detect from the file", |(name, _)| name)
}
