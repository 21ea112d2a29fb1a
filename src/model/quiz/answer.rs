//! Checking a typed answer the way a forgiving teacher would.
//!
//! Both the typed text and every accepted answer are brought to one comparable form:
//! - Unicode NFKC, Cyrillic and the Kazakh Latin alphabet transliterated, other diacritics folded
//!   ([`crate::model::text::simplify`]), and the spelling variants of transliterated names made one
//!   ([`crate::model::text::fold`]): Nazarbayev, Nazarbaev and Назарбаев agree, as do Majilis, Mazhilis,
//!   Mäjilis and Мәжіліс;
//! - case, punctuation, spacing, a leading article and parenthesised parts do not count;
//! - numbers written as words are numbers ("one hundred and seven" is 107, "fifth" is 5th), "%" is
//!   "percent", and a thousands separator does not split a number;
//! - dates in any common form are one date ("29 April 1995", "April 29, 1995", "29.04.1995",
//!   "1995-04-29"); a date is right when it says at least what the answer says, so "1995" does not pass
//!   for "April 1995", and "29 April 1995" does.
//!
//! A slip (one edit in a word of 5 or more letters, two in a word of 10 or more) is [`Verdict::Almost`],
//! unless the text is as close to another answer the question could have (another option, another
//! card's answer): then it is wrong, since it may be that other answer misspelt.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::text::{fold_simplified, simplify};

/// How a typed answer was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    Right,
    /// Right but for a slip of the keyboard.
    Almost,
    Wrong,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Right => "Right",
            Verdict::Almost => "Almost",
            Verdict::Wrong => "Wrong",
        }
    }
}

/// How forgiving checking is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Leniency {
    /// Slips count as wrong.
    Exact,
    /// Slips are "almost" (the default).
    #[default]
    Forgiving,
}

/// One piece of the difference between what was typed and the answer it was nearly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffSpan {
    /// In both.
    Same(String),
    /// In the answer, not typed.
    Missing(String),
    /// Typed, not in the answer.
    Extra(String),
}

/// The outcome of checking one typed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub verdict: Verdict,
    /// The accepted answer that the text matched (or nearly matched), as written.
    pub matched: Option<String>,
    /// For an almost-right answer: how the typed text differs from [`Checked::matched`].
    pub diff: Vec<DiffSpan>,
}

impl Checked {
    fn wrong() -> Self {
        Self { verdict: Verdict::Wrong, matched: None, diff: Vec::new() }
    }
}

/// Checks `given` against the card's `back` and its other `accepted` answers. `others` are answers that
/// would be right for other questions (the other options, other cards' answers): a text closer to one
/// of them is never "almost". (To check many answers to one question, build an [`AnswerKey`] once.)
pub fn check(given: &str, back: &str, accepted: &[String], others: &[String], leniency: Leniency) -> Checked {
    AnswerKey::new(back, accepted, others).check(given, leniency)
}

/// A question's answers in their comparable form, made once: the back, the accepted answers (without
/// those less precise than the back) and the rivals.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerKey {
    candidates: Vec<(String, Form)>,
    rivals: Vec<Form>,
}

impl AnswerKey {
    pub fn new(back: &str, accepted: &[String], others: &[String]) -> Self {
        let expected = Form::of(back);
        let mut candidates = vec![(back.to_owned(), expected.clone())];
        for a in accepted {
            let form = Form::of(a);
            // An accepted answer less precise than the back ("1995" for "29 April 1995") would let a
            // student pass a card that exists to tell two dates apart.
            if form.is_empty() || form.less_precise_than(&expected) {
                continue;
            }
            candidates.push((a.clone(), form));
        }
        let rivals = others.iter().map(|o| Form::of(o)).filter(|o| !o.is_empty() && !o.matches(&expected)).collect();
        Self { candidates, rivals }
    }

    pub fn check(&self, given: &str, leniency: Leniency) -> Checked {
        let typed = Form::of(given);
        if typed.is_empty() {
            return Checked::wrong();
        }
        if let Some((text, _)) = self.candidates.iter().find(|(_, f)| typed.matches(f)) {
            return Checked { verdict: Verdict::Right, matched: Some(text.clone()), diff: Vec::new() };
        }
        if leniency == Leniency::Exact {
            return Checked::wrong();
        }
        let best = self
            .candidates
            .iter()
            .filter_map(|(text, f)| typed.slip_distance(f).map(|d| (d, text)))
            .min_by_key(|(d, _)| *d);
        let Some((distance, text)) = best else { return Checked::wrong() };
        let rival = self.rivals.iter().any(|o| typed.matches(o) || typed.distance(o).is_some_and(|d| d <= distance));
        if rival {
            return Checked::wrong();
        }
        Checked { verdict: Verdict::Almost, matched: Some(text.clone()), diff: diff(given.trim(), text) }
    }
}

/// Whether `given` says the same as `answer` (no slips allowed): for choosing among options and for tests.
pub fn same_answer(given: &str, answer: &str) -> bool {
    Form::of(given).same(&Form::of(answer))
}

/// The comparable form of an answer: its words (folded), and the date it names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    words: Vec<String>,
    date: Option<DateParts>,
}

/// A date as precise as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateParts {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl DateParts {
    fn precision(self) -> u8 {
        1 + u8::from(self.month.is_some()) + u8::from(self.day.is_some())
    }

    /// Whether `self` (typed) says at least what `other` (expected) says, and nothing against it.
    fn covers(self, other: DateParts) -> bool {
        self.year == other.year
            && other.month.is_none_or(|m| self.month == Some(m))
            && other.day.is_none_or(|d| self.day == Some(d))
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = self.date {
            write!(f, "[{}", d.year)?;
            if let Some(m) = d.month {
                write!(f, "-{m:02}")?;
            }
            if let Some(day) = d.day {
                write!(f, "-{day:02}")?;
            }
            write!(f, "] ")?;
        }
        write!(f, "{}", self.words.join(" "))
    }
}

impl Form {
    pub fn of(text: &str) -> Form {
        let form = Self::of_base(&strip_parenthesised(text));
        if form.is_empty() {
            // An answer that is all parentheses (or whose words outside them fold to nothing) keeps what
            // is inside them.
            return Self::of_base(&text.replace(['(', ')', '[', ']'], " "));
        }
        form
    }

    fn of_base(base: &str) -> Form {
        let spaced = prepare(base);
        let mut words: Vec<String> =
            simplify(&spaced).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        while words.len() > 1 && matches!(words[0].as_str(), "the" | "a" | "an") {
            words.remove(0);
        }
        let words = numbers_from_words(words);
        let (date, words) = take_date(words);
        let words = words.into_iter().map(|w| fold_simplified(&w)).filter(|w| !w.is_empty()).collect();
        Form { words, date }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.date.is_none()
    }

    /// Whether two forms say the same (each matches the other).
    pub fn same(&self, other: &Form) -> bool {
        !self.is_empty() && self.matches(other) && other.matches(self)
    }

    /// The date the text names: year, and month and day where given.
    pub fn date(&self) -> Option<(i32, Option<u32>, Option<u32>)> {
        self.date.map(|d| (d.year, d.month, d.day))
    }

    /// The words besides the date, folded.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Right: the same words and, where the answer is a date, a date that says at least as much.
    fn matches(&self, expected: &Form) -> bool {
        if self.words != expected.words {
            return false;
        }
        match (self.date, expected.date) {
            (None, None) => true,
            (Some(t), Some(e)) => t.covers(e),
            _ => false,
        }
    }

    fn less_precise_than(&self, other: &Form) -> bool {
        match (self.date, other.date) {
            (Some(a), Some(b)) => a.precision() < b.precision() && b.covers(a),
            _ => false,
        }
    }

    /// Edits between the words of two forms with the same number of words, if every word is within its
    /// slip allowance. Dates and numbers never slip.
    fn slip_distance(&self, expected: &Form) -> Option<usize> {
        if self.date != expected.date || self.words.len() != expected.words.len() {
            return None;
        }
        let mut total = 0;
        for (t, e) in self.words.iter().zip(&expected.words) {
            let d = strsim::damerau_levenshtein(t, e);
            if d > slip_allowance(e) {
                return None;
            }
            total += d;
        }
        (total > 0).then_some(total)
    }

    /// Edits between two forms of the same shape, without the allowance (to compare rivals).
    fn distance(&self, other: &Form) -> Option<usize> {
        if self.date != other.date || self.words.len() != other.words.len() {
            return None;
        }
        Some(self.words.iter().zip(&other.words).map(|(a, b)| strsim::damerau_levenshtein(a, b)).sum())
    }
}

/// How many edits a word of the answer forgives: none below 5 letters (or for numbers), one from 5, two
/// from 10.
fn slip_allowance(word: &str) -> usize {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return 0;
    }
    match word.chars().count() {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

/// The text without its parenthesised (or bracketed) parts.
pub fn strip_parenthesised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // What is inside brackets not yet closed: dropped when they close, kept when they never do.
    let mut inside = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                inside.push(' ');
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.clear();
                }
                out.push(' ');
            }
            _ if depth == 0 => out.push(c),
            _ => inside.push(c),
        }
    }
    out.push_str(&inside);
    out
}

/// Before the text is split into words: "%" becomes a word and "per cent" one word; in a number, a
/// thousands separator is dropped ("1,000" is 1000) and a decimal point kept inside the word ("38.1"
/// becomes "38p1"), while the dots of a date ("29.04.1995") separate its parts.
fn prepare(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        push_words(&mut out, &rest[..start]);
        let run_len =
            rest[start..].find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(rest.len() - start);
        let run = rest[start..start + run_len].trim_end_matches(['.', ',']);
        out.push_str(&number_run(run));
        rest = &rest[start + run.len()..];
    }
    push_words(&mut out, rest);
    out.replace("per cent", "percent")
}

fn push_words(out: &mut String, text: &str) {
    for c in text.chars() {
        if c == '%' {
            out.push_str(" percent ");
        } else {
            out.push(c);
        }
    }
}

/// One run of digits, dots and commas, as words.
fn number_run(run: &str) -> String {
    let parts: Vec<&str> = run.split('.').collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if parts.len() == 3
        && parts[..2].iter().all(|p| digits(p) && p.len() <= 2)
        && digits(parts[2])
        && parts[2].len() == 4
    {
        return parts.join(" ");
    }
    let groups: Vec<&str> = parts[0].split(',').collect();
    let thousands = groups.len() > 1
        && groups[0].len() <= 3
        && groups.iter().all(|g| digits(g))
        && groups[1..].iter().all(|g| g.len() == 3);
    let whole = if thousands { groups.concat() } else { parts[0].replace(',', " ") };
    match parts.as_slice() {
        [_] => whole,
        [_, frac] if digits(frac) && !whole.contains(' ') => format!("{whole}p{frac}"),
        _ => run.replace(['.', ','], " "),
    }
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINALS: [&str; 12] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth",
];

fn number_word(w: &str) -> Option<u64> {
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as u64);
    }
    TENS.iter().position(|t| *t == w).map(|i| 20 + 10 * i as u64)
}

/// Runs of English number words become digits: "one hundred and seven" → "107", "forty seven" → "47",
/// "a hundred" → "100"; "fifth" → "5th".
fn numbers_from_words(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some(k) = ORDINALS.iter().position(|o| *o == words[i]) {
            out.push(format!("{}th", k + 1).replace("1th", "1st").replace("2th", "2nd").replace("3th", "3rd"));
            i += 1;
            continue;
        }
        let starts = number_word(&words[i]).is_some()
            || matches!(words[i].as_str(), "hundred" | "thousand" | "million")
            || (matches!(words[i].as_str(), "a" | "one")
                && words.get(i + 1).is_some_and(|w| matches!(w.as_str(), "hundred" | "thousand" | "million")));
        if !starts {
            out.push(words[i].clone());
            i += 1;
            continue;
        }
        let (mut total, mut current, mut j, mut any) = (0u64, 0u64, i, false);
        while j < words.len() {
            let w = words[j].as_str();
            if let Some(n) = number_word(w) {
                current += n;
                any = true;
            } else if w == "a" && j == i {
                current += 1;
            } else if w == "hundred" && current < 100 {
                current = current.max(1) * 100;
                any = true;
            } else if w == "thousand" || w == "million" {
                let scale = if w == "thousand" { 1_000 } else { 1_000_000 };
                total += current.max(1) * scale;
                current = 0;
                any = true;
            } else if w == "and" && any && words.get(j + 1).is_some_and(|n| number_word(n).is_some()) {
            } else {
                break;
            }
            j += 1;
        }
        if any {
            out.push((total + current).to_string());
            i = j;
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(word: &str) -> Option<u32> {
    let i = MONTHS.iter().position(|m| *m == word || (word.len() >= 3 && m.starts_with(word) && word != "ma"))?;
    // "may" is both a month and a word; take it as a month only next to a year or a day (the caller checks).
    Some(i as u32 + 1)
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4 && word.chars().all(|c| c.is_ascii_digit())).then(|| word.parse().ok()).flatten()
}

fn day_of(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// Finds one date among the words (with a year: "29 april 1995", "april 29 1995", "29 04 1995",
/// "1995 04 29", "april 1995", "1995 04", or a bare year "1995") and returns it with the other words.
fn take_date(words: Vec<String>) -> (Option<DateParts>, Vec<String>) {
    let w = |i: usize| words.get(i).map(String::as_str);
    let n = words.len();
    let num = |s: Option<&str>| s.filter(|s| s.len() <= 2).and_then(|s| s.parse::<u32>().ok());
    for i in 0..n {
        let Some(year) = w(i).and_then(year_of) else { continue };
        // The words before the year: "29 april", "april 29", "29 04", "april".
        let (a, b) = (i.checked_sub(2).and_then(w), i.checked_sub(1).and_then(w));
        let found = if let (Some(d), Some(m)) = (a.and_then(day_of), b.and_then(month_of)) {
            Some((i - 2, DateParts { year, month: Some(m), day: Some(d) }))
        } else if let (Some(m), Some(d)) = (a.and_then(month_of), b.and_then(day_of)) {
            Some((i - 2, DateParts { year, month: Some(m), day: Some(d) }))
        } else if let (Some(d), Some(m)) =
            (num(a).filter(|d| (1..=31).contains(d)), num(b).filter(|m| (1..=12).contains(m)))
        {
            Some((i - 2, DateParts { year, month: Some(m), day: Some(d) }))
        } else {
            b.and_then(month_of).map(|m| (i - 1, DateParts { year, month: Some(m), day: None }))
        };
        if let Some((start, date)) = found {
            let rest = words[..start].iter().chain(&words[i + 1..]).cloned().collect();
            return (Some(date), rest);
        }
        // After the year: "1995 04 29", "1995 04".
        let (m, d) = (num(w(i + 1)).filter(|m| (1..=12).contains(m)), num(w(i + 2)).filter(|d| (1..=31).contains(d)));
        let (date, used) = match (m, d) {
            (Some(m), Some(d)) => (DateParts { year, month: Some(m), day: Some(d) }, 3),
            (Some(m), None) => (DateParts { year, month: Some(m), day: None }, 2),
            _ => (DateParts { year, month: None, day: None }, 1),
        };
        let rest = words[..i].iter().chain(&words[(i + used).min(n)..]).cloned().collect();
        return (Some(date), rest);
    }
    (None, words)
}

/// The difference between `typed` and `answer`, letter by letter, ignoring case.
pub fn diff(typed: &str, answer: &str) -> Vec<DiffSpan> {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = answer.chars().collect();
    let same = |x: char, y: char| x.to_lowercase().eq(y.to_lowercase());
    // Longest common subsequence table (answers are short).
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if same(a[i], b[j]) { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut spans: Vec<DiffSpan> = Vec::new();
    let mut add = |span: DiffSpan| match (spans.last_mut(), span) {
        (Some(DiffSpan::Same(s)), DiffSpan::Same(t))
        | (Some(DiffSpan::Missing(s)), DiffSpan::Missing(t))
        | (Some(DiffSpan::Extra(s)), DiffSpan::Extra(t)) => s.push_str(&t),
        (_, span) => spans.push(span),
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && same(a[i], b[j]) {
            add(DiffSpan::Same(b[j].to_string()));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            add(DiffSpan::Missing(b[j].to_string()));
            j += 1;
        } else {
            add(DiffSpan::Extra(a[i].to_string()));
            i += 1;
        }
    }
    spans
}
