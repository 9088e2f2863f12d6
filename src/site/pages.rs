//! The content of the site as Zola pages: Markdown with TOML front matter, one file per page,
//! plus the downloads that sit beside them.

use super::charts::{self, Series};
use super::data::{budget_line, moment, Published, UnitData, YearData};
use super::doc::Doc;
use super::downloads;
use super::escape::html;
use super::labels;
use super::report_page::{self, Context};
use super::table::{amount, signed, Cell, Table};
use super::trends;
use crate::analysis::comparison::{Availability, Section};
use crate::analysis::{self, Finding};
use crate::domain::Snapshot;
use crate::store::RevisionMeta;

pub const SITE_TITLE: &str = "预算绩效信息公开";

/// A page of the site: where its Markdown goes, where it is served, and what it says.
pub struct Page {
    /// Path of the Markdown file under `content/`.
    pub file: String,
    /// Address under the site root, ending in `/` (the home page is `""`).
    pub url: String,
    pub title: String,
    /// Key figures for templates, as `[extra]` in the front matter.
    pub extra: toml::Table,
    /// The Markdown files of the sections above this page, home first: Zola's `ancestors`.
    pub ancestors: Vec<String>,
    pub body: String,
}

impl Page {
    /// Whether Zola reads this page as a section (an `_index.md`) rather than a page.
    pub fn is_section(&self) -> bool {
        self.file == "_index.md" || self.file.ends_with("/_index.md")
    }

    /// The title as the front matter carries it: one line, since Zola ends front matter at any
    /// `+++` before a newline.
    pub fn front_title(&self) -> String {
        self.title.replace(['\r', '\n'], " ")
    }

    /// The Markdown file: TOML front matter (serialized, so no title can break out of it),
    /// then the body.
    pub fn markdown(&self) -> String {
        let mut front = toml::Table::new();
        front.insert("title".into(), toml::Value::String(self.front_title()));
        if !self.extra.is_empty() {
            front.insert("extra".into(), toml::Value::Table(self.extra.clone()));
        }
        let front = toml::to_string(&front).expect("front matter serializes");
        format!("+++\n{front}+++\n\n{}", self.body)
    }
}

/// A file that sits beside the pages, at the same path under `content/` and `public/`.
pub struct Asset {
    pub path: String,
    pub bytes: Vec<u8>,
}

fn text(value: impl Into<String>) -> toml::Value {
    toml::Value::String(value.into())
}

/// The Markdown file of the home page, every page's first ancestor.
pub const HOME: &str = "_index.md";

fn unit_section(code: &str) -> String {
    format!("{code}/_index.md")
}

/// Findings of a revision, against the latest published snapshot of the year before.
fn findings(unit: &UnitData, year: u16, snapshot: &Snapshot) -> Vec<Finding> {
    let prior = year.checked_sub(1).and_then(|y| unit.year(y)).map(|y| &y.latest().snapshot);
    analysis::audit(snapshot, prior)
}

/// The pages and downloads of one unit: its page, each year's latest page, the comparisons and
/// targets, and the permanent pages (`r<n>/`) of the revisions `fresh` names (a permanent page
/// shows its unit as it was when the revision was published, so it never needs rewriting).
pub fn unit_site(unit: &UnitData, fresh: &dyn Fn(u16, &RevisionMeta) -> bool) -> (Vec<Page>, Vec<Asset>) {
    let code = unit.code();
    let mut pages = vec![unit_page(unit)];
    let mut assets = Vec::new();
    for year in &unit.years {
        let year_url = format!("{code}/{}/", year.year);
        for rev in year.revisions.iter().filter(|r| fresh(year.year, &r.meta)) {
            let then = unit.as_of(moment(&rev.meta));
            let then_year = then.year(year.year).expect("a revision's year is published when it is");
            let found = findings(&then, year.year, &rev.snapshot);
            let folder = format!("{year_url}r{}/", rev.meta.number);
            // The revision's own page, forever at its own address.
            let ctx = Context { unit: &then, year: then_year, revision: rev, findings: &found, downloads: "" };
            let (unit_file, year_file) = (unit_section(code), format!("{year_url}_index.md"));
            // Its breadcrumbs name the unit and the year as they were then too: a later change of
            // name is not a reason to write the page again.
            let mut extra = revision_extra(year, rev, &found);
            let mut crumbs = toml::Table::new();
            crumbs.insert(unit_file.clone(), text(&then.published_unit().name));
            crumbs.insert(year_file.clone(), text(year_title(then_year)));
            extra.insert(CRUMBS.into(), toml::Value::Table(crumbs));
            pages.push(Page {
                file: format!("{folder}index.md"),
                url: folder.clone(),
                title: format!("{} {}年 第{}版", rev.snapshot.unit.name, year.year, rev.meta.number),
                extra,
                ancestors: vec![HOME.into(), unit_file, year_file],
                body: report_page::body(&ctx),
            });
            assets.push(Asset { path: format!("{folder}snapshot.json"), bytes: rev.document.clone().into_bytes() });
            if let Some(proof) = &rev.proof {
                let bytes = serde_json::to_vec_pretty(proof).expect("a proof serializes");
                assets.push(Asset { path: format!("{folder}snapshot.proof.json"), bytes });
            }
            for table in downloads::tables(&rev.snapshot) {
                assets.push(Asset { path: format!("{folder}{}", table.file), bytes: downloads::csv_bytes(&table) });
            }
        }
        // The year's stable address shows the latest published revision.
        let rev = year.latest();
        let found = findings(unit, year.year, &rev.snapshot);
        let downloads = format!("r{}/", rev.meta.number);
        let ctx = Context { unit, year, revision: rev, findings: &found, downloads: &downloads };
        pages.push(Page {
            file: format!("{year_url}_index.md"),
            url: year_url.clone(),
            title: year_title(year),
            extra: revision_extra(year, rev, &found),
            ancestors: vec![HOME.into(), unit_section(code)],
            body: report_page::body(&ctx),
        });
        pages.push(Page {
            file: format!("{year_url}history.md"),
            url: format!("{year_url}history/"),
            title: format!("{} {}年 修订历史", rev.snapshot.unit.name, year.year),
            extra: toml::Table::new(),
            ancestors: vec![HOME.into(), unit_section(code), format!("{year_url}_index.md")],
            body: report_page::history_page(year, &unit.changes),
        });
    }
    for pair in unit.years.windows(2) {
        pages.push(comparison_page(unit, &pair[0], &pair[1]));
    }
    if let Some(page) = targets_page(unit) {
        pages.push(page);
    }
    (pages, assets)
}

/// The key of `[extra]` that gives a page's breadcrumbs their own titles, by the ancestor's
/// Markdown file (a permanent page's: the unit and the year as they were).
pub const CRUMBS: &str = "crumbs";

/// A year's section title: the unit's name in the year's latest revision, and the year.
fn year_title(year: &YearData) -> String {
    format!("{} {}年", year.latest().snapshot.unit.name, year.year)
}

fn revision_extra(year: &YearData, rev: &Published, found: &[Finding]) -> toml::Table {
    let s = &rev.snapshot;
    let mut extra = toml::Table::new();
    extra.insert("unit".into(), text(&s.unit.code));
    extra.insert("year".into(), toml::Value::Integer(year.year.into()));
    extra.insert("revision".into(), toml::Value::Integer(rev.meta.number.into()));
    extra.insert("hash".into(), text(rev.meta.hash.as_str()));
    extra.insert("published_at".into(), text(rev.meta.published_at.map(|t| t.to_string()).unwrap_or_default()));
    if let Some(line) = budget_line(s) {
        extra.insert("budget".into(), text(amount(line.amount)));
        extra.insert("prior_year_budget".into(), text(amount(line.prior_year_amount)));
    }
    if let Some(e) = &s.evaluation {
        extra.insert("score".into(), text(amount(e.score)));
        extra.insert("grade".into(), text(e.stated_grade.clone().unwrap_or_default()));
    }
    extra.insert("findings".into(), toml::Value::Integer(found.len() as i64));
    extra
}

fn unit_page(unit: &UnitData) -> Page {
    let code = unit.code();
    let u = unit.published_unit();
    let mut doc = Doc::default();
    let facts: Vec<String> = [("类型", &u.kind), ("地区", &u.region), ("上级单位", &u.parent)]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("<dt>{k}</dt><dd>{}</dd>", html(v))))
        .collect();
    if !facts.is_empty() {
        doc.html(format!(r#"<dl class="meta">{}</dl>"#, facts.join("")));
    }
    let mut t =
        Table::new("各年度公开情况", &["年度", "最新公开版本", "年初预算（万元）", "评价得分", "等级", "复核发现"]);
    let mut counts = Vec::new();
    for year in &unit.years {
        let rev = year.latest();
        let s = &rev.snapshot;
        let found = findings(unit, year.year, s);
        counts.push(found.len());
        t.row(vec![
            Cell::Markup(format!(r#"<a href="{}/">{}年</a>"#, year.year, year.year)),
            Cell::Markup(format!(r#"<a href="{}/r{}/">第{}版</a>"#, year.year, rev.meta.number, rev.meta.number)),
            Cell::num(budget_line(s).and_then(|l| l.amount)),
            Cell::num(s.evaluation.as_ref().and_then(|e| e.score)),
            Cell::text(s.evaluation.as_ref().and_then(|e| e.stated_grade.clone()).unwrap_or_else(|| "—".into())),
            Cell::Num(found.len().to_string()),
        ]);
    }
    doc.html(t.render());
    let mut links: Vec<String> = unit
        .years
        .windows(2)
        .map(|p| format!(r#"<li><a href="compare-{a}-{b}/">{b}年与{a}年比较</a></li>"#, a = p[0].year, b = p[1].year))
        .collect();
    if unit.years.iter().any(|y| y.latest().snapshot.goals.as_ref().is_some_and(|g| !g.targets.is_empty())) {
        links.push(r#"<li><a href="targets/">目标进展</a></li>"#.into());
    }
    if !links.is_empty() {
        doc.html(format!(r#"<ul class="links">{}</ul>"#, links.join("")));
    }
    match &unit.years[..] {
        [only] => trends::year_facts(&mut doc, only, counts[0]),
        _ => trends::trends(&mut doc, unit),
    }
    let mut extra = toml::Table::new();
    extra.insert("unit".into(), text(code.as_str()));
    extra.insert(
        "years".into(),
        toml::Value::Array(unit.years.iter().map(|y| toml::Value::Integer(y.year.into())).collect()),
    );
    Page {
        file: unit_section(code),
        url: format!("{code}/"),
        title: u.name.clone(),
        extra,
        ancestors: vec![HOME.into()],
        body: doc.finish(),
    }
}

fn comparison_page(unit: &UnitData, from: &YearData, to: &YearData) -> Page {
    let code = unit.code();
    let comparison = analysis::compare(from.year, Some(&from.latest().snapshot), &to.latest().snapshot);
    let mut doc = Doc::default();
    doc.html(format!(
        r#"<p class="lead">{b}年（第{rb}版）与{a}年（第{ra}版）逐项比较。增减额带符号，比例保留两位小数（四舍五入）；只有一年有的项目如实注明，不以零代替。</p>"#,
        a = from.year,
        b = to.year,
        ra = from.latest().meta.number,
        rb = to.latest().meta.number
    ));
    let mut sections: Vec<Section> = Vec::new();
    for line in &comparison.lines {
        if !sections.contains(&line.section) {
            sections.push(line.section);
        }
    }
    for section in sections {
        let name = labels::comparison_section(section);
        let mut t = Table::new(
            name,
            &["项目", "单位", &format!("{}年", from.year), &format!("{}年", to.year), "增减", "比例", "说明"],
        );
        for l in comparison.lines.iter().filter(|l| l.section == section) {
            let mut notes = Vec::new();
            match l.availability {
                Availability::OnlyFrom => notes.push(format!("{}年无此项", to.year)),
                Availability::OnlyTo => notes.push(format!("{}年无此项", from.year)),
                Availability::Both => {}
            }
            if matches!(l.from_source, Some(analysis::comparison::Source::PriorYearColumn)) {
                notes.push(format!("{}年数取自{}年报告的上年数", from.year, to.year));
            }
            if matches!(l.from_source, Some(analysis::comparison::Source::Derived))
                || matches!(l.to_source, Some(analysis::comparison::Source::Derived))
            {
                notes.push("由报告中的数字推算".into());
            }
            if let Some(r) = &l.restatement {
                notes.push(format!(
                    "{}年报告所列上年数为{}，与存档的{}不同（差{}）",
                    to.year, r.stated_by_later_report, r.stored, r.difference
                ));
            }
            t.row(vec![
                Cell::head(&l.label),
                Cell::text(l.unit.clone().unwrap_or_default()),
                Cell::num(l.from),
                Cell::num(l.to),
                Cell::Num(l.change.map_or("—".into(), signed)),
                Cell::Num(l.percent_change.map_or("—".into(), |p| format!("{}%", signed(p)))),
                Cell::text(notes.join("；")),
            ]);
        }
        doc.h2(name);
        doc.html(t.render());
        if section == Section::Budget {
            let lines: Vec<_> = comparison.lines.iter().filter(|l| l.section == section).collect();
            let categories: Vec<String> = lines.iter().map(|l| l.label.clone()).collect();
            let series = vec![
                Series { name: format!("{}年", from.year), values: lines.iter().map(|l| l.from).collect() },
                Series { name: format!("{}年", to.year), values: lines.iter().map(|l| l.to).collect() },
            ];
            doc.html(charts::bars(
                "chart-comparison",
                &format!("{}年与{}年年初预算", to.year, from.year),
                "万元",
                &categories,
                &series,
            ));
        }
    }
    let mut extra = toml::Table::new();
    extra.insert("unit".into(), text(code.as_str()));
    extra.insert("from".into(), toml::Value::Integer(from.year.into()));
    extra.insert("to".into(), toml::Value::Integer(to.year.into()));
    let slug = format!("compare-{}-{}", from.year, to.year);
    Page {
        file: format!("{code}/{slug}.md"),
        url: format!("{code}/{slug}/"),
        title: format!("{} {}年与{}年比较", unit.published_unit().name, to.year, from.year),
        extra,
        ancestors: vec![HOME.into(), unit_section(code)],
        body: doc.finish(),
    }
}

/// Why a target has its status, in the site's language.
fn explanation(p: &analysis::targets::TargetProgress, as_of: u16) -> String {
    use analysis::TargetStatus::*;
    match (&p.latest, p.status) {
        (None, _) => format!("截至{}年没有该指标的全年测量值", as_of.min(p.deadline)),
        (Some(o), Met) => format!("按{}年测量值已达成", o.year),
        (Some(o), NotYetMet) => format!("按{}年测量值尚未达成，期限为{}年", o.year, p.deadline),
        (Some(o), Missed) => format!("期限{}年已过，按{}年测量值未达成", p.deadline, o.year),
        (Some(o), NoData) => format!("{}年的测量值无法与该目标比较", o.year),
    }
}

fn targets_page(unit: &UnitData) -> Option<Page> {
    let code = unit.code();
    let as_of = unit.years.last()?.year;
    let report = analysis::progress(code, unit.snapshots_up_to(as_of), as_of);
    if report.targets.is_empty() {
        return None;
    }
    let mut doc = Doc::default();
    doc.html(format!(
        r#"<p class="lead">截至{as_of}年的进展。水质类别按等级比较（Ⅰ类最好，劣Ⅴ类最差），排名按名次比较；“尚未达成”表示期限未到。</p>"#
    ));
    let mut t = Table::new(
        format!("目标进展（截至{as_of}年）"),
        &["目标", "类型", "期限", "要求", "基准", "最新值", "状态", "说明"],
    );
    for p in &report.targets {
        let observed = |o: &Option<analysis::targets::Observation>| {
            o.as_ref().map_or("—".into(), |o| format!("{}（{}年）", labels::metric_value(&o.value), o.year))
        };
        t.row(vec![
            Cell::head(&p.label),
            Cell::text(labels::horizon(p.horizon)),
            Cell::Num(p.deadline.to_string()),
            Cell::text(labels::target_goal(p)),
            Cell::text(observed(&p.baseline)),
            Cell::text(observed(&p.latest)),
            Cell::Markup(labels::status_mark(p.status)),
            Cell::text(explanation(p, as_of)),
        ]);
    }
    doc.html(t.render());
    let mut extra = toml::Table::new();
    extra.insert("unit".into(), text(code.as_str()));
    extra.insert("as_of".into(), toml::Value::Integer(as_of.into()));
    Some(Page {
        file: format!("{code}/targets.md"),
        url: format!("{code}/targets/"),
        title: format!("{} 目标进展", unit.published_unit().name),
        extra,
        ancestors: vec![HOME.into(), unit_section(code)],
        body: doc.finish(),
    })
}
