//! KZ Civics: a study application for how the state of the Republic of Kazakhstan is organised.
//!
//! [`model`] is the domain (chart, decks, files, validation) in plain Rust; [`app`] is the egui
//! application built on it; [`cli`] is the command line.

pub mod app;
pub mod cli;
pub mod model;
