"""Threads the bot cannot do without (the work gate, the scheduler) watched: one found dead is named
by ``/healthz`` (503) and started again at the next look, a second later. A thread that dies is a
bug; the process must not go on acking requests nobody will ever do."""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from bot import metrics

logger = logging.getLogger(__name__)
EVERY_SECONDS = 1.0


@dataclass
class Watched:
    alive: Callable[[], bool]
    restart: Callable[[], None]
    restarts: int = 0
    seen_dead: bool = False  # at the last look: restarted at this one


class Supervisor:
    def __init__(self, *, every: float = EVERY_SECONDS):
        self.every = every
        self._watched: dict[str, Watched] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, name: str, *, alive: Callable[[], bool], restart: Callable[[], None]) -> None:
        with self._lock:
            self._watched[name] = Watched(alive, restart)

    def unwatch(self, name: str) -> None:
        with self._lock:
            self._watched.pop(name, None)

    def dead(self) -> list[str]:
        """The watched threads not running now."""
        with self._lock:
            watched = list(self._watched.items())
        return sorted(name for name, w in watched if not w.alive())

    def restarts(self) -> dict[str, int]:
        with self._lock:
            return {name: w.restarts for name, w in self._watched.items() if w.restarts}

    def look(self) -> None:
        """Restart what was dead at the last look and still is; note what is dead now. (Dead for a
        look before it is restarted: long enough for a probe to see it, short enough to lose no time.)"""
        with self._lock:
            watched = list(self._watched.items())
        for name, w in watched:
            if w.alive():
                w.seen_dead = False
                continue
            if not w.seen_dead:
                w.seen_dead = True
                logger.error("Thread %s has stopped: it is started again in %g s", name, self.every)
                continue
            try:
                w.restart()
            except Exception as error:  # noqa: BLE001 - tried again at the next look
                logger.error("Thread %s could not be started again (%s)", name, type(error).__name__)
                continue
            w.restarts += 1
            w.seen_dead = False
            metrics.THREAD_RESTARTS.labels(thread=name).inc()
            logger.warning("Thread %s started again (%d time(s) since the process started)", name, w.restarts)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="cop-supervisor", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.look()
            except Exception as error:  # noqa: BLE001 - the watcher itself must not stop
                logger.error("The supervisor's look failed (%s)", type(error).__name__)

    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
