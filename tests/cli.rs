//! The command line as scripts use it: output lines and exit codes.

use std::process::Command;

fn kz_civics(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kz-civics")).args(args).output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_on_the_bundled_data_prints_one_summary_line_and_exits_0() {
    let (code, stdout, stderr) = kz_civics(&["check"]);
    assert_eq!(code, 0, "stderr: {stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let summary = lines[0];
    assert!(summary.starts_with("ok: ") && summary.contains(" decks, ") && summary.ends_with(" units"), "{summary}");
}

#[test]
fn check_prints_each_problem_with_its_position_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Deck(\n    version: 1,\n    id: \"d\",\n    title: \"T\",\n    cards: [(id: \"a\", frnt: \"Q\", back: \"A\")],\n)")
        .unwrap();
    let (code, stdout, stderr) = kz_civics(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    let first = stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "{}:5:23: unknown field `frnt` in `Card`; the allowed fields are `id`, `front`, `back`, `accept`, `wrong`, `tags`, `unit`, `sources`, `note`",
            bad.display()
        )
    );
}

#[test]
fn check_of_good_files_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("deck.ron");
    std::fs::write(&deck, "Deck(version: 1, id: \"d\", title: \"T\", cards: [(id: \"a\", front: \"Q\", back: \"A\")])")
        .unwrap();
    let (code, stdout, _) = kz_civics(&["check", deck.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, "ok: 1 decks, 1 cards, 0 units\n"));
}

#[test]
fn version_and_help_come_from_clap() {
    let (code, stdout, _) = kz_civics(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.trim(), format!("kz-civics {}", env!("CARGO_PKG_VERSION")));
    let (code, stdout, _) = kz_civics(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("check") && stdout.contains("[FILES]..."), "{stdout}");
}

#[test]
fn exam_with_a_bad_argument_prints_one_line_naming_it_and_exits_2_without_a_window() {
    for (args, names) in [
        (vec!["exam", "--count", "many"], "--count"),
        (vec!["exam", "--count", "0"], "--count"),
        (vec!["exam", "--deck", "no-such-deck"], "--deck"),
        (vec!["exam", "--branch", "no-such-unit"], "--branch"),
        (vec!["exam", "--kinds", "choice,essay"], "--kinds"),
        (vec!["exam", "--minutes", "0"], "--minutes"),
        (vec!["exam", "--seed", "x"], "--seed"),
        (vec!["exam", "--deck", "structure", "--branch", "president"], "--branch"),
        (vec!["exam", "--student", " ", "--deck", "structure"], "--student"),
    ] {
        let (code, stdout, stderr) = kz_civics(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line, got {stderr}");
        assert!(stderr.contains(names), "{args:?}: {stderr}");
    }
}

#[test]
fn exam_with_a_broken_exam_file_names_its_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.exam.ron");
    std::fs::write(&file, "Exam(\n    version: 1,\n    title: \"T\",\n    decks: [\"nope\"],\n    count: 5,\n    kinds: [Choice],\n    seed: 1,\n)\n").unwrap();
    let (code, _, stderr) = kz_civics(&["exam", file.to_str().unwrap(), "--student", "A"]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with(&format!("kz-civics: {}:4:", file.display())), "{stderr}");
    assert!(stderr.contains("deck `nope`"), "{stderr}");
}

#[test]
fn check_validates_exam_files_against_the_decks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.exam.ron"),
        "Exam(version: 1, title: \"T\", decks: [\"structure\"], count: 5, kinds: [Choice, Typed], seed: 1)\n",
    )
    .unwrap();
    let (code, stdout, stderr) = kz_civics(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");
    std::fs::write(
        dir.path().join("bad.exam.ron"),
        "Exam(version: 1, title: \"\", decks: [\"structure\"], count: 0, kinds: [], seed: 1)\n",
    )
    .unwrap();
    let (code, _, stderr) = kz_civics(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("bad.exam.ron:1:") && stderr.contains("number of questions"), "{stderr}");
}

#[test]
fn report_prints_the_class_report_and_lists_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.result.ron"), "not ron at all").unwrap();
    let (code, stdout, stderr) = kz_civics(&["report", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "no results at all");
    assert!(stdout.is_empty());
    assert!(stderr.contains("x.result.ron:1:1:"), "{stderr}");
    let (code, _, stderr) = kz_civics(&["report"]);
    assert_eq!((code, stderr.lines().count()), (2, 1), "{stderr}");
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn import_prints_a_deck_that_check_accepts_and_a_summary_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = kz_civics(&["import", &fixture("anki-civics.apkg")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("Deck(\n    version: 1,\n"), "{stdout}");
    assert!(stderr.trim_end().ends_with("6 cards from 5 rows; 0 rows skipped; 1 media file ignored"), "{stderr}");
    let out = dir.path().join("civics.ron");
    std::fs::write(&out, &stdout).unwrap();
    let (code, checked, stderr) = kz_civics(&["check", out.to_str().unwrap()]);
    assert_eq!((code, checked.as_str()), (0, "ok: 1 decks, 6 cards, 0 units\n"), "{stderr}");
}

#[test]
fn import_with_output_writes_the_file_and_reports_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("set.txt");
    std::fs::write(&input, "Astana\tthe capital\nno separator\nSenate\tupper house\n").unwrap();
    let out = dir.path().join("set.ron");
    let (code, stdout, stderr) =
        kz_civics(&["import", input.to_str().unwrap(), "--format", "quizlet", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], format!("{}:2: no tab between the term and the definition", input.display()));
    assert!(lines[1].ends_with("2 cards from 3 rows; 1 row skipped"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("front: \"Astana\",") && text.contains("id: \"set\","), "{text}");
}

#[test]
fn import_of_a_file_that_is_not_its_format_exits_1_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cards.csv");
    std::fs::write(&input, "Q,A\n").unwrap();
    let (code, stdout, stderr) = kz_civics(&["import", input.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("kz-civics: {}: not a CSV file with a header row:", input.display())),
        "{stderr}"
    );
    let (code, _, _) = kz_civics(&["import", input.to_str().unwrap(), "--format", "apkg"]);
    assert_eq!(code, 1);
}

#[test]
fn import_and_export_refuse_bad_arguments_with_exit_2() {
    assert_eq!(kz_civics(&["import"]).0, 2);
    assert_eq!(kz_civics(&["import", "x.txt", "--format", "word"]).0, 2);
    assert_eq!(kz_civics(&["export"]).0, 2);
}

#[test]
fn export_then_import_gives_the_bundled_cards_back() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("structure.csv");
    let deck = format!("{}/data/decks/structure.ron", env!("CARGO_MANIFEST_DIR"));
    let (code, stdout, stderr) = kz_civics(&["export", &deck, "-o", csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("exported "), "{stderr}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("front,back,accept,tags,unit,note,wrong\n"), "{text}");
    let (code, ron, stderr) = kz_civics(&["import", csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(ron.contains("front: \"When was the Administration of the President formed?\","), "{ron}");
    let (code, printed, _) = kz_civics(&["export", &deck]);
    assert_eq!((code, printed), (0, text), "without -o the CSV goes to stdout");
}

#[test]
fn export_of_a_bad_deck_exits_1_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Deck(\n    version: 1,\n    id: 5,\n)").unwrap();
    let (code, _, stderr) = kz_civics(&["export", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with(&format!("{}:3:9: ", bad.display())), "{stderr}");
}
