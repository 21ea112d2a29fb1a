//! The import dialog: a file, its format (detected, or chosen), a preview of its first rows under the
//! column each is taken for, the rows that cannot be used, and "Import as a new deck".

use egui::RichText;

use crate::app::decks::{DeckAction, IMPORT_FORMATS};
use crate::app::state::{AppState, Command};
use crate::app::style::{error_label, weak};

use super::deck_dialogs::format_name;

fn push(out: &mut Vec<Command>, action: DeckAction) {
    out.push(Command::Decks(action));
}

/// Characters of a field shown in the preview.
const CELL_CHARS: usize = 40;

fn cell(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " / ");
    if one_line.chars().count() > CELL_CHARS {
        format!("{}…", one_line.chars().take(CELL_CHARS).collect::<String>())
    } else {
        one_line
    }
}

pub fn import_ui(ctx: &egui::Context, state: &AppState, out: &mut Vec<Command>) {
    let Some(dialog) = &state.decks.import else { return };
    let modal = egui::Modal::new(egui::Id::unique("deck-import")).show(ctx, |ui| {
        ui.set_max_width(820.0);
        ui.heading("Import a deck");
        weak(ui, "From Anki (Notes in Plain Text, .apkg), Quizlet's export, or CSV with a header row.");
        ui.add_space(4.0);
        let label = ui.label("File to import:");
        let mut text = dialog.path.clone();
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(&mut text).hint_text("/home/me/anki-export.txt").desired_width(560.0);
            let response = ui.add(edit).labelled_by(label.id);
            if dialog.path.is_empty() && !response.has_focus() && !response.lost_focus() {
                response.request_focus();
            }
            if response.changed() {
                push(out, DeckAction::ImportPath(text.clone()));
            }
            if ui.button("Browse…").on_hover_text("Choose the file in a dialog").clicked() {
                push(out, DeckAction::BrowseImport);
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Format:");
            let combo = egui::ComboBox::from_id_salt("import-format")
                .selected_text(format_name(dialog.format))
                .show_ui(ui, |ui| {
                    if ui.selectable_label(dialog.format.is_none(), format_name(None)).clicked() {
                        push(out, DeckAction::ImportFormat(None));
                    }
                    for i in 0..IMPORT_FORMATS.len() {
                        if ui.selectable_label(dialog.format == Some(i), format_name(Some(i))).clicked() {
                            push(out, DeckAction::ImportFormat(Some(i)));
                        }
                    }
                });
            combo.response.labelled_by(label.id);
        });
        ui.add_space(6.0);
        let mut can_import = false;
        match &dialog.preview {
            None if dialog.path.trim().is_empty() => weak(ui, "Type or choose a file to see its first rows."),
            None => weak(ui, "No such file."),
            Some(Err(e)) => {
                error_label(ui, e);
            }
            Some(Ok(preview)) => {
                can_import = true;
                ui.label(format!(
                    "Read as {} ({}): {} rows. The first {}:",
                    preview.format.description(),
                    preview.format.name(),
                    preview.total_rows,
                    preview.rows.len()
                ));
                egui::ScrollArea::both().id_salt("import-preview").max_height(260.0).show(ui, |ui| {
                    egui::Grid::new("import-preview-grid").striped(true).show(ui, |ui| {
                        for (i, c) in preview.columns.iter().enumerate() {
                            let from = match preview.labels.get(i) {
                                Some(l) if !l.eq_ignore_ascii_case(c.name()) => format!(" (from “{l}”)"),
                                _ => String::new(),
                            };
                            ui.label(RichText::new(format!("{}{from}", c.name())).strong());
                        }
                        ui.end_row();
                        for row in &preview.rows {
                            for i in 0..preview.columns.len() {
                                ui.label(cell(row.get(i).map_or("", String::as_str)));
                            }
                            ui.end_row();
                        }
                    });
                });
                if let Some(imported) = &dialog.imported {
                    ui.label(format!("Importing makes {}.", imported.summary()));
                    let lines: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
                    if !lines.is_empty() {
                        let n = lines.len();
                        error_label(
                            ui,
                            format!("{n} row{} cannot be used and will be skipped:", if n == 1 { "" } else { "s" }),
                        );
                        egui::ScrollArea::vertical().id_salt("import-problems").max_height(120.0).show(ui, |ui| {
                            for l in lines {
                                ui.label(RichText::new(l).monospace());
                            }
                        });
                    }
                }
            }
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let import = egui::Button::new("Import as a new deck");
            if ui.add_enabled(can_import, import).on_hover_text("A new deck, unsaved until you save it").clicked() {
                push(out, DeckAction::Import);
            }
            if ui.button("Cancel").clicked() {
                push(out, DeckAction::CloseImport);
            }
        });
    });
    if modal.should_close() {
        push(out, DeckAction::CloseImport);
    }
}
