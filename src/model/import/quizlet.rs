//! Quizlet's export: a term and its definition on each row, with the separators chosen in Quizlet's
//! export dialog (between term and definition: tab, comma or a custom string; between rows: new line,
//! semicolon or a custom string). There is no quoting: a row is split at the first separator, so the
//! definition may contain it.

use super::{Column, Format, ImportError, QuizletOptions, Row, RowProblem, Table};

/// Reads a Quizlet export into a table (the term is the front, the definition the back).
pub fn read(name: &str, text: &str, options: &QuizletOptions) -> Result<Table, ImportError> {
    let not_this = |message: String| ImportError::NotFormat {
        file: name.to_owned(),
        format: Format::Quizlet(options.clone()),
        message,
    };
    let term_sep = options.between_term_and_definition.as_str();
    let row_sep = options.between_rows.as_str();
    if term_sep.is_empty() || row_sep.is_empty() {
        return Err(not_this("the separators must not be empty".to_owned()));
    }
    if super::anki_text::looks_like_ron_deck(text) {
        return Err(not_this("it is a KZ Civics deck (RON); open it instead of importing it".to_owned()));
    }
    let mut table = Table { columns: vec![Column::Front, Column::Back], ..Table::default() };
    // Line numbers, counted as the rows go by.
    let mut line = 1;
    let mut counted = 0;
    let mut line_at = |offset: usize| {
        line += text.as_bytes()[counted..offset].iter().filter(|&&b| b == b'\n').count();
        counted = offset;
        line
    };
    let mut start = 0;
    for piece in text.split(row_sep) {
        let piece_start = start;
        start += piece.len() + row_sep.len();
        // With a row separator other than a line break, line breaks around a row are not part of it.
        let row = piece.trim_matches(['\n', '\r']);
        if row.trim().is_empty() {
            continue;
        }
        let lead = piece.len() - piece.trim_start_matches(['\n', '\r']).len();
        let row_line = line_at(piece_start + lead);
        let fields = match row.split_once(term_sep) {
            Some((term, definition)) => vec![term.to_owned(), definition.to_owned()],
            None => vec![row.to_owned()],
        };
        table.rows.push(Row { line: row_line, fields, cloze: false });
    }
    if table.rows.is_empty() {
        return Err(not_this("it has no rows".to_owned()));
    }
    if table.rows.iter().all(|r| r.fields.len() < 2) {
        return Err(not_this(format!("no row has {} between a term and its definition", describe(term_sep))));
    }
    // Rows without the separator: say which separator was looked for.
    for r in table.rows.iter_mut().filter(|r| r.fields.len() < 2) {
        table.problems.push(RowProblem {
            file: name.to_owned(),
            line: r.line,
            message: format!("no {} between the term and the definition", describe(term_sep)),
        });
        r.fields.clear();
    }
    table.rows.retain(|r| !r.fields.is_empty());
    Ok(table)
}

fn describe(sep: &str) -> String {
    match sep {
        "\t" => "tab".to_owned(),
        "," => "comma".to_owned(),
        ";" => "semicolon".to_owned(),
        other => format!("`{other}`"),
    }
}
