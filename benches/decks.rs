//! Deck editor figures on a 100,000-card deck: open and validate (target < 0.5 s), search across every
//! field per keystroke (< 50 ms), save (< 300 ms), and import 100,000 rows of CSV or Anki text (< 1 s).

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kz_civics::model::Library;
use kz_civics::model::card_search::{CardIndex, CardQuery, SortColumn, rows};
use kz_civics::model::deck_file::{save, to_ron};
use kz_civics::model::edit::{CardField, Change, EditHistory, FieldKind, card_problems};
use kz_civics::model::import::export::to_csv;
use kz_civics::model::import::{Format, import};
use kz_civics::model::validate::Refs;
use kz_civics::model::{Card, Deck};

const N: usize = 100_000;

/// A deck of `n` cards shaped like the bundled ones, with some Cyrillic.
fn generated_deck(n: usize) -> Deck {
    let cards = (0..n)
        .map(|i| Card {
            id: format!("card-{i}"),
            front: format!("Question number {i}: who chairs body {i}? Кто возглавляет орган {i}?"),
            back: format!("Answer {i}"),
            accept: vec![format!("alt {i}"), format!("other {i}")],
            wrong: Vec::new(),
            tags: vec!["structure".into(), format!("t{}", i % 50)],
            unit: Some("president".into()),
            sources: vec!["paper-2007".into()],
            note: if i % 3 == 0 { format!("A note on card {i}, with a comma") } else { String::new() },
        })
        .collect();
    Deck {
        version: 1,
        id: "generated".into(),
        title: "Generated".into(),
        description: String::new(),
        sources: Vec::new(),
        cards,
    }
}

fn anki_text(n: usize) -> String {
    let mut text = String::from("#separator:tab\n#html:true\n#tags column:3\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "Question number {i}: who <b>chairs</b> body {i}?\tAnswer {i}<br>line two &amp; more\tt{}",
            i % 50
        );
    }
    text
}

fn decks(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let deck = generated_deck(N);
    let path = dir.path().join("generated.ron");
    std::fs::write(&path, to_ron(&deck)).unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("generated.csv");
    std::fs::write(&csv, to_csv(&deck)).unwrap_or_else(|e| panic!("{e}"));
    let txt = dir.path().join("generated.txt");
    std::fs::write(&txt, anki_text(N)).unwrap_or_else(|e| panic!("{e}"));
    let base = Library::bundled().unwrap_or_else(|_| panic!("bundled data loads"));

    let mut group = c.benchmark_group("100k-card deck");
    group.sample_size(10);
    let text = to_ron(&deck);
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    group.bench_function("bare ron::from_str of the same text", |b| {
        b.iter(|| black_box(options.from_str::<Deck>(black_box(&text)).map(|d| d.cards.len())));
    });
    group.bench_function("open and validate (Library::open)", |b| {
        b.iter(|| {
            let mut lib = base.clone();
            black_box(lib.open(&path).is_ok())
        });
    });
    group.bench_function("save (canonical RON, atomic)", |b| {
        let out = dir.path().join("saved.ron");
        b.iter(|| black_box(save(&out, &deck).map(|s| s.bytes)));
    });
    group.bench_function("card index: build (once per open)", |b| b.iter(|| black_box(CardIndex::build(&deck).len())));
    let mut index = CardIndex::build(&deck);
    group.bench_function("search all fields: one letter (most cards match)", |b| {
        let q = CardQuery { text: "q".into(), ..CardQuery::default() };
        b.iter(|| black_box(rows(&deck, &mut index, &q).len()));
    });
    group.bench_function("search all fields: two words, Cyrillic", |b| {
        let q = CardQuery { text: "орган 4217".into(), ..CardQuery::default() };
        b.iter(|| black_box(rows(&deck, &mut index, &q).len()));
    });
    group.bench_function("search + tag filter + sort by front", |b| {
        let q = CardQuery { text: "body".into(), tag: Some("t7".into()), ..CardQuery::default() }
            .sorted(SortColumn::Front, false);
        b.iter(|| black_box(rows(&deck, &mut index, &q).len()));
    });
    group.bench_function("sort every card by front (first time, after an edit)", |b| {
        let q = CardQuery::default().sorted(SortColumn::Front, false);
        b.iter(|| {
            // An edit drops the remembered orders.
            index.update(&deck, Change::Changed(0, FieldKind::Front));
            black_box(rows(&deck, &mut index, &q).len())
        });
    });
    group.bench_function("search all fields sorted by front: one letter (order remembered)", |b| {
        let q = CardQuery { text: "q".into(), ..CardQuery::default() }.sorted(SortColumn::Front, true);
        b.iter(|| black_box(rows(&deck, &mut index, &q).len()));
    });
    group.bench_function("edit a field: apply, refold, inline problems", |b| {
        let mut d = deck.clone();
        let mut idx = index.clone();
        let mut history = EditHistory::new();
        let refs = Refs::of_chart(&base.chart);
        let mut n = 0usize;
        b.iter(|| {
            n += 1;
            let change = history
                .apply_typing(&mut d, 50_000, CardField::Front(format!("Typed {n}")))
                .unwrap_or_else(|e| panic!("{e}"));
            idx.update(&d, change);
            black_box(card_problems(&d, 50_000, &refs).len())
        });
    });
    group.bench_function("import 100,000 CSV rows", |b| {
        b.iter(|| black_box(import(&csv, Some(Format::Csv)).map(|i| i.deck.cards.len())));
    });
    group.bench_function("import 100,000 Anki text rows (HTML)", |b| {
        b.iter(|| black_box(import(&txt, Some(Format::AnkiText)).map(|i| i.deck.cards.len())));
    });
    group.finish();
}

/// The Decks view of a 100,000-card deck, drawn headless (egui's `Context::run`, no GPU), one frame per
/// iteration while the table scrolls; and a search per keystroke through the app's own command.
fn card_table(c: &mut Criterion) {
    use kz_civics::app::decks::DeckAction;
    use kz_civics::app::state::{AppState, Command, Persisted};
    use kz_civics::app::views::decks::{DecksUi, decks_ui};
    use kz_civics::model::library::{LoadedDeck, Origin};

    let mut state = AppState::new(Persisted::default(), None);
    state.library.decks.push(LoadedDeck { deck: generated_deck(N), origin: Origin::File("generated.ron".into()) });
    state.handle(Command::SelectDeck(Some("generated".into())));
    state.handle(Command::Show(kz_civics::app::View::Decks));
    state.poll();
    let ctx = egui::Context::default();
    let mut dui = DecksUi::default();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let frame = |ctx: &egui::Context, state: &AppState, dui: &mut DecksUi, events: Vec<egui::Event>| {
        let input = egui::RawInput { screen_rect: Some(screen), events, ..Default::default() };
        let mut out = Vec::new();
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| decks_ui(ui, state, dui, &mut out));
        });
        // No GPU: the font atlas is not uploaded anywhere.
        output.textures_delta.clear();
        // The CPU's whole share of a frame: the UI pass and tessellation.
        black_box(ctx.tessellate(output.shapes, output.pixels_per_point).len())
    };
    // A few frames to lay out and settle.
    for _ in 0..3 {
        frame(&ctx, &state, &mut dui, Vec::new());
    }
    let mut group = c.benchmark_group("100k-card deck, Decks view");
    group.sample_size(20);
    group.bench_function("card table frame while scrolling (headless)", |b| {
        let mut down = true;
        let mut n = 0u32;
        b.iter(|| {
            n += 1;
            if n.is_multiple_of(200) {
                down = !down;
            }
            let events = vec![
                egui::Event::PointerMoved(egui::pos2(600.0, 500.0)),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: egui::vec2(0.0, if down { -120.0 } else { 120.0 }),
                    modifiers: egui::Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                },
            ];
            frame(&ctx, &state, &mut dui, events)
        });
    });
    group.bench_function("search per keystroke (type a letter, then delete it)", |b| {
        let mut n = 0usize;
        b.iter(|| {
            n += 1;
            let text = if n.is_multiple_of(2) { "body 4" } else { "body 42" };
            state.handle(Command::Decks(DeckAction::Search(text.into())));
            black_box(state.decks.rows.len())
        });
    });
    group.finish();
}

/// Opening the 100,000-card deck as the app does with a big file: read, checked and indexed on the
/// opener thread while the UI thread keeps drawing frames, then taken in by one step of the UI thread.
fn open_in_background(c: &mut Criterion) {
    use std::time::{Duration, Instant};

    use kz_civics::app::{AppState, Command, Persisted};

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("generated.ron");
    std::fs::write(&path, to_ron(&generated_deck(N))).unwrap_or_else(|e| panic!("{e}"));
    // One open: (from the command to the deck being in, the longest UI-thread step on the way).
    let open = |path: &std::path::Path| {
        let mut state = AppState::new(Persisted::default(), None);
        let start = Instant::now();
        state.handle(Command::OpenPaths(vec![path.to_path_buf()]));
        let mut longest = start.elapsed();
        while state.opening_status().is_some() {
            std::thread::sleep(Duration::from_millis(1));
            let step = Instant::now();
            state.poll();
            longest = longest.max(step.elapsed());
        }
        assert!(state.library.deck("generated").is_some(), "the deck did not open");
        (start.elapsed(), longest)
    };
    let mut group = c.benchmark_group("100k-card deck, opened in the background");
    group.sample_size(10);
    group.bench_function("from Open to the deck in the library", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| open(&path).0).sum());
    });
    group.bench_function("the longest UI-thread step meanwhile (taking the deck in)", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| open(&path).1).sum());
    });
    group.finish();
}

criterion_group!(benches, decks, card_table, open_in_background);
criterion_main!(benches);
