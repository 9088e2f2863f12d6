//! Inline SVG charts with text labels, each followed by its data as a table, so that nothing
//! needs JavaScript and a screen reader (or a printer) loses nothing. Geometry uses floating
//! point for pixels only; every number printed is the exact decimal.

use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::escape::{html, html_cell};

/// One series of values, aligned with the chart's categories (or years).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<Decimal>>,
}

const COLORS: [&str; 5] = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f"];
const WIDTH: f64 = 720.0;

fn number(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_string(), |v| v.normalize().to_string())
}

fn legend(out: &mut String, series: &[&Series], y: f64) {
    let mut x = 8.0;
    for (i, s) in series.iter().enumerate() {
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{:.1}" class="legend">{}</text>"#,
            y - 10.0,
            COLORS[i % COLORS.len()],
            x + 16.0,
            y,
            html(&s.name)
        );
        x += 28.0 + 14.0 * s.name.chars().count() as f64;
    }
}

/// "（单位：万元）", or nothing when the values have no unit.
fn unit_note(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!("（单位：{}）", html(unit))
    }
}

/// The chart's data as a table: the fallback for anyone who cannot see the drawing.
fn data_table(title: &str, unit: &str, head: &str, labels: &[String], series: &[&Series]) -> String {
    let mut out = format!(
        r#"<details class="chart-data"><summary>图表数据</summary><table class="chart-data"><caption>{}（数据{}）</caption><thead><tr><th scope="col">{}</th>"#,
        html(title),
        if unit.is_empty() { String::new() } else { format!("，{}", html(unit)) },
        html(head)
    );
    for s in series {
        let _ = write!(out, r#"<th scope="col">{}</th>"#, html(&s.name));
    }
    out.push_str("</tr></thead><tbody>");
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, html_cell(label));
        for s in series {
            let _ = write!(out, r#"<td class="num">{}</td>"#, number(s.values.get(i).copied().flatten()));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></details>");
    out
}

fn max_value(series: &[&Series]) -> f64 {
    series.iter().flat_map(|s| s.values.iter().flatten()).filter_map(|v| v.to_f64()).fold(0.0, f64::max)
}

/// The series with at least one value: a series with none draws nothing and says nothing.
fn drawn(series: &[Series]) -> Vec<&Series> {
    series.iter().filter(|s| s.values.iter().any(Option::is_some)).collect()
}

/// Horizontal grouped bars: one group per category, one bar per series; nothing (no figure, no
/// data table) when no series has a value.
pub fn bars(id: &str, title: &str, unit: &str, categories: &[String], series: &[Series]) -> String {
    let series = drawn(series);
    if series.is_empty() || categories.is_empty() {
        return String::new();
    }
    let (label_width, bar_width, bar_height) = (230.0, 380.0, 16.0);
    let group = bar_height * series.len() as f64 + 12.0;
    let top = 34.0;
    let height = top + group * categories.len() as f64 + 8.0;
    let max = max_value(&series).max(f64::MIN_POSITIVE);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 {WIDTH} {height:.1}" width="{WIDTH}" height="{height:.1}"><title id="{id}-title">{}{}</title>"#,
        html(title),
        unit_note(unit)
    );
    legend(&mut svg, &series, 18.0);
    for (c, category) in categories.iter().enumerate() {
        let y0 = top + group * c as f64;
        let short: String = category.chars().take(16).collect();
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" class="label" text-anchor="end">{}</text>"#,
            label_width - 8.0,
            y0 + group / 2.0,
            html(&short)
        );
        for (i, s) in series.iter().enumerate() {
            let y = y0 + bar_height * i as f64;
            let value = s.values.get(c).copied().flatten();
            let w = value.and_then(|v| v.to_f64()).map_or(0.0, |v| (v.max(0.0) / max) * bar_width);
            let _ = write!(
                svg,
                r#"<rect x="{label_width:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
                bar_height - 2.0,
                COLORS[i % COLORS.len()],
                label_width + w + 4.0,
                y + bar_height - 4.0,
                number(value)
            );
        }
    }
    svg.push_str("</svg>");
    format!(
        r#"<figure class="chart" id="{id}">{svg}<figcaption>{}{}</figcaption></figure>{}"#,
        html(title),
        unit_note(unit),
        data_table(title, unit, "项目", categories, &series)
    )
}

/// Lines across years, one per series, with every point labelled; nothing when no series has a
/// value.
pub fn lines(id: &str, title: &str, unit: &str, years: &[u16], series: &[Series]) -> String {
    let series = drawn(series);
    if series.is_empty() || years.is_empty() {
        return String::new();
    }
    let (left, right, top, bottom, height) = (60.0, 40.0, 34.0, 36.0, 240.0);
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let max = max_value(&series).max(f64::MIN_POSITIVE) * 1.15;
    let x_of = |i: usize| {
        if years.len() <= 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (years.len() - 1) as f64
        }
    };
    let y_of = |v: f64| top + plot_h - (v.max(0.0) / max) * plot_h;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"><title id="{id}-title">{}{}</title>"#,
        html(title),
        unit_note(unit)
    );
    legend(&mut svg, &series, 18.0);
    let _ = write!(
        svg,
        r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#718096"/>"##,
        top + plot_h,
        left + plot_w,
        top + plot_h
    );
    for (i, year) in years.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" class="label" text-anchor="middle">{year}</text>"#,
            x_of(i),
            height - 12.0
        );
    }
    for (s, one) in series.iter().enumerate() {
        let color = COLORS[s % COLORS.len()];
        let points: Vec<(f64, f64, Decimal)> = one
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.and_then(|v| v.to_f64().map(|f| (x_of(i), y_of(f), v))))
            .collect();
        if points.len() > 1 {
            let path: Vec<String> = points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect();
            let _ =
                write!(svg, r#"<polyline fill="none" stroke="{color}" stroke-width="2" points="{}"/>"#, path.join(" "));
        }
        for (x, y, v) in &points {
            let _ = write!(
                svg,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{color}"/><text x="{x:.1}" y="{:.1}" class="value" text-anchor="middle">{}</text>"#,
                y - 8.0,
                number(Some(*v))
            );
        }
    }
    svg.push_str("</svg>");
    let labels: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
    format!(
        r#"<figure class="chart" id="{id}">{svg}<figcaption>{}{}</figcaption></figure>{}"#,
        html(title),
        unit_note(unit),
        data_table(title, unit, "年度", &labels, &series)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, values: Vec<Option<Decimal>>) -> Series {
        Series { name: name.into(), values }
    }

    #[test]
    fn a_series_without_values_is_not_drawn_and_an_empty_chart_is_nothing() {
        let categories = vec!["收入预算".to_string()];
        let some = series("2021年", vec![Some(Decimal::ONE_HUNDRED)]);
        let none = series("2020年", vec![None]);
        let chart = bars("c", "预算", "万元", &categories, &[some, none]);
        assert!(chart.contains("2021年") && !chart.contains("2020年"), "{chart}");
        assert_eq!(bars("c", "预算", "万元", &categories, &[series("2020年", vec![None])]), "");
        assert_eq!(lines("c", "得分", "分", &[2020, 2021], &[series("得分", vec![None, None])]), "");
    }
}
