//! Fields declared once (docs/design.md, "Night fields").
//!
//! A record's plain fields are described by one table of [`Spec`]s (the night's is the
//! `night_fields!` table in `model.rs`): the SQL column, the kind and range, the command-line
//! option, the label, whether `edit --unset` may forget it, its line in `show` and, for the
//! day before, its question in the guided entry. The store reads and writes
//! columns by these names through [`Cell`]; validation, the `log`/`edit` options, `--unset`,
//! CSV columns and the guided entry's simple questions read their ranges from here, so a range
//! is written once.

use chrono::{DateTime, FixedOffset, NaiveTime};

/// A field's value as the store holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// A field's value as the store holds it, borrowed: what setters read, so a row from the
/// store becomes a field without an intermediate `String` (docs/design.md section 14.1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl Cell {
    /// The same value, borrowed.
    pub fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Null => CellRef::Null,
            Cell::Int(i) => CellRef::Int(*i),
            Cell::Real(v) => CellRef::Real(*v),
            Cell::Text(t) => CellRef::Text(t),
        }
    }
}

/// What a field holds, with its range where it has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A whole number in `lo..=hi`; `hint` follows the range in errors (" (0 none, 10 worst)").
    Int {
        lo: i64,
        hi: i64,
        hint: &'static str,
    },
    /// A decimal in `lo..=hi`, written with an optional unit word (`7.5h`, `38 cm`).
    Decimal {
        lo: f64,
        hi: f64,
        unit: &'static str,
        suffixes: &'static [&'static str],
    },
    /// yes / no.
    Bool,
    /// A vocabulary id (see `vocab.rs`).
    Id,
    /// A clock time, `HH:MM`.
    Time,
    /// Free text, at most `max` characters.
    Text { max: usize },
    /// The symptom checklist: the column says whether it was answered; the items have a table.
    Checklist,
    /// When the entry was made (RFC 3339), set by the program.
    Stamp,
}

impl Kind {
    /// The stored stand-in for "unknown" in a NOT NULL column (the checklist's `0`, the
    /// stamp's empty text), else SQL NULL.
    pub fn null_cell(self) -> Cell {
        match self {
            Kind::Checklist => Cell::Int(0),
            Kind::Stamp => Cell::Text(String::new()),
            _ => Cell::Null,
        }
    }

    /// Whether `cell` is this kind's [`null_cell`](Kind::null_cell).
    pub fn is_null_cell(self, cell: CellRef<'_>) -> bool {
        match (self, cell) {
            (Kind::Checklist, CellRef::Int(0)) | (Kind::Stamp, CellRef::Text("")) => true,
            (Kind::Checklist | Kind::Stamp, _) => false,
            (_, cell) => cell == CellRef::Null,
        }
    }

    /// Whether a number is inside this kind's range (always true for kinds without one).
    pub fn contains(self, v: f64) -> bool {
        match self {
            Kind::Int { lo, hi, .. } => (lo as f64..=hi as f64).contains(&v),
            Kind::Decimal { lo, hi, .. } => v.is_finite() && (lo..=hi).contains(&v),
            _ => true,
        }
    }

    /// The range as `lo..=hi`, for error messages.
    pub fn range_text(self) -> Option<String> {
        match self {
            Kind::Int { lo, hi, .. } => Some(format!("{lo}..={hi}")),
            Kind::Decimal { lo, hi, .. } => Some(format!("{lo}..={hi}")),
            _ => None,
        }
    }
}

/// How a field is given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Its own option, `--NAME VALUE` (`value` is the placeholder in `--help`).
    Option {
        name: &'static str,
        value: &'static str,
    },
    /// A yes/no option that may stand alone (`--heat`, `--heat=no`).
    Switch { name: &'static str },
    /// Part of a combined option (`--rls`, `--calf-cm`, `--soreness N:SIDE`), spelt `NAME`.
    Part { name: &'static str },
    /// Not an option (set by the program, or entered another way).
    None,
}

impl Flag {
    /// The option's name without dashes, if the field has one.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Flag::Option { name, .. } | Flag::Switch { name } | Flag::Part { name } => Some(name),
            Flag::None => None,
        }
    }
}

/// How `show` prints a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// A line of its own: `label`, then the value followed by `unit` ("On feet that day  7.5 h").
    Line {
        label: &'static str,
        unit: &'static str,
    },
    /// On the line of a field it belongs with (a side, an up time, the other probes).
    No,
    /// A line the view composes from several fields (soreness and its side, bed and up
    /// times, the probes, both calves, the checklist, sleep quality in words).
    View,
}

/// A line of its own in `show`.
pub const fn line(label: &'static str, unit: &'static str) -> Show {
    Show::Line { label, unit }
}

/// The guided entry's question about a field of the day before (docs/design.md, "Night
/// fields"). Numbers are read within the field's range, yes/no as yes or no, a vocabulary
/// id by its choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    /// Its place among the questions about the day before, which are asked in this order.
    pub order: u8,
    /// The question; `{day}` becomes the day's words ("yesterday", "on Thursday").
    pub question: &'static str,
    /// What to type, said with the question's help; `{range}` becomes the field's range.
    pub hint: &'static str,
    /// Its name in "kept from your usual answers: …".
    pub called: &'static str,
    /// The usual answer in "Was yesterday a usual day? (…)"; `{}` becomes the answer.
    pub usual: &'static str,
    /// A number's unit in errors ("hours"); `minutes` also takes hours ("1.5h").
    pub unit: &'static str,
    /// A vocabulary id's choices: its id, its words, and other words a person may type.
    pub choices: &'static [(&'static str, &'static str, &'static [&'static str])],
}

/// One field of a record `R`.
pub struct Spec<R> {
    /// The field's id: its JSON key and CSV header.
    pub id: &'static str,
    /// The SQL column.
    pub column: &'static str,
    pub kind: Kind,
    pub cli: Flag,
    /// Plain words for people (also the option's help text).
    pub label: &'static str,
    /// Whether `edit --unset` may forget it.
    pub unsettable: bool,
    /// Its line in `show`.
    pub show: Show,
    /// Its question in the guided entry, when it is a plain question about the day before.
    pub ask: Option<Ask>,
    pub get: fn(&R) -> Cell,
    pub set: fn(&mut R, CellRef<'_>) -> Result<(), String>,
}

impl<R> std::fmt::Debug for Spec<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec").field("id", &self.id).finish()
    }
}

/// A type a field can hold: how it becomes a [`Cell`] and back.
pub trait Stored: Sized {
    fn to_cell(&self) -> Cell;
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String>;
}

/// `None` is [`Cell::Null`]; the macro's getters and setters go through this.
pub fn to_cell<T: Stored>(v: &Option<T>) -> Cell {
    v.as_ref().map_or(Cell::Null, Stored::to_cell)
}

/// The reverse of [`to_cell`].
pub fn from_cell<T: Stored>(cell: CellRef<'_>) -> Result<Option<T>, String> {
    match cell {
        CellRef::Null => Ok(None),
        c => T::from_cell(c).map(Some),
    }
}

fn int(cell: CellRef<'_>) -> Result<i64, String> {
    match cell {
        CellRef::Int(i) => Ok(i),
        other => Err(format!("expected a whole number, found {other:?}")),
    }
}

/// A text cell's text, borrowed.
pub fn text(cell: CellRef<'_>) -> Result<&str, String> {
    match cell {
        CellRef::Text(s) => Ok(s),
        other => Err(format!("expected text, found {other:?}")),
    }
}

macro_rules! stored_int {
    ($($t:ty),*) => {$(
        impl Stored for $t {
            fn to_cell(&self) -> Cell {
                Cell::Int(i64::from(*self))
            }
            fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
                let i = int(cell)?;
                <$t>::try_from(i).map_err(|_| format!("{i} does not fit"))
            }
        }
    )*};
}
stored_int!(u8, u16, u32);

impl Stored for f64 {
    fn to_cell(&self) -> Cell {
        Cell::Real(*self)
    }
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match cell {
            CellRef::Real(v) => Ok(v),
            CellRef::Int(i) => Ok(i as f64),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}

impl Stored for bool {
    fn to_cell(&self) -> Cell {
        Cell::Int(i64::from(*self))
    }
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match int(cell)? {
            0 => Ok(false),
            1 => Ok(true),
            i => Err(format!("expected 0 or 1, found {i}")),
        }
    }
}

impl Stored for String {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.clone())
    }
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        text(cell).map(str::to_string)
    }
}

impl Stored for NaiveTime {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.format("%H:%M").to_string())
    }
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        let text = text(cell)?;
        NaiveTime::parse_from_str(text, "%H:%M").map_err(|e| format!("'{text}': {e}"))
    }
}

impl Stored for DateTime<FixedOffset> {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.to_rfc3339())
    }
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        let text = text(cell)?;
        DateTime::parse_from_rfc3339(text).map_err(|e| format!("'{text}': {e}"))
    }
}

/// Declares a record's plain fields once: the struct fields (with serde names equal to the
/// ids) and the `FIELDS` table of [`Spec`]s. Fields that are not plain (a night's date and
/// episodes) are written before the table and passed in as `head`.
macro_rules! fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident, $table:ident {
            head { $($(#[$hmeta:meta])* $head:ident: $hty:ty),* $(,)? }
            $(
                $(#[$fmeta:meta])*
                $field:ident: $ty:ty => $column:literal, $kind:expr, $cli:expr, $label:literal,
                    unset: $unset:literal, show: $show:expr $(, ask: $ask:expr)?;
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$hmeta])* pub $head: $hty,)*
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        /// Every plain field, in the order of the struct (and of CSV columns).
        pub const $table: &[$crate::field::Spec<$name>] = &[$(
            $crate::field::Spec {
                id: stringify!($field),
                column: $column,
                kind: $kind,
                cli: $cli,
                label: $label,
                unsettable: $unset,
                show: $show,
                ask: $crate::field::maybe!($($ask)?),
                get: |r: &$name| $crate::field::to_cell(&r.$field),
                set: |r: &mut $name, c| {
                    r.$field = $crate::field::from_cell(c)?;
                    Ok(())
                },
            },
        )*];
    };
}
pub(crate) use fields;

/// `Some` of an optional macro argument, or `None` without one.
macro_rules! maybe {
    () => {
        None
    };
    ($e:expr) => {
        Some($e)
    };
}
pub(crate) use maybe;

/// The spec with this id (or option name), if any.
pub fn find<'a, R>(table: &'a [Spec<R>], id: &str) -> Option<&'a Spec<R>> {
    table.iter().find(|s| s.id == id)
}
