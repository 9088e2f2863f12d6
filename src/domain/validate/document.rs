//! The facts around a report's figures (schema 2): its header block, the origin of the stored
//! copy, and the quantities and per-unit standards it prints. Refused: what cannot be a date or
//! a link (a date that does not exist, a link that is not http(s) or carries markup), empty or
//! marked-up labels, negative quantities, implausible amounts.

use time::macros::format_description;
use time::Date;

use super::{check_year, Validator, MAX_AMOUNT};
use crate::domain::cell::Cell;
use crate::domain::money::Money;
use crate::domain::pointer::Pointer;
use crate::domain::report::{Origin, PerUnitStandard, Quantity, ReportHeader, Snapshot};

/// A link longer than this is not a page address.
const MAX_URL_CHARS: usize = 2_000;

/// Reads an ISO calendar date (`2017-07-25`) that exists, in the years a report can have.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let date = Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("{text:?} is not a date written as 2017-07-25 (year-month-day, a day that exists)"))?;
    let year = u16::try_from(date.year()).map_err(|_| format!("{text:?} is not in a plausible year"))?;
    check_year(year).map(|()| date)
}

/// Checks a link to the page a copy was taken from: http or https, a host, no spaces or markup.
pub fn check_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must be an http:// or https:// address")?;
    if rest.split(['/', '?', '#']).next().is_none_or(str::is_empty) {
        return Err("must name a host after http(s)://".into());
    }
    if url.chars().count() > MAX_URL_CHARS {
        return Err(format!("must be at most {MAX_URL_CHARS} characters"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`')) {
        return Err("must not contain spaces, quotes or '<' '>' (percent-encode them)".into());
    }
    Ok(())
}

impl Validator {
    /// The header, the origin, and the quantities and standards of projects and organisation.
    pub(super) fn document_facts(&mut self, s: &Snapshot) {
        let root = Pointer::root();
        if let Some(header) = &s.header {
            self.header(&root / "header", header);
        }
        if let Some(origin) = &s.origin {
            self.origin(&root / "origin", origin);
        }
        if let Some(organisation) = &s.organisation {
            self.quantities(&root / "organisation" / "facts", &organisation.facts);
        }
        for (i, project) in s.projects.iter().enumerate() {
            let at = &root / "projects" / i;
            self.quantities(&at / "quantities", &project.quantities);
            let lists = &at / "lists";
            self.count(&lists, project.lists.len());
            for (j, list) in project.lists.iter().enumerate() {
                self.named_list(&lists / j, list);
            }
            if let Some(standard) = &project.standard {
                self.standard(&at / "standard", standard);
            }
        }
    }

    fn header(&mut self, at: Pointer, h: &ReportHeader) {
        self.opt_label(&at / "template", &h.template);
        match &h.budget_code {
            Some(Cell::Value(code)) => self.name(&at / "budget_code", code),
            Some(Cell::Illegible(shown)) => self.illegible(&at / "budget_code" / "illegible", shown),
            Some(Cell::Slash | Cell::Blank) | None => {}
        }
        self.opt_label(&at / "evaluation_method", &h.evaluation_method);
        self.opt_label(&at / "evaluator", &h.evaluator);
        self.date(&at / "report_date", h.report_date.as_deref());
        self.opt_name(&at / "supervisor", &h.supervisor);
        self.opt_name(at / "implementer", &h.implementer);
    }

    fn origin(&mut self, at: Pointer, o: &Origin) {
        if let Some(url) = &o.url {
            self.result(&at / "url", check_url(url));
        }
        self.date(&at / "published_on", o.published_on.as_deref());
        let notes = &at / "notes";
        self.count(&notes, o.notes.len());
        for (i, note) in o.notes.iter().enumerate() {
            self.label(&notes / i, note);
        }
    }

    fn date(&mut self, at: Pointer, date: Option<&str>) {
        if let Some(date) = date {
            self.result(at, parse_date(date).map(drop));
        }
    }

    fn quantities(&mut self, at: Pointer, quantities: &[Quantity]) {
        self.count(&at, quantities.len());
        for (i, q) in quantities.iter().enumerate() {
            let at = &at / i;
            self.name(&at / "label", &q.label);
            if q.value.0.is_sign_negative() {
                self.fail(&at / "value", "must not be negative (a quantity counted or measured)");
            }
            self.name(at / "unit", &q.unit);
        }
    }

    fn standard(&mut self, at: Pointer, s: &PerUnitStandard) {
        self.plausible(&at / "amount", &s.amount);
        self.name(&at / "per", &s.per);
        if let Some(total) = &s.stated_total {
            self.plausible(at / "stated_total", total);
        }
    }

    fn plausible(&mut self, at: Pointer, money: &Money) {
        if money.in_wan() > MAX_AMOUNT {
            self.fail(at, format!("is implausibly large (over {MAX_AMOUNT} 万元)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2017-07-25").is_ok());
        assert!(parse_date("2020-02-29").is_ok());
        for text in ["2021-02-29", "2017-7-25", "2017年7月25日", "1800-01-01", "2017-13-01", ""] {
            assert!(parse_date(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn links_are_web_pages_without_markup() {
        assert!(check_url("https://yyx.gov.cn/37584/content_1194603.html").is_ok());
        assert!(check_url("http://m.cdsnjd.com/zt/xdncy/dt/2023/0306/18745.html").is_ok());
        for url in ["javascript:alert(1)", "ftp://x.cn/a", "https://", "https://x.cn/a b", "https://x.cn/\"><script>"] {
            assert!(check_url(url).is_err(), "{url:?}");
        }
    }
}
