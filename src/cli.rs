//! The command line: `kz-civics [FILE...]`, `kz-civics check [PATH...]`, `kz-civics import` and
//! `kz-civics export`.

use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// Convert an Anki text export, an Anki package (.apkg, .colpkg), a Quizlet export or a CSV file
    /// with a header row into a deck. Prints the deck (RON) unless -o is given; skipped rows are
    /// reported as PATH:LINE: message, with a summary, on stderr.
    Import {
        /// The file to convert.
        file: PathBuf,
        /// Its format (default: found from the extension and the content).
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
        /// Write the deck to this file instead of printing it.
        #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
        output: Option<PathBuf>,
    },
    /// Write a deck's cards as CSV (header row front,back,accept,tags,unit,note,wrong).
    Export {
        /// The deck file (.ron).
        deck: PathBuf,
        /// Write the CSV to this file instead of printing it.
        #[arg(short = 'o', long = "output", value_name = "OUT.csv")]
        output: Option<PathBuf>,
    },
}

/// `--format` of `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Anki's "Notes in Plain Text" export
    Anki,
    /// An Anki package (.apkg or .colpkg)
    Apkg,
    /// Quizlet's export (tab between term and definition, one row per line)
    Quizlet,
    /// CSV with a header row naming front, back, accept, tags, unit, note
    Csv,
}

impl ImportFormat {
    pub fn format(self) -> crate::model::import::Format {
        use crate::model::import::{Format, QuizletOptions};
        match self {
            ImportFormat::Anki => Format::AnkiText,
            ImportFormat::Apkg => Format::Apkg,
            ImportFormat::Quizlet => Format::Quizlet(QuizletOptions::default()),
            ImportFormat::Csv => Format::Csv,
        }
    }
}

/// Runs `import`: the deck to `output` or `out`, problems and the summary to `err`. Exit code 1 when the
/// file cannot be read as the format, or the deck cannot be written.
pub fn run_import(
    file: &Path,
    format: Option<ImportFormat>,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let imported = match crate::model::import::import(file, format.map(ImportFormat::format)) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "kz-civics: {e}");
            return ExitCode::FAILURE;
        }
    };
    for p in imported.problems.iter().chain(&imported.warnings) {
        let _ = writeln!(err, "{p}");
    }
    let text = crate::model::deck_file::to_ron(&imported.deck);
    match output {
        Some(path) => {
            if let Err(e) = crate::model::progress::write_atomic(path, text.as_bytes()) {
                let _ = writeln!(err, "kz-civics: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        None => {
            let _ = out.write_all(text.as_bytes());
        }
    }
    let _ = writeln!(err, "imported {} ({}): {}", file.display(), imported.format.description(), imported.summary());
    ExitCode::SUCCESS
}

/// Runs `export`: the deck's cards as CSV to `output` or `out`. Exit code 1 when the deck cannot be read
/// or the CSV cannot be written.
pub fn run_export(deck: &Path, output: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    use crate::model::file::{Document, parse_document, read_text};
    let name = deck.display().to_string();
    let parsed = read_text(deck).and_then(|text| parse_document(&name, &text));
    let deck = match parsed {
        Ok(Document::Deck(d)) => d,
        Ok(Document::Chart(_)) => {
            let _ = writeln!(err, "kz-civics: {name} is a chart, not a deck");
            return ExitCode::FAILURE;
        }
        Err(p) => {
            let _ = writeln!(err, "{p}");
            return ExitCode::FAILURE;
        }
    };
    let csv = crate::model::import::export::to_csv(&deck);
    match output {
        Some(path) => {
            if let Err(e) = crate::model::progress::write_atomic(path, csv.as_bytes()) {
                let _ = writeln!(err, "kz-civics: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        None => {
            let _ = out.write_all(csv.as_bytes());
        }
    }
    let n = deck.cards.len();
    let _ = writeln!(err, "exported {n} card{} from {name}", if n == 1 { "" } else { "s" });
    ExitCode::SUCCESS
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
