//! Decks out to CSV: a header row `front,back,accept,tags,unit,note,wrong`, then one row per card in
//! the deck's order (RFC 4180: fields with a comma, a quote or a line break in double quotes, quotes
//! doubled). Accepted answers and wrong options are joined with `|`, tags with spaces; what
//! [`super::csv_file`] reads back as the same cards (the card ids come again from the fronts; sources
//! are not written).

use std::path::Path;

use super::super::deck::Deck;
use super::super::deck_file::SaveError;
use super::super::progress::write_atomic;

/// The header row, in this order.
pub const COLUMNS: [&str; 7] = ["front", "back", "accept", "tags", "unit", "note", "wrong"];

/// The deck as CSV text.
pub fn to_csv(deck: &Deck) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing records into memory fails only on an I/O error, which a Vec does not give.
    let _ = writer.write_record(COLUMNS);
    for c in &deck.cards {
        let _ = writer.write_record([
            c.front.as_str(),
            c.back.as_str(),
            &c.accept.join("|"),
            &c.tags.join(" "),
            c.unit.as_deref().unwrap_or(""),
            c.note.as_str(),
            &c.wrong.join("|"),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes the deck as CSV to `path`, atomically.
pub fn save_csv(path: &Path, deck: &Deck) -> Result<(), SaveError> {
    write_atomic(path, to_csv(deck).as_bytes()).map_err(|source| SaveError { path: path.to_path_buf(), source })
}
