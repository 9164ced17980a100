//! `cramplog profile show|set|unset`: one-time facts that help the doctor read the report.

use anyhow::Result;

use super::Ctx;
use crate::cli::ProfileCommand;
use crate::error::UsageError;
use crate::profile::{KEYS, Profile, find_key};
use crate::store::{self, Access};

pub fn run(sub: &ProfileCommand, ctx: &mut Ctx<'_>) -> Result<()> {
    match sub {
        ProfileCommand::Show(args) => show(args.json, ctx),
        ProfileCommand::Set { pairs } => set(pairs, ctx),
        ProfileCommand::Unset { key } => unset(key, ctx),
    }
}

fn show(json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut store = ctx.store(Access::Existing)?;
    let profile = store.read(store::load_profile)?;
    if json {
        serde_json::to_writer_pretty(&mut *ctx.out, &profile)?;
        writeln!(ctx.out)?;
        return Ok(());
    }
    let width = KEYS.iter().map(|k| k.id.len()).max().unwrap_or(0);
    let value_width = KEYS
        .iter()
        .filter_map(|k| profile.get(k.id))
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, 40);
    for k in KEYS {
        let value = profile.get(k.id).unwrap_or_else(|| "not set".into());
        writeln!(
            ctx.out,
            "{:<width$}  {:<value_width$}  {}",
            k.id, value, k.meaning
        )?;
    }
    if profile.is_empty() {
        writeln!(
            ctx.out,
            "\nNothing set yet; for example: cramplog profile set birth_year 1961 sex female"
        )?;
    }
    Ok(())
}

fn set(pairs: &[String], ctx: &mut Ctx<'_>) -> Result<()> {
    if pairs.len() % 2 != 0 {
        let last = pairs.last().map(String::as_str).unwrap_or_default();
        return Err(UsageError::new(format!(
            "'{last}' has no value; give KEY VALUE pairs, e.g. cramplog profile set birth_year 1961 sex female"
        ))
        .into());
    }
    // Check every pair before opening the diary, so a typo changes nothing.
    let mut changes = Profile::default();
    let mut keys: Vec<&'static str> = Vec::new();
    for pair in pairs.chunks(2) {
        let key = find_key(&pair[0])?;
        if keys.contains(&key.id) {
            return Err(
                UsageError::new(format!("{} is given twice; give each key once", key.id)).into(),
            );
        }
        changes.set(key.id, &pair[1], ctx.today)?;
        keys.push(key.id);
    }
    let stored = changes.to_stored();
    let mut store = ctx.store(Access::Create)?;
    store.write(|tx| {
        for (k, v) in &stored {
            store::set_profile(tx, k, v)?;
        }
        Ok(())
    })?;
    let said: Vec<String> = stored.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    writeln!(ctx.out, "Profile: {}.", said.join(", "))?;
    Ok(())
}

fn unset(key: &str, ctx: &mut Ctx<'_>) -> Result<()> {
    let key = find_key(key)?;
    let mut store = ctx.store(Access::Existing)?;
    if store.write(|tx| store::unset_profile(tx, key.id))? {
        writeln!(ctx.out, "Profile: {} is no longer set.", key.id)?;
    } else {
        writeln!(ctx.out, "Profile: {} was not set; nothing changed.", key.id)?;
    }
    Ok(())
}
