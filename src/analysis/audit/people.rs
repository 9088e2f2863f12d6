//! People and organisation: each headcount (编制, 实有) against its own categories, the stated
//! control rate against the two headcounts, unit groups against their parts and the groups they
//! include, and named lists against their stated counts. The gap between 编制 and 实有 is shown
//! on the site, never reported: 实有 above 编制 is a fact, not an inconsistency.

use rust_decimal::Decimal;

use super::rates::StatedRatio;
use super::{Auditor, Finding, FindingKind, Severity};
use crate::domain::{Cell, Headcount, NamedList, Number, Organisation, People, Pointer, Snapshot, UnitGroup};

impl Auditor {
    pub(super) fn people(&mut self, s: &Snapshot) {
        if let Some(p) = &s.people {
            let at = Pointer::root() / "people";
            for (key, headcount) in [("establishment", &p.establishment), ("in_post", &p.in_post)] {
                if let Some(h) = headcount {
                    self.headcount(&at / key, h);
                }
            }
            self.control_rate(&at, p);
        }
        if let Some(o) = &s.organisation {
            self.organisation(Pointer::root() / "organisation", o);
        }
        for (i, project) in s.projects.iter().enumerate() {
            for (j, list) in project.lists.iter().enumerate() {
                let label = list.label.as_deref().unwrap_or("列表");
                self.named_list(&(Pointer::root() / "projects" / i / "lists" / j), list, None, label, label);
            }
        }
    }

    /// A headcount's stated total against its categories. Categories the report gives only in
    /// part are "at least": only more people than the total is reported, as a warning.
    fn headcount(&mut self, at: Pointer, h: &Headcount) {
        let Some(stated) = h.stated_total.filter(|_| !h.categories.is_empty()) else { return };
        let sum: u64 = h.categories.iter().map(|c| u64::from(c.count)).sum();
        let partial = !h.completeness.is_complete();
        if sum == u64::from(stated) || (partial && sum < u64::from(stated)) {
            return;
        }
        let parts = h.categories.iter().map(|c| format!("{} {}", c.label, c.count)).collect::<Vec<_>>().join(" + ");
        let severity = if partial { Severity::Warning } else { Severity::Error };
        let (zh, en) = if partial {
            (
                format!("{}：报告合计{stated}人，但仅列出的部分类别（{parts}）已有{sum}人，超过合计", h.label),
                format!(
                    "{}: {stated} stated, but the categories listed (only some) already make {parts} = {sum}",
                    h.label
                ),
            )
        } else {
            (
                format!("{}：报告合计{stated}人，但各类人员{parts} = {sum}人", h.label),
                format!("{}: {stated} stated, but {parts} = {sum}", h.label),
            )
        };
        self.report(
            Finding::with_severity(severity, FindingKind::CountMismatch)
                .at(&at / "stated_total")
                .at_all((0..h.categories.len()).map(|i| &at / "categories" / i / "count"))
                .stated(stated.to_string())
                .recomputed(sum.to_string())
                .zh(zh)
                .message(en),
        );
    }

    /// 人员控制率 = staff in post ÷ establishment, at the precision the report printed.
    fn control_rate(&mut self, at: &Pointer, p: &People) {
        let Some(Cell::Value(Number(stated))) = p.stated_control_rate else { return };
        let (Some((in_post, post_at)), Some((establishment, est_at))) = (
            p.in_post.as_ref().and_then(|h| headcount_total(&(at / "in_post"), h)),
            p.establishment.as_ref().and_then(|h| headcount_total(&(at / "establishment"), h)),
        ) else {
            return;
        };
        self.stated_ratio(
            FindingKind::RateMismatch,
            StatedRatio {
                pointers: vec![at / "stated_control_rate", post_at, est_at],
                stated,
                numerator: Decimal::from(in_post),
                denominator: Decimal::from(establishment),
                what_zh: "人员控制率",
                what: "the staff control rate",
                formula_zh: format!("实有{in_post}人 ÷ 编制{establishment}人"),
                formula: format!("{in_post} in post ÷ {establishment} established posts"),
            },
        );
    }

    fn organisation(&mut self, at: Pointer, o: &Organisation) {
        if let Some(list) = &o.internal_departments {
            self.named_list(&(&at / "internal_departments"), list, None, "内设机构", "internal departments");
        }
        if let Some(units) = &o.units {
            self.unit_group(at / "units", units);
        }
    }

    /// A group's stated count against its parts' (unknown counts are unknown parts, never zero),
    /// the groups it includes (含) against it, and its names against the count.
    fn unit_group(&mut self, at: Pointer, g: &UnitGroup) {
        let count_at = &at / "stated_count";
        if let Some(stated) = g.stated_count.filter(|_| !g.parts.is_empty()) {
            let known: u64 = g.parts.iter().filter_map(|p| p.stated_count).map(u64::from).sum();
            let unknown = g.parts.iter().filter(|p| p.stated_count.is_none()).count();
            if (unknown == 0 && known != u64::from(stated)) || known > u64::from(stated) {
                let parts = group_counts(&g.parts);
                let of_known =
                    if unknown > 0 { format!("（另有{unknown}类未列数量）") } else { String::new() };
                let en_unknown = if unknown > 0 { format!(" ({unknown} without a count)") } else { String::new() };
                self.report(
                    Finding::error(FindingKind::CountMismatch)
                        .at(count_at.clone())
                        .at_all(part_counts(&(&at / "parts"), &g.parts))
                        .stated(stated.to_string())
                        .recomputed(known.to_string())
                        .zh(format!("{}：报告为{stated}个单位，但所列各类{parts} = {known}个{of_known}", g.label))
                        .message(format!("{}: {stated} units stated, but {parts} = {known}{en_unknown}", g.label)),
                );
            }
        }
        if let Some(stated) = g.stated_count.filter(|_| !g.includes.is_empty()) {
            let included: u64 = g.includes.iter().filter_map(|p| p.stated_count).map(u64::from).sum();
            if included > u64::from(stated) {
                let parts = group_counts(&g.includes);
                self.report(
                    Finding::error(FindingKind::PartExceedsWhole)
                        .at_all(part_counts(&(&at / "includes"), &g.includes))
                        .at(count_at.clone())
                        .stated(included.to_string())
                        .recomputed(format!("≤ {stated}"))
                        .zh(format!("{}共{stated}个，但其中所含{parts} = {included}个，多于总数", g.label))
                        .message(format!(
                            "{}: {stated} units, but the groups it includes make {parts} = {included}",
                            g.label
                        )),
                );
            }
        }
        if let Some(names) = &g.names {
            let fallback = g.stated_count.map(|count| (count, count_at));
            self.named_list(&(&at / "names"), names, fallback, &g.label, &g.label);
        }
        for (key, groups) in [("parts", &g.parts), ("includes", &g.includes)] {
            for (i, group) in groups.iter().enumerate() {
                self.unit_group(&at / key / i, group);
            }
        }
    }

    /// Names against the count the list states (or, failing that, `fallback`: the count of the
    /// group the list names). A list the report gives only in part (等, ……) is not counted
    /// against its count, except when it names more than the count.
    pub(super) fn named_list(
        &mut self,
        at: &Pointer,
        list: &NamedList,
        fallback: Option<(u32, Pointer)>,
        zh: &str,
        en: &str,
    ) {
        let stated = list.stated_count.map(|count| (count, at / "stated_count")).or(fallback);
        let Some((stated, stated_at)) = stated.filter(|_| !list.items.is_empty()) else { return };
        let listed = list.items.len();
        let partial = !list.completeness.is_complete();
        if listed == stated as usize || (partial && listed < stated as usize) {
            return;
        }
        let (severity, zh, en) = if partial {
            (
                Severity::Warning,
                format!("{zh}：报告为{stated}个（部分列举），但已列出{listed}个名称，多于所述总数"),
                format!("{en}: {stated} stated (a partial list), but {listed} names are listed, more than the count"),
            )
        } else {
            (
                Severity::Error,
                format!("{zh}：报告为{stated}个，列出名称{listed}个"),
                format!("{en}: {stated} stated, {listed} listed"),
            )
        };
        self.report(
            Finding::with_severity(severity, FindingKind::CountMismatch)
                .at(stated_at)
                .at(at / "items")
                .stated(stated.to_string())
                .recomputed(listed.to_string())
                .zh(zh)
                .message(en),
        );
    }
}

/// A headcount's total: as stated, or the sum of its categories when they are all given.
fn headcount_total(at: &Pointer, h: &Headcount) -> Option<(u64, Pointer)> {
    match h.stated_total {
        Some(total) => Some((u64::from(total), at / "stated_total")),
        None if h.completeness.is_complete() && !h.categories.is_empty() => {
            Some((h.categories.iter().map(|c| u64::from(c.count)).sum(), at / "categories"))
        }
        None => None,
    }
}

/// `全额拨款单位 15 + 差额拨款事业单位 1 + 自收自支事业单位 ?`.
fn group_counts(groups: &[UnitGroup]) -> String {
    let count = |g: &UnitGroup| g.stated_count.map_or("?".to_string(), |c| c.to_string());
    groups.iter().map(|g| format!("{} {}", g.label, count(g))).collect::<Vec<_>>().join(" + ")
}

fn part_counts(at: &Pointer, groups: &[UnitGroup]) -> Vec<Pointer> {
    (0..groups.len()).filter(|&i| groups[i].stated_count.is_some()).map(|i| at / i / "stated_count").collect()
}
