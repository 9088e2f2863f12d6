//! Leaf-level differences between two JSON documents, addressed by JSON pointers (RFC 6901):
//! what changed between two revisions of a snapshot, in terms of its canonical form.

use std::collections::BTreeSet;

use serde_json::Value;

/// One leaf that differs: a member or item absent on one side is `null` there.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference<'a> {
    pub pointer: String,
    pub before: &'a Value,
    pub after: &'a Value,
}

static ABSENT: Value = Value::Null;

/// Every leaf where `before` and `after` differ, objects in member-name order, arrays by index.
pub fn differences<'a>(before: &'a Value, after: &'a Value) -> Vec<Difference<'a>> {
    let mut out = Vec::new();
    walk(before, after, &mut String::new(), &mut out);
    out
}

/// A member name as a pointer segment: `~` becomes `~0` and `/` becomes `~1` (RFC 6901 §4).
fn segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn walk<'a>(before: &'a Value, after: &'a Value, at: &mut String, out: &mut Vec<Difference<'a>>) {
    let mut descend = |at: &mut String, child: String, x: &'a Value, y: &'a Value| {
        let len = at.len();
        at.push('/');
        at.push_str(&child);
        walk(x, y, at, out);
        at.truncate(len);
    };
    match (before, after) {
        (Value::Object(x), Value::Object(y)) => {
            let names: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for name in names {
                descend(at, segment(name), x.get(name).unwrap_or(&ABSENT), y.get(name).unwrap_or(&ABSENT));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                descend(at, i.to_string(), x.get(i).unwrap_or(&ABSENT), y.get(i).unwrap_or(&ABSENT));
            }
        }
        (x, y) if x != y => out.push(Difference { pointer: at.clone(), before: x, after: y }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(a: &Value, b: &Value) -> Vec<String> {
        differences(a, b).into_iter().map(|d| d.pointer).collect()
    }

    #[test]
    fn equal_documents_have_no_difference() {
        let doc = json!({"a": [1, {"b": null}], "c": "x"});
        assert_eq!(differences(&doc, &doc), vec![]);
    }

    #[test]
    fn member_names_are_escaped_as_rfc_6901() {
        let (a, b) = (json!({"a/b": 1, "m~n": 1, "~1": 1}), json!({"a/b": 2, "m~n": 2, "~1": 2}));
        assert_eq!(pointers(&a, &b), ["/a~1b", "/m~0n", "/~01"]);
    }

    #[test]
    fn arrays_of_different_lengths_compare_missing_items_as_null() {
        let (a, b) = (json!([1, 2]), json!([1, 3, 4]));
        let found = differences(&a, &b);
        assert_eq!(found.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/1", "/2"]);
        assert_eq!((found[1].before, found[1].after), (&Value::Null, &json!(4)));
        assert_eq!(pointers(&b, &a), ["/1", "/2"]);
    }

    #[test]
    fn nested_leaves_are_reported_with_their_whole_path() {
        let a = json!({"budget": {"lines": [{"amount": "1"}, {"amount": "2"}]}, "title": "x"});
        let b = json!({"budget": {"lines": [{"amount": "1"}, {"amount": "3", "note": "n"}]}, "title": "x"});
        assert_eq!(pointers(&a, &b), ["/budget/lines/1/amount", "/budget/lines/1/note"]);
    }

    #[test]
    fn a_changed_type_is_one_difference_at_that_place() {
        let (a, b) = (json!({"x": {"y": 1}}), json!({"x": [1]}));
        let found = differences(&a, &b);
        assert_eq!(found, vec![Difference { pointer: "/x".into(), before: &a["x"], after: &b["x"] }]);
    }
}
