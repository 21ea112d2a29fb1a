//! The command line: `kz-civics [FILE...]` and `kz-civics check [PATH...]`.

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
