//! The details of one chart unit: names, kind, branch, holders over time, functions, facts,
//! relations (each a link), sources, and the cards linked to it.

use egui::{RichText, Ui};

use crate::app::state::Command;
use crate::app::style::{branch_color, section, weak};
use crate::model::chart::Dated;
use crate::model::{Chart, Library, Unit};

/// "Eurasian Home … (001_4e5591b641952c88.txt)" for a list of source ids.
pub fn sources_text(chart: &Chart, ids: &[String]) -> String {
    ids.iter()
        .map(|id| match chart.source(id) {
            Some(s) if !s.file.is_empty() => format!("{} ({})", s.title, s.file),
            Some(s) => s.title.clone(),
            None => id.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn source_files(chart: &Chart, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            chart.source(id).map_or(id.as_str(), |s| if s.file.is_empty() { s.id.as_str() } else { s.file.as_str() })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn unit_details_ui(ui: &mut Ui, library: &Library, unit: &Unit, year: Option<i32>, out: &mut Vec<Command>) {
    let chart = &library.chart;
    ui.heading(&unit.name);
    if !unit.aliases.is_empty() {
        weak(ui, format!("Also: {}", unit.aliases.join(", ")));
    }
    ui.horizontal_wrapped(|ui| {
        let color = branch_color(unit.branch);
        ui.label(
            RichText::new(format!(" {} ", unit.branch.label()))
                .background_color(color)
                .color(crate::app::style::ON_BRANCH),
        );
        ui.label(unit.kind.label());
        if unit.proposal {
            ui.label(RichText::new("proposal").italics());
        }
        match (unit.established, unit.abolished) {
            (Some(e), Some(a)) => weak(ui, format!("{} – {}", e.display_long(), a.display_long())),
            (Some(e), None) => weak(ui, format!("established {}", e.display_long())),
            (None, Some(a)) => weak(ui, format!("until {}", a.display_long())),
            (None, None) => {}
        }
    });
    if let Some(parent) = unit.parent.as_deref().and_then(|p| chart.unit(p)) {
        ui.horizontal(|ui| {
            ui.label("Part of");
            if ui.link(&parent.name).clicked() {
                out.push(Command::ShowUnit(parent.id.clone()));
            }
        });
    }
    if !unit.summary.is_empty() {
        ui.add_space(4.0);
        ui.label(&unit.summary);
    }

    if !unit.holders.is_empty() {
        section(ui, "Office holders");
        let current = year.map(|y| unit.holders_in(y)).unwrap_or_default();
        for h in &unit.holders {
            let mut text = RichText::new(&h.name);
            if current.iter().any(|c| std::ptr::eq(*c, h)) {
                text = text.strong();
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(text);
                let when = h.time_context();
                if !when.is_empty() {
                    weak(ui, format!("({when})"));
                }
                weak(ui, format!("[{}]", source_files(chart, &h.sources)));
            });
            if !h.variants.is_empty() {
                weak(ui, format!("   also written: {}", h.variants.join(", ")));
            }
        }
    }

    if !unit.facts.is_empty() {
        section(ui, "Facts");
        let current = year.map(|y| unit.facts_in(y)).unwrap_or_default();
        for f in &unit.facts {
            let mut text = RichText::new(format!("{}: {}", f.label, f.value));
            if current.iter().any(|c| std::ptr::eq(*c, f)) {
                text = text.strong();
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(text);
                let when = f.time_context();
                if !when.is_empty() {
                    weak(ui, format!("({when})"));
                }
                if f.proposal {
                    ui.label(RichText::new("proposal").italics());
                }
                weak(ui, format!("[{}]", source_files(chart, &f.sources)));
            });
        }
    }

    if !unit.functions.is_empty() {
        section(ui, "Functions");
        for s in &unit.functions {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("• {}", s.text));
                if s.proposal {
                    ui.label(RichText::new("proposal").italics());
                }
                weak(ui, format!("[{}]", source_files(chart, &s.sources)));
            });
        }
    }

    let relations: Vec<_> = chart.relations.iter().filter(|r| r.from == unit.id || r.to == unit.id).collect();
    if !relations.is_empty() {
        section(ui, "Relations");
        for r in relations {
            let (verb, other) =
                if r.from == unit.id { (r.kind.verb(), &r.to) } else { (r.kind.inverse_verb(), &r.from) };
            let other_name = chart.unit(other).map_or(other.as_str(), |u| u.name.as_str());
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{} {verb}", capitalise_first(&unit.name)));
                if ui.link(other_name).on_hover_text("Show this unit").clicked() {
                    out.push(Command::ShowUnit(other.clone()));
                }
                if r.proposal {
                    ui.label(RichText::new("proposal").italics());
                }
                weak(ui, format!("[{}]", source_files(chart, &r.sources)));
            });
        }
    }

    section(ui, "Sources");
    for id in &unit.sources {
        match chart.source(id) {
            Some(s) => {
                ui.label(format!("• {}", s.title));
                weak(ui, format!("   {} · {}", s.author, s.file));
            }
            None => {
                ui.label(format!("• {id}"));
            }
        }
    }

    let cards: Vec<_> = library
        .decks
        .iter()
        .flat_map(|d| d.deck.cards.iter().map(move |c| (d, c)))
        .filter(|(_, c)| c.unit.as_deref() == Some(unit.id.as_str()))
        .collect();
    section(ui, &format!("Cards about this unit ({})", cards.len()));
    if cards.is_empty() {
        weak(ui, "No card in the loaded decks links to this unit.");
    }
    for (deck, card) in cards {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("• {}", card.front));
            weak(ui, format!("({})", deck.deck.title));
        });
    }
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
