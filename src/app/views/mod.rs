pub mod decks;
pub mod details;
pub mod outline;
pub mod placeholder;
pub mod shell;
pub mod study;
