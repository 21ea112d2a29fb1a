//! Finding where an item sits in RON text, for error messages about items that parsed but do not make
//! sense (a duplicate id, a link to a unit that does not exist).
//!
//! serde gives no positions for parsed values, so after validation finds a problem at a path like
//! `cards[5].unit`, this module walks the text's tokens (never recursing, so deep nesting is harmless)
//! and reports where the value at that path begins. It runs only when there is something to report.

use std::collections::VecDeque;

/// One step of a path into a document: a struct field or a list element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    Field(&'static str),
    Index(usize),
}

/// A 1-based line and column, columns counted in characters as `ron` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    Ident(&'a str),
    Str(String),
    Other,
    Open(u8),
    Close,
    Comma,
    Colon,
    /// `#`, which starts an `#![enable(..)]` attribute.
    Hash,
}

/// A forgiving RON tokenizer: it never fails, it only has to be right on text that `ron` accepted.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    at: usize,
    pos: Pos,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, at: 0, pos: Pos::START }
    }

    fn peek_char(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        Some(c)
    }

    fn skip_trivia(&mut self) {
        loop {
            let rest = &self.text[self.at..];
            if rest.starts_with("//") {
                while self.peek_char().is_some_and(|c| c != '\n') {
                    self.bump();
                }
            } else if rest.starts_with("/*") {
                // Block comments nest in RON.
                let mut depth = 0usize;
                while self.at < self.text.len() {
                    let rest = &self.text[self.at..];
                    if rest.starts_with("/*") {
                        depth += 1;
                        self.bump();
                        self.bump();
                    } else if rest.starts_with("*/") {
                        self.bump();
                        self.bump();
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        self.bump();
                    }
                }
            } else if self.peek_char().is_some_and(char::is_whitespace) {
                self.bump();
            } else {
                return;
            }
        }
    }

    fn string(&mut self) -> String {
        let mut out = String::new();
        self.bump(); // opening quote
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('0') => out.push('\0'),
                    Some('u') => {
                        // \u{XXXX}
                        let mut hex = String::new();
                        if self.peek_char() == Some('{') {
                            self.bump();
                            while let Some(h) = self.bump() {
                                if h == '}' {
                                    break;
                                }
                                hex.push(h);
                            }
                        }
                        if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            out.push(ch);
                        }
                    }
                    Some(other) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        out
    }

    fn raw_string(&mut self) -> String {
        self.bump(); // r
        let mut hashes = 0;
        while self.peek_char() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // opening quote
        let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
        let start = self.at;
        while self.at < self.text.len() && !self.text[self.at..].starts_with(&closing) {
            self.bump();
        }
        let out = self.text[start..self.at].to_owned();
        for _ in 0..closing.chars().count() {
            self.bump();
        }
        out
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = (Tok<'a>, Pos);

    fn next(&mut self) -> Option<Self::Item> {
        self.skip_trivia();
        let pos = self.pos;
        let c = self.peek_char()?;
        let rest = &self.text[self.at..];
        let tok = match c {
            '(' | '[' | '{' => {
                self.bump();
                Tok::Open(c as u8)
            }
            ')' | ']' | '}' => {
                self.bump();
                Tok::Close
            }
            ',' => {
                self.bump();
                Tok::Comma
            }
            ':' => {
                self.bump();
                Tok::Colon
            }
            '#' => {
                self.bump();
                Tok::Hash
            }
            '"' => Tok::Str(self.string()),
            'r' if rest.starts_with("r\"") || rest.starts_with("r#\"") || rest.starts_with("r##") => {
                Tok::Str(self.raw_string())
            }
            '\'' => {
                self.bump();
                while let Some(c) = self.bump() {
                    match c {
                        '\\' => {
                            self.bump();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
                Tok::Other
            }
            c if c == '_' || c.is_alphabetic() => {
                let start = self.at;
                if rest.starts_with("r#") {
                    self.bump();
                    self.bump();
                }
                while self.peek_char().is_some_and(|c| c == '_' || c.is_alphanumeric()) {
                    self.bump();
                }
                let word = &self.text[start..self.at];
                Tok::Ident(word.strip_prefix("r#").unwrap_or(word))
            }
            _ => {
                // Numbers, signs, attribute marks: one run of characters that cannot start anything else.
                self.bump();
                while self.peek_char().is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '+' | '-')) {
                    self.bump();
                }
                Tok::Other
            }
        };
        Some((tok, pos))
    }
}

#[derive(Debug)]
enum Frame {
    /// `( .. )` holding named fields: the current field, if one has been read.
    Struct(Option<&'static str>, Option<String>),
    /// `( .. )` holding positional values (a tuple, `Some(..)`), or `[ .. ]` / `{ .. }`.
    Seq(usize),
}

/// Where the value at `target` begins in `text`. When the path does not exist (a missing field), the
/// position of the deepest existing ancestor; when nothing matches, the start of the text.
pub fn locate(text: &str, target: &[Seg]) -> Pos {
    let mut best = (0usize, Pos::START);
    let mut lexer = Lexer::new(text);
    let mut ahead: VecDeque<(Tok, Pos)> = VecDeque::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_value = true;

    macro_rules! next {
        () => {
            match ahead.pop_front() {
                Some(t) => Some(t),
                None => lexer.next(),
            }
        };
    }
    // Skip a leading `#![enable(..)]` attribute.
    while matches!(peek(&mut ahead, &mut lexer, 0), Some(Tok::Hash)) {
        let _ = next!();
        if matches!(peek(&mut ahead, &mut lexer, 0), Some(Tok::Open(b'['))) {
            let mut depth = 0usize;
            while let Some((t, _)) = next!() {
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
    }

    while let Some((tok, pos)) = next!() {
        if expect_value {
            expect_value = false;
            let matched = matched_prefix(&stack, target);
            if matched == Some(target.len()) {
                return pos;
            }
            if let Some(n) = matched
                && n >= best.0
            {
                best = (n, pos);
            }
        }
        match tok {
            Tok::Ident(name) => {
                if matches!(stack.last(), Some(Frame::Struct(..)))
                    && peek(&mut ahead, &mut lexer, 0) == Some(Tok::Colon)
                {
                    let _ = next!();
                    if let Some(Frame::Struct(field, owned)) = stack.last_mut() {
                        *field = target.iter().find_map(|s| match s {
                            Seg::Field(f) if *f == name => Some(*f),
                            _ => None,
                        });
                        *owned = Some(name.to_owned());
                    }
                    expect_value = true;
                }
            }
            Tok::Open(b'(') => {
                let is_struct = matches!(peek(&mut ahead, &mut lexer, 0), Some(Tok::Ident(_)))
                    && peek(&mut ahead, &mut lexer, 1) == Some(Tok::Colon);
                if is_struct {
                    stack.push(Frame::Struct(None, None));
                } else {
                    stack.push(Frame::Seq(0));
                    expect_value = peek(&mut ahead, &mut lexer, 0) != Some(Tok::Close);
                }
            }
            Tok::Open(_) => {
                stack.push(Frame::Seq(0));
                expect_value = peek(&mut ahead, &mut lexer, 0) != Some(Tok::Close);
            }
            Tok::Close => {
                stack.pop();
            }
            Tok::Comma => match stack.last_mut() {
                Some(Frame::Seq(i)) => {
                    *i += 1;
                    expect_value = peek(&mut ahead, &mut lexer, 0) != Some(Tok::Close);
                }
                Some(Frame::Struct(field, owned)) => {
                    *field = None;
                    *owned = None;
                }
                None => {}
            },
            Tok::Colon | Tok::Str(_) | Tok::Other | Tok::Hash => {}
        }
    }
    best.1
}

/// The n-th token ahead (0-based), reading more from the lexer as needed.
fn peek<'a>(ahead: &mut VecDeque<(Tok<'a>, Pos)>, lexer: &mut Lexer<'a>, n: usize) -> Option<Tok<'a>> {
    while ahead.len() <= n {
        let t = lexer.next()?;
        ahead.push_back(t);
    }
    Some(ahead[n].0.clone())
}

/// How many leading segments of `target` the current stack matches, or None when it has left the path.
fn matched_prefix(stack: &[Frame], target: &[Seg]) -> Option<usize> {
    let mut n = 0;
    for frame in stack {
        let seg = match frame {
            Frame::Struct(Some(f), _) => Seg::Field(f),
            Frame::Struct(None, None) => continue,
            Frame::Struct(None, Some(_)) => return None,
            Frame::Seq(i) => Seg::Index(*i),
        };
        // `Some(x)` and similar wrappers: a positional frame the target does not name is transparent
        // when it is at index 0 and the target continues with a field or ends here.
        if n < target.len() && target[n] == seg {
            n += 1;
        } else if matches!(seg, Seg::Index(0)) && !matches!(target.get(n), Some(Seg::Index(_))) {
            continue;
        } else {
            return None;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Seg::{Field, Index};

    const DOC: &str = r#"// a deck
Deck(
    version: 1,
    id: "d",
    cards: [
        (id: "a", front: "Q?", back: "A"),
        (
            id: "b",
            front: "",
            unit: Some("nowhere"),
        ),
    ],
)
"#;

    #[test]
    fn finds_a_field_of_a_list_element() {
        assert_eq!(locate(DOC, &[Field("cards"), Index(1), Field("front")]), Pos { line: 9, column: 20 });
        assert_eq!(locate(DOC, &[Field("cards"), Index(0), Field("back")]), Pos { line: 6, column: 38 });
    }

    #[test]
    fn finds_a_top_level_field_and_a_list_element() {
        assert_eq!(locate(DOC, &[Field("id")]), Pos { line: 4, column: 9 });
        assert_eq!(locate(DOC, &[Field("cards"), Index(1)]), Pos { line: 7, column: 9 });
    }

    #[test]
    fn looks_through_some() {
        assert_eq!(locate(DOC, &[Field("cards"), Index(1), Field("unit")]), Pos { line: 10, column: 19 });
    }

    #[test]
    fn a_missing_field_points_at_its_parent() {
        assert_eq!(locate(DOC, &[Field("cards"), Index(0), Field("tags")]), Pos { line: 6, column: 9 });
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("Deck(cards: {}{})", "[".repeat(1_000_000), "]".repeat(1_000_000));
        let _ = locate(&deep, &[Field("cards"), Index(3)]);
    }

    #[test]
    fn counts_columns_in_characters() {
        let text = "(a: \"Ұлт\", b: 1)";
        assert_eq!(locate(text, &[Field("b")]), Pos { line: 1, column: 15 });
    }
}
