//! The guided morning entry (placeholder until the guided entry lands).

use anyhow::Result;

use crate::cli::LogArgs;
use crate::cmd::Ctx;

pub fn run(_args: &LogArgs, _ctx: &mut Ctx<'_>) -> Result<()> {
    Err(crate::error::UsageError::new(
        "the guided entry is not available yet; use --none or -e SPEC (see: cramplog log --help)",
    )
    .into())
}
