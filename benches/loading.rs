//! Loading figures: the bundled data (target < 5 ms), and a 100,000-card deck where load plus
//! validation must stay within 1.3x of a bare `ron::from_str` into the same types.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kz_civics::model::library::load_text;
use kz_civics::model::{Deck, Library};

/// A deck of `n` cards shaped like the bundled ones: tags, accepted answers, a unit link, sources.
fn generated_deck(n: usize) -> String {
    let mut text =
        String::from("Deck(\n    version: 1,\n    id: \"generated\",\n    title: \"Generated\",\n    cards: [\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "        (id: \"card-{i}\", front: \"Question number {i}: who chairs body {i}?\", back: \"Answer {i}\", \
             accept: [\"alt {i}\", \"other {i}\"], tags: [\"structure\", \"t{}\"], unit: \"president\", \
             sources: [\"paper-2007\"]),",
            i % 50
        );
    }
    text.push_str("    ],\n)\n");
    text
}

fn bundled(c: &mut Criterion) {
    // What the app does at start-up: decode build.rs's snapshot of the parsed RON and validate it.
    c.bench_function("bundled data: load and validate (start-up)", |b| {
        b.iter(|| black_box(Library::bundled().map(|l| l.card_count())));
    });
    // What `kz-civics check` does: parse the RON text itself.
    c.bench_function("bundled data: parse RON and validate (check)", |b| {
        b.iter(|| black_box(Library::bundled_from_ron().map(|l| l.card_count())));
    });
}

fn large_deck(c: &mut Criterion) {
    let text = generated_deck(100_000);
    let chart = Library::bundled().map(|l| l.chart).unwrap_or_else(|_| panic!("bundled data loads"));
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut group = c.benchmark_group("100k-card deck");
    group.sample_size(20);
    group.bench_function("bare ron::from_str", |b| {
        b.iter(|| black_box(options.from_str::<Deck>(black_box(&text)).map(|d| d.cards.len())));
    });
    group.bench_function("load + validate", |b| {
        b.iter(|| black_box(load_text("generated.ron", black_box(&text), &chart).is_ok()));
    });
    group.finish();
}

criterion_group!(benches, bundled, large_deck);
criterion_main!(benches);
