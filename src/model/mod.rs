//! The domain: chart, decks, dates, files, validation, scheduling, study progress, personal scheduling
//! parameters, quizzes and exams, deck editing, import and export. Plain Rust, no egui.

pub mod card_search;
pub mod chart;
pub mod chart_cards;
pub mod date;
pub mod deck;
pub mod deck_file;
pub mod edit;
pub mod file;
pub mod import;
pub mod layout;
pub mod library;
pub mod locate;
pub mod optimise;
pub mod progress;
pub mod quiz;
pub mod recovery;
pub mod scheduler;
pub mod search;
pub mod settings_file;
pub mod stats;
pub mod study;
pub mod text;
pub mod validate;
pub mod watch;

pub use chart::{Branch, Chart, Event, Fact, Holder, Relation, RelationKind, Source, Statement, Unit, UnitKind};
pub use date::Date;
pub use deck::{Card, Deck};
pub use file::{Document, Problem};
pub use library::{Library, LoadedDeck, Origin};
