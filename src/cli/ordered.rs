//! Work on every core, results in input order: `check` over many inputs reads and checks them
//! on worker threads while the reporter writes each in turn.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How far ahead of the item being handed on a worker may start one, per worker: the items done
/// but not yet handed on stay few, so memory does not grow with the number of inputs.
const LEAD: usize = 2;

/// Runs `work` on every item, on up to `workers` threads, and hands each result to `each` in
/// the items' order, on the calling thread, as soon as it and every one before it are done.
/// Stops at the first error of `each` (the workers finish the item they are on) and returns it.
pub fn for_each<T, R, E>(
    items: &[T],
    workers: usize,
    work: impl Fn(&T) -> R + Sync,
    mut each: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let workers = workers.clamp(1, items.len().max(1));
    if workers == 1 {
        return items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| each(i, work(item)));
    }
    let next = AtomicUsize::new(0);
    // The index of the next item to hand on; `usize::MAX` once the caller has stopped.
    let handed = Mutex::new(0usize);
    let moved = Condvar::new();
    let window = LEAD * workers;
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, handed, moved, work) = (&next, &handed, &moved, &work);
            scope.spawn(move || {
                // A worker that panics stops the others, so the scope ends and passes the
                // panic on instead of waiting for its item.
                let _stop = StopOnPanic(handed, moved);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    let mut at = handed.lock().unwrap_or_else(|e| e.into_inner());
                    while *at != usize::MAX && index >= *at + window {
                        at = moved.wait(at).unwrap_or_else(|e| e.into_inner());
                    }
                    let stopped = *at == usize::MAX;
                    drop(at);
                    if stopped || sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut done = BTreeMap::new();
        let mut result = Ok(());
        let mut at = 0;
        // Workers wait on `handed` only to stay in their lead: it is not held while `each` runs.
        let hand_on = |to: usize| {
            let mut handed = handed.lock().unwrap_or_else(|e| e.into_inner());
            if *handed != usize::MAX {
                *handed = to;
            }
            moved.notify_all();
        };
        'receive: for (index, value) in &receiver {
            done.insert(index, value);
            while let Some(value) = done.remove(&at) {
                if let Err(e) = each(at, value) {
                    result = Err(e);
                    hand_on(usize::MAX);
                    break 'receive;
                }
                at += 1;
                hand_on(at);
            }
        }
        drop(receiver);
        result
    })
}

struct StopOnPanic<'a>(&'a Mutex<usize>, &'a Condvar);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) = usize::MAX;
            self.1.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        let result: Result<(), ()> = for_each(
            &items,
            4,
            |&i| {
                // Later items finish sooner.
                std::thread::sleep(std::time::Duration::from_micros(200 - i));
                i * 2
            },
            |index, value| {
                seen.push((index, value));
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        let expected: Vec<(usize, u64)> = (0..200).map(|i| (i as usize, i * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn an_error_stops_the_work_and_is_returned() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let result = for_each(
            &items,
            2,
            |&i| {
                started.fetch_add(1, Ordering::Relaxed);
                i
            },
            |index, _| if index == 10 { Err(index) } else { Ok(()) },
        );
        assert_eq!(result, Err(10));
        // Workers stay within their lead of the item being handed on.
        assert!(started.load(Ordering::Relaxed) <= 10 + 1 + LEAD * 2 + 2);
    }

    #[test]
    fn one_worker_runs_on_the_calling_thread() {
        let items = [1, 2, 3];
        let caller = std::thread::current().id();
        let mut sum = 0;
        let result: Result<(), ()> = for_each(
            &items,
            1,
            |&i| {
                assert_eq!(std::thread::current().id(), caller);
                i
            },
            |_, v| {
                sum += v;
                Ok(())
            },
        );
        assert_eq!((result, sum), (Ok(()), 6));
    }
}
