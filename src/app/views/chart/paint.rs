//! How the chart looks: boxes coloured by branch, collapse toggles, relation lines by kind, the
//! highlighted path.

use egui::epaint::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, CornerRadius, FontId, Pos2, Rect, RichText, Shape, Stroke, StrokeKind, Ui, pos2, vec2};

use super::holder_line;
use super::scene::BoxMark;
use crate::app::chart::ChartState;
use crate::app::style::{ON_BRANCH, branch_color, weak};
use crate::model::layout::Layout;
use crate::model::{Chart, RelationKind, Unit};

/// How a box is drawn.
pub struct BoxLook {
    pub in_year: bool,
    pub selected: bool,
    pub on_path: bool,
    pub hovered: bool,
    pub show_text: bool,
    /// A collapse toggle sits on the bottom edge: keep the text above it.
    pub toggle: bool,
    pub accent: Color32,
    pub dark: bool,
    /// Marked in a quiz: right, wrong, or the unit whose name is hidden.
    pub mark: Option<BoxMark>,
    /// Draw "?" instead of the name.
    pub hidden: bool,
    /// With the mastery overlay on: the mean chance of recalling the unit's cards (`None` inside when
    /// none is reviewed).
    pub mastery: Option<Option<f64>>,
}

/// The overlay's colour for a mean recall probability: red (0.5 or less), yellow, green (0.95 and
/// more); light grey where nothing is reviewed. Light enough for the boxes' dark text.
pub fn mastery_color(mean: Option<f64>) -> Color32 {
    let Some(m) = mean else { return Color32::from_gray(0xC8) };
    let t = ((m - 0.5) / 0.45).clamp(0.0, 1.0) as f32;
    let (red, yellow, green) =
        (Color32::from_rgb(0xF0, 0x8A, 0x80), Color32::from_rgb(0xF5, 0xD7, 0x6E), Color32::from_rgb(0x8F, 0xD1, 0x8A));
    if t < 0.5 { lerp(red, yellow, t * 2.0) } else { lerp(yellow, green, (t - 0.5) * 2.0) }
}

pub fn paint_box(painter: &egui::Painter, rect: Rect, unit: &Unit, look: BoxLook, holder: Option<&str>) {
    let mut fill = match look.mastery {
        Some(m) => mastery_color(m),
        None => branch_color(unit.branch),
    };
    let mut text = ON_BRANCH;
    if !look.in_year {
        let bg = if look.dark { Color32::from_gray(40) } else { Color32::from_gray(235) };
        fill = lerp(fill, bg, 0.7);
        text = lerp(text, bg, 0.45);
    }
    let radius = CornerRadius::same(6);
    painter.rect_filled(rect, radius, fill);
    let border = if let Some(mark) = look.mark {
        let color = match mark {
            BoxMark::Right => Color32::from_rgb(0x1F, 0x9D, 0x55),
            BoxMark::Wrong => Color32::from_rgb(0xD9, 0x30, 0x25),
            BoxMark::Hidden => look.accent,
        };
        Stroke::new(4.0, color)
    } else if look.selected {
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
    let shown = if look.hidden { "?".to_owned() } else { unit.name.clone() };
    let size = if look.hidden { 22.0 } else { 13.0 };
    let mut name = LayoutJob::simple(shown, FontId::proportional(size), text, width);
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

pub fn paint_toggle(painter: &egui::Painter, rect: Rect, hidden: usize, hovered: bool, dark: bool) {
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

pub fn box_tooltip(ui: &mut Ui, cs: &ChartState, unit: &Unit) {
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
pub fn relation_style(kind: RelationKind) -> (Color32, Option<(f32, f32)>) {
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

pub fn stroke_line(painter: &egui::Painter, points: Vec<Pos2>, color: Color32, width: f32, dash: Option<(f32, f32)>) {
    match dash {
        None => {
            painter.line(points, Stroke::new(width, color));
        }
        Some((d, g)) => painter.extend(Shape::dashed_line(&points, Stroke::new(width, color), d, g)),
    }
}

pub fn relation_sample(painter: &egui::Painter, rect: Rect, kind: RelationKind) {
    let (color, dash) = relation_style(kind);
    stroke_line(painter, vec![rect.left_center(), rect.right_center()], color, 2.0, dash);
}

/// Draws the relations of the kinds shown between boxes on screen; returns the text naming the one
/// under the pointer, if any.
pub fn paint_relations(
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

pub fn node_rect(layout: &Layout, item: usize) -> Option<Rect> {
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
pub fn paint_path(painter: &egui::Painter, cs: &ChartState, stroke: Stroke) {
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
