//! The Chart view: the organisational chart as a tidy tree in a pan-and-zoom scene, with a toolbar
//! (search, the "as of" year, relation kinds, expand/collapse, fit/reset), search results, a legend
//! and the details of the selected unit.

use egui::epaint::text::{LayoutJob, TextWrapping};
use egui::{
    Align2, Color32, CornerRadius, FontId, Id, Pos2, Rect, RichText, Sense, Shape, Stroke, StrokeKind, Ui, Vec2, pos2,
    vec2,
};

use crate::app::chart::{CameraMove, ChartCommand, ChartState};
use crate::app::command::UiCommand;
use crate::app::state::{AppState, Command};
use crate::app::style::{ON_BRANCH, branch_color, weak};
use crate::app::views::details::unit_details_ui;
use crate::model::chart::Dated;
use crate::model::layout::Layout;
use crate::model::search::Field;
use crate::model::{Branch, Chart, RelationKind, Unit};

/// What only the view keeps between frames: where the camera is.
#[derive(Debug, Clone)]
pub struct ChartUi {
    /// The part of the chart in view, in chart coordinates (egui's `Scene` reads and writes it).
    pub scene_rect: Rect,
    /// The last camera request and search-focus request carried out.
    applied_camera: Option<u64>,
    applied_search_focus: u64,
    /// The size of the chart area last frame, to keep the zoom when a panel opens or the window resizes.
    last_size: Vec2,
}

impl Default for ChartUi {
    fn default() -> Self {
        Self { scene_rect: Rect::ZERO, applied_camera: None, applied_search_focus: 0, last_size: Vec2::ZERO }
    }
}

/// Below this zoom, boxes are drawn without text.
const TEXT_MIN_ZOOM: f32 = 0.3;
/// Zoom at which a focused unit is shown.
const READABLE_ZOOM: f32 = 1.0;
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.03..=2.0;
/// Draw the boxes of charts up to this size as widgets even when off screen, so screen readers (and
/// tests) find every unit; bigger charts register only what is in view.
const ACCESSIBLE_ALL_UP_TO: usize = 1500;

pub fn chart_ui(ui: &mut Ui, state: &AppState, cui: &mut ChartUi, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    if chart.units.is_empty() {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.label("No chart is loaded. Open a chart file (Ctrl+O) to see the structure of the state.");
        });
        return;
    }
    egui::Panel::top("chart-toolbar").show(ui, |ui| toolbar_ui(ui, state, cui, out));
    egui::Panel::right("unit-details").resizable(true).default_size(360.0).min_size(240.0).show(ui, |ui| {
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| details_ui(ui, state, out));
    });
    if !state.chart.query.trim().is_empty() {
        egui::Panel::left("chart-results").resizable(true).default_size(260.0).min_size(180.0).show(ui, |ui| {
            results_ui(ui, state, out);
        });
    }
    egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| scene_ui(ui, state, cui, out));
}

fn toolbar_ui(ui: &mut Ui, state: &AppState, cui: &mut ChartUi, out: &mut Vec<Command>) {
    let chart_state = &state.chart;
    ui.add_space(3.0);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find");
        let mut query = chart_state.query.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut query)
                    .id(Id::unique("chart-search"))
                    .hint_text("Units, other names, office holders (Ctrl+F)")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if cui.applied_search_focus != state.search_focus {
            cui.applied_search_focus = state.search_focus;
            response.request_focus();
        }
        if response.changed() {
            out.push(Command::Chart(ChartCommand::Search(query)));
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            out.push(Command::Chart(ChartCommand::FocusBest));
        }
        ui.separator();

        if let Some((lo, hi)) = state.chart.year_range {
            let mut dated = chart_state.year.is_some();
            if ui.checkbox(&mut dated, "As of").on_hover_text("Show the structure as it was in one year").changed() {
                out.push(Command::Chart(ChartCommand::SetYear(dated.then_some(chart_state.year.unwrap_or(hi)))));
            }
            let mut year = chart_state.year.unwrap_or(hi);
            let slider = ui.add_enabled(dated, egui::Slider::new(&mut year, lo..=hi).text("Year").step_by(1.0));
            if slider.changed() {
                out.push(Command::Chart(ChartCommand::SetYear(Some(year))));
            }
            let mut hide = chart_state.hide_absent;
            if ui
                .add_enabled(dated, egui::Checkbox::new(&mut hide, "Hide absent"))
                .on_hover_text("Hide units not yet established or already abolished (otherwise they are faded)")
                .changed()
            {
                out.push(Command::Chart(ChartCommand::SetHideAbsent(hide)));
            }
            ui.separator();
        }

        ui.menu_button("Relations", |ui| {
            let mut all = chart_state.relations_all;
            if ui.checkbox(&mut all, "For every unit").on_hover_text("Otherwise only the selected unit's").changed() {
                out.push(Command::Chart(ChartCommand::ShowAllRelations(all)));
            }
            ui.separator();
            ui.label(RichText::new("Lines drawn besides the hierarchy").weak());
            for kind in RelationKind::ALL {
                if kind == RelationKind::SubordinateTo {
                    continue;
                }
                let mut shown = chart_state.relations_shown.contains(&kind);
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(vec2(28.0, 12.0), Sense::hover());
                    relation_sample(ui.painter(), rect, kind);
                    if ui.checkbox(&mut shown, kind.label()).changed() {
                        out.push(Command::Chart(ChartCommand::ShowRelations(kind, shown)));
                    }
                });
            }
        });
        ui.separator();
        for c in [UiCommand::ExpandAll, UiCommand::CollapseAll, UiCommand::FitChart, UiCommand::ResetChart] {
            let tip = format!("{} ({})", c.tooltip(), c.shortcut_text(ui.ctx()));
            if ui.button(c.label()).on_hover_text(tip).clicked() {
                out.push(Command::Ui(c));
            }
        }
    });
    ui.add_space(3.0);
}

fn results_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    let hits = &state.chart.hits;
    ui.add_space(4.0);
    if hits.is_empty() {
        ui.label(RichText::new("No unit or office holder matches.").strong());
        weak(ui, "Try part of a name, another spelling, or Cyrillic.");
        return;
    }
    let n = hits.len();
    ui.label(RichText::new(if n == 1 { "1 match".to_owned() } else { format!("{n} matches") }).strong());
    weak(ui, "Enter shows the first; click any to show it.");
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        for hit in hits {
            let Some(unit) = chart.units.get(hit.unit) else { continue };
            let selected = state.selected_unit.as_deref() == Some(unit.id.as_str());
            let response = ui.selectable_label(selected, &unit.name);
            match hit.field {
                Field::Name => {}
                Field::Alias => weak(ui, format!("   also called {}", hit.matched)),
                Field::Holder => weak(ui, format!("   held by {}", hit.matched)),
            }
            if response.clicked() {
                out.push(Command::Chart(ChartCommand::Focus(unit.id.clone())));
            }
        }
    });
}

fn details_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    let Some(unit) = state.selected_unit.as_deref().and_then(|id| chart.unit(id)) else {
        ui.add_space(6.0);
        ui.heading("Details");
        ui.label("Click a box to see the unit's functions, office holders, relations, sources and cards.");
        ui.add_space(6.0);
        for c in [
            UiCommand::FindInChart,
            UiCommand::SelectParent,
            UiCommand::SelectChild,
            UiCommand::SelectPrevious,
            UiCommand::SelectNext,
            UiCommand::ToggleSubtree,
            UiCommand::FitChart,
            UiCommand::ResetChart,
        ] {
            weak(ui, format!("{}: {}", c.shortcut_text(ui.ctx()), c.label()));
        }
        weak(ui, "Drag to pan, mouse wheel to zoom.");
        return;
    };
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        if ui.button("Study this branch").on_hover_text("Flashcards about this unit and every unit below it").clicked()
        {
            out.push(Command::StudyBranch(unit.id.clone()));
        }
        if ui.button("Quiz this branch").on_hover_text("The cards about this unit and every unit below it").clicked() {
            out.push(Command::QuizBranch(unit.id.clone()));
        }
    });
    if let Some(year) = state.chart.year {
        weak(ui, format!("As of {year} (or as last reported before it); below, what applied then is in bold."));
        if !unit.exists_in(year) {
            ui.label(RichText::new(format!("Did not exist in {year}.")).italics());
        }
        if !unit.holders.is_empty() {
            let names: Vec<&str> = unit.holders_in(year).into_iter().map(|h| h.name.as_str()).collect();
            let names = if names.is_empty() { "not known from the sources".to_owned() } else { names.join(", ") };
            ui.label(RichText::new(format!("In office in {year}: {names}")).strong());
        }
        for f in unit.facts_in(year) {
            let when = f.time_context();
            let when = if when.is_empty() { String::new() } else { format!(" ({when})") };
            ui.label(RichText::new(format!("{}: {}{when}", f.label, f.value)).strong());
        }
    }
    ui.separator();
    unit_details_ui(ui, &state.library, unit, state.chart.year, out);
}

/// The unit's holders to show on its box: those in office in the year shown, or the latest known (in a
/// chart without any date, the undated ones).
fn holder_line(cs: &ChartState, unit: &Unit) -> Option<String> {
    let year = cs.year.or(cs.year_range.map(|r| r.1)).unwrap_or(i32::MAX);
    let names: Vec<&str> = unit.holders_in(year).into_iter().map(|h| h.name.as_str()).collect();
    (!names.is_empty()).then(|| names.join(" / "))
}

fn scene_ui(ui: &mut Ui, state: &AppState, cui: &mut ChartUi, out: &mut Vec<Command>) {
    let chart = &state.library.chart;
    let cs = &state.chart;
    let layout = &cs.layout;
    let view = ui.available_rect_before_wrap();
    if cui.last_size != view.size() && cui.last_size.min_elem() > 0.0 && cui.scene_rect.is_positive() {
        // egui's Scene would fit the same part of the chart into the new size, zooming; keep the zoom and
        // the centre instead, as a map does.
        let zoom = zoom_of(cui.scene_rect, cui.last_size);
        cui.scene_rect = Rect::from_center_size(cui.scene_rect.center(), view.size() / zoom);
    }
    cui.last_size = view.size();
    if cui.applied_camera != Some(cs.camera.seq) {
        cui.applied_camera = Some(cs.camera.seq);
        if let Some(rect) = camera_rect(cs, cui.scene_rect, view.size(), cs.camera.target) {
            cui.scene_rect = rect;
        }
    }
    let zoom = zoom_of(cui.scene_rect, view.size());
    let highlighted: std::collections::HashSet<usize> = cs.path.iter().copied().collect();
    let mut clicked: Option<Command> = None;
    let mut hovered_box = false;
    let mut hovered_relation: Option<String> = None;
    let response = egui::Scene::new().zoom_range(ZOOM_RANGE).scroll_zooms(true).show(ui, &mut cui.scene_rect, |ui| {
        let visible = ui.clip_rect();
        let painter = ui.painter().clone();
        let dark = ui.visuals().dark_mode;
        let line = if dark { Color32::from_gray(150) } else { Color32::from_gray(110) };
        let accent = ui.visuals().selection.bg_fill;
        for edge in &layout.edges {
            let points: Vec<Pos2> = edge.iter().map(|p| pos2(p[0], p[1])).collect();
            if Rect::from_points(&points).expand(2.0).intersects(visible) {
                painter.line(points, Stroke::new(1.4, line));
            }
        }
        paint_path(&painter, cs, Stroke::new(3.0, accent));

        let to_global = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
        let pointer = ui.ctx().pointer_hover_pos().map(|p| to_global.inverse() * p);
        let rel_hover = paint_relations(&painter, cs, chart, visible, zoom, pointer, state.selected_unit.as_deref());

        let show_text = zoom >= TEXT_MIN_ZOOM;
        let register_all = layout.nodes.len() <= ACCESSIBLE_ALL_UP_TO;
        for node in &layout.nodes {
            let r = node.rect;
            let rect = Rect::from_min_max(pos2(r.x0, r.y0), pos2(r.x1, r.y1));
            let on_screen = rect.expand(12.0).intersects(visible);
            if !on_screen && !register_all {
                continue;
            }
            let Some(unit) = chart.units.get(node.item) else { continue };
            let id = Id::unique(("chart-unit", &unit.id));
            let response = ui.interact(rect, id, Sense::click());
            let selected = state.selected_unit.as_deref() == Some(unit.id.as_str());
            let holder = holder_line(cs, unit);
            response.widget_info(|| {
                let mut info = egui::WidgetInfo::labeled(egui::Role::TreeItem, true, &unit.name);
                info.selected = Some(selected);
                info
            });
            screen_bounds(ui, &response, to_global);
            if let Some(h) = &holder {
                // What the box shows under the name, for screen readers: who holds the post then.
                ui.ctx().accesskit_node_builder(response.id, |node| node.set_description(h.clone()));
            }
            let has_children = node.hidden_children > 0 || !node.children.is_empty();
            let toggle_rect = Rect::from_center_size(pos2(rect.center().x, rect.max.y), vec2(30.0, 14.0));
            let toggle = has_children.then(|| {
                let label = if node.hidden_children > 0 {
                    format!("Expand {}", unit.name)
                } else {
                    format!("Collapse {}", unit.name)
                };
                let t = ui.interact(toggle_rect, id.with("toggle"), Sense::click());
                t.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                screen_bounds(ui, &t, to_global);
                t
            });
            if on_screen {
                let in_year = cs.in_year(chart, node.item);
                paint_box(
                    &painter,
                    rect,
                    unit,
                    BoxLook {
                        in_year,
                        selected,
                        on_path: highlighted.contains(&node.item),
                        hovered: response.hovered(),
                        show_text,
                        toggle: has_children,
                        accent,
                        dark,
                    },
                    holder.as_deref(),
                );
                if let Some(t) = &toggle {
                    paint_toggle(&painter, toggle_rect, node.hidden_children, t.hovered(), dark);
                }
            }
            if let Some(t) = toggle {
                if t.clicked() {
                    clicked = Some(Command::Chart(ChartCommand::Toggle(unit.id.clone())));
                    continue;
                }
                if t.hovered() {
                    hovered_box = true;
                }
            }
            if response.hovered() {
                hovered_box = true;
            }
            if response.double_clicked() && has_children {
                clicked = Some(Command::Chart(ChartCommand::Toggle(unit.id.clone())));
            } else if response.clicked() {
                clicked = Some(Command::SelectUnit(Some(unit.id.clone())));
            }
            if on_screen {
                response.on_hover_ui(|ui| box_tooltip(ui, cs, unit));
            }
        }
        hovered_relation = rel_hover;
    });
    if let Some(c) = clicked {
        out.push(c);
    }
    if !hovered_box
        && let Some(text) = hovered_relation
        && let Some(pointer) = ui.ctx().pointer_hover_pos()
        && response.response.hovered()
    {
        relation_label(ui, pointer, &text);
    }
    legend_ui(ui, view, cs, chart);
}

/// Gives assistive technology (and tests) the widget's place on screen: egui reports the rectangle
/// in the scene's own coordinates, before its pan and zoom.
fn screen_bounds(ui: &Ui, response: &egui::Response, to_global: egui::emath::TSTransform) {
    let r = to_global * response.rect;
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_bounds(egui::accesskit::Rect {
            x0: r.min.x.into(),
            y0: r.min.y.into(),
            x1: r.max.x.into(),
            y1: r.max.y.into(),
        });
    });
}

/// The name of the relation under the pointer, next to it, above everything else.
fn relation_label(ui: &Ui, pointer: Pos2, text: &str) {
    let painter = ui.ctx().layer_painter(egui::LayerId::new(egui::Order::Tooltip, Id::unique("relation-label")));
    let galley = painter.layout(text.to_owned(), FontId::proportional(13.0), ui.visuals().text_color(), 420.0);
    let rect = Rect::from_min_size(pointer + vec2(14.0, 14.0), galley.size()).expand(5.0);
    let rect = rect.translate(vec2((ui.clip_rect().max.x - rect.max.x).min(0.0), 0.0));
    painter.rect(rect, CornerRadius::same(4), ui.visuals().window_fill, ui.visuals().window_stroke, StrokeKind::Inside);
    painter.galley(rect.min + vec2(5.0, 5.0), galley, ui.visuals().text_color());
}

/// How a box is drawn.
struct BoxLook {
    in_year: bool,
    selected: bool,
    on_path: bool,
    hovered: bool,
    show_text: bool,
    /// A collapse toggle sits on the bottom edge: keep the text above it.
    toggle: bool,
    accent: Color32,
    dark: bool,
}

fn paint_box(painter: &egui::Painter, rect: Rect, unit: &Unit, look: BoxLook, holder: Option<&str>) {
    let mut fill = branch_color(unit.branch);
    let mut text = ON_BRANCH;
    if !look.in_year {
        let bg = if look.dark { Color32::from_gray(40) } else { Color32::from_gray(235) };
        fill = lerp(fill, bg, 0.7);
        text = lerp(text, bg, 0.45);
    }
    let radius = CornerRadius::same(6);
    painter.rect_filled(rect, radius, fill);
    let border = if look.selected {
        Stroke::new(3.0, if look.dark { Color32::WHITE } else { Color32::BLACK })
    } else if look.on_path {
        Stroke::new(2.5, look.accent)
    } else if look.hovered {
        Stroke::new(1.5, if look.dark { Color32::from_gray(220) } else { Color32::from_gray(60) })
    } else {
        Stroke::new(1.0, lerp(fill, Color32::BLACK, 0.35))
    };
    if unit.proposal {
        let pts = [rect.left_top(), rect.right_top(), rect.right_bottom(), rect.left_bottom(), rect.left_top()];
        painter.extend(Shape::dashed_line(&pts, Stroke::new(border.width.max(1.5), border.color), 6.0, 4.0));
    } else {
        painter.rect_stroke(rect, radius, border, StrokeKind::Inside);
    }
    if !look.show_text {
        return;
    }
    let width = rect.width() - 12.0;
    let mut name = LayoutJob::simple(unit.name.clone(), FontId::proportional(13.0), text, width);
    name.wrap = TextWrapping { max_width: width, max_rows: if holder.is_some() { 2 } else { 3 }, ..Default::default() };
    name.halign = egui::Align::Center;
    let name = painter.layout_job(name);
    let holder = holder.map(|h| {
        let mut job = LayoutJob::simple(h.to_owned(), FontId::proportional(11.5), lerp(text, fill, 0.25), width);
        job.wrap = TextWrapping { max_width: width, max_rows: 1, ..Default::default() };
        job.halign = egui::Align::Center;
        painter.layout_job(job)
    });
    let total = name.size().y + holder.as_ref().map_or(0.0, |h| h.size().y + 1.0);
    let text_area = if look.toggle { rect.with_max_y(rect.max.y - 7.0) } else { rect };
    let top = text_area.center().y - total / 2.0;
    painter.galley(pos2(rect.center().x, top), name.clone(), text);
    if let Some(h) = holder {
        painter.galley(pos2(rect.center().x, top + name.size().y + 1.0), h, text);
    }
}

fn paint_toggle(painter: &egui::Painter, rect: Rect, hidden: usize, hovered: bool, dark: bool) {
    let fill = match (dark, hovered) {
        (true, false) => Color32::from_gray(70),
        (true, true) => Color32::from_gray(100),
        (false, false) => Color32::from_gray(245),
        (false, true) => Color32::WHITE,
    };
    let fg = if dark { Color32::from_gray(230) } else { Color32::from_gray(30) };
    painter.rect(rect, CornerRadius::same(8), fill, Stroke::new(1.0, fg), StrokeKind::Inside);
    let text = if hidden > 0 { format!("+{hidden}") } else { "−".to_owned() };
    painter.text(rect.center(), Align2::CENTER_CENTER, text, FontId::proportional(11.0), fg);
}

fn box_tooltip(ui: &mut Ui, cs: &ChartState, unit: &Unit) {
    ui.label(RichText::new(&unit.name).strong());
    weak(ui, format!("{} · {}", unit.kind.label(), unit.branch.label()));
    if let Some(h) = holder_line(cs, unit) {
        ui.label(h);
    }
    if let Some(y) = cs.year {
        for f in unit.facts_in(y) {
            ui.label(format!("{}: {}", f.label, f.value));
        }
    }
    weak(ui, "Click for details, double-click to collapse or expand.");
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    a.lerp_to_gamma(b, t)
}

/// The line drawn for a relation kind: colour and dash pattern (`None` for solid).
fn relation_style(kind: RelationKind) -> (Color32, Option<(f32, f32)>) {
    match kind {
        RelationKind::ChairedBy => (Color32::from_rgb(0xD9, 0x4F, 0x2B), None),
        RelationKind::AccountableTo => (Color32::from_rgb(0x2B, 0x7B, 0xD9), Some((8.0, 5.0))),
        RelationKind::Advises => (Color32::from_rgb(0x3A, 0xA0, 0x55), Some((3.0, 4.0))),
        RelationKind::Appoints => (Color32::from_rgb(0x9B, 0x4D, 0xCA), Some((12.0, 4.0))),
        RelationKind::Nominates => (Color32::from_rgb(0xC0, 0x7A, 0xB8), Some((6.0, 3.0))),
        RelationKind::Coordinates => (Color32::from_rgb(0x1E, 0xA0, 0xA0), None),
        RelationKind::Supports => (Color32::from_rgb(0x8A, 0x8A, 0x30), Some((3.0, 3.0))),
        RelationKind::Oversees => (Color32::from_rgb(0xB0, 0x60, 0x20), Some((10.0, 3.0))),
        RelationKind::Elects => (Color32::from_rgb(0x20, 0x90, 0x60), Some((10.0, 6.0))),
        RelationKind::Approves => (Color32::from_rgb(0x60, 0x60, 0xC0), Some((4.0, 6.0))),
        RelationKind::Succeeds => (Color32::from_rgb(0x90, 0x90, 0x90), Some((2.0, 5.0))),
        RelationKind::SubordinateTo => (Color32::from_rgb(0x70, 0x70, 0x70), None),
    }
}

fn stroke_line(painter: &egui::Painter, points: Vec<Pos2>, color: Color32, width: f32, dash: Option<(f32, f32)>) {
    match dash {
        None => {
            painter.line(points, Stroke::new(width, color));
        }
        Some((d, g)) => painter.extend(Shape::dashed_line(&points, Stroke::new(width, color), d, g)),
    }
}

fn relation_sample(painter: &egui::Painter, rect: Rect, kind: RelationKind) {
    let (color, dash) = relation_style(kind);
    stroke_line(painter, vec![rect.left_center(), rect.right_center()], color, 2.0, dash);
}

/// Draws the relations of the kinds shown between boxes on screen; returns the text naming the one
/// under the pointer, if any.
fn paint_relations(
    painter: &egui::Painter,
    cs: &ChartState,
    chart: &Chart,
    visible: Rect,
    zoom: f32,
    pointer: Option<Pos2>,
    selected: Option<&str>,
) -> Option<String> {
    let layout = &cs.layout;
    let mut hovered: Option<(f32, String, Vec<Pos2>, RelationKind)> = None;
    let mut drawn: std::collections::HashMap<(&String, &String), usize> = std::collections::HashMap::new();
    for relation in &chart.relations {
        if !cs.relations_shown.contains(&relation.kind) {
            continue;
        }
        if let Some(y) = cs.year
            && !relation.in_force(y)
        {
            continue;
        }
        let ends = cs.unit_index(&relation.from).zip(cs.unit_index(&relation.to));
        let Some((from, to)) = ends.and_then(|(f, t)| Some((node_rect(layout, f)?, node_rect(layout, t)?))) else {
            continue;
        };
        // Several relations between the same two units bend more and more, so each stays visible.
        let pair =
            if relation.from < relation.to { (&relation.from, &relation.to) } else { (&relation.to, &relation.from) };
        let nth = drawn.entry(pair).or_insert(0usize);
        let points = curve(from, to, 0.18 + 0.16 * *nth as f32);
        *nth += 1;
        if points.len() < 2 || !Rect::from_points(&points).intersects(visible) {
            continue;
        }
        let (color, dash) = relation_style(relation.kind);
        let color = if relation.proposal { color.gamma_multiply(0.5) } else { color };
        // The selected unit's relations stand out; the others, when drawn at all, step back.
        let touches = selected.is_some_and(|s| s == relation.from || s == relation.to);
        if !touches && !cs.relations_all {
            continue;
        }
        let color = if touches || selected.is_none() { color } else { color.gamma_multiply(0.3) };
        stroke_line(painter, points.clone(), color, 2.0, dash);
        arrow_head(painter, &points, color);
        if let Some(p) = pointer {
            let d = distance_to_polyline(p, &points);
            if d * zoom < 6.0 && hovered.as_ref().is_none_or(|h| d < h.0) {
                let name = |id: &str| chart.unit(id).map_or(id.to_owned(), |u| u.name.clone());
                let mut text = format!("{} {} {}", name(&relation.from), relation.kind.verb(), name(&relation.to));
                if relation.proposal {
                    text.push_str(" (proposal)");
                }
                if !relation.note.is_empty() {
                    text.push_str(&format!("\n{}", relation.note));
                }
                hovered = Some((d, text, points, relation.kind));
            }
        }
    }
    let (_, text, points, kind) = hovered?;
    let (color, dash) = relation_style(kind);
    stroke_line(painter, points, color, 4.0, dash);
    Some(text)
}

fn node_rect(layout: &Layout, item: usize) -> Option<Rect> {
    let node = layout.nodes.get(layout.node_of.get(item).copied().flatten()?)?;
    let r = node.rect;
    Some(Rect::from_min_max(pos2(r.x0, r.y0), pos2(r.x1, r.y1)))
}

/// A curve between two boxes, from border to border, bowed sideways by `bend` of its length.
fn curve(from: Rect, to: Rect, bend: f32) -> Vec<Pos2> {
    let a = from.center();
    let b = to.center();
    let d = b - a;
    let len = d.length();
    if len < 1.0 {
        return Vec::new();
    }
    let normal = vec2(-d.y, d.x) / len;
    let control = a + d / 2.0 + normal * (len * bend).min(160.0 + 120.0 * bend);
    let samples: Vec<Pos2> = (0..=32)
        .map(|i| {
            let t = i as f32 / 32.0;
            let u = 1.0 - t;
            pos2(
                u * u * a.x + 2.0 * u * t * control.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * control.y + t * t * b.y,
            )
        })
        .collect();
    let start = samples.iter().position(|p| !from.contains(*p)).unwrap_or(0);
    let end = samples.iter().rposition(|p| !to.contains(*p)).unwrap_or(samples.len() - 1);
    if start >= end { Vec::new() } else { samples[start..=end].to_vec() }
}

fn arrow_head(painter: &egui::Painter, points: &[Pos2], color: Color32) {
    let [.., a, b] = points else { return };
    let dir = (*b - *a).normalized();
    let normal = vec2(-dir.y, dir.x);
    let tip = *b;
    let base = tip - dir * 9.0;
    painter.add(Shape::convex_polygon(vec![tip, base + normal * 4.5, base - normal * 4.5], color, Stroke::NONE));
}

fn distance_to_polyline(p: Pos2, points: &[Pos2]) -> f32 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let ab = b - a;
            let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
            (a + ab * t).distance(p)
        })
        .fold(f32::INFINITY, f32::min)
}

/// Thick lines joining each unit on the highlighted path to the next.
fn paint_path(painter: &egui::Painter, cs: &ChartState, stroke: Stroke) {
    let layout = &cs.layout;
    let p = &cs.params;
    for pair in cs.path.windows(2) {
        let (Some(a), Some(b)) = (node_rect(layout, pair[0]), node_rect(layout, pair[1])) else { continue };
        let stacked = layout.node_of[pair[1]].is_some_and(|n| layout.nodes[n].stacked);
        let bus = a.max.y + p.v_gap / 2.0;
        let points = if stacked {
            let spine = b.min.x - p.stack_indent / 2.0;
            vec![
                pos2(a.center().x, a.max.y),
                pos2(a.center().x, bus),
                pos2(spine, bus),
                pos2(spine, b.center().y),
                pos2(b.min.x, b.center().y),
            ]
        } else {
            vec![
                pos2(a.center().x, a.max.y),
                pos2(a.center().x, bus),
                pos2(b.center().x, bus),
                pos2(b.center().x, b.min.y),
            ]
        };
        painter.line(points, stroke);
    }
}

/// The zoom at which `scene_rect` fills a view of `size` (as egui's `Scene` fits it).
fn zoom_of(scene_rect: Rect, size: Vec2) -> f32 {
    let z = (size / scene_rect.size()).min_elem();
    if z.is_finite() && z > 0.0 { z } else { 1.0 }
}

/// The part of the chart to show for a camera move, in a view of `size`.
fn camera_rect(cs: &ChartState, current: Rect, size: Vec2, target: CameraMove) -> Option<Rect> {
    let layout = &cs.layout;
    let b = layout.bounds?;
    let bounds = Rect::from_min_max(pos2(b.x0, b.y0), pos2(b.x1, b.y1));
    let zoom = zoom_of(current, size);
    let at = |centre: Pos2, zoom: f32| {
        let zoom = zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        Rect::from_center_size(centre, size / zoom)
    };
    let current_ok = current.is_finite() && current.width() > 0.0 && current.height() > 0.0;
    Some(match target {
        CameraMove::Fit => {
            // Room at the bottom for the legend.
            let room = vec2(40.0, 140.0);
            let zoom = zoom_of(bounds, (size - room).max(Vec2::splat(50.0))).min(READABLE_ZOOM);
            at(bounds.center() + vec2(0.0, (room.y / 2.0 - 20.0) / zoom), zoom)
        }
        CameraMove::Reset => {
            // The first tree's top at the normal zoom, or smaller if that tree is too wide to see whole.
            let root = layout.roots.first().map(|&r| &layout.nodes[r])?;
            let tree = subtree_bounds(layout, layout.roots[0]);
            let zoom = (size.x / (tree.width() + 40.0)).clamp(0.8, READABLE_ZOOM);
            let centre = pos2(root.rect.center_x(), root.rect.y0 - 24.0 / zoom + size.y / 2.0 / zoom);
            at(centre, zoom)
        }
        CameraMove::ZoomIn if current_ok => at(current.center(), zoom * 1.25),
        CameraMove::ZoomOut if current_ok => at(current.center(), zoom / 1.25),
        CameraMove::ZoomIn | CameraMove::ZoomOut => return None,
        CameraMove::Focus(item) => {
            let rect = node_rect(layout, item)?;
            at(rect.center(), zoom.clamp(READABLE_ZOOM * 0.9, 1.6))
        }
        CameraMove::Reveal(item) => {
            let rect = node_rect(layout, item)?;
            if !current_ok || zoom < TEXT_MIN_ZOOM {
                return Some(at(rect.center(), READABLE_ZOOM * 0.9));
            }
            let inner = current.shrink(24.0 / zoom);
            let mut shift = Vec2::ZERO;
            if rect.min.x < inner.min.x {
                shift.x = rect.min.x - inner.min.x;
            } else if rect.max.x > inner.max.x {
                shift.x = rect.max.x - inner.max.x;
            }
            if rect.min.y < inner.min.y {
                shift.y = rect.min.y - inner.min.y;
            } else if rect.max.y > inner.max.y {
                shift.y = rect.max.y - inner.max.y;
            }
            current.translate(shift)
        }
    })
}

fn subtree_bounds(layout: &Layout, node: usize) -> Rect {
    let mut out = Rect::NOTHING;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let r = layout.nodes[n].rect;
        out = out.union(Rect::from_min_max(pos2(r.x0, r.y0), pos2(r.x1, r.y1)));
        stack.extend(&layout.nodes[n].children);
    }
    out
}

/// Branch colours present in the chart and the relation kinds drawn, bottom left over the chart.
fn legend_ui(ui: &Ui, view: Rect, cs: &ChartState, chart: &Chart) {
    let mut branches: Vec<Branch> = Vec::new();
    for u in &chart.units {
        if !branches.contains(&u.branch) {
            branches.push(u.branch);
        }
    }
    branches.sort();
    egui::Area::new(Id::unique("chart-legend"))
        .order(egui::Order::Middle)
        .pivot(Align2::LEFT_BOTTOM)
        .fixed_pos(view.left_bottom() + vec2(8.0, -8.0))
        .constrain_to(view)
        .default_width(340.0)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(340.0);
                ui.spacing_mut().item_spacing = vec2(4.0, 2.0);
                egui::CollapsingHeader::new("Legend").default_open(true).show(ui, |ui| {
                    legend_grid(ui, "legend-branches", 3, &branches, |ui, b| {
                        let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                        ui.painter().rect_filled(rect, CornerRadius::same(3), branch_color(*b));
                        ui.label(RichText::new(b.label()).small());
                    });
                    ui.add_space(4.0);
                    let whose = if cs.relations_all { "Relations" } else { "Relations of the selected unit" };
                    ui.label(RichText::new(whose).small().weak());
                    legend_grid(ui, "legend-relations", 3, &cs.relations_shown, |ui, k| {
                        let (rect, _) = ui.allocate_exact_size(vec2(22.0, 12.0), Sense::hover());
                        relation_sample(ui.painter(), rect, *k);
                        ui.label(RichText::new(k.label()).small());
                    });
                });
            });
        });
}

/// Legend entries in a grid of `columns` columns, each an icon and a label.
fn legend_grid<T>(ui: &mut Ui, id: &str, columns: usize, items: &[T], entry: impl Fn(&mut Ui, &T)) {
    egui::Grid::new(id).num_columns(columns).spacing([10.0, 2.0]).show(ui, |ui| {
        for (i, item) in items.iter().enumerate() {
            ui.horizontal(|ui| entry(ui, item));
            if i % columns == columns - 1 {
                ui.end_row();
            }
        }
    });
}
