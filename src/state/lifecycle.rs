//! The life of a request: one runs at a time. A new submit, Cancel, the sample data or a
//! plugin's answer stops the running one (its `AbortController` aborts the real network
//! request), and a generation number guards against the rare answer that had already arrived
//! when the stop came: a stale answer can never overwrite a newer one. A request still running
//! when its time limit passes is stopped the same way.
//!
//! Why not Leptos's `Action`: dropping an action's future does not abort the `fetch` under
//! it, the sample data and the plugin's answers end a load without any request, and the
//! generation guard and the time limit would still be needed beside it. This type is the
//! whole of it, and tested natively.

/// Whatever stops a running request's work on the network.
pub trait Abort {
    fn abort(self);
}

impl Abort for web_sys::AbortController {
    fn abort(self) {
        web_sys::AbortController::abort(&self);
    }
}

/// One started request, to check its answer against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u64);

/// The current generation and the request running in it, if any.
pub struct Lifecycle<A> {
    generation: u64,
    running: bool,
    abort: Option<A>,
}

impl<A> Default for Lifecycle<A> {
    fn default() -> Self {
        Lifecycle {
            generation: 0,
            running: false,
            abort: None,
        }
    }
}

impl<A: Abort> Lifecycle<A> {
    /// Stops whatever runs and starts a request that `abort` can stop (`None`: the browser
    /// gave no AbortController; its answer is still guarded).
    pub fn begin(&mut self, abort: Option<A>) -> Ticket {
        self.stop();
        self.running = true;
        self.abort = abort;
        Ticket(self.generation)
    }

    /// Stops the running request, if any: its answer, should it still come, is dropped.
    /// Whether one was running.
    pub fn stop(&mut self) -> bool {
        self.generation += 1;
        if let Some(abort) = self.abort.take() {
            abort.abort();
        }
        std::mem::take(&mut self.running)
    }

    /// The answer of `ticket` arrived: whether it is still the one to show (then the request
    /// is over).
    pub fn finish(&mut self, ticket: Ticket) -> bool {
        if ticket != Ticket(self.generation) {
            return false;
        }
        self.running = false;
        self.abort = None;
        true
    }

    /// The time limit of `ticket` passed: stops it if it still runs. Whether it did.
    pub fn time_out(&mut self, ticket: Ticket) -> bool {
        self.is_running(ticket) && self.stop()
    }

    /// Whether `ticket` is still the newest request, running or answered: the answers that
    /// come beside its history (the schedule) are shown only then.
    pub fn is_current(&self, ticket: Ticket) -> bool {
        ticket == Ticket(self.generation)
    }

    pub fn is_running(&self, ticket: Ticket) -> bool {
        self.running && ticket == Ticket(self.generation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// Counts its aborts.
    #[derive(Clone, Default)]
    struct Probe(Rc<Cell<u32>>);

    impl Abort for Probe {
        fn abort(self) {
            self.0.set(self.0.get() + 1);
        }
    }

    #[test]
    fn an_answer_in_time_is_shown_and_nothing_is_aborted() {
        let probe = Probe::default();
        let mut life = Lifecycle::default();
        let t = life.begin(Some(probe.clone()));
        assert!(life.is_running(t));
        assert!(life.finish(t));
        assert!(!life.is_running(t));
        assert!(!life.time_out(t), "a finished request cannot time out");
        assert!(life.is_current(t), "its side answers may still come");
        life.begin(None);
        assert!(!life.is_current(t), "until the next request starts");
        assert_eq!(probe.0.get(), 0);
    }

    #[test]
    fn a_new_request_aborts_the_running_one_and_its_late_answer_is_dropped() {
        let (first, second) = (Probe::default(), Probe::default());
        let mut life = Lifecycle::default();
        let old = life.begin(Some(first.clone()));
        let new = life.begin(Some(second.clone()));
        assert_eq!(first.0.get(), 1, "the first request's fetch was aborted");
        assert!(!life.finish(old), "a superseded answer is never shown");
        assert!(
            life.is_running(new),
            "the old answer did not end the new request"
        );
        assert!(life.finish(new));
        assert_eq!(second.0.get(), 0);
    }

    #[test]
    fn cancel_stops_once_and_drops_the_answer() {
        let probe = Probe::default();
        let mut life = Lifecycle::default();
        let t = life.begin(Some(probe.clone()));
        assert!(life.stop());
        assert!(!life.stop(), "nothing left to stop");
        assert_eq!(probe.0.get(), 1);
        assert!(!life.finish(t));
    }

    #[test]
    fn the_time_limit_stops_only_its_own_request() {
        let probe = Probe::default();
        let mut life = Lifecycle::default();
        let old = life.begin(None::<Probe>);
        let new = life.begin(Some(probe.clone()));
        assert!(
            !life.time_out(old),
            "an old timer does not touch the new request"
        );
        assert!(life.is_running(new));
        assert!(life.time_out(new));
        assert_eq!(probe.0.get(), 1, "a timed-out fetch is aborted");
        assert!(!life.finish(new), "its answer, should it come, is dropped");
    }

    #[test]
    fn without_an_abort_controller_the_guard_still_holds() {
        let mut life = Lifecycle::<Probe>::default();
        let t = life.begin(None);
        assert!(life.stop());
        assert!(!life.finish(t));
    }
}
