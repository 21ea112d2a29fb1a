//! The chart scene: boxes and lines in an `egui::Scene` (drag to pan, wheel to zoom), one widget with a
//! mode: exploring the chart, picking a unit for a quiz question, or naming a unit whose label is hidden.

use egui::{Color32, CornerRadius, FontId, Id, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2, pos2, vec2};

use super::holder_line;
use super::legend::legend_ui;
use super::paint::{BoxLook, box_tooltip, node_rect, paint_box, paint_path, paint_relations, paint_toggle};
use crate::app::chart::{CameraMove, ChartState};
use crate::model::Chart;
use crate::model::layout::Layout;
use crate::model::stats::Mastery;

/// What only the view keeps between frames: where the camera is. Each scene (the Chart view's, the
/// quiz's) has its own.
#[derive(Debug, Clone)]
pub struct ChartUi {
    /// The part of the chart in view, in chart coordinates (egui's `Scene` reads and writes it).
    pub scene_rect: Rect,
    /// The last camera request and search-focus request carried out.
    applied_camera: Option<u64>,
    pub(super) applied_search_focus: u64,
    /// The size of the chart area last frame, to keep the zoom when a panel opens or the window resizes.
    last_size: Vec2,
}

impl Default for ChartUi {
    fn default() -> Self {
        Self { scene_rect: Rect::ZERO, applied_camera: None, applied_search_focus: 0, last_size: Vec2::ZERO }
    }
}

/// Below this zoom, boxes are drawn without text.
pub const TEXT_MIN_ZOOM: f32 = 0.3;
/// Zoom at which a focused unit is shown.
pub const READABLE_ZOOM: f32 = 1.0;
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.03..=2.0;
/// Draw the boxes of charts up to this size as widgets even when off screen, so screen readers (and
/// tests) find every unit; bigger charts register only what is in view.
const ACCESSIBLE_ALL_UP_TO: usize = 1500;

/// What the scene is for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SceneMode<'a> {
    /// The Chart view: select, collapse and expand, relation lines, office holders on the boxes.
    Explore,
    /// A quiz question "Click the unit that …": a click picks a unit. Holders and relation lines are not
    /// shown (they would give answers away). After the answer, `picked` shows red unless it is right, and
    /// the `right` units show green.
    Pick { picked: Option<&'a str>, right: Option<&'a [String]> },
    /// A quiz question "Which unit is this?": the unit's name is hidden and its box marked.
    Hidden { unit: &'a str, revealed: bool },
}

/// What a click in the scene asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SceneClick {
    Select(String),
    Toggle(String),
    Pick(String),
}

/// How a box is marked in a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxMark {
    Right,
    Wrong,
    /// The unit whose name is hidden.
    Hidden,
}

/// The label assistive technology (and tests) read for the hidden unit's box.
pub const HIDDEN_LABEL: &str = "Hidden unit";

/// Draws the chart of `cs` in the rest of `ui` and says what was clicked.
pub fn scene_ui(
    ui: &mut Ui,
    chart: &Chart,
    cs: &ChartState,
    selected: Option<&str>,
    cui: &mut ChartUi,
    mode: SceneMode,
    overlay: Option<&[Mastery]>,
) -> Option<SceneClick> {
    let explore = mode == SceneMode::Explore;
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
    let highlighted: std::collections::HashSet<usize> =
        if explore { cs.path.iter().copied().collect() } else { Default::default() };
    let mark_of = |id: &str| -> Option<BoxMark> {
        match mode {
            SceneMode::Explore => None,
            SceneMode::Pick { right: Some(right), .. } if right.iter().any(|r| r == id) => Some(BoxMark::Right),
            SceneMode::Pick { picked: Some(p), right: Some(_) } if p == id => Some(BoxMark::Wrong),
            SceneMode::Pick { .. } => None,
            SceneMode::Hidden { unit, .. } if unit == id => Some(BoxMark::Hidden),
            SceneMode::Hidden { .. } => None,
        }
    };
    let name_hidden = |id: &str| matches!(mode, SceneMode::Hidden { unit, revealed: false } if unit == id);
    let answered = matches!(mode, SceneMode::Pick { right: Some(_), .. });
    let mut clicked: Option<SceneClick> = None;
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
        let to_global = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
        if explore {
            paint_path(&painter, cs, Stroke::new(3.0, accent));
            let pointer = ui.ctx().pointer_hover_pos().map(|p| to_global.inverse() * p);
            hovered_relation = paint_relations(&painter, cs, chart, visible, zoom, pointer, selected);
        }

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
            let is_selected = explore && selected == Some(unit.id.as_str());
            let hidden = name_hidden(&unit.id);
            // In a quiz the boxes show no office holders: "Click the post held by …" would answer itself.
            let holder = if explore { holder_line(cs, unit) } else { None };
            let label = if hidden { HIDDEN_LABEL } else { unit.name.as_str() };
            response.widget_info(|| {
                let mut info = egui::WidgetInfo::labeled(egui::Role::TreeItem, true, label);
                info.selected = Some(is_selected);
                info
            });
            screen_bounds(ui, &response, to_global);
            if let Some(h) = &holder {
                // What the box shows under the name, for screen readers: who holds the post then.
                ui.ctx().accesskit_node_builder(response.id, |node| node.set_description(h.clone()));
            }
            let has_children = explore && (node.hidden_children > 0 || !node.children.is_empty());
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
                let in_year = !explore || cs.in_year(chart, node.item);
                let look = BoxLook {
                    in_year,
                    selected: is_selected,
                    on_path: highlighted.contains(&node.item),
                    hovered: response.hovered() && !answered,
                    show_text,
                    toggle: has_children,
                    accent,
                    dark,
                    mark: mark_of(&unit.id),
                    mastery: overlay.map(|o| o.get(node.item).and_then(|m| m.mean)),
                    hidden,
                };
                paint_box(&painter, rect, unit, look, holder.as_deref());
                if let Some(t) = &toggle {
                    paint_toggle(&painter, toggle_rect, node.hidden_children, t.hovered(), dark);
                }
            }
            if let Some(t) = toggle {
                if t.clicked() {
                    clicked = Some(SceneClick::Toggle(unit.id.clone()));
                    continue;
                }
                if t.hovered() {
                    hovered_box = true;
                }
            }
            if response.hovered() {
                hovered_box = true;
            }
            match mode {
                SceneMode::Explore => {
                    if response.double_clicked() && has_children {
                        clicked = Some(SceneClick::Toggle(unit.id.clone()));
                    } else if response.clicked() {
                        clicked = Some(SceneClick::Select(unit.id.clone()));
                    }
                }
                SceneMode::Pick { right: None, .. } if response.clicked() => {
                    clicked = Some(SceneClick::Pick(unit.id.clone()))
                }
                _ => {}
            }
            if on_screen && explore {
                response.on_hover_ui(|ui| box_tooltip(ui, cs, unit));
            }
        }
    });
    if !hovered_box
        && let Some(text) = hovered_relation
        && let Some(pointer) = ui.ctx().pointer_hover_pos()
        && response.response.hovered()
    {
        relation_label(ui, pointer, &text);
    }
    legend_ui(ui, view, cs, chart, explore, overlay.is_some());
    clicked
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
            // The first tree's top unit and the units right under it, as large as fits (down to a
            // zoom where their names still read), from the top.
            let root = *layout.roots.first()?;
            let mut top = node_rect_of(layout, root);
            for &c in &layout.nodes[root].children {
                top = top.union(node_rect_of(layout, c));
            }
            let zoom = ((size.x - 40.0) / top.width()).clamp(FIRST_VIEW_MIN_ZOOM, READABLE_ZOOM);
            let centre = pos2(top.center().x, top.min.y - 24.0 / zoom + size.y / 2.0 / zoom);
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

/// The least zoom of the first view: box names still read (13 px text at 0.6 is about 8 px).
const FIRST_VIEW_MIN_ZOOM: f32 = 0.6;

fn node_rect_of(layout: &Layout, node: usize) -> Rect {
    let r = layout.nodes[node].rect;
    Rect::from_min_max(pos2(r.x0, r.y0), pos2(r.x1, r.y1))
}
