"""What an operator watches, in Prometheus' text format (``GET /metrics``), with prometheus_client.

Two kinds of figures:
- what each process counts as it goes (requests by kind and outcome, the ack's latency, Slack's
  errors by method, token refreshes, scheduler runs, threads restarted): prometheus_client's
  counters and histograms. With ``COP_METRICS_DIR`` set, every process (``web`` and ``worker``)
  writes them to that folder and ``/metrics`` adds them all up (prometheus_client's multiprocess
  mode); without it, ``/metrics`` shows its own process's (enough for ``cop-bot run``).
- what the database says now, shared by all processes (calls owed to Slack and how late, scheduled
  items overdue, requests set aside): read at each scrape, so never counted twice.

Labels are bounded: request kinds and outcomes are fixed words, Slack methods and error codes are
Slack's own (no ids, no text).
"""

import os
import time
from collections.abc import Callable, Iterable

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder

# prometheus_client reads it when first imported: ``cop-bot`` sets it from COP_METRICS_DIR before that.
METRICS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter("cop_requests", "Requests to /slack/events, by kind and what became of them",
                   ["kind", "outcome"])
ACK_SECONDS = Histogram("cop_ack_seconds", "Time from a request's arrival to the answer Slack gets",
                        buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5))
WORK_FAILED = Counter("cop_work_failures", "Runs of a request's work that raised (each is retried, then set aside)",
                      ["outcome"])
SLACK_ERRORS = Counter("cop_slack_errors", "Web API calls Slack refused or that did not reach it",
                       ["method", "error"])
TOKEN_REFRESHES = Counter("cop_token_refreshes", "Workspace token rotations and refreshes", ["outcome"])
SCHEDULED_RUNS = Counter("cop_scheduled_runs", "Scheduler jobs run, by job and outcome", ["job", "outcome"])
THREAD_RESTARTS = Counter("cop_thread_restarts", "Threads found stopped and started again", ["thread"])


_REQUEST_COUNTERS: dict[tuple[str, str], Counter] = {}


def request_seen(kind: str, outcome: str) -> None:
    """One request of ``kind`` with ``outcome`` (in the ack path: the labelled counter is looked up once)."""
    counter = _REQUEST_COUNTERS.get((kind, outcome))
    if counter is None:
        counter = _REQUEST_COUNTERS[(kind, outcome)] = REQUESTS.labels(kind=kind, outcome=outcome)
    counter.inc()


def slack_error(method: str, error: str) -> None:
    SLACK_ERRORS.labels(method=method[:60] or "?", error=error[:60] or "?").inc()


class Snapshot:
    """The gauges read at each scrape: ``figures()`` returns (name, help, value) triples."""

    def __init__(self, figures: Callable[[], Iterable[tuple[str, str, float]]]):
        self.figures = figures

    def collect(self):
        for name, description, value in self.figures():
            yield GaugeMetricFamily(name, description, value=value)


def exposition(snapshot: Snapshot, accept: str = "") -> tuple[bytes, str]:
    """The body of ``/metrics`` and its content type, in the format the scraper asks for (``Accept``)."""
    registry = CollectorRegistry()
    if os.environ.get(METRICS_DIR_VARIABLE):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Everything())
    registry.register(snapshot)
    encoder, content_type = choose_encoder(accept)
    return encoder(registry), content_type


class _Everything:
    """This process's own metrics (the default registry: ours, and Python's process figures)."""

    def collect(self):
        yield from REGISTRY.collect()


def timer() -> float:
    return time.perf_counter()
