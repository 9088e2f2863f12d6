//! A map of shared values within a byte budget, evicting the least recently read: the memory
//! behind the caches of hot documents and site files. A generation number, bumped by every
//! removal, keeps a value read before a removal from being put back after it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

struct Slot<V> {
    value: Arc<V>,
    weight: usize,
    /// When it was last read (a tick of the cache's clock).
    used: AtomicU64,
}

struct Entries<K, V> {
    generation: u64,
    bytes: usize,
    slots: HashMap<K, Slot<V>>,
}

pub struct Bounded<K, V> {
    budget: usize,
    clock: AtomicU64,
    entries: RwLock<Entries<K, V>>,
}

impl<K: Eq + Hash + Clone, V> Bounded<K, V> {
    pub fn new(budget: usize) -> Self {
        let entries = Entries { generation: 0, bytes: 0, slots: HashMap::new() };
        Bounded { budget, clock: AtomicU64::new(0), entries: RwLock::new(entries) }
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::Relaxed)
    }

    pub fn get<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let slot = entries.slots.get(key)?;
        slot.used.store(self.tick(), Ordering::Relaxed);
        Some(slot.value.clone())
    }

    /// The generation to pass to [`insert`](Self::insert), taken before reading the source.
    pub fn generation(&self) -> u64 {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).generation
    }

    /// Keeps `value` (counted as `weight` bytes) unless something was removed since
    /// `generation` (it may be stale) or it alone would take over a quarter of the budget;
    /// evicts the least recently read to fit.
    pub fn insert(&self, key: K, value: Arc<V>, weight: usize, generation: u64) {
        if weight > self.budget / 4 {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.generation != generation {
            return;
        }
        let slot = Slot { value, weight, used: AtomicU64::new(self.tick()) };
        if let Some(old) = entries.slots.insert(key, slot) {
            entries.bytes -= old.weight;
        }
        entries.bytes += weight;
        while entries.bytes > self.budget {
            let oldest =
                entries.slots.iter().min_by_key(|(_, s)| s.used.load(Ordering::Relaxed)).map(|(k, _)| k.clone());
            let Some(slot) = oldest.and_then(|key| entries.slots.remove(&key)) else { break };
            entries.bytes -= slot.weight;
        }
    }

    /// Removes every entry whose key is `doomed`, and makes reads begun before stale.
    pub fn remove_where(&self, doomed: impl Fn(&K) -> bool) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.generation += 1;
        let mut freed = 0;
        entries.slots.retain(|key, slot| {
            let doomed = doomed(key);
            freed += if doomed { slot.weight } else { 0 };
            !doomed
        });
        entries.bytes -= freed;
    }

    /// Bytes held, as counted against the budget.
    pub fn bytes(&self) -> usize {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_within_its_budget_evicting_the_least_recently_read() {
        let cache = Bounded::new(10_000);
        for n in 1..=3 {
            cache.insert(n, Arc::new(n), 2_000, cache.generation());
        }
        assert!(cache.get(&1).is_some());
        for n in 4..=6 {
            cache.insert(n, Arc::new(n), 2_000, cache.generation());
        }
        assert!(cache.bytes() <= 10_000, "{}", cache.bytes());
        assert!(cache.get(&1).is_some(), "read recently, kept");
        assert!(cache.get(&2).is_none(), "least recently read, evicted");
        cache.insert(7, Arc::new(7), 2_501, cache.generation());
        assert!(cache.get(&7).is_none(), "over a quarter of the budget, not kept");
    }

    #[test]
    fn a_value_read_before_a_removal_is_not_kept() {
        let cache = Bounded::new(1 << 20);
        let before = cache.generation();
        cache.remove_where(|k: &u32| *k == 1);
        cache.insert(1, Arc::new("old"), 10, before);
        assert!(cache.get(&1).is_none());
        cache.insert(1, Arc::new("new"), 10, cache.generation());
        assert_eq!(cache.get(&1).as_deref(), Some(&"new"));
        cache.remove_where(|k| *k == 1);
        assert!(cache.get(&1).is_none());
        assert_eq!(cache.bytes(), 0);
    }
}
