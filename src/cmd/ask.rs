//! `cramplog ask "TEXT"`, `ask list`, `ask done ID`: the patient's own questions for the next
//! appointment (docs/design.md section 13). Open questions are printed, oldest first, on the
//! first page of the report.

use anyhow::Result;

use super::Ctx;
use crate::cli::{AskArgs, AskCommand};
use crate::error::UsageError;
use crate::model::{QUESTION_MAX_CHARS, Question};
use crate::store::{self, Access};
use crate::text::visible;

pub fn run(args: &AskArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    match &args.command {
        None => add(&args.text, args.json, ctx),
        Some(AskCommand::List { all, json }) => list(*all, *json, ctx),
        Some(AskCommand::Done { id, json }) => done(id, *json, ctx),
    }
}

/// The question as it is stored: one line, spaces collapsed, 1 to 500 characters, no
/// control characters (the rule `import` applies too).
pub fn clean_text(words: &[String]) -> Result<String> {
    let joined = words.join(" ");
    if let Some(p) = crate::text::problem(&joined, crate::text::Shape::Line) {
        return Err(UsageError::new(format!("the question {p}")).into());
    }
    let text = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(UsageError::new(
            "the question is empty; type it in quotes, e.g. cramplog ask \"Could my water tablet cause the cramps?\"",
        )
        .into());
    }
    let n = text.chars().count();
    if n > QUESTION_MAX_CHARS {
        return Err(UsageError::new(format!(
            "the question is {n} characters long; keep it to {QUESTION_MAX_CHARS} (split it into two questions)"
        ))
        .into());
    }
    Ok(text)
}

fn add(words: &[String], json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let text = clean_text(words)?;
    if let Some(slip) = command_slip(&text, json) {
        return Err(slip.into());
    }
    let mut q = Question {
        id: 0,
        text,
        asked: ctx.today,
        done: None,
    };
    let mut store = ctx.store(Access::Create)?;
    q.id = store.write(|tx| store::insert_question(tx, &q))?;
    if json {
        return print_json(ctx, &q);
    }
    crate::view::write_wrapped(
        ctx.out,
        &format!("Saved question #{}: \"{}\"", q.id, visible(&q.text)),
    )?;
    crate::view::write_wrapped(
        ctx.out,
        &format!(
            "It is printed on the first page of your report until you mark it done with: cramplog ask done {}",
            q.id
        ),
    )
}

/// `ask lst`, `ask dne 2`, or `ask --json list` (clap then reads `list` as the question's
/// text): one word, perhaps with a number, that is (nearly) `list` or `done` is a slip, not a
/// question, and would otherwise be printed on the report's first page.
fn command_slip(text: &str, json: bool) -> Option<UsageError> {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let number = rest.trim_start_matches('#');
    if !rest.is_empty() && number.parse::<u64>().is_err() {
        return None;
    }
    let command = ["list", "done"]
        .into_iter()
        .find(|c| crate::vocab::suggest(first, &[c]).is_some())?;
    let number = match command {
        "list" => "",
        _ if number.is_empty() => "NUMBER",
        _ => number,
    };
    let typed = [command, number, if json { "--json" } else { "" }]
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(UsageError::new(format!(
        "'{}' looks like the command 'ask {command}', not a question; type cramplog ask {typed}, or write your question as a sentence in quotes",
        visible(text)
    )))
}

fn list(all: bool, json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let db = crate::paths::diary(ctx.db_flag.as_ref())?;
    // No diary yet: no questions either.
    let questions = if db.exists() {
        let mut store = ctx.store(Access::Existing)?;
        store.read(store::load_questions)?
    } else {
        Vec::new()
    };
    let shown: Vec<&Question> = questions
        .iter()
        .filter(|q| all || q.done.is_none())
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *ctx.out, &shown)?;
        writeln!(ctx.out)?;
        return Ok(());
    }
    if shown.is_empty() {
        let done = questions.len();
        let said = if done > 0 && !all {
            format!(
                "No open questions ({done} marked done: see them with 'cramplog ask list --all'). Add one with: cramplog ask \"TEXT\""
            )
        } else {
            "No questions yet. Add one for your next appointment with: cramplog ask \"TEXT\""
                .to_string()
        };
        return crate::view::write_wrapped(ctx.out, &said);
    }
    // A table whose question column wraps at word boundaries to the terminal's width.
    let cells: Vec<(String, String)> = shown
        .iter()
        .map(|q| {
            (
                q.id.to_string(),
                match q.done {
                    None => q.asked.to_string(),
                    Some(d) => format!("{} (done {d})", q.asked),
                },
            )
        })
        .collect();
    let no = cells.iter().map(|c| c.0.len()).max().unwrap_or(0).max(3);
    let asked = cells.iter().map(|c| c.1.len()).max().unwrap_or(0).max(5);
    writeln!(ctx.out, "{:<no$}  {:<asked$}  question", "no.", "asked")?;
    let width = crate::terminal::width();
    for ((id, day), q) in cells.iter().zip(&shown) {
        let label = format!("{id:<no$}  {day:<asked$}  ");
        for line in crate::terminal::hanging(&label, &visible(&q.text), width, 4) {
            writeln!(ctx.out, "{line}")?;
        }
    }
    Ok(())
}

fn done(id: &str, json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let number = id
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            UsageError::new(format!(
                "'{}' is not a question number; give the number shown by 'cramplog ask list', e.g. cramplog ask done 2",
                visible(id)
            ))
        })?;
    let db = crate::paths::diary(ctx.db_flag.as_ref())?;
    if !db.exists() {
        return Err(no_such(number).into());
    }
    let mut store = ctx.store(Access::Existing)?;
    let today = ctx.today;
    let found = store.write(|tx| {
        let Some(mut q) = store::load_questions(tx)?
            .into_iter()
            .find(|q| q.id == number)
        else {
            return Ok(None);
        };
        let already = q.done.is_some();
        if !already {
            // A question asked today and done today; never done before it was asked.
            let day = today.max(q.asked);
            store::set_question_done(tx, number, Some(day))?;
            q.done = Some(day);
        }
        Ok(Some((q, already)))
    })?;
    let Some((q, already)) = found else {
        return Err(no_such(number).into());
    };
    if json {
        return print_json(ctx, &q);
    }
    let day = q.done.map(|d| d.to_string()).unwrap_or_default();
    let said = if already {
        format!(
            "Question #{number} was already marked done on {day}: \"{}\"",
            visible(&q.text)
        )
    } else {
        format!(
            "Marked question #{number} done ({day}); it is no longer printed in the report: \"{}\"",
            visible(&q.text)
        )
    };
    crate::view::write_wrapped(ctx.out, &said)
}

fn no_such(number: i64) -> UsageError {
    UsageError::new(format!(
        "there is no question #{number}; see the numbers with 'cramplog ask list --all'"
    ))
}

fn print_json(ctx: &mut Ctx<'_>, q: &Question) -> Result<()> {
    serde_json::to_writer_pretty(&mut *ctx.out, q)?;
    writeln!(ctx.out)?;
    Ok(())
}
