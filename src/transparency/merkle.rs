//! The Merkle tree of RFC 6962 / RFC 9162 section 2.1: leaf = SHA-256(0x00 ‖ entry), node =
//! SHA-256(0x01 ‖ left ‖ right), split at the largest power of two below the size. Proofs are
//! built from the leaf hashes (the log is small enough to hold them) and verified with the
//! RFC 9162 algorithms, which need nothing but the proof and the two roots.

use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The hash of a leaf: SHA-256(0x00 ‖ entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    Sha256::new().chain_update([0u8]).chain_update(entry).finalize().into()
}

/// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    Sha256::new().chain_update([1u8]).chain_update(left).chain_update(right).finalize().into()
}

/// The largest power of two below `n` (n ≥ 2): where RFC 6962 splits a tree of n leaves.
fn split(n: usize) -> usize {
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// MTH: the root of the tree over `leaves` (the hash of the empty string for no leaf).
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest(b"").into(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// A tree kept with the hashes of all its complete subtrees, level by level, so that any
/// subtree root the proofs need costs O(log² n) hashes rather than O(n).
#[derive(Debug, Clone)]
pub struct Tree {
    /// `levels[k][i]`: the root of leaves `i·2^k .. (i+1)·2^k`.
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    pub fn new(leaves: Vec<Hash>) -> Tree {
        let mut tree = Tree { levels: vec![Vec::new()] };
        tree.append(leaves);
        tree
    }

    /// Adds `leaves` at the end, hashing only the complete subtrees they finish: a log that
    /// grows by one entry costs O(log n) hashes, not a new tree.
    pub fn append(&mut self, leaves: impl IntoIterator<Item = Hash>) {
        self.levels[0].extend(leaves);
        let mut k = 0;
        while self.levels[k].len() > 1 {
            if self.levels.len() == k + 1 {
                self.levels.push(Vec::new());
            }
            let (below, above) = self.levels.split_at_mut(k + 1);
            let (below, above) = (&below[k], &mut above[0]);
            for i in above.len()..below.len() / 2 {
                above.push(node_hash(&below[2 * i], &below[2 * i + 1]));
            }
            k += 1;
        }
    }

    /// The roots of the complete subtrees of 2^k leaves, in order.
    pub fn level(&self, k: usize) -> &[Hash] {
        self.levels.get(k).map_or(&[], Vec::as_slice)
    }

    pub fn size(&self) -> usize {
        self.levels[0].len()
    }

    pub fn leaves(&self) -> &[Hash] {
        &self.levels[0]
    }

    /// The root of the tree of the first `size` leaves.
    pub fn root(&self, size: usize) -> Hash {
        if size == 0 {
            return Sha256::digest(b"").into();
        }
        self.range(0, size)
    }

    /// MTH of leaves `start..end` where the RFC's recursion meets them (`start` is a multiple of
    /// the largest power of two not above `end - start`).
    fn range(&self, start: usize, end: usize) -> Hash {
        let n = end - start;
        if n.is_power_of_two() {
            let k = n.trailing_zeros() as usize;
            return self.levels[k][start >> k];
        }
        let k = split(n);
        node_hash(&self.range(start, start + k), &self.range(start + k, end))
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962 2.1.1).
    pub fn inclusion_proof(&self, index: usize, size: usize) -> Option<Vec<Hash>> {
        (index < size && size <= self.size()).then(|| {
            let mut proof = Vec::new();
            self.path(index, 0, size, &mut proof);
            proof
        })
    }

    fn path(&self, index: usize, start: usize, end: usize, proof: &mut Vec<Hash>) {
        if end - start <= 1 {
            return;
        }
        let k = split(end - start);
        if index < start + k {
            self.path(index, start, start + k, proof);
            proof.push(self.range(start + k, end));
        } else {
            self.path(index, start + k, end, proof);
            proof.push(self.range(start, start + k));
        }
    }

    /// The proof that the tree of `old` leaves is a prefix of the tree of `new` leaves
    /// (RFC 6962 2.1.2); empty when the old tree is empty or the same.
    pub fn consistency_proof(&self, old: usize, new: usize) -> Option<Vec<Hash>> {
        (old <= new && new <= self.size()).then(|| {
            let mut proof = Vec::new();
            if old > 0 {
                self.subproof(old, 0, new, true, &mut proof);
            }
            proof
        })
    }

    fn subproof(&self, m: usize, start: usize, end: usize, whole: bool, proof: &mut Vec<Hash>) {
        let n = end - start;
        if m == n {
            if !whole {
                proof.push(self.range(start, end));
            }
            return;
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, start, start + k, whole, proof);
            proof.push(self.range(start + k, end));
        } else {
            self.subproof(m - k, start + k, end, false, proof);
            proof.push(self.range(start, start + k));
        }
    }
}

/// The audit path of leaf `index` in the tree over `leaves`.
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Option<Vec<Hash>> {
    Tree::new(leaves.to_vec()).inclusion_proof(index, leaves.len())
}

/// The consistency proof from the first `old_size` of `leaves` to all of them.
pub fn consistency_proof(leaves: &[Hash], old_size: usize) -> Option<Vec<Hash>> {
    Tree::new(leaves.to_vec()).consistency_proof(old_size, leaves.len())
}

/// RFC 9162 2.1.3.2: whether `proof` shows `leaf` at `index` in the tree of `size` with `root`.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s, mut r) = (index, size - 1, *leaf);
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && &r == root
}

/// RFC 9162 2.1.4.2: whether `proof` shows the tree (`old_size`, `old_root`) to be a prefix of
/// the tree (`new_size`, `new_root`). An empty old tree is a prefix of every tree.
pub fn verify_consistency(old_size: u64, new_size: u64, old_root: &Hash, new_root: &Hash, proof: &[Hash]) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    if old_size == 0 {
        return proof.is_empty();
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    // A power-of-two old tree is a complete subtree: its root is the proof's implicit first node.
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    &fr == old_root && &sr == new_root && s == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(hex_text: &str) -> Hash {
        hex::decode(hex_text).unwrap().try_into().unwrap()
    }

    /// The RFC 6962 reference leaves of transparency-dev/merkle (testonly/constants.go).
    fn reference_leaves() -> Vec<Hash> {
        ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
            .iter()
            .map(|data| leaf_hash(&hex::decode(data).unwrap()))
            .collect()
    }

    #[test]
    fn a_tree_grown_by_appending_is_the_tree_built_at_once() {
        let leaves: Vec<Hash> = (0u32..40).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for size in 0..leaves.len() {
            for cut in 0..=size {
                let mut grown = Tree::new(leaves[..cut].to_vec());
                grown.append(leaves[cut..size].iter().copied());
                let whole = Tree::new(leaves[..size].to_vec());
                assert_eq!(grown.levels, whole.levels, "{cut} then {size}");
                assert_eq!(grown.root(size), root(&leaves[..size]));
            }
        }
    }

    #[test]
    fn roots_and_proofs_match_the_published_rfc_6962_vectors() {
        let roots = [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        let leaves = reference_leaves();
        for (size, want) in roots.iter().enumerate() {
            assert_eq!(root(&leaves[..size]), h(want), "root of size {size}");
        }
        let inclusion = [
            (
                0,
                vec![
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                vec![
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
        ];
        for (index, want) in inclusion {
            let want: Vec<Hash> = want.iter().map(|x| h(x)).collect();
            assert_eq!(inclusion_proof(&leaves, index).unwrap(), want);
            assert!(verify_inclusion(&leaves[index], index as u64, 8, &want, &h(roots[8])));
        }
        let want: Vec<Hash> = [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ]
        .iter()
        .map(|x| h(x))
        .collect();
        assert_eq!(consistency_proof(&leaves[..5], 2).unwrap(), want);
        assert!(verify_consistency(2, 5, &h(roots[2]), &h(roots[5]), &want));
    }

    /// Leaves of a tree of `n` entries, each a different entry.
    fn leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(format!("entry {i}").as_bytes())).collect()
    }

    #[test]
    fn every_inclusion_proof_of_every_size_up_to_300_verifies_and_a_changed_one_does_not() {
        let all = leaves(300);
        let whole = Tree::new(all.clone());
        for size in 1..=300 {
            let tree = &all[..size];
            let root = root(tree);
            assert_eq!(whole.root(size), root);
            for index in 0..size {
                let proof = whole.inclusion_proof(index, size).unwrap();
                assert!(verify_inclusion(&tree[index], index as u64, size as u64, &proof, &root), "{index} of {size}");
                let other = (index + 1) % size;
                if other != index {
                    assert!(!verify_inclusion(&tree[other], index as u64, size as u64, &proof, &root));
                }
                if let Some(first) = proof.first() {
                    let mut bent = proof.clone();
                    bent[0][0] ^= 1;
                    assert!(!verify_inclusion(&tree[index], index as u64, size as u64, &bent, &root));
                    assert!(first != &root);
                    assert!(!verify_inclusion(&tree[index], index as u64, size as u64, &proof[1..], &root));
                }
            }
            assert!(whole.inclusion_proof(size, size).is_none());
        }
    }

    #[test]
    fn every_consistency_proof_of_every_pair_of_sizes_up_to_300_verifies_and_a_forked_one_does_not() {
        let all = leaves(300);
        let roots: Vec<Hash> = (0..=300).map(|n| root(&all[..n])).collect();
        let whole = Tree::new(all.clone());
        for new in 1..=300 {
            for old in 0..=new {
                let proof = whole.consistency_proof(old, new).unwrap();
                let (o, n) = (old as u64, new as u64);
                assert!(verify_consistency(o, n, &roots[old], &roots[new], &proof), "{old} -> {new}");
                if old > 0 && old < new && (old + new) % 5 == 0 {
                    // A history that differs in one leaf below `old`: a fork (a sample of pairs).
                    let mut forked = all[..new].to_vec();
                    forked[old - 1] = leaf_hash(b"rewritten");
                    assert!(!verify_consistency(o, n, &roots[old], &root(&forked), &proof), "fork {old} -> {new}");
                    assert!(!verify_consistency(o, n, &roots[old], &roots[new], &proof[1..]));
                }
            }
        }
    }
}
