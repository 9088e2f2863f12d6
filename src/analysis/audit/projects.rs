//! The key projects: each group's and category's stated totals, counts and numbering against
//! the project rows (an estimate shared by merged rows counts once, `/` is unknown).

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
                self.project_total(&at / "stated_total", group.stated_total, &total, &format!("the 合计 of {name}"));
                self.project_total(
                    &at / "stated_estimate",
                    group.stated_estimate,
                    &total,
                    &format!("the summary-table estimate of {name}"),
                );
                self.count(
                    &at / "stated_project_count",
                    group.stated_project_count,
                    group.projects.len(),
                    &format!("projects of {name}"),
                );
                self.numbering(
                    at / "projects",
                    group.projects.iter().map(|p| p.number),
                    &format!("the projects of {name}"),
                );
                groups.push(total);
            }
            let total = combine(&groups);
            let name = format!("category {}", category.name);
            self.project_total(
                &at / "stated_subtotal",
                category.stated_subtotal.map(Figure::Known),
                &total,
                &format!("the 小计 of {name}"),
            );
            self.count(
                at / "stated_project_count",
                category.stated_project_count,
                total.projects,
                &format!("projects of {name}"),
            );
            all.push(total);
        }
        let total = combine(&all);
        self.project_total(
            &root / "stated_total",
            k.stated_total.map(Figure::Known),
            &total,
            "the 总计 of the key projects",
        );
        self.count(root / "stated_project_count", k.stated_project_count, total.projects, "key projects");
        let numbers = k.categories.iter().flat_map(|c| c.groups.iter().map(|g| g.number));
        self.numbering(categories, numbers, "the project groups");
    }
}
