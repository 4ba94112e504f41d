//! `memory.atomic.wait32` and `memory.atomic.notify` on Linux futexes, for the functions our WasmEdge
//! runners provide in WasmEdge's place (`host_waits`). A futex compares the word and puts the thread to
//! sleep in one step under the kernel's lock, so a wake-up between the two cannot be lost. The guest's
//! shared memory is one mapping in one process, so the futexes are private.
use std::sync::atomic::AtomicU32;
use std::time::{Duration, Instant};

/// What `memory.atomic.wait32` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitOutcome {
    Woken = 0,
    NotEqual = 1,
    TimedOut = 2,
}

/// Sleeps while `word` holds `expected`, until a `notify` or `timeout_ns` (negative: for ever).
pub fn wait(word: &AtomicU32, expected: u32, timeout_ns: i64) -> WaitOutcome {
    let deadline = u64::try_from(timeout_ns).ok().map(|ns| Instant::now() + Duration::from_nanos(ns));
    loop {
        let remaining = deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        if remaining == Some(Duration::ZERO) {
            return WaitOutcome::TimedOut;
        }
        let timespec = remaining.map(|left| libc::timespec { tv_sec: left.as_secs() as libc::time_t, tv_nsec: left.subsec_nanos() as libc::c_long });
        let timespec_ptr = timespec.as_ref().map_or(std::ptr::null(), |ts| ts as *const libc::timespec);
        // SAFETY: `word` is a live, aligned u32 for the duration of the call
        let result = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG, expected, timespec_ptr) };
        if result == 0 {
            return WaitOutcome::Woken;
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EAGAIN) => return WaitOutcome::NotEqual,
            Some(libc::ETIMEDOUT) => return WaitOutcome::TimedOut,
            // a signal: sleep again for what is left
            Some(libc::EINTR) => continue,
            // not expected from a valid futex word; the caller checks its condition again
            _ => return WaitOutcome::Woken,
        }
    }
}

/// Wakes up to `count` threads waiting on `word`; returns how many it woke.
pub fn notify(word: &AtomicU32, count: u32) -> u32 {
    let count = count.min(i32::MAX as u32) as libc::c_int;
    // SAFETY: as in `wait`; FUTEX_WAKE does not read the word
    let woken = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG, count) };
    woken.max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    #[test]
    fn a_wait_on_another_value_returns_at_once() {
        assert_eq!(wait(&AtomicU32::new(1), 0, -1), WaitOutcome::NotEqual);
    }

    #[test]
    fn a_timed_wait_times_out() {
        let started = Instant::now();
        assert_eq!(wait(&AtomicU32::new(0), 0, 5_000_000), WaitOutcome::TimedOut);
        assert!(started.elapsed() >= Duration::from_millis(5));
        assert_eq!(wait(&AtomicU32::new(0), 0, 0), WaitOutcome::TimedOut);
    }

    #[test]
    fn notify_wakes_an_untimed_waiter_every_time() {
        // the ping-pong rayon's pool does, many times: a lost wake-up would hang this test
        let word = Arc::new(AtomicU32::new(0));
        let other = Arc::clone(&word);
        let ponger = std::thread::spawn(move || {
            for round in 0..10_000u32 {
                while other.load(Ordering::SeqCst) != 2 * round + 1 {
                    wait(&other, 2 * round, -1);
                }
                other.store(2 * round + 2, Ordering::SeqCst);
                notify(&other, 1);
            }
        });
        for round in 0..10_000u32 {
            word.store(2 * round + 1, Ordering::SeqCst);
            notify(&word, 1);
            while word.load(Ordering::SeqCst) != 2 * round + 2 {
                wait(&word, 2 * round + 1, -1);
            }
        }
        ponger.join().unwrap();
        assert_eq!(notify(&word, 5), 0);
    }
}
