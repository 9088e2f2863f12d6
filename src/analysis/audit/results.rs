//! Measured results: a change stated against the prior year, checked against the measurement
//! in the stored snapshot of that year.

use super::checks::what;
use super::{Auditor, Located};
use crate::domain::{MetricValue, Pointer, Snapshot};

impl Auditor {
    pub(super) fn measurements(&mut self, s: &Snapshot, prior: Option<&Snapshot>) {
        let Some(prior) = prior else { return };
        let Some(results) = &s.results else { return };
        let measurements = Pointer::root() / "results" / "measurements";
        for (i, m) in results.measurements.iter().enumerate() {
            let (Some(change), MetricValue::Number(now), None) = (&m.stated_change, &m.value, &m.period) else {
                continue;
            };
            let before =
                prior.results.iter().flat_map(|r| &r.measurements).find(|p| p.metric == m.metric && p.period.is_none());
            if let Some(MetricValue::Number(before)) = before.map(|p| &p.value) {
                let at = &measurements / i;
                // The earlier figure lives in the stored prior-year snapshot, not in this one.
                let from = Located { value: *before, at: None };
                let to = Located::at(*now, &at / "value" / "number");
                let named = what(
                    format!("{} (against the stored {} report)", m.label, prior.year),
                    format!("指标“{}”（与已存档的{}年报告相比）", m.label, prior.year),
                );
                self.change(&(at / "stated_change"), change, from, to, &named);
            }
        }
    }
}
