//! The domain: chart, decks, dates, files, validation, scheduling, study progress, personal scheduling
//! parameters. Plain Rust, no egui.

pub mod chart;
pub mod chart_cards;
pub mod date;
pub mod deck;
pub mod file;
pub mod layout;
pub mod library;
pub mod locate;
pub mod optimise;
pub mod progress;
pub mod quiz;
pub mod scheduler;
pub mod search;
pub mod study;
pub mod text;
pub mod validate;

pub use chart::{Branch, Chart, Event, Fact, Holder, Relation, RelationKind, Source, Statement, Unit, UnitKind};
pub use date::Date;
pub use deck::{Card, Deck};
pub use file::{Document, Problem};
pub use library::{Library, LoadedDeck, Origin};
