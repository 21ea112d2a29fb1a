//! The Chart view driven like a user would: search, clicks on boxes, collapse toggles, the year slider,
//! arrow keys.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kz_civics::app::{Config, KzApp};

fn app() -> Harness<'static, KzApp> {
    Harness::builder().with_size(egui::vec2(1280.0, 800.0)).build_eframe(|cc| KzApp::new(cc, Config::default()))
}

const PRESIDENT: &str = "President of the Republic of Kazakhstan";
const HEAD: &str = "Head of the Administration of the President";
const DEPUTY: &str = "Deputy Head of the Administration of the President";

fn has_box(harness: &Harness<'static, KzApp>, name: &str) -> bool {
    harness.query_by_role_and_label(Role::TreeItem, name).is_some()
}

/// Ctrl+F and the query typed into the search field.
fn type_search(harness: &mut Harness<'static, KzApp>, query: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text(query);
    harness.run();
}

/// Ctrl+F, the query typed into the search field, Enter.
fn search_and_enter(harness: &mut Harness<'static, KzApp>, query: &str) {
    type_search(harness, query);
    harness.key_press(Key::Enter);
    harness.run();
}

/// The office holder a unit's box shows under its name.
fn holder_on_box(harness: &Harness<'static, KzApp>, name: &str) -> Option<String> {
    harness.get_by_role_and_label(Role::TreeItem, name).accesskit_node().description()
}

fn selected(harness: &Harness<'static, KzApp>) -> Option<String> {
    harness.state().state.selected_unit.clone()
}

#[test]
fn the_top_levels_show_and_deep_units_start_collapsed() {
    let harness = app();
    for name in [PRESIDENT, "Administration of the President", "Security Council", "Government"] {
        assert!(has_box(&harness, name), "{name} is not on the chart at start");
    }
    assert!(!has_box(&harness, DEPUTY), "the deputy head sits in a collapsed subtree at start");
}

#[test]
fn search_and_enter_focus_and_select_a_deep_unit() {
    let mut harness = app();
    type_search(&mut harness, "deputy head");
    // The result list names the unit before Enter is pressed; the chart does not show it yet.
    assert!(!has_box(&harness, DEPUTY));
    harness.get_by_label_contains("1 match");
    harness.key_press(Key::Enter);
    harness.run();

    assert_eq!(selected(&harness).as_deref(), Some("deputy-head-of-administration"));
    assert!(has_box(&harness, DEPUTY), "its ancestors were expanded");
    let path = &harness.state().state.chart.path;
    let chart = &harness.state().state.library.chart;
    let ids: Vec<&str> = path.iter().map(|&i| chart.units[i].id.as_str()).collect();
    assert_eq!(ids, ["president", "administration", "head-of-administration", "deputy-head-of-administration"]);
    harness.get_by_label("Study this branch");
}

#[test]
fn search_forgives_spelling_and_cyrillic() {
    let mut harness = app();
    search_and_enter(&mut harness, "Мажилис");
    assert_eq!(selected(&harness).as_deref(), Some("majilis"));
}

#[test]
fn clicking_a_unit_opens_its_details() {
    let mut harness = app();
    harness.get_by_role_and_label(Role::TreeItem, "Security Council").click();
    harness.run();
    assert_eq!(selected(&harness).as_deref(), Some("security-council"));
    harness.get_by_label("Quiz this branch");
    harness.get_by_label_contains("Cards about this unit");
    // A relation in the details is a link that goes to the other unit.
    harness.get_all_by_role_and_label(Role::Link, PRESIDENT).next().expect("a link to the President").click();
    harness.run();
    assert_eq!(selected(&harness).as_deref(), Some("president"));
}

#[test]
fn collapsing_a_unit_hides_its_children_and_expanding_brings_them_back() {
    let mut harness = app();
    assert!(has_box(&harness, "Security Council"));
    harness.get_by_label(&format!("Collapse {PRESIDENT}")).click();
    harness.run();
    assert!(!has_box(&harness, "Security Council"), "children of a collapsed unit are hidden");
    assert!(has_box(&harness, PRESIDENT));
    harness.get_by_label(&format!("Expand {PRESIDENT}")).click();
    harness.run();
    assert!(has_box(&harness, "Security Council"));
}

#[test]
fn enter_collapses_the_selected_unit_and_arrows_move_the_selection() {
    let mut harness = app();
    harness.get_by_role_and_label(Role::TreeItem, PRESIDENT).click();
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    let first_child = selected(&harness);
    assert_ne!(first_child.as_deref(), Some("president"));
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_ne!(selected(&harness), first_child, "right moves to the next sibling");
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(selected(&harness).as_deref(), Some("president"));
    harness.key_press(Key::Enter);
    harness.run();
    assert!(!has_box(&harness, "Security Council"));
    harness.key_press(Key::Enter);
    harness.run();
    assert!(has_box(&harness, "Security Council"));
}

#[test]
fn expand_all_and_collapse_all() {
    let mut harness = app();
    harness.get_by_label("Expand all").click();
    harness.run();
    assert!(has_box(&harness, DEPUTY));
    harness.get_by_label("Collapse all").click();
    harness.run();
    assert!(has_box(&harness, PRESIDENT));
    assert!(!has_box(&harness, "Security Council"));
}

#[test]
fn the_year_changes_the_office_holder_shown() {
    let mut harness = app();
    search_and_enter(&mut harness, HEAD);
    assert_eq!(selected(&harness).as_deref(), Some("head-of-administration"));
    harness.get_by_label("As of").click();
    harness.run();
    let latest = harness.state().state.chart.year.expect("a year is set");
    harness.get_by_role_and_label(Role::Slider, "Year").focus();
    harness.run();
    for _ in 0..(latest - 2009) {
        harness.key_press(Key::ArrowLeft);
        harness.run();
    }
    assert_eq!(harness.state().state.chart.year, Some(2009));
    assert_eq!(harness.state().state.selected_unit.as_deref(), Some("head-of-administration"));
    harness.get_by_label("In office in 2009: Aslan Musin");
    assert_eq!(holder_on_box(&harness, HEAD).as_deref(), Some("Aslan Musin"));
    for _ in 0..2 {
        harness.key_press(Key::ArrowLeft);
        harness.run();
    }
    assert_eq!(harness.state().state.chart.year, Some(2007));
    // Exactly this line: the later holders are not listed for 2007.
    harness.get_by_label("In office in 2007: Adilbek Dzhaksybekov");
    assert_eq!(holder_on_box(&harness, HEAD).as_deref(), Some("Adilbek Dzhaksybekov"));
}

#[test]
fn hide_absent_hides_units_outside_the_year_shown() {
    let mut harness = app();
    harness.get_by_label("As of").click();
    harness.run();
    harness.get_by_label("Hide absent").click();
    harness.run();
    let latest = harness.state().state.chart.year.expect("a year is set");
    assert!(latest > 2002);
    assert!(!has_box(&harness, "Apparatus of the President"), "abolished in 1995, hidden in {latest}");
    assert!(has_box(&harness, "Ombudsman on human rights"));

    harness.get_by_role_and_label(Role::Slider, "Year").focus();
    harness.run();
    for _ in 0..(latest - 1994) {
        harness.key_press(Key::ArrowLeft);
        harness.run();
    }
    assert_eq!(harness.state().state.chart.year, Some(1994));
    assert!(has_box(&harness, "Apparatus of the President"));
    assert!(!has_box(&harness, "Ombudsman on human rights"), "established in 2002, hidden in 1994");
}

#[test]
fn clicking_a_search_result_shows_that_unit() {
    let mut harness = app();
    type_search(&mut harness, "Security");
    harness.get_by_role_and_label(Role::Button, "Security Council Secretary").click();
    harness.run();
    assert_eq!(selected(&harness).as_deref(), Some("security-council-secretary"));
    assert!(harness.state().state.chart.path.len() > 1, "the path from the top is highlighted");
}

#[test]
fn escape_empties_the_search_and_gives_the_keys_back_to_the_chart() {
    let mut harness = app();
    type_search(&mut harness, "Senate");
    harness.get_by_label_contains("match");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().state.chart.query, "");
    assert!(harness.query_by_label_contains("match").is_none(), "the result list closes");
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(selected(&harness).as_deref(), Some("president"), "Down selects the top of the chart");
}
