//! The PDF report (not built yet).

use std::io::Write;

use anyhow::Result;

use super::Report;
use crate::pdf::Paper;

/// Writes the report as PDF.
pub fn render(_report: &Report, _paper: Paper, _w: &mut dyn Write) -> Result<()> {
    Err(crate::error::UsageError::new(
        "--format pdf is not available yet; use --format text, md or json",
    )
    .into())
}
