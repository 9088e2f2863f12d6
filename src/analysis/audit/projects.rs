//! The key projects: each group's and category's stated totals, counts and numbering against
//! the project rows (an estimate shared by merged rows counts once, `/` or no estimate cell is
//! unknown), and periods that start after they end.

use super::checks::{what, What};
use super::{Auditor, Finding, FindingKind};
use crate::analysis::projects::{combine, group_total};
use crate::domain::{Figure, Pointer, Snapshot};

impl Auditor {
    pub(super) fn key_projects(&mut self, s: &Snapshot) {
        let Some(k) = &s.key_projects else { return };
        let root = Pointer::root() / "key_projects";
        self.period(&root, k.from, k.to, &what("the plan period of the key projects", "重点项目的规划期"));
        let categories = &root / "categories";
        let mut all = Vec::new();
        for (c, category) in k.categories.iter().enumerate() {
            let at = &categories / c;
            let mut groups = Vec::new();
            for (g, group) in category.groups.iter().enumerate() {
                let at = &at / "groups" / g;
                let total = group_total(group);
                let name = format!("group {} {}", group.number, group.name);
                let zh = format!("第{}组“{}”", group.number, group.name);
                let named = what(format!("the 合计 of {name}"), format!("{zh}的合计"));
                self.project_total(&at / "stated_total", group.stated_total, &total, &named);
                let named = what(format!("the summary-table estimate of {name}"), format!("{zh}在汇总表中的投资估算"));
                self.project_total(&at / "stated_estimate", group.stated_estimate, &total, &named);
                let named = what(format!("projects of {name}"), format!("{zh}的项目数量"));
                self.count(&at / "stated_project_count", group.stated_project_count, group.projects.len(), &named);
                let named = what(format!("the projects of {name}"), format!("{zh}的项目"));
                self.numbering(&at / "projects", group.projects.iter().map(|p| p.number), &named);
                for (p, project) in group.projects.iter().enumerate() {
                    let row = format!("row {} of {name}", project.number);
                    let named = what(
                        format!("the implementation period of {row}"),
                        format!("{zh}第{}行项目的实施年限", project.number),
                    );
                    self.period(&(&at / "projects" / p), project.from, project.to, &named);
                }
                groups.push(total);
            }
            let total = combine(&groups);
            let name = format!("category {}", category.name);
            let zh = format!("工程类别“{}”", category.name);
            let named = what(format!("the 小计 of {name}"), format!("{zh}的小计"));
            self.project_total(&at / "stated_subtotal", category.stated_subtotal.map(Figure::Known), &total, &named);
            let named = what(format!("projects of {name}"), format!("{zh}的项目数量"));
            self.count(at / "stated_project_count", category.stated_project_count, total.projects, &named);
            all.push(total);
        }
        let total = combine(&all);
        self.project_total(
            &root / "stated_total",
            k.stated_total.map(Figure::Known),
            &total,
            &what("the 总计 of the key projects", "重点项目的总计"),
        );
        let named = what("key projects", "重点项目数量");
        self.count(root / "stated_project_count", k.stated_project_count, total.projects, &named);
        let numbers = k.categories.iter().flat_map(|c| c.groups.iter().map(|g| g.number));
        self.numbering(categories, numbers, &what("the project groups", "重点项目的各组"));
    }

    /// A period (`from`, `to` under `at`) that starts after it ends.
    fn period(&mut self, at: &Pointer, from: Option<u16>, to: Option<u16>, what: &What) {
        let (Some(from), Some(to)) = (from, to) else { return };
        if from > to {
            self.report(
                Finding::warning(FindingKind::PeriodReversed)
                    .at_all([at / "from", at / "to"])
                    .stated(format!("{from}–{to}"))
                    .zh(format!("{}：起始年份{from}晚于结束年份{to}", what.zh))
                    .message(format!("{}: starts in {from}, after it ends in {to}", what.en)),
            );
        }
    }
}
