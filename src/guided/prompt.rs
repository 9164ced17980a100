//! A small line-based prompt engine over any `BufRead` + `Write`, so the guided entry runs
//! the same in a terminal and in unit tests that script the answers.
//!
//! It never changes the terminal's mode: the terminal stays in its ordinary line mode, so
//! line editing (backspace, Ctrl-U) works, and the terminal is left exactly as it was
//! whether the entry ends, is cancelled or is killed.
//!
//! Every question understands the same few control answers: Enter takes the shown default
//! (or skips, when there is none), `-` skips (unknown, never "no"), `<` or `back` goes to the
//! previous question, `.` skips the remaining optional questions, `?` explains again.
//! A bad answer is re-asked with a short hint; nothing aborts except end of input.

use std::io::{BufRead, Write};

use anyhow::Result;
use owo_colors::OwoColorize;

use crate::error::Cancelled;

/// The message shown when the patient leaves the entry without saving.
pub const NOTHING_SAVED: &str = "nothing was saved";

/// How a question was answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<T> {
    /// The patient typed this.
    Given(T),
    /// The patient pressed Enter and took the shown default.
    Default(T),
    /// Skipped: the field stays unknown.
    Skip,
    /// Go back to the previous question.
    Back,
    /// Skip the remaining optional questions.
    ToEnd,
}

/// One question: its text, an optional line of choices, the default Enter takes, and
/// whether it may be left unanswered.
pub struct Question {
    pub text: String,
    pub choices: Option<String>,
    /// What Enter means, as the patient would type it (parsed like a typed answer).
    pub default: Option<String>,
    /// How the default is shown, when it should read differently from `default`.
    pub default_label: Option<String>,
    pub skippable: bool,
    /// A short explanation for `?` and after a bad answer.
    pub help: String,
}

impl Question {
    pub fn new(text: impl Into<String>, help: impl Into<String>) -> Self {
        Question {
            text: text.into(),
            choices: None,
            default: None,
            default_label: None,
            skippable: true,
            help: help.into(),
        }
    }

    pub fn choices(mut self, choices: impl Into<String>) -> Self {
        self.choices = Some(choices.into());
        self
    }

    pub fn default(mut self, default: Option<String>) -> Self {
        self.default = default;
        self
    }

    pub fn default_label(mut self, label: Option<String>) -> Self {
        self.default_label = label;
        self
    }

    /// The patient's usual answer as the Enter default, shown as "X, as usual".
    pub fn usual(mut self, usual: Option<String>) -> Self {
        self.default_label = usual.as_ref().map(|u| format!("{u}, as usual"));
        self.default = usual;
        self
    }

    /// The question must be answered (Enter without a default re-asks; `-` is refused).
    pub fn required(mut self) -> Self {
        self.skippable = false;
        self
    }
}

/// Reads answers line by line from `input` and writes questions to `out`.
pub struct Prompter<'w, R> {
    input: R,
    pub out: &'w mut dyn Write,
    color: bool,
    /// Columns to wrap to (the terminal's width, less one for the cursor).
    pub width: usize,
    /// The answer typed the last time this question was asked (after going back): Enter
    /// takes it again. Used by the next [`Prompter::ask`] only.
    pub recall: Option<String>,
    /// What the last [`Prompter::ask`] got as typed text, to recall if the patient comes
    /// back to that question (`None` after a skip or a default).
    pub typed: Option<String>,
    /// Take each answer given before without asking (after "change an answer" at the
    /// summary, for the questions after the part that was changed).
    pub replay: bool,
}

impl<'w, R: BufRead> Prompter<'w, R> {
    pub fn new(input: R, out: &'w mut dyn Write, color: bool) -> Self {
        Prompter {
            input,
            out,
            color,
            width: crate::terminal::DEFAULT_WIDTH - 2,
            recall: None,
            typed: None,
            replay: false,
        }
    }

    /// Writes plain text, wrapped at word boundaries to the terminal's width.
    pub fn say(&mut self, text: &str) -> Result<()> {
        for line in crate::fonts::wrap_columns(text, self.width) {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    /// Writes a heading that stands out a little (bold in colour).
    pub fn heading(&mut self, text: &str) -> Result<()> {
        if self.replay {
            // Its questions are not shown either (see `replay`).
            return Ok(());
        }
        let text = crate::fonts::wrap_columns(text, self.width).join("\n");
        if self.color {
            writeln!(self.out, "\n{}", text.bold().underline())?;
        } else {
            writeln!(self.out, "\n{text}")?;
        }
        Ok(())
    }

    /// Reads one line; end of input cancels the whole entry.
    fn read_line(&mut self) -> Result<String> {
        self.out.flush()?;
        let mut raw = Vec::new();
        let n = self.input.read_until(b'\n', &mut raw)?;
        if n == 0 {
            writeln!(self.out)?;
            self.out.flush()?;
            return Err(Cancelled(format!("input ended; {NOTHING_SAVED}")).into());
        }
        let text = String::from_utf8_lossy(&raw);
        // Keep only printable text: stray escape sequences (arrow keys) are not answers.
        let clean = strip_escapes(&text).trim().to_string();
        if clean.is_empty() && text.contains('\u{1b}') {
            // Only arrow keys were pressed: that is not Enter, so never take the default.
            return Ok(ARROWS_ONLY.to_string());
        }
        Ok(clean)
    }

    /// Asks `q` until `parse` accepts the answer or a control answer is given.
    ///
    /// `parse` gets the trimmed text (the default's text when Enter takes it) and returns
    /// the value or a short hint saying what to type.
    pub fn ask<T>(
        &mut self,
        q: &Question,
        mut parse: impl FnMut(&str) -> std::result::Result<T, String>,
    ) -> Result<Answer<T>> {
        let recall = self.recall.take();
        self.typed = None;
        if self.replay {
            // The answer given before, as Enter would take it, without showing the question
            // again; a question that has no earlier answer to take is asked.
            let earlier = match &recall {
                Some(r) => parse(r).ok().map(|v| (Some(r.clone()), Answer::Given(v))),
                None => match &q.default {
                    Some(d) => parse(d).ok().map(|v| (None, Answer::Default(v))),
                    None if q.skippable => Some((None, Answer::Skip)),
                    None => None,
                },
            };
            if let Some((typed, answer)) = earlier {
                self.typed = typed;
                return Ok(answer);
            }
            self.replay = false;
        }
        // After a typo, Enter takes the suggested answer ("did you mean 'left'?").
        let mut suggested: Option<String> = None;
        loop {
            if let Some(s) = &suggested {
                write!(self.out, "  (Enter = {s}) > ")?;
            } else {
                self.write_question(q, recall.as_deref())?;
            }
            let line = self.read_line()?;
            if line.is_empty()
                && let Some(s) = suggested.take()
                && let Ok(v) = parse(&s)
            {
                self.typed = Some(s);
                return Ok(Answer::Given(v));
            }
            suggested = None;
            match line.to_lowercase().as_str() {
                "<" | "back" => return Ok(Answer::Back),
                "?" | "help" => {
                    self.hint(&q.help)?;
                    continue;
                }
                "." => return Ok(Answer::ToEnd),
                "-" | "skip" => {
                    if q.skippable {
                        return Ok(Answer::Skip);
                    }
                    self.hint(&format!("this one needs an answer. {}", q.help))?;
                    continue;
                }
                "" if recall.is_some() => {
                    let again = recall.clone().unwrap_or_default();
                    match parse(&again) {
                        Ok(v) => {
                            self.typed = Some(again);
                            return Ok(Answer::Given(v));
                        }
                        Err(e) => {
                            self.hint(&e)?;
                            continue;
                        }
                    }
                }
                "" => match &q.default {
                    Some(d) => match parse(d) {
                        Ok(v) => return Ok(Answer::Default(v)),
                        Err(e) => {
                            self.hint(&e)?;
                            continue;
                        }
                    },
                    None if q.skippable => return Ok(Answer::Skip),
                    None => {
                        self.hint(&format!("this one needs an answer. {}", q.help))?;
                        continue;
                    }
                },
                ARROWS_ONLY => {
                    self.hint("arrow keys do not work here; type your answer and press Enter")?;
                    continue;
                }
                _ => {}
            }
            match parse(&line) {
                Ok(v) => {
                    self.typed = Some(line);
                    return Ok(Answer::Given(v));
                }
                Err(e) => {
                    self.hint(&e)?;
                    suggested = suggestion_in(&e).filter(|s| parse(s).is_ok());
                }
            }
        }
    }

    fn write_question(&mut self, q: &Question, recall: Option<&str>) -> Result<()> {
        for line in crate::fonts::wrap_columns(&q.text, self.width) {
            if self.color {
                writeln!(self.out, "{}", line.bold())?;
            } else {
                writeln!(self.out, "{line}")?;
            }
        }
        if let Some(c) = &q.choices {
            // Columns that do not fit a narrow terminal become one choice per line.
            let fits = c
                .lines()
                .all(|l| textwrap::core::display_width(l) + 4 <= self.width);
            let mut cells: Vec<&str> = if fits {
                c.lines().collect()
            } else {
                c.lines()
                    .flat_map(|l| l.split("   "))
                    .map(str::trim)
                    .filter(|cell| !cell.is_empty())
                    .collect()
            };
            if !fits {
                let number = |cell: &str| {
                    cell.split(' ')
                        .next()
                        .and_then(|n| n.parse::<usize>().ok())
                        .unwrap_or(usize::MAX)
                };
                cells.sort_by_key(|cell| number(cell));
            }
            for choice in cells {
                // A long choice wraps under its own text, past its number.
                let indent = choice.find(' ').map_or(4, |i| i + 5);
                let lines = if textwrap::core::display_width(choice) + 4 <= self.width {
                    vec![choice.to_string()]
                } else {
                    crate::fonts::wrap_columns(choice, self.width.saturating_sub(indent))
                };
                for (k, line) in lines.iter().enumerate() {
                    let pad = if k == 0 { 4 } else { indent };
                    writeln!(self.out, "{:pad$}{line}", "")?;
                }
            }
        }
        let enter = match (&q.default_label, &q.default) {
            _ if recall.is_some() => {
                format!("(Enter = {}, as before) ", recall.unwrap_or_default())
            }
            (Some(label), _) => format!("(Enter = {label}) "),
            (None, Some(d)) => format!("(Enter = {d}) "),
            (None, None) if q.skippable => "(Enter = skip) ".to_string(),
            (None, None) => String::new(),
        };
        write!(self.out, "  {enter}> ")?;
        Ok(())
    }

    fn hint(&mut self, text: &str) -> Result<()> {
        for line in
            crate::fonts::wrap_columns(&format!("Sorry: {text}"), self.width.saturating_sub(2))
        {
            if self.color {
                writeln!(self.out, "  {}", line.yellow())?;
            } else {
                writeln!(self.out, "  {line}")?;
            }
        }
        Ok(())
    }
}

/// What [`Prompter::read_line`] returns for a line of nothing but escape sequences.
const ARROWS_ONLY: &str = "\u{1b}arrows";

/// Removes ANSI escape sequences and other control characters from a typed line.
fn strip_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ params final-byte; SS3: ESC O x.
            match chars.next() {
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(_) | None => {
                    chars.next_if(|c| c.is_ascii_alphabetic());
                }
            }
        } else if !c.is_control() || c == '\t' {
            out.push(if c == '\t' { ' ' } else { c });
        }
    }
    out
}

/// One option of a numbered choice: its value, the label shown, and extra words accepted.
pub struct Opt<T> {
    pub value: T,
    pub label: &'static str,
    pub words: &'static [&'static str],
}

impl<T> Opt<T> {
    pub const fn new(value: T, label: &'static str, words: &'static [&'static str]) -> Self {
        Opt {
            value,
            label,
            words,
        }
    }
}

/// The options as one line: `1 left   2 right   3 both`.
pub fn choice_line<T>(opts: &[Opt<T>]) -> String {
    opts.iter()
        .enumerate()
        .map(|(i, o)| format!("{} {}", i + 1, o.label))
        .collect::<Vec<_>>()
        .join("   ")
}

fn norm(s: &str) -> String {
    crate::vocab::normalise(s)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect()
}

/// Picks one option by its number, its label, one of its words, or an unambiguous start
/// of a word (`"1"`, `"left"`, `"l"` when nothing else starts with it).
pub fn pick<T: Copy>(text: &str, opts: &[Opt<T>]) -> std::result::Result<T, String> {
    let wanted = norm(text);
    if let Ok(n) = wanted.parse::<usize>() {
        return match n.checked_sub(1).and_then(|i| opts.get(i)) {
            Some(o) => Ok(o.value),
            None => Err(format!(
                "'{text}' is not one of the numbers; type 1 to {} or a word",
                opts.len()
            )),
        };
    }
    let names = |o: &Opt<T>| {
        std::iter::once(norm(o.label))
            .chain(o.words.iter().map(|w| norm(w)))
            .collect::<Vec<_>>()
    };
    if let Some(o) = opts.iter().find(|o| names(o).contains(&wanted)) {
        return Ok(o.value);
    }
    let starts: Vec<&Opt<T>> = opts
        .iter()
        .filter(|o| {
            !wanted.is_empty()
                && names(o)
                    .iter()
                    .any(|n| n.starts_with(&wanted) || n.split('_').any(|p| p == wanted))
        })
        .collect();
    match starts.as_slice() {
        [one] => Ok(one.value),
        [] => {
            let all: Vec<String> = opts.iter().flat_map(names).collect();
            let ids: Vec<&str> = all.iter().map(String::as_str).collect();
            match crate::vocab::suggest(text, &ids) {
                Some(close) => {
                    let first = close
                        .split('\'')
                        .nth(1)
                        .unwrap_or_default()
                        .replace('_', " ");
                    Err(format!(
                        "'{text}' is not one of the choices; {}",
                        did_you_mean(&first)
                    ))
                }
                None => Err(format!(
                    "'{text}' is not one of the choices; type a number (1 to {}) or a word such as '{}'",
                    opts.len(),
                    opts.first().map_or("", |o| o.label)
                )),
            }
        }
        many => Err(format!(
            "'{text}' could mean {}; type the number",
            many.iter()
                .map(|o| format!("'{}'", o.label))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

/// The hint that offers a close answer; [`Prompter::ask`] then takes it on Enter.
fn did_you_mean(word: &str) -> String {
    format!("did you mean '{word}'? Press Enter for '{word}', or type another answer")
}

/// The answer a hint from [`did_you_mean`] offers.
fn suggestion_in(hint: &str) -> Option<String> {
    let rest = hint.split_once("did you mean '")?.1;
    Some(rest.split_once("'?")?.0.to_string())
}

/// Words people add that name no option ("heavy legs and ankles").
const FILLER: &[&str] = &[
    "and", "&", "legs", "leg", "my", "the", "a", "in", "felt", "also",
];

/// Picks several options from numbers and words separated by spaces or commas
/// (`"1 7"`, `"heavy, ankle"`). An empty list is returned for `none`, and for `n`: at a
/// checklist a patient types it for "no", not as the start of an option's name.
pub fn pick_many<T: Copy + PartialEq>(
    text: &str,
    opts: &[Opt<T>],
) -> std::result::Result<Vec<T>, String> {
    let lower = text.trim().to_lowercase();
    if matches!(lower.as_str(), "none" | "no" | "n" | "0" | "nothing") {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty() && !FILLER.contains(&t.to_lowercase().as_str()))
    {
        let v = pick(token, opts)?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

/// A yes/no answer with a hint; `Some` only for a clear answer.
pub fn yes_no(text: &str) -> std::result::Result<bool, String> {
    crate::parse::yes_no(text).ok_or_else(|| format!("'{text}' is not a yes or no; type y or n"))
}

/// A whole number in `lo..=hi`; also accepts a few number words.
pub fn whole(text: &str, lo: u32, hi: u32, what: &str) -> std::result::Result<u32, String> {
    let t = text.trim().to_lowercase();
    let n = match t.as_str() {
        "none" | "no" => Some(0),
        "once" => Some(1),
        "twice" => Some(2),
        _ => crate::parse::number_word(&t).or_else(|| t.parse::<u32>().ok()),
    };
    match n {
        Some(n) if (lo..=hi).contains(&n) => Ok(n),
        Some(n) => Err(format!("{n} is out of range; {what} is from {lo} to {hi}")),
        None => Err(format!(
            "'{text}' is not a whole number; {what} is from {lo} to {hi}"
        )),
    }
}

/// A decimal number in `lo..=hi`, ignoring a trailing unit word (`7.5h`, `7 hours`).
pub fn decimal(
    text: &str,
    lo: f64,
    hi: f64,
    units: &[&str],
    what: &str,
) -> std::result::Result<f64, String> {
    let mut t = text.trim().to_lowercase();
    for u in units {
        if let Some(rest) = t.strip_suffix(u) {
            t = rest.trim().to_string();
            break;
        }
    }
    if matches!(t.as_str(), "none" | "no") {
        t = "0".into();
    }
    match crate::parse::number(&t) {
        Some(v) if (lo..=hi).contains(&v) => Ok(v),
        Some(v) => Err(format!("{v} is out of range; {what} is from {lo} to {hi}")),
        None => Err(format!(
            "'{text}' is not a number; {what} is from {lo} to {hi}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legs() -> Vec<Opt<&'static str>> {
        vec![
            Opt::new("left", "left", &["l"]),
            Opt::new("right", "right", &["r"]),
            Opt::new("both", "both", &[]),
        ]
    }

    #[test]
    fn pick_accepts_numbers_words_and_prefixes() {
        assert_eq!(pick("2", &legs()), Ok("right"));
        assert_eq!(pick("Left", &legs()), Ok("left"));
        assert_eq!(pick("bo", &legs()), Ok("both"));
        assert!(pick("4", &legs()).unwrap_err().contains("1 to 3"));
        assert!(pick("middle", &legs()).is_err());
    }

    #[test]
    fn typos_get_a_suggestion_that_enter_takes() {
        let e = pick("lft", &legs()).unwrap_err();
        assert!(e.contains("did you mean 'left'?"), "{e}");
        assert_eq!(suggestion_in(&e).as_deref(), Some("left"));
        let mut out = Vec::new();
        let mut p = Prompter::new(&b"lft\n\n"[..], &mut out, false);
        let q = Question::new("Which leg?", "h");
        assert_eq!(
            p.ask(&q, |t| pick(t, &legs())).unwrap(),
            Answer::Given("left")
        );
    }

    #[test]
    fn pick_many_splits_on_spaces_and_commas() {
        assert_eq!(pick_many("1, 3", &legs()), Ok(vec!["left", "both"]));
        assert_eq!(pick_many("none", &legs()), Ok(vec![]));
        assert_eq!(pick_many(" N ", &legs()), Ok(vec![]));
        assert_eq!(
            pick_many("left and right", &legs()),
            Ok(vec!["left", "right"])
        );
    }

    #[test]
    fn enter_takes_the_default_and_bad_answers_are_reasked() {
        let mut out = Vec::new();
        let mut p = Prompter::new(&b"7\n\n"[..], &mut out, false);
        let q = Question::new("Pain?", "0 to 10").default(Some("3".into()));
        let a = p.ask(&q, |t| whole(t, 0, 10, "pain")).unwrap();
        assert_eq!(a, Answer::Given(7));
        let a = p.ask(&q, |t| whole(t, 0, 10, "pain")).unwrap();
        assert_eq!(a, Answer::Default(3));

        let mut out = Vec::new();
        let mut p = Prompter::new(&b"eleven\n11\n5\n"[..], &mut out, false);
        let a = p.ask(&q, |t| whole(t, 0, 10, "pain")).unwrap();
        assert_eq!(a, Answer::Given(5));
        let shown = String::from_utf8(out).unwrap();
        assert_eq!(shown.matches("Sorry:").count(), 2, "{shown}");
    }

    #[test]
    fn arrow_keys_alone_are_not_enter() {
        let mut out = Vec::new();
        let mut p = Prompter::new(&b"\x1b[D\x1b[A\nleft\n"[..], &mut out, false);
        let q = Question::new("Which leg?", "h");
        let got = p.ask(&q, |t| {
            if t == "left" {
                Ok(1)
            } else {
                Err(format!("not {t}"))
            }
        });
        assert_eq!(got.unwrap(), Answer::Given(1));
        assert!(String::from_utf8_lossy(&out).contains("arrow keys do not work here"));
    }

    #[test]
    fn control_answers_and_end_of_input() {
        let mut out = Vec::new();
        let mut p = Prompter::new(&b"<\n-\n.\n"[..], &mut out, false);
        let q = Question::new("Q", "h");
        assert_eq!(p.ask(&q, |_| Ok(1)).unwrap(), Answer::Back);
        assert_eq!(p.ask(&q, |_| Ok(1)).unwrap(), Answer::Skip);
        assert_eq!(p.ask(&q, |_| Ok(1)).unwrap(), Answer::ToEnd);
        let err = p.ask(&q, |_| Ok(1)).unwrap_err();
        assert!(err.downcast_ref::<Cancelled>().is_some());
    }

    #[test]
    fn required_questions_refuse_a_skip() {
        let mut out = Vec::new();
        let mut p = Prompter::new(&b"-\n\ny\n"[..], &mut out, false);
        let q = Question::new("Q", "type y or n").required();
        assert_eq!(p.ask(&q, yes_no).unwrap(), Answer::Given(true));
        assert_eq!(
            String::from_utf8(out)
                .unwrap()
                .matches("needs an answer")
                .count(),
            2
        );
    }

    #[test]
    fn escape_sequences_are_not_part_of_an_answer() {
        assert_eq!(strip_escapes("\u{1b}[Aleft\u{1b}[D\r"), "left");
    }
}
