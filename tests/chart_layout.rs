//! Layout invariants of the chart, on the bundled chart and on random trees: no two boxes overlap, no
//! line runs through a box, parents are centred over their children and sit above them, every shown
//! item is placed once, and the same input always gives the same layout.

use kz_civics::app::chart::{ChartSettings, ChartState};
use kz_civics::model::Library;
use kz_civics::model::layout::{Forest, Layout, Params, Rect, layout};
use proptest::prelude::*;

fn check_invariants(l: &Layout, params: &Params) {
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "boxes of items {} and {} overlap: {:?} {:?}",
                a.item,
                b.item,
                a.rect,
                b.rect
            );
        }
    }
    for (i, node) in l.nodes.iter().enumerate() {
        if let Some((first, last)) = l.child_span[i] {
            let mid = (first + last) / 2.0;
            assert!((node.rect.center_x() - mid).abs() < 0.01, "item {} is not centred over its children", node.item);
        }
        for &c in &node.children {
            assert!(l.nodes[c].rect.y0 >= node.rect.y1 + params.v_gap - 0.01, "child above its parent");
            assert_eq!(l.nodes[c].parent, Some(i));
        }
    }
    for edge in &l.edges {
        for seg in edge.windows(2) {
            for node in &l.nodes {
                assert!(
                    !segment_enters(seg[0], seg[1], &node.rect),
                    "a line {seg:?} runs through item {}'s box",
                    node.item
                );
            }
        }
    }
}

/// Whether an axis-aligned segment passes through the inside of a box (touching its border is fine).
fn segment_enters(a: [f32; 2], b: [f32; 2], r: &Rect) -> bool {
    let e = 0.5;
    let (x0, x1) = (a[0].min(b[0]), a[0].max(b[0]));
    let (y0, y1) = (a[1].min(b[1]), a[1].max(b[1]));
    x1 > r.x0 + e && x0 < r.x1 - e && y1 > r.y0 + e && y0 < r.y1 - e
}

#[test]
fn the_bundled_chart_lays_out_without_overlaps_expanded_and_collapsed() {
    let lib = Library::bundled().expect("bundled data loads");
    let mut state = ChartState::new(&lib.chart, ChartSettings::default());
    check_invariants(&state.layout, &state.params);
    let mut selected = None;
    state.handle(&lib.chart, &mut selected, kz_civics::app::chart::ChartCommand::ExpandAll);
    assert_eq!(state.layout.nodes.len(), lib.chart.units.len(), "expanded, every unit has a box");
    check_invariants(&state.layout, &state.params);
}

#[test]
fn the_same_chart_always_gets_the_same_layout() {
    let lib = Library::bundled().expect("bundled data loads");
    assert_eq!(
        ChartState::new(&lib.chart, ChartSettings::default()).layout,
        ChartState::new(&lib.chart, ChartSettings::default()).layout
    );
}

/// A random forest: each item's parent is an earlier item or none; some items collapsed.
fn forest() -> impl Strategy<Value = (Vec<Option<usize>>, Vec<bool>)> {
    (1usize..160).prop_flat_map(|n| {
        let parents = (0..n)
            .map(|i| if i == 0 { Just(None).boxed() } else { prop::option::weighted(0.9, 0..i).boxed() })
            .collect::<Vec<_>>();
        (parents, prop::collection::vec(prop::bool::weighted(0.15), n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_trees_keep_the_layout_invariants((parents, collapsed) in forest()) {
        let params = Params::default();
        let expanded = |i: usize| !collapsed[i];
        let l = layout(&Forest { parents: &parents, expanded: &expanded }, &params);
        check_invariants(&l, &params);
        // Every item whose ancestors are all expanded is placed, exactly once.
        for i in 0..parents.len() {
            let mut shown = true;
            let mut p = parents[i];
            while let Some(a) = p {
                shown &= !collapsed[a];
                p = parents[a];
            }
            prop_assert_eq!(l.node_of[i].is_some(), shown, "item {}", i);
        }
        let again = layout(&Forest { parents: &parents, expanded: &expanded }, &params);
        prop_assert_eq!(l, again);
    }
}
