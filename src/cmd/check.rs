//! `cramplog check` (not built yet).

use anyhow::Result;

use super::Ctx;

pub fn run(_args: &crate::cli::Command, _ctx: &mut Ctx<'_>) -> Result<()> {
    Err(crate::error::UsageError::new("'cramplog check' is not available yet").into())
}
