//! The key projects: each group's and category's stated totals, counts and numbering against
//! the project rows (an estimate shared by merged rows counts once, `/` is unknown).

use super::checks::what;
use super::Auditor;
use crate::analysis::projects::{combine, group_total};
use crate::domain::{Figure, Pointer, Snapshot};

impl Auditor {
    pub(super) fn key_projects(&mut self, s: &Snapshot) {
        let Some(k) = &s.key_projects else { return };
        let root = Pointer::root() / "key_projects";
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
                self.numbering(at / "projects", group.projects.iter().map(|p| p.number), &named);
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
}
