//! The loaded chart and decks, where each came from, and `check` over files and directories.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::chart::Chart;
use super::deck::Deck;
use super::file::{Document, Problem, decode_text, locate_all, parse_document, read_text};
use super::locate::{Pos, Seg, locate};
use super::validate::{Refs, validate_chart, validate_deck};

/// A data file compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Bundled {
    pub name: &'static str,
    pub text: &'static str,
}

pub static BUNDLED_CHART: Bundled = Bundled { name: "data/chart.ron", text: include_str!("../../data/chart.ron") };

include!(concat!(env!("OUT_DIR"), "/bundled_decks.rs"));

/// The bundled chart and decks as build.rs parsed them, encoded with postcard (empty when the RON did
/// not parse at build time).
static BUNDLED_SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.postcard"));

/// Where a loaded chart or deck came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled(&'static str),
    File(PathBuf),
}

impl Origin {
    pub fn display(&self) -> String {
        match self {
            Origin::Bundled(name) => format!("{name} (bundled)"),
            Origin::File(path) => path.display().to_string(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::File(p) => Some(p),
            Origin::Bundled(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDeck {
    pub deck: Deck,
    pub origin: Origin,
}

/// Parses and validates one document. Decks are checked against `chart` (their unit and source links).
pub fn load_text(name: &str, text: &str, chart: &Chart) -> Result<Document, Vec<Problem>> {
    let doc = parse_document(name, text).map_err(|p| vec![p])?;
    let issues = match &doc {
        Document::Chart(c) => validate_chart(c),
        Document::Deck(d) => validate_deck(d, &Refs::of_chart(chart)),
    };
    if issues.is_empty() { Ok(doc) } else { Err(locate_all(name, text, issues)) }
}

/// What opening a file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Chart { units: usize },
    Deck { id: String, cards: usize, replaced: bool },
}

/// The chart and decks the app works with.
#[derive(Debug, Clone, PartialEq)]
pub struct Library {
    pub chart: Chart,
    pub chart_origin: Origin,
    pub decks: Vec<LoadedDeck>,
}

impl Library {
    /// The data compiled into the binary: decoded from the build-time snapshot and validated, or, when
    /// there is no usable snapshot, parsed from the RON (which positions any problem exactly).
    pub fn bundled() -> Result<Self, Vec<Problem>> {
        match Self::bundled_from_snapshot() {
            Some(lib) => Ok(lib),
            None => Self::bundled_from_ron(),
        }
    }

    /// The snapshot, if it decodes, matches the embedded files and passes every check.
    pub fn bundled_from_snapshot() -> Option<Self> {
        let (chart, decks): (Chart, Vec<Deck>) = postcard::from_bytes(BUNDLED_SNAPSHOT).ok()?;
        let supported = |v: u32| (1..=super::chart::FORMAT_VERSION).contains(&v);
        if decks.len() != BUNDLED_DECKS.len() || !supported(chart.version) || !validate_chart(&chart).is_empty() {
            return None;
        }
        let refs = Refs::of_chart(&chart);
        let mut ids = std::collections::HashSet::new();
        for d in &decks {
            if !supported(d.version) || !ids.insert(d.id.as_str()) || !validate_deck(d, &refs).is_empty() {
                return None;
            }
        }
        drop(refs);
        let decks = decks
            .into_iter()
            .zip(BUNDLED_DECKS)
            .map(|(deck, b)| LoadedDeck { deck, origin: Origin::Bundled(b.name) })
            .collect();
        Some(Library { chart, chart_origin: Origin::Bundled(BUNDLED_CHART.name), decks })
    }

    /// The bundled data parsed from its RON text, as `check` sees it.
    pub fn bundled_from_ron() -> Result<Self, Vec<Problem>> {
        let chart = match load_text(BUNDLED_CHART.name, BUNDLED_CHART.text, &empty_chart())? {
            Document::Chart(c) => c,
            Document::Deck(_) => {
                return Err(vec![Problem::new(BUNDLED_CHART.name, Pos::START, "expected a chart, found a deck")]);
            }
        };
        let mut lib = Library { chart, chart_origin: Origin::Bundled(BUNDLED_CHART.name), decks: Vec::new() };
        let mut problems = Vec::new();
        for b in BUNDLED_DECKS {
            match lib.add_text(b.name, b.text, Origin::Bundled(b.name)) {
                Ok(_) => {}
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_empty() { Ok(lib) } else { Err(problems) }
    }

    /// Opens a chart or deck file. On any problem nothing already loaded changes.
    pub fn open(&mut self, path: &Path) -> Result<Opened, Vec<Problem>> {
        let text = read_text(path).map_err(|p| vec![p])?;
        self.add_text(&path.display().to_string(), &text, Origin::File(path.to_path_buf()))
    }

    /// Opens a file's bytes (a file dropped on the window without a path).
    pub fn open_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<Opened, Vec<Problem>> {
        let text = decode_text(name, bytes).map_err(|p| vec![p])?;
        self.add_text(name, &text, Origin::File(PathBuf::from(name)))
    }

    /// Reloads a file that changed on disk from its new bytes (as [`super::watch::FileEvent::Changed`]
    /// gives them), named by its path as when it was opened. On any problem the loaded version stays.
    pub fn reload(&mut self, path: &Path, bytes: Vec<u8>) -> Result<Opened, Vec<Problem>> {
        let name = path.display().to_string();
        let text = decode_text(&name, bytes).map_err(|p| vec![p])?;
        let origin = Origin::File(path.to_path_buf());
        let before: Option<String> = self.decks.iter().find(|d| d.origin == origin).map(|d| d.deck.id.clone());
        let opened = self.add_text(&name, &text, origin.clone())?;
        // The file now holds a deck with another id: it replaces the one it held, not joins it.
        if let (Some(old), Opened::Deck { id, .. }) = (before, &opened)
            && &old != id
        {
            self.decks.retain(|d| !(d.origin == origin && d.deck.id == old));
        }
        Ok(opened)
    }

    fn add_text(&mut self, name: &str, text: &str, origin: Origin) -> Result<Opened, Vec<Problem>> {
        let document = load_text(name, text, &self.chart)?;
        self.insert(name, text, document, origin)
    }

    /// Adds a document [`load_text`] made of `text` (perhaps on another thread), checked against this
    /// library's chart: a chart replaces the chart, a deck joins the decks or replaces the one with its
    /// id. A deck whose id another file already uses is refused, and nothing changes.
    pub fn insert(
        &mut self,
        name: &str,
        text: &str,
        document: Document,
        origin: Origin,
    ) -> Result<Opened, Vec<Problem>> {
        match document {
            Document::Chart(chart) => {
                let units = chart.units.len();
                self.chart = chart;
                self.chart_origin = origin;
                Ok(Opened::Chart { units })
            }
            Document::Deck(deck) => {
                // A deck with the same id as a loaded one replaces it (a reload, or an edited copy).
                if let Some(other) = self.decks.iter().find(|d| d.deck.id == deck.id && d.origin != origin)
                    && matches!(other.origin, Origin::File(_))
                    && matches!(origin, Origin::File(_))
                    && other.origin.path() != origin.path()
                {
                    let pos = locate(text, &[Seg::Field("id")]);
                    return Err(vec![Problem::new(
                        name,
                        pos,
                        format!("deck id `{}` is already used by {}", deck.id, other.origin.display()),
                    )]);
                }
                let id = deck.id.clone();
                let cards = deck.cards.len();
                let loaded = LoadedDeck { deck, origin };
                match self.decks.iter_mut().find(|d| d.deck.id == id) {
                    Some(slot) => {
                        *slot = loaded;
                        Ok(Opened::Deck { id, cards, replaced: true })
                    }
                    None => {
                        self.decks.push(loaded);
                        Ok(Opened::Deck { id, cards, replaced: false })
                    }
                }
            }
        }
    }

    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.deck.id == id).map(|d| &d.deck)
    }

    pub fn card_count(&self) -> usize {
        self.decks.iter().map(|d| d.deck.cards.len()).sum()
    }
}

fn empty_chart() -> Chart {
    Chart {
        version: super::chart::FORMAT_VERSION,
        title: String::new(),
        sources: Vec::new(),
        units: Vec::new(),
        relations: Vec::new(),
        events: Vec::new(),
    }
}

/// The outcome of `kz-civics check`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub problems: Vec<Problem>,
    pub decks: usize,
    pub cards: usize,
    pub units: usize,
}

impl CheckReport {
    /// `ok: 9 decks, 412 cards, 73 units`
    pub fn summary(&self) -> String {
        format!("ok: {} decks, {} cards, {} units", self.decks, self.cards, self.units)
    }
}

/// Every `*.ron` file under `paths` (directories searched recursively, in name order); files named
/// directly are taken whatever their extension.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                match std::fs::read_dir(&dir) {
                    Ok(entries) => {
                        for e in entries.flatten() {
                            let path = e.path();
                            if path.is_dir() {
                                stack.push(path);
                            } else if path.extension().is_some_and(|x| x == "ron") {
                                found.push(path);
                            }
                        }
                    }
                    Err(e) => problems.push(Problem::new(
                        dir.display().to_string(),
                        Pos::START,
                        format!("cannot read the directory: {e}"),
                    )),
                }
            }
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            problems.push(Problem::new(p.display().to_string(), Pos::START, "no such file or directory"));
        }
    }
    (files, problems)
}

/// Checks files: charts on their own, decks against the first good chart among the files (else the
/// bundled chart), and deck ids for clashes across files.
pub fn check_texts(texts: &[(String, String)]) -> CheckReport {
    let mut report = CheckReport::default();
    let mut parsed: Vec<(usize, Document)> = Vec::new();
    // Exams are checked against the decks, once they are known; results files on their own.
    let mut exams: Vec<usize> = Vec::new();
    for (i, (name, text)) in texts.iter().enumerate() {
        match super::file::struct_name(text) {
            Some("Exam") => {
                exams.push(i);
                continue;
            }
            Some("ExamResult") => {
                if let Err(p) = super::quiz::exam::load_result(name, text) {
                    report.problems.push(p);
                }
                continue;
            }
            _ => {}
        }
        match parse_document(name, text) {
            Ok(doc) => parsed.push((i, doc)),
            Err(p) => report.problems.push(p),
        }
    }
    let mut chart: Option<Chart> = None;
    for (i, doc) in &parsed {
        if let Document::Chart(c) = doc {
            report.units += c.units.len();
            let issues = validate_chart(c);
            if issues.is_empty() {
                chart.get_or_insert_with(|| c.clone());
            } else {
                let (name, text) = &texts[*i];
                report.problems.extend(locate_all(name, text, issues));
            }
        }
    }
    let chart = match chart {
        Some(c) => c,
        None => match parse_document(BUNDLED_CHART.name, BUNDLED_CHART.text) {
            Ok(Document::Chart(c)) => c,
            _ => empty_chart(),
        },
    };
    let refs = Refs::of_chart(&chart);
    let mut deck_ids: HashMap<String, usize> = HashMap::new();
    for (i, doc) in &parsed {
        if let Document::Deck(d) = doc {
            report.decks += 1;
            report.cards += d.cards.len();
            let (name, text) = &texts[*i];
            let mut issues = validate_deck(d, &refs);
            if let Some(first) = deck_ids.get(&d.id) {
                issues
                    .push((vec![Seg::Field("id")], format!("deck id `{}` is also used by {}", d.id, texts[*first].0)));
            } else {
                deck_ids.insert(d.id.clone(), *i);
            }
            report.problems.extend(locate_all(name, text, issues));
        }
    }
    if !exams.is_empty() {
        // The decks an exam may name: the bundled ones, those checked here (in their place when they
        // have the same id), and the chart's own questions.
        let mut decks: Vec<Deck> =
            Library::bundled().map(|l| l.decks.into_iter().map(|d| d.deck).collect()).unwrap_or_default();
        for (_, doc) in &parsed {
            if let Document::Deck(d) = doc {
                decks.retain(|b| b.id != d.id);
                decks.push(d.clone());
            }
        }
        decks.push(super::chart_cards::chart_deck(&chart));
        let decks: Vec<&Deck> = decks.iter().collect();
        for i in exams {
            let (name, text) = &texts[i];
            if let Err(p) = super::quiz::exam::load_exam(name, text, &chart, &decks) {
                report.problems.extend(p);
            }
        }
    }
    report
}

/// `kz-civics check PATH...`
pub fn check_paths(paths: &[PathBuf]) -> CheckReport {
    let (files, mut problems) = collect_files(paths);
    let mut texts = Vec::new();
    for f in files {
        match read_text(&f) {
            Ok(t) => texts.push((f.display().to_string(), t)),
            Err(p) => problems.push(p),
        }
    }
    let mut report = check_texts(&texts);
    problems.append(&mut report.problems);
    report.problems = problems;
    report
}

/// `kz-civics check` with no paths: the bundled data.
pub fn check_bundled() -> CheckReport {
    let mut texts = vec![(BUNDLED_CHART.name.to_owned(), BUNDLED_CHART.text.to_owned())];
    texts.extend(BUNDLED_DECKS.iter().map(|b| (b.name.to_owned(), b.text.to_owned())));
    check_texts(&texts)
}

impl Library {
    /// No chart units and no decks: what the app falls back to if the bundled data cannot be read.
    pub fn empty() -> Self {
        Library { chart: empty_chart(), chart_origin: Origin::Bundled(BUNDLED_CHART.name), decks: Vec::new() }
    }
}
