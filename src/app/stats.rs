//! The Stats view's state: its scope and range, and the figures, computed only when the progress, the
//! scope or the hour changes (never per frame). The chart's mastery overlay reads the same figures for
//! every card. No egui here.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::Library;
use crate::model::quiz::exam::{ExamResult, load_result};
use crate::model::quiz::report::result_files;
use crate::model::scheduler::{HOUR, Timestamp};
use crate::model::stats::{Input, Stats, compute};
use crate::model::study::{Study, StudyScope};

/// What the Stats view remembers between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsSettings {
    pub scope: StudyScope,
    /// 30, 90 or 365: the days the daily plots show.
    pub days: usize,
}

impl Default for StatsSettings {
    fn default() -> Self {
        Self { scope: StudyScope::All, days: 30 }
    }
}

pub const RANGES: [usize; 3] = [30, 90, 365];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    scope: StudyScope,
    changes: u64,
    hour: i64,
    cards: usize,
}

#[derive(Debug, Default)]
pub struct StatsState {
    pub settings: StatsSettings,
    view: Option<(Key, Stats)>,
    all: Option<(Key, Stats)>,
}

impl StatsState {
    pub fn new(settings: StatsSettings) -> Self {
        Self { settings, view: None, all: None }
    }

    pub fn set_scope(&mut self, scope: StudyScope) {
        self.settings.scope = scope;
    }

    pub fn set_days(&mut self, days: usize) {
        self.settings.days = if RANGES.contains(&days) { days } else { 30 };
    }

    /// The figures for the view's scope, once [`StatsState::refresh`] has run.
    pub fn view(&self) -> Option<&Stats> {
        self.view.as_ref().map(|(_, s)| s)
    }

    /// The figures over every card (for the mastery overlay).
    pub fn all(&self) -> Option<&Stats> {
        self.all.as_ref().map(|(_, s)| s)
    }

    /// Computes what is wanted and out of date: the view's figures and/or every card's.
    pub fn refresh(
        &mut self,
        want_view: bool,
        want_all: bool,
        study: &Study,
        library: &Library,
        data_dir: Option<&Path>,
    ) {
        let now = study.now();
        let key = |scope: &StudyScope| Key {
            scope: scope.clone(),
            changes: study.changes(),
            hour: now / HOUR,
            cards: study.catalog().cards().len(),
        };
        let stale = |slot: &Option<(Key, Stats)>, k: &Key| slot.as_ref().is_none_or(|(old, _)| old != k);
        if want_view {
            let k = key(&self.settings.scope);
            if stale(&self.view, &k) {
                let exams = exam_results(data_dir);
                self.view = Some((k, figures(study, library, &self.settings.scope, now, &exams)));
            }
        }
        if want_all {
            let k = key(&StudyScope::All);
            if stale(&self.all, &k) {
                let reuse = self.view.as_ref().filter(|(vk, _)| *vk == k).map(|(_, s)| s.clone());
                let stats = reuse.unwrap_or_else(|| figures(study, library, &StudyScope::All, now, &[]));
                self.all = Some((k, stats));
            }
        }
    }
}

fn figures(study: &Study, library: &Library, scope: &StudyScope, now: Timestamp, exams: &[ExamResult]) -> Stats {
    compute(&Input {
        catalog: study.catalog(),
        progress: study.progress(),
        chart: &library.chart,
        scope,
        scheduler: study.scheduler(),
        now,
        day_start: &|t| study.day_start(t),
        exams,
    })
}

/// The exams taken on this machine: the readable results files in the data folder's `exams/`.
fn exam_results(data_dir: Option<&Path>) -> Vec<ExamResult> {
    let Some(dir) = data_dir.map(|d| d.join(super::quiz::EXAMS_DIR)).filter(|d| d.is_dir()) else {
        return Vec::new();
    };
    let (files, _) = result_files(&[dir]);
    files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            load_result(&f.display().to_string(), &text).ok()
        })
        .collect()
}
