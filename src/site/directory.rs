//! The units' directory. While the site has at most `ONE_PAGE` units, the home page lists them
//! all. Above, the list is cut into pages, `units/<first code>/`, and the home page and `units/`
//! list the pages.
//!
//! A page starts at each unit whose code hashes to 0 modulo `CUT`, a content-defined cut (as in
//! a prolly tree). Pages hold about `CUT` rows, and their bounds depend only on the codes
//! themselves. So a unit added, changed or removed changes its own page, and the page before
//! when it starts one; never the pages after it. A full build and any run of publications cut
//! alike.

use super::data::HomeEntry;
use super::doc::Doc;
use super::downloads;
use super::escape::html;
use super::pages::{Page, HOME, SITE_TITLE};
use super::table::{signed, Cell, Table};
use crate::analysis;

/// The most units the home page lists itself.
pub const ONE_PAGE: usize = 100;
/// The mean number of rows of a page of the directory.
const CUT: u64 = 50;
/// The directory's section: `units/`, which lists its pages.
pub const SECTION: &str = "units/_index.md";
/// The directory's address, under the site root.
pub const FOLDER: &str = "units";

/// Whether a page starts at this code.
fn starts_page(code: &str) -> bool {
    fnv1a(code.as_bytes()) % CUT == 0
}

/// FNV-1a, 64 bits: a hash fixed by its definition, so the cut stays where it is across
/// versions and machines (std's hasher promises neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The home page's rows, by code, and where the directory's pages start.
pub struct Directory<'a> {
    rows: Vec<&'a HomeEntry>,
    /// The index of each page's first row; empty while the home page lists every unit.
    starts: Vec<usize>,
    /// The parts of the index of revisions, which the home page links.
    index_parts: usize,
}

impl<'a> Directory<'a> {
    /// The directory of `rows`, given by code, on a site whose index of revisions has
    /// `index_parts` parts.
    pub fn of(rows: impl IntoIterator<Item = &'a HomeEntry>, index_parts: usize) -> Directory<'a> {
        let rows: Vec<&HomeEntry> = rows.into_iter().collect();
        let mut starts = Vec::new();
        if rows.len() > ONE_PAGE {
            starts.push(0);
            starts.extend((1..rows.len()).filter(|&i| starts_page(&rows[i].code)));
        }
        Directory { rows, starts, index_parts }
    }

    fn rows_of(&self, page: usize) -> &[&'a HomeEntry] {
        let end = self.starts.get(page + 1).copied().unwrap_or(self.rows.len());
        &self.rows[self.starts[page]..end]
    }

    /// A page's name: its first unit's code.
    fn id(&self, page: usize) -> &'a str {
        &self.rows[self.starts[page]].code
    }

    /// The page `code` is on, or would be on.
    fn page_of(&self, code: &str) -> usize {
        let at_or_before = self.rows.partition_point(|r| r.code.as_str() <= code);
        self.starts.partition_point(|&s| s < at_or_before).saturating_sub(1)
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.starts.iter().position(|&s| self.rows[s].code == id)
    }

    /// The pages a change of `code` can change: its own, and the one before when it starts a
    /// page.
    fn around(&self, code: &str) -> Vec<usize> {
        if self.starts.is_empty() {
            return Vec::new();
        }
        let page = self.page_of(code);
        let starts_here = self.id(page) == code;
        if starts_here && page > 0 {
            vec![page - 1, page]
        } else {
            vec![page]
        }
    }

    /// Whether the units are listed in pages (more than `ONE_PAGE` of them).
    pub fn is_paged(&self) -> bool {
        !self.starts.is_empty()
    }

    /// Each page's name and the codes of its units.
    pub fn page_units(&self) -> Vec<(&'a str, Vec<&'a str>)> {
        (0..self.starts.len())
            .map(|k| (self.id(k), self.rows_of(k).iter().map(|r| r.code.as_str()).collect()))
            .collect()
    }

    /// The names of the pages a change of `code` can change, with their units' codes.
    pub fn around_units(&self, code: &str) -> Vec<(&'a str, Vec<&'a str>)> {
        let pages = self.around(code).into_iter();
        pages.map(|k| (self.id(k), self.rows_of(k).iter().map(|r| r.code.as_str()).collect())).collect()
    }

    /// Every page of the site the directory makes: the home page, and when in pages `units/` and
    /// each page.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = vec![self.home()];
        if !self.starts.is_empty() {
            pages.push(self.index());
            pages.extend((0..self.starts.len()).map(|k| self.page(k)));
        }
        pages
    }

    /// The pages of the directory that differ from `before`'s after a change of `code`'s row,
    /// with the names of `before`'s pages that are no more. The home page and `units/` are
    /// always among them (they count the units and list the pages).
    pub fn changed_since(&self, before: &Directory, code: &str) -> (Vec<Page>, Vec<String>) {
        let gone = |ids: Vec<&str>| ids.into_iter().filter(|id| self.find(id).is_none()).map(str::to_string).collect();
        if self.starts.is_empty() != before.starts.is_empty() {
            // The site passed `ONE_PAGE` units one way or the other: every page changes.
            return (self.pages(), gone((0..before.starts.len()).map(|k| before.id(k)).collect()));
        }
        let mut pages = vec![self.home()];
        if !self.starts.is_empty() {
            pages.push(self.index());
            pages.extend(self.around(code).into_iter().map(|k| self.page(k)));
        }
        (pages, gone(before.around(code).into_iter().map(|k| before.id(k)).collect()))
    }

    /// The home page: every unit's row, or the list of the directory's pages.
    pub fn home(&self) -> Page {
        let mut doc = Doc::default();
        doc.html(
            r#"<p class="lead">各单位公开的预算绩效报告：年初预算与上年比较、决算与预算比较、绩效目标及进展、重点项目、绩效评价得分，以及对报告中每一个可推算数字的复核。</p>"#
                .into(),
        );
        if self.starts.is_empty() {
            doc.html(table("已公开的单位", &self.rows, ""));
        } else {
            doc.h2("单位目录");
            doc.html(self.list(&format!("{FOLDER}/")));
        }
        doc.h2("批量下载与核验");
        let parts: Vec<String> =
            (0..self.index_parts).map(|n| format!(r#"<a href="{}">{n}.jsonl</a>"#, downloads::index_part(n))).collect();
        doc.html(format!(
            r#"<ul class="downloads" id="downloads"><li>全部已公开版本的索引（JSON Lines），按公开的先后每{}行一个文件：{}。每行一个版本：单位、年度、版本号、SHA-256、公开时间和该版本 snapshot.json 的地址；第 i 行即公开日志的第 i 条记录</li><li><a href="manifest.json">manifest.json</a>：本站文件的 SHA-256 和大小，以及总哈希；各单位的文件列在该单位目录下的 manifest.json 中，由本清单一并覆盖；用 <code>disclose verify</code> 核验</li></ul>"#,
            downloads::INDEX_PART,
            if parts.is_empty() { "尚无".to_string() } else { parts.join("、") },
        ));
        let mut extra = toml::Table::new();
        extra.insert("units".into(), toml::Value::Integer(self.rows.len() as i64));
        Page {
            file: HOME.into(),
            url: String::new(),
            title: SITE_TITLE.into(),
            extra,
            ancestors: Vec::new(),
            body: doc.finish(),
        }
    }

    /// The pages, as a list of links from `prefix` (where `units/` is from the page).
    fn list(&self, prefix: &str) -> String {
        let mut out = format!(
            "<p>共{}个单位，按单位代码排列，分为{}页。</p>\n<ol class=\"directory\">",
            self.rows.len(),
            self.starts.len()
        );
        for k in 0..self.starts.len() {
            let rows = self.rows_of(k);
            let (first, last) = (rows[0], rows[rows.len() - 1]);
            out.push_str(&format!(
                r#"<li><a href="{prefix}{}/">{} 至 {}</a>（{}个单位）</li>"#,
                self.id(k),
                html(&first.name),
                html(&last.name),
                rows.len()
            ));
        }
        out.push_str("</ol>");
        out
    }

    /// `units/`: the list of the pages.
    fn index(&self) -> Page {
        let mut doc = Doc::default();
        doc.html(self.list(""));
        Page {
            file: SECTION.into(),
            url: format!("{FOLDER}/"),
            title: "单位目录".into(),
            extra: toml::Table::new(),
            ancestors: vec![HOME.into()],
            body: doc.finish(),
        }
    }

    /// Page `k` of the directory: its units' rows.
    fn page(&self, k: usize) -> Page {
        let rows = self.rows_of(k);
        let title = format!("单位目录：{} 至 {}", rows[0].name, rows[rows.len() - 1].name);
        let mut doc = Doc::default();
        doc.html(table(&title, rows, "../../"));
        let mut extra = toml::Table::new();
        extra.insert("units".into(), toml::Value::Integer(rows.len() as i64));
        Page {
            file: format!("{FOLDER}/{}.md", self.id(k)),
            url: format!("{FOLDER}/{}/", self.id(k)),
            title,
            extra,
            ancestors: vec![HOME.into(), SECTION.into()],
            body: doc.finish(),
        }
    }
}

/// The public file of a page of the directory named `id`, and its Markdown under `content/`.
pub fn files_of(id: &str) -> (String, String) {
    (format!("{FOLDER}/{id}/index.html"), format!("{FOLDER}/{id}.md"))
}

/// The rows of units, each linked from `root` (the way back to the site root from the page).
fn table(caption: &str, rows: &[&HomeEntry], root: &str) -> String {
    let mut t = Table::new(caption, &["单位", "最新公开年度", "评价得分", "等级", "年初预算（万元）", "较上年"]);
    for e in rows {
        let change = match (e.budget, e.prior) {
            (Some(now), Some(before)) => {
                let pct =
                    analysis::arith::percent_change(before, now, 2).map(|p| format!("（{p}%）")).unwrap_or_default();
                format!("{}{pct}", signed(now - before))
            }
            _ => "—".into(),
        };
        t.row(vec![
            Cell::Markup(format!(r#"<a href="{root}{}/">{}</a>"#, e.code, html(&e.name))),
            Cell::Markup(format!(r#"<a href="{root}{}/{}/">{}年</a>"#, e.code, e.year, e.year)),
            Cell::num(e.score),
            Cell::text(e.grade.clone().unwrap_or_else(|| "—".into())),
            Cell::num(e.budget),
            Cell::Num(change),
        ]);
    }
    t.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: String) -> HomeEntry {
        HomeEntry {
            name: format!("单位{code}"),
            code,
            year: 2021,
            revision: 1,
            score: None,
            grade: None,
            budget: None,
            prior: None,
        }
    }

    fn ids(directory: &Directory) -> Vec<String> {
        (0..directory.starts.len()).map(|k| directory.id(k).to_string()).collect()
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        // The test vectors of the FNV reference (draft-eastlake-fnv).
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_unit_added_changes_its_page_and_the_one_before_only() {
        let all: Vec<HomeEntry> = (0..3000).map(|i| entry(format!("unit-{i:05}"))).collect();
        let small = Directory::of(all[..ONE_PAGE].iter(), 1);
        assert_eq!(small.pages().len(), 1, "the home page lists up to {ONE_PAGE} units itself");
        let whole = Directory::of(all.iter(), 1);
        let sizes: Vec<usize> = (0..whole.starts.len()).map(|k| whole.rows_of(k).len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), all.len());
        assert!((30..=90).contains(&(all.len() / sizes.len())), "pages of about {CUT} rows: {sizes:?}");
        // Among them a unit that starts a page, and the last of a page.
        for missing in [0, 1, 17, 1500, 2999, whole.starts[3], whole.starts[4] - 1] {
            let before = Directory::of(all.iter().enumerate().filter(|(i, _)| *i != missing).map(|(_, e)| e), 1);
            let code = &all[missing].code;
            let (pages, gone) = whole.changed_since(&before, code);
            // Every page that differs is among those rendered; no other page is.
            let rendered: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
            let old: std::collections::BTreeMap<String, String> =
                before.pages().into_iter().map(|p| (p.url, p.body)).collect();
            for page in whole.pages() {
                let changed = old.get(&page.url) != Some(&page.body);
                assert!(
                    !changed || rendered.contains(&page.url.as_str()),
                    "{code}: {} changed, not rendered",
                    page.url
                );
            }
            assert!(pages.len() <= 4, "{code}: {} pages", pages.len());
            // And the pages of before that are no more are named.
            let now = ids(&whole);
            let expected: Vec<String> = ids(&before).into_iter().filter(|id| !now.contains(id)).collect();
            assert_eq!(gone, expected, "{code}");
            // Removing it again is the way back.
            let (_, gone_back) = before.changed_since(&whole, code);
            let then = ids(&before);
            assert_eq!(gone_back, now.into_iter().filter(|id| !then.contains(id)).collect::<Vec<_>>());
        }
    }
}
