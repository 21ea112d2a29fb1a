//! The fuzz targets: each takes arbitrary bytes into one of the app's readers, through the same entry
//! the app and `kz-civics check` use. None may panic, hang or overflow the stack, whatever the bytes.
//! Shared by the cargo-fuzz targets (fuzz/fuzz_targets/) and the stable smoke test (tests/fuzz_smoke.rs).

#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use kz_civics::model::chart_cards::chart_deck;
use kz_civics::model::file::decode_text;
use kz_civics::model::import::{Format, QuizletOptions, import};
use kz_civics::model::library::check_texts;
use kz_civics::model::quiz::answer::{diff, same_answer};
use kz_civics::model::quiz::exam::{load_exam, load_result};
use kz_civics::model::quiz::{Leniency, check};
use kz_civics::model::{Deck, Library};

/// A fuzz target: any bytes in, nothing out; a panic is a finding.
pub type Target = fn(&[u8]);

/// Every target by name, for the smoke test and the command line.
pub const TARGETS: &[(&str, Target)] = &[
    ("document", document),
    ("exam", exam),
    ("result", result),
    ("anki_text", anki_text),
    ("apkg", apkg),
    ("quizlet", quizlet),
    ("csv", csv),
    ("answer", answer),
];

fn library() -> &'static (Library, Deck) {
    static LIB: OnceLock<(Library, Deck)> = OnceLock::new();
    LIB.get_or_init(|| {
        let lib = Library::bundled().unwrap_or_else(|_| Library::empty());
        let chart = chart_deck(&lib.chart);
        (lib, chart)
    })
}

/// A chart, deck, exam or results file, as `kz-civics check` reads it, and as the app opens it.
pub fn document(data: &[u8]) {
    let Ok(text) = decode_text("f.ron", data.to_vec()) else { return };
    let report = check_texts(&[("f.ron".to_owned(), text)]);
    for p in &report.problems {
        assert!(p.line >= 1 && p.column >= 1, "{p}");
    }
    let mut lib = library().0.clone();
    let _ = lib.open_bytes("f.ron", data.to_vec());
}

/// An exam file, against the bundled decks.
pub fn exam(data: &[u8]) {
    let Ok(text) = decode_text("f.exam.ron", data.to_vec()) else { return };
    let (lib, chart_deck) = library();
    let decks: Vec<&Deck> = lib.decks.iter().map(|d| &d.deck).chain(std::iter::once(chart_deck)).collect();
    if let Ok(exam) = load_exam("f.exam.ron", &text, &lib.chart, &decks) {
        let _ = exam.questions(&lib.chart, &decks);
    }
}

/// A results file, as the class report reads it.
pub fn result(data: &[u8]) {
    let Ok(text) = decode_text("f.result.ron", data.to_vec()) else { return };
    if let Ok(r) = load_result("f.result.ron", &text) {
        let _ = (r.score_text(), r.to_csv());
    }
}

fn import_as(data: &[u8], file: &str, format: Format) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join(file);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let _ = import(Path::new(&path), Some(format));
}

pub fn anki_text(data: &[u8]) {
    import_as(data, "f.txt", Format::AnkiText);
}

pub fn apkg(data: &[u8]) {
    import_as(data, "f.apkg", Format::Apkg);
}

pub fn quizlet(data: &[u8]) {
    import_as(data, "f.txt", Format::Quizlet(QuizletOptions::default()));
    let options = QuizletOptions { between_term_and_definition: ",".into(), between_rows: ";".into() };
    import_as(data, "f.txt", Format::Quizlet(options));
}

pub fn csv(data: &[u8]) {
    import_as(data, "f.csv", Format::Csv);
}

/// The answer checker: the bytes split at `\n` into the typed text, the answer and accepted answers.
pub fn answer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\n');
    let given = parts.next().unwrap_or_default();
    let back = parts.next().unwrap_or_default();
    let accepted: Vec<String> = parts.map(str::to_owned).collect();
    for leniency in [Leniency::Exact, Leniency::Forgiving] {
        let checked = check(given, back, &accepted, &accepted, leniency);
        let _ = checked.verdict;
    }
    let _ = same_answer(given, back);
    let _ = diff(given, back);
    // The answer itself always passes when it has something to compare.
    if !kz_civics::model::text::fold(back).trim().is_empty() {
        let verdict = check(back, back, &[], &[], Leniency::Exact).verdict;
        assert_eq!(verdict, kz_civics::model::quiz::Verdict::Right, "{back:?}");
    }
}
