"""Ack latency of `/cop ask` under concurrent load, beside a bare Bolt app that only acks.

Three processes so that none steals the others' GIL: the fake Slack Web API, the
server under test (cop-bot, then the bare app, each on waitress with the same
threads), and this load generator. Run from the repository root:

    python -m bench.ack_latency --clients 50 --requests 2000

It prints a Markdown table (p50, p90, p99, max) and the ratio of the p99s.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "bench-signing-secret"
ROOT = Path(__file__).resolve().parent.parent


def serve_fake() -> None:
    from tests.fake_slack import FakeSlack

    fake = FakeSlack()
    print(fake.url, flush=True)
    threading.Event().wait()


def serve(kind: str, port: int, api_url: str, database_url: str) -> None:
    from slack_bolt import App

    from bot.app import CopApp, create_app
    from bot.server import make_http_server
    from bot.settings import Settings

    settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=api_url,
                        database_url=database_url, log_level="WARNING")
    if kind == "cop":
        cop = create_app(settings)
        if os.environ.get("COP_BENCH_NO_WORK"):  # diagnosis: the ack path alone, nothing after it
            cop.runtime.work.submit = lambda fn, *a, **k: None
    else:
        from concurrent.futures import ThreadPoolExecutor

        from slack_sdk import WebClient

        bare = App(client=WebClient(token="xoxb-bench", base_url=api_url), signing_secret=SECRET,
                   listener_executor=ThreadPoolExecutor(max_workers=16))
        bare.command("/cop")(lambda ack: ack())
        cop = CopApp(bolt=bare, runtime=create_app(settings).runtime, registered=None, executor=None)
    server = make_http_server(cop, host="127.0.0.1", port=port)
    print("ready", flush=True)
    server.run()


def _body(text: str, channel: str, fake_url: str) -> str:
    return urlencode({"token": "x", "team_id": "T0001", "team_domain": "bench", "channel_id": channel,
                      "channel_name": "bench", "user_id": "UBENCH", "user_name": "bench", "command": "/cop",
                      "text": text, "api_app_id": "A1", "response_url": fake_url + "response/" + uuid.uuid4().hex,
                      "trigger_id": "1.2.3"})


def _send(conn: http.client.HTTPConnection, body: str) -> float:
    ts = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
    started = time.perf_counter()
    conn.request("POST", "/slack/events", body=body.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}")
    return elapsed


def load(port: int, fake_url: str, clients: int, requests: int) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = requests // clients

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for i in range(per_client):
            body = _body(f"ask Bench question {index}-{i} #bench", "CBENCH", fake_url)
            mine.append(_send(conn, body))
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def start(args: list[str]) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "bench.ack_latency", *args], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return process


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(kind: str, fake_url: str, clients: int, requests: int, workdir: str) -> list[float]:
    port = _free_port()
    database_url = f"sqlite:///{workdir}/{kind}.db"
    server = start(["--serve", kind, "--port", str(port), "--api", fake_url + "api/", "--db", database_url])
    try:
        assert server.stdout.readline().strip() == "ready"
        if kind == "cop":  # the channel must be a community's home; setup is not what we measure
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            _send(conn, _body("setup", "CBENCH", fake_url))
            time.sleep(1)
        load(port, fake_url, clients, min(requests, 200))  # warm-up
        latencies = load(port, fake_url, clients, requests)
        if kind == "cop":
            drain_started = time.perf_counter()
            # Every /cop ask acked (warm-up included) must end as a posted call; the rows themselves
            # are written after the ack, so count against what was sent, not what is stored yet.
            total = min(requests, 200) + requests
            posted = _posted(workdir)
            while posted < total and time.perf_counter() - drain_started < 300:
                time.sleep(0.2)
                posted = _posted(workdir)
            print(f"cop-bot: {posted}/{total} calls for help posted to the fake Slack; the work queued after "
                  f"the acks drained {time.perf_counter() - drain_started:.1f} s after the last ack")
        return latencies
    finally:
        server.terminate()
        server.wait(timeout=30)


def _posted(workdir: str) -> int:
    import sqlite3

    with sqlite3.connect(f"{workdir}/cop.db", timeout=30) as conn:
        return conn.execute("SELECT COUNT(*) FROM help_requests WHERE status = 'open'").fetchone()[0] or 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--serve")
    parser.add_argument("--fake", action="store_true")
    parser.add_argument("--port", type=int)
    parser.add_argument("--api")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.fake:
        serve_fake()
        return
    if args.serve:
        serve(args.serve, args.port, args.api, args.db)
        return

    fake = start(["--fake"])
    fake_url = fake.stdout.readline().strip()
    results = {}
    try:
        with tempfile.TemporaryDirectory() as workdir:
            for kind in ("bare", "cop"):
                results[kind] = measure(kind, fake_url, args.clients, args.requests, workdir)
    finally:
        fake.terminate()
    print(f"{args.clients} clients, {args.requests} signed `/cop ask` requests, {os.cpu_count()} cores\n")
    print("| app | p50 ms | p90 ms | p99 ms | max ms | mean ms |")
    print("|---|---|---|---|---|---|")
    for kind, values in results.items():
        print(f"| {kind} | {pct(values, 50):.1f} | {pct(values, 90):.1f} | {pct(values, 99):.1f} | "
              f"{max(values) * 1000:.1f} | {statistics.mean(values) * 1000:.1f} |")
    ratio = pct(results["cop"], 99) / pct(results["bare"], 99)
    print(f"\np99 ratio cop-bot / bare Bolt: {ratio:.2f}")
    print(json.dumps({k: {"p50": pct(v, 50), "p99": pct(v, 99)} for k, v in results.items()}))


if __name__ == "__main__":
    main()
