//! The report as JSON: every number at full precision; undefined or infinite values `null`.
//! Same diary and same pinned dates give byte-identical output.

use std::io::Write;

use anyhow::Result;

use super::Report;

/// Writes `report` as pretty-printed JSON with a final newline.
pub fn render(report: &Report, w: &mut dyn Write) -> Result<()> {
    // As an io::Error, so a closed pipe (`… | head`) is recognised and exits quietly.
    serde_json::to_writer_pretty(&mut *w, report).map_err(std::io::Error::from)?;
    writeln!(w)?;
    Ok(())
}
