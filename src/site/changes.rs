//! What changed from one published revision to the next, as the 修订历史 tables show it. A
//! change depends only on the two documents, so it is computed once and kept in the site root
//! (`cache/changes/<unit>.json`, by the two hashes): a publication diffs its revision against
//! the one before, not every pair of the year again.

use std::sync::Arc;

use serde_json::Value;

use super::data::{change_key, moment, Changes, Published, UnitData};
use super::error::Result;
use super::escape::html;
use crate::integrity::diff::differences;
use crate::store::{RevisionMeta, Store};

/// Most changes listed under a revision; the rest are counted.
const LISTED: usize = 50;

/// What changed from one stored document to the next, folded.
pub fn folded(before: &str, after: &str) -> String {
    let parse = |document: &str| -> Value { serde_json::from_str(document).expect("stored documents are JSON") };
    let (before, after) = (parse(before), parse(after));
    let diff = differences(&before, &after);
    let items: String = diff
        .iter()
        .take(LISTED)
        .map(|d| {
            format!("<li><code>{}</code>：{} → {}</li>", html(&d.pointer), html(&show(d.before)), html(&show(d.after)))
        })
        .collect();
    let more =
        if diff.len() > LISTED { format!("<li>……另有{}处</li>", diff.len() - LISTED) } else { String::new() };
    format!("<details><summary>{}处改动</summary><ul>{items}{more}</ul></details>", diff.len())
}

/// A value in a change list: absent says so, long text is cut.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "（无）".to_string(),
        Value::String(s) => s.chars().take(60).collect(),
        other => other.to_string().chars().take(60).collect(),
    }
}

/// Consecutive pairs of a list of published revisions.
fn pairs(list: &[&RevisionMeta], year: u16, out: &mut Vec<(u16, RevisionMeta, RevisionMeta)>) {
    out.extend(list.windows(2).map(|w| (year, w[0].clone(), w[1].clone())));
}

/// The pairs the pages to render show: each year's whole history (its latest page), and the
/// history of each `fresh` revision's page as it was when that revision was published.
fn shown(unit: &UnitData, fresh: &dyn Fn(u16, &RevisionMeta) -> bool) -> Vec<(u16, RevisionMeta, RevisionMeta)> {
    let mut out = Vec::new();
    for year in &unit.years {
        pairs(&year.published.iter().collect::<Vec<_>>(), year.year, &mut out);
        for page in year.published.iter().filter(|m| fresh(year.year, m)) {
            let then: Vec<&RevisionMeta> = year.published.iter().filter(|m| moment(m) <= moment(page)).collect();
            if then.len() != year.published.len() {
                pairs(&then, year.year, &mut out);
            }
        }
    }
    out
}

/// Fills `unit.changes` with what its pages show: from `known` where it is there, else diffed
/// now (reading from the store a document the unit was loaded without). Returns the new ones.
pub async fn fill(
    store: &dyn Store,
    unit: &mut UnitData,
    fresh: &dyn Fn(u16, &RevisionMeta) -> bool,
    known: &Changes,
) -> Result<Changes> {
    let mut changes = Changes::new();
    let mut computed = Changes::new();
    for (year, before, after) in shown(unit, fresh) {
        let key = change_key(&before, &after);
        if changes.contains_key(&key) {
            continue;
        }
        let text = match known.get(&key) {
            Some(text) => text.clone(),
            None => {
                let before = document(store, unit, year, &before).await?;
                let after = document(store, unit, year, &after).await?;
                let text = folded(&before, &after);
                computed.insert(key.clone(), text.clone());
                text
            }
        };
        changes.insert(key, text);
    }
    unit.changes = Arc::new(changes);
    Ok(computed)
}

/// A published revision's document: from the unit when it was read with it, else from the store.
async fn document(store: &dyn Store, unit: &UnitData, year: u16, meta: &RevisionMeta) -> Result<String> {
    let loaded: Option<&Arc<Published>> =
        unit.year(year).and_then(|y| y.revisions.iter().find(|r| r.meta.number == meta.number));
    if let Some(revision) = loaded {
        return Ok(revision.document.clone());
    }
    let revision = store.revision(unit.code(), year, meta.number).await?;
    Ok(revision.map(|r| r.document).unwrap_or_default())
}
