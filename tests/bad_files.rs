//! The corpus of bad files in tests/fixtures/bad/ (written by tests/fixtures/gen_bad_files.py), each
//! checked through the entry `kz-civics check` uses, with its exact `PATH:LINE:COLUMN: message`. The
//! 60 MB and over-64 MB files are made here, in a temporary folder, rather than committed.

use std::path::{Path, PathBuf};

use kz_civics::model::library::check_paths;

const DIR: &str = "tests/fixtures/bad";

/// What `kz-civics check FILE` prints for the file, one problem a line.
fn check(path: &Path) -> String {
    let report = check_paths(&[path.to_path_buf()]);
    report.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// Every file of the corpus and what checking it says, one problem a line (`@` is the path).
const EXPECTED: &[(&str, &str)] = &[
    ("bad-id-characters.ron", "@:7:14: card: id \"two words\" may contain only letters, digits and - _ . : /"),
    ("binary.ron", "@:1:1: the file is binary data, not text; a chart or a deck is UTF-8 text"),
    (
        "bom-only.ron",
        "@:1:1: expected a chart `Chart(version: 1, ...)` or a deck `Deck(version: 1, ...)`, found an empty file",
    ),
    ("bom-with-error.ron", "@:4:12: expected string, found `5`"),
    (
        "chart-named-like-a-deck.ron",
        "@:1:1: the file starts with `Deck(` but holds a chart (it has `units`); write `Chart(` instead",
    ),
    (
        "comment-only.ron",
        "@:2:1: expected a chart `Chart(version: 1, ...)` or a deck `Deck(version: 1, ...)`, found only comments",
    ),
    (
        "cp1251-cyrillic.ron",
        "@:6:71: the file is not valid UTF-8: invalid byte 0xCF at byte offset 138; save it as UTF-8",
    ),
    (
        "crlf-unknown-field.ron",
        "@:7:21: unknown field `frnt` in `Card`; the allowed fields are `id`, `front`, `back`, `accept`, `wrong`, `tags`, `unit`, `sources`, `note`",
    ),
    ("crlf-with-error.ron", "@:4:12: expected string, found `5`"),
    ("cyrillic-then-error.ron", "@:7:88: expected string, found `7`"),
    ("dangling-card-source.ron", "@:6:116: unknown source `paper-2077`; did you mean `paper-2007`?"),
    ("dangling-card-unit.ron", "@:6:93: unknown unit `presidnt`; did you mean `president`?"),
    ("dangling-event-unit.ron", "@:9:66: unknown unit `gone`"),
    ("dangling-parent.ron", "@:7:78: unknown unit `nowhere`"),
    ("dangling-relation.ron", "@:10:43: unknown unit `ghost`"),
    (
        "deck-named-like-a-chart.ron",
        "@:1:1: the file starts with `Chart(` but holds a deck (it has `id`); write `Deck(` instead",
    ),
    ("deep-nesting-in-card.ron", "@:5:53: expected string, found `[`"),
    ("deep-nesting-in-exam.exam.ron", "@:4:17: expected string, found `Deck`"),
    ("deep-nesting-lists.ron", "@:5:13: expected opening `(` for struct `Card`, found `[`"),
    (
        "deep-nesting-parens.ron",
        "@:1:1: expected a chart `Chart(version: 1, ...)` or a deck `Deck(version: 1, ...)`, found `(` with neither a chart's fields (`units`) nor a deck's (`cards`)",
    ),
    ("duplicate-card-ids.ron", "@:7:14: duplicate card id `one` (the first is card number 1)"),
    ("duplicate-field.ron", "@:5:5: field `title` appears twice in `Deck`"),
    ("duplicate-unit-ids.ron", "@:7:14: duplicate unit id `top` (the first is unit number 1)"),
    ("empty-front.ron", "@:7:28: the front is empty"),
    (
        "empty.ron",
        "@:1:1: expected a chart `Chart(version: 1, ...)` or a deck `Deck(version: 1, ...)`, found an empty file",
    ),
    ("exam-count-zero.exam.ron", "@:5:12: the number of questions must be 1 to 200"),
    (
        "exam-newer-version.exam.ron",
        "@:2:14: exam format version 9 is newer than this app reads (versions 1 to 1); update KZ Civics to open this file",
    ),
    ("exam-truncated.exam.ron", "@:4:13: the string that starts here is not closed: its closing `\"` is missing"),
    (
        "exam-unknown-deck.exam.ron",
        "@:4:13: the exam uses deck `not-loaded`, which is not loaded (loaded: elections, functions, history, local-government, office-holders, parliament, proposals-2021, reform-bodies, society-and-economy, structure, viewpoints); open that deck first",
    ),
    (
        "exam-unknown-kind.exam.ron",
        "@:6:21: unknown value `Essay` in `Kind`; the allowed values are `Choice`, `TrueFalse`, `Typed`, `Matching`, `Chart`",
    ),
    (
        "exam-with-results-folder.exam.ron",
        "@:8:5: unknown field `results_dir` in `Exam`; the allowed fields are `version`, `title`, `scope`, `decks`, `count`, `kinds`, `minutes`, `almost`, `seed`, `fingerprint`",
    ),
    ("invalid-utf8.ron", "@:6:77: the file is not valid UTF-8: invalid byte 0xFF at byte offset 144; save it as UTF-8"),
    (
        "just-a-number.ron",
        "@:1:1: expected a chart `Chart(version: 1, ...)` or a deck `Deck(version: 1, ...)`, found a value",
    ),
    ("missing-comma.ron", "@:4:5: expected `,` between items, found `title`"),
    ("missing-field-back.ron", "@:7:55: missing field `back` in `Card`"),
    ("missing-field-deck-id.ron", "@:8:1: missing field `id` in `Deck`"),
    ("negative-version.ron", "@:2:14: expected a whole number in the range this field allows, found `-1`"),
    (
        "newer-deck-version.ron",
        "@:2:14: format version 2 is newer than this app reads (versions 1 to 1); update KZ Civics to open this file",
    ),
    ("nul-between-fields.ron", "@:3:15: expected identifier, found the control character U+0000"),
    ("parent-cycle.ron", "@:6:74: parent cycle: a -> c -> b -> a"),
    ("parent-self.ron", "@:6:78: unit `top` is its own parent"),
    ("period-reversed.ron", "@:6:83: the period ends (1995) before it starts (2000)"),
    ("png-renamed.ron", "@:1:1: the file is a PNG image, not text; a chart or a deck is UTF-8 text"),
    (
        "result-newer-version.result.ron",
        "@:2:14: results format version 3 is newer than this app reads (versions 1 to 1); update KZ Civics to open this file",
    ),
    ("result-truncated.result.ron", "@:3:20: the file ends too early: a bracket or a string is not closed"),
    ("result-wrong-type.result.ron", "@:3:11: expected string, found `12`"),
    ("tabs-then-error.ron", "@:4:9: expected string, found `5`"),
    ("truncated-after-version.ron", "@:2:15: the file ends too early: a bracket or a string is not closed"),
    ("truncated-chart.ron", "@:6:86: expected opening `(` for struct `Unit`, found the end of the file"),
    ("truncated-deck.ron", "@:7:28: the string that starts here is not closed: its closing `\"` is missing"),
    ("truncated-in-string.ron", "@:6:28: the string that starts here is not closed: its closing `\"` is missing"),
    ("two-documents.ron", "@:9:2: unexpected text after the end of the document"),
    ("unbalanced-bracket.ron", "@:6:128: expected `,` between items, found `)`"),
    ("unclosed-string.ron", "@:7:63: the string that starts here is not closed: its closing `\"` is missing"),
    (
        "unknown-field-card.ron",
        "@:7:21: unknown field `frnt` in `Card`; the allowed fields are `id`, `front`, `back`, `accept`, `wrong`, `tags`, `unit`, `sources`, `note`",
    ),
    (
        "unknown-field-deck.ron",
        "@:5:5: unknown field `colour` in `Deck`; the allowed fields are `version`, `id`, `title`, `description`, `sources`, `cards`",
    ),
    (
        "unknown-field-unit.ron",
        "@:6:70: unknown field `head` in `Unit`; the allowed fields are `id`, `name`, `aliases`, `kind`, `branch`, `parent`, `summary`, `functions`, `holders`, `facts`, `established`, `abolished`, `proposal`, `sources`",
    ),
    (
        "unknown-unit-kind.ron",
        "@:6:45: unknown value `Minstry` in `UnitKind`; the allowed values are `Post`, `Body`, `Office`, `Council`, `Commission`, `Committee`, `Ministry`, `Agency`, `Chamber`, `Court`, `Local`, `Party`, `Fund`, `Other`",
    ),
    ("utf16.ron", "@:1:1: the file is UTF-16 text; a chart or a deck is UTF-8 text: save it as UTF-8"),
    (
        "version-overflow.ron",
        "@:2:14: expected a whole number in the range this field allows, found `99999999999999999999`",
    ),
    ("version-zero.ron", "@:2:14: format version 0 does not exist; the first version is 1"),
    (
        "whitespace-only.ron",
        "@:4:1: expected a chart `Chart(version: 1, ...)` or a deck `Deck(version: 1, ...)`, found an empty file",
    ),
    ("wrong-type-accept.ron", "@:7:93: expected opening `[`, found `\"PM\"`"),
    ("wrong-type-cards.ron", "@:5:12: expected opening `[`, found `\"none\"`"),
    ("wrong-type-parent.ron", "@:7:73: expected string, found `3`"),
    ("wrong-type-proposal.ron", "@:6:80: expected boolean, found `\"yes\"`"),
    ("wrong-type-title.ron", "@:4:12: expected string, found `5`"),
    ("wrong-type-version.ron", "@:2:14: expected integer, found `\"1\"`"),
];

#[test]
fn every_bad_file_gets_its_exact_position_and_message() {
    let mut wrong = Vec::new();
    for (name, expected) in EXPECTED {
        let path = PathBuf::from(DIR).join(name);
        let expected: Vec<String> =
            expected.lines().map(|l| format!("{}{}", path.display(), l.strip_prefix('@').unwrap_or(l))).collect();
        let expected = expected.join("\n");
        let got = check(&path);
        if got != expected {
            wrong.push(format!("{name}:\n  expected: {expected}\n  got:      {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_corpus_has_at_least_forty_files_and_every_one_is_in_the_table() {
    let mut on_disk: Vec<String> = std::fs::read_dir(DIR)
        .expect("the corpus folder")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(on_disk.len() >= 40, "{} files", on_disk.len());
}

#[test]
fn every_bad_file_is_reported_and_none_passes() {
    for (name, _) in EXPECTED {
        let report = check_paths(&[PathBuf::from(DIR).join(name)]);
        assert!(!report.problems.is_empty(), "{name} passed the check");
        for p in &report.problems {
            assert!(p.line >= 1 && p.column >= 1, "{name}: {p}");
            assert!(!p.message.is_empty(), "{name}: {p}");
        }
    }
}

#[test]
fn a_file_over_64_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    // Sparse: the size is over the limit without writing 65 MiB.
    std::fs::File::create(&path).unwrap().set_len(65 * 1024 * 1024).unwrap();
    assert_eq!(check(&path), format!("{}:1:1: the file is 65 MiB; files over 64 MiB are refused", path.display()));
}

#[test]
fn a_60_mb_file_is_read_whole_and_its_problem_found_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let comment = format!("        // {}\n", "x".repeat(989));
    let lines = 60_000;
    let mut text = String::with_capacity(lines * comment.len() + 200);
    text.push_str("Deck(\n    version: 1,\n    id: \"big\",\n    title: \"Big\",\n    cards: [\n");
    for _ in 0..lines {
        text.push_str(&comment);
    }
    text.push_str("        (id: 5, front: \"F\", back: \"B\"),\n    ],\n)\n");
    std::fs::write(&path, &text).unwrap();
    assert!(text.len() > 60_000_000);
    assert_eq!(check(&path), format!("{}:{}:14: expected string, found `5`", path.display(), lines + 6));
}
