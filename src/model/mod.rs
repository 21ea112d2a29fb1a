//! The domain: chart, decks, dates, files, validation. Plain Rust, no egui.

pub mod chart;
pub mod date;
pub mod deck;
pub mod file;
pub mod library;
pub mod locate;
pub mod scheduler;
pub mod validate;

pub use chart::{Branch, Chart, Event, Fact, Holder, Relation, RelationKind, Source, Statement, Unit, UnitKind};
pub use date::Date;
pub use deck::{Card, Deck};
pub use file::{Document, Problem};
pub use library::{Library, LoadedDeck, Origin};
