//! The command line: `kz-civics [FILE...]`, `kz-civics check [PATH...]`, `kz-civics optimise [--apply]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::library::{CheckReport, check_bundled, check_paths};

#[derive(Debug, Parser)]
#[command(
    name = "kz-civics",
    version,
    about = "Study how the state of the Republic of Kazakhstan is organised",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Chart or deck files (.ron) to open in the app, beside the bundled data.
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate charts and decks: the bundled data, or the given files and every *.ron under the given
    /// directories. Prints PATH:LINE:COLUMN: message for each problem; exits 1 if there is any.
    Check {
        /// Files or directories to check (default: the bundled data).
        paths: Vec<PathBuf>,
    },
    /// Fit the FSRS scheduling parameters to your own reviews (the app's progress, in
    /// $KZ_CIVICS_DATA_DIR or the XDG data directory) and print how well the current and the new ones
    /// predict them.
    Optimise {
        /// Use the new parameters from now on, if they predict better: save them and recompute every
        /// card's memory state from its reviews (close the app first).
        #[arg(long)]
        apply: bool,
    },
}

/// Runs `check` and prints its report; the exit code is 1 when anything is wrong.
pub fn run_check(paths: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let report: CheckReport = if paths.is_empty() { check_bundled() } else { check_paths(paths) };
    if report.problems.is_empty() {
        let _ = writeln!(out, "{}", report.summary());
        ExitCode::SUCCESS
    } else {
        for p in &report.problems {
            let _ = writeln!(err, "{p}");
        }
        let n = report.problems.len();
        let _ = writeln!(err, "{n} problem{}", if n == 1 { "" } else { "s" });
        ExitCode::FAILURE
    }
}

/// Runs `optimise`: the review count, the log loss and RMSE (bins) of the current and the new
/// parameters, and the new parameters; with `apply`, saves them if they predict better. Exit code 1
/// when there is no data directory, too few reviews, or optimising or saving failed.
pub fn run_optimise(data_dir: Option<PathBuf>, apply: bool, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    use crate::model::optimise::{self, History, JobControl, saved};
    use crate::model::progress;

    let Some(dir) = data_dir else {
        let _ = writeln!(err, "kz-civics: no data directory (set KZ_CIVICS_DATA_DIR)");
        return ExitCode::FAILURE;
    };
    let now = crate::model::study::Clock::System.now();
    let mut loaded = progress::load(&dir, now);
    for p in &loaded.problems {
        let _ = writeln!(err, "{}", p.message());
    }
    let parameters = saved::load(&dir, now);
    if let Some(p) = &parameters.problem {
        let _ = writeln!(err, "{}", p.message());
    }
    let history = History::from_progress(&loaded.progress);
    let summary = history.summary(now);
    let _ = writeln!(
        out,
        "reviews: {} across {} cards ({} a day or more after the card's previous review, used for training)",
        summary.reviews, summary.cards, summary.items
    );
    let _ = writeln!(out, "current parameters: {}", parameters.saved.describe());
    if !summary.is_enough() {
        let _ = writeln!(err, "{}", summary.message());
        return ExitCode::FAILURE;
    }
    let result = optimise::optimise(&history, parameters.saved.parameters, now, &JobControl::new());
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "kz-civics: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (c, n, d) = (report.current_evaluation, report.new_evaluation, report.default_evaluation);
    let defaults = |f: f64| if report.current.is_default() { String::new() } else { format!("defaults {f}, ") };
    let _ = writeln!(out, "log loss: {}current {:.4}, new {:.4}", defaults(d.log_loss), c.log_loss, n.log_loss);
    let _ = writeln!(
        out,
        "RMSE (bins): {}current {:.2}%, new {:.2}%",
        defaults(d.rmse_bins * 100.0),
        c.rmse_bins * 100.0,
        n.rmse_bins * 100.0
    );
    let w: Vec<String> = report.new.values().iter().map(f64::to_string).collect();
    let _ = writeln!(out, "new parameters: {}", w.join(", "));
    let _ = writeln!(out, "{}", report.verdict());
    match (apply, report.accepted()) {
        (false, Some(_)) => {
            let _ = writeln!(out, "Run `kz-civics optimise --apply` to use them.");
        }
        (true, Some(new)) if loaded.can_save() && parameters.can_save() => {
            match optimise::apply_on_disk(&dir, &new, &mut loaded.progress) {
                Ok(cards) => {
                    let _ = writeln!(
                        out,
                        "Saved to {}; the memory states of {cards} cards were recomputed from their reviews.",
                        saved::path(&dir).display()
                    );
                }
                Err(e) => {
                    let _ = writeln!(err, "kz-civics: could not save the parameters: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        (true, Some(_)) => {
            let _ =
                writeln!(err, "kz-civics: nothing was saved: a file that could not be read could not be moved aside");
            return ExitCode::FAILURE;
        }
        (true, None) => {
            let _ = writeln!(out, "Nothing was saved.");
        }
        (false, None) => {}
    }
    ExitCode::SUCCESS
}
