//! Integration tests: one binary, one module per area, all through the real `cramplog`
//! binary with a temporary diary and a pinned `CRAMPLOG_TODAY`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod ask;
mod attacks;
mod document;
mod foundation;
mod guided;
mod hardening;
mod html;
mod matrix;
mod pdf;
mod portability;
mod report;
mod trial;
mod upgrade;
mod views;
