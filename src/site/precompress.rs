//! Precompressed copies of the site's text files, written beside each at build time:
//! `<file>.gz` (gzip) and `<file>.br` (brotli), so that a server sends them as they are to a
//! client that accepts them. They are not listed in `manifest.json` (it lists the files the
//! public reads); `verify` checks that each decodes to its plain file's exact bytes.

use std::io::{Read, Write};

/// The extensions worth compressing: text.
const TEXT: [&str; 10] = ["html", "css", "js", "json", "jsonl", "csv", "svg", "md", "txt", "xml"];
/// Below this a file fits in one packet anyway.
const SMALLEST: usize = 512;
/// Above this, no copies are written: the files that grow with the site (the home page, the
/// revision index, a long history page) are rewritten by most publications, and compressing them
/// each time would make a publication's cost grow with the site. The server gzips such a file
/// once per generation, when it is first read.
const LARGEST: usize = 256 << 10;
/// Brotli quality: 5 compresses a 93 KB page close to the best gzip and several times faster
/// than brotli's default 11 (benches/site_scale.rs measures a publication with it).
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;

/// The encodings, by the suffix their copies carry.
pub const SUFFIXES: [&str; 2] = [".gz", ".br"];

/// Whether a file at `path` gets compressed copies.
pub fn worth(path: &str, size: usize) -> bool {
    (SMALLEST..=LARGEST).contains(&size) && path.rsplit_once('.').is_some_and(|(_, ext)| TEXT.contains(&ext))
}

/// The compressed copies of a file, as (suffix, bytes); none when the file is not text, tiny,
/// or a copy would save less than a tenth.
pub fn variants(path: &str, bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    if !worth(path, bytes.len()) {
        return Vec::new();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("writing to memory");
    let gz = gz.finish().expect("writing to memory");
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(bytes).expect("writing to memory");
    }
    [(".gz", gz), (".br", br)].into_iter().filter(|(_, v)| v.len() * 10 < bytes.len() * 9).collect()
}

/// The plain bytes a compressed copy decodes to; `None` if it does not decode.
pub fn decode(suffix: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let done = match suffix {
        ".gz" => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
        ".br" => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out),
        _ => return None,
    };
    done.ok().map(|_| out)
}

/// The plain file a copy's path belongs to, and the copy's suffix.
pub fn plain_of(path: &str) -> Option<(&str, &'static str)> {
    SUFFIXES.iter().find_map(|s| path.strip_suffix(s).map(|plain| (plain, *s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_decode_to_the_plain_bytes_and_small_or_binary_files_get_none() {
        let page = "<p>预算绩效信息公开</p>\n".repeat(200);
        let copies = variants("a/index.html", page.as_bytes());
        assert_eq!(copies.iter().map(|(s, _)| *s).collect::<Vec<_>>(), SUFFIXES);
        for (suffix, bytes) in copies {
            assert_eq!(decode(suffix, &bytes).unwrap(), page.as_bytes());
        }
        assert!(variants("a/index.html", b"<p>short</p>").is_empty());
        assert!(variants("a/logo.png", page.as_bytes()).is_empty());
        assert_eq!(decode(".br", b"not brotli at all"), None);
    }
}
