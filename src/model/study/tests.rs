//! Tests of the study session: queue order, grading, undo, limits, saving.

use super::*;
use crate::model::deck::Card;
use crate::model::library::{LoadedDeck, Origin};

/// 2024-06-05 10:00 UTC.
const T0: Timestamp = 1_717_581_600;

fn library(ids: &[&str]) -> Library {
    let mut lib = Library::empty();
    let cards = ids
        .iter()
        .map(|id| Card {
            id: (*id).to_owned(),
            front: format!("front {id}"),
            back: format!("back {id}"),
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

fn schedule(phase: Phase, due: Timestamp) -> CardProgress {
    let step = if phase == Phase::Review { None } else { Some(0) };
    let s = Schedule { phase, step, stability: 5.0, difficulty: 5.0, due, last_review: due - DAY };
    CardProgress { schedule: Some(s), reviews: vec![Review::new(due - DAY, Rating::Good)] }
}

fn settings() -> StudySettings {
    StudySettings { fuzz: false, ..StudySettings::default() }
}

fn study(lib: &Library, progress: Progress, clock: &Clock) -> Study {
    Study::in_memory(settings(), StudyScope::All, clock.clone(), progress, lib)
}

fn current_id(s: &Study) -> Option<String> {
    s.current().map(|c| c.card.id.clone())
}

fn answer(s: &mut Study, rating: Rating) -> Option<String> {
    let id = current_id(s);
    s.handle(StudyCommand::ShowAnswer);
    s.handle(StudyCommand::Grade(rating));
    id
}

#[test]
fn learning_cards_that_are_due_come_first_then_reviews_then_new_cards() {
    let lib = library(&["new", "review-late", "review", "learning", "not-due"]);
    let mut p = Progress::new();
    p.set("d", "review-late", schedule(Phase::Review, T0 - 3 * DAY));
    p.set("d", "review", schedule(Phase::Review, T0 - 5 * DAY));
    p.set("d", "learning", schedule(Phase::Learning, T0 - MINUTE));
    p.set("d", "not-due", schedule(Phase::Review, T0 + 2 * DAY));
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, p, &clock);
    assert_eq!(s.counts(T0), Counts { learning: 1, review: 2, new: 1 });
    let order: Vec<_> = (0..4).filter_map(|_| answer(&mut s, Rating::Easy)).collect();
    assert_eq!(order, ["learning", "review", "review-late", "new"]);
    assert_eq!(current_id(&s), None, "the card not yet due waits");
    assert_eq!(s.next_due(), Some(T0 + 2 * DAY));
}

#[test]
fn grading_again_brings_the_card_back_today() {
    let lib = library(&["a"]);
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, Progress::new(), &clock);
    answer(&mut s, Rating::Again);
    // Due in a minute: shown again at once, since nothing else is left (learn ahead).
    assert_eq!(current_id(&s).as_deref(), Some("a"));
    assert_eq!(s.current_progress().and_then(|p| p.schedule).map(|s| s.phase), Some(Phase::Learning));
}

#[test]
fn the_daily_new_card_limit_holds_and_more_new_cards_can_be_let_in() {
    let ids: Vec<String> = (0..30).map(|i| format!("c{i:02}")).collect();
    let lib = library(&ids.iter().map(String::as_str).collect::<Vec<_>>());
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, Progress::new(), &clock);
    s.handle(StudyCommand::SetNewPerDay(5));
    assert_eq!(s.counts(T0), Counts { learning: 0, review: 0, new: 5 }, "the card on screen is one of the 5");
    let studied: Vec<_> = (0..10).filter_map(|_| answer(&mut s, Rating::Easy)).collect();
    assert_eq!(studied.len(), 5);
    assert_eq!(s.counts(T0).total(), 0);
    assert_eq!(s.new_waiting(), 25);
    s.handle(StudyCommand::MoreNew);
    assert_eq!(current_id(&s).as_deref(), Some("c05"));
}

#[test]
fn new_cards_first_studied_earlier_today_count_against_the_limit() {
    let lib = library(&["a", "b", "c", "d"]);
    let mut p = Progress::new();
    let mut earlier = schedule(Phase::Learning, T0 + HOUR);
    earlier.reviews = vec![Review::new(T0 - HOUR, Rating::Good)];
    p.set("d", "a", earlier.clone());
    p.set("d", "b", earlier);
    let clock = Clock::fixed(T0);
    let mut s =
        Study::in_memory(StudySettings { new_per_day: 3, ..settings() }, StudyScope::All, clock.clone(), p, &lib);
    assert_eq!(s.queues().new_today, 2);
    assert_eq!(s.queues().reviewed_today, 2);
    assert_eq!(answer(&mut s, Rating::Easy).as_deref(), Some("c"));
    assert_eq!(current_id(&s), None, "d waits for tomorrow");
}

#[test]
fn a_new_study_day_lets_new_cards_in_again() {
    let lib = library(&["a", "b"]);
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, Progress::new(), &clock);
    s.handle(StudyCommand::SetNewPerDay(1));
    answer(&mut s, Rating::Easy);
    s.tick(&lib);
    assert_eq!(current_id(&s), None);
    clock.advance(DAY);
    s.tick(&lib);
    assert_eq!(current_id(&s).as_deref(), Some("b"));
}

#[test]
fn the_study_day_starts_at_the_configured_hour() {
    let lib = library(&[]);
    let s = study(&lib, Progress::new(), &Clock::fixed(T0));
    // 10:00 UTC on 5 June: the day began at 04:00 that morning.
    assert_eq!(s.day_start(T0), T0 - 6 * HOUR);
    assert_eq!(s.day_start(T0 - 7 * HOUR), T0 - 6 * HOUR - DAY);
}

#[test]
fn undo_restores_the_exact_state_before_the_grade_and_shows_the_card_again() {
    let lib = library(&["a", "b"]);
    let mut p = Progress::new();
    p.set("d", "a", schedule(Phase::Review, T0 - DAY));
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, p, &clock);
    let before = s.progress().card("d", "a").cloned();
    let counts = s.counts(T0);
    assert_eq!(answer(&mut s, Rating::Again).as_deref(), Some("a"));
    assert_ne!(s.progress().card("d", "a").cloned(), before);
    assert_eq!(current_id(&s).as_deref(), Some("b"));
    s.handle(StudyCommand::Undo);
    assert_eq!(s.progress().card("d", "a").cloned(), before);
    assert_eq!(current_id(&s).as_deref(), Some("a"));
    assert!(!s.answer_shown());
    assert_eq!(s.counts(T0), counts);
    assert_eq!(s.stats(), &SessionStats::default());
    assert!(!s.can_undo());
}

#[test]
fn undoing_a_new_cards_first_grade_makes_it_new_again() {
    let lib = library(&["a"]);
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, Progress::new(), &clock);
    answer(&mut s, Rating::Good);
    assert_eq!(s.queues().new_today, 1);
    s.handle(StudyCommand::Undo);
    assert_eq!(s.progress().card("d", "a").map(CardProgress::is_new), Some(true));
    assert_eq!(s.queues().new_today, 0);
    assert!(s.current_progress().is_none());
}

#[test]
fn a_grade_before_the_answer_is_shown_does_nothing() {
    let lib = library(&["a"]);
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, Progress::new(), &clock);
    s.handle(StudyCommand::Grade(Rating::Good));
    assert!(s.progress().is_empty());
    assert_eq!(current_id(&s).as_deref(), Some("a"));
}

#[test]
fn studying_ahead_takes_the_next_cards_not_yet_due() {
    let lib = library(&["soon", "later"]);
    let mut p = Progress::new();
    p.set("d", "later", schedule(Phase::Review, T0 + 9 * DAY));
    p.set("d", "soon", schedule(Phase::Review, T0 + 2 * DAY));
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, p, &clock);
    assert_eq!(current_id(&s), None);
    assert!(s.can_study_ahead());
    s.handle(StudyCommand::StudyAhead);
    assert_eq!(answer(&mut s, Rating::Good).as_deref(), Some("soon"));
    assert_eq!(current_id(&s).as_deref(), Some("later"));
}

#[test]
fn a_scope_takes_only_its_cards() {
    let mut lib = library(&["a", "b"]);
    lib.decks[0].deck.cards[1].tags = vec!["t".into()];
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, Progress::new(), &clock);
    s.handle(StudyCommand::SetScope(StudyScope::Tag("t".into())));
    assert_eq!(current_id(&s).as_deref(), Some("b"));
    assert_eq!(s.queues().in_scope, 1);
    s.handle(StudyCommand::SetScope(StudyScope::Deck("other".into())));
    assert_eq!(s.queues().in_scope, 0);
    assert_eq!(current_id(&s), None);
}

#[test]
fn cards_of_a_deck_opened_later_join_the_queue() {
    let lib = library(&["a"]);
    let clock = Clock::fixed(T0);
    let mut s = study(&lib, Progress::new(), &clock);
    let mut bigger = library(&["a", "b"]);
    bigger.decks[0].deck.id = "d".into();
    s.library_changed(&bigger);
    assert_eq!(s.queues().in_scope, 2);
    assert_eq!(current_id(&s).as_deref(), Some("a"), "the card on screen stays");
}
