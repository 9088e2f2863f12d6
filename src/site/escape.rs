//! Escaping every string that comes from a snapshot, for each place it lands: HTML text and
//! attributes, Markdown inline text, and Markdown bodies written by the unit.

/// Text for HTML element content or a quoted attribute value. Braces are escaped too: the
/// content is also read by Zola, which would take `{{` or `{%` for a shortcode. Line breaks
/// become spaces: inside a Markdown HTML block a blank line would end the block and let the rest
/// be read as Markdown.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Multi-line text for HTML inside a Markdown HTML block (table cells, notes): every line break
/// (`\r\n`, `\r` or `\n`) becomes `<br>`, so no blank line can end the block.
pub fn html_cell(text: &str) -> String {
    // ASCII white space only: a leading ideographic space (U+3000) indents a nested row.
    let lines: Vec<String> = text
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(html)
        .collect();
    lines.join("<br>")
}

/// Plain text inside Markdown (headings, list items): every ASCII punctuation character is
/// backslash-escaped, so nothing in it can start a link, emphasis, HTML, a table cell or a
/// heading, and line breaks become spaces.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Markdown body written by the unit (rules, narrative): its headings, paragraphs, lists and
/// emphasis stay, but it can carry no HTML, no link or image, no entity, no code fence (which
/// would swallow the rest of the page) and no Zola shortcode. The backslash is escaped first of
/// all, or `\<` would turn the escape of `<` back into markup.
pub fn markdown_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.replace("\r\n", "\n").replace('\r', "\n").chars() {
        match c {
            '\\' | '<' | '>' | '[' | ']' | '&' | '`' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(markdown: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES),
        );
        out
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(html(r#"<script>"x"&'y'</script>"#), "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;");
        assert_eq!(html("{{ x }}"), "&#123;&#123; x &#125;&#125;", "no Zola shortcode");
        assert_eq!(html_cell("a\n\nb"), "a<br><br>b");
    }

    #[test]
    fn inline_markdown_renders_as_the_same_text() {
        for hostile in [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "a | b",
            "+++",
            "# 标题",
            "*强调*",
            "`code`",
            "&amp;",
        ] {
            let rendered = render(&markdown_inline(hostile));
            let text = rendered.trim().trim_start_matches("<p>").trim_end_matches("</p>");
            let expected = html(hostile).replace("&#123;", "{").replace("&#125;", "}");
            assert_eq!(text, expected, "{hostile} -> {rendered}");
        }
    }

    #[test]
    fn block_markdown_keeps_structure_but_no_html_or_links() {
        let rendered = render(&markdown_block(
            "## 第一章 总则\n\n得分<60分，见[附件](javascript:alert(1))。<img src=x onerror=alert(1)>",
        ));
        assert!(rendered.contains("<h2>第一章 总则</h2>"));
        assert!(!rendered.contains("<img") && !rendered.contains("<a "), "{rendered}");
        assert!(rendered.contains("得分&lt;60分"));
    }

    #[test]
    fn a_code_fence_in_a_body_cannot_swallow_what_follows() {
        let rendered = render(&format!("{}\n\n## 后文", markdown_block("~~~\n代码\n\n```\n更多")));
        assert!(rendered.contains("<h2>后文</h2>") && !rendered.contains("<pre>"), "{rendered}");
    }

    #[test]
    fn no_line_break_survives_into_an_html_block() {
        assert_eq!(html("a\r\rb\n\nc"), "a  b  c");
        assert_eq!(html_cell("a\r\rb\r\nc"), "a<br><br>b<br>c");
        let block = format!("<p>{}</p>", html_cell("x\n\n[点我](javascript:alert(1))"));
        assert!(!render(&block).contains("<a "), "{block}");
    }
}
