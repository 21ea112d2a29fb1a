//! Reading chart and deck files: size and encoding checks, RON parsing with exact positions, and the
//! problem type every bad input is reported with.

use std::fmt;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::chart::{Chart, FORMAT_VERSION};
use super::deck::Deck;
use super::locate::{Lexer, Pos, Seg, Tok, locate};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One thing wrong with an input file, printed as `PATH:LINE:COLUMN: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problem {
    /// The file as the user named it (or `data/...` for bundled files).
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl Problem {
    pub fn new(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Self { file: file.into(), line: pos.line, column: pos.column, message: message.into() }
    }
}

/// What a file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Chart(Chart),
    Deck(Deck),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Chart,
    Deck,
}

/// Reads a file as text: refuses files over [`MAX_FILE_BYTES`] before reading them ([`read_bytes`]) and
/// text that is not UTF-8 (naming the byte offset); drops a byte-order mark and turns CRLF line ends into LF.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let bytes = read_bytes(path)?;
    decode_text(&path.display().to_string(), bytes)
}

/// Reads a file's bytes, refusing a directory and a file over [`MAX_FILE_BYTES`] before reading it.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Problem> {
    let name = path.display().to_string();
    let at_start = |message: String| Problem::new(name.clone(), Pos::START, message);
    let meta = std::fs::metadata(path).map_err(|e| at_start(format!("cannot read the file: {e}")))?;
    if meta.is_dir() {
        return Err(at_start("is a directory, not a file".to_owned()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(at_start(format!(
            "the file is {} MiB; files over {} MiB are refused",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(|e| at_start(format!("cannot read the file: {e}")))
}

/// The checks of [`read_text`] on bytes already in memory (a dropped file, a bundled file).
pub fn decode_text(name: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Problem::new(
            name,
            Pos::START,
            format!("the file is over {} MiB and is refused", MAX_FILE_BYTES / (1024 * 1024)),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            if let Some(what) = not_text(bytes) {
                return Err(Problem::new(name, Pos::START, what));
            }
            let pos = position_of(std::str::from_utf8(&bytes[..offset]).unwrap_or_default());
            return Err(Problem::new(
                name,
                pos,
                format!(
                    "the file is not valid UTF-8: invalid byte 0x{:02X} at byte offset {offset}; save it as UTF-8",
                    bytes[offset]
                ),
            ));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(if text.contains('\r') { text.replace("\r\n", "\n") } else { text })
}

/// What a file that is not UTF-8 is instead, when that is plain: UTF-16 text, or binary data.
fn not_text(bytes: &[u8]) -> Option<String> {
    let expected = "a chart or a deck is UTF-8 text";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(format!("the file is UTF-16 text; {expected}: save it as UTF-8"));
    }
    let signatures: [(&[u8], &str); 5] = [
        (b"\x89PNG", "a PNG image"),
        (b"PK\x03\x04", "a zip archive (an Anki package is imported, not opened)"),
        (b"%PDF", "a PDF document"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    if let Some((_, kind)) = signatures.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(format!("the file is {kind}, not text; {expected}"));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.contains(&0) {
        return Some(format!("the file is binary data, not text; {expected}"));
    }
    None
}

/// The line and column just after `prefix`.
fn position_of(prefix: &str) -> Pos {
    let line = 1 + prefix.bytes().filter(|&b| b == b'\n').count();
    let column = 1 + prefix.rsplit('\n').next().unwrap_or_default().chars().count();
    Pos { line, column }
}

/// Which kind of document the text holds, from its leading struct name (`Chart(` or `Deck(`), or for
/// an unnamed `(` from the first field that only one of them has.
/// The name the file's top-level value starts with (`Chart`, `Deck`, `Exam`, `ExamResult`), after any
/// `#![enable(..)]` attributes and comments.
pub fn struct_name(text: &str) -> Option<&str> {
    let mut tokens = Lexer::new(text).peekable();
    while let Some((Tok::Hash, _)) = tokens.peek() {
        tokens.next();
        let mut depth = 0usize;
        for (t, _) in tokens.by_ref() {
            match t {
                Tok::Open(_) => depth += 1,
                Tok::Close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    match tokens.next() {
        Some((Tok::Ident(name), _)) => Some(name),
        _ => None,
    }
}

pub fn detect_kind(name: &str, text: &str) -> Result<DocumentKind, Problem> {
    let mut tokens = Lexer::new(text).peekable();
    // Skip `#![enable(..)]` attributes.
    while let Some((Tok::Hash, _)) = tokens.peek() {
        tokens.next();
        let mut depth = 0usize;
        for (t, _) in tokens.by_ref() {
            match t {
                Tok::Open(_) => depth += 1,
                Tok::Close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    let expected = "expected a chart `Chart(version: 1, ...)` or a deck `Deck(version: 1, ...)`";
    match tokens.next() {
        Some((Tok::Ident("Chart"), _)) => Ok(DocumentKind::Chart),
        Some((Tok::Ident("Deck"), _)) => Ok(DocumentKind::Deck),
        Some((Tok::Open(b'('), pos)) => {
            for (t, _) in tokens.take(64) {
                match t {
                    Tok::Ident("units" | "relations" | "events") => return Ok(DocumentKind::Chart),
                    Tok::Ident("cards" | "front" | "back") => return Ok(DocumentKind::Deck),
                    _ => {}
                }
            }
            Err(Problem::new(
                name,
                pos,
                format!("{expected}, found `(` with neither a chart's fields (`units`) nor a deck's (`cards`)"),
            ))
        }
        Some((t, pos)) => Err(Problem::new(name, pos, format!("{expected}, found {}", describe(&t)))),
        None if text.trim().is_empty() => {
            Err(Problem::new(name, position_of(text), format!("{expected}, found an empty file")))
        }
        None => Err(Problem::new(name, position_of(text), format!("{expected}, found only comments"))),
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(i) => format!("`{i}`"),
        Tok::Str(s) => format!("the string {s:?}"),
        Tok::Open(c) => format!("`{}`", *c as char),
        Tok::Close => "a closing bracket".to_owned(),
        Tok::Comma => "`,`".to_owned(),
        Tok::Colon => "`:`".to_owned(),
        Tok::Other => "a value".to_owned(),
        Tok::Hash => "`#`".to_owned(),
    }
}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Checks the `version` field before the rest is parsed, so that a file from a newer app gets a
/// message about versions rather than about fields this app does not know.
fn check_version(name: &str, text: &str) -> Result<(), Problem> {
    check_version_at_most(name, text, FORMAT_VERSION, "")
}

/// Refuses a file whose `version` is newer than `max` (or 0), naming what kind of file it is
/// ("exam", "results"; empty for charts and decks).
pub fn check_version_at_most(name: &str, text: &str, max: u32, what: &str) -> Result<(), Problem> {
    let what = if what.is_empty() { String::new() } else { format!("{what} ") };
    let mut tokens = Lexer::new(text);
    // The version is normally the first field; stop looking after a few tokens.
    let mut last = None;
    for (tok, pos) in tokens.by_ref().take(12) {
        if last == Some(Tok::Ident("version")) && tok == Tok::Colon {
            if let Some((_, vpos)) = tokens.next() {
                let digits: String = text
                    .lines()
                    .nth(vpos.line - 1)
                    .unwrap_or_default()
                    .chars()
                    .skip(vpos.column - 1)
                    .take_while(char::is_ascii_digit)
                    .collect();
                if let Ok(v) = digits.parse::<u64>() {
                    if v > u64::from(max) {
                        return Err(Problem::new(
                            name,
                            vpos,
                            format!(
                                "{what}format version {v} is newer than this app reads (versions 1 to {max}); \
                                 update KZ Civics to open this file"
                            ),
                        ));
                    }
                    if v == 0 {
                        return Err(Problem::new(
                            name,
                            vpos,
                            "format version 0 does not exist; the first version is 1",
                        ));
                    }
                }
            }
            return Ok(());
        }
        last = Some(tok);
        let _ = pos;
    }
    Ok(())
}

/// Parses text as a chart or a deck (whichever it holds), with no semantic checks.
pub fn parse_document(name: &str, text: &str) -> Result<Document, Problem> {
    check_version(name, text)?;
    let kind = detect_kind(name, text)?;
    let parsed = match kind {
        DocumentKind::Chart => parse_as(name, text).map(Document::Chart),
        DocumentKind::Deck => parse_as(name, text).map(Document::Deck),
    };
    parsed.map_err(|problem| misnamed(name, text, kind).unwrap_or(problem))
}

/// For a file named `Chart(` that has a deck's fields, or `Deck(` with a chart's: a message saying so,
/// at the name, rather than one about the first field the named kind does not have.
fn misnamed(name: &str, text: &str, kind: DocumentKind) -> Option<Problem> {
    let mut depth = 0usize;
    let mut at = None;
    let mut fields = Vec::new();
    for (tok, pos) in Lexer::new(text).take(10_000) {
        match tok {
            Tok::Ident(n @ ("Chart" | "Deck")) if depth == 0 && at.is_none() => at = Some((n, pos)),
            Tok::Open(_) => depth += 1,
            Tok::Close => depth = depth.saturating_sub(1),
            Tok::Ident(f) if depth == 1 => fields.push(f),
            _ => {}
        }
    }
    let (written, pos) = at?;
    let (other, own, theirs): (&str, &[&str], &[&str]) = match kind {
        DocumentKind::Chart => ("Deck", &["units", "relations", "events"], &["cards", "id"]),
        DocumentKind::Deck => ("Chart", &["cards", "id"], &["units", "relations", "events"]),
    };
    let has = |list: &[&str]| fields.iter().find(|f| list.contains(f)).copied();
    if has(own).is_some() {
        return None;
    }
    let field = has(theirs)?;
    let what = if other == "Deck" { "a deck" } else { "a chart" };
    Some(Problem::new(
        name,
        pos,
        format!("the file starts with `{written}(` but holds {what} (it has `{field}`); write `{other}(` instead"),
    ))
}

/// Parses text as `T`, turning `ron`'s error into a [`Problem`] with a readable message.
pub fn parse_as<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, Problem> {
    options().from_str(text).map_err(|e| {
        let mut pos = next_token_at(text, Pos { line: e.span.start.line, column: e.span.start.col });
        // `ron` points after the sign of a number out of range: point at the sign.
        if matches!(e.code, ron::Error::IntegerOutOfBounds)
            && pos.column > 1
            && text.split('\n').nth(pos.line - 1).and_then(|l| l.chars().nth(pos.column - 2)) == Some('-')
        {
            pos.column -= 1;
        }
        let mut message = describe_ron_error(&e.code);
        if message.starts_with("expected") && !message.contains("found") {
            message = match token_text(text, pos) {
                Some(found) => format!("{message}, found {found}"),
                None => format!("{message}, found the end of the file"),
            };
        }
        Problem::new(name, pos, message)
    })
}

/// The source text of the token at `pos`, quoted for a message: `5`, `"text"`, `Deck`.
fn token_text(text: &str, pos: Pos) -> Option<String> {
    let line = text.split('\n').nth(pos.line.saturating_sub(1))?;
    let rest: String = line.chars().skip(pos.column.saturating_sub(1)).collect();
    let first = rest.chars().next()?;
    if first.is_control() {
        return Some(format!("the control character U+{:04X}", first as u32));
    }
    let token: String = if first == '"' {
        let end = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
        rest[..end].to_owned()
    } else if ",:()[]{}".contains(first) {
        first.to_string()
    } else {
        rest.chars().take_while(|c| !c.is_whitespace() && !",:()[]{}".contains(*c)).collect()
    };
    let short: String = token.chars().take(40).collect();
    Some(if short.len() < token.len() { format!("`{short}…`") } else { format!("`{short}`") })
}

/// `ron` reports some errors at the whitespace before the offending value: move to the value itself.
fn next_token_at(text: &str, pos: Pos) -> Pos {
    let Some(line) = text.split('\n').nth(pos.line.saturating_sub(1)) else { return pos };
    let line_start = line.as_ptr() as usize - text.as_ptr() as usize;
    let Some((offset, c)) = line.char_indices().nth(pos.column.saturating_sub(1)) else { return pos };
    if !c.is_whitespace() {
        return pos;
    }
    match Lexer::new(&text[line_start + offset..]).next() {
        Some((_, p)) if p.line == 1 => Pos { line: pos.line, column: pos.column + p.column - 1 },
        Some((_, p)) => Pos { line: pos.line + p.line - 1, column: p.column },
        None => pos,
    }
}

fn one_of(alts: &[&str], none: &str) -> String {
    if alts.is_empty() {
        return format!("there are no {none}");
    }
    let list: Vec<String> = alts.iter().map(|a| format!("`{a}`")).collect();
    format!("the allowed {none} are {}", list.join(", "))
}

fn describe_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    let inside = |outer: &Option<String>| outer.as_ref().map(|o| format!(" in `{o}`")).unwrap_or_default();
    match code {
        E::NoSuchStructField { expected, found, outer } => {
            format!("unknown field `{found}`{}; {}", inside(outer), one_of(expected, "fields"))
        }
        E::MissingStructField { field, outer } => format!("missing field `{field}`{}", inside(outer)),
        E::DuplicateStructField { field, outer } => format!("field `{field}` appears twice{}", inside(outer)),
        E::NoSuchEnumVariant { expected, found, outer } => {
            format!("unknown value `{found}`{}; {}", inside(outer), one_of(expected, "values"))
        }
        E::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(...)` here, found `{found}(...)`")
        }
        E::InvalidValueForType { expected, found } => format!("expected {expected}, found {found}"),
        E::ExceededRecursionLimit => "the file nests too deeply to be a chart or a deck".to_owned(),
        E::ExpectedComma => "expected `,` between items".to_owned(),
        E::Eof => "the file ends too early: a bracket or a string is not closed".to_owned(),
        E::ExpectedStringEnd => "the string that starts here is not closed: its closing `\"` is missing".to_owned(),
        E::IntegerOutOfBounds => "expected a whole number in the range this field allows".to_owned(),
        E::TrailingCharacters => "unexpected text after the end of the document".to_owned(),
        E::Message(m) => m.clone(),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// Positions for problems found after parsing: each `(path, message)` is located in the text.
pub fn locate_all(name: &str, text: &str, issues: Vec<(Vec<Seg>, String)>) -> Vec<Problem> {
    let mut problems: Vec<Problem> =
        issues.into_iter().map(|(path, message)| Problem::new(name, locate(text, &path), message)).collect();
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode_text("x.ron", b"\xEF\xBB\xBFDeck(\r\n  version: 1,\r\n)".to_vec()).unwrap();
        assert_eq!(text, "Deck(\n  version: 1,\n)");
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset_and_position() {
        let err = decode_text("x.ron", b"Deck(\n  id: \"a\xFFb\"".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 9));
        assert!(err.message.contains("byte offset 14"), "{}", err.message);
        assert!(err.message.contains("0xFF"), "{}", err.message);
    }

    #[test]
    fn kind_is_detected_from_struct_name_or_fields() {
        assert_eq!(detect_kind("x", "// c\nChart(units: [])"), Ok(DocumentKind::Chart));
        assert_eq!(detect_kind("x", "#![enable(implicit_some)]\nDeck(cards: [])"), Ok(DocumentKind::Deck));
        assert_eq!(detect_kind("x", "(version: 1, cards: [])"), Ok(DocumentKind::Deck));
        assert_eq!(detect_kind("x", "(version: 1, units: [])"), Ok(DocumentKind::Chart));
        let err = detect_kind("x", "\n\n  42").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3));
    }

    #[test]
    fn newer_format_version_is_refused_with_a_clear_message() {
        let err = parse_document("x.ron", "Deck(\n    version: 7,\n    future_field: 1,\n)").unwrap_err();
        assert_eq!((err.line, err.column), (2, 14));
        assert!(err.message.contains("format version 7 is newer"), "{}", err.message);
    }
}
