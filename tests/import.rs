//! Importing from Anki (text exports and packages made by Anki itself), Quizlet and CSV, and exporting
//! to CSV: what becomes a card, what is reported, and that export then import gives the same cards.

use std::path::{Path, PathBuf};

use kz_civics::model::Card;
use kz_civics::model::import::export::to_csv;
use kz_civics::model::import::{Column, Format, ImportError, Imported, QuizletOptions, detect, import, preview};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Writes `text` to a file called `name` in a fresh directory and imports it.
fn import_text(name: &str, text: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let result = import(&path, format);
    drop(dir);
    result
}

fn ok(name: &str, text: &str, format: Option<Format>) -> Imported {
    import_text(name, text, format).unwrap_or_else(|e| panic!("{e}"))
}

fn pairs(imported: &Imported) -> Vec<(&str, &str)> {
    imported.deck.cards.iter().map(|c| (c.front.as_str(), c.back.as_str())).collect()
}

// ---- Anki text exports ----

#[test]
fn anki_text_export_made_by_anki_reads_every_column() {
    let imported = import(&fixture("anki-civics-notes.txt"), None).unwrap();
    assert_eq!(imported.format, Format::AnkiText);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(
        pairs(&imported),
        [
            ("Who chairs the Security Council?", "The President"),
            ("Кто возглавляет Правительство?", "Премьер-Министр\nPrime Minister"),
            ("Seats in the Majilis & Senate, 2007", "107 <Majilis>, 47 \"Senate\""),
            ("Astana", "The capital"),
            ("[...] has been the capital since 1997", "Astana"),
            ("Astana has been the capital since [...]", "1997"),
        ]
    );
    let c = &imported.deck.cards;
    assert_eq!(c[1].tags, ["holders", "ru"]);
    assert_eq!(c[1].id, "kto-vozglavlyaet-pravitelstvo");
    assert_eq!(c[4].note, "Moved from Almaty");
    assert_eq!(c[4].tags, ["history"]);
    assert_eq!(imported.deck.title, "Kazakhstan civics", "the one deck named in the deck column");
    assert_eq!(imported.rows, 5);
}

#[test]
fn anki_separator_header_names_and_characters() {
    for (header, sep) in
        [("tab", "\t"), ("Comma", ","), ("semicolon", ";"), ("pipe", "|"), ("colon", ":"), ("space", " "), (";", ";")]
    {
        let text = format!("#separator:{header}\n#html:false\nQ1{sep}A1\n\"Q{sep}2\"{sep}A2\n");
        let imported = ok("notes.txt", &text, None);
        assert_eq!(pairs(&imported), [("Q1", "A1"), (format!("Q{sep}2").as_str(), "A2")], "{header}");
    }
}

#[test]
fn anki_without_headers_finds_the_separator_as_anki_does() {
    // Anki tries tab, pipe, semicolon, colon, comma, then space.
    assert_eq!(pairs(&ok("a.txt", "Q1\tA, 1\nQ2\tA2\n", None)), [("Q1", "A, 1"), ("Q2", "A2")]);
    assert_eq!(pairs(&ok("a.txt", "Q1;A, 1\n", None)), [("Q1", "A, 1")]);
    assert_eq!(pairs(&ok("a.txt", "Q1,A1\n", None)), [("Q1", "A1")]);
    assert_eq!(pairs(&ok("a.txt", "Q1 A1\n", None)), [("Q1", "A1")]);
}

#[test]
fn anki_quoted_fields_keep_separators_quotes_and_line_breaks() {
    let text = "#separator:comma\n#html:false\n\"Who said \"\"yes\"\"?\",\"line one\nline two, still\"\nQ2,A2\n";
    let imported = ok("a.txt", text, None);
    assert_eq!(pairs(&imported), [("Who said \"yes\"?", "line one\nline two, still"), ("Q2", "A2")]);
}

#[test]
fn anki_html_is_turned_into_text_when_the_header_says_so() {
    let text = "#separator:tab\n#html:true\n<b>Bold</b> &amp; co\tone<br>two&nbsp;&lt;3&gt;\n";
    assert_eq!(pairs(&ok("a.txt", text, None)), [("Bold & co", "one\ntwo <3>")]);
    let text = "#separator:tab\n#html:false\n<b>Bold</b>\tx &amp; y\n";
    assert_eq!(pairs(&ok("a.txt", text, None)), [("<b>Bold</b>", "x &amp; y")]);
}

#[test]
fn anki_columns_header_and_tags_deck_notetype_columns() {
    let text =
        "#separator:tab\n#html:false\n#columns:Back\tFront\tTags\n#tags column:3\nthe answer\tthe question\ta b\n";
    let imported = ok("a.txt", text, None);
    assert_eq!(pairs(&imported), [("the question", "the answer")]);
    assert_eq!(imported.deck.cards[0].tags, ["a", "b"]);

    let text = "#separator:tab\n#html:false\n#notetype column:1\n#deck column:2\n#tags column:5\n#tags:all\n\
                Basic\tCivics::Parliament\tQ\tA\tt1\n\
                Cloze\tCivics::Parliament\t{{c1::107}} deputies sit in the Majilis\textra\tt2\n";
    let imported = ok("a.txt", text, None);
    assert_eq!(pairs(&imported), [("Q", "A"), ("[...] deputies sit in the Majilis", "107")]);
    assert_eq!(imported.deck.cards[0].tags, ["t1", "all"]);
    assert_eq!(imported.deck.cards[1].note, "extra");
    assert_eq!(imported.deck.title, "Civics::Parliament");
}

#[test]
fn anki_legacy_tags_line_and_a_third_column_of_tags() {
    let imported = ok("a.txt", "tags:imported old\nQ\tA\tmine\n", None);
    assert_eq!(imported.deck.cards[0].tags, ["mine", "imported", "old"]);
}

#[test]
fn anki_bad_rows_are_reported_with_their_line_and_skipped() {
    let text = "#separator:tab\n#html:false\nQ1\tA1\nonly a front\n\tno front\nQ4\t\nQ5\tA5\n";
    let imported = ok("bad.txt", text, None);
    assert_eq!(pairs(&imported), [("Q1", "A1"), ("Q5", "A5")]);
    let lines: Vec<String> =
        imported.problems.iter().map(|p| p.to_string().rsplit('/').next().unwrap_or_default().to_owned()).collect();
    assert_eq!(
        lines,
        [
            "bad.txt:4: expected a front and a back, found 1 field",
            "bad.txt:5: the front is empty",
            "bad.txt:6: the back is empty",
        ]
    );
    assert_eq!(imported.summary(), "2 cards from 5 rows; 3 rows skipped");
}

// ---- Anki packages ----

#[test]
fn apkg_made_by_anki_gives_basic_and_cloze_cards_and_counts_media() {
    for name in ["anki-civics.apkg", "anki-civics-legacy.apkg"] {
        let imported = import(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(imported.format, Format::Apkg);
        assert!(imported.problems.is_empty(), "{name}: {:?}", imported.problems);
        assert_eq!(
            pairs(&imported),
            [
                ("Who chairs the Security Council?", "The President"),
                ("Кто возглавляет Правительство?", "Премьер-Министр\nPrime Minister"),
                ("Seats in the Majilis & Senate, 2007", "107 <Majilis>, 47 \"Senate\""),
                ("Astana", "The capital"),
                ("[...] has been the capital since 1997", "Astana"),
                ("Astana has been the capital since [...]", "1997"),
            ],
            "{name}"
        );
        assert_eq!(imported.deck.cards[1].tags, ["holders", "ru"], "{name}");
        assert_eq!(imported.deck.cards[5].note, "Moved from Almaty", "{name}");
        assert_eq!(imported.media_skipped, 1, "{name}");
        assert_eq!(imported.deck.title, "Kazakhstan civics", "{name}");
        assert!(imported.summary().ends_with("; 1 media file ignored"), "{}", imported.summary());
    }
}

#[test]
fn apkg_is_opened_read_only_and_left_unchanged() {
    let path = fixture("anki-civics.apkg");
    let before = std::fs::read(&path).unwrap();
    import(&path, Some(Format::Apkg)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_package_gets_one_clear_error() {
    let err = import_text("deck.apkg", "front\tback\n", None).unwrap_err();
    assert!(matches!(err, ImportError::NotFormat { format: Format::Apkg, .. }), "{err:?}");
    assert!(err.to_string().contains("deck.apkg: not an Anki package: it is not a zip archive"), "{err}");
}

// ---- Quizlet ----

#[test]
fn quizlet_default_tab_and_newline() {
    let imported =
        ok("set.txt", "Astana\tthe capital\nMajilis\tthe lower house, 107 seats\n", Some(quizlet("\t", "\n")));
    assert_eq!(pairs(&imported), [("Astana", "the capital"), ("Majilis", "the lower house, 107 seats")]);
}

fn quizlet(term: &str, row: &str) -> Format {
    Format::Quizlet(QuizletOptions { between_term_and_definition: term.into(), between_rows: row.into() })
}

#[test]
fn quizlet_comma_semicolon_and_custom_separators() {
    let imported = ok("set.txt", "Astana,the capital;Senate,upper house, 47 seats;", Some(quizlet(",", ";")));
    assert_eq!(pairs(&imported), [("Astana", "the capital"), ("Senate", "upper house, 47 seats")]);
    let imported = ok(
        "set.txt",
        "Astana => the capital\n---\nSenate => line one\nline two\n---\n",
        Some(quizlet(" => ", "\n---\n")),
    );
    assert_eq!(pairs(&imported), [("Astana", "the capital"), ("Senate", "line one\nline two")]);
}

#[test]
fn quizlet_rows_without_the_separator_are_reported() {
    let imported = ok("set.txt", "Astana\tthe capital\nno separator here\n\tno term\n", Some(quizlet("\t", "\n")));
    assert_eq!(pairs(&imported), [("Astana", "the capital")]);
    let messages: Vec<(usize, &str)> = imported.problems.iter().map(|p| (p.line, p.message.as_str())).collect();
    assert_eq!(messages, [(2, "no tab between the term and the definition"), (3, "the front is empty")]);
}

// ---- CSV ----

#[test]
fn csv_columns_in_any_order_with_lists_split() {
    let text = "Tags,Back,extra,front,accept,unit,note\n\"a, b|c\",107,x,How many deputies?,one hundred seven|107 seats,majilis,2007\n";
    let imported = ok("d.csv", text, None);
    assert_eq!(imported.format, Format::Csv);
    let c = &imported.deck.cards[0];
    assert_eq!((c.front.as_str(), c.back.as_str()), ("How many deputies?", "107"));
    assert_eq!(c.tags, ["a", "b", "c"]);
    assert_eq!(c.accept, ["one hundred seven", "107 seats"]);
    assert_eq!(c.unit.as_deref(), Some("majilis"));
    assert_eq!(c.note, "2007");
    assert_eq!(imported.warnings.len(), 1);
    assert!(imported.warnings[0].to_string().ends_with("d.csv:1: column `extra` is not one of front, back, accept, wrong, tags, unit, note, id, sources and is ignored"), "{}", imported.warnings[0]);
}

#[test]
fn csv_without_a_header_row_is_not_csv() {
    let err = import_text("d.csv", "Q,A\n", Some(Format::Csv)).unwrap_err();
    assert!(
        err.to_string().contains("not a CSV file with a header row: the header row has no `front` column"),
        "{err}"
    );
}

#[test]
fn csv_bad_rows_are_reported_and_good_rows_kept() {
    let text = "front,back\nQ1,A1\nQ2,A2,extra field\n,A3\n\"unclosed,A4\n";
    let imported = ok("d.csv", text, None);
    assert_eq!(pairs(&imported)[0], ("Q1", "A1"));
    assert!(
        imported.problems.iter().any(|p| p.line == 3 && p.message.contains("3 fields and the header 2")),
        "{:?}",
        imported.problems
    );
    assert!(
        imported.problems.iter().any(|p| p.line == 4 && p.message == "the front is empty"),
        "{:?}",
        imported.problems
    );
}

#[test]
fn detection_by_extension_and_content() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    assert_eq!(detect(&write("a.csv", b"front,back\nQ,A\n")).unwrap(), Format::Csv);
    assert_eq!(detect(&write("b.csv", b"#separator:comma\nQ,A\n")).unwrap(), Format::AnkiText);
    assert_eq!(detect(&write("c.txt", b"Q\tA\n")).unwrap(), Format::AnkiText);
    assert_eq!(detect(&write("d.bin", &std::fs::read(fixture("anki-civics.apkg")).unwrap())).unwrap(), Format::Apkg);
    assert_eq!(detect(&fixture("anki-civics-legacy.apkg")).unwrap(), Format::Apkg);
}

#[test]
fn a_ron_deck_is_not_imported_but_named_for_what_it_is() {
    let err =
        import_text("deck.txt", "// mine\nDeck(version: 1, id: \"d\", title: \"T\", cards: [])\n", None).unwrap_err();
    assert!(err.to_string().contains("it is a KZ Civics deck (RON); open it instead"), "{err}");
}

#[test]
fn importing_the_same_file_twice_gives_the_same_ids_and_repeated_fronts_are_told_apart() {
    let text = "Q\tA1\nQ\tA2\nQ 2\tA3\n";
    let first = ok("a.txt", text, None);
    let second = ok("a.txt", text, None);
    assert_eq!(first.deck, second.deck);
    let ids: Vec<&str> = first.deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["q", "q-2", "q-2-2"]);
}

#[test]
fn preview_gives_the_first_rows_and_the_column_roles() {
    let p = preview(&fixture("anki-civics-notes.txt"), None, 2).unwrap();
    assert_eq!(p.columns, [Column::Guid, Column::Notetype, Column::Deck, Column::Front, Column::Back, Column::Tags]);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.total_rows, 5);
    assert_eq!(p.rows[0][4], "The President", "HTML already turned into text");
}

// ---- Export ----

fn tricky_cards() -> Vec<Card> {
    let card = |front: &str, back: &str| Card {
        id: String::new(),
        front: front.into(),
        back: back.into(),
        accept: Vec::new(),
        wrong: Vec::new(),
        tags: Vec::new(),
        unit: None,
        sources: Vec::new(),
        note: String::new(),
    };
    let mut cards = vec![
        card("Commas, in the front?", "and, in the back"),
        card("\"Quoted\" and \"\"doubled\"\"", "a \"quote\""),
        card("Line one\nline two", "back\r\nwith CRLF? no: LF"),
        card("Tabs\tinside", "x\ty"),
        card("Кто возглавляет Мәжіліс?", "Төраға (Председатель)"),
        card("Semicolon; and | pipe in text", "ok"),
    ];
    cards[0].accept = vec!["in the back".into(), "Бэк".into()];
    cards[0].wrong = vec!["nowhere, really".into(), "x".into()];
    cards[1].tags = vec!["quotes".into(), "ru".into()];
    cards[1].unit = Some("majilis".into());
    cards[4].note = "Note, with \"quotes\"\nand a line break".into();
    cards[2].back = "back\nwith LF".into();
    cards
}

#[test]
fn export_then_import_gives_the_same_cards() {
    let deck = kz_civics::model::Deck {
        version: 1,
        id: "tricky".into(),
        title: "Tricky".into(),
        description: String::new(),
        sources: Vec::new(),
        cards: tricky_cards(),
    };
    let csv = to_csv(&deck);
    assert!(csv.starts_with("front,back,accept,tags,unit,note,wrong\n"), "{csv}");
    let imported = ok("tricky.csv", &csv, None);
    assert!(imported.problems.is_empty() && imported.warnings.is_empty(), "{:?}", imported.problems);
    let strip =
        |cards: &[Card]| -> Vec<Card> { cards.iter().map(|c| Card { id: String::new(), ..c.clone() }).collect() };
    assert_eq!(strip(&imported.deck.cards), strip(&deck.cards));
    // A deck made by import round-trips exactly, ids included (they come from the fronts).
    let again = ok("tricky.csv", &to_csv(&imported.deck), None);
    assert_eq!(again.deck, imported.deck);
}

#[test]
fn export_of_every_bundled_deck_imports_back_to_the_same_cards() {
    let lib = kz_civics::model::Library::bundled().unwrap();
    for loaded in &lib.decks {
        let imported = ok("d.csv", &to_csv(&loaded.deck), None);
        let fields = |c: &Card| {
            (
                c.front.clone(),
                c.back.clone(),
                c.accept.clone(),
                c.wrong.clone(),
                c.tags.clone(),
                c.unit.clone(),
                c.note.clone(),
            )
        };
        let a: Vec<_> = loaded.deck.cards.iter().map(fields).collect();
        let b: Vec<_> = imported.deck.cards.iter().map(fields).collect();
        assert_eq!(a, b, "{}", loaded.deck.id);
    }
}
