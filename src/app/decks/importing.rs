//! The import dialog's work: the preview of a file, and the new deck made from it.

use std::collections::HashSet;
use std::path::PathBuf;

use super::{DeckCtx, DecksState, IMPORT_FORMATS, PREVIEW_ROWS};
use crate::model::import;

impl DecksState {
    pub(super) fn preview_import(&mut self) {
        let Some(d) = &mut self.import else { return };
        let path = PathBuf::from(d.path.trim());
        d.imported = None;
        if d.path.trim().is_empty() || !path.is_file() {
            d.preview = None;
            return;
        }
        let format = d.format.and_then(|i| IMPORT_FORMATS.get(i)).map(|(_, f)| f());
        d.preview = Some(import::preview(&path, format.clone(), PREVIEW_ROWS).map_err(|e| e.to_string()));
        if matches!(d.preview, Some(Ok(_))) {
            match import::import(&path, format) {
                Ok(imported) => d.imported = Some(imported),
                Err(e) => d.preview = Some(Err(e.to_string())),
            }
        }
    }

    pub(super) fn import(&mut self, ctx: &mut DeckCtx<'_>) {
        let Some(d) = &mut self.import else { return };
        let path = PathBuf::from(d.path.trim());
        let format = d.format.and_then(|i| IMPORT_FORMATS.get(i)).map(|(_, f)| f());
        let result = match d.imported.take() {
            Some(imported) => Ok(imported),
            None => import::import(&path, format),
        };
        match result {
            Ok(imported) => {
                self.import = None;
                let mut deck = imported.deck.clone();
                let taken: HashSet<String> = ctx.library.decks.iter().map(|d| d.deck.id.clone()).collect();
                if taken.contains(&deck.id) {
                    deck.id =
                        (2..).map(|n| format!("{}-{n}", deck.id)).find(|id| !taken.contains(id)).unwrap_or_default();
                }
                let summary =
                    format!("Imported {}: {}. Save it to keep it (Save as…).", path.display(), imported.summary());
                self.add_unsaved(deck, ctx);
                if imported.problems.is_empty() {
                    self.info(summary);
                } else {
                    self.error(summary, imported.problems.iter().map(ToString::to_string).collect());
                }
            }
            Err(e) => {
                if let Some(d) = &mut self.import {
                    d.preview = Some(Err(e.to_string()));
                }
            }
        }
    }
}
