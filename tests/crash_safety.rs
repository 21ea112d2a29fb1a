//! Crash safety: a child process (this test binary, run again with `KZ_CRASH_CHILD` set) saves study
//! progress (through the background writer), a deck, a recovery file and exam results in a loop, and
//! is killed with SIGKILL at many random points. After each kill every file on disk must be the old or
//! the new version, complete and readable, and at most the save in flight lost.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kz_civics::model::deck_file;
use kz_civics::model::file::{Document, parse_document, read_text};
use kz_civics::model::progress::{self, CardProgress, ProgressWriter, Review};
use kz_civics::model::quiz::exam::{ExamResult, RESULT_EXTENSION, RESULT_VERSION, load_result};
use kz_civics::model::recovery::{self, Recovery};
use kz_civics::model::scheduler::{Phase, Schedule};
use kz_civics::model::{Card, Deck};

const CHILD_ENV: &str = "KZ_CRASH_CHILD";
const BASE_TIME: i64 = 1_780_000_000;

/// Version `n` of the deck: its title says `n`, and it has `n % 50 + 1` cards.
fn deck(n: u64) -> Deck {
    let cards = (0..n % 50 + 1)
        .map(|i| Card {
            id: format!("c{i}"),
            front: format!("Front {i} of version {n}, with some text to make the file longer"),
            back: format!("Back {i}"),
            accept: vec![format!("b{i}")],
            wrong: Vec::new(),
            tags: vec!["crash".into()],
            unit: None,
            sources: Vec::new(),
            note: "A note".repeat(20),
        })
        .collect();
    Deck {
        version: 1,
        id: "crash".into(),
        title: format!("v{n}"),
        description: String::new(),
        sources: Vec::new(),
        cards,
    }
}

/// Card `c` after `n` reviews.
fn card_progress(n: u64) -> CardProgress {
    let reviews = (0..n).map(|i| Review(BASE_TIME + i as i64, 3)).collect();
    let last = BASE_TIME + n as i64;
    let schedule = Schedule {
        phase: Phase::Review,
        step: None,
        stability: 1.0,
        difficulty: 5.0,
        due: last + 86_400,
        last_review: last,
    };
    CardProgress { schedule: Some(schedule), reviews }
}

fn result(n: u64) -> ExamResult {
    ExamResult {
        version: RESULT_VERSION,
        exam: "Crash".into(),
        exam_fingerprint: "f".into(),
        student: "Aliya".into(),
        started: BASE_TIME,
        finished: BASE_TIME + n as i64,
        timed_out: false,
        almost: Default::default(),
        leniency: Default::default(),
        questions: Vec::new(),
    }
}

/// The last version every file was saved at, from the child's log (0 if none).
fn last_done(dir: &Path) -> u64 {
    std::fs::read_to_string(dir.join("done.log"))
        .unwrap_or_default()
        .lines()
        .rev()
        .find_map(|l| l.parse().ok())
        .unwrap_or(0)
}

/// The child: from the version after the last one logged, save every file at each version, then log it.
fn run_child(dir: &Path) {
    let data = dir.join("data");
    let deck_path = dir.join("deck.ron");
    let results = dir.join("results");
    let mut n = last_done(dir);
    let loaded = progress::load(&data, BASE_TIME);
    let writer = ProgressWriter::start(data.clone(), loaded.progress, Box::new(|| {})).expect("writer starts");
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("done.log")).expect("log");
    loop {
        n += 1;
        writer.set("crash", "c", card_progress(n));
        assert!(writer.flush(Duration::from_secs(10)), "progress saved");
        deck_file::save(&deck_path, &deck(n)).expect("deck saved");
        let rec = Recovery {
            deck: deck(n),
            path: Some(deck_path.clone()),
            base_hash: None,
            written_at: BASE_TIME + n as i64,
        };
        recovery::write(&data, &rec).expect("recovery saved");
        // A results file is a new file per attempt: one the killed run already wrote is kept.
        if !results.join(result(n).file_name()).exists() {
            result(n).save_in(&results).expect("results saved");
        }
        // One write: `writeln!` may split the number and the line end, and a kill between the two would
        // run this number into the next one.
        log.write_all(format!("{n}\n").as_bytes()).expect("logged");
    }
}

#[test]
fn child_process_saving_in_a_loop_until_killed() {
    // Only does something when run as the child of the test below.
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        run_child(Path::new(&dir));
    }
}

/// A small deterministic random sequence (xorshift), seeded from the clock unless KZ_CRASH_SEED is set.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Checks every file against the last version logged, `n`: each is version `n` or `n + 1`.
fn check_files(dir: &Path, n: u64) -> Result<(), String> {
    let data = dir.join("data");
    let loaded = progress::load(&data, BASE_TIME);
    if !loaded.problems.is_empty() {
        return Err(format!("progress unreadable: {:?}", loaded.problems));
    }
    let reviews = loaded.progress.card("crash", "c").map_or(0, |p| p.reviews.len() as u64);
    if reviews != n && reviews != n + 1 {
        return Err(format!("progress has {reviews} reviews, the last logged save {n}"));
    }

    let deck_path = dir.join("deck.ron");
    if deck_path.exists() {
        let name = deck_path.display().to_string();
        let text = read_text(&deck_path).map_err(|p| p.to_string())?;
        match parse_document(&name, &text) {
            Ok(Document::Deck(d)) if d == deck(n) || d == deck(n + 1) => {}
            Ok(other) => return Err(format!("deck is neither version {n} nor {}: {other:?}", n + 1)),
            Err(p) => return Err(format!("deck unreadable: {p}")),
        }
    } else if n > 0 {
        return Err("the deck file is gone".into());
    }

    let found = recovery::read_all(&data, BASE_TIME);
    if !found.problems.is_empty() {
        return Err(format!(
            "recovery unreadable: {:?}",
            found.problems.iter().map(|p| p.message()).collect::<Vec<_>>()
        ));
    }
    match found.recovered.as_slice() {
        [] if n == 0 => {}
        [(_, r)] if r.deck == deck(n) || r.deck == deck(n + 1) => {}
        other => return Err(format!("recovery is neither version {n} nor {}: {} files", n + 1, other.len())),
    }

    let results = dir.join("results");
    let mut count = 0u64;
    for entry in std::fs::read_dir(&results).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.ends_with(RESULT_EXTENSION) {
            continue; // an interrupted save's temporary file, which readers ignore
        }
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        load_result(&name, &text).map_err(|p| format!("results unreadable: {p}"))?;
        count += 1;
    }
    if count != n && count != n + 1 {
        return Err(format!("{count} results files, the last logged save {n}"));
    }
    Ok(())
}

#[test]
fn files_saved_when_the_process_is_killed_are_old_or_new_never_broken() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::env::var("KZ_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1
    });
    let mut rng = Rng(seed);
    let exe: PathBuf = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut kills = 0;
    let mut saves_seen = 0;
    while kills < 40 && started.elapsed() < Duration::from_secs(8) {
        let before = last_done(dir.path());
        let mut child = Command::new(&exe)
            .args(["--exact", "child_process_saving_in_a_loop_until_killed", "--test-threads=1"])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Let it get going, then kill it at a random point among its saves.
        std::thread::sleep(Duration::from_millis(20 + rng.below(120)));
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(!status.success(), "the child ended by itself: {status}");
        kills += 1;
        let n = last_done(dir.path());
        saves_seen += n - before;
        if let Err(e) = check_files(dir.path(), n) {
            panic!("after kill {kills} (seed {seed}, last logged save {n}): {e}");
        }
    }
    eprintln!("{kills} kills, {saves_seen} complete saves of every file between them (seed {seed})");
    assert!(kills >= 10, "only {kills} kills in the time");
    assert!(saves_seen > 0, "the child never finished a save before it was killed");
}
