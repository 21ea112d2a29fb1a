//! Chart view figures: one frame (UI pass plus tessellation) of the bundled chart with everything
//! expanded; layout and a frame at the default zoom for a generated 5,000-unit chart.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kz_civics::app::chart::{CameraMove, ChartCommand, ChartSettings, ChartState};
use kz_civics::app::state::{AppState, Command, Persisted};
use kz_civics::app::views::chart::{ChartUi, chart_ui};
use kz_civics::model::layout::{Forest, Params, layout};
use kz_civics::model::{Branch, Chart, Unit, UnitKind};

/// A deterministic pseudo-random number generator (xorshift), so every run lays out the same chart.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Parents for `n` units: a few roots, the rest under an earlier unit, biased towards recent ones so
/// the tree is both deep and bushy.
fn random_parents(n: usize) -> Vec<Option<usize>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            if i < 4 {
                None
            } else {
                let back = 1 + rng.below(i.min(60));
                Some(i - back.min(i))
            }
        })
        .collect()
}

fn generated_chart(n: usize) -> Chart {
    let branches = [Branch::Presidency, Branch::Executive, Branch::Legislative, Branch::Judicial, Branch::Local];
    let parents = random_parents(n);
    let units = (0..n)
        .map(|i| Unit {
            id: format!("u{i}"),
            name: format!("Generated unit number {i} of the benchmark chart"),
            aliases: Vec::new(),
            kind: UnitKind::Body,
            branch: branches[i % branches.len()],
            parent: parents[i].map(|p| format!("u{p}")),
            summary: String::new(),
            functions: Vec::new(),
            holders: Vec::new(),
            facts: Vec::new(),
            established: None,
            abolished: None,
            proposal: false,
            sources: vec!["s".into()],
        })
        .collect();
    Chart {
        version: 1,
        title: "generated".into(),
        sources: Vec::new(),
        units,
        relations: Vec::new(),
        events: Vec::new(),
    }
}

fn input(size: egui::Vec2) -> egui::RawInput {
    egui::RawInput { screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)), ..Default::default() }
}

const WINDOW: egui::Vec2 = egui::vec2(1280.0, 800.0);
/// A 4K screen: the whole bundled chart fits at a zoom where every box shows its text.
const SCREEN_4K: egui::Vec2 = egui::vec2(3840.0, 2160.0);

/// One frame of the chart view: the UI pass, then tessellation.
fn frame(ctx: &egui::Context, state: &AppState, cui: &mut ChartUi, size: egui::Vec2) -> usize {
    let mut out = Vec::new();
    let output = ctx.run_ui(input(size), |ui| chart_ui(ui, state, cui, &mut out));
    let prims = ctx.tessellate(output.shapes, output.pixels_per_point);
    prims.len()
}

fn expanded_state(chart: Option<Chart>, camera: CameraMove) -> AppState {
    let mut state = AppState::new(Persisted::default(), None);
    if let Some(chart) = chart {
        state.library.chart = chart;
        state.chart = ChartState::new(&state.library.chart, ChartSettings::default());
    }
    state.handle(Command::Chart(ChartCommand::ExpandAll));
    state.handle(Command::Chart(ChartCommand::Camera(camera)));
    state
}

fn benches(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let state = expanded_state(None, CameraMove::Reset);
    let mut cui = ChartUi::default();
    for _ in 0..3 {
        frame(&ctx, &state, &mut cui, WINDOW);
    }
    c.bench_function("chart_frame_bundled_expanded", |b| b.iter(|| black_box(frame(&ctx, &state, &mut cui, WINDOW))));

    let ctx = egui::Context::default();
    let state = expanded_state(None, CameraMove::Fit);
    let mut cui = ChartUi::default();
    for _ in 0..3 {
        frame(&ctx, &state, &mut cui, SCREEN_4K);
    }
    c.bench_function("chart_frame_bundled_expanded_all_on_4k_screen", |b| {
        b.iter(|| black_box(frame(&ctx, &state, &mut cui, SCREEN_4K)))
    });

    let parents = random_parents(5000);
    let params = Params::default();
    c.bench_function("chart_layout_5000", |b| {
        b.iter(|| black_box(layout(&Forest { parents: &parents, expanded: &|_| true }, &params)))
    });

    let ctx = egui::Context::default();
    let state = expanded_state(Some(generated_chart(5000)), CameraMove::Reset);
    let mut cui = ChartUi::default();
    for _ in 0..3 {
        frame(&ctx, &state, &mut cui, WINDOW);
    }
    c.bench_function("chart_frame_5000_default_zoom", |b| b.iter(|| black_box(frame(&ctx, &state, &mut cui, WINDOW))));
}

criterion_group!(chart, benches);
criterion_main!(chart);
