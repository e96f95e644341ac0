//! Process-wide memo tables for results that are pure and costly: a value made from its key
//! alone (a key derived from the seed, a deterministic signature) is made once and answered
//! again to every simulator of the process. Each table is bounded: past `bound` entries it
//! starts afresh, so a long-running process does not grow without end.

use std::collections::BTreeMap;
use std::sync::Mutex;

pub struct Memo<K, V> {
    map: Mutex<BTreeMap<K, V>>,
    bound: usize,
}

impl<K: Ord, V: Clone> Memo<K, V> {
    pub const fn new(bound: usize) -> Memo<K, V> {
        Memo { map: Mutex::new(BTreeMap::new()), bound }
    }

    /// The value remembered for `key`, else `make()`'s, remembered when it succeeds.
    pub fn get_or_try_insert_with<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.map.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(v);
        }
        let v = make()?;
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= self.bound {
                m.clear();
            }
            m.insert(key, v.clone());
        }
        Ok(v)
    }

    /// The value remembered for `key`, else `make()`'s, remembered.
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> V {
        match self.get_or_try_insert_with(key, || Ok::<V, std::convert::Infallible>(make())) {
            Ok(v) => v,
            Err(never) => match never {},
        }
    }
}
