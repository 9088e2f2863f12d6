//! JSON pointers (RFC 6901): where a value sits in a document. Built by pushing member names
//! and array indices (`&at / "amount"`, `&rows / i`), so escaping is done once, here, and two
//! pointers are compared by segments rather than by string prefix.

use std::fmt;
use std::ops::Div;
use std::str::FromStr;

use utoipa::openapi::{schema::Schema, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::newtype::checked_string;

/// A JSON pointer, kept in its RFC 6901 text (`/budget/lines/0/amount`) so that showing and
/// serializing it cost nothing. The root, `""`, is the whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

/// One step down into a document: a member name or an array index.
pub trait Segment {
    /// Appends `/` and the escaped segment to a pointer's text.
    fn push_onto(self, text: &mut String);
}

impl Segment for &str {
    fn push_onto(self, text: &mut String) {
        text.push('/');
        for c in self.chars() {
            match c {
                '~' => text.push_str("~0"),
                '/' => text.push_str("~1"),
                c => text.push(c),
            }
        }
    }
}

impl Segment for &String {
    fn push_onto(self, text: &mut String) {
        self.as_str().push_onto(text);
    }
}

impl Segment for usize {
    fn push_onto(self, text: &mut String) {
        use fmt::Write;
        write!(text, "/{self}").expect("writing to a String cannot fail");
    }
}

impl Pointer {
    /// The whole document.
    pub fn root() -> Self {
        Pointer::default()
    }

    /// This pointer one member further down.
    pub fn field(self, name: &str) -> Self {
        self / name
    }

    /// This pointer one array element further down.
    pub fn index(self, index: usize) -> Self {
        self / index
    }

    /// `relative` (a pointer into the value here) as a pointer from the root: `/scope` joined
    /// with `/units/0` is `/scope/units/0`.
    pub fn join(&self, relative: &Pointer) -> Pointer {
        Pointer(format!("{}{}", self.0, relative.0))
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether this pointer is `ancestor` or lies inside it, segment by segment: `/a/1/b` is
    /// within `/a/1`, and `/a/10` is not.
    pub fn is_within(&self, ancestor: &Pointer) -> bool {
        self.0.strip_prefix(&ancestor.0).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The reference tokens, unescaped: `/a~1b/0` gives `a/b` and `0`.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|token| token.replace("~1", "/").replace("~0", "~"))
    }

    /// Reads RFC 6901 text: empty, or `/`-separated tokens where `~` is only `~0` or `~1`.
    pub fn parse(text: &str) -> Result<Self, InvalidPointer> {
        let valid_tildes = |token: &str| token.split('~').skip(1).all(|rest| rest.starts_with(['0', '1']));
        if !(text.is_empty() || text.starts_with('/')) || !text.split('/').all(valid_tildes) {
            return Err(InvalidPointer(text.to_string()));
        }
        Ok(Pointer(text.to_string()))
    }
}

/// `&parent / "member"` and `&parent / index`: a child without rebuilding the parent.
impl<S: Segment> Div<S> for &Pointer {
    type Output = Pointer;

    fn div(self, segment: S) -> Pointer {
        self.clone() / segment
    }
}

/// `Pointer::root() / "budget" / "lines" / 0`.
impl<S: Segment> Div<S> for Pointer {
    type Output = Pointer;

    fn div(mut self, segment: S) -> Pointer {
        segment.push_onto(&mut self.0);
        self
    }
}

/// Text that is not an RFC 6901 pointer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a JSON pointer (RFC 6901)")]
pub struct InvalidPointer(pub String);

impl FromStr for Pointer {
    type Err = InvalidPointer;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Pointer::parse(text)
    }
}

/// Pointer text written in the code (`"/unit/code"`, or one built from another pointer); text
/// from outside is read with [`Pointer::parse`].
impl From<&str> for Pointer {
    fn from(text: &str) -> Self {
        debug_assert!(Pointer::parse(text).is_ok(), "{text:?} is not a JSON pointer");
        Pointer(text.to_string())
    }
}

impl From<String> for Pointer {
    fn from(text: String) -> Self {
        debug_assert!(Pointer::parse(&text).is_ok(), "{text:?} is not a JSON pointer");
        Pointer(text)
    }
}

checked_string!(Pointer, "");

/// In the OpenAPI document a pointer is the string it serializes as.
impl PartialSchema for Pointer {
    fn schema() -> RefOr<Schema> {
        String::schema()
    }
}

impl ToSchema for Pointer {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_by_fields_and_indices() {
        let line = Pointer::root().field("budget").field("lines").index(3);
        assert_eq!(line.to_string(), "/budget/lines/3");
        assert_eq!((&line / "amount").as_str(), "/budget/lines/3/amount");
        assert_eq!(line, "/budget/lines/3", "the parent is left as it was");
        assert_eq!(Pointer::root().to_string(), "");
        assert!(Pointer::root().is_root());
    }

    #[test]
    fn tilde_and_slash_are_escaped_in_that_order() {
        // RFC 6901 section 4: `~1` must not be read back as `~` followed by `1`.
        let p = Pointer::root() / "a/b" / "m~n" / "~1";
        assert_eq!(p.as_str(), "/a~1b/m~0n/~01");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["a/b", "m~n", "~1"]);
        assert_eq!(Pointer::parse("/a~1b/m~0n/~01"), Ok(p));
    }

    #[test]
    fn the_empty_member_name_is_a_segment() {
        let p = Pointer::root() / "";
        assert_eq!(p.as_str(), "/");
        assert!(!p.is_root());
        assert_eq!(p.tokens().collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn a_relative_pointer_joins_under_its_base() {
        let scope = Pointer::root() / "scope";
        assert_eq!(scope.join(&(Pointer::root() / "units" / 0)), "/scope/units/0");
        assert_eq!(scope.join(&Pointer::root()), "/scope");
    }

    #[test]
    fn within_means_on_segment_boundaries() {
        let rows = Pointer::root() / "a" / 1;
        assert!((&rows / "b").is_within(&rows));
        assert!(rows.is_within(&rows));
        assert!(rows.is_within(&Pointer::root()));
        assert!(!(Pointer::root() / "a" / 10).is_within(&rows));
        assert!(!(Pointer::root() / "ab").is_within(&(Pointer::root() / "a")));
        assert!(!(Pointer::root() / "a").is_within(&rows));
    }

    #[test]
    fn only_rfc_6901_text_parses() {
        for good in ["", "/", "/a", "/a/0", "/~0/~1", "//"] {
            assert_eq!(Pointer::parse(good).map(|p| p.to_string()).as_deref(), Ok(good));
        }
        for bad in ["a", "a/b", "/~", "/~2", "/a~"] {
            assert!(Pointer::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn serializes_as_its_text() {
        let p = Pointer::root() / "x" / 0;
        assert_eq!(serde_json::to_value(&p).unwrap(), "/x/0");
        assert_eq!(serde_json::from_str::<Pointer>(r#""/x/0""#).unwrap(), p);
        assert!(serde_json::from_str::<Pointer>(r#""x""#).is_err());
    }
}
