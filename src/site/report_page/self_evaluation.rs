//! 绩效自评表 (schema 2): the execution block, the indicators by level with a derived
//! achievement column (达成 / 未达成 / 未填 …), weights and points marked where the audit disagrees;
//! and each project of a project report with its own money and table.

use super::findings::Marks;
use super::funds::amount_table;
use crate::analysis::achievement::achievement;
use crate::domain::{Cell as Figure, Indicator, IndicatorValue, Narrative, Number, Pointer, SelfEvaluation, Snapshot};
use crate::site::doc::Doc;
use crate::site::labels;
use crate::site::table::{Cell, Table};

pub fn self_evaluation(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    if let Some(table) = &s.self_evaluation {
        doc.section("绩效自评");
        evaluation_table(doc, table, &(Pointer::root() / "self_evaluation"), marks);
    }
    if s.projects.is_empty() {
        return;
    }
    doc.section("项目支出绩效自评");
    for (i, project) in s.projects.iter().enumerate() {
        let at = Pointer::root() / "projects" / i;
        doc.h3(project.name.as_deref().unwrap_or("（项目名称未列出）"));
        let facts: Vec<String> =
            [("项目编码", &project.code), ("主管部门", &project.supervisor), ("实施单位", &project.implementer)]
                .iter()
                .filter_map(|(term, value)| {
                    value.as_ref().map(|v| format!("<dt>{term}</dt><dd>{}</dd>", crate::site::escape::html(v)))
                })
                .collect();
        if !facts.is_empty() {
            doc.html(format!(r#"<dl class="meta">{}</dl>"#, facts.concat()));
        }
        if let Some(funding) = &project.funding {
            doc.html(amount_table("项目资金（万元）", vec![(funding, &at / "funding")], marks));
        }
        narrative(doc, "项目实施内容", project.content.as_ref());
        super::document::quantities(doc, "实物数量", &project.quantities);
        for (j, list) in project.lists.iter().enumerate() {
            doc.html(format!(
                "<p><strong>{}</strong></p>",
                crate::site::escape::html(list.label.as_deref().unwrap_or("列表"))
            ));
            super::people::named_list(doc, list, &(&at / "lists" / j), marks);
        }
        if let Some(standard) = &project.standard {
            super::document::standard(doc, standard, &(&at / "standard"), marks);
        }
        if let Some(table) = &project.evaluation {
            evaluation_table(doc, table, &(&at / "evaluation"), marks);
        }
    }
}

fn narrative(doc: &mut Doc, title: &str, text: Option<&Narrative>) {
    match text {
        None => {}
        Some(Narrative::Text(text)) => {
            doc.html(format!("<p><strong>{}</strong></p>", crate::site::escape::html(title)));
            doc.text(text);
        }
        Some(Narrative::Unfilled(prompt)) => doc.html(format!(
            r#"<p class="note"><strong>{}</strong>：未填写{}</p>"#,
            crate::site::escape::html(title),
            if prompt.is_empty() {
                String::new()
            } else {
                format!("（表中仍是填写提示：{}）", crate::site::escape::html(prompt))
            }
        )),
    }
}

fn evaluation_table(doc: &mut Doc, e: &SelfEvaluation, at: &Pointer, marks: &Marks) {
    narrative(doc, "年度目标", e.goal.as_ref());
    narrative(doc, "目标完成情况", e.goal_achieved.as_ref());
    if let Some(block) = &e.execution {
        let here = at / "execution";
        let caption = block.label.as_deref().unwrap_or("预算执行情况");
        doc.html(amount_table(caption, vec![(&block.total, &here / "total")], marks));
        let mut t = Table::new("预算执行得分", &["分值", "得分（报告）", "规则"]);
        t.row(vec![
            figure(block.weight.as_ref(), &(&here / "weight"), marks),
            figure(block.points.as_ref(), &(&here / "points"), marks),
            Cell::text(
                block.rule_text.clone().unwrap_or_else(|| block.rule.map(labels::scoring_rule).unwrap_or("").into()),
            ),
        ]);
        doc.html(t.render());
    }
    if !e.indicators.is_empty() {
        let caption = e.title.clone().unwrap_or_else(|| "绩效指标".into());
        let mut t = Table::new(
            caption,
            &["指标", "指标性质", "单位", "目标值", "完成值", "达成情况", "分值", "得分", "偏差原因"],
        );
        rows(&mut t, &e.indicators, &(at / "indicators"), 0, marks);
        if let Some(total) = &e.stated_weight_total {
            t.row(vec![
                Cell::head("分值合计（报告）"),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                figure(Some(total), &(at / "stated_weight_total"), marks),
                blank(),
                blank(),
            ]);
        }
        doc.html(t.render());
        if !e.completeness.is_complete() {
            doc.html(r#"<p class="note">此表只公开了一部分：合计按已列出的行只能得出“至少”的范围。</p>"#.into());
        }
    }
    let score = e.stated_score.as_ref().map(|s| marks.inline(&(at / "stated_score"), s.to_string()));
    if score.is_some() || e.stated_grade.is_some() {
        let full = e.full_marks.map_or("100".to_string(), |m| m.to_string());
        let mut line = String::from(r#"<p class="score">"#);
        if let Some(score) = score {
            line.push_str(&format!("自评得分 <strong>{score}</strong> 分（满分 {full}）"));
        }
        if let Some(grade) = &e.stated_grade {
            line.push_str(&format!("　等级 <strong>{}</strong>", crate::site::escape::html(grade)));
        }
        line.push_str("</p>");
        doc.html(line);
    }
    narrative(doc, "评价结论", e.conclusion.as_ref());
    narrative(doc, "存在问题", e.problems.as_ref());
    narrative(doc, "改进措施", e.measures.as_ref());
}

fn blank() -> Cell {
    Cell::text("")
}

fn figure(cell: Option<&Figure<Number>>, at: &Pointer, marks: &Marks) -> Cell {
    match cell {
        None => blank(),
        Some(Figure::Blank) => Cell::text("（空白）"),
        Some(cell) => marks.cell(at, cell.to_string()),
    }
}

fn value(v: Option<&IndicatorValue>) -> String {
    match v {
        None => String::new(),
        Some(IndicatorValue::Number(n)) => n.to_string(),
        Some(IndicatorValue::Range { min, max }) => format!("{min}–{max}"),
        Some(IndicatorValue::Word(w)) => w.clone(),
        Some(IndicatorValue::Illegible(shown)) => format!("（无法辨认：{shown}）"),
        Some(IndicatorValue::Blank) => "（空白）".into(),
    }
}

fn rows(t: &mut Table, indicators: &[Indicator], at: &Pointer, depth: usize, marks: &Marks) {
    for (i, ind) in indicators.iter().enumerate() {
        let here = at / i;
        let leaf = ind.children.is_empty();
        let target = match (&ind.target, &ind.adjusted_target) {
            (Some(t), Some(a)) => format!("{}（调整为{}）", value(Some(t)), value(Some(a))),
            (t, a) => value(a.as_ref().or(t.as_ref())),
        };
        let (weight, points) = if leaf {
            (
                figure(ind.weight.as_ref(), &(&here / "weight"), marks),
                figure(ind.points.as_ref(), &(&here / "points"), marks),
            )
        } else {
            (
                figure(ind.stated_weight.as_ref(), &(&here / "stated_weight"), marks),
                figure(ind.stated_points.as_ref(), &(&here / "stated_points"), marks),
            )
        };
        let name = if ind.placeholder { "……".to_string() } else { ind.name.clone() };
        t.row(vec![
            Cell::head(format!("{}{name}", "　".repeat(depth))),
            Cell::text(ind.comparator.map(labels::comparator).unwrap_or("")),
            Cell::text(ind.unit.clone().unwrap_or_default()),
            Cell::Num(target),
            Cell::Num(value(ind.actual.as_ref())),
            if leaf && !ind.placeholder { Cell::Markup(labels::achievement_mark(achievement(ind))) } else { blank() },
            weight,
            points,
            Cell::text(ind.deviation_reason.as_ref().and_then(|r| r.text()).unwrap_or_default()),
        ]);
        rows(t, &ind.children, &(&here / "children"), depth + 1, marks);
    }
}
