//! Validation of the schema-2 parts about people and money: headcounts, organisation and lists,
//! amount lines by phase and source, balance flows. Only what cannot be a real report is refused
//! (empty or marked-up labels, sizes, nesting, impossible amounts, a placeholder row with
//! figures); what a report can state inconsistently is left to the audit.

use rust_decimal::Decimal;

use super::{Validator, MAX_AMOUNT};
use crate::domain::cell::{Cell, Narrative};
use crate::domain::money::Money;
use crate::domain::number::Number;
use crate::domain::pointer::Pointer;
use crate::domain::report::*;

/// The deepest a table may nest (lines within lines, groups within groups).
pub const MAX_DEPTH: usize = 9;
/// The most decimals a percentage may be printed with.
pub(super) const PERCENT_SCALE: u32 = 6;
/// Percentages above this are typing errors (215.36 % happens; a million per cent does not).
pub(super) const MAX_PERCENT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

impl Validator {
    /// The people, organisation, amount tables and balance flows of a snapshot.
    pub(super) fn people_and_money(&mut self, s: &Snapshot) {
        let root = Pointer::root();
        if let Some(people) = &s.people {
            self.people(&root / "people", people);
        }
        if let Some(organisation) = &s.organisation {
            self.organisation(&root / "organisation", organisation);
        }
        let funds = &root / "funds";
        self.count(&funds, s.funds.len());
        for (i, line) in s.funds.iter().enumerate() {
            self.amount_line(&funds / i, line);
        }
        let balances = &root / "balances";
        self.count(&balances, s.balances.len());
        for (i, flow) in s.balances.iter().enumerate() {
            self.balance_flow(&balances / i, flow);
        }
        self.breakdowns(&root / "breakdowns", &s.breakdowns);
        for (i, project) in s.projects.iter().enumerate() {
            if let Some(funding) = &project.funding {
                self.amount_line(&root / "projects" / i / "funding", funding);
            }
        }
    }

    fn people(&mut self, at: Pointer, p: &People) {
        for (key, headcount) in [("establishment", &p.establishment), ("in_post", &p.in_post)] {
            if let Some(h) = headcount {
                self.headcount(&at / key, h);
            }
        }
        self.headcount_lines(&at / "others", &p.others);
        self.percent(at / "stated_control_rate", p.stated_control_rate.as_ref());
    }

    fn headcount(&mut self, at: Pointer, h: &Headcount) {
        self.name(&at / "label", &h.label);
        self.opt_label(&at / "scope", &h.scope);
        self.opt_label(&at / "as_of", &h.as_of);
        self.headcount_lines(at / "categories", &h.categories);
    }

    fn headcount_lines(&mut self, at: Pointer, lines: &[HeadcountLine]) {
        self.count(&at, lines.len());
        for (i, line) in lines.iter().enumerate() {
            self.name(&at / i / "label", &line.label);
        }
    }

    fn organisation(&mut self, at: Pointer, o: &Organisation) {
        if let Some(list) = &o.internal_departments {
            self.named_list(&at / "internal_departments", list);
        }
        if let Some(units) = &o.units {
            self.unit_group(at / "units", units, 1);
        }
    }

    pub(super) fn named_list(&mut self, at: Pointer, list: &NamedList) {
        self.opt_label(&at / "label", &list.label);
        let items = &at / "items";
        self.count(&items, list.items.len());
        for (i, item) in list.items.iter().enumerate() {
            self.name(&items / i, item);
        }
    }

    fn unit_group(&mut self, at: Pointer, g: &UnitGroup, depth: usize) {
        if !self.within_depth(&at, depth) {
            return;
        }
        self.name(&at / "label", &g.label);
        for (key, groups) in [("parts", &g.parts), ("includes", &g.includes)] {
            let list = &at / key;
            self.count(&list, groups.len());
            for (i, group) in groups.iter().enumerate() {
                self.unit_group(&list / i, group, depth + 1);
            }
        }
        if let Some(names) = &g.names {
            self.named_list(at / "names", names);
        }
    }

    /// An amount line and the lines below it (by source, parts), to [`MAX_DEPTH`] levels.
    pub(super) fn amount_line(&mut self, at: Pointer, line: &AmountLine) {
        self.amount_line_at(at, line, 1);
    }

    fn amount_line_at(&mut self, at: Pointer, line: &AmountLine, depth: usize) {
        if !self.within_depth(&at, depth) {
            return;
        }
        self.name(&at / "label", &line.label);
        if let Some(source) = &line.source {
            self.funding_source(&at / "source", source);
        }
        for (key, cell) in line.phase_cells() {
            self.money_cell(&at / key, cell);
        }
        if let Some(change) = &line.stated_adjustment {
            self.change(&at / "stated_adjustment", change, true);
        }
        let rates = &at / "stated_rates";
        self.count(&rates, line.stated_rates.len());
        for (i, rate) in line.stated_rates.iter().enumerate() {
            self.name(&rates / i / "name", &rate.name);
            self.percent(&rates / i / "value", Some(&rate.value));
        }
        self.percent(&at / "stated_share", line.stated_share.as_ref());
        if line.placeholder {
            self.placeholder_line(&at, line);
        }
        for (key, lines) in [("by_source", &line.by_source), ("parts", &line.parts)] {
            let list = &at / key;
            self.count(&list, lines.len());
            for (i, child) in lines.iter().enumerate() {
                self.amount_line_at(&list / i, child, depth + 1);
            }
        }
        if let Some(reason) = &line.reason {
            self.narrative(at / "reason", reason);
        }
    }

    /// A placeholder row (……, 二级机构2) is printed without figures: one that has some is an
    /// encoding mistake (the row is real, or the figures belong elsewhere).
    fn placeholder_line(&mut self, at: &Pointer, line: &AmountLine) {
        const MESSAGE: &str = "a placeholder line carries no figures (remove `placeholder` or the figure)";
        for (key, cell) in line.phase_cells() {
            if matches!(cell, Some(Cell::Value(_))) {
                self.fail(at / key, MESSAGE);
            }
        }
        if line.stated_adjustment.is_some() {
            self.fail(at / "stated_adjustment", MESSAGE);
        }
        for (i, rate) in line.stated_rates.iter().enumerate() {
            if matches!(rate.value, Cell::Value(_)) {
                self.fail(at / "stated_rates" / i / "value", MESSAGE);
            }
        }
        if matches!(line.stated_share, Some(Cell::Value(_))) {
            self.fail(at / "stated_share", MESSAGE);
        }
    }

    fn funding_source(&mut self, at: Pointer, source: &FundingSource) {
        self.name(&at / "label", &source.label);
        self.opt_name(at / "code", &source.code);
    }

    fn balance_flow(&mut self, at: Pointer, flow: &BalanceFlow) {
        self.name(&at / "label", &flow.label);
        for (key, cell) in flow.cells() {
            self.money_cell(&at / key, cell);
        }
    }

    /// Returns whether `depth` is allowed, and refuses the value at `at` if not.
    pub(super) fn within_depth(&mut self, at: &Pointer, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            self.fail(at.clone(), format!("is nested more than {MAX_DEPTH} levels deep"));
        }
        depth <= MAX_DEPTH
    }

    /// An amount cell: the amount itself is checked when parsed (not negative, at most 6 decimals
    /// in its unit); here, its size in 万元 and the text of a damaged cell.
    pub(super) fn money_cell(&mut self, at: Pointer, cell: Option<&Cell<Money>>) {
        match cell {
            Some(Cell::Value(money)) if money.in_wan() > MAX_AMOUNT => {
                self.fail(at, format!("is implausibly large (over {MAX_AMOUNT} 万元)"))
            }
            Some(Cell::Illegible(shown)) => self.illegible(at / "illegible", shown),
            _ => {}
        }
    }

    /// A percentage cell: not negative (rates and shares are magnitudes), at most 6 decimals.
    pub(super) fn percent(&mut self, at: Pointer, cell: Option<&Cell<Number>>) {
        match cell {
            Some(Cell::Value(Number(value))) => self.ratio(at, *value, PERCENT_SCALE, MAX_PERCENT),
            Some(Cell::Illegible(shown)) => self.illegible(at / "illegible", shown),
            _ => {}
        }
    }

    pub(super) fn narrative(&mut self, at: Pointer, narrative: &Narrative) {
        match narrative {
            Narrative::Text(text) => self.text(at, text),
            Narrative::Unfilled(prompt) if !prompt.is_empty() => self.text(at / "unfilled", prompt),
            Narrative::Unfilled(_) => {}
        }
    }
}
