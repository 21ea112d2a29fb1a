//! Decks from other flashcard tools, and decks out to CSV.
//!
//! One way in: [`import`]`(path, format)` reads an Anki text export ([`anki_text`]), an Anki package
//! ([`apkg`]), a Quizlet export ([`quizlet`]) or a CSV file with a header row ([`csv_file`]) and gives
//! an [`Imported`]: the deck, and a [`RowProblem`] (`PATH:LINE: message`) for every row that could not
//! be used and was skipped. The good rows still make cards. A file that is not what its format says
//! (a zip that holds no Anki collection, a CSV without the header row) is an [`ImportError`] instead.
//! [`preview`] reads the same way and gives the first rows with the column mapping, for the import
//! dialog. [`export::to_csv`] writes the CSV that [`csv_file`] reads back as the same cards.
//!
//! Every reader turns its file into a [`Table`] (columns with a role each, rows with their line), and
//! one function makes the cards from it, so that ids, HTML, cloze deletions and bad rows are handled
//! alike for every format. Card ids come from the front text (`"Who chairs the Security Council?"` ->
//! `who-chairs-the-security-council`; Cyrillic transliterated), the second card with the same id gets
//! `-2` and so on in file order, so importing the same file twice gives the same ids.

pub mod anki_text;
pub mod apkg;
pub mod csv_file;
pub mod export;
pub mod quizlet;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use super::deck::{Card, Deck};
use super::file::read_text;
use super::text::simplify;

/// The formats [`import`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// Anki's "Notes in Plain Text" export (`.txt`), with or without its `#` header lines.
    AnkiText,
    /// An Anki package, `.apkg` or `.colpkg`.
    Apkg,
    /// Quizlet's export: a term and its definition on each row.
    Quizlet(QuizletOptions),
    /// CSV with a header row naming the columns (`front`, `back`, `accept`, ...).
    Csv,
}

impl Format {
    /// The name used on the command line: `anki`, `apkg`, `quizlet`, `csv`.
    pub fn name(&self) -> &'static str {
        match self {
            Format::AnkiText => "anki",
            Format::Apkg => "apkg",
            Format::Quizlet(_) => "quizlet",
            Format::Csv => "csv",
        }
    }

    /// What the format is, for messages: "an Anki text export".
    pub fn description(&self) -> &'static str {
        match self {
            Format::AnkiText => "an Anki text export",
            Format::Apkg => "an Anki package",
            Format::Quizlet(_) => "a Quizlet export",
            Format::Csv => "a CSV file with a header row",
        }
    }
}

/// How a Quizlet export separates a term from its definition, and one row from the next (Quizlet's
/// export dialog offers tab, comma or a custom string, and new line, semicolon or a custom string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizletOptions {
    pub between_term_and_definition: String,
    pub between_rows: String,
}

impl Default for QuizletOptions {
    fn default() -> Self {
        Self { between_term_and_definition: "\t".to_owned(), between_rows: "\n".to_owned() }
    }
}

/// A row that was skipped: `PATH:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub file: String,
    /// The line the row starts on (for an Anki package, the note's number).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read (missing, too large, not UTF-8 where text is expected).
    #[error("{0}")]
    Unreadable(String),
    /// The file is not what its format says: `PATH: not an Anki package: ...`.
    #[error("{file}: not {}: {message}", format.description())]
    NotFormat { file: String, format: Format, message: String },
}

/// What [`import`] made.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub deck: Deck,
    /// The format read (detected, when none was given).
    pub format: Format,
    /// Rows skipped, one problem each.
    pub problems: Vec<RowProblem>,
    /// Things noted that skipped nothing: columns ignored, ids made unique.
    pub warnings: Vec<RowProblem>,
    /// Data rows read, good and bad (a cloze note with three deletions is one row and three cards).
    pub rows: usize,
    /// Media files in an Anki package, which are not imported.
    pub media_skipped: usize,
}

impl Imported {
    /// `12 cards from 12 rows; 2 rows skipped; 3 media files ignored`
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = format!(
            "{} from {}; {} skipped",
            plural(self.deck.cards.len(), "card", "cards"),
            plural(self.rows, "row", "rows"),
            plural(self.problems.len(), "row", "rows")
        );
        if self.media_skipped > 0 {
            s.push_str(&format!("; {} ignored", plural(self.media_skipped, "media file", "media files")));
        }
        s
    }
}

/// What a column of the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Front,
    Back,
    Accept,
    Wrong,
    Tags,
    Unit,
    Sources,
    Note,
    Id,
    /// Anki's deck column (used for the deck's title when every row names the same deck).
    Deck,
    /// Anki's note type column (a note type named like "Cloze" makes cloze cards).
    Notetype,
    /// Anki's guid column.
    Guid,
    /// Read and not used.
    Ignored,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Front => "front",
            Column::Back => "back",
            Column::Accept => "accept",
            Column::Wrong => "wrong",
            Column::Tags => "tags",
            Column::Unit => "unit",
            Column::Sources => "sources",
            Column::Note => "note",
            Column::Id => "id",
            Column::Deck => "deck",
            Column::Notetype => "note type",
            Column::Guid => "guid",
            Column::Ignored => "ignored",
        }
    }
}

/// One data row: its fields as read, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
    /// The row is a cloze note (from Anki's note type); rows whose front holds `{{c1::..}}` are
    /// treated as cloze notes too.
    pub cloze: bool,
}

/// A file read into columns and rows, before cards are made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The role of each column.
    pub columns: Vec<Column>,
    /// Column names from the file (a header row, Anki's `#columns:`), if it has them.
    pub labels: Vec<String>,
    pub rows: Vec<Row>,
    /// Fields are HTML (Anki's `#html:true`, every Anki package): turned into plain text.
    pub html: bool,
    /// Tags for every card (Anki's `#tags:` header).
    pub global_tags: Vec<String>,
    /// Rows the reader could not split into fields (skipped; one problem per row).
    pub problems: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
    pub media_skipped: usize,
    /// How `accept`, `wrong` and list columns are split (CSV: `|` for answers, and spaces, commas or
    /// `|` for tags; Anki: tags on spaces).
    pub lists: ListStyle,
}

/// How list fields are written in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListStyle {
    /// Anki: tags separated by spaces.
    #[default]
    Anki,
    /// CSV: answers and wrong options separated by `|`, tags and sources by spaces, commas or `|`.
    Csv,
}

/// The first rows of a file and what each column is taken for, for the import dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub format: Format,
    pub columns: Vec<Column>,
    /// Column names from the file, if it has them (else empty).
    pub labels: Vec<String>,
    /// The first rows, fields as plain text (HTML already turned into text).
    pub rows: Vec<Vec<String>>,
    /// Every data row in the file.
    pub total_rows: usize,
    pub problems: Vec<RowProblem>,
}

/// Reads `path` as `format`, or as the format [`detect`] finds when `format` is `None`.
pub fn import(path: &Path, format: Option<Format>) -> Result<Imported, ImportError> {
    let (format, table) = read_table(path, format)?;
    Ok(build(path, format, table))
}

/// The first `n` rows of `path` with the column mapping, read as [`import`] would read it.
pub fn preview(path: &Path, format: Option<Format>, n: usize) -> Result<Preview, ImportError> {
    let (format, table) = read_table(path, format)?;
    let rows = table
        .rows
        .iter()
        .take(n)
        .map(|r| r.fields.iter().map(|f| if table.html { html_to_text(f) } else { f.clone() }).collect())
        .collect();
    Ok(Preview {
        format,
        columns: table.columns,
        labels: table.labels,
        rows,
        total_rows: table.rows.len(),
        problems: table.problems,
    })
}

fn read_table(path: &Path, format: Option<Format>) -> Result<(Format, Table), ImportError> {
    let name = path.display().to_string();
    let format = match format {
        Some(f) => f,
        None => detect(path)?,
    };
    let table = match &format {
        Format::Apkg => apkg::read(path)?,
        other => {
            let text = read_text(path).map_err(|p| ImportError::Unreadable(p.to_string()))?;
            match other {
                Format::AnkiText => anki_text::read(&name, &text)?,
                Format::Quizlet(options) => quizlet::read(&name, &text, options)?,
                _ => csv_file::read(&name, &text)?,
            }
        }
    };
    Ok((format, table))
}

/// The format of a file from its extension and its first bytes: a zip is an Anki package; `.csv`
/// with a header row that names `front` is CSV; any other text is an Anki text export (which also
/// reads Quizlet's default tab-separated export; Quizlet exports with other separators need the
/// format given).
pub fn detect(path: &Path) -> Result<Format, ImportError> {
    use std::io::Read;
    let name = path.display().to_string();
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| ImportError::Unreadable(format!("{name}: cannot read the file: {e}")))?;
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if head.starts_with(b"PK\x03\x04") || ext == "apkg" || ext == "colpkg" {
        return Ok(Format::Apkg);
    }
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let names_front =
        first.split([',', ';', '\t']).any(|cell| cell.trim().trim_matches('"').trim().eq_ignore_ascii_case("front"));
    if names_front && !first.starts_with('#') {
        return Ok(Format::Csv);
    }
    Ok(Format::AnkiText)
}

/// Turns a table into a deck: one card per good row (one per deletion for cloze notes).
fn build(path: &Path, format: Format, table: Table) -> Imported {
    let name = path.display().to_string();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "imported".to_owned());
    let rows = table.rows.len() + table.problems.len();
    let mut problems = table.problems;
    let mut warnings = table.warnings;
    let col = |c: Column| table.columns.iter().position(|&x| x == c);
    let (front_col, back_col, accept_col, wrong_col) =
        (col(Column::Front), col(Column::Back), col(Column::Accept), col(Column::Wrong));
    let (tags_col, unit_col, sources_col, note_col, id_col, deck_col) = (
        col(Column::Tags),
        col(Column::Unit),
        col(Column::Sources),
        col(Column::Note),
        col(Column::Id),
        col(Column::Deck),
    );
    let mut ids = IdMaker::default();
    let mut cards = Vec::with_capacity(table.rows.len());
    let mut deck_names: HashSet<String> = HashSet::new();
    let html = table.html;
    let text_of = |s: &str| if html { html_to_text(s) } else { s.trim().to_owned() };
    for row in &table.rows {
        let get = |c: Option<usize>| c.and_then(|i| row.fields.get(i)).map_or("", String::as_str);
        let problem = |message: String| RowProblem { file: name.clone(), line: row.line, message };
        let front_raw = get(front_col);
        let front = text_of(front_raw);
        let back = text_of(get(back_col));
        let mut tags = split_tags(get(tags_col), table.lists);
        for t in &table.global_tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        let note = text_of(get(note_col));
        if let Some(d) = deck_col.map(|_| get(deck_col)) {
            deck_names.insert(d.to_owned());
        }
        let is_cloze = row.cloze || (table.lists == ListStyle::Anki && has_cloze(front_raw));
        if is_cloze {
            let text = if html { html_to_text(front_raw) } else { front_raw.to_owned() };
            let clozes = cloze_cards(&text);
            if clozes.is_empty() {
                problems.push(problem("the cloze note has no deletion like {{c1::...}}".to_owned()));
                continue;
            }
            // Cloze notes keep their second field ("Back Extra") as the card's note.
            let extra = if note.is_empty() { back.clone() } else { note.clone() };
            for (front, back) in clozes {
                let id = ids.make(&front, None, &name, row.line, &mut warnings);
                cards.push(Card {
                    id,
                    front,
                    back,
                    accept: Vec::new(),
                    wrong: Vec::new(),
                    tags: tags.clone(),
                    unit: None,
                    sources: Vec::new(),
                    note: extra.clone(),
                });
            }
            continue;
        }
        if back_col.is_none_or(|b| b >= row.fields.len()) {
            problems.push(problem(format!(
                "expected a front and a back, found {} field{}",
                row.fields.len(),
                if row.fields.len() == 1 { "" } else { "s" }
            )));
            continue;
        }
        if front.is_empty() {
            problems.push(problem("the front is empty".to_owned()));
            continue;
        }
        if back.is_empty() {
            problems.push(problem("the back is empty".to_owned()));
            continue;
        }
        let given_id = get(id_col).trim();
        let id = ids.make(&front, (!given_id.is_empty()).then_some(given_id), &name, row.line, &mut warnings);
        let unit = get(unit_col).trim();
        cards.push(Card {
            id,
            front,
            back,
            accept: split_answers(&text_of(get(accept_col))),
            wrong: split_answers(&text_of(get(wrong_col))),
            tags,
            unit: (!unit.is_empty()).then(|| unit.to_owned()),
            sources: split_tags(get(sources_col), ListStyle::Csv),
            note,
        });
    }
    let title = match deck_names.len() {
        1 => deck_names.into_iter().next().filter(|d| !d.trim().is_empty()).unwrap_or_else(|| stem.clone()),
        _ => stem.clone(),
    };
    let deck = Deck {
        version: super::chart::FORMAT_VERSION,
        id: slug(&stem, "imported"),
        title,
        description: String::new(),
        sources: Vec::new(),
        cards,
    };
    Imported { deck, format, problems, warnings, rows, media_skipped: table.media_skipped }
}

/// Card ids from front text, unique within the deck.
#[derive(Default)]
struct IdMaker {
    used: HashSet<String>,
}

impl IdMaker {
    fn make(
        &mut self,
        front: &str,
        given: Option<&str>,
        file: &str,
        line: usize,
        warnings: &mut Vec<RowProblem>,
    ) -> String {
        let base = match given {
            Some(g) => g.to_owned(),
            None => slug(front, "card"),
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let id =
            (2..).map(|n| format!("{base}-{n}")).find(|id| !self.used.contains(id)).unwrap_or_else(|| base.clone());
        if given.is_some() {
            warnings.push(RowProblem {
                file: file.to_owned(),
                line,
                message: format!("id `{base}` is already used by an earlier row; this card gets `{id}`"),
            });
        }
        self.used.insert(id.clone());
        id
    }
}

/// Longest id made from text, in bytes (cut at a word).
const MAX_SLUG: usize = 60;

/// A stable id from text: its words in lower case (Cyrillic in Latin letters) joined by `-`, at most
/// 60 characters; `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let simple = simplify(text);
    let mut out = String::with_capacity(simple.len().min(MAX_SLUG));
    for word in simple.split(' ').filter(|w| !w.is_empty()) {
        let extra = word.len() + usize::from(!out.is_empty());
        if out.len() + extra > MAX_SLUG {
            if out.is_empty() {
                out.extend(word.chars().scan(0, |n, c| {
                    *n += c.len_utf8();
                    (*n <= MAX_SLUG).then_some(c)
                }));
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() { fallback.to_owned() } else { out }
}

/// Accepted answers or wrong options from one field, separated by `|` (only CSV has such fields).
fn split_answers(field: &str) -> Vec<String> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Tags from one field: Anki separates them with spaces; CSV with spaces, commas or `|`.
fn split_tags(field: &str, style: ListStyle) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let parts: Box<dyn Iterator<Item = &str>> = match style {
        ListStyle::Anki => Box::new(field.split_whitespace()),
        ListStyle::Csv => Box::new(field.split(|c: char| c.is_whitespace() || c == ',' || c == '|')),
    };
    for t in parts.filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

/// Whether text holds a cloze deletion `{{c1::...}}`.
fn has_cloze(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("{{c") {
        let after = &rest[i + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with("::") {
            return true;
        }
        rest = after;
    }
    false
}

/// One deletion: its number, where it is in the text, its answer and hint.
struct Deletion {
    number: u32,
    start: usize,
    end: usize,
    answer: String,
    hint: Option<String>,
}

fn deletions(text: &str) -> Vec<Deletion> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("{{c") {
        let start = at + i;
        let after = &text[start + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(number) = after[..digits].parse::<u32>() else {
            at = start + 3;
            continue;
        };
        if !after[digits..].starts_with("::") {
            at = start + 3;
            continue;
        }
        let body_start = start + 3 + digits + 2;
        // The closing `}}`, skipping nested `{{..}}`.
        let mut depth = 0usize;
        let mut j = body_start;
        let bytes = text.as_bytes();
        let mut close = None;
        while j + 1 < bytes.len() {
            if bytes[j] == b'{' && bytes[j + 1] == b'{' {
                depth += 1;
                j += 2;
            } else if bytes[j] == b'}' && bytes[j + 1] == b'}' {
                if depth == 0 {
                    close = Some(j);
                    break;
                }
                depth -= 1;
                j += 2;
            } else {
                j += 1;
            }
        }
        let Some(close) = close else { break };
        let body = &text[body_start..close];
        let (answer, hint) = match body.rfind("::") {
            Some(k) if !body[k..].contains("}}") => (&body[..k], Some(body[k + 2..].to_owned())),
            _ => (body, None),
        };
        out.push(Deletion { number, start, end: close + 2, answer: strip_clozes(answer), hint });
        at = close + 2;
    }
    out
}

/// Text with every deletion replaced by its answer.
fn strip_clozes(text: &str) -> String {
    let dels = deletions(text);
    if dels.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for d in &dels {
        out.push_str(&text[at..d.start]);
        out.push_str(&d.answer);
        at = d.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The cards of a cloze note, one per deletion number in order: the front with that number's
/// deletions shown as `[...]` (or `[hint]`) and the others filled in; the back the answers of that
/// number, joined with `; `.
pub fn cloze_cards(text: &str) -> Vec<(String, String)> {
    let dels = deletions(text);
    let mut numbers: Vec<u32> = dels.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|n| {
            let mut front = String::with_capacity(text.len());
            let mut answers: Vec<&str> = Vec::new();
            let mut at = 0;
            for d in &dels {
                front.push_str(&text[at..d.start]);
                if d.number == n {
                    front.push('[');
                    front.push_str(d.hint.as_deref().unwrap_or("..."));
                    front.push(']');
                    if !answers.contains(&d.answer.as_str()) {
                        answers.push(&d.answer);
                    }
                } else {
                    front.push_str(&d.answer);
                }
                at = d.end;
            }
            front.push_str(&text[at..]);
            (front.trim().to_owned(), answers.join("; ").trim().to_owned())
        })
        .collect()
}

/// HTML as Anki stores fields, turned into plain text: tags removed (`<br>` and the end of a `<div>`,
/// `<p>` or `<li>` become line breaks; `<style>`/`<script>` content dropped), entities decoded,
/// `[sound:...]` references dropped, surrounding blank space trimmed.
pub fn html_to_text(html: &str) -> String {
    if !html.contains(['<', '&', '[']) {
        return html.trim().to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&', '[']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                out.push_str(rest);
                rest = "";
                break;
            };
            let tag = rest[1..end].trim().to_ascii_lowercase();
            let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            rest = &rest[end + 1..];
            if name.is_empty() && !tag.starts_with('!') {
                // Not a tag ("a < b"): keep the text.
                out.push('<');
                out.push_str(&tag);
                out.push('>');
                continue;
            }
            match (name.as_str(), tag.starts_with('/')) {
                ("br", _) => out.push('\n'),
                ("div" | "p" | "li" | "tr", true) if !out.ends_with('\n') => out.push('\n'),
                ("style" | "script", false) => {
                    let close = format!("</{name}");
                    let lower = rest.to_ascii_lowercase();
                    rest = match lower.find(&close) {
                        Some(k) => rest[k..].find('>').map_or("", |e| &rest[k + e + 1..]),
                        None => "",
                    };
                }
                _ => {}
            }
        } else if rest.starts_with('&') {
            let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|k| k + 1);
            match end.filter(|&k| rest[k..].starts_with(';')).and_then(|k| entity(&rest[1..k]).map(|c| (k, c))) {
                Some((k, c)) => {
                    out.push(c);
                    rest = &rest[k + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        } else if let Some(end) = rest.strip_prefix("[sound:").and_then(|r| r.find(']')) {
            rest = &rest[7 + end + 1..];
        } else {
            out.push('[');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    let trimmed = out.trim();
    if trimmed.len() == out.len() { out } else { trimmed.to_owned() }
}

/// The character of an HTML entity (without `&` and `;`).
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bull" => '•',
        "middot" => '·',
        "deg" => '°',
        "times" => '×',
        "copy" => '©',
        "reg" => '®',
        "euro" => '€',
        "shy" => '\u{ad}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_words_of_the_front() {
        assert_eq!(slug("Who chairs the Security Council?", "card"), "who-chairs-the-security-council");
        assert_eq!(slug("Кто возглавляет Правительство?", "card"), "kto-vozglavlyaet-pravitelstvo");
        assert_eq!(slug("?!", "card"), "card");
        assert!(slug(&"word ".repeat(40), "card").len() <= MAX_SLUG);
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_to_text("The <b>President</b>"), "The President");
        assert_eq!(html_to_text("a<br>b<br />c"), "a\nb\nc");
        assert_eq!(html_to_text("<div>one</div><div>two</div>"), "one\ntwo");
        assert_eq!(html_to_text("107 &lt;M&gt; &amp; &quot;S&quot; &#1178; &#x49a; &nbsp;x"), "107 <M> & \"S\" Қ Қ  x");
        assert_eq!(html_to_text("AT&T and a < b"), "AT&T and a < b");
        assert_eq!(html_to_text("x [sound:a.mp3]<img src=\"f.png\">"), "x");
        assert_eq!(html_to_text("<style>.c{}</style>kept"), "kept");
    }

    #[test]
    fn cloze_note_gives_one_card_per_number() {
        let cards = cloze_cards("{{c1::Astana}} has been the capital since {{c2::1997::year}}");
        assert_eq!(
            cards,
            [
                ("[...] has been the capital since 1997".to_owned(), "Astana".to_owned()),
                ("Astana has been the capital since [year]".to_owned(), "1997".to_owned()),
            ]
        );
        let same = cloze_cards("{{c1::a}} and {{c1::b}} and {{c2::c}}");
        assert_eq!(same[0], ("[...] and [...] and c".to_owned(), "a; b".to_owned()));
        assert!(has_cloze("x {{c12::y}}") && !has_cloze("{{Front}} {{c::x}}"));
    }
}
