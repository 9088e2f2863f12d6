//! 绩效目标 and 绩效结果: the targets with their progress, and the measured results.

use crate::analysis::progress;
use crate::domain::Snapshot;
use crate::site::doc::Doc;
use crate::site::labels;
use crate::site::table::{Cell, Table};

use super::Context;

pub fn goals(doc: &mut Doc, ctx: &Context) {
    let s = &ctx.revision.snapshot;
    let Some(g) = &s.goals else { return };
    doc.section("绩效目标");
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
        let earlier = ctx.unit.years.iter().filter(|y| y.year < s.year).map(|y| &y.latest().snapshot);
        let report = progress(ctx.unit.code(), earlier.chain([s]), s.year);
        let mut t = Table::new(format!("目标及{}年进展", s.year), &["目标", "期限", "要求", "最新值", "状态"]);
        for p in
            report.targets.iter().filter(|p| g.targets.iter().any(|t| t.metric == p.metric && t.deadline == p.deadline))
        {
            let latest = p
                .latest
                .as_ref()
                .map_or("—".into(), |o| format!("{}（{}年）", labels::metric_value(&o.value), o.year));
            t.row(vec![
                Cell::head(&p.label),
                Cell::Num(p.deadline.to_string()),
                Cell::text(labels::target_goal(p)),
                Cell::text(latest),
                Cell::Markup(labels::status_mark(p.status)),
            ]);
        }
        doc.html(t.render());
    }
    if !g.functions.is_empty() {
        doc.h3("职能职责");
        doc.list(&g.functions, true);
    }
}

pub fn results(doc: &mut Doc, s: &Snapshot) {
    let Some(r) = &s.results else { return };
    doc.section("绩效结果");
    if !r.measurements.is_empty() {
        let mut t = Table::new("主要指标", &["指标", "期间", "数值", "单位", "同比（报告）"]);
        for m in &r.measurements {
            let change = match &m.stated_change {
                Some(c) => {
                    let word = c.direction.map(labels::direction).unwrap_or("");
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
                Cell::Num(labels::metric_value(&m.value)),
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
