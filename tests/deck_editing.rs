//! Saving decks (the canonical RON layout) and editing them (edits, undo, redo), without a window.

use kz_civics::model::deck_file::{ContentHash, has_comments, save, to_ron};
use kz_civics::model::edit::{CardField, DeckField, Edit, EditHistory, FieldKind, card_problems, deck_problems};
use kz_civics::model::file::{Document, parse_document};
use kz_civics::model::library::load_text;
use kz_civics::model::validate::Refs;
use kz_civics::model::{Card, Date, Deck, Library, Source};
use proptest::prelude::*;

fn library() -> &'static Library {
    static LIB: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIB.get_or_init(|| Library::bundled().expect("bundled data loads"))
}

fn parse(text: &str) -> Deck {
    match parse_document("t.ron", text) {
        Ok(Document::Deck(d)) => d,
        other => panic!("not a deck: {other:?}\n{text}"),
    }
}

fn card(id: &str, front: &str, back: &str) -> Card {
    Card {
        id: id.into(),
        front: front.into(),
        back: back.into(),
        accept: Vec::new(),
        wrong: Vec::new(),
        tags: Vec::new(),
        unit: None,
        sources: Vec::new(),
        note: String::new(),
    }
}

#[test]
fn every_bundled_deck_saves_to_text_that_check_accepts_and_loads_identical() {
    let lib = library();
    assert!(!lib.decks.is_empty());
    for loaded in &lib.decks {
        let text = to_ron(&loaded.deck);
        match load_text("saved.ron", &text, &lib.chart) {
            Ok(Document::Deck(d)) => assert_eq!(d, loaded.deck, "{}", loaded.deck.id),
            other => panic!("{}: {other:?}", loaded.deck.id),
        }
        assert_eq!(to_ron(&parse(&text)), text, "saving what was saved changes nothing");
    }
}

#[test]
fn saving_a_saved_file_without_change_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    let deck = library().decks[0].deck.clone();
    let first = save(&path, &deck).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(ContentHash::of(&bytes), first.hash);
    let reread = parse(std::str::from_utf8(&bytes).unwrap());
    let second = save(&path, &reread).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(first, second);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, ["deck.ron"], "no temporary file is left behind");
}

#[test]
fn a_one_card_change_changes_only_that_cards_lines() {
    let mut deck = library().decks.iter().max_by_key(|d| d.deck.cards.len()).unwrap().deck.clone();
    let before = to_ron(&deck);
    deck.cards[5].front.push_str(" (edited)");
    let after = to_ron(&deck);
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len());
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(b[changed[0]].trim_start().starts_with("front: "), "{}", b[changed[0]]);
}

#[test]
fn non_ascii_text_is_written_as_is_and_special_characters_escaped() {
    let mut deck = Deck {
        version: 1,
        id: "kz".into(),
        title: "Қазақстан — мемлекет".into(),
        description: String::new(),
        sources: Vec::new(),
        cards: vec![card("ult", "Ұлттық Құрылтай?", "Line one\nline \"two\"\tC:\\path \u{7}")],
    };
    deck.cards[0].accept = vec!["Ұлттық Құрылтай".into()];
    let text = to_ron(&deck);
    assert!(text.contains("title: \"Қазақстан — мемлекет\","), "{text}");
    assert!(text.contains(r#"back: "Line one\nline \"two\"\tC:\\path \u{7}","#), "{text}");
    assert_eq!(parse(&text), deck);
}

#[test]
fn empty_optional_fields_are_left_out_and_fields_keep_their_order() {
    let mut c = card("a", "Q", "A");
    c.tags = vec!["t".into()];
    c.unit = Some("president".into());
    c.note = "n".into();
    let deck = Deck {
        version: 1,
        id: "d".into(),
        title: "T".into(),
        description: String::new(),
        sources: Vec::new(),
        cards: vec![c],
    };
    assert_eq!(
        to_ron(&deck),
        "Deck(\n    version: 1,\n    id: \"d\",\n    title: \"T\",\n    cards: [\n        (\n            id: \"a\",\n            \
         front: \"Q\",\n            back: \"A\",\n            tags: [\"t\"],\n            unit: \"president\",\n            \
         note: \"n\",\n        ),\n    ],\n)\n"
    );
}

#[test]
fn comments_are_detected_outside_strings_only() {
    assert!(has_comments("// head\nDeck(version: 1)"));
    assert!(has_comments("Deck(version: 1, /* x */ id: \"a\")"));
    assert!(!has_comments("Deck(note: \"see http://example.org/x\", r#\"//\"#)"));
    assert!(!has_comments(&to_ron(&library().decks[0].deck)));
}

fn text() -> impl Strategy<Value = String> {
    // Letters of several scripts, quotes, backslashes, line breaks, tabs and other control characters.
    proptest::string::string_regex("[a-zA-Z0-9 ЁёА-яӘәҒғҚқҢңӨөҰұҮүҺһІі\"\\\\\n\t\r\u{0}\u{1b}{}()\\[\\],:#/*—€]{0,24}")
        .unwrap_or_else(|e| panic!("{e}"))
}

fn id() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z][a-z0-9-]{0,8}").unwrap_or_else(|e| panic!("{e}"))
}

fn any_card() -> impl Strategy<Value = Card> {
    (
        id(),
        text(),
        text(),
        proptest::collection::vec(text(), 0..3),
        proptest::collection::vec(text(), 0..3),
        proptest::collection::vec(id(), 0..3),
        proptest::option::of(id()),
        proptest::collection::vec(id(), 0..2),
        text(),
    )
        .prop_map(|(id, front, back, accept, wrong, tags, unit, sources, note)| Card {
            id,
            front,
            back,
            accept,
            wrong,
            tags,
            unit,
            sources,
            note,
        })
}

fn any_date() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        Just(None),
        (1900i32..2100, any::<bool>()).prop_map(|(y, circa)| Some(Date { circa, ..Date::year(y) })),
        (1900i32..2100, 1u8..=12).prop_map(|(y, m)| Some(Date::month(y, m))),
        (1900i32..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Some(Date::day(y, m, d))),
    ]
}

fn any_source() -> impl Strategy<Value = Source> {
    (id(), text(), text(), any_date(), text(), text()).prop_map(|(id, title, author, date, file, note)| Source {
        id,
        title,
        author,
        date,
        file,
        note,
    })
}

fn any_deck() -> impl Strategy<Value = Deck> {
    (id(), text(), text(), proptest::collection::vec(any_source(), 0..3), proptest::collection::vec(any_card(), 0..6))
        .prop_map(|(id, title, description, sources, cards)| Deck {
            version: 1,
            id,
            title,
            description,
            sources,
            cards,
        })
}

fn any_field() -> impl Strategy<Value = CardField> {
    prop_oneof![
        id().prop_map(CardField::Id),
        text().prop_map(CardField::Front),
        text().prop_map(CardField::Back),
        proptest::collection::vec(text(), 0..3).prop_map(CardField::Accept),
        proptest::collection::vec(text(), 0..3).prop_map(CardField::Wrong),
        proptest::collection::vec(id(), 0..3).prop_map(CardField::Tags),
        proptest::option::of(id()).prop_map(CardField::Unit),
        proptest::collection::vec(id(), 0..3).prop_map(CardField::Sources),
        text().prop_map(CardField::Note),
    ]
}

/// An edit; indices are taken modulo the deck's size when it is applied, so most edits fit.
fn any_edit() -> impl Strategy<Value = (u8, usize, Card, CardField)> {
    (0u8..5, 0usize..8, any_card(), any_field())
}

fn concrete(deck: &Deck, (kind, at, card, field): (u8, usize, Card, CardField)) -> Edit {
    let n = deck.cards.len();
    match kind {
        0 => Edit::Add { index: at % (n + 1), card },
        1 if n > 0 => Edit::Delete { index: at % n },
        2 if n > 0 => Edit::duplicate(deck, at % n).unwrap_or(Edit::Delete { index: 0 }),
        3 => Edit::Deck(DeckField::Title(card.front)),
        _ if n > 0 => Edit::Set { index: at % n, field },
        _ => Edit::Add { index: 0, card },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_deck_saves_and_loads_identical(deck in any_deck()) {
        let text = to_ron(&deck);
        prop_assert_eq!(&parse(&text), &deck);
        prop_assert_eq!(to_ron(&parse(&text)), text);
    }

    #[test]
    fn an_edit_then_its_inverse_restores_the_deck_exactly(deck in any_deck(), e in any_edit()) {
        let edit = concrete(&deck, e);
        let mut edited = deck.clone();
        let inverse = edit.clone().apply(&mut edited).unwrap();
        let again = inverse.apply(&mut edited).unwrap();
        prop_assert_eq!(&edited, &deck);
        // The inverse of the inverse is the edit itself (up to a duplicate's generated id being the same).
        let mut redone = deck.clone();
        again.apply(&mut redone).unwrap();
        let mut direct = deck.clone();
        edit.apply(&mut direct).unwrap();
        prop_assert_eq!(redone, direct);
    }

    #[test]
    fn undoing_everything_gives_the_original_and_redoing_everything_the_result(
        deck in any_deck(),
        edits in proptest::collection::vec(any_edit(), 1..12),
    ) {
        let mut d = deck.clone();
        let mut history = EditHistory::new();
        for e in edits {
            let edit = concrete(&d, e);
            history.apply(&mut d, edit).unwrap();
        }
        let result = d.clone();
        prop_assert!(history.can_undo());
        while history.undo(&mut d).is_some() {}
        prop_assert_eq!(&d, &deck);
        prop_assert!(!history.has_unsaved_changes());
        while history.redo(&mut d).is_some() {}
        prop_assert_eq!(&d, &result);
    }
}

#[test]
fn unsaved_marker_follows_undo_redo_and_save() {
    let mut d = library().decks[0].deck.clone();
    let mut h = EditHistory::new();
    assert!(!h.has_unsaved_changes());
    h.apply(&mut d, Edit::Set { index: 0, field: CardField::Note("n".into()) }).unwrap();
    assert!(h.has_unsaved_changes());
    h.undo(&mut d);
    assert!(!h.has_unsaved_changes());
    h.redo(&mut d);
    h.mark_saved();
    assert!(!h.has_unsaved_changes());
    h.undo(&mut d);
    assert!(h.has_unsaved_changes(), "undoing past a save is a change from the saved file");
    assert!(EditHistory::unsaved().has_unsaved_changes());
}

#[test]
fn inline_problems_use_the_decks_validation() {
    let lib = library();
    let refs = Refs::of_chart(&lib.chart);
    let mut deck = lib.decks[0].deck.clone();
    let i = deck.cards.len() - 1;
    assert!(card_problems(&deck, i, &refs).is_empty());
    let first_id = deck.cards[0].id.clone();
    for field in [
        CardField::Front(String::new()),
        CardField::Unit(Some("presidnt".into())),
        CardField::Sources(vec!["nowhere".into()]),
        CardField::Id(first_id),
    ] {
        Edit::Set { index: i, field }.apply(&mut deck).unwrap();
    }
    let problems = card_problems(&deck, i, &refs);
    let fields: Vec<FieldKind> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, [FieldKind::Id, FieldKind::Front, FieldKind::Unit, FieldKind::Sources], "{problems:?}");
    assert!(problems[2].message.contains("did you mean `president`"), "{}", problems[2].message);
    let all = deck_problems(&deck, &refs);
    assert!(all.iter().all(|(card, _)| *card == Some(i)), "{all:?}");
    assert_eq!(all.len(), 4, "{all:?}");
}

#[test]
fn inline_problems_of_one_card_in_a_large_deck_are_quick() {
    let lib = library();
    let refs = Refs::of_chart(&lib.chart);
    let mut deck = lib.decks[0].deck.clone();
    let template = deck.cards[0].clone();
    deck.cards = (0..100_000).map(|i| Card { id: format!("c{i}"), ..template.clone() }).collect();
    let start = std::time::Instant::now();
    for i in 0..20 {
        assert!(card_problems(&deck, i * 5000, &refs).is_empty());
    }
    // Generous (debug build, shared machine): the point is no whole-deck validation per keystroke.
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
}
