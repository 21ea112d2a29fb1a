pub mod chart;
pub mod decks;
pub mod details;
pub mod placeholder;
pub mod shell;
pub mod study;
