//! Work shared among threads for a whole authority's return, its results
//! in the order of the work.

/// `f` on every item, the items shared among `threads` threads (every
/// `threads`-th item to each, so each thread gets items from every part of
/// the list), the results in the items' order. On one thread, in place.
pub fn map_on<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    items
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, item)| (i, f(item)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // A panic in `f` is a bug; it is raised here as it would be on
            // one thread.
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_the_items_order_on_any_number_of_threads() {
        let items: Vec<u32> = (0..37).collect();
        for threads in [0, 1, 2, 3, 8, 100] {
            assert_eq!(
                super::map_on(&items, threads, |n| n * 2),
                items.iter().map(|n| n * 2).collect::<Vec<_>>()
            );
        }
        assert!(super::map_on(&Vec::<u32>::new(), 4, |n| *n).is_empty());
    }
}
