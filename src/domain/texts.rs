//! The three kinds of text the validator checks, their sizes and OpenAPI schemas (`check_name`, a label, a
//! narrative), so that the document states what the server enforces: a schema-valid value is
//! accepted, and an empty, blank, over-long, marked-up or bidi-controlled one is refused by both.
//! Fields name them with `#[schema(value_type = Name)]` (or `Option<Label>`, `Vec<Text>`).

use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_LABEL_CHARS: usize = 1_000;
pub const MAX_TEXT_CHARS: usize = 200_000;

/// Characters no text may hold: control characters (C0, DEL, C1) and bidirectional controls.
const CONTROLS: &str = r"\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069";
/// The same, less the line breaks and tabs a narrative may hold.
const TEXT_CONTROLS: &str = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069";
/// Characters that print nothing (`chars::is_invisible`, in the Basic Multilingual Plane): a text
/// needs one character that is none of them.
const INVISIBLE: &str = r"\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2064\u206a-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0";

/// `^[allowed]*[shown][allowed]*$`: only allowed characters, one of them visible (`\s` in
/// INVISIBLE also takes the line breaks and tabs a narrative may hold).
fn pattern(forbidden: &str) -> String {
    let visible = format!("[^{forbidden}{INVISIBLE}]");
    format!("^[^{forbidden}]*{visible}[^{forbidden}]*$")
}

fn text_schema(max: usize, forbidden: &str, description: &str) -> RefOr<Schema> {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(pattern(forbidden)))
        .description(Some(description));
    RefOr::T(Schema::Object(schema.build()))
}

/// A name (unit, project, category, grade ...): one line, shown in titles, tables and files.
pub struct Name;

impl PartialSchema for Name {
    fn schema() -> RefOr<Schema> {
        let description =
            "A name: 1-200 characters, one line, something visible, no `<` `>`, control or bidi characters.";
        text_schema(MAX_NAME_CHARS, &format!("<>{CONTROLS}"), description)
    }
}

impl ToSchema for Name {}

/// A label or short statement: one line of any printable text.
pub struct Label;

impl PartialSchema for Label {
    fn schema() -> RefOr<Schema> {
        let description = "A label: 1-1000 characters, one line, something visible, no control or bidi characters.";
        text_schema(MAX_LABEL_CHARS, CONTROLS, description)
    }
}

impl ToSchema for Label {}

/// A narrative: Markdown over several lines.
pub struct Text;

impl PartialSchema for Text {
    fn schema() -> RefOr<Schema> {
        let description =
            "A narrative: up to 200,000 characters, something visible; line breaks and tabs, but no other control or bidi characters.";
        text_schema(MAX_TEXT_CHARS, TEXT_CONTROLS, description)
    }
}

impl ToSchema for Text {}
