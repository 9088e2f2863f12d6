//! The performance evaluation: indicator weights against full marks, the stated grade against
//! the band of the score, and the self-evaluation table's rows.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind};
use crate::domain::{GradeBand, Pointer, Snapshot};

/// Grade bands used when a report states none: 优 ≥ 90, 良 80-90, 中 60-80, 差 < 60, as in
/// the Ministry of Finance's performance-evaluation rules (财预〔2020〕10号).
pub fn national_grade_bands() -> Vec<GradeBand> {
    let band = |grade: &str, min: Option<i64>, max: i64, inclusive: bool| GradeBand {
        grade: grade.into(),
        min: min.map(Decimal::from),
        max: Some(Decimal::from(max)),
        max_inclusive: inclusive,
    };
    vec![
        band("优", Some(90), 100, true),
        band("良", Some(80), 90, false),
        band("中", Some(60), 80, false),
        band("差", None, 60, false),
    ]
}

fn in_band(band: &GradeBand, score: Decimal) -> bool {
    let above = band.min.is_none_or(|min| score >= min);
    let below = band.max.is_none_or(|max| if band.max_inclusive { score <= max } else { score < max });
    above && below
}

/// Names that mean the same grade in the rules of different jurisdictions and years.
const GRADE_SYNONYMS: [&[&str]; 4] = [&["优", "优秀"], &["良", "良好"], &["中", "中等", "一般"], &["差", "较差"]];

/// A stated grade names a band when it is the band's name or one of its synonyms (优 for 优秀).
fn names_band(stated: &str, band: &str) -> bool {
    let stated = stated.trim();
    stated == band || GRADE_SYNONYMS.iter().any(|names| names.contains(&stated) && names.contains(&band))
}

impl Auditor {
    pub(super) fn evaluation(&mut self, s: &Snapshot) {
        let Some(e) = &s.evaluation else { return };
        let root = Pointer::root() / "evaluation";
        let full_marks = e.max_score.unwrap_or(Decimal::ONE_HUNDRED);
        if !e.indicator_groups.is_empty() {
            let sum: Decimal = e.indicator_groups.iter().map(|g| g.points).sum();
            if sum != full_marks {
                self.report(
                    Finding::error(FindingKind::WeightsMismatch)
                        .at_all((0..e.indicator_groups.len()).map(|i| &root / "indicator_groups" / i / "points"))
                        .stated(show(full_marks))
                        .recomputed(show(sum))
                        .zh(format!("一级指标分值合计为{}，而非满分{}", show(sum), show(full_marks)))
                        .message(format!("the indicator weights sum to {} instead of {}", show(sum), show(full_marks))),
                );
            }
        }
        if let Some(score) = e.score.filter(|score| *score > full_marks) {
            self.report(
                Finding::error(FindingKind::ScoreAboveFullMarks)
                    .at(&root / "score")
                    .stated(show(score))
                    .recomputed(format!("≤ {}", show(full_marks)))
                    .zh(format!("评价得分{}超过满分{}", show(score), show(full_marks)))
                    .message(format!("the score {} is above full marks ({})", show(score), show(full_marks))),
            );
        }
        let (Some(score), Some(stated)) = (e.score, &e.stated_grade) else {
            return;
        };
        let (bands, whose, whose_zh) = if e.grade_bands.is_empty() {
            (national_grade_bands(), "the national", "国家规定")
        } else {
            (e.grade_bands.clone(), "the report's", "报告所列")
        };
        let (stated_at, score_at, bands_at) = (&root / "stated_grade", &root / "score", &root / "grade_bands");
        match bands.iter().find(|b| in_band(b, score)) {
            Some(band) if names_band(stated, &band.grade) => {}
            Some(band) => self.report(
                Finding::error(FindingKind::GradeMismatch)
                    .at_all([stated_at, score_at, bands_at])
                    .stated(stated)
                    .recomputed(&band.grade)
                    .zh(format!(
                        "得分{}按{whose_zh}的等级区间为“{}”，而非报告所列的“{stated}”",
                        show(score),
                        band.grade
                    ))
                    .message(format!(
                        "a score of {} is {} by {whose} grade bands, not {stated}",
                        show(score),
                        band.grade
                    )),
            ),
            None => self.report(
                Finding::warning(FindingKind::GradeMismatch)
                    .at_all([bands_at, score_at])
                    .stated(stated)
                    .zh(format!("{whose_zh}的等级区间均不包含得分{}", show(score)))
                    .message(format!("no grade band of {whose} bands contains the score {}", show(score))),
            ),
        }
    }

    pub(super) fn self_evaluation(&mut self, s: &Snapshot) {
        let attachments = Pointer::root() / "attachments";
        for (a, attachment) in s.attachments.iter().enumerate().filter(|(_, a)| !a.rows.is_empty()) {
            let rows = &attachments / a / "rows";
            // The table's weights share out full marks, as the indicator groups do.
            let full_marks = s.evaluation.as_ref().and_then(|e| e.max_score).unwrap_or(Decimal::ONE_HUNDRED);
            let weights: Decimal = attachment.rows.iter().map(|r| r.weight).sum();
            if weights != full_marks {
                self.report(
                    Finding::error(FindingKind::WeightsMismatch)
                        .at_all((0..attachment.rows.len()).map(|r| &rows / r / "weight"))
                        .stated(show(full_marks))
                        .recomputed(show(weights))
                        .zh(format!("自评表的权重合计为{}，而非满分{}", show(weights), show(full_marks)))
                        .message(format!(
                            "the self-evaluation table's weights sum to {} instead of {}",
                            show(weights),
                            show(full_marks)
                        )),
                );
            }
            for (r, row) in attachment.rows.iter().enumerate() {
                let at = &rows / r;
                let name = row.indicator.join(" / ");
                if let Some(score) = row.score {
                    if score > row.weight {
                        self.report(
                            Finding::error(FindingKind::PointsAboveWeight)
                                .at_all([&at / "score", &at / "weight"])
                                .stated(show(score))
                                .recomputed(format!("≤ {}", show(row.weight)))
                                .zh(format!("指标“{name}”：得分{}超过权重{}", show(score), show(row.weight)))
                                .message(format!(
                                    "{name}: {} points for a weight of {}",
                                    show(score),
                                    show(row.weight)
                                )),
                        );
                    }
                    if row.target_met == Some(false) && score == row.weight {
                        self.report(
                            Finding::warning(FindingKind::FullPointsDespiteMiss)
                                .at_all([&at / "score", &at / "target_met"])
                                .stated(show(score))
                                .recomputed(format!("< {}", show(row.weight)))
                                .zh(format!("指标“{name}”：未达成目标却得满分{}", show(score)))
                                .message(format!("{name}: full points although the target was not met")),
                        );
                    }
                }
                if row.target_met == Some(false) && row.deviation_reason.as_deref().is_none_or(|r| r.trim().is_empty())
                {
                    self.report(
                        Finding::warning(FindingKind::MissingDeviationReason)
                            .at(&at / "deviation_reason")
                            .zh(format!("指标“{name}”：未达成目标，且未说明偏差原因"))
                            .message(format!(
                                "{name}: the target was not met and no reason for the deviation is given"
                            )),
                    );
                }
            }
            let scores: Option<Vec<Decimal>> = attachment.rows.iter().map(|r| r.score).collect();
            if let (Some(scores), Some(stated)) = (scores, s.evaluation.as_ref().and_then(|e| e.score)) {
                let sum: Decimal = scores.iter().sum();
                if sum != stated {
                    self.report(
                        Finding::error(FindingKind::PointsDoNotAddUp)
                            .at_all([Pointer::root() / "evaluation" / "score", rows])
                            .stated(show(stated))
                            .recomputed(show(sum))
                            .zh(format!("自评表各指标得分合计为{}，而报告所列评价得分为{}", show(sum), show(stated)))
                            .message(format!(
                                "the self-evaluation table's points sum to {} but the score is stated as {}",
                                show(sum),
                                show(stated)
                            )),
                    );
                }
            }
        }
    }
}
