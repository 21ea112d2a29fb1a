//! Writing decks: the one canonical RON layout the app saves, and saving it atomically.
//!
//! The layout is fixed so that files stay easy to read and to diff:
//! - the deck's fields in the order of [`Deck`] (`version`, `id`, `title`, `description`, `sources`,
//!   `cards`), the cards in the deck's order, one card per group of lines, one field per line, in the
//!   order of [`Card`] (`id`, `front`, `back`, `accept`, `wrong`, `tags`, `unit`, `sources`, `note`);
//! - fields that are empty (no description, no accepted answers, no unit, an empty note) are left out,
//!   since reading fills them in with the same empty value;
//! - lists of strings on one line (`["a", "b"]`), four spaces of indentation, a comma after every
//!   item, a line feed at the end;
//! - text kept as written, Cyrillic and other non-ASCII letters included; only `"` and `\`, line
//!   breaks, tabs and other control characters are escaped (`\"`, `\\`, `\n`, `\t`, `\u{7}`).
//!
//! So saving a deck that was read from a file this module wrote gives the same bytes, and a change to
//! one card changes only that card's lines. Comments in a file are not kept: the text is made from
//! the parsed deck ([`has_comments`] tells the UI when saving will drop some).
//!
//! [`to_ron`] is the text; [`save`] writes it atomically (temporary file, fsync, rename) and returns
//! the hash of what it wrote, which the file watcher uses to tell its own saves from edits by others.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use super::chart::Source;
use super::deck::{Card, Deck};
use super::progress::write_atomic;

/// A hash of a file's bytes, to tell whether a file on disk is the one the app last read or wrote.
/// Stable across runs and machines (the recovery file stores it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ContentHash(pub u64);

impl ContentHash {
    /// FNV-1a over 8-byte words (and the tail bytes), with the length mixed in: fast on large files,
    /// and the same value for the same bytes everywhere.
    pub fn of(bytes: &[u8]) -> Self {
        const PRIME: u64 = 0x0000_0100_0000_01B3;
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            h = (h ^ u64::from_le_bytes(word)).wrapping_mul(PRIME);
            h ^= h >> 29;
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        ContentHash(h)
    }
}

/// Saving a deck failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot save the deck to {}: {source}", path.display())]
pub struct SaveError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// What [`save`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub bytes: usize,
    pub hash: ContentHash,
}

/// Writes `deck` to `path` in the canonical layout, atomically: the old file or the new one is on disk
/// after a crash, never a mix. Creates the directory if needed.
pub fn save(path: &Path, deck: &Deck) -> Result<Saved, SaveError> {
    let text = to_ron(deck);
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError { path: path.to_path_buf(), source })?;
    Ok(Saved { bytes: text.len(), hash: ContentHash::of(text.as_bytes()) })
}

/// The deck as RON text in the canonical layout (see the module documentation).
pub fn to_ron(deck: &Deck) -> String {
    // About 200 bytes per card in practice; one allocation for most decks.
    let mut out = String::with_capacity(256 + deck.cards.len() * 256);
    out.push_str("Deck(\n");
    let _ = writeln!(out, "    version: {},", deck.version);
    field(&mut out, 1, "id", &deck.id);
    field(&mut out, 1, "title", &deck.title);
    if !deck.description.is_empty() {
        field(&mut out, 1, "description", &deck.description);
    }
    if !deck.sources.is_empty() {
        out.push_str("    sources: [\n");
        for s in &deck.sources {
            source(&mut out, s);
        }
        out.push_str("    ],\n");
    }
    if deck.cards.is_empty() {
        out.push_str("    cards: [],\n");
    } else {
        out.push_str("    cards: [\n");
        for c in &deck.cards {
            card(&mut out, c);
        }
        out.push_str("    ],\n");
    }
    out.push_str(")\n");
    out
}

/// One card as it appears inside `cards: [ .. ]`, with its indentation and trailing comma.
pub fn card_to_ron(card: &Card) -> String {
    let mut out = String::new();
    self::card(&mut out, card);
    out
}

fn card(out: &mut String, c: &Card) {
    out.push_str("        (\n");
    field(out, 3, "id", &c.id);
    field(out, 3, "front", &c.front);
    field(out, 3, "back", &c.back);
    list(out, 3, "accept", &c.accept);
    list(out, 3, "wrong", &c.wrong);
    list(out, 3, "tags", &c.tags);
    if let Some(u) = &c.unit {
        field(out, 3, "unit", u);
    }
    list(out, 3, "sources", &c.sources);
    if !c.note.is_empty() {
        field(out, 3, "note", &c.note);
    }
    out.push_str("        ),\n");
}

fn source(out: &mut String, s: &Source) {
    out.push_str("        (\n");
    field(out, 3, "id", &s.id);
    field(out, 3, "title", &s.title);
    if !s.author.is_empty() {
        field(out, 3, "author", &s.author);
    }
    if let Some(d) = &s.date {
        field(out, 3, "date", &d.to_string());
    }
    if !s.file.is_empty() {
        field(out, 3, "file", &s.file);
    }
    if !s.note.is_empty() {
        field(out, 3, "note", &s.note);
    }
    out.push_str("        ),\n");
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("    ");
    }
}

fn field(out: &mut String, level: usize, name: &str, value: &str) {
    indent(out, level);
    out.push_str(name);
    out.push_str(": ");
    string(out, value);
    out.push_str(",\n");
}

fn list(out: &mut String, level: usize, name: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    indent(out, level);
    out.push_str(name);
    out.push_str(": [");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, v);
    }
    out.push_str("],\n");
}

/// A RON string literal: the text as it is, with `"`, `\` and control characters escaped.
fn string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            '\0' => "\\0",
            c if c.is_control() => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push_str(escape);
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// Whether RON text has comments (`//` or `/* */` outside strings), which saving from the parsed deck
/// does not keep: the UI can say so before the first save of a hand-written file.
pub fn has_comments(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'r' if (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
                && matches!(b.get(i + 1), Some(b'"' | b'#')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                let body = i + 2 + hashes;
                i = b[body..]
                    .windows(closing.len())
                    .position(|w| w == closing)
                    .map_or(b.len(), |p| body + p + closing.len());
            }
            b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => return true,
            _ => i += 1,
        }
    }
    false
}
