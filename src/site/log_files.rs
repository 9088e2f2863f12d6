//! The transparency log in the site: `log/checkpoint` (with the witnesses' cosignatures of it),
//! `log/vkey`, the tiles and entry bundles under `log/tile/`, and `log/index.html` telling a
//! reader in Chinese how to check them; and the proof each published revision's page carries.

use std::collections::BTreeMap;
use std::path::Path;

use super::data::UnitData;
use super::escape::html;
use crate::ledger::Ledger;
use crate::transparency::{tiles, Checkpoint, Note};

/// Where witnesses' cosigned checkpoints are put, in the site root: one file each.
pub const COSIGNATURES: &str = "cosignatures";

/// Gives every published revision of `units` its proof (see [`Log::page_proof`]).
///
/// [`Log::page_proof`]: crate::transparency::Log::page_proof
pub fn attach(units: &mut [UnitData], ledger: &Ledger) {
    for unit in units {
        for year in &mut unit.years {
            for rev in &mut year.revisions {
                let position = ledger.log.position(rev.meta.unit.as_str(), year.year, rev.meta.number);
                std::sync::Arc::make_mut(rev).proof =
                    position.and_then(|index| ledger.log.page_proof(index, &ledger.signer));
            }
        }
    }
}

/// The cosigned checkpoints in the site root's `cosignatures/` folder (none when it is absent).
pub fn cosignatures(root: &Path) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(root.join(COSIGNATURES)) else { return Vec::new() };
    let mut files: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

/// The signed checkpoint with the signature lines of `cosigned` notes of the same checkpoint.
pub fn checkpoint_with(signed: &str, cosigned: &[String]) -> String {
    let Ok(mut note) = Note::parse(signed) else { return signed.to_string() };
    for other in cosigned.iter().filter_map(|c| Note::parse(c).ok()).filter(|n| n.text == note.text) {
        for line in other.signatures {
            if !note.signatures.iter().any(|s| s.name == line.name && s.id == line.id) {
                note.signatures.push(line);
            }
        }
    }
    note.to_text()
}

/// Every file of the log, by path under `public/`.
pub fn files(ledger: &Ledger, cosigned: &[String]) -> BTreeMap<String, Vec<u8>> {
    files_from(ledger, cosigned, 0)
}

/// The files of the log that differ from those of a log of its first `from` entries: the
/// checkpoint, the page and the tiles from there on (see [`tiles::write_from`]).
pub fn files_from(ledger: &Ledger, cosigned: &[String], from: u64) -> BTreeMap<String, Vec<u8>> {
    let checkpoint = checkpoint_with(&ledger.signed_checkpoint(), cosigned);
    let from = usize::try_from(from).unwrap_or(0);
    let tiles = tiles::write_from(&ledger.log, from);
    let mut files: BTreeMap<String, Vec<u8>> =
        tiles.into_iter().map(|(path, bytes)| (format!("log/{path}"), bytes)).collect();
    files.insert("log/index.html".into(), index(ledger, &checkpoint).into_bytes());
    files.insert("log/checkpoint".into(), checkpoint.into_bytes());
    files.insert("log/vkey".into(), format!("{}\n", ledger.vkey()).into_bytes());
    files
}

/// Whether a file of the log a longer log writes anew rather than keeps: a partial tile.
pub fn replaced_when_longer(path: &str) -> bool {
    path.strip_prefix("log/").is_some_and(tiles::is_partial)
}

fn index(ledger: &Ledger, checkpoint: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>公开日志</title></head>
<body><main>
<h1>公开日志</h1>
<p>本站每一次公开和更正都记入一个只增不改的日志（默克尔树，RFC 6962）。日志的校验点由下面的公钥签名；任何人都可以保存今天的校验点，日后用它证明此前公开的内容没有被改动。</p>
<h2>公钥</h2>
<pre id="log-vkey">{vkey}</pre>
<h2>当前校验点（共{size}条记录）</h2>
<pre id="log-checkpoint">{checkpoint}</pre>
<h2>如何核验</h2>
<pre>curl -O 本站地址/log/checkpoint            # 今天：保存校验点
disclose verify 站点目录 --key '{vkey}' --since checkpoint   # 日后：证明只增未改</pre>
<p>文件：<a href="checkpoint">checkpoint</a>（校验点及见证方联署）、<a href="vkey">vkey</a>（公钥）、<code>tile/</code>（日志分片，C2SP tlog-tiles）。每个版本的 <code>snapshot.proof.json</code> 载有该版本的日志条目编号和包含证明。</p>
</main></body></html>
"#,
        vkey = html(&ledger.vkey()),
        size = ledger.log.size(),
        checkpoint = html(checkpoint),
    )
}

/// The tree size of the checkpoint in the generation folder `public` (0 when it has none).
pub fn size_in(public: &Path) -> u64 {
    let text = std::fs::read_to_string(public.join("log/checkpoint")).unwrap_or_default();
    Note::parse(&text).ok().and_then(|note| Checkpoint::parse_body(&note.text).ok()).map_or(0, |c| c.size)
}
