//! Properties that hold for every input, checked on generated ones (proptest): what is saved loads back
//! the same, export then import gives the same cards, the scheduler's invariants, the answer checker's.
//! Case counts are kept small so the suite stays fast on two cores.

use kz_civics::model::chart::{Branch, Chart, Source, Unit, UnitKind};
use kz_civics::model::deck_file::to_ron;
use kz_civics::model::file::{Document, parse_document};
use kz_civics::model::import::export::to_csv;
use kz_civics::model::import::{Format, import};
use kz_civics::model::quiz::{Leniency, Verdict, check};
use kz_civics::model::scheduler::{Rating, Schedule, Scheduler, SchedulerConfig};
use kz_civics::model::study::{Clock, Study, StudyCommand, StudyScope};
use kz_civics::model::text::fold;
use kz_civics::model::{Card, Deck, Library, LoadedDeck, Origin};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text as people type it into cards: Latin, Kazakh and Russian Cyrillic, digits, punctuation, quotes,
/// backslashes, commas, tabs and line breaks.
fn any_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,.;:!?'\"\\\\()\\[\\]{}#|/\t\nА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі₸%-]{0,40}")
        .expect("a valid regex")
}

/// Text with no spaces at either end and something in it: what a card's front or back is after import.
fn trimmed_text() -> impl Strategy<Value = String> {
    any_text().prop_map(|s| s.trim().to_owned()).prop_filter("not empty", |s| !s.is_empty())
}

fn id() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z0-9][a-z0-9_.:/-]{0,15}").expect("a valid regex")
}

fn word() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Zа-яәқ]{1,10}").expect("a valid regex")
}

fn card() -> impl Strategy<Value = Card> {
    (
        id(),
        any_text(),
        any_text(),
        prop::collection::vec(any_text(), 0..3),
        prop::collection::vec(any_text(), 0..3),
        prop::collection::vec(any_text(), 0..3),
        prop::option::of(id()),
        prop::collection::vec(id(), 0..3),
        any_text(),
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

fn source() -> impl Strategy<Value = Source> {
    (id(), any_text(), any_text(), any_text(), any_text()).prop_map(|(id, title, author, file, note)| Source {
        id,
        title,
        author,
        date: None,
        file,
        note,
    })
}

fn deck() -> impl Strategy<Value = Deck> {
    (1u32..=1, id(), any_text(), any_text(), prop::collection::vec(source(), 0..2), prop::collection::vec(card(), 0..6))
        .prop_map(|(version, id, title, description, sources, cards)| Deck {
            version,
            id,
            title,
            description,
            sources,
            cards,
        })
}

fn unit() -> impl Strategy<Value = Unit> {
    (
        id(),
        any_text(),
        prop::collection::vec(any_text(), 0..2),
        prop::sample::select(vec![UnitKind::Post, UnitKind::Body, UnitKind::Office, UnitKind::Council]),
        prop::sample::select(vec![Branch::Presidency, Branch::Security, Branch::Executive, Branch::Legislative]),
        prop::option::of(id()),
        any_text(),
        any::<bool>(),
        prop::collection::vec(id(), 0..2),
    )
        .prop_map(|(id, name, aliases, kind, branch, parent, summary, proposal, sources)| Unit {
            id,
            name,
            aliases,
            kind,
            branch,
            parent,
            summary,
            functions: Vec::new(),
            holders: Vec::new(),
            facts: Vec::new(),
            established: None,
            abolished: None,
            proposal,
            sources,
        })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_deck_written_by_the_deck_writer_loads_back_the_same(deck in deck()) {
        let text = to_ron(&deck);
        match parse_document("d.ron", &text) {
            Ok(Document::Deck(back)) => prop_assert_eq!(back, deck),
            other => prop_assert!(false, "{:?}\n{}", other, text),
        }
    }

    #[test]
    fn a_chart_saved_as_ron_loads_back_the_same(title in any_text(), units in prop::collection::vec(unit(), 0..5)) {
        let chart = Chart { version: 1, title, sources: Vec::new(), units, relations: Vec::new(), events: Vec::new() };
        let text = ron::ser::to_string_pretty(&chart, ron::ser::PrettyConfig::default()).expect("serialises");
        match parse_document("c.ron", &text) {
            Ok(Document::Chart(back)) => prop_assert_eq!(back, chart),
            other => prop_assert!(false, "{:?}\n{}", other, text),
        }
    }

    #[test]
    fn csv_export_then_import_gives_the_same_cards(
        cards in prop::collection::vec(
            (trimmed_text(), trimmed_text(), prop::collection::vec(word(), 0..3), prop::collection::vec(word(), 0..3), trimmed_text()),
            1..6,
        )
    ) {
        let cards: Vec<Card> = cards
            .into_iter()
            .map(|(front, back, accept, tags, note)| Card {
                id: String::new(),
                front,
                back,
                accept,
                wrong: Vec::new(),
                tags,
                unit: None,
                sources: Vec::new(),
                note,
            })
            .collect();
        let deck = Deck { version: 1, id: "p".into(), title: "P".into(), description: String::new(), sources: Vec::new(), cards };
        let csv = to_csv(&deck);
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("p.csv");
        std::fs::write(&path, &csv).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let imported = import(&path, Some(Format::Csv)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(imported.problems.is_empty(), "{:?}\n{}", imported.problems, csv);
        let fields = |c: &Card| (c.front.clone(), c.back.clone(), c.accept.clone(), c.tags.clone(), c.note.clone());
        let a: Vec<_> = deck.cards.iter().map(fields).collect();
        let b: Vec<_> = imported.deck.cards.iter().map(fields).collect();
        prop_assert_eq!(a, b, "{}", csv);
    }
}

fn rating() -> impl Strategy<Value = Rating> {
    prop::sample::select(vec![Rating::Again, Rating::Hard, Rating::Good, Rating::Easy])
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn after_any_reviews_the_card_is_due_later_and_stability_is_positive_and_finite(
        reviews in prop::collection::vec((rating(), 0i64..400 * 86_400), 1..20),
        fuzz in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let scheduler = Scheduler::new(SchedulerConfig { fuzz, ..SchedulerConfig::default() });
        let mut now = 1_717_581_600i64;
        let mut card: Option<Schedule> = None;
        for (rating, wait) in reviews {
            now += wait;
            let next = scheduler.review(card.as_ref(), rating, now, seed);
            prop_assert!(next.due > now, "due {} not after the review at {}", next.due, now);
            prop_assert!(next.stability.is_finite() && next.stability > 0.0, "stability {}", next.stability);
            prop_assert!(next.difficulty.is_finite() && (1.0..=10.0).contains(&next.difficulty), "difficulty {}", next.difficulty);
            prop_assert_eq!(next.last_review, now);
            card = Some(next);
        }
    }
}

fn library(n: usize) -> Library {
    let mut lib = Library::empty();
    let cards = (0..n)
        .map(|i| Card {
            id: format!("c{i}"),
            front: format!("front {i}"),
            back: format!("back {i}"),
            accept: Vec::new(),
            wrong: Vec::new(),
            tags: Vec::new(),
            unit: None,
            sources: Vec::new(),
            note: String::new(),
        })
        .collect();
    let deck =
        Deck { version: 1, id: "d".into(), title: "D".into(), description: String::new(), sources: Vec::new(), cards };
    lib.decks.push(LoadedDeck { deck, origin: Origin::Bundled("test") });
    lib
}

/// The progress as it is saved: every progress file's bytes. (Undoing a new card's first grade leaves
/// an empty record in memory, which is how "no progress yet" looks; it is not saved.)
fn saved(progress: &kz_civics::model::progress::Progress) -> Vec<Vec<u8>> {
    (0..kz_civics::model::progress::SHARDS).map(|s| progress.shard_json(s)).collect()
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn undo_restores_exactly_the_progress_before_the_last_grade(
        grades in prop::collection::vec((rating(), 0i64..3 * 86_400), 1..12),
    ) {
        let lib = library(4);
        let clock = Clock::fixed(1_717_581_600);
        let settings = kz_civics::model::study::StudySettings::default();
        let mut study = Study::in_memory(settings, StudyScope::All, clock.clone(), Default::default(), &lib);
        for (rating, wait) in grades {
            clock.advance(wait);
            study.tick(&lib);
            if study.current().is_none() {
                continue;
            }
            let before = saved(study.progress());
            let current = study.current().map(|c| (c.deck_id.clone(), c.card.id.clone()));
            study.handle(StudyCommand::ShowAnswer);
            study.handle(StudyCommand::Grade(rating));
            prop_assert!(study.can_undo());
            study.handle(StudyCommand::Undo);
            prop_assert_eq!(saved(study.progress()), before);
            prop_assert_eq!(study.current().map(|c| (c.deck_id.clone(), c.card.id.clone())), current);
            // Grade again for real, so the next step starts from a reviewed card.
            study.handle(StudyCommand::ShowAnswer);
            study.handle(StudyCommand::Grade(rating));
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_answer_itself_and_every_accepted_word_answer_always_pass(
        back in trimmed_text(),
        accepted in prop::collection::vec(proptest::string::string_regex("[a-zA-Zа-яәқ ]{1,20}").expect("regex"), 0..3),
        leniency in prop::sample::select(vec![Leniency::Exact, Leniency::Forgiving]),
        others in prop::collection::vec(any_text(), 0..3),
    ) {
        let checked = check(&back, &back, &accepted, &others, leniency);
        // An answer made only of punctuation has nothing to compare: it is the one case that cannot pass.
        if !fold(&back).trim().is_empty() {
            prop_assert_eq!(checked.verdict, Verdict::Right, "{:?}", back);
            let shouted = check(&format!("  {}  ", back.to_uppercase()), &back, &accepted, &others, leniency);
            prop_assert_eq!(shouted.verdict, Verdict::Right, "{:?}", back);
        }
        for a in &accepted {
            if !fold(a).trim().is_empty() {
                prop_assert_eq!(check(a, &back, &accepted, &others, leniency).verdict, Verdict::Right, "{:?}", a);
            }
        }
    }

    #[test]
    fn folding_is_idempotent(text in any_text()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }
}
