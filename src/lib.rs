//! cramplog: a private diary for night-time leg cramps, and the reports a patient brings to
//! a vascular specialist. The binary is a thin shell around [`app::main`].
//!
//! Data flows one way: command line ([`cli`]) → validated request ([`entry`], [`parse`]) →
//! diary ([`store`]) → analysis → report → renderer → writer.

pub mod analysis;
pub mod app;
pub mod chart;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod demo;
pub mod entry;
pub mod error;
pub mod exchange;
pub mod field;
pub mod fonts;
pub mod guided;
pub mod labels;
pub mod medicines;
pub mod model;
pub mod output;
pub mod parse;
pub mod paths;
pub mod pdf;
pub mod period;
pub mod private;
pub mod profile;
pub mod report;
pub mod stats;
pub mod store;
pub mod terminal;
pub mod text;
pub mod trial;
pub mod view;
pub mod vocab;
