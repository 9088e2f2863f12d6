//! The facts around the figures (schema 2): a report dated before the year it evaluates has
//! ended, and a per-unit standard whose amount × count is not the total the report states.

use time::{Date, Month};

use super::{show, Auditor, Finding, FindingKind};
use crate::analysis::arith::{agrees_at_printed_precision, in_unit_of};
use crate::domain::validate::document::parse_date;
use crate::domain::{PerUnitStandard, Pointer, Snapshot};

impl Auditor {
    pub(super) fn document_facts(&mut self, s: &Snapshot) {
        self.report_date(s);
        for (i, project) in s.projects.iter().enumerate() {
            if let Some(standard) = &project.standard {
                self.per_unit_standard(standard, &(Pointer::root() / "projects" / i / "standard"));
            }
        }
    }

    /// A report dated on or before 31 December of the year it evaluates cannot know the whole
    /// year's figures (报告日期 2021年12月31日 for the year 2021).
    fn report_date(&mut self, s: &Snapshot) {
        let Some(text) = s.header.as_ref().and_then(|h| h.report_date.as_deref()) else { return };
        let (Ok(date), Ok(year_end)) = (parse_date(text), Date::from_calendar_date(s.year.into(), Month::December, 31))
        else {
            return;
        };
        if date > year_end {
            return;
        }
        let year = s.year;
        let how = if date == year_end { "是" } else { "早于" };
        self.report(
            Finding::info(FindingKind::ReportDateImplausible)
                .at(Pointer::root() / "header" / "report_date")
                .stated(text)
                .recomputed(format!("> {year_end}"))
                .zh(format!(
                    "报告日期为{}，{how}所评价的{year}年度的最后一天（{}）：该日全年的执行情况尚不能完整得知，日期可能有误",
                    chinese_date(date),
                    chinese_date(year_end)
                ))
                .message(format!(
                    "the report is dated {date}, on or before the last day ({year_end}) of the year {year} it \
                     evaluates: the whole year's execution cannot be known yet; the date may be wrong"
                )),
        );
    }

    /// 按生均1000元安排 … 2390生 … 共计239万元: amount × count against the stated total, at the
    /// precision the total is printed with.
    fn per_unit_standard(&mut self, standard: &PerUnitStandard, at: &Pointer) {
        let (Some(count), Some(total)) = (standard.stated_count, standard.stated_total.as_ref()) else { return };
        let product = standard.amount.in_wan() * rust_decimal::Decimal::from(count);
        if agrees_at_printed_precision(total, product) {
            return;
        }
        let unit = total.unit().as_str();
        let recomputed = format!("{}{unit}", show(in_unit_of(total, product)));
        let (amount, per) = (standard.amount, &standard.per);
        let stated = format!("{}{unit}", show(total.value));
        self.report(
            Finding::error(FindingKind::StandardTotalMismatch)
                .at(at / "stated_total")
                .at(at / "amount")
                .at(at / "stated_count")
                .stated(stated.clone())
                .recomputed(recomputed.clone())
                .zh(format!(
                    "按每{per}{}、共{count}{per}计算应为{recomputed}，报告所列合计为{stated}",
                    money_zh(&amount)
                ))
                .message(format!(
                    "{} per {per} × {count} is {recomputed}, but the stated total is {stated}",
                    money_zh(&amount)
                )),
        );
    }
}

/// An amount with its unit always written (1000元, 239万元).
fn money_zh(money: &crate::domain::Money) -> String {
    format!("{}{}", money.value, money.unit().as_str())
}

/// 2021年12月31日.
fn chinese_date(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), u8::from(date.month()), date.day())
}
