//! CSV with a header row (RFC 4180, read with the `csv` crate): the header names the columns, in any
//! order and any case: `front` and `back` (required), `accept` and `wrong` (answers separated by
//! `|`), `tags` (separated by spaces, commas or `|`), `unit`, `note`, and also `id` and `sources`.
//! Other columns are reported and ignored. This is the format [`super::export::to_csv`] writes.

use super::{Column, Format, ImportError, ListStyle, Row, RowProblem, Table};

fn role(label: &str) -> Column {
    match label.trim().to_lowercase().as_str() {
        "front" => Column::Front,
        "back" => Column::Back,
        "accept" => Column::Accept,
        "wrong" => Column::Wrong,
        "tags" => Column::Tags,
        "unit" => Column::Unit,
        "note" => Column::Note,
        "id" => Column::Id,
        "sources" => Column::Sources,
        _ => Column::Ignored,
    }
}

/// Reads a CSV file with a header row into a table. The separator is a comma, or a semicolon or tab
/// when the header row uses one of those instead.
pub fn read(name: &str, text: &str) -> Result<Table, ImportError> {
    let not_this = |message: String| ImportError::NotFormat { file: name.to_owned(), format: Format::Csv, message };
    if super::anki_text::looks_like_ron_deck(text) {
        return Err(not_this("it is a KZ Civics deck (RON); open it instead of importing it".to_owned()));
    }
    let first = text.lines().next().unwrap_or_default();
    let separator = [b',', b';', b'\t'].into_iter().find(|&b| first.as_bytes().contains(&b)).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let labels: Vec<String> = match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(|s| s.trim().to_owned()).collect(),
        Ok(false) => return Err(not_this("the file is empty; expected a header row such as `front,back`".to_owned())),
        Err(e) => return Err(not_this(format!("cannot read the header row: {e}"))),
    };
    let columns: Vec<Column> = labels.iter().map(|l| role(l)).collect();
    for needed in [Column::Front, Column::Back] {
        if !columns.contains(&needed) {
            let found: Vec<String> = labels.iter().take(8).map(|l| format!("`{l}`")).collect();
            return Err(not_this(format!(
                "the header row has no `{}` column (found {}); the first row must name the columns, e.g. \
                 `front,back,accept,tags,unit,note`",
                needed.name(),
                found.join(", ")
            )));
        }
    }
    let mut table = Table { columns, labels, lists: ListStyle::Csv, ..Table::default() };
    for (i, c) in table.columns.iter().enumerate() {
        if *c == Column::Ignored {
            table.warnings.push(RowProblem {
                file: name.to_owned(),
                line: 1,
                message: format!(
                    "column `{}` is not one of front, back, accept, wrong, tags, unit, note, id, sources and is ignored",
                    table.labels[i]
                ),
            });
        }
    }
    for (i, c) in table.columns.iter().enumerate() {
        if *c != Column::Ignored && table.columns[..i].contains(c) {
            table.warnings.push(RowProblem {
                file: name.to_owned(),
                line: 1,
                message: format!("column `{}` appears twice; the first one is used", table.labels[i]),
            });
        }
    }
    let width = table.columns.len();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if record.len() > width {
                    table.problems.push(RowProblem {
                        file: name.to_owned(),
                        line,
                        message: format!(
                            "the row has {} fields and the header {width}; a field with a comma needs double quotes",
                            record.len()
                        ),
                    });
                    continue;
                }
                table.rows.push(Row { line, fields: record.iter().map(str::to_owned).collect(), cloze: false });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                table.problems.push(RowProblem {
                    file: name.to_owned(),
                    line,
                    message: format!("cannot read the row: {e}"),
                });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok(table)
}
