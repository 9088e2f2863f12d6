//! The page of one published revision of a unit-year: the whole report, section by section,
//! with the recomputed figures beside the stated ones, the audit findings, the correction
//! history and the downloads.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde_json::Value;

use super::charts::{self, Series};
use super::data::{Published, UnitData, YearData};
use super::downloads;
use super::escape::{html, html_cell, markdown_block, markdown_inline};
use super::table::{amount, Cell, Table};
use crate::analysis::arith::{percent_change, percent_of};
use crate::analysis::projects::{group_total, project_totals};
use crate::analysis::targets::TargetStatus;
use crate::analysis::{progress, Finding, FindingKind, Severity};
use crate::domain::{Direction, Figure, Goal, MetricValue, Snapshot, StatedChange};

/// Markdown blocks, joined by blank lines.
#[derive(Default)]
pub struct Doc {
    blocks: Vec<String>,
}

impl Doc {
    pub fn h2(&mut self, text: &str) {
        self.blocks.push(format!("## {}", markdown_inline(text)));
    }

    pub fn h3(&mut self, text: &str) {
        self.blocks.push(format!("### {}", markdown_inline(text)));
    }

    /// A Markdown body written by the unit.
    pub fn text(&mut self, text: &str) {
        self.blocks.push(markdown_block(text.trim()));
    }

    /// One line of plain text from a snapshot.
    pub fn line(&mut self, text: &str) {
        self.blocks.push(markdown_inline(text));
    }

    /// An HTML block made by `disclose` (all snapshot text in it already escaped).
    pub fn html(&mut self, block: String) {
        self.blocks.push(block);
    }

    pub fn list(&mut self, items: &[String], ordered: bool) {
        let lines: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if ordered {
                    format!("{}. {}", i + 1, markdown_inline(item))
                } else {
                    format!("- {}", markdown_inline(item))
                }
            })
            .collect();
        if !lines.is_empty() {
            self.blocks.push(lines.join("\n"));
        }
    }

    /// Folded content: the summary is plain text, the body Markdown written by the unit.
    pub fn details(&mut self, summary: &str, body: &str) {
        self.blocks.push(format!("<details><summary>{}</summary>", html(summary)));
        self.text(body);
        self.blocks.push("</details>".into());
    }

    pub fn finish(self) -> String {
        let mut out = self.blocks.join("\n\n");
        out.push('\n');
        out
    }
}

pub fn direction_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Increase => "增加",
        Direction::Decrease => "减少",
        Direction::Unchanged => "持平",
    }
}

/// A change with its sign: `+141.13`, `-827.93`.
pub fn signed(value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{value}")
    } else {
        value.to_string()
    }
}

fn stated_amount(change: &Option<StatedChange>) -> String {
    match change {
        Some(StatedChange { amount: Some(a), direction: Some(d), .. }) => format!("{}{a}", direction_word(*d)),
        Some(StatedChange { amount: Some(a), .. }) => a.to_string(),
        _ => "—".into(),
    }
}

fn stated_percent(change: &Option<StatedChange>) -> String {
    match change.as_ref().and_then(|c| c.percent) {
        Some(p) => format!("{p}%"),
        None => "—".into(),
    }
}

pub fn metric_value(value: &MetricValue) -> String {
    match value {
        MetricValue::Number(n) => n.to_string(),
        MetricValue::WaterClass(c) => format!("{}类", serde_json::to_value(c).unwrap().as_str().unwrap()),
        MetricValue::Rank(r) => format!("第{r}名"),
        MetricValue::YesNo(b) => if *b { "是" } else { "否" }.into(),
    }
}

pub fn goal_text(goal: &Goal) -> String {
    match goal {
        Goal::AtLeast(v) => format!("≥ {v}"),
        Goal::AtMost(v) => format!("≤ {v}"),
        Goal::IncreaseOnPriorYear => "同比上升".into(),
        Goal::DecreaseOnPriorYear => "同比下降".into(),
        Goal::WaterClass(c) => format!("{}类或更好", serde_json::to_value(c).unwrap().as_str().unwrap()),
        Goal::Rank(r) => format!("第{r}名或更前"),
        Goal::Achieved => "完成".into(),
    }
}

pub fn status_text(status: TargetStatus) -> &'static str {
    match status {
        TargetStatus::Met => "已达成",
        TargetStatus::NotYetMet => "尚未达成（期限未到）",
        TargetStatus::Missed => "未达成（期限已过）",
        TargetStatus::NoData => "无数据",
    }
}

pub fn status_mark(status: TargetStatus) -> String {
    let class = serde_json::to_value(status).unwrap().as_str().unwrap().to_string();
    format!(r#"<span class="status {class}">{}</span>"#, status_text(status))
}

fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn kind_text(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::TotalMismatch => "合计与分项不符",
        FindingKind::TotalOverUnknownParts => "合计含未估算项",
        FindingKind::PartExceedsWhole => "分项大于总额",
        FindingKind::ChangeMismatch => "增减额不符",
        FindingKind::DirectionMismatch => "增减方向不符",
        FindingKind::PercentMismatch => "比例不符",
        FindingKind::CountMismatch => "数量不符",
        FindingKind::NumberingGap => "编号不连续",
        FindingKind::GradeMismatch => "等级与得分不符",
        FindingKind::WeightsMismatch => "权重合计不符",
        FindingKind::FullPointsDespiteMiss => "未达标却得满分",
        FindingKind::MissingDeviationReason => "未说明偏差原因",
        FindingKind::PointsAboveWeight => "得分超过权重",
        FindingKind::PointsDoNotAddUp => "得分合计不符",
        FindingKind::MissingPart => "缺少必备内容",
        FindingKind::PriorYearMismatch => "上年数与存档不符",
    }
}

/// Pointers with a finding, to mark the stated figures that disagree.
struct Marks(BTreeSet<String>);

impl Marks {
    fn new(findings: &[Finding]) -> Marks {
        Marks(
            findings
                .iter()
                .filter(|f| f.severity <= Severity::Warning)
                .filter_map(|f| f.pointers.first().map(|p| p.to_string()))
                .collect(),
        )
    }

    /// A stated figure, marked when the audit disagrees with it.
    fn cell(&self, pointer: &str, text: String) -> Cell {
        if self.0.iter().any(|p| p == pointer || p.starts_with(&format!("{pointer}/"))) {
            Cell::Markup(format!(r#"<span class="differs" title="与复核结果不符">{} ≠</span>"#, html(&text)))
        } else {
            Cell::Num(text)
        }
    }
}

/// Everything the page needs besides the revision itself.
pub struct Context<'a> {
    pub unit: &'a UnitData,
    pub year: &'a YearData,
    pub revision: &'a Published,
    /// The audit findings of this revision.
    pub findings: &'a [Finding],
    /// Relative link to the folder holding this revision's downloads ("" or "r3/").
    pub downloads: &'a str,
}

pub fn body(ctx: &Context) -> String {
    let s = &ctx.revision.snapshot;
    let marks = Marks::new(ctx.findings);
    let mut doc = Doc::default();
    summary(&mut doc, ctx);
    profile(&mut doc, s);
    budget(&mut doc, s, &marks);
    final_accounts(&mut doc, s, &marks);
    goals(&mut doc, ctx);
    key_projects(&mut doc, s, &marks);
    evaluation(&mut doc, s, &marks);
    results(&mut doc, s);
    closing(&mut doc, s);
    audit(&mut doc, ctx.findings);
    history(&mut doc, ctx);
    downloads_list(&mut doc, ctx);
    doc.finish()
}

fn summary(doc: &mut Doc, ctx: &Context) {
    let meta = &ctx.revision.meta;
    let latest = ctx.year.latest().meta.number;
    let mut dl = String::from(r#"<dl class="meta">"#);
    let mut item = |term: &str, value: String| dl.push_str(&format!("<dt>{term}</dt><dd>{value}</dd>"));
    item("单位", html(&ctx.revision.snapshot.unit.name));
    item("年度", format!("{}年", ctx.year.year));
    item("版本", format!("第{}版（共{}个公开版本）", meta.number, ctx.year.revisions.len()));
    item("公开时间", html(meta.published_at.as_deref().unwrap_or("")));
    item("SHA-256", format!(r#"<code class="hash" id="revision-hash">{}</code>"#, html(&meta.hash)));
    item(
        "原始数据",
        format!(r#"<a href="{}snapshot.json">snapshot.json</a>（与接口 ETag 相同的哈希）"#, ctx.downloads),
    );
    dl.push_str("</dl>");
    doc.html(dl);
    if meta.number != latest {
        doc.html(format!(
            r#"<p class="notice">这是早期版本。<a href="../">查看最新公开版本（第{latest}版）</a>。</p>"#
        ));
    }
    if let Some(title) = &ctx.revision.snapshot.title {
        doc.line(title);
    }
    if let Some(source) = &ctx.revision.snapshot.source {
        doc.html(format!(r#"<p class="notice">数据来源：{}</p>"#, html_cell(source)));
    }
}

fn profile(doc: &mut Doc, s: &Snapshot) {
    let Some(p) = &s.profile else { return };
    doc.h2("一、部门（单位）概况");
    if let Some(d) = &p.description {
        doc.text(d);
    }
    if !p.staff.is_empty() {
        let mut t = Table::new("人员构成", &["类别", "人数"]);
        for c in &p.staff {
            t.row(vec![Cell::head(&c.category), Cell::Num(c.count.to_string())]);
        }
        let sum: u32 = p.staff.iter().map(|c| c.count).sum();
        t.row(vec![Cell::head("合计（复核）"), Cell::Num(sum.to_string())]);
        if let Some(stated) = p.stated_staff_total {
            t.row(vec![Cell::head("合计（报告）"), Cell::Num(stated.to_string())]);
        }
        doc.html(t.render());
    }
    if !p.divisions.is_empty() {
        doc.h3("内设股室");
        doc.list(&p.divisions, false);
    }
    if !p.subordinate_institutions.is_empty() {
        doc.h3("下属事业单位");
        doc.list(&p.subordinate_institutions, false);
    }
}

fn rules(doc: &mut Doc, s: &Snapshot) {
    if s.rules.is_empty() {
        return;
    }
    doc.h2("部门（单位）管理制度");
    for rule in &s.rules {
        doc.details(&rule.title, &rule.body);
    }
}

fn budget(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    rules(doc, s);
    if let Some(b) = &s.budget {
        doc.h2("二、年初预算收支");
        let prior = s.year - 1;
        let mut t = Table::new(
            format!("{}年年初预算与{}年比较（万元）", s.year, prior),
            &[
                "预算项目",
                &format!("{}年", s.year),
                &format!("{prior}年"),
                "增减（报告）",
                "增减（复核）",
                "比例（报告）",
                "比例（复核）",
            ],
        );
        for (i, l) in b.lines.iter().enumerate() {
            let at = format!("/budget/lines/{i}/stated_change");
            let (change, pct) = match (l.amount, l.prior_year_amount) {
                (Some(now), Some(before)) => (Some(now - before), percent_change(before, now, 2)),
                _ => (None, None),
            };
            t.row(vec![
                Cell::head(&l.label),
                Cell::num(l.amount),
                Cell::num(l.prior_year_amount),
                marks.cell(&format!("{at}/amount"), stated_amount(&l.stated_change)),
                Cell::Num(change.map_or("—".into(), signed)),
                marks.cell(&format!("{at}/percent"), stated_percent(&l.stated_change)),
                Cell::Num(pct.map_or("—".into(), |p| format!("{}%", signed(p)))),
            ]);
        }
        doc.html(t.render());
        let categories: Vec<String> = b.lines.iter().map(|l| l.label.clone()).collect();
        let series = vec![
            Series { name: format!("{}年", s.year), values: b.lines.iter().map(|l| l.amount).collect() },
            Series { name: format!("{prior}年"), values: b.lines.iter().map(|l| l.prior_year_amount).collect() },
        ];
        doc.html(charts::bars(
            "chart-budget",
            &format!("{}年与{prior}年年初预算", s.year),
            "万元",
            &categories,
            &series,
        ));
        if let Some(e) = &b.explanation {
            doc.text(e);
        }
    }
    if let Some(e) = &s.expenditure {
        doc.h2("三、财政预算整体支出使用范围");
        if let Some(d) = &e.description {
            doc.text(d);
        }
        let mut t = Table::new("支出按资金来源（万元）", &["资金来源", "基本支出", "项目支出", "合计"]);
        for (name, split) in [("一般公共预算", &e.general_public_budget), ("政府性基金预算", &e.government_fund_budget)]
        {
            if let Some(sp) = split {
                t.row(vec![Cell::head(name), Cell::num(sp.basic), Cell::num(sp.project), Cell::num(sp.total)]);
            }
        }
        t.row(vec![
            Cell::head("整体支出（报告）"),
            Cell::num(None),
            Cell::num(None),
            marks.cell("/expenditure/stated_total", amount(e.stated_total)),
        ]);
        doc.html(t.render());
        if let Some(table) = &e.table {
            let mut t =
                Table::new("支出按经济分类和功能分类（万元）", &["支出项目", "分类", "基本支出", "项目支出", "合计"]);
            for r in &table.rows {
                let scheme = match r.classification.scheme {
                    crate::domain::ClassificationScheme::Economic => "经济分类",
                    crate::domain::ClassificationScheme::Functional => "功能分类",
                };
                let code = r.classification.code.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
                t.row(vec![
                    Cell::head(format!("{code}{}", r.classification.label)),
                    Cell::text(scheme),
                    Cell::num(r.amounts.basic),
                    Cell::num(r.amounts.project),
                    Cell::num(r.amounts.total),
                ]);
            }
            if let Some(totals) = &table.stated_totals {
                let at = "/expenditure/table/stated_totals";
                t.row(vec![
                    Cell::head("合计（报告）"),
                    Cell::text(""),
                    marks.cell(&format!("{at}/basic"), amount(totals.basic)),
                    marks.cell(&format!("{at}/project"), amount(totals.project)),
                    marks.cell(&format!("{at}/total"), amount(totals.total)),
                ]);
            }
            let counted = crate::analysis::audit::top_level_rows(table);
            let col = |pick: fn(&crate::domain::Split) -> Option<Decimal>| {
                crate::analysis::arith::sum_known(counted.iter().map(|&i| pick(&table.rows[i].amounts)))
            };
            let basic = col(|a| a.basic);
            let project = col(|a| a.project);
            let total = crate::analysis::arith::sum_known([basic, project]);
            t.row(vec![
                Cell::head("合计（复核）"),
                Cell::text(""),
                Cell::num(basic),
                Cell::num(project),
                Cell::num(total),
            ]);
            doc.html(t.render());
        }
    }
}

fn final_accounts(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(f) = &s.final_accounts else { return };
    doc.h2("四、年度收支决算");
    for (side, name, table) in [("income", "收入", &f.income), ("expenditure", "支出", &f.expenditure)] {
        let Some(table) = table else { continue };
        let mut t = Table::new(
            format!("年度{name}决算（万元）"),
            &["项目", "预算", "决算", "差额（报告）", "差额（复核）", "执行率（复核）"],
        );
        let rows = table.lines.iter().enumerate().map(|(i, l)| (format!("/final_accounts/{side}/lines/{i}"), l));
        let subtotal = table.stated_subtotal.iter().map(|l| (format!("/final_accounts/{side}/stated_subtotal"), l));
        for (at, l) in rows.chain(subtotal) {
            let (difference, rate) = match (l.budget, l.actual) {
                (Some(b), Some(a)) => (Some(a - b), percent_of(a, b, 2)),
                _ => (None, None),
            };
            t.row(vec![
                Cell::head(&l.label),
                marks.cell(&format!("{at}/budget"), amount(l.budget)),
                marks.cell(&format!("{at}/actual"), amount(l.actual)),
                marks.cell(&format!("{at}/stated_difference/amount"), stated_amount(&l.stated_difference)),
                Cell::Num(difference.map_or("—".into(), signed)),
                Cell::Num(rate.map_or("—".into(), |r| format!("{r}%"))),
            ]);
        }
        doc.html(t.render());
        if let Some(e) = &table.explanation {
            doc.text(e);
        }
    }
}

fn goals(doc: &mut Doc, ctx: &Context) {
    let s = &ctx.revision.snapshot;
    let Some(g) = &s.goals else { return };
    doc.h2("五、绩效目标");
    if let Some(t) = &g.strategic {
        doc.h3("战略目标");
        doc.text(t);
    }
    if let Some(t) = &g.medium_term {
        doc.h3("中长期规划");
        doc.text(t);
    }
    if !g.targets.is_empty() {
        // Progress as of this year, from this revision and the earlier published years.
        let mut snapshots: Vec<Snapshot> =
            ctx.unit.years.iter().filter(|y| y.year < s.year).map(|y| y.latest().snapshot.clone()).collect();
        snapshots.push(s.clone());
        let report = progress(ctx.unit.code(), &snapshots, s.year);
        let mut t = Table::new(format!("目标及{}年进展", s.year), &["目标", "期限", "要求", "最新值", "状态"]);
        for p in
            report.targets.iter().filter(|p| g.targets.iter().any(|t| t.metric == p.metric && t.deadline == p.deadline))
        {
            let latest =
                p.latest.as_ref().map_or("—".into(), |o| format!("{}（{}年）", metric_value(&o.value), o.year));
            t.row(vec![
                Cell::head(&p.label),
                Cell::Num(p.deadline.to_string()),
                Cell::text(goal_text(&p.goal)),
                Cell::text(latest),
                Cell::Markup(status_mark(p.status)),
            ]);
        }
        doc.html(t.render());
    }
    if !g.functions.is_empty() {
        doc.h3("职能职责");
        doc.list(&g.functions, true);
    }
}

fn key_projects(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(k) = &s.key_projects else { return };
    doc.h2("六、重点项目");
    if let Some(d) = &k.description {
        doc.text(d);
    }
    let totals = project_totals(k);
    let mut t = Table::new(
        "工程项目分类及投资估算（万元）",
        &[
            "工程类别",
            "序号",
            "工程项目",
            "项目数量（报告）",
            "项目数量（列出）",
            "投资估算（报告）",
            "投资估算（复核）",
        ],
    );
    for (c, (category, ctotal)) in k.categories.iter().zip(&totals.categories).enumerate() {
        for (g, (group, gtotal)) in category.groups.iter().zip(&ctotal.groups).enumerate() {
            let at = format!("/key_projects/categories/{c}/groups/{g}");
            t.row(vec![
                Cell::text(&category.name),
                Cell::Num(group.number.to_string()),
                Cell::head(&group.name),
                marks.cell(
                    &format!("{at}/stated_project_count"),
                    group.stated_project_count.map_or("—".into(), |n| n.to_string()),
                ),
                Cell::Num(gtotal.projects.to_string()),
                marks.cell(
                    &format!("{at}/stated_estimate"),
                    group.stated_estimate.map_or("—".into(), |f| f.to_string()),
                ),
                Cell::Num(at_least(gtotal)),
            ]);
        }
        let at = format!("/key_projects/categories/{c}");
        t.row(vec![
            Cell::text(&category.name),
            Cell::text(""),
            Cell::head("小计"),
            marks.cell(
                &format!("{at}/stated_project_count"),
                category.stated_project_count.map_or("—".into(), |n| n.to_string()),
            ),
            Cell::Num(ctotal.total.projects.to_string()),
            marks.cell(&format!("{at}/stated_subtotal"), amount(category.stated_subtotal)),
            Cell::Num(at_least(&ctotal.total)),
        ]);
    }
    t.row(vec![
        Cell::head("总计"),
        Cell::text(""),
        Cell::text(""),
        marks.cell("/key_projects/stated_project_count", k.stated_project_count.map_or("—".into(), |n| n.to_string())),
        Cell::Num(totals.total.projects.to_string()),
        marks.cell("/key_projects/stated_total", amount(k.stated_total)),
        Cell::Num(at_least(&totals.total)),
    ]);
    doc.html(t.render());
    let categories: Vec<String> = k.categories.iter().map(|c| c.name.clone()).collect();
    let series =
        vec![Series { name: "投资估算".into(), values: totals.categories.iter().map(|c| c.total.known).collect() }];
    doc.html(charts::bars("chart-projects", "重点项目投资估算（按工程类别）", "万元", &categories, &series));
    doc.html(r#"<p class="note">“/”表示报告未给出估算（不计为零）；合并单元格中的同一估算只计一次。</p>"#.into());
    for (c, category) in k.categories.iter().enumerate() {
        for (g, group) in category.groups.iter().enumerate() {
            let caption = match &group.table {
                Some(table) => format!("表{table} {}", group.name),
                None => group.name.clone(),
            };
            doc.h3(&caption);
            let mut t = Table::new(
                format!("{caption}（万元）"),
                &["编号", "项目名称", "主要建设内容", "投资估算", "实施年限", "责任单位"],
            );
            for p in &group.projects {
                let estimate = match (p.estimate, p.shares_estimate_of) {
                    (Some(Figure::Known(v)), _) => v.to_string(),
                    (Some(Figure::Unknown), _) => "/（未估算）".into(),
                    (None, Some(n)) => format!("（与第{n}行合并计列）"),
                    (None, None) => "—".into(),
                };
                let years = match (p.from, p.to) {
                    (Some(a), Some(b)) if a == b => a.to_string(),
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => "/".into(),
                };
                t.row(vec![
                    Cell::Num(p.number.to_string()),
                    Cell::head(p.name.clone().unwrap_or_default()),
                    Cell::text(p.content.clone().unwrap_or_default()),
                    Cell::Num(estimate),
                    Cell::Num(years),
                    Cell::text(p.responsible.join("、")),
                ]);
            }
            if let Some(stated) = group.stated_total {
                let at = format!("/key_projects/categories/{c}/groups/{g}/stated_total");
                let blank = || Cell::text("");
                t.row(vec![
                    blank(),
                    Cell::head("合计（报告）"),
                    blank(),
                    marks.cell(&at, stated.to_string()),
                    blank(),
                    blank(),
                ]);
            }
            let total = group_total(group);
            t.row(vec![
                Cell::text(""),
                Cell::head("合计（复核）"),
                Cell::text(""),
                Cell::Num(at_least(&total)),
                Cell::text(""),
                Cell::text(""),
            ]);
            doc.html(t.render());
        }
    }
}

/// A recomputed project total: the sum of the known estimates, saying how many are unknown
/// (the true total is then at least this).
fn at_least(total: &crate::analysis::projects::Total) -> String {
    match (total.known, total.unknown) {
        (None, _) => "/".into(),
        (Some(k), 0) => k.normalize().to_string(),
        (Some(k), n) => format!("{}（另有{n}项未估算）", k.normalize()),
    }
}

fn evaluation(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(e) = &s.evaluation else { return };
    doc.h2("七、绩效评价");
    for (title, text) in [("评价思路", &e.approach), ("评价方法", &e.method), ("评价过程", &e.process)] {
        if let Some(text) = text {
            doc.h3(title);
            doc.text(text);
        }
    }
    if !e.indicator_groups.is_empty() {
        let mut t = Table::new("评价指标体系", &["一级指标", "分值", "内容"]);
        for g in &e.indicator_groups {
            t.row(vec![
                Cell::head(&g.name),
                Cell::Num(g.points.to_string()),
                Cell::text(g.description.clone().unwrap_or_default()),
            ]);
        }
        let sum: Decimal = e.indicator_groups.iter().map(|g| g.points).sum();
        t.row(vec![
            Cell::head("合计（复核）"),
            marks.cell("/evaluation/indicator_groups/0/points", sum.to_string()),
            Cell::text(""),
        ]);
        doc.html(t.render());
    }
    if !e.grade_bands.is_empty() {
        let mut t = Table::new("评价等级", &["等级", "得分区间"]);
        for b in &e.grade_bands {
            let low = b.min.map(|m| format!("{m} ≤ ")).unwrap_or_default();
            let high = b.max.map(|m| format!(" {} {m}", if b.max_inclusive { "≤" } else { "<" })).unwrap_or_default();
            t.row(vec![Cell::head(&b.grade), Cell::text(format!("{low}得分{high}"))]);
        }
        doc.html(t.render());
    }
    if let Some(score) = e.score {
        let grade = e.stated_grade.as_deref().unwrap_or("—");
        let max = e.max_score.unwrap_or(Decimal::ONE_HUNDRED);
        let flag = if marks.0.contains("/evaluation/stated_grade") {
            r#" <span class="differs">（与等级区间不符，见复核结果）</span>"#
        } else {
            ""
        };
        doc.html(format!(
            r#"<p class="score">评价得分 <strong id="score">{score}</strong> 分（满分 {max}），等级 <strong id="grade">{}</strong>{flag}</p>"#,
            html(grade)
        ));
    }
    if let Some(c) = &e.conclusion {
        doc.text(c);
    }
}

fn results(doc: &mut Doc, s: &Snapshot) {
    let Some(r) = &s.results else { return };
    doc.h2("八、绩效结果");
    if !r.measurements.is_empty() {
        let mut t = Table::new("主要指标", &["指标", "期间", "数值", "单位", "同比（报告）"]);
        for m in &r.measurements {
            let change = match &m.stated_change {
                Some(c) => {
                    let word = c.direction.map(direction_word).unwrap_or("");
                    let amount = c.amount.map(|a| a.to_string()).unwrap_or_default();
                    let percent = c.percent.map(|p| format!("{p}%")).unwrap_or_default();
                    format!(
                        "{word}{amount}{}{percent}",
                        if !amount.is_empty() && !percent.is_empty() { "，" } else { "" }
                    )
                }
                None => "—".into(),
            };
            t.row(vec![
                Cell::head(&m.label),
                Cell::text(m.period.clone().unwrap_or_else(|| format!("{}年", s.year))),
                Cell::Num(metric_value(&m.value)),
                Cell::text(m.unit.clone().unwrap_or_default()),
                Cell::text(change),
            ]);
        }
        doc.html(t.render());
    }
    for section in &r.sections {
        doc.h3(&section.title);
        doc.text(&section.body);
    }
}

fn closing(doc: &mut Doc, s: &Snapshot) {
    for (title, items) in [
        ("九、主要经验及做法", &s.experience),
        ("十、存在的问题", &s.problems),
        ("十一、建议和改进措施", &s.recommendations),
    ] {
        if !items.is_empty() {
            doc.h2(title);
            for item in items {
                doc.text(item);
            }
        }
    }
    if !s.attachments.is_empty() {
        doc.h2("附件");
        for a in &s.attachments {
            doc.h3(&a.title);
            if a.rows.is_empty() {
                doc.html(r#"<p class="note">报告列出了此附件，但未公开其内容。</p>"#.into());
                continue;
            }
            let mut t = Table::new(a.title.clone(), &["指标", "权重", "目标值", "实际值", "得分", "偏差原因"]);
            for r in &a.rows {
                t.row(vec![
                    Cell::head(r.indicator.join(" / ")),
                    Cell::Num(r.weight.to_string()),
                    Cell::text(r.target.clone().unwrap_or_default()),
                    Cell::text(r.actual.clone().unwrap_or_default()),
                    Cell::num(r.score),
                    Cell::text(r.deviation_reason.clone().unwrap_or_default()),
                ]);
            }
            doc.html(t.render());
        }
    }
}

fn audit(doc: &mut Doc, findings: &[Finding]) {
    doc.h2("复核结果");
    if findings.is_empty() {
        doc.html(r#"<p class="ok" id="audit-ok">报告中可由其他数字推算的每一个数字（合计、增减额、比例、数量、等级）均已复核，全部一致。</p>"#.into());
        return;
    }
    let mut t = Table::new("复核发现", &["程度", "类型", "说明", "报告值", "复核值", "位置"]);
    t.class = "data findings";
    for f in findings {
        t.row(vec![
            Cell::text(severity_text(f.severity)),
            Cell::head(kind_text(f.kind)),
            Cell::text(&f.message),
            Cell::Num(f.stated.clone().unwrap_or_default()),
            Cell::Num(f.recomputed.clone().unwrap_or_default()),
            Cell::Markup(
                f.pointers
                    .iter()
                    .map(|p| format!("<code>{}</code>", html(p.as_str())))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ),
        ]);
    }
    doc.html(t.render());
}

/// Leaf-level differences between two documents, as JSON pointers with old and new values.
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<(String, String, String)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let pointer = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                differences(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), &pointer, out);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                differences(
                    x.get(i).unwrap_or(&Value::Null),
                    y.get(i).unwrap_or(&Value::Null),
                    &format!("{at}/{i}"),
                    out,
                );
            }
        }
        (x, y) if x != y => {
            let show = |v: &Value| match v {
                Value::Null => "（无）".to_string(),
                Value::String(s) => s.chars().take(60).collect(),
                other => other.to_string().chars().take(60).collect(),
            };
            out.push((at.to_string(), show(x), show(y)));
        }
        _ => {}
    }
}

fn history(doc: &mut Doc, ctx: &Context) {
    doc.h2("修订历史");
    let here = ctx.revision.meta.number;
    let mut t = Table::new("已公开的版本", &["版本", "公开时间", "SHA-256", "与上一公开版本相比"]);
    let mut previous: Option<&Published> = None;
    for rev in &ctx.year.revisions {
        let link = if rev.meta.number == here {
            format!("第{}版（本页）", rev.meta.number)
        } else {
            let up = if ctx.downloads.is_empty() { "" } else { "../" };
            format!(r#"<a href="{up}r{}/">第{}版</a>"#, rev.meta.number, rev.meta.number)
        };
        let changes = match previous {
            None => "首次公开".to_string(),
            Some(prev) => {
                let (a, b): (Value, Value) =
                    (serde_json::from_str(&prev.document).unwrap(), serde_json::from_str(&rev.document).unwrap());
                let mut diff = Vec::new();
                differences(&a, &b, "", &mut diff);
                let items: String = diff
                    .iter()
                    .take(50)
                    .map(|(p, x, y)| format!("<li><code>{}</code>：{} → {}</li>", html(p), html(x), html(y)))
                    .collect();
                let more = if diff.len() > 50 {
                    format!("<li>……另有{}处</li>", diff.len() - 50)
                } else {
                    String::new()
                };
                format!("<details><summary>{}处改动</summary><ul>{items}{more}</ul></details>", diff.len())
            }
        };
        t.row(vec![
            Cell::Markup(link),
            Cell::Num(rev.meta.published_at.clone().unwrap_or_default()),
            Cell::Markup(format!(r#"<code class="hash">{}</code>"#, html(&rev.meta.hash))),
            Cell::Markup(changes),
        ]);
        previous = Some(rev);
    }
    doc.html(t.render());
}

fn downloads_list(doc: &mut Doc, ctx: &Context) {
    doc.h2("下载");
    let mut items = vec![format!(
        r#"<li><a href="{}snapshot.json">snapshot.json</a>：本版本的原始数据，与存档逐字节相同（SHA-256 见上）</li>"#,
        ctx.downloads
    )];
    for table in downloads::tables(&ctx.revision.snapshot) {
        items.push(format!(
            r#"<li><a href="{}{}">{}</a>：{}（CSV，UTF-8）</li>"#,
            ctx.downloads, table.file, table.file, table.title
        ));
    }
    doc.html(format!(r#"<ul class="downloads">{}</ul>"#, items.join("")));
}
