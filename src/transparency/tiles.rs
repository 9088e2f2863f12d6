//! The log as static files (c2sp.org/tlog-tiles): tiles of 256 hashes per level of 8 tree
//! levels, `tile/<L>/<N>[.p/<W>]`, and entry bundles `tile/entries/<N>[.p/<W>]` of 256 entries,
//! each prefixed with its length as a big-endian u16. A reader rebuilds the tree from them.

use std::collections::BTreeMap;

use super::merkle::{leaf_hash, root, Hash};
use super::Log;

/// Hashes (or entries) in a full tile.
pub const WIDTH: usize = 256;
/// Tree levels one tile level spans.
const HEIGHT: u32 = 8;

/// A tile index as a path: groups of three digits, all but the last prefixed with `x`.
fn index_path(mut n: u64) -> String {
    let mut path = format!("{:03}", n % 1000);
    while n >= 1000 {
        n /= 1000;
        path = format!("x{:03}/{path}", n % 1000);
    }
    path
}

/// The path of tile `n` at `level` ("entries" for bundles) holding `width` items.
pub fn tile_path(level: &str, n: u64, width: usize) -> String {
    let partial = if width < WIDTH { format!(".p/{width}") } else { String::new() };
    format!("tile/{level}/{}{partial}", index_path(n))
}

/// The tiles (count, width) of a level with `count` items: the full ones and the partial last.
fn tiles(count: usize) -> impl Iterator<Item = (u64, usize)> {
    (0..count.div_ceil(WIDTH)).map(move |n| (n as u64, (count - n * WIDTH).min(WIDTH)))
}

/// The hashes of level `level` (0, 1, ...) of the tree over `leaves`: the roots of the complete
/// subtrees of 256^level leaves.
fn level_hashes(leaves: &[Hash], level: u32) -> Vec<Hash> {
    let span = 1usize << (HEIGHT * level);
    leaves.chunks_exact(span).map(root).collect()
}

/// Every tile and entry bundle of `log`, by path under the log's folder.
pub fn write(log: &Log) -> BTreeMap<String, Vec<u8>> {
    write_from(log, 0)
}

/// The tiles and bundles of `log` that hold an entry from index `from` on (or a hash over
/// one): with the full tiles of the log's first `from` entries, which never change, they are
/// `write(log)`. The partial tiles of those `from` entries are replaced, not kept.
pub fn write_from(log: &Log, from: usize) -> BTreeMap<String, Vec<u8>> {
    let entries = &log.entries;
    let mut files = BTreeMap::new();
    for (n, width) in tiles(entries.len()).skip(from / WIDTH) {
        let start = n as usize * WIDTH;
        let mut bundle = Vec::new();
        for entry in &entries[start..start + width] {
            let len = u16::try_from(entry.len()).expect("an entry is under 64 KiB");
            bundle.extend_from_slice(&len.to_be_bytes());
            bundle.extend_from_slice(entry);
        }
        files.insert(tile_path("entries", n, width), bundle);
    }
    for level in 0.. {
        // The roots of the complete subtrees of 256^level leaves, kept by the tree.
        let hashes = log.tree.level((HEIGHT * level) as usize);
        if hashes.is_empty() {
            break;
        }
        let first_new = from >> (HEIGHT * level);
        for (n, width) in tiles(hashes.len()).skip(first_new / WIDTH) {
            let start = n as usize * WIDTH;
            files.insert(tile_path(&level.to_string(), n, width), hashes[start..start + width].concat());
        }
    }
    files
}

/// Whether a path under the log's folder is a partial tile or bundle (`….p/<W>`), which a
/// longer log replaces by a wider one.
pub fn is_partial(path: &str) -> bool {
    path.contains(".p/")
}

/// Reads the log of `size` entries back through `read` (a path under the log's folder to its
/// bytes), checking every tile against the entries. The entries and their leaf hashes, or what
/// is missing or does not agree, by path.
pub fn read(size: u64, read: impl Fn(&str) -> Option<Vec<u8>>) -> Result<(Vec<Vec<u8>>, Vec<Hash>), String> {
    let size = usize::try_from(size).map_err(|_| "the tree is too large".to_string())?;
    let mut entries = Vec::with_capacity(size);
    for (n, width) in tiles(size) {
        let path = tile_path("entries", n, width);
        let bundle = read(&path).ok_or_else(|| format!("log/{path} is missing"))?;
        let mut rest = bundle.as_slice();
        for _ in 0..width {
            let bad = || format!("log/{path} is not a bundle of {width} entries");
            let (len, tail) = rest.split_first_chunk::<2>().ok_or_else(bad)?;
            let len = u16::from_be_bytes(*len) as usize;
            let (entry, tail) = tail.split_at_checked(len).ok_or_else(bad)?;
            entries.push(entry.to_vec());
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(format!("log/{path} has more than {width} entries"));
        }
    }
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    for level in 0.. {
        let hashes = level_hashes(&leaves, level);
        if hashes.is_empty() {
            break;
        }
        for (n, width) in tiles(hashes.len()) {
            let path = tile_path(&level.to_string(), n, width);
            let tile = read(&path).ok_or_else(|| format!("log/{path} is missing"))?;
            let start = n as usize * WIDTH;
            if tile != hashes[start..start + width].concat() {
                return Err(format!("log/{path} does not hold the hashes of the entries (a rewritten tile)"));
            }
        }
    }
    Ok((entries, leaves))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_tlog_tiles() {
        assert_eq!(tile_path("0", 1_234_067, WIDTH), "tile/0/x001/x234/067");
        assert_eq!(tile_path("1", 5, 17), "tile/1/005.p/17");
        assert_eq!(tile_path("entries", 1000, WIDTH), "tile/entries/x001/000");
    }

    #[test]
    fn a_log_written_as_tiles_reads_back_and_a_rewritten_tile_is_named() {
        let entries: Vec<Vec<u8>> = (0..600).map(|i| format!("entry {i}").into_bytes()).collect();
        let files = write(&Log::new(entries.clone()));
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert!(names.contains(&"tile/0/000") && names.contains(&"tile/0/002.p/88"));
        assert!(names.contains(&"tile/1/000.p/2") && names.contains(&"tile/entries/001"));
        let (read_back, leaves) = read(600, |p| files.get(p).cloned()).unwrap();
        assert_eq!(read_back, entries);
        assert_eq!(root(&leaves), root(&entries.iter().map(|e| leaf_hash(e)).collect::<Vec<_>>()));
        let mut bad = files.clone();
        bad.get_mut("tile/1/000.p/2").unwrap()[0] ^= 1;
        assert!(read(600, |p| bad.get(p).cloned()).unwrap_err().contains("log/tile/1/000.p/2"));
        assert!(read(601, |p| files.get(p).cloned()).unwrap_err().contains("missing"));
    }

    #[test]
    fn the_tiles_from_an_earlier_size_with_its_full_tiles_are_the_whole_log() {
        let entries: Vec<Vec<u8>> = (0..70_000u32).map(|i| i.to_be_bytes().to_vec()).collect();
        let mut log = Log::new(Vec::new());
        let mut site = BTreeMap::new();
        // Sizes that cross a bundle, a level-1 tile and nothing at all.
        for size in [0, 1, 255, 256, 300, 65_535, 65_536, 65_537, 65_537, 70_000] {
            let from = log.entries.len();
            log.append(entries[from..size].to_vec());
            site.retain(|path: &String, _| !is_partial(path));
            let new = write_from(&log, from);
            assert!(new.keys().all(|path| !site.contains_key(path) || site[path] == new[path]), "{size}");
            site.extend(new);
            assert_eq!(site, write(&log), "from {from} to {size}");
        }
    }
}
