//! Study benchmarks on a large collection: 100,000 cards with one year of daily study behind them.
//!
//! - `due_queue_100k`: building today's queue (learning due, reviews due, new) over every card.
//! - `grade_and_save_100k`: grading one card and writing its progress file atomically (temporary file,
//!   fsync, rename), as the background writer does after each grade.
//! - `save_all_100k`: writing every progress file (all of the history), for comparison.
//! - `catalog_join_100k` and `load_progress_100k`: what happens once, when decks load and at start-up.
//! - `stats_100k`: the Stats view's figures over the whole collection.
//!
//! Run with `cargo bench --bench study`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use kz_civics::model::library::{LoadedDeck, Origin};
use kz_civics::model::progress::{self, CardProgress, Progress, Review};
use kz_civics::model::scheduler::{DAY, Rating, Scheduler, SchedulerConfig, Timestamp, fuzz_seed};
use kz_civics::model::study::{Catalog, Clock, Study, StudyCommand, StudyScope, StudySettings, build_queues};
use kz_civics::model::{Card, Deck, Library};

const CARDS: usize = 100_000;
const DECKS: usize = 10;
/// 2025-06-01 08:00 UTC.
const NOW: Timestamp = 1_748_764_800;

/// A small deterministic random number generator (xorshift), so every run measures the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn rating(&mut self) -> Rating {
        match self.below(100) {
            0..10 => Rating::Again,
            10..20 => Rating::Hard,
            20..90 => Rating::Good,
            _ => Rating::Easy,
        }
    }
}

/// 100,000 cards in ten decks, every one studied: introduced on a random day of the past year and then
/// reviewed whenever it fell due (at a random hour of that day), graded mostly Good, sometimes Again.
fn collection() -> (Library, Progress) {
    let mut lib = Library::bundled().unwrap_or_else(|_| Library::empty());
    let scheduler = Scheduler::new(SchedulerConfig::default());
    let mut progress = Progress::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for d in 0..DECKS {
        let id = format!("bench-deck-{d}");
        let mut cards = Vec::with_capacity(CARDS / DECKS);
        for c in 0..CARDS / DECKS {
            let card_id = format!("card-{c:05}");
            let mut t = NOW - 365 * DAY + rng.below(365 * DAY as u64) as i64;
            let mut p = CardProgress::default();
            while t < NOW {
                let rating = rng.rating();
                let seed = fuzz_seed(&id, &card_id, p.reviews.len());
                let s = scheduler.review(p.schedule.as_ref(), rating, t, seed);
                p.reviews.push(Review::new(t, rating));
                p.schedule = Some(s);
                // The next review: when due, or later that day.
                t = s.due + rng.below(8 * 3600) as i64;
            }
            progress.set(&id, &card_id, p);
            cards.push(Card {
                id: card_id,
                front: format!("Question {c} of deck {d}"),
                back: format!("Answer {c}"),
                accept: Vec::new(),
                wrong: Vec::new(),
                tags: vec![format!("tag-{}", c % 50)],
                unit: None,
                sources: Vec::new(),
                note: String::new(),
            });
        }
        let deck = Deck {
            version: 1,
            id: id.clone(),
            title: format!("Bench deck {d}"),
            description: String::new(),
            sources: Vec::new(),
            cards,
        };
        lib.decks.push(LoadedDeck { deck, origin: Origin::Bundled("bench") });
    }
    (lib, progress)
}

fn benches(c: &mut Criterion) {
    let started = Instant::now();
    let (lib, progress) = collection();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary directory: {e}"));
    progress::save(dir.path(), &progress).unwrap_or_else(|e| panic!("cannot save: {e}"));
    let size: u64 = (0..progress::SHARDS)
        .filter_map(|k| std::fs::metadata(progress::shard_path(dir.path(), k)).ok())
        .map(|m| m.len())
        .sum();
    let clock = Clock::fixed(NOW);
    let study = Study::in_memory(StudySettings::default(), StudyScope::All, clock.clone(), progress.clone(), &lib);
    let q = study.queues();
    eprintln!(
        "collection: {} cards, {} reviews, progress file {:.1} MB, {} cards in scope, today's queue: {:?} \
         (built in {:.1?})",
        progress.len(),
        progress.review_count(),
        size as f64 / 1e6,
        q.in_scope,
        study.counts(NOW),
        started.elapsed()
    );

    let catalog = Catalog::build(lib.decks.iter().map(|d| &d.deck).chain([study.chart_deck()]), &progress);
    let day_start = study.day_start(NOW);
    c.bench_function("due_queue_100k", |b| {
        b.iter(|| build_queues(&catalog, &progress, &lib.chart, &StudyScope::All, NOW, day_start))
    });
    c.bench_function("due_queue_100k_one_tag", |b| {
        let scope = StudyScope::Tag("tag-7".into());
        b.iter(|| build_queues(&catalog, &progress, &lib.chart, &scope, NOW, day_start))
    });

    // The Stats view's figures over the whole collection (computed on a change, never per frame).
    c.bench_function("stats_100k", |b| {
        let ds = |t| study.day_start(t);
        b.iter(|| {
            kz_civics::model::stats::compute(&kz_civics::model::stats::Input {
                catalog: study.catalog(),
                progress: study.progress(),
                chart: &lib.chart,
                scope: &StudyScope::All,
                scheduler: study.scheduler(),
                now: NOW,
                day_start: &ds,
                exams: &[],
            })
        })
    });

    let mut study = study;
    c.bench_function("grade_and_save_100k", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                study.handle(StudyCommand::ShowAnswer);
                let Some(card) = study.current() else { break };
                let shard = progress::shard_of(&card.deck_id, &card.card.id);
                let t = Instant::now();
                study.handle(StudyCommand::Grade(Rating::Good));
                // What the background writer does after a grade: rewrite the file holding the card.
                progress::save_shard(dir.path(), study.progress(), shard)
                    .unwrap_or_else(|e| panic!("cannot save: {e}"));
                total += t.elapsed();
                study.handle(StudyCommand::Undo);
            }
            total
        })
    });
    c.bench_function("save_all_100k", |b| {
        b.iter(|| progress::save(dir.path(), study.progress()).unwrap_or_else(|e| panic!("cannot save: {e}")))
    });
    c.bench_function("catalog_join_100k", |b| b.iter(|| Catalog::build(lib.decks.iter().map(|d| &d.deck), &progress)));
    c.bench_function("load_progress_100k", |b| b.iter(|| progress::load(dir.path(), NOW)));
}

criterion_group! {
    name = study;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(8));
    targets = benches
}
criterion_main!(study);
