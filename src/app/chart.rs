//! The Chart view's state (what is collapsed, the date shown, the search, the laid-out boxes, where the
//! camera should go) and the one place it changes, [`ChartState::handle`]. No egui here: the view reads
//! this and sends [`ChartCommand`]s.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::layout::{self, Forest, Layout, Params};
use crate::model::search::{self, Hit};
use crate::model::{Chart, RelationKind};

/// Everything the chart view can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartCommand {
    /// The search text changed.
    Search(String),
    /// Enter in the search field: focus the best match.
    FocusBest,
    /// Expand the unit's ancestors, select it, move the camera to it, highlight its path from the top.
    Focus(String),
    /// Collapse or expand the unit's subtree.
    Toggle(String),
    /// Collapse or expand the selected unit's subtree.
    ToggleSelected,
    ExpandAll,
    CollapseAll,
    /// Move the selection along the tree (arrow keys).
    Move(Direction),
    /// Show the structure as it was in this year, or `None` for every date at once.
    SetYear(Option<i32>),
    /// Hide units that did not exist in the year shown, instead of fading them.
    SetHideAbsent(bool),
    ShowRelations(RelationKind, bool),
    /// Draw the relations of every unit, not only the selected unit's.
    ShowAllRelations(bool),
    /// Colour the boxes by how well the user knows their cards.
    ShowMastery(bool),
    Camera(CameraMove),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Parent,
    FirstChild,
    Previous,
    Next,
}

/// Where the view should move the camera (the view knows the size of the window, so it does the
/// arithmetic).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CameraMove {
    /// The whole chart in view.
    Fit,
    /// The default view: the top of the first tree at a readable zoom.
    Reset,
    ZoomIn,
    ZoomOut,
    /// A unit (index into the chart's units) centred at a readable zoom.
    Focus(usize),
    /// Keep a unit (index) in view, moving as little as possible.
    Reveal(usize),
}

/// A camera move, numbered so the view applies each one once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CameraRequest {
    pub seq: u64,
    pub target: CameraMove,
}

/// The relation kinds drawn when the app starts (for the selected unit).
pub const DEFAULT_RELATIONS: [RelationKind; 4] =
    [RelationKind::ChairedBy, RelationKind::AccountableTo, RelationKind::Advises, RelationKind::Appoints];

/// What the chart view remembers between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartSettings {
    pub year: Option<i32>,
    pub hide_absent: bool,
    pub relations_shown: Vec<RelationKind>,
    pub relations_all: bool,
    /// Ids of collapsed units; `None` for the default (everything below the top two levels collapsed).
    pub collapsed: Option<Vec<String>>,
    /// Boxes coloured by how well the user knows their cards.
    pub mastery: bool,
}

impl Default for ChartSettings {
    fn default() -> Self {
        Self {
            year: None,
            hide_absent: false,
            relations_shown: DEFAULT_RELATIONS.to_vec(),
            relations_all: false,
            collapsed: None,
            mastery: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ChartState {
    /// Ids of units whose children are hidden.
    pub collapsed: HashSet<String>,
    pub year: Option<i32>,
    pub hide_absent: bool,
    pub relations_shown: Vec<RelationKind>,
    /// Relations of every unit are drawn, not only those of the selected unit.
    pub relations_all: bool,
    /// The mastery overlay is on.
    pub mastery: bool,
    pub query: String,
    pub hits: Vec<Hit>,
    /// Unit indices from the top of the tree down to the last focused unit, drawn highlighted.
    pub path: Vec<usize>,
    pub camera: CameraRequest,
    pub layout: Layout,
    pub params: Params,
    /// The span of years the chart's data covers (for the year control, and the holders shown when no
    /// year is chosen).
    pub year_range: Option<(i32, i32)>,
    /// For each unit (by index), its parent's index.
    parents: Vec<Option<usize>>,
    /// Unit id to index.
    index: HashMap<String, usize>,
}

/// At most this many search results are listed.
pub const MAX_HITS: usize = 30;

impl ChartState {
    /// The state for `chart` with what was remembered of the last run; by default units two levels
    /// below a top unit start collapsed, so the top levels are legible at once and every subtree is one
    /// click (or Enter) away.
    pub fn new(chart: &Chart, settings: ChartSettings) -> Self {
        let mut state = Self {
            collapsed: HashSet::new(),
            year: settings.year,
            hide_absent: settings.hide_absent,
            relations_shown: settings.relations_shown,
            relations_all: settings.relations_all,
            mastery: settings.mastery,
            query: String::new(),
            hits: Vec::new(),
            path: Vec::new(),
            camera: CameraRequest { seq: 0, target: CameraMove::Reset },
            layout: Layout::default(),
            params: Params::default(),
            year_range: None,
            parents: Vec::new(),
            index: HashMap::new(),
        };
        state.reindex(chart);
        state.collapsed = match settings.collapsed {
            Some(ids) => ids.into_iter().filter(|id| state.index.contains_key(id)).collect(),
            None => default_collapsed(chart, &state.parents),
        };
        state.relayout(chart);
        state
    }

    /// What to remember of this state for the next run.
    pub fn settings(&self) -> ChartSettings {
        let mut collapsed: Vec<String> = self.collapsed.iter().cloned().collect();
        collapsed.sort();
        ChartSettings {
            year: self.year,
            hide_absent: self.hide_absent,
            relations_shown: self.relations_shown.clone(),
            relations_all: self.relations_all,
            collapsed: Some(collapsed),
            mastery: self.mastery,
        }
    }

    /// Call after the chart was replaced: keeps what still applies, lays it out again.
    pub fn chart_changed(&mut self, chart: &Chart) {
        self.reindex(chart);
        self.collapsed.retain(|id| self.index.contains_key(id));
        self.path.clear();
        self.hits = search::search(chart, &self.query, MAX_HITS);
        self.relayout(chart);
        self.request(CameraMove::Reset);
    }

    /// What is derived from the chart once: unit indices, parents, the years covered.
    fn reindex(&mut self, chart: &Chart) {
        self.index = chart.units.iter().enumerate().map(|(i, u)| (u.id.clone(), i)).collect();
        self.parents = chart.units.iter().map(|u| u.parent.as_ref().and_then(|p| self.index.get(p).copied())).collect();
        self.year_range = chart.year_range();
    }

    /// The index of the unit with this id.
    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Whether the unit at `index` is shown in full for the year chosen (not before it was established
    /// or after it was abolished).
    pub fn in_year(&self, chart: &Chart, index: usize) -> bool {
        match (self.year, chart.units.get(index)) {
            (Some(y), Some(u)) => u.exists_in(y),
            _ => true,
        }
    }

    fn relayout(&mut self, chart: &Chart) {
        let hidden: Vec<bool> = (0..chart.units.len()).map(|i| self.hide_absent && !self.in_year(chart, i)).collect();
        // A hidden unit takes its subtree with it.
        let shown_items: Vec<usize> =
            (0..chart.units.len()).filter(|&i| !self.hidden_with_ancestors(&hidden, i)).collect();
        let mut index_of = vec![None; chart.units.len()];
        for (at, &i) in shown_items.iter().enumerate() {
            index_of[i] = Some(at);
        }
        let parents: Vec<Option<usize>> =
            shown_items.iter().map(|&i| self.parents[i].and_then(|p| index_of[p])).collect();
        let collapsed: Vec<bool> = shown_items.iter().map(|&i| self.collapsed.contains(&chart.units[i].id)).collect();
        let expanded = |i: usize| !collapsed[i];
        let mut layout = layout::layout(&Forest { parents: &parents, expanded: &expanded }, &self.params);
        // Report items as chart unit indices.
        for node in &mut layout.nodes {
            node.item = shown_items[node.item];
        }
        let mut node_of = vec![None; chart.units.len()];
        for (item, node) in layout.node_of.iter().enumerate() {
            node_of[shown_items[item]] = *node;
        }
        layout.node_of = node_of;
        self.layout = layout;
    }

    fn hidden_with_ancestors(&self, hidden: &[bool], mut i: usize) -> bool {
        for _ in 0..=hidden.len() {
            if hidden[i] {
                return true;
            }
            match self.parents[i] {
                Some(p) => i = p,
                None => return false,
            }
        }
        false
    }

    /// Asks the view to move the camera (the quiz's chart, which takes no other commands).
    pub fn move_camera(&mut self, target: CameraMove) {
        self.request(target);
    }

    fn request(&mut self, target: CameraMove) {
        self.camera = CameraRequest { seq: self.camera.seq.wrapping_add(1), target };
    }

    /// Applies one command. `selected` is the app's selected unit (shared with the other views).
    pub fn handle(&mut self, chart: &Chart, selected: &mut Option<String>, command: ChartCommand) {
        match command {
            ChartCommand::Search(text) => {
                self.hits = search::search(chart, &text, MAX_HITS);
                self.query = text;
            }
            ChartCommand::FocusBest => {
                if let Some(hit) = self.hits.first() {
                    let id = chart.units[hit.unit].id.clone();
                    self.focus(chart, selected, &id);
                }
            }
            ChartCommand::Focus(id) => self.focus(chart, selected, &id),
            ChartCommand::Toggle(id) => self.toggle(chart, &id),
            ChartCommand::ToggleSelected => {
                if let Some(id) = selected.clone() {
                    self.toggle(chart, &id);
                }
            }
            ChartCommand::ExpandAll => {
                self.collapsed.clear();
                self.relayout(chart);
                self.request(CameraMove::Fit);
            }
            ChartCommand::CollapseAll => {
                self.collapsed = self.parents.iter().flatten().map(|&p| chart.units[p].id.clone()).collect();
                self.relayout(chart);
                self.request(CameraMove::Fit);
            }
            ChartCommand::Move(direction) => self.move_selection(chart, selected, direction),
            ChartCommand::SetYear(year) => {
                self.year = year;
                if self.hide_absent {
                    self.relayout(chart);
                }
            }
            ChartCommand::SetHideAbsent(hide) => {
                self.hide_absent = hide;
                self.relayout(chart);
            }
            ChartCommand::ShowRelations(kind, show) => {
                self.relations_shown.retain(|k| *k != kind);
                if show {
                    self.relations_shown.push(kind);
                }
            }
            ChartCommand::ShowAllRelations(all) => self.relations_all = all,
            ChartCommand::ShowMastery(on) => self.mastery = on,
            ChartCommand::Camera(target) => self.request(target),
        }
    }

    fn toggle(&mut self, chart: &Chart, id: &str) {
        if !self.collapsed.remove(id) {
            self.collapsed.insert(id.to_owned());
        }
        self.relayout(chart);
        if let Some(i) = self.unit_index(id) {
            self.request(CameraMove::Reveal(i));
        }
    }

    fn focus(&mut self, chart: &Chart, selected: &mut Option<String>, id: &str) {
        let Some(index) = self.unit_index(id) else { return };
        let path = self.ancestors(index);
        let mut changed = false;
        for &a in &path[..path.len().saturating_sub(1)] {
            changed |= self.collapsed.remove(&chart.units[a].id);
        }
        if self.hide_absent && self.layout.node_of.get(index).copied().flatten().is_none() {
            // Hidden for the year shown: show every date rather than hide what was asked for.
            self.hide_absent = false;
            changed = true;
        }
        if changed {
            self.relayout(chart);
        }
        self.path = path;
        *selected = Some(id.to_owned());
        self.request(CameraMove::Focus(index));
    }

    /// `index` and its ancestors, top first.
    fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut path = vec![index];
        let mut i = index;
        while let Some(p) = self.parents.get(i).copied().flatten() {
            if path.contains(&p) || path.len() > self.parents.len() {
                break;
            }
            path.push(p);
            i = p;
        }
        path.reverse();
        path
    }

    fn move_selection(&mut self, chart: &Chart, selected: &mut Option<String>, direction: Direction) {
        let layout = &self.layout;
        let current = selected.as_deref().and_then(|id| self.unit_index(id));
        let Some(node) = current.and_then(|i| layout.node_of.get(i).copied().flatten()) else {
            // Nothing selected (or it is hidden): start at the top of the first tree.
            if let Some(&root) = layout.roots.first() {
                let item = layout.nodes[root].item;
                *selected = Some(chart.units[item].id.clone());
                self.request(CameraMove::Reveal(item));
            }
            return;
        };
        let n = &layout.nodes[node];
        let siblings: &[usize] = match n.parent {
            Some(p) => &layout.nodes[p].children,
            None => &layout.roots,
        };
        let at = siblings.iter().position(|&s| s == node).unwrap_or(0);
        let target = match direction {
            Direction::Parent => n.parent,
            Direction::FirstChild => {
                if n.hidden_children > 0 {
                    // Down on a collapsed unit opens it first.
                    let n_item = n.item;
                    let id = chart.units[n_item].id.clone();
                    self.collapsed.remove(&id);
                    self.relayout(chart);
                    let node = self.layout.node_of.get(n_item).copied().flatten();
                    node.and_then(|nd| self.layout.nodes[nd].children.first().copied())
                } else {
                    n.children.first().copied()
                }
            }
            Direction::Previous => at.checked_sub(1).and_then(|i| siblings.get(i).copied()),
            Direction::Next => siblings.get(at + 1).copied(),
        };
        if let Some(t) = target {
            let item = self.layout.nodes[t].item;
            *selected = Some(chart.units[item].id.clone());
            self.request(CameraMove::Reveal(item));
        }
    }
}

/// Units with children below the top of each tree start collapsed: the first view shows each tree's
/// top unit and the units right under it, legible, each with its "+N" to open.
fn default_collapsed(chart: &Chart, parents: &[Option<usize>]) -> HashSet<String> {
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(p) = parents[i] {
            d += 1;
            i = p;
            if d > parents.len() {
                break;
            }
        }
        d
    };
    let has_children: HashSet<usize> = parents.iter().flatten().copied().collect();
    has_children.into_iter().filter(|&i| depth(i) >= 1).map(|i| chart.units[i].id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Library;

    #[test]
    fn settings_survive_a_restart() {
        let lib = Library::bundled().expect("bundled data loads");
        let mut state = ChartState::new(&lib.chart, ChartSettings::default());
        let mut selected = None;
        state.handle(&lib.chart, &mut selected, ChartCommand::SetYear(Some(2007)));
        state.handle(&lib.chart, &mut selected, ChartCommand::ShowRelations(RelationKind::Elects, true));
        state.handle(&lib.chart, &mut selected, ChartCommand::Toggle("president".into()));
        let again = ChartState::new(&lib.chart, state.settings());
        assert_eq!(again.year, Some(2007));
        assert!(again.relations_shown.contains(&RelationKind::Elects));
        assert!(again.collapsed.contains("president"));
        assert_eq!(again.layout, state.layout);
    }

    #[test]
    fn remembered_units_that_no_longer_exist_are_dropped() {
        let lib = Library::bundled().expect("bundled data loads");
        let settings =
            ChartSettings { collapsed: Some(vec!["gone".into(), "government".into()]), ..Default::default() };
        let state = ChartState::new(&lib.chart, settings);
        assert_eq!(state.collapsed, HashSet::from(["government".to_owned()]));
    }
}
