//! A top-down tidy-tree layout for the chart: parents centred over their children, subtrees packed as
//! closely as their outlines allow (contour packing, after Reingold and Tilford), several trees side by
//! side. Where a unit has many children without children of their own, those are stacked in columns
//! under it, as printed organisational charts do, instead of one very long row.
//!
//! Plain geometry in chart coordinates (x right, y down); the view scales and pans it.

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    /// Whether the interiors of the two rectangles overlap.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// Sizes and gaps, in chart units (points at zoom 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub node_width: f32,
    pub node_height: f32,
    /// Between neighbouring boxes and subtrees.
    pub h_gap: f32,
    /// Between a parent and its children.
    pub v_gap: f32,
    /// Between separate trees.
    pub tree_gap: f32,
    /// A unit with at least this many childless children stacks them in columns.
    pub stack_from: usize,
    /// At most this many boxes in one stacked column.
    pub stack_rows: usize,
    /// Room left of a stacked column for its connecting line.
    pub stack_indent: f32,
    pub stack_gap: f32,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            node_width: 190.0,
            node_height: 58.0,
            h_gap: 14.0,
            v_gap: 36.0,
            tree_gap: 56.0,
            stack_from: 4,
            stack_rows: 7,
            stack_indent: 18.0,
            stack_gap: 8.0,
        }
    }
}

/// The shape to lay out: for each item, its parent (an index into the same list) or `None` for a root,
/// and whether its children are shown. Children keep the order of the list.
pub struct Forest<'a> {
    pub parents: &'a [Option<usize>],
    pub expanded: &'a dyn Fn(usize) -> bool,
}

/// One laid-out box.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index of the item in the forest's list.
    pub item: usize,
    pub rect: Rect,
    pub depth: usize,
    /// Node index of the parent box.
    pub parent: Option<usize>,
    /// Node indices of the children shown, in order.
    pub children: Vec<usize>,
    /// Children that exist but are not shown (the item is collapsed).
    pub hidden_children: usize,
    /// Whether the box sits in a stacked column under its parent.
    pub stacked: bool,
}

/// The laid-out chart: boxes, the lines of the hierarchy, and the bounds of it all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub nodes: Vec<Node>,
    /// For each item of the forest, its node, if shown.
    pub node_of: Vec<Option<usize>>,
    /// Polylines joining parents to children.
    pub edges: Vec<Vec<[f32; 2]>>,
    /// Where a parent's children hang, for each node with children shown: the horizontal centre of the
    /// first and of the last child (a stacked group counts as one child, centred on its columns).
    pub child_span: Vec<Option<(f32, f32)>>,
    pub bounds: Option<Rect>,
    pub roots: Vec<usize>,
}

/// The outline of a subtree, one entry per level band below its top: leftmost and rightmost extent,
/// relative to the subtree's own centre.
type Contour = Vec<(f32, f32)>;

/// A subtree or a stacked group, placed as one piece among its siblings.
enum Piece {
    Subtree(usize),
    Stack(Vec<usize>),
}

struct Shape {
    /// For each piece under the node: its centre relative to the node's centre.
    offsets: Vec<f32>,
    pieces: Vec<Piece>,
    contour: Contour,
}

/// Lays out `forest` with `params`. Cycles in `parents` (which validation rejects) are broken by
/// treating the item where a cycle is found as a root.
pub fn layout(forest: &Forest<'_>, params: &Params) -> Layout {
    let n = forest.parents.len();
    let parents = acyclic_parents(forest.parents);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, p) in parents.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None => roots.push(i),
        }
    }
    let shown = |i: usize| -> &[usize] { if (forest.expanded)(i) { &children[i] } else { &[] } };

    // Post-order: every item after its children.
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<(usize, bool)> = roots.iter().rev().map(|&r| (r, false)).collect();
    while let Some((i, done)) = stack.pop() {
        if done {
            order.push(i);
        } else {
            stack.push((i, true));
            stack.extend(shown(i).iter().rev().map(|&c| (c, false)));
        }
    }

    let pitch = params.node_height + params.v_gap;
    let row_pitch = params.node_height + params.stack_gap;
    let half = params.node_width / 2.0;
    let mut shapes: Vec<Option<Shape>> = (0..n).map(|_| None).collect();
    for &i in &order {
        let kids = shown(i);
        let leaves: Vec<usize> = kids.iter().copied().filter(|&c| shown(c).is_empty()).collect();
        let mut pieces: Vec<Piece> = Vec::new();
        if leaves.len() >= params.stack_from.max(1) {
            pieces.extend(kids.iter().copied().filter(|c| !leaves.contains(c)).map(Piece::Subtree));
            pieces.push(Piece::Stack(leaves));
        } else {
            pieces.extend(kids.iter().copied().map(Piece::Subtree));
        }
        let contours: Vec<Contour> = pieces
            .iter()
            .map(|p| match p {
                Piece::Subtree(c) => shapes[*c].as_ref().map(|s| s.contour.clone()).unwrap_or_default(),
                Piece::Stack(items) => {
                    let (w, h) = stack_size(items.len(), params);
                    // Whole bands, and the gap below the last box, where a neighbour's connecting line runs.
                    let levels = ((h + params.v_gap) / pitch).ceil().max(1.0) as usize;
                    vec![(-w / 2.0, w / 2.0); levels]
                }
            })
            .collect();
        let (offsets, merged) = pack(&contours, params.h_gap);
        let mut contour = Vec::with_capacity(merged.len() + 1);
        contour.push((-half, half));
        contour.extend(merged);
        shapes[i] = Some(Shape { offsets, pieces, contour });
    }

    // Trees side by side, in rows like words in a paragraph so that many small trees do not make one
    // very long strip: each row as wide as the widest tree, or wider to give the whole a landscape shape.
    let extents: Vec<(f32, f32, f32)> = roots
        .iter()
        .map(|&r| {
            let contour = shapes[r].as_ref().map(|s| s.contour.as_slice()).unwrap_or_default();
            let left = contour.iter().map(|c| c.0).fold(-half, f32::min);
            let right = contour.iter().map(|c| c.1).fold(half, f32::max);
            (left, right, contour.len().max(1) as f32 * pitch - params.v_gap)
        })
        .collect();
    let widest = extents.iter().map(|e| e.1 - e.0).fold(0.0, f32::max);
    let area: f32 = extents.iter().map(|e| (e.1 - e.0 + params.tree_gap) * (e.2 + params.tree_gap)).sum();
    // A row takes at least eight boxes, so that a handful of small trees stays on one line.
    let row_limit = widest.max((area * 1.8).sqrt()).max(8.0 * (params.node_width + params.h_gap));
    let mut root_places = Vec::with_capacity(roots.len());
    let (mut x, mut y, mut row_height) = (0.0f32, 0.0f32, 0.0f32);
    for &(left, right, height) in &extents {
        if x > 0.0 && x + (right - left) > row_limit {
            x = 0.0;
            y += row_height + params.tree_gap * 1.5;
            row_height = 0.0;
        }
        root_places.push((x - left, y));
        x += right - left + params.tree_gap;
        row_height = row_height.max(height);
    }

    let mut out = Layout { node_of: vec![None; n], ..Layout::default() };
    // Pre-order placement: (item, centre x, top, depth, parent node, whether stacked).
    let mut todo: Vec<(usize, f32, f32, usize, Option<usize>, bool)> =
        roots.iter().zip(&root_places).rev().map(|(&r, &(x, y))| (r, x, y, 0, None, false)).collect();
    while let Some((i, cx, top, depth, parent, stacked)) = todo.pop() {
        let node = out.nodes.len();
        let rect = Rect { x0: cx - half, y0: top, x1: cx + half, y1: top + params.node_height };
        out.node_of[i] = Some(node);
        out.bounds = Some(out.bounds.map_or(rect, |b| b.union(&rect)));
        let hidden_children = if (forest.expanded)(i) { 0 } else { children[i].len() };
        out.nodes.push(Node { item: i, rect, depth, parent, children: Vec::new(), hidden_children, stacked });
        out.child_span.push(None);
        if let Some(p) = parent {
            out.nodes[p].children.push(node);
        } else {
            out.roots.push(node);
        }
        let Some(shape) = shapes[i].take() else { continue };
        if shape.pieces.is_empty() {
            continue;
        }
        let bus_y = rect.y1 + params.v_gap / 2.0;
        let child_top = top + pitch;
        let mut bus_xs = vec![cx];
        let mut edges = vec![vec![[cx, rect.y1], [cx, bus_y]]];
        let mut span = (f32::INFINITY, f32::NEG_INFINITY);
        let mut next: Vec<(usize, f32, f32, usize, Option<usize>, bool)> = Vec::new();
        for (piece, offset) in shape.pieces.iter().zip(&shape.offsets) {
            let pcx = cx + offset;
            span = (span.0.min(pcx), span.1.max(pcx));
            match piece {
                Piece::Subtree(c) => {
                    bus_xs.push(pcx);
                    edges.push(vec![[pcx, bus_y], [pcx, child_top]]);
                    next.push((*c, pcx, child_top, depth + 1, Some(node), false));
                }
                Piece::Stack(items) => {
                    let (w, _) = stack_size(items.len(), params);
                    let (cols, rows) = stack_grid(items.len(), params);
                    let col_pitch = params.stack_indent + params.node_width + params.h_gap;
                    let x0 = pcx - w / 2.0;
                    for col in 0..cols {
                        let spine = x0 + col as f32 * col_pitch + params.stack_indent / 2.0;
                        let in_col: Vec<usize> = items.iter().copied().skip(col * rows).take(rows).collect();
                        bus_xs.push(spine);
                        let last_y = child_top + (in_col.len().saturating_sub(1)) as f32 * row_pitch;
                        edges.push(vec![[spine, bus_y], [spine, last_y + params.node_height / 2.0]]);
                        for (row, &c) in in_col.iter().enumerate() {
                            let y = child_top + row as f32 * row_pitch;
                            let box_x0 = x0 + col as f32 * col_pitch + params.stack_indent;
                            edges.push(vec![
                                [spine, y + params.node_height / 2.0],
                                [box_x0, y + params.node_height / 2.0],
                            ]);
                            next.push((c, box_x0 + half, y, depth + 1, Some(node), true));
                        }
                    }
                }
            }
        }
        let lo = bus_xs.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = bus_xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if hi > lo {
            edges.push(vec![[lo, bus_y], [hi, bus_y]]);
        }
        out.edges.extend(edges);
        out.child_span[node] = Some(span);
        todo.extend(next.into_iter().rev());
    }
    out
}

/// Width and height of a stacked group of `count` boxes.
fn stack_size(count: usize, params: &Params) -> (f32, f32) {
    let (cols, rows) = stack_grid(count, params);
    let w = cols as f32 * (params.stack_indent + params.node_width) + cols.saturating_sub(1) as f32 * params.h_gap;
    let h = rows as f32 * (params.node_height + params.stack_gap) - params.stack_gap;
    (w, h)
}

/// Columns and rows of a stacked group: as few columns as the row limit allows, filled evenly.
fn stack_grid(count: usize, params: &Params) -> (usize, usize) {
    let max_rows = params.stack_rows.max(1);
    let cols = count.div_ceil(max_rows).max(1);
    (cols, count.div_ceil(cols).max(1))
}

/// Places pieces left to right, each as close to the ones before as their contours allow, and centres
/// the row: returns each piece's centre relative to the row's centre (the midpoint of the first and last
/// centres) and the merged contour relative to that centre.
fn pack(contours: &[Contour], gap: f32) -> (Vec<f32>, Contour) {
    let mut merged: Contour = Vec::new();
    let mut positions = Vec::with_capacity(contours.len());
    for c in contours {
        let x = if merged.is_empty() {
            0.0
        } else {
            merged.iter().zip(c).map(|(m, c)| m.1 - c.0 + gap).fold(f32::NEG_INFINITY, f32::max)
        };
        let x = if x.is_finite() { x } else { 0.0 };
        for (level, &(l, r)) in c.iter().enumerate() {
            match merged.get_mut(level) {
                Some(m) => *m = (m.0.min(l + x), m.1.max(r + x)),
                None => merged.push((l + x, r + x)),
            }
        }
        positions.push(x);
    }
    let centre = match (positions.first(), positions.last()) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        _ => 0.0,
    };
    let offsets = positions.iter().map(|p| p - centre).collect();
    let merged = merged.into_iter().map(|(l, r)| (l - centre, r - centre)).collect();
    (offsets, merged)
}

/// `parents` with every link that closes a cycle (or points outside the list) removed.
fn acyclic_parents(parents: &[Option<usize>]) -> Vec<Option<usize>> {
    let n = parents.len();
    let mut out: Vec<Option<usize>> = parents.iter().map(|p| p.filter(|&p| p < n)).collect();
    // 0 = unvisited, 1 = on the current path, 2 = known to reach a root.
    let mut mark = vec![0u8; n];
    for start in 0..n {
        let mut path = Vec::new();
        let mut i = start;
        loop {
            if mark[i] == 2 {
                break;
            }
            if mark[i] == 1 {
                // `i` is on the path: cut the link that led back to it.
                if let Some(&last) = path.last() {
                    out[last] = None;
                }
                break;
            }
            mark[i] = 1;
            path.push(i);
            match out[i] {
                Some(p) => i = p,
                None => break,
            }
        }
        for p in path {
            mark[p] = 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(parents: &[Option<usize>]) -> Layout {
        layout(&Forest { parents, expanded: &|_| true }, &Params::default())
    }

    #[test]
    fn a_parent_is_centred_over_its_two_children() {
        let l = lay(&[None, Some(0), Some(0)]);
        let [p, a, b] = [0, 1, 2].map(|i| l.nodes[l.node_of[i].expect("shown")].rect);
        assert!((p.center_x() - (a.center_x() + b.center_x()) / 2.0).abs() < 1e-3);
        assert!(a.y0 > p.y1 && !a.overlaps(&b));
    }

    #[test]
    fn many_leaf_children_are_stacked_in_a_column() {
        let mut parents = vec![None];
        parents.extend(std::iter::repeat_n(Some(0), 5));
        let l = lay(&parents);
        let xs: Vec<f32> = (1..6).map(|i| l.nodes[l.node_of[i].expect("shown")].rect.x0).collect();
        assert!(xs.iter().all(|x| (x - xs[0]).abs() < 1e-3), "{xs:?}");
        assert!(l.nodes.iter().skip(1).all(|n| n.stacked));
    }

    #[test]
    fn a_cycle_does_not_hang_and_every_item_is_placed() {
        let l = lay(&[Some(1), Some(0), Some(1)]);
        assert_eq!(l.nodes.len(), 3);
    }

    #[test]
    fn collapsed_items_hide_their_children_and_count_them() {
        let parents = [None, Some(0), Some(1)];
        let l = layout(&Forest { parents: &parents, expanded: &|i| i != 1 }, &Params::default());
        assert_eq!(l.nodes.len(), 2);
        assert_eq!(l.node_of[2], None);
        assert_eq!(l.nodes[l.node_of[1].expect("shown")].hidden_children, 1);
    }
}
