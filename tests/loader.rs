//! Bad input gets `PATH:LINE:COLUMN: message`; good input loads. One test per kind of problem.

use std::io::Write;
use std::path::PathBuf;

use kz_civics::model::Library;
use kz_civics::model::file::{MAX_FILE_BYTES, Problem, read_text};
use kz_civics::model::library::{check_paths, check_texts, load_text};

fn chart() -> &'static kz_civics::model::Chart {
    static CHART: std::sync::OnceLock<kz_civics::model::Chart> = std::sync::OnceLock::new();
    CHART.get_or_init(|| Library::bundled().expect("bundled data loads").chart)
}

/// Problems found in `text` when loaded as file `t.ron` against the bundled chart.
fn problems(text: &str) -> Vec<Problem> {
    match load_text("t.ron", text, chart()) {
        Ok(_) => Vec::new(),
        Err(p) => p,
    }
}

fn only(text: &str) -> Problem {
    let p = problems(text);
    assert_eq!(p.len(), 1, "expected exactly one problem, got {p:#?}");
    p.into_iter().next().unwrap()
}

fn at(p: &Problem) -> (usize, usize) {
    (p.line, p.column)
}

const GOOD_DECK: &str = r#"Deck(
    version: 1,
    id: "mine",
    title: "Mine",
    cards: [
        (id: "one", front: "Who chairs the Security Council?", back: "The President", unit: "security-council", sources: ["paper-2007"]),
    ],
)
"#;

#[test]
fn a_good_deck_loads() {
    assert!(problems(GOOD_DECK).is_empty());
}

#[test]
fn syntax_error_names_line_column_and_what_was_expected() {
    let p = only("Deck(\n    version: 1,\n    id: \"x\"\n    title: \"T\",\n    cards: [],\n)");
    assert_eq!(p.file, "t.ron");
    assert_eq!(at(&p), (4, 5));
    assert!(p.message.contains("expected") || p.message.contains("Expected"), "{}", p.message);
    assert!(p.to_string().starts_with("t.ron:4:5: "), "{p}");
}

#[test]
fn unknown_field_error_names_line_and_column_and_the_allowed_fields() {
    let text = GOOD_DECK.replace("front:", "frnt:");
    let p = only(&text);
    assert_eq!(at(&p), (6, 21));
    assert!(p.message.contains("unknown field `frnt`"), "{}", p.message);
    assert!(p.message.contains("`front`") && p.message.contains("`back`"), "{}", p.message);
}

#[test]
fn missing_field_is_named() {
    let text = GOOD_DECK.replace("back: \"The President\", ", "");
    let p = only(&text);
    assert!(p.message.contains("missing field `back`"), "{}", p.message);
    assert_eq!(p.line, 6);
}

#[test]
fn wrong_type_says_what_was_expected_and_found() {
    let p = only("Deck(version: 1, id: \"x\", title: 5, cards: [])");
    assert_eq!(at(&p), (1, 34));
    assert_eq!(p.message, "expected string, found `5`");
}

#[test]
fn unknown_enum_value_lists_the_allowed_values() {
    let text = r#"Chart(version: 1, sources: [(id: "s", title: "S")], units: [
    (id: "a", name: "A", kind: Bodyy, branch: Executive, sources: ["s"]),
])"#;
    let p = only(text);
    assert_eq!(p.line, 2);
    assert!(p.message.contains("`Bodyy`") && p.message.contains("`Body`"), "{}", p.message);
}

#[test]
fn duplicate_card_id_points_at_the_second_card() {
    let text = r#"Deck(version: 1, id: "d", title: "D", cards: [
    (id: "same", front: "Q1", back: "A"),
    (id: "same", front: "Q2", back: "A"),
])"#;
    let p = only(text);
    assert_eq!(at(&p), (3, 10));
    assert!(p.message.contains("duplicate card id `same`"), "{}", p.message);
}

#[test]
fn duplicate_unit_id_points_at_the_second_unit() {
    let text = r#"Chart(version: 1, sources: [(id: "s", title: "S")], units: [
    (id: "a", name: "A", kind: Body, branch: Executive, sources: ["s"]),
    (id: "a", name: "B", kind: Body, branch: Executive, sources: ["s"]),
])"#;
    let p = only(text);
    assert_eq!(at(&p), (3, 10));
    assert!(p.message.contains("duplicate unit id `a`"), "{}", p.message);
}

#[test]
fn card_naming_a_missing_unit_is_reported_at_the_unit_field() {
    let text = GOOD_DECK.replace("unit: \"security-council\"", "unit: \"security-councel\"");
    let p = only(&text);
    assert_eq!(at(&p), (6, 93));
    assert!(p.message.contains("unknown unit `security-councel`"), "{}", p.message);
    assert!(p.message.contains("did you mean `security-council`"), "{}", p.message);
}

#[test]
fn relation_naming_a_missing_unit_is_reported() {
    let text = r#"Chart(version: 1, sources: [(id: "s", title: "S")], units: [
    (id: "a", name: "A", kind: Body, branch: Executive, sources: ["s"]),
], relations: [
    (kind: Advises, from: "a", to: "ghost", sources: ["s"]),
])"#;
    let p = only(text);
    assert_eq!(at(&p), (4, 36));
    assert!(p.message.contains("unknown unit `ghost`"), "{}", p.message);
}

#[test]
fn missing_source_id_is_reported_at_the_list_entry() {
    let text = GOOD_DECK.replace("sources: [\"paper-2007\"]", "sources: [\"paper-2007\", \"blog-2020\"]");
    let p = only(&text);
    assert_eq!(p.line, 6);
    assert_eq!(p.column, 137);
    assert!(p.message.contains("unknown source `blog-2020`"), "{}", p.message);
}

#[test]
fn parent_cycle_is_reported_with_the_chain() {
    let text = r#"Chart(version: 1, sources: [(id: "s", title: "S")], units: [
    (id: "a", name: "A", kind: Body, branch: Executive, parent: "c", sources: ["s"]),
    (id: "b", name: "B", kind: Body, branch: Executive, parent: "a", sources: ["s"]),
    (id: "c", name: "C", kind: Body, branch: Executive, parent: "b", sources: ["s"]),
])"#;
    let p = only(text);
    assert_eq!(at(&p), (2, 65));
    assert!(p.message.contains("parent cycle: a -> c -> b -> a"), "{}", p.message);
}

#[test]
fn empty_front_and_back_are_reported() {
    let text = r#"Deck(version: 1, id: "d", title: "D", cards: [
    (id: "x", front: "  ", back: ""),
])"#;
    let p = problems(text);
    assert_eq!(p.len(), 2, "{p:#?}");
    assert_eq!(at(&p[0]), (2, 22));
    assert!(p[0].message.contains("the front is empty"));
    assert_eq!(at(&p[1]), (2, 34));
    assert!(p[1].message.contains("the back is empty"));
}

#[test]
fn newer_format_version_is_refused() {
    let p = only("Deck(\n  version: 99,\n  id: \"d\", title: \"D\", cards: [])");
    assert_eq!(at(&p), (2, 12));
    assert!(p.message.contains("format version 99 is newer"), "{}", p.message);
}

#[test]
fn a_file_that_is_neither_chart_nor_deck_is_named_as_such() {
    let p = only("// notes\n[1, 2, 3]");
    assert_eq!(at(&p), (2, 1));
    assert!(p.message.contains("expected a chart") && p.message.contains("or a deck"), "{}", p.message);
}

#[test]
fn invalid_dates_are_refused_with_the_expected_form() {
    let text = r#"Chart(version: 1, sources: [(id: "s", title: "S", date: "May 2007")], units: [])"#;
    let p = only(text);
    assert_eq!(p.line, 1);
    assert!(p.message.contains("invalid date \"May 2007\""), "{}", p.message);
    assert!(p.message.contains("YYYY-MM"), "{}", p.message);
}

fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deck.ron");
    std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes)).expect("write temp file");
    (dir, path)
}

#[test]
fn non_utf8_file_is_reported_with_its_byte_offset() {
    let mut bytes = b"Deck(\n  version: 1,\n  id: \"caf".to_vec();
    bytes.push(0xE9); // Latin-1 é
    bytes.extend_from_slice(b"\",\n)");
    let (_dir, path) = write_temp(&bytes);
    let p = read_text(&path).expect_err("not UTF-8");
    assert_eq!(at(&p), (3, 11));
    assert!(p.message.contains("not valid UTF-8"), "{}", p.message);
    assert!(p.message.contains("byte offset 30"), "{}", p.message);
    assert!(p.file.ends_with("deck.ron"));
}

#[test]
fn byte_order_mark_and_crlf_line_ends_are_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(GOOD_DECK.replace('\n', "\r\n").as_bytes());
    let (_dir, path) = write_temp(&bytes);
    let text = read_text(&path).expect("readable");
    assert!(problems(&text).is_empty());
    // Positions stay right with CRLF: the unknown field is still found at line 6.
    let bad = String::from_utf8(bytes).unwrap().replace("front:", "frnt:");
    let (_dir2, path2) = write_temp(bad.as_bytes());
    let p = only(&read_text(&path2).unwrap());
    assert_eq!(at(&p), (6, 21));
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: nothing is written or read
    let p = read_text(&path).expect_err("too large");
    assert_eq!(at(&p), (1, 1));
    assert!(p.message.contains("64 MiB"), "{}", p.message);
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let text =
        format!("Deck(version: 1, id: \"d\", title: \"T\", cards: {}{})", "[".repeat(200_000), "]".repeat(200_000));
    let p = only(&text);
    assert_eq!(p.line, 1);
    let text = format!("{}{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(problems(&text).len(), 1);
}

#[test]
fn check_reports_every_problem_across_files_and_counts_good_data() {
    let texts =
        vec![("a.ron".to_owned(), GOOD_DECK.to_owned()), ("b.ron".to_owned(), GOOD_DECK.replace("\"one\"", "\"two\""))];
    let report = check_texts(&texts);
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    assert_eq!(report.problems[0].file, "b.ron");
    assert!(report.problems[0].message.contains("deck id `mine` is also used by a.ron"));
    assert_eq!((report.decks, report.cards), (2, 2));
}

#[test]
fn check_walks_directories_for_ron_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/deck.ron"), GOOD_DECK).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a deck").unwrap();
    let report = check_paths(&[dir.path().to_path_buf()]);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.summary(), "ok: 1 decks, 1 cards, 0 units");
    let missing = check_paths(&[dir.path().join("nope.ron")]);
    assert_eq!(missing.problems.len(), 1);
    assert!(missing.problems[0].message.contains("no such file"));
}

#[test]
fn the_build_time_snapshot_holds_exactly_what_the_ron_says() {
    let from_snapshot = Library::bundled_from_snapshot().expect("build.rs embedded a usable snapshot");
    let from_ron = Library::bundled_from_ron().expect("bundled RON parses");
    assert_eq!(from_snapshot, from_ron);
}

#[test]
fn bundled_data_passes_check() {
    let report = kz_civics::model::library::check_bundled();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert!(report.units > 0 && report.cards > 0);
}

mod no_input_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Cutting a good file anywhere, or splicing junk into it, gives problems, never a panic.
        #[test]
        fn mangled_files_give_problems_not_panics(cut in 0usize..400, junk in "[\\[\\](){},:\"#/*a-z0-9 \\n\\\\é]{0,12}") {
            let chars: Vec<char> = GOOD_DECK.chars().collect();
            let cut = cut.min(chars.len());
            let mut text: String = chars[..cut].iter().collect();
            text.push_str(&junk);
            text.extend(&chars[cut..]);
            for p in problems(&text) {
                prop_assert!(p.line >= 1 && p.column >= 1);
                prop_assert!(!p.message.is_empty());
            }
        }

        #[test]
        fn arbitrary_text_gives_problems_not_panics(text in "\\PC{0,200}") {
            let _ = problems(&text);
        }
    }
}

#[test]
fn a_deck_without_wrong_options_still_loads_and_one_with_them_too() {
    let text = GOOD_DECK.replace(
        "back: \"The President\",",
        "back: \"The President\", wrong: [\"The Prime Minister\", \"The State Secretary\"],",
    );
    assert!(problems(&text).is_empty(), "{:#?}", problems(&text));
}

#[test]
fn a_wrong_option_that_is_the_answer_is_refused_with_its_position() {
    let text = GOOD_DECK.replace(
        "back: \"The President\",",
        "back: \"The President\", wrong: [\"The Prime Minister\", \"the president\"],",
    );
    let p = only(&text);
    assert_eq!(p.line, 6);
    assert!(p.message.contains("wrong option `the president` is the card's answer"), "{}", p.message);
    let col = text.lines().nth(5).unwrap().find("\"the president\"").unwrap() + 1;
    assert_eq!(p.column, col);
}

#[test]
fn a_wrong_option_listed_twice_or_empty_is_refused() {
    let text = GOOD_DECK
        .replace("back: \"The President\",", "back: \"The President\", wrong: [\"The Senate\", \"the  Senate\"],");
    assert!(only(&text).message.contains("listed twice"));
    let text = GOOD_DECK.replace("back: \"The President\",", "back: \"The President\", wrong: [\" \"],");
    assert!(only(&text).message.contains("wrong option is empty"));
}
