"""An operator sees trouble before members do: ``GET /metrics`` in Prometheus' text format, with what
each process counted (requests, the ack's latency, Slack's errors, scheduler runs) added up across
``web`` and ``worker``, and what the database says is owed, overdue or set aside."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import SIGNING_SECRET
from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_cli import _free_port


def scrape(url: str) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(url + "metrics", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_requests_slacks_errors_and_what_is_owed(bot):
    setup_community(bot)
    before = scrape(bot.url)
    bot.fake.rate_limit("chat.postMessage", retry_after=1)
    assert bot.command("ask Counted?", channel=CHANNEL)[0] == 200
    assert bot.post("command=%2Fcop", "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)[0] == 401
    assert bot.post('{"type": "event_callback", "event": []}', "application/json")[0] == 400
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=2, timeout=15)
    bot.idle()
    after = scrape(bot.url)

    def grew(name: str, **labels) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("cop_requests_total", kind="command", outcome="answered") == 1
    assert grew("cop_requests_total", kind="unknown", outcome="unsigned") == 1
    assert grew("cop_requests_total", kind="unknown", outcome="malformed") == 1
    assert grew("cop_ack_seconds_count") == 1
    assert grew("cop_slack_errors_total", method="chat.postMessage", error="ratelimited") == 1
    # Read from the database at the scrape: nothing owed, overdue or set aside once the post went out.
    assert value(after, "cop_outbox_pending") == 0 and value(after, "cop_due_overdue") == 0
    assert value(after, "cop_dead_letters") == 0 and value(after, "cop_database_up") == 1
    assert value(after, "cop_work_waiting") == 0 and value(after, "cop_threads_stopped") == 0


@pytest.mark.slow
def test_web_and_worker_counts_add_up_in_one_scrape(tmp_path, fake_slack):
    """docs/deploy.md's layout with COP_METRICS_DIR: the scheduler runs only in the worker, yet the web's
    /metrics shows its runs."""
    port = _free_port()
    fake_slack.tokens["xoxb-metrics-token"] = "T0001"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_",
                                                                        "PROMETHEUS"))},
           "SLACK_BOT_TOKEN": "xoxb-metrics-token", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake_slack.api_url, "DATABASE_URL": f"sqlite:///{tmp_path / 'cop.db'}",
           "PORT": str(port), "COP_METRICS_DIR": str(tmp_path / "metrics")}
    start = [sys.executable, "-m", "bot.cli"]
    assert subprocess.run([*start, "migrate"], env=env, cwd=tmp_path, capture_output=True, timeout=120).returncode == 0
    web = subprocess.Popen([*start, "web"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    worker = subprocess.Popen([*start, "worker"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                samples = scrape(url)
                if value(samples, "cop_scheduled_runs_total", job="plan-recurring", outcome="done") >= 1:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and web.poll() is None and worker.poll() is None, \
                "the worker's scheduler runs never reached the web's /metrics"
            time.sleep(0.2)
        assert value(samples, "cop_database_up") == 1
    finally:
        for process in (web, worker):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    assert "Traceback" not in web.stderr.read() + worker.stderr.read()
