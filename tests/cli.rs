//! Integration tests: one binary, one module per area, all through the real `cramplog`
//! binary with a temporary diary and a pinned `CRAMPLOG_TODAY`.

mod harness;

mod foundation;
mod hardening;
