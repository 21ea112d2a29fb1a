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
