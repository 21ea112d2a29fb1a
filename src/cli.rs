//! The command line: `kz-civics [FILE...]`, `kz-civics check [PATH...]`, `kz-civics exam ...`,
//! `kz-civics report ...`, `kz-civics optimise [--apply]`, `kz-civics import` and `kz-civics export`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::ExamLaunch;
use crate::model::file::read_text;
use crate::model::library::{CheckReport, check_bundled, check_paths};
use crate::model::quiz::exam::{ExamFile, load_exam};
use crate::model::quiz::report::report_paths;
use crate::model::quiz::{AlmostPolicy, Kind};
use crate::model::study::StudyScope;
use crate::model::{Deck, Library};

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
    /// Take an exam, from an exam file or made from these options: the app opens straight into it.
    /// With --student the exam starts at once. Keys: 1-4 choose, Enter confirms and moves on.
    Exam(ExamArgs),
    /// Print the class report of exam results: files, or folders of *.result.ron files.
    Report {
        /// Results files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also write the report as CSV to this file.
        #[arg(short = 'o', value_name = "OUT.csv")]
        out: Option<PathBuf>,
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

#[derive(Debug, Clone, clap::Args)]
pub struct ExamArgs {
    /// An exam file (*.exam.ron) a teacher saved.
    #[arg(value_name = "FILE.exam.ron")]
    pub file: Option<PathBuf>,
    /// Questions from this deck only (by id).
    #[arg(long, value_name = "ID", conflicts_with_all = ["file", "branch"])]
    pub deck: Option<String>,
    /// Questions about this chart unit and the units below it (by id).
    #[arg(long, value_name = "UNIT", conflicts_with = "file")]
    pub branch: Option<String>,
    /// How many questions (default 20).
    #[arg(long, value_name = "N", conflicts_with = "file", value_parser = clap::value_parser!(u32).range(1..=200))]
    pub count: Option<u32>,
    /// Time limit in minutes (default: none).
    #[arg(long, value_name = "M", conflicts_with = "file", value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes: Option<u32>,
    /// Kinds of question, comma-separated, from choice,truefalse,typed,matching,chart (default
    /// choice,truefalse,typed).
    #[arg(long, value_name = "LIST", conflicts_with = "file")]
    pub kinds: Option<String>,
    /// The student's name: the exam starts at once.
    #[arg(long, value_name = "NAME")]
    pub student: Option<String>,
    /// Where the results file is written (default: the data folder's exams/).
    #[arg(long, value_name = "DIR")]
    pub results_dir: Option<PathBuf>,
    /// Chooses the questions: the same seed gives the same questions on every machine.
    #[arg(long, value_name = "S", conflicts_with = "file")]
    pub seed: Option<u64>,
}

/// Parses the command line. A mistake is one line naming the argument, for `main` to print with exit
/// status 2; `--help` and `--version` come back as their text with `Ok(None)`.
pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Cli, (i32, String)> {
    match Cli::try_parse_from(args) {
        Ok(cli) => Ok(cli),
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            Err((0, e.to_string()))
        }
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("bad arguments").trim_start_matches("error: ");
            Err((2, format!("kz-civics: {first}")))
        }
    }
}

/// The exam `kz-civics exam` opens: the file's, or one made from the options, checked against the
/// bundled data. The error is one line naming the argument.
pub fn exam_launch(args: &ExamArgs, library: &Library) -> Result<ExamLaunch, String> {
    let chart_deck = crate::model::chart_cards::chart_deck(&library.chart);
    let decks: Vec<&Deck> = library.decks.iter().map(|d| &d.deck).chain(std::iter::once(&chart_deck)).collect();
    if let Some(dir) = &args.results_dir
        && dir.exists()
        && !dir.is_dir()
    {
        return Err(format!("kz-civics: --results-dir: {} is not a folder", dir.display()));
    }
    if args.student.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err("kz-civics: --student: the name is empty".to_owned());
    }
    let exam = match &args.file {
        Some(path) => {
            let name = path.display().to_string();
            let text = read_text(path).map_err(|p| format!("kz-civics: {p}"))?;
            load_exam(&name, &text, &library.chart, &decks).map_err(|problems| {
                let first = problems.first().map(ToString::to_string).unwrap_or_default();
                format!("kz-civics: {first}")
            })?
        }
        None => {
            let (scope, title) = match (&args.deck, &args.branch) {
                (Some(id), _) => match decks.iter().find(|d| d.id == *id) {
                    Some(d) => (StudyScope::Deck(id.clone()), format!("Exam: {}", d.title)),
                    None => {
                        let ids: Vec<&str> = decks.iter().map(|d| d.id.as_str()).collect();
                        return Err(format!("kz-civics: --deck: no deck `{id}` (the decks are {})", ids.join(", ")));
                    }
                },
                (None, Some(id)) => match library.chart.unit(id) {
                    Some(u) => (StudyScope::Branch(id.clone()), format!("Exam: {}", u.name)),
                    None => return Err(format!("kz-civics: --branch: the chart has no unit `{id}`")),
                },
                (None, None) => (StudyScope::All, "Exam".to_owned()),
            };
            let kinds = match &args.kinds {
                Some(list) => Kind::parse_list(list).map_err(|e| format!("kz-civics: --kinds: {e}"))?,
                None => vec![Kind::Choice, Kind::TrueFalse, Kind::Typed],
            };
            let seed = args.seed.unwrap_or_else(|| {
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs())
            });
            let mut exam = ExamFile {
                version: crate::model::quiz::exam::EXAM_VERSION,
                title,
                scope,
                decks: decks.iter().map(|d| d.id.clone()).collect(),
                count: args.count.unwrap_or(20) as usize,
                kinds,
                minutes: args.minutes,
                almost: AlmostPolicy::Half,
                seed,
                fingerprint: None,
            };
            let questions = exam.questions(&library.chart, &decks).questions;
            if questions.is_empty() {
                return Err("kz-civics: no question of these kinds can be made from these cards".to_owned());
            }
            exam.fingerprint = Some(crate::model::quiz::exam::fingerprint(&questions));
            exam
        }
    };
    let origin = args.file.as_ref().map_or_else(|| "the command line".to_owned(), |p| p.display().to_string());
    Ok(ExamLaunch { exam, origin, student: args.student.clone(), results_dir: args.results_dir.clone() })
}

/// Runs `report`: the report on stdout, unreadable files on stderr; exit 1 when no results were read.
pub fn run_report(
    paths: &[PathBuf],
    csv: Option<&std::path::Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let report = report_paths(paths);
    for p in &report.broken {
        let _ = writeln!(err, "{p}");
    }
    if report.exams.is_empty() {
        let _ = writeln!(err, "kz-civics: no exam results found");
        return ExitCode::FAILURE;
    }
    let _ = write!(out, "{}", report.to_text());
    if let Some(path) = csv {
        match crate::model::progress::write_atomic(path, report.to_csv().as_bytes()) {
            Ok(()) => {
                let _ = writeln!(err, "wrote {}", path.display());
            }
            Err(e) => {
                let _ = writeln!(err, "kz-civics: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
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
