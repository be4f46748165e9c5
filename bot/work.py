"""Work done after the ack: a small pool of low-priority threads that lets acks go first.

An ack costs Bolt about a tenth of a millisecond; the work behind a `/cop ask` costs about a
hundred times that (queries, the post, follow-ups). Both share the interpreter (its GIL) and the
machine's cores, and niceness only reaches the cores. So work starts only in a pause between
requests: a gate hands the oldest queued item to a free worker once no request has come for
``quiet`` seconds (and then the next ones back to back, until a request comes again). An item
never waits more than ``patience`` seconds after it was queued, so a long burst delays work but
never starves it. Items start in the order they came. Outside bursts (nearly always, for a
community) the pause is there at once and work starts ``quiet`` seconds after its request.
"""

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bot.tracebacks import without_text

logger = logging.getLogger(__name__)
GATE = "cop-work-gate"
Work = Callable[[], object]  # what a piece of work returns is not kept


def _lower_priority() -> None:
    """Work threads run niced: under load the cores go to the acks first (Linux schedules
    threads as tasks; elsewhere this does nothing)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


def _logged(work: Work) -> None:
    """Run ``work``; what it raises is logged (a pool's future would keep it unseen)."""
    try:
        work()
    except Exception as error:  # noqa: BLE001 - work fails alone, and not silently
        logger.error("Background work failed (%s)\n%s", type(error).__name__, without_text(error))


class BackgroundWork:
    def __init__(self, *, workers: int = 2, quiet: float = 0.05, patience: float = 5.0, senders: int = 4):
        self.quiet = quiet
        self.patience = patience
        # (work, start it by then, key, queued at)
        self._held: deque[tuple[Work, float, object, float]] = deque()
        self._running: set = set()  # keys of work running now: one at a time per key
        self._arrivals = 0
        self._arrivals_at_pause = 0  # while no request comes after a pause, work goes on
        self._closing = False
        self._unfinished = 0  # queued or running
        self._idle = threading.Condition()  # apart from _lock: its notifications must not shorten a pause
        mutex = threading.RLock()  # what a plain threading.Condition() holds
        self._lock = threading.Condition(mutex)
        # Shares _lock's mutex, with waiters of its own: work finishing wakes the gate waiting for a key,
        # never a pause being timed on _lock.
        self._key_free = threading.Condition(mutex)
        self._free = threading.Semaphore(workers)  # an item goes to the pool only when a worker is free
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cop-work",
                                        initializer=_lower_priority)
        # Sending what a request owed is waiting on Slack, not work for the cores: it goes to threads
        # of its own, so that a slow Slack never holds the workers a search or a Home tab needs.
        self._senders = ThreadPoolExecutor(max_workers=senders, thread_name_prefix="cop-send",
                                           initializer=_lower_priority)
        self._gate = self._start_gate()

    def _start_gate(self) -> threading.Thread:
        gate = threading.Thread(target=self._hand_over_in_pauses, name=GATE, daemon=True)
        gate.start()
        return gate

    def gate_alive(self) -> bool:
        """The thread that hands work to the pool is running (or the pool is stopping)."""
        return self._closing or self._gate.is_alive()

    def restart_gate(self) -> None:
        """A new gate thread, if the last one died (the supervisor's call): what was held waits for it."""
        with self._lock:
            if self._closing or self._gate.is_alive():
                return
            self._gate = self._start_gate()

    def submit(self, work: Work, *, urgent: bool = False, key: object = None) -> None:
        """Queue ``work``; called in the ack path, so it only counts the arrival and enqueues.

        ``urgent`` work goes first and does not wait for a pause: opening a form must happen
        within 3 seconds of the request (Slack's trigger_id expires), whatever the load. Work with
        the same ``key`` (a person) runs one at a time, in the order it came: what someone saved is
        there when their next request reads it."""
        try:
            hash(key)
        except TypeError:  # never in the gate thread: it would stop handing out everyone's work
            key = None
        with self._idle:  # counted before it can start, so it cannot finish uncounted
            self._unfinished += 1
        with self._lock:
            if self._closing:
                self._finished(1)
                raise RuntimeError("cop-bot is stopping and takes no more work")
            self._arrivals += 1
            if urgent:
                self._held.appendleft((work, 0.0, key, time.monotonic()))  # due at once: no pause awaited
                self._lock.notify()
            else:
                now = time.monotonic()
                self._held.append((work, now + self.patience, key, now))
                if len(self._held) == 1:
                    self._lock.notify()  # the gate sleeps only when nothing is held

    def _hand_over_in_pauses(self) -> None:
        while True:
            with self._lock:
                while not self._held and not self._closing:
                    self._lock.wait()
                if not self._held:
                    return  # stopping, nothing left
            self._free.acquire()
            handed = False
            try:
                with self._lock:
                    if not self._held:  # stopping without waiting: what was held is dropped
                        return
                    self._wait_for_pause(self._held[0][1])
                    work, key = self._next_ready()
                    if work is None:  # stopping without waiting
                        return
                    if key is not None:
                        self._running.add(key)
                try:
                    self._pool.submit(self._run, work, key)
                    handed = True
                except RuntimeError:  # the pool was shut down without waiting
                    self._finished(1)
                    return
            except Exception as error:  # noqa: BLE001 - one item's trouble never stops the gate
                logger.error("The work gate could not hand out an item (%s): it goes on\n%s",
                             type(error).__name__, without_text(error))
            finally:
                if not handed:
                    self._free.release()

    def _next_ready(self) -> tuple[Work | None, object]:
        """The oldest held work whose key has nothing running (waiting for one if need be). Called
        with the lock held."""
        while self._held:
            for index, (work, _, key, _queued) in enumerate(self._held):
                if key is None or key not in self._running:
                    del self._held[index]
                    return work, key
            self._key_free.wait(0.05)
        return None, None

    def waiting(self) -> tuple[int, float]:
        """(items queued and not started, seconds the oldest has waited): what an operator watches."""
        with self._lock:
            if not self._held:
                return 0, 0.0
            return len(self._held), time.monotonic() - min(item[3] for item in self._held)

    def send(self, work: Work) -> None:
        """Run ``work`` (delivering to Slack what was owed) on a sender thread, at once: it does not
        wait for a pause nor take a worker. Accepted while stopping, until the workers are done."""
        with self._idle:
            self._unfinished += 1

        def run() -> None:
            try:
                _logged(work)
            finally:
                self._finished(1)

        try:
            self._senders.submit(run)
        except RuntimeError:  # already stopped
            self._finished(1)
            raise

    def wait_for_pause(self) -> None:
        """For background work that is not queued here (the scheduler's ticks): return once
        requests pause, or after ``patience`` seconds."""
        with self._lock:
            self._wait_for_pause(time.monotonic() + self.patience)

    def _wait_for_pause(self, deadline: float) -> None:
        """Called with the lock held."""
        while not self._closing and self._arrivals != self._arrivals_at_pause:
            if deadline <= time.monotonic():
                return  # waited long enough
            if self._held and self._held[0][1] <= time.monotonic():
                return  # urgent work came to the front
            seen = self._arrivals
            # Submits don't wake this wait, so it lasts `quiet` (unless stopping); a real-time wait,
            # not a clock read, so that a pause still comes when a test freezes time.
            self._lock.wait(self.quiet)
            if self._arrivals == seen:
                self._arrivals_at_pause = seen

    def _run(self, work: Work, key: object = None) -> None:
        try:
            _logged(work)
        finally:
            if key is not None:
                with self._lock:
                    self._running.discard(key)
                    self._key_free.notify_all()
            self._free.release()
            self._finished(1)

    def _finished(self, count: int) -> None:
        with self._idle:
            self._unfinished -= count
            self._idle.notify_all()

    def later(self, seconds: float, work: Work) -> None:
        """Call ``work`` (usually: submit something again) in ``seconds``; dropped if stopping by then."""
        def fire() -> None:
            with self._lock:
                if self._closing:
                    return
            work()

        timer = threading.Timer(seconds, fire)
        timer.daemon = True
        timer.start()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is queued or running (the work a request left has all been done);
        ``False`` if that did not happen within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._unfinished:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(min(left, 0.05))
        return True

    def shutdown(self, *, wait: bool = True) -> None:
        """Take no more work; with ``wait``, run what is queued and let it finish."""
        with self._lock:
            self._closing = True
            if not wait:
                self._finished(len(self._held))
                self._held.clear()
            self._lock.notify_all()
        if wait:
            self._gate.join()
        self._pool.shutdown(wait=wait)
        self._senders.shutdown(wait=wait)
