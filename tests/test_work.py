"""The pool that runs work after the ack: acks first, work in arrival order, never starved."""

import threading
import time

from freezegun import freeze_time

from bot.work import BackgroundWork


def burst(work: BackgroundWork, seconds: float, every: float = 0.01) -> None:
    """Requests keep arriving (each with trivial work) for ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        work.submit(lambda: None)
        time.sleep(every)


def test_work_starts_in_the_order_it_came():
    work = BackgroundWork(workers=1, quiet=0.01)
    started = []
    for n in range(30):
        work.submit(lambda n=n: started.append(n))
    work.shutdown(wait=True)
    assert started == list(range(30))


def test_work_waits_while_requests_keep_coming_then_runs():
    work = BackgroundWork(workers=2, quiet=0.05, patience=10)
    done = threading.Event()
    work.submit(done.set)
    burst(work, 0.5)
    assert not done.is_set()  # held through the whole burst
    assert done.wait(5)  # and run once it paused
    work.shutdown()


def test_a_long_burst_delays_work_but_never_starves_it():
    work = BackgroundWork(workers=2, quiet=0.05, patience=0.2)
    done = threading.Event()
    work.submit(done.set)
    burst(work, 1.5)
    assert done.is_set()  # ran during the burst, once it had waited its patience
    work.shutdown()


def test_a_pause_is_seen_even_when_a_test_freezes_the_clock():
    work = BackgroundWork(workers=2, quiet=0.02)
    done = threading.Event()
    with freeze_time("2026-03-08 06:59:00"):
        work.submit(done.set)
        assert done.wait(5)
    work.shutdown()


def test_stopping_runs_what_was_queued_and_refuses_more():
    work = BackgroundWork(workers=2, quiet=0.02)
    ran = []
    for n in range(5):
        work.submit(lambda n=n: ran.append(n))
    work.shutdown(wait=True)
    assert sorted(ran) == list(range(5))
    try:
        work.submit(lambda: None)
    except RuntimeError:
        pass
    else:
        raise AssertionError("a stopped pool took more work")


def test_the_scheduler_s_ticks_wait_for_a_pause_too():
    work = BackgroundWork(workers=2, quiet=0.05, patience=10)
    started = time.monotonic()
    work.wait_for_pause()  # nothing came: no wait
    assert time.monotonic() - started < 0.5
    requests = threading.Thread(target=burst, args=(work, 0.6))
    requests.start()
    time.sleep(0.1)  # the tick comes during the burst
    tick_ran = threading.Event()
    threading.Thread(target=lambda: (work.wait_for_pause(), tick_ran.set()), daemon=True).start()
    requests.join()
    assert not tick_ran.is_set()
    assert tick_ran.wait(5)
    work.shutdown()
