//! Saving into a folder that cannot be written (read-only, or blocked by a file where the folder should
//! be, for a process that read-only permissions do not stop, such as root): a clear error naming the
//! file, the data kept in memory, saving tried again (progress by itself, exam results on request), and
//! nothing half-written left behind.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kz_civics::app::quiz::QuizAction;
use kz_civics::app::{Command, Config, ExamLaunch, KzApp};
use kz_civics::model::chart_cards::CHART_DECK_ID;
use kz_civics::model::deck_file;
use kz_civics::model::progress::{self, CardProgress, ProgressWriter, Review, SaveOutcome};
use kz_civics::model::quiz::exam::ExamFile;
use kz_civics::model::quiz::{AlmostPolicy, Kind};
use kz_civics::model::scheduler::{Phase, Schedule};
use kz_civics::model::study::{Clock, StudyScope};
use kz_civics::model::{Card, Deck};

/// A folder made unwritable for this process, until [`Blocked::unblock`].
struct Blocked {
    path: PathBuf,
    /// A file stands where the folder should be (read-only permissions did not stop this process).
    file_in_the_way: bool,
}

impl Blocked {
    fn new(path: &Path) -> Self {
        std::fs::create_dir_all(path).unwrap();
        set_mode(path, 0o555);
        let probe = path.join("probe");
        if std::fs::write(&probe, b"x").is_err() {
            return Blocked { path: path.to_path_buf(), file_in_the_way: false };
        }
        // Running as root: permissions do not stop writes. A file in the folder's place does.
        set_mode(path, 0o755);
        std::fs::remove_dir_all(path).unwrap();
        std::fs::write(path, b"not a folder").unwrap();
        Blocked { path: path.to_path_buf(), file_in_the_way: true }
    }

    fn unblock(&self) {
        if self.file_in_the_way {
            std::fs::remove_file(&self.path).unwrap();
        } else {
            set_mode(&self.path, 0o755);
        }
    }

    /// What is in the folder (nothing when a file stands in its place).
    fn contents(&self) -> Vec<String> {
        std::fs::read_dir(&self.path)
            .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    }
}

impl Drop for Blocked {
    fn drop(&mut self) {
        if !self.file_in_the_way && self.path.is_dir() {
            set_mode(&self.path, 0o755);
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn reviewed(n: i64) -> CardProgress {
    let t = 1_717_581_600 + n;
    let schedule =
        Schedule { phase: Phase::Review, step: None, stability: 3.0, difficulty: 5.0, due: t + 86_400, last_review: t };
    CardProgress { schedule: Some(schedule), reviews: vec![Review(t, 3)] }
}

#[test]
fn the_progress_writer_reports_a_failed_save_keeps_the_progress_and_saves_it_once_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let blocked = Blocked::new(&progress::progress_dir(dir.path()));
    let writer = ProgressWriter::start(dir.path().to_path_buf(), Default::default(), Box::new(|| {})).unwrap();
    writer.set("d", "a", reviewed(1));
    assert!(writer.flush(Duration::from_secs(5)));
    let outcomes = writer.outcomes();
    let Some(SaveOutcome::Failed(text)) = outcomes.first() else { panic!("expected a failure, got {outcomes:?}") };
    assert!(text.contains("Could not save study progress to"), "{text}");
    assert!(text.contains(&progress::progress_dir(dir.path()).display().to_string()), "{text}");
    assert!(text.contains("kept in memory"), "{text}");
    assert!(blocked.contents().is_empty(), "left behind: {:?}", blocked.contents());

    blocked.unblock();
    let deadline = Instant::now() + progress::RETRY_FIRST * 3;
    let mut saved = false;
    while Instant::now() < deadline && !saved {
        std::thread::sleep(Duration::from_millis(100));
        saved = writer.outcomes().contains(&SaveOutcome::Saved);
    }
    assert!(saved, "the writer tried again and saved");
    let loaded = progress::load(dir.path(), 0);
    assert_eq!(loaded.progress.card("d", "a"), Some(&reviewed(1)));
    let names: Vec<String> = std::fs::read_dir(progress::progress_dir(dir.path()))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "temporary files left: {names:?}");
}

fn deck() -> Deck {
    let card = Card {
        id: "a".into(),
        front: "Who chairs the Security Council?".into(),
        back: "The President".into(),
        accept: Vec::new(),
        wrong: Vec::new(),
        tags: Vec::new(),
        unit: None,
        sources: Vec::new(),
        note: String::new(),
    };
    Deck {
        version: 1,
        id: "mine".into(),
        title: "Mine".into(),
        description: String::new(),
        sources: Vec::new(),
        cards: vec![card],
    }
}

#[test]
fn saving_a_deck_into_an_unwritable_folder_names_the_file_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("decks");
    let blocked = Blocked::new(&folder);
    let path = folder.join("mine.ron");
    let deck = deck();
    let err = deck_file::save(&path, &deck).unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(blocked.contents().is_empty(), "left behind: {:?}", blocked.contents());
    blocked.unblock();
    deck_file::save(&path, &deck).expect("saving again works once the folder is writable");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "only the deck file");
}

/// The app on a fixed clock with its data in `dir`.
fn app(dir: &Path) -> Harness<'static, KzApp> {
    let dir = dir.to_path_buf();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| KzApp::new(cc, Config { files: vec![], data_dir: Some(dir), exam: None }));
    h.state_mut().state.study.set_clock(Clock::fixed(1_717_581_600));
    h.run();
    h
}

#[test]
fn a_failed_progress_save_shows_a_notice_and_saving_resumes_when_the_folder_is_writable() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    // Blocked once the app has started (a folder that is unwritable at start is reported at start).
    let blocked = Blocked::new(&progress::progress_dir(dir.path()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run();
    h.key_press(Key::Space);
    h.run();
    h.key_press(Key::Num3);
    // A failed save wakes the UI (a repaint), so frames are stepped rather than run until still.
    h.run_steps(4);
    assert!(h.state().state.study.flush(Duration::from_secs(5)));
    h.run_steps(4);
    h.get_by_label_contains("Could not save study progress to");
    h.get_by_label_contains("kept in memory");
    assert_eq!(h.state().state.study.progress().review_count(), 1, "the review is kept in memory");

    blocked.unblock();
    let deadline = Instant::now() + progress::RETRY_FIRST * 3;
    while Instant::now() < deadline && h.query_by_label_contains("Study progress saved again").is_none() {
        std::thread::sleep(Duration::from_millis(100));
        h.run_steps(2);
    }
    h.get_by_label_contains("Study progress saved again");
    assert_eq!(progress::load(dir.path(), 0).progress.review_count(), 1);
}

#[test]
fn exam_results_that_cannot_be_saved_are_kept_on_screen_and_saved_on_retry() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("class-results");
    let blocked = Blocked::new(&results);
    let exam = ExamFile {
        version: 1,
        title: "Midterm".into(),
        scope: StudyScope::All,
        decks: vec!["structure".into(), CHART_DECK_ID.into()],
        count: 2,
        kinds: vec![Kind::TrueFalse],
        minutes: None,
        almost: AlmostPolicy::Half,
        seed: 7,
        fingerprint: None,
    };
    let launch = ExamLaunch { exam, origin: "t.exam.ron".into(), student: None, results_dir: Some(results.clone()) };
    let mut h = app(dir.path());
    let open = QuizAction::OpenExam {
        exam: launch.exam,
        origin: launch.origin,
        student: Some("Aliya".into()),
        results_dir: launch.results_dir,
    };
    h.state_mut().state.handle(Command::Quiz(open));
    h.run();
    if !h.state().state.quiz.exam_running() {
        h.key_press(Key::Enter);
        h.run();
    }
    for _ in 0..2 {
        h.key_press(Key::T);
        h.run();
        h.key_press(Key::Enter);
        h.run();
    }
    h.get_by_label("Submit the exam?");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label_contains("They are kept here");
    assert!(blocked.contents().is_empty(), "left behind: {:?}", blocked.contents());

    blocked.unblock();
    h.get_by_label("Try saving again").click();
    h.run();
    h.get_by_label_contains("Results saved to");
    let files: Vec<PathBuf> = std::fs::read_dir(&results).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].to_string_lossy().ends_with(".result.ron"));
}
