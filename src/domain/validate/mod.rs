//! Validation of a snapshot on the way in. It reports **every** problem at once, each with the
//! JSON pointer (RFC 6901) of the value at fault, so a client can fix a submission in one go.
//!
//! Here: what a valid name, text, amount or ratio is; `parts` walks the report and says where
//! each of them is.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

mod chars;
mod claims;
pub mod document;
mod parts;
mod portfolio;
mod schema2;
mod scoring;
mod self_evaluation;
pub mod version;

use super::figure::Figure;
use super::pointer::Pointer;
use super::report::{Snapshot, Split, StatedChange, Unit};

/// One thing wrong with a request, located by a JSON pointer into its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Problem {
    /// JSON pointer (RFC 6901) to the offending value; `""` is the whole document.
    #[schema(value_type = String, example = "/budget/lines/0/amount")]
    pub pointer: Pointer,
    #[schema(example = "must not be negative")]
    pub message: String,
}

impl Problem {
    pub fn new(pointer: impl Into<Pointer>, message: impl Into<String>) -> Self {
        Problem { pointer: pointer.into(), message: message.into() }
    }
}

pub const MIN_YEAR: u16 = 1949;
pub const MAX_YEAR: u16 = 2100;
/// Amounts above this many 万元 (100 trillion yuan) are typing errors, not budgets.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_410_065_408, 2, 0, false, 0); // 10^10
/// A 万元 amount has at most six decimals (0.000001 万元 = 0.01 元): reports print 万元 with 2, 3
/// or 4 decimals, and an amount in 元 with its 分 is 6 decimals of 万元.
pub const MONEY_SCALE: u32 = super::money::MAX_SCALE;
/// A stated percentage, point or weight has at most six decimals.
pub const RATIO_SCALE: u32 = 6;
use super::texts::{MAX_LABEL_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS};
const MAX_ITEMS: usize = 10_000;

pub use super::unit_code::check_slug;
use chars::is_bidi_control;
pub use chars::is_blank;

pub fn check_year(year: u16) -> Result<(), String> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(format!("must be a year from {MIN_YEAR} to {MAX_YEAR}"))
    }
}

const BIDI_MESSAGE: &str = "must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069 ...)";

/// A single line of at most `max` characters that shows something, written left to right as
/// given: no control characters, no bidirectional overrides.
fn check_line(text: &str, max: usize) -> Result<(), String> {
    if is_blank(text) {
        return Err("must not be empty".into());
    }
    if text.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if text.chars().any(char::is_control) {
        return Err("must be a single line without control characters".into());
    }
    if text.chars().any(is_bidi_control) {
        return Err(BIDI_MESSAGE.into());
    }
    Ok(())
}

/// Checks a single-line name (unit, project, category ...): not blank, short, no markup, no
/// control characters. Names end up in titles, tables and file listings.
pub fn check_name(name: &str) -> Result<(), String> {
    check_line(name, MAX_NAME_CHARS)?;
    if name.contains(['<', '>']) {
        return Err("must not contain '<' or '>' (markup is not allowed in names)".into());
    }
    Ok(())
}

/// Validates a whole snapshot; `Err` carries every problem found.
pub fn validate(snapshot: &Snapshot) -> Result<(), Vec<Problem>> {
    let mut v = Validator::default();
    v.snapshot(snapshot);
    v.into_result()
}

/// Validates a unit on its own (the body of `PUT /units/{unit}`); pointers are relative to it.
pub fn validate_unit(unit: &Unit) -> Result<(), Vec<Problem>> {
    let mut v = Validator::default();
    v.unit(Pointer::root(), unit);
    v.into_result()
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn into_result(self) -> Result<(), Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }

    fn fail(&mut self, at: Pointer, message: impl Into<String>) {
        self.problems.push(Problem { pointer: at, message: message.into() });
    }

    fn result(&mut self, at: Pointer, result: Result<(), String>) {
        if let Err(message) = result {
            self.fail(at, message);
        }
    }

    fn name(&mut self, at: Pointer, name: &str) {
        self.result(at, check_name(name));
    }

    fn opt_name(&mut self, at: Pointer, name: &Option<String>) {
        if let Some(name) = name {
            self.name(at, name);
        }
    }

    /// A single-line label or short statement: may contain any printable text.
    fn label(&mut self, at: Pointer, text: &str) {
        self.result(at, check_line(text, MAX_LABEL_CHARS));
    }

    fn opt_label(&mut self, at: Pointer, text: &Option<String>) {
        if let Some(text) = text {
            self.label(at, text);
        }
    }

    /// Multi-line Markdown text.
    fn text(&mut self, at: Pointer, text: &str) {
        if is_blank(text) {
            self.fail(at, "must not be empty");
        } else if text.chars().count() > MAX_TEXT_CHARS {
            self.fail(at, format!("must be at most {MAX_TEXT_CHARS} characters"));
        } else if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            self.fail(at, "must not contain control characters other than line breaks and tabs");
        } else if text.chars().any(is_bidi_control) {
            // A narrative is published as a page: an override would show its words in another order.
            self.fail(at, BIDI_MESSAGE);
        }
    }

    fn opt_text(&mut self, at: Pointer, text: &Option<String>) {
        if let Some(text) = text {
            self.text(at, text);
        }
    }

    fn texts(&mut self, at: Pointer, texts: &[String]) {
        self.count(&at, texts.len());
        for (i, text) in texts.iter().enumerate() {
            self.text(&at / i, text);
        }
    }

    fn count(&mut self, at: &Pointer, len: usize) {
        if len > MAX_ITEMS {
            self.fail(at.clone(), format!("must have at most {MAX_ITEMS} items"));
        }
    }

    fn year(&mut self, at: Pointer, year: u16) {
        self.result(at, check_year(year));
    }

    fn opt_year(&mut self, at: Pointer, year: Option<u16>) {
        if let Some(year) = year {
            self.year(at, year);
        }
    }

    /// A non-negative amount in 万元 with at most six decimals, below the absurd.
    fn money(&mut self, at: Pointer, amount: Decimal) {
        if amount.is_sign_negative() {
            self.fail(at, "must not be negative");
        } else if amount.scale() > MONEY_SCALE {
            self.fail(at, format!("must have at most {MONEY_SCALE} decimals (an amount in 万元)"));
        } else if amount > MAX_AMOUNT {
            self.fail(at, format!("is implausibly large (over {MAX_AMOUNT} 万元)"));
        }
    }

    fn opt_money(&mut self, at: Pointer, amount: Option<Decimal>) {
        if let Some(amount) = amount {
            self.money(at, amount);
        }
    }

    fn figure(&mut self, at: Pointer, figure: Option<Figure>) {
        if let Some(Figure::Known(amount)) = figure {
            self.money(at, amount);
        }
    }

    /// A non-negative ratio or score with at most `scale` decimals and at most `max`.
    fn ratio(&mut self, at: Pointer, value: Decimal, scale: u32, max: Decimal) {
        if value.is_sign_negative() {
            self.fail(at, "must not be negative");
        } else if value.scale() > scale {
            self.fail(at, format!("must have at most {scale} decimals"));
        } else if value > max {
            self.fail(at, format!("must be at most {max}"));
        }
    }

    fn split(&mut self, at: Pointer, split: &Split) {
        self.opt_money(&at / "basic", split.basic);
        self.opt_money(&at / "project", split.project);
        self.opt_money(at / "total", split.total);
    }

    fn change(&mut self, at: Pointer, change: &StatedChange, money: bool) {
        if change.amount.is_none() && change.percent.is_none() && change.direction.is_none() {
            self.fail(at.clone(), "must state a direction, an amount or a percentage");
        }
        if let Some(amount) = change.amount {
            if money {
                self.money(&at / "amount", amount);
            } else {
                self.ratio(&at / "amount", amount, RATIO_SCALE, MAX_AMOUNT);
            }
        }
        if let Some(percent) = change.percent {
            self.ratio(at / "percent", percent, RATIO_SCALE, Decimal::from(1_000_000));
        }
    }
}
