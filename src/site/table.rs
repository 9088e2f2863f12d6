//! HTML tables with a caption, column headers and row headers, written as one Markdown HTML
//! block (no blank line inside, so Markdown renderers pass it through whole).

use std::fmt::Write;

use rust_decimal::Decimal;

use super::escape::{html, html_cell};

pub enum Cell {
    /// Text from a snapshot (escaped).
    Text(String),
    /// A figure, right-aligned.
    Num(String),
    /// A row header (escaped).
    Head(String),
    /// Markup made by `disclose` itself (a link, a mark): never snapshot text unescaped.
    Markup(String),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn num(value: Option<Decimal>) -> Cell {
        Cell::Num(amount(value))
    }

    pub fn head(text: impl Into<String>) -> Cell {
        Cell::Head(text.into())
    }
}

/// An amount as printed on the site: the exact decimal, or an em dash when absent.
pub fn amount(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_string(), |v| v.to_string())
}

/// A change with its sign: `+141.13`, `-827.93`.
pub fn signed(value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{value}")
    } else {
        value.to_string()
    }
}

pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub class: &'static str,
}

impl Table {
    pub fn new(caption: impl Into<String>, head: &[&str]) -> Table {
        Table {
            caption: caption.into(),
            head: head.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            class: "data",
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) -> &mut Self {
        self.rows.push(cells);
        self
    }

    pub fn render(&self) -> String {
        let mut out = format!(
            r#"<div class="table-wrap"><table class="{}"><caption>{}</caption><thead><tr>"#,
            self.class,
            html(&self.caption)
        );
        for head in &self.head {
            let _ = write!(out, r#"<th scope="col">{}</th>"#, html(head));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for cell in row {
                match cell {
                    Cell::Text(t) => {
                        let _ = write!(out, "<td>{}</td>", html_cell(t));
                    }
                    Cell::Num(t) => {
                        let _ = write!(out, r#"<td class="num">{}</td>"#, html(t));
                    }
                    Cell::Head(t) => {
                        let _ = write!(out, r#"<th scope="row">{}</th>"#, html_cell(t));
                    }
                    Cell::Markup(m) => {
                        let _ = write!(out, "<td>{m}</td>");
                    }
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
        out
    }
}
