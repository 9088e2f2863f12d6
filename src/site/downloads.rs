//! Downloads: one CSV per table of a report (UTF-8 with a byte-order mark, so that the
//! spreadsheet programs used in China open it as UTF-8), and the index of every published
//! revision (JSON Lines).

use std::collections::BTreeMap;

use serde_json::json;

use super::labels;
use crate::domain::{Direction, Figure, Snapshot, StatedChange};
use crate::transparency::{Log, LogEntry};

/// One table of a report as rows of text.
pub struct CsvTable {
    /// File name: fixed words only, never text from a snapshot.
    pub file: &'static str,
    pub title: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn dec(value: Option<rust_decimal::Decimal>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn change_columns(change: &Option<StatedChange>) -> [String; 3] {
    let Some(c) = change else { return Default::default() };
    let direction = c.direction.map(Direction::as_str).unwrap_or_default().to_string();
    [direction, dec(c.amount), dec(c.percent)]
}

/// The tables of a snapshot, in report order; a table the snapshot lacks is left out.
pub fn tables(s: &Snapshot) -> Vec<CsvTable> {
    let mut out = Vec::new();
    if let Some(p) = s.profile.as_ref().filter(|p| !p.staff.is_empty()) {
        let mut rows: Vec<Vec<String>> =
            p.staff.iter().map(|c| vec![c.category.clone(), c.count.to_string()]).collect();
        if let Some(total) = p.stated_staff_total {
            rows.push(vec!["合计".into(), total.to_string()]);
        }
        out.push(CsvTable { file: "staff.csv", title: "人员构成", header: vec!["category", "count"], rows });
    }
    if let Some(b) = &s.budget {
        let rows = b
            .lines
            .iter()
            .map(|l| {
                let (item, phase) = (l.item.as_str().to_string(), l.phase.as_str().to_string());
                let [direction, change, percent] = change_columns(&l.stated_change);
                vec![item, l.label.clone(), phase, dec(l.amount), dec(l.prior_year_amount), direction, change, percent]
            })
            .collect();
        let header = vec![
            "item",
            "label",
            "phase",
            "amount",
            "prior_year_amount",
            "stated_direction",
            "stated_change",
            "stated_percent",
        ];
        out.push(CsvTable { file: "budget.csv", title: "年初预算收支", header, rows });
    }
    if let Some(e) = &s.expenditure {
        let mut rows = Vec::new();
        for (fund, split) in
            [("general_public_budget", &e.general_public_budget), ("government_fund_budget", &e.government_fund_budget)]
        {
            if let Some(sp) = split {
                rows.push(vec![fund.to_string(), dec(sp.basic), dec(sp.project), dec(sp.total)]);
            }
        }
        if e.stated_total.is_some() {
            rows.push(vec!["stated_total".into(), String::new(), String::new(), dec(e.stated_total)]);
        }
        if !rows.is_empty() {
            let header = vec!["fund", "basic", "project", "total"];
            out.push(CsvTable { file: "expenditure-funds.csv", title: "支出按资金来源", header, rows });
        }
    }
    if let Some(table) = s.expenditure.as_ref().and_then(|e| e.table.as_ref()) {
        let mut rows: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|r| {
                let c = &r.classification;
                let scheme = c.scheme.as_str().to_string();
                let level = c.level.map(|l| l.to_string()).unwrap_or_default();
                vec![
                    scheme,
                    opt(&c.code),
                    c.label.clone(),
                    level,
                    dec(r.amounts.basic),
                    dec(r.amounts.project),
                    dec(r.amounts.total),
                ]
            })
            .collect();
        if let Some(t) = &table.stated_totals {
            rows.push(vec!["".into(), "".into(), "合计".into(), "".into(), dec(t.basic), dec(t.project), dec(t.total)]);
        }
        let header = vec!["scheme", "code", "label", "level", "basic", "project", "total"];
        out.push(CsvTable {
            file: "expenditure-classification.csv", title: "支出经济分类和功能分类", header, rows
        });
    }
    if let Some(f) = &s.final_accounts {
        let mut rows = Vec::new();
        for (side, table) in [("income", &f.income), ("expenditure", &f.expenditure)] {
            let Some(table) = table else { continue };
            for line in table.lines.iter().chain(&table.stated_subtotal) {
                let [direction, change, _] = change_columns(&line.stated_difference);
                rows.push(vec![
                    side.to_string(),
                    line.label.clone(),
                    dec(line.budget),
                    dec(line.actual),
                    direction,
                    change,
                ]);
            }
        }
        let header = vec!["side", "label", "budget", "actual", "stated_direction", "stated_difference"];
        out.push(CsvTable { file: "final-accounts.csv", title: "年度收支决算", header, rows });
    }
    if let Some(k) = &s.key_projects {
        let mut summary = Vec::new();
        let mut projects = Vec::new();
        for category in &k.categories {
            for group in &category.groups {
                let count = group.stated_project_count.map(|c| c.to_string()).unwrap_or_default();
                let estimate = group.stated_estimate.map(|f| f.to_string()).unwrap_or_default();
                summary.push(vec![
                    category.name.clone(),
                    group.number.to_string(),
                    group.name.clone(),
                    count,
                    estimate,
                ]);
                for p in &group.projects {
                    let estimate = match (p.estimate, p.shares_estimate_of) {
                        (Some(Figure::Known(v)), _) => v.to_string(),
                        (Some(Figure::Unknown), _) => "/".to_string(),
                        (None, _) => String::new(),
                    };
                    let shared = p.shares_estimate_of.map(|n| n.to_string()).unwrap_or_default();
                    let years = |y: Option<u16>| y.map(|y| y.to_string()).unwrap_or_default();
                    projects.push(vec![
                        opt(&group.table),
                        group.name.clone(),
                        p.number.to_string(),
                        opt(&p.name),
                        opt(&p.content),
                        estimate,
                        shared,
                        years(p.from),
                        years(p.to),
                        p.responsible.join("、"),
                    ]);
                }
            }
            let count = category.stated_project_count.map(|c| c.to_string()).unwrap_or_default();
            summary.push(vec![
                category.name.clone(),
                String::new(),
                "小计".into(),
                count,
                dec(category.stated_subtotal),
            ]);
        }
        let total_count = k.stated_project_count.map(|c| c.to_string()).unwrap_or_default();
        summary.push(vec!["总计".into(), String::new(), String::new(), total_count, dec(k.stated_total)]);
        let header = vec!["category", "number", "group", "stated_project_count", "stated_estimate"];
        out.push(CsvTable {
            file: "key-projects-summary.csv", title: "工程项目分类及投资估算", header, rows: summary
        });
        let header = vec![
            "table",
            "group",
            "number",
            "name",
            "content",
            "estimate",
            "shares_estimate_of",
            "from",
            "to",
            "responsible",
        ];
        out.push(CsvTable { file: "key-projects.csv", title: "重点项目", header, rows: projects });
    }
    if let Some(e) = &s.evaluation {
        let mut rows: Vec<Vec<String>> =
            e.indicator_groups.iter().map(|g| vec!["indicator".into(), g.name.clone(), g.points.to_string()]).collect();
        for band in &e.grade_bands {
            let range =
                format!("{}–{}{}", dec(band.min), dec(band.max), if band.max_inclusive { "（含）" } else { "" });
            rows.push(vec!["grade_band".into(), band.grade.clone(), range]);
        }
        rows.push(vec!["score".into(), opt(&e.stated_grade), dec(e.score)]);
        out.push(CsvTable {
            file: "evaluation.csv",
            title: "评价指标、等级和得分",
            header: vec!["kind", "name", "value"],
            rows,
        });
    }
    if let Some(r) = s.results.as_ref().filter(|r| !r.measurements.is_empty()) {
        let rows = r
            .measurements
            .iter()
            .map(|m| {
                let value = labels::metric_value(&m.value);
                let [direction, change, percent] = change_columns(&m.stated_change);
                vec![m.metric.clone(), m.label.clone(), opt(&m.period), value, opt(&m.unit), direction, change, percent]
            })
            .collect();
        let header =
            vec!["metric", "label", "period", "value", "unit", "stated_direction", "stated_change", "stated_percent"];
        out.push(CsvTable { file: "measurements.csv", title: "绩效结果指标", header, rows });
    }
    for (a, attachment) in s.attachments.iter().enumerate().filter(|(_, a)| !a.rows.is_empty()) {
        let rows = attachment
            .rows
            .iter()
            .map(|r| {
                let met = r.target_met.map(|m| m.to_string()).unwrap_or_default();
                vec![
                    r.indicator.join(" / "),
                    r.weight.to_string(),
                    opt(&r.target),
                    opt(&r.actual),
                    met,
                    dec(r.score),
                    opt(&r.deviation_reason),
                ]
            })
            .collect();
        let header = vec!["indicator", "weight", "target", "actual", "target_met", "score", "deviation_reason"];
        // One fixed name per attachment position: file names never come from a snapshot's text.
        let file = ["self-evaluation.csv", "self-evaluation-2.csv", "self-evaluation-3.csv"].get(a).copied();
        if let Some(file) = file {
            out.push(CsvTable { file, title: "绩效自评表", header, rows });
        }
    }
    out
}

/// A text cell that a spreadsheet would run as a formula gets a leading apostrophe; plain
/// numbers (including negative ones) stay as they are.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && crate::domain::decimal::parse(cell).is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A CSV file: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
pub fn csv_bytes(table: &CsvTable) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(&table.header).expect("writing to memory");
    for row in &table.rows {
        writer.write_record(row.iter().map(|c| defuse(c).into_owned())).expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}

/// Where a revision's `snapshot.json` is, from the site's root.
pub fn snapshot_path(unit: &str, year: u16, revision: u32) -> String {
    format!("{unit}/{year}/r{revision}/snapshot.json")
}

/// The index of every published revision, in the order of publication: parts of `INDEX_PART`
/// lines, `data/revisions/<n>.jsonl`. Each publication is one entry of the transparency log and
/// one line here (canonical JSON: unit, year, revision, hash, publication time and the address of
/// its `snapshot.json`), so line `i` is entry `i` and a part is written as the log's tiles are: a
/// publication rewrites the last part only, and a full part never changes. The index names
/// each revision's `snapshot.json` rather than holding the document.
pub const INDEX_DIR: &str = "data/revisions";
/// Lines in a full part of the index.
pub const INDEX_PART: usize = 256;

/// The path of part `n` of the index.
pub fn index_part(n: usize) -> String {
    format!("{INDEX_DIR}/{n}.jsonl")
}

/// The parts of the index of `log` from the one that holds line `from` on.
pub fn index_files(log: &Log, from: usize) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for (n, part) in log.entries.chunks(INDEX_PART).enumerate().skip(from / INDEX_PART) {
        let mut body = String::new();
        for bytes in part {
            // An entry that does not read has no line: it could not have been published.
            let Ok(e) = LogEntry::decode(bytes) else { continue };
            let line = json!({
                "unit": e.unit,
                "year": e.year,
                "revision": e.revision,
                "hash": e.hash,
                "published_at": e.published_at,
                "snapshot": snapshot_path(e.unit.as_str(), e.year, e.revision),
            });
            body.push_str(&crate::integrity::canonical_json(&line).expect("JSON values serialize"));
            body.push('\n');
        }
        files.insert(index_part(n), body.into_bytes());
    }
    files
}

/// The number of parts of an index of `lines` lines.
pub fn index_parts(lines: u64) -> usize {
    usize::try_from(lines).unwrap_or(usize::MAX).div_ceil(INDEX_PART)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_from_a_line_on_with_the_full_parts_before_is_the_whole_index() {
        let entry = |i: u32| {
            let text = format!(
                r#"{{"unit":"unit-{}","year":2021,"revision":{i},"hash":"{:064x}","published_at":"2026-11-30T00:00:00Z"}}"#,
                i % 7,
                i
            );
            LogEntry::decode(text.as_bytes()).unwrap().encode()
        };
        let log = Log::new((0..600).map(entry).collect());
        let whole = index_files(&log, 0);
        assert_eq!(
            whole.keys().collect::<Vec<_>>(),
            ["data/revisions/0.jsonl", "data/revisions/1.jsonl", "data/revisions/2.jsonl"]
        );
        let lines: Vec<&str> = whole.values().flat_map(|b| std::str::from_utf8(b).unwrap().lines()).collect();
        assert_eq!(lines.len(), 600);
        assert!(
            lines[300].contains(r#""revision":300"#)
                && lines[300].contains(r#""snapshot":"unit-6/2021/r300/snapshot.json""#)
        );
        for (from, first) in [(0, 0), (255, 0), (256, 1), (599, 2)] {
            let part = index_files(&log, from);
            assert_eq!(part.keys().next().unwrap(), &index_part(first), "from {from}");
            assert!(part.iter().all(|(path, bytes)| whole[path] == *bytes));
            assert_eq!(part.len(), 3 - first);
        }
        assert_eq!(index_parts(600), 3);
        assert_eq!(index_parts(0), 0);
    }
}
