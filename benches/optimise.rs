//! Personal scheduling benchmarks on about 100,000 reviews (a simulated learner, see
//! `kz_civics::model::optimise::synthetic`: 9,000 cards studied over a year).
//!
//! - `optimise_100k_reviews`: building the training items, `fsrs::compute_parameters`, and evaluating
//!   the default and the new parameters: everything "Optimise my parameters" does, on its job thread.
//! - `apply_parameters_100k_reviews`: recomputing every card's memory state from its reviews with new
//!   parameters (what applying them does on the UI thread, before the files are written off it).
//! - `suggest_retention_9000_cards`: the simulations of "Suggest a retention".
//! - `history_copy_100k_reviews`: the copy of the reviews that starting a job takes on the UI thread.
//! - Responsiveness: while the optimisation (and then the retention suggestion) runs on its thread, the
//!   UI thread draws frames of the chart view (the bundled chart, all expanded), one every 16 ms;
//!   printed as the median and the slowest frame, against the same frames with nothing else running,
//!   with the cores the process kept busy meanwhile.
//!
//! Run with `cargo bench --bench optimise`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use kz_civics::app::chart::ChartCommand;
use kz_civics::app::state::{AppState, Command, Persisted};
use kz_civics::app::views::chart::{ChartUi, chart_ui};
use kz_civics::model::optimise::{self, History, JobControl, RetentionSettings, synthetic};
use kz_civics::model::scheduler::Parameters;

/// 2025-06-01 08:00 UTC.
const NOW: i64 = 1_748_764_800;

fn frame(ctx: &egui::Context, state: &AppState, cui: &mut ChartUi) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..Default::default()
    };
    let mut out = Vec::new();
    let output = ctx.run_ui(input, |ui| chart_ui(ui, state, cui, &mut out));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// Frame times while `busy` is true, one frame every 16 ms (as a 60 Hz display asks for them).
fn frame_times(
    ctx: &egui::Context,
    state: &AppState,
    cui: &mut ChartUi,
    mut busy: impl FnMut() -> bool,
) -> Vec<Duration> {
    let mut times = Vec::new();
    while busy() {
        let t = Instant::now();
        black_box(frame(ctx, state, cui));
        let took = t.elapsed();
        times.push(took);
        std::thread::sleep(Duration::from_millis(16).saturating_sub(took));
    }
    times.sort();
    times
}

fn describe(times: &[Duration]) -> String {
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let max = times.last().copied().unwrap_or_default();
    format!("{} frames, median {median:.2?}, slowest {max:.2?}", times.len())
}

/// CPU time used by this process so far (user and system), to see how many cores a job keeps busy.
#[cfg(unix)]
fn cpu_time() -> Duration {
    // SAFETY: getrusage fills in the plain struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[cfg(not(unix))]
fn cpu_time() -> Duration {
    Duration::ZERO
}

fn benches(c: &mut Criterion) {
    let truth = Parameters::new(&synthetic::FORGETFUL).unwrap_or_default();
    let progress = synthetic::simulate(truth, 9_000, 365, NOW, 42);
    let history = History::from_progress(&progress);
    let summary = history.summary(NOW);
    eprintln!("history: {} reviews across {} cards, {} training items", summary.reviews, summary.cards, summary.items);

    // Responsiveness: frames drawn while optimising runs on its own thread.
    let ctx = egui::Context::default();
    let mut state = AppState::new(Persisted::default(), None);
    state.handle(Command::Chart(ChartCommand::ExpandAll));
    let mut cui = ChartUi::default();
    for _ in 0..3 {
        frame(&ctx, &state, &mut cui);
    }
    let idle_until = Instant::now() + Duration::from_secs(3);
    let idle = frame_times(&ctx, &state, &mut cui, || Instant::now() < idle_until);
    let started = Instant::now();
    let cpu_before = cpu_time();
    let mut job = optimise::start_optimising(history.clone(), Parameters::default(), NOW, None);
    let mut outcome = None;
    let busy = frame_times(&ctx, &state, &mut cui, || {
        outcome = job.try_result();
        outcome.is_none()
    });
    let took = started.elapsed();
    let cores = (cpu_time() - cpu_before).as_secs_f64() / took.as_secs_f64();
    match outcome {
        Some(Ok(o)) => eprintln!(
            "optimised in {took:.2?}: log loss {:.4} -> {:.4}, RMSE {:.2}% -> {:.2}%",
            o.default_evaluation.log_loss,
            o.new_evaluation.log_loss,
            o.default_evaluation.rmse_bins * 100.0,
            o.new_evaluation.rmse_bins * 100.0
        ),
        other => eprintln!("optimising failed: {other:?}"),
    }
    eprintln!("chart frames, nothing else running: {}", describe(&idle));
    eprintln!("chart frames while optimising: {}; the process kept {cores:.2} cores busy", describe(&busy));

    // The same while the retention suggestion runs (its simulations on a one-thread rayon pool).
    let settings = RetentionSettings::new(truth, 9_000, 20, &history, NOW);
    let started = Instant::now();
    let cpu_before = cpu_time();
    let mut job = optimise::start_suggesting_retention(settings.clone(), None);
    let mut advice = None;
    let busy = frame_times(&ctx, &state, &mut cui, || {
        advice = job.try_result();
        advice.is_none()
    });
    let took = started.elapsed();
    let cores = (cpu_time() - cpu_before).as_secs_f64() / took.as_secs_f64();
    eprintln!("retention suggested in {took:.2?}: {advice:?}");
    eprintln!("chart frames while suggesting a retention: {}; the process kept {cores:.2} cores busy", describe(&busy));

    let mut group = c.benchmark_group("optimise");
    group.bench_function("history_copy_100k_reviews", |b| b.iter(|| black_box(History::from_progress(&progress))));
    group.sample_size(10).measurement_time(Duration::from_secs(60));
    group.bench_function("optimise_100k_reviews", |b| {
        b.iter(|| black_box(optimise::optimise(&history, Parameters::default(), NOW, &JobControl::new())))
    });
    group.bench_function("apply_parameters_100k_reviews", |b| {
        b.iter_batched_ref(
            || progress.clone(),
            |p| black_box(optimise::recompute_memory_states(p, truth)),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("suggest_retention_9000_cards", |b| {
        b.iter(|| black_box(optimise::suggest_retention(&settings, &JobControl::new())))
    });
    group.finish();
}

criterion_group!(optimise_benches, benches);
criterion_main!(optimise_benches);
