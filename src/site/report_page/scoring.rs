//! 评分规则与计算式 (schema 2): for the indicators whose table states how they are scored, the
//! 得分系数, the rule (as printed), the unit's own formula and the points, marked where the audit
//! disagrees; and the counts of indicators by type a report states, with their sum recomputed.

use super::findings::Marks;
use crate::analysis::audit::{self_evaluation_tables, walk_indicators};
use crate::domain::{Cell as Figure, Indicator, IndicatorCounts, IndicatorValue, Number, Pointer, Snapshot};
use crate::site::doc::Doc;
use crate::site::table::{Cell, Table};

fn scored(i: &Indicator) -> bool {
    i.stated_coefficient.is_some() || i.scoring_rule.is_some() || i.rule_text.is_some() || i.stated_formula.is_some()
}

pub fn scoring(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let mut rows: Vec<(Pointer, &Indicator)> = Vec::new();
    let mut counts: Vec<(Pointer, &IndicatorCounts)> = Vec::new();
    for (at, table) in self_evaluation_tables(s) {
        walk_indicators(&(&at / "indicators"), &table.indicators, &mut |at, i| {
            if scored(i) {
                rows.push((at.clone(), i));
            }
        });
        if let Some(c) = &table.stated_indicator_counts {
            counts.push((at / "stated_indicator_counts", c));
        }
    }
    if rows.is_empty() && counts.is_empty() {
        return;
    }
    doc.section("评分规则与计算式");
    if !rows.is_empty() {
        let head = ["指标", "得分系数", "评分规则（报告）", "计算式（报告）", "完成值", "权重", "得分"];
        let mut t = Table::new("各指标的评分规则", &head);
        for (at, i) in rows {
            let figure = |key: &str, cell: &Option<Figure<Number>>, suffix: &str| match cell {
                Some(c) => marks.cell(&(&at / key), format!("{c}{suffix}")),
                None => Cell::text(""),
            };
            let formula = i
                .stated_formula
                .as_ref()
                .map_or(Cell::text(""), |f| marks.cell(&(&at / "stated_formula"), f.text.clone()));
            let actual = match &i.actual {
                Some(IndicatorValue::Number(n)) => format!("{n}{}", i.unit.as_deref().unwrap_or("")),
                Some(IndicatorValue::Word(w) | IndicatorValue::Illegible(w)) => w.clone(),
                _ => String::new(),
            };
            t.row(vec![
                Cell::head(i.name.clone()),
                figure("stated_coefficient", &i.stated_coefficient, "%"),
                Cell::text(i.rule_text.clone().unwrap_or_default()),
                formula,
                Cell::Num(actual),
                figure("weight", &i.weight, ""),
                figure("points", &i.points, ""),
            ]);
        }
        doc.html(t.render());
    }
    for (at, c) in counts {
        let mut t = Table::new("绩效指标个数（个）", &["类型", "个数"]);
        for (n, line) in c.by_type.iter().enumerate() {
            t.row(vec![
                Cell::head(line.label.clone()),
                marks.cell(&(&at / "by_type" / n / "count"), line.count.to_string()),
            ]);
        }
        let sum: u64 = c.by_type.iter().map(|l| u64::from(l.count)).sum();
        t.row(vec![Cell::head("各类合计（复核）"), Cell::Num(sum.to_string())]);
        if let Some(total) = c.stated_total {
            t.row(vec![Cell::head("合计（报告）"), marks.cell(&(&at / "stated_total"), total.to_string())]);
        }
        doc.html(t.render());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::audit;

    fn render(text: &str) -> String {
        let s: Snapshot = serde_json::from_str(text).unwrap();
        let mut doc = Doc::default();
        scoring(&mut doc, &s, &Marks::new(&audit(&s, None)));
        doc.finish()
    }

    #[test]
    fn rules_formulas_and_counts_as_printed() {
        let html = render(include_str!("../../../examples/corpus/12-unnamed-2018.json"));
        for shown in ["评分规则与计算式", "每超过一个百分点扣0.5分", "(63.46-32)÷32=98.31%", "大于30%不得分"]
        {
            assert!(html.contains(shown), "{shown}: {html}");
        }
        let html = render(include_str!("../../../examples/corpus/10-zizhiqu-nyscfz-2021.json"));
        assert!(html.contains("服务对象满意度指标") && html.contains("33"), "{html}");
        assert!(!render(include_str!("../../../examples/corpus/04-baoshan-nyncj-2019.json")).contains("评分规则"));
    }
}
