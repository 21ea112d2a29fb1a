pub mod chart;
pub mod decks;
pub mod details;
pub mod placeholder;
pub mod scope;
pub mod shell;
pub mod study;
