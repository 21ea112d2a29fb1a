//! Anki's "Notes in Plain Text" export (`.txt`), read as Anki's own importer reads it.
//!
//! The file may start with header lines: `#separator:` (`tab`, `comma`, `semicolon`, `space`,
//! `pipe`, `colon`, or the character itself), `#html:true|false`, `#tags:` (tags for every note),
//! `#columns:` (column names, split by the separator), `#tags column:`, `#deck column:`,
//! `#notetype column:` and `#guid column:` (1-based column numbers). Fields follow CSV quoting: a
//! field in double quotes may hold the separator and line breaks, `""` inside it is one quote.
//! Without a `#separator:` header the separator is found as Anki finds it: the first of tab, `|`,
//! `;`, `:`, `,` that occurs in the first 8 KiB of the rows, else a space. Without `#html:` the fields
//! are taken as HTML when the first rows look like HTML.
//!
//! The first field column is the front, the second the back (or the columns named Front and Back);
//! without a tags column header, a third column is the tags, as in Anki. Notes of a note type whose
//! name contains "cloze", or whose first field holds `{{c1::...}}`, become one card per deletion.

use super::{Column, ImportError, Row, RowProblem, Table};

/// The separators Anki knows, in the order it tries them when the file does not say.
const SEPARATORS: [(&str, u8); 6] =
    [("tab", b'\t'), ("pipe", b'|'), ("semicolon", b';'), ("colon", b':'), ("comma", b','), ("space", b' ')];

#[derive(Default)]
struct Header {
    separator: Option<u8>,
    html: Option<bool>,
    tags: Vec<String>,
    columns: Option<String>,
    tags_column: Option<usize>,
    deck_column: Option<usize>,
    notetype_column: Option<usize>,
    guid_column: Option<usize>,
}

fn separator_from(value: &str) -> Option<u8> {
    let normed = value.to_ascii_lowercase();
    SEPARATORS.iter().find(|(name, byte)| normed.trim() == *name || normed.as_bytes() == [*byte]).map(|(_, b)| *b)
}

/// Reads the header lines; returns them and the byte offset and line number where the rows start.
fn header(text: &str) -> (Header, usize, usize) {
    let mut h = Header::default();
    let mut offset = 0;
    let mut lines = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if i == 0
            && let Some(tags) = content.strip_prefix("tags:")
        {
            h.tags = tags.split_whitespace().map(str::to_owned).collect();
        } else if let Some(meta) = content.strip_prefix('#') {
            if let Some((key, value)) = meta.split_once(':') {
                let number = || value.trim().parse::<usize>().ok().filter(|&n| n > 0);
                match key.trim().to_ascii_lowercase().as_str() {
                    "separator" => h.separator = separator_from(value).or(h.separator),
                    "html" => h.html = value.trim().to_ascii_lowercase().parse().ok().or(h.html),
                    "tags" => h.tags = value.split_whitespace().map(str::to_owned).collect(),
                    "columns" => h.columns = Some(value.to_owned()),
                    "tags column" => h.tags_column = number(),
                    "deck column" => h.deck_column = number(),
                    "notetype column" => h.notetype_column = number(),
                    "guid column" => h.guid_column = number(),
                    _ => {}
                }
            }
        } else {
            break;
        }
        offset += line.len();
        lines += 1;
    }
    (h, offset, lines)
}

/// Whether a field looks like HTML: a tag or an entity.
pub(crate) fn looks_like_html(field: &str) -> bool {
    let b = field.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'<' => b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') && b[i..].contains(&b'>'),
        b'&' => {
            let rest = &b[i + 1..];
            let word = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'#').count();
            word > 0 && rest.get(word) == Some(&b';')
        }
        _ => false,
    })
}

/// Reads an Anki text export into a table.
pub fn read(name: &str, text: &str) -> Result<Table, ImportError> {
    let not_this = |message: &str| ImportError::NotFormat {
        file: name.to_owned(),
        format: super::Format::AnkiText,
        message: message.to_owned(),
    };
    if looks_like_ron_deck(text) {
        return Err(not_this("it is a KZ Civics deck (RON); open it instead of importing it"));
    }
    let (h, offset, header_lines) = header(text);
    let body = &text[offset..];
    let separator = h.separator.unwrap_or_else(|| {
        let sample = &body.as_bytes()[..body.len().min(8 * 1024)];
        SEPARATORS.iter().find(|(_, b)| sample.contains(b)).map_or(b' ', |(_, b)| *b)
    });
    let labels: Vec<String> = match &h.columns {
        Some(line) => split_one_record(line, separator),
        None => Vec::new(),
    };

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(separator)
        .from_reader(body.as_bytes());
    let mut table = Table { labels, global_tags: h.tags, ..Table::default() };
    let mut record = csv::StringRecord::new();
    let mut widest = table.labels.len();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = header_lines + record.position().map_or(1, |p| p.line() as usize);
                if record.len() == 1 && record[0].trim().is_empty() {
                    continue;
                }
                widest = widest.max(record.len());
                table.rows.push(Row { line, fields: record.iter().map(str::to_owned).collect(), cloze: false });
            }
            Err(e) => {
                let line = header_lines + e.position().map_or(0, |p| p.line() as usize);
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
    if table.rows.is_empty() && table.problems.is_empty() {
        return Err(not_this("it has no rows of notes"));
    }

    // Column roles: the columns the header names, then the fields in order.
    let mut columns = vec![None; widest];
    fn set(n: Option<usize>, role: Column, columns: &mut [Option<Column>]) {
        if let Some(n) = n
            && n <= columns.len()
        {
            columns[n - 1] = Some(role);
        }
    }
    set(h.guid_column, Column::Guid, &mut columns);
    set(h.notetype_column, Column::Notetype, &mut columns);
    set(h.deck_column, Column::Deck, &mut columns);
    set(h.tags_column, Column::Tags, &mut columns);
    let named = |want: &[&str]| table.labels.iter().position(|l| want.iter().any(|w| l.trim().eq_ignore_ascii_case(w)));
    if let Some(i) = named(&["front", "text"])
        && columns[i].is_none()
    {
        columns[i] = Some(Column::Front);
    }
    if let Some(i) = named(&["back", "back extra", "extra"])
        && columns[i].is_none()
    {
        columns[i] = Some(Column::Back);
    }
    let free: Vec<usize> = (0..widest).filter(|&i| columns[i].is_none()).collect();
    let mut free = free.into_iter();
    for role in [Column::Front, Column::Back] {
        if !columns.contains(&Some(role))
            && let Some(i) = free.next()
        {
            columns[i] = Some(role);
        }
    }
    if h.tags_column.is_none()
        && table.labels.is_empty()
        && !columns.contains(&Some(Column::Tags))
        && let Some(i) = free.next()
    {
        columns[i] = Some(Column::Tags);
    }
    table.columns = columns.into_iter().map(|c| c.unwrap_or(Column::Ignored)).collect();
    for (i, c) in table.columns.iter().enumerate() {
        if *c == Column::Ignored {
            let label = table.labels.get(i).filter(|l| !l.is_empty()).map(|l| format!(" ({l})")).unwrap_or_default();
            table.warnings.push(RowProblem {
                file: name.to_owned(),
                line: 1,
                message: format!("column {}{label} is not a front, back or tags and is ignored", i + 1),
            });
        }
    }

    if let Some(nt) = table.columns.iter().position(|&c| c == Column::Notetype) {
        for row in &mut table.rows {
            row.cloze = row.fields.get(nt).is_some_and(|t| t.to_lowercase().contains("cloze"));
        }
    }
    table.html =
        h.html.unwrap_or_else(|| table.rows.iter().take(5).flat_map(|r| r.fields.iter()).any(|f| looks_like_html(f)));
    Ok(table)
}

/// One line split as a CSV record (for `#columns:`).
fn split_one_record(line: &str, separator: u8) -> Vec<String> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(|s| s.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// Whether text is a RON deck, which is opened, not imported.
pub(crate) fn looks_like_ron_deck(text: &str) -> bool {
    let mut t = text.trim_start();
    while t.starts_with("//") {
        t = t.split_once('\n').map_or("", |(_, rest)| rest).trim_start();
    }
    t.starts_with("Deck(") || t.starts_with("#![enable")
}
