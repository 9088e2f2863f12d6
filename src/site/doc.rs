//! The Markdown builder of every page: headings, escaped text, lists and HTML blocks made by
//! `disclose`, joined by blank lines.

use super::escape::{html, markdown_block, markdown_inline};
use super::labels::chinese_ordinal;

/// Markdown blocks, joined by blank lines.
#[derive(Default)]
pub struct Doc {
    blocks: Vec<String>,
    /// How many numbered sections there are so far.
    sections: usize,
}

impl Doc {
    pub fn h2(&mut self, text: &str) {
        self.blocks.push(format!("## {}", markdown_inline(text)));
    }

    /// A numbered section heading, numbered by the sections the page has so far (一、二、三、…), so
    /// that a report without some part has no gap in its numbers.
    pub fn section(&mut self, title: &str) {
        self.sections += 1;
        self.h2(&format!("{}、{title}", chinese_ordinal(self.sections)));
    }

    pub fn h3(&mut self, text: &str) {
        self.blocks.push(format!("### {}", markdown_inline(text)));
    }

    /// A Markdown body written by the unit.
    pub fn text(&mut self, text: &str) {
        self.blocks.push(markdown_block(text.trim()));
    }

    /// One line of plain text from a snapshot.
    pub fn line(&mut self, text: &str) {
        self.blocks.push(markdown_inline(text));
    }

    /// An HTML block made by `disclose` (all snapshot text in it already escaped); an empty one
    /// (a chart with nothing to draw) adds nothing.
    pub fn html(&mut self, block: String) {
        if !block.is_empty() {
            self.blocks.push(block);
        }
    }

    pub fn list(&mut self, items: &[String], ordered: bool) {
        let lines: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if ordered {
                    format!("{}. {}", i + 1, markdown_inline(item))
                } else {
                    format!("- {}", markdown_inline(item))
                }
            })
            .collect();
        if !lines.is_empty() {
            self.blocks.push(lines.join("\n"));
        }
    }

    /// Folded content: the summary is plain text, the body Markdown written by the unit.
    pub fn details(&mut self, summary: &str, body: &str) {
        self.blocks.push(format!("<details><summary>{}</summary>", html(summary)));
        self.text(body);
        self.blocks.push("</details>".into());
    }

    pub fn finish(self) -> String {
        let mut out = self.blocks.join("\n\n");
        out.push('\n');
        out
    }
}
