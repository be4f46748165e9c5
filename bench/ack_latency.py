"""Ack latency of `/cop ask` under concurrent load, beside bare Bolt apps that only ack.

Three processes so that none steals the others' GIL: the fake Slack Web API, the
server under test (each app in turn on the same waitress server, same threads), and
this load generator. The bare apps: Bolt with its defaults, and Bolt with
``process_before_response`` as cop-bot runs it (the like-for-like baseline). Run from
the repository root:

    python -m bench.ack_latency --clients 50 --requests 2000 --rounds 3

It prints a Markdown table per round (p50, p90, p99, max), then the median p99 over the
rounds and the ratio of cop-bot's to each bare app's. Diagnosis: with ``COP_BENCH_TRACE=FILE``
cop-bot's server writes, every 10 ms, the monotonic time, requests arrived, work held and
unfinished, and its CPU seconds; the bursts' start and end times go to stderr (same clock).
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

    fake = FakeSlack(tokens={"xoxb-bench": "T0001"})
    print(fake.url, flush=True)
    threading.Event().wait()


def serve(kind: str, port: int, api_url: str, database_url: str, threads: int | None) -> None:
    import logging

    from slack_bolt import App

    from bot.app import CopApp, create_app
    from bot.server import make_http_server
    from bot.settings import Settings

    # Under a closed loop waitress warns of its queue depth at every request; not what we measure.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
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
                   process_before_response=kind == "bare-pbr", listener_executor=ThreadPoolExecutor(max_workers=16))
        bare.command("/cop")(lambda ack: ack())
        cop = CopApp(bolt=bare, runtime=create_app(settings).runtime, wiring=None, executor=None, gated=False)
    server = make_http_server(cop, host="127.0.0.1", port=port, **({"threads": threads} if threads else {}))
    if os.environ.get("COP_BENCH_TRACE") and kind == "cop":
        _trace(cop, os.environ["COP_BENCH_TRACE"])
    print("ready", flush=True)
    server.run()


def _trace(cop, path: str) -> None:
    """Diagnosis: every 10 ms, what the work pool holds and the threads' CPU (monotonic clock, system-wide)."""
    import resource

    work = cop.runtime.work

    def sample() -> None:
        with open(path, "w") as out:
            while True:
                cpu = resource.getrusage(resource.RUSAGE_SELF)
                out.write(f"{time.monotonic():.4f} {work._arrivals} {len(work._held)} {work._unfinished} "
                          f"{cpu.ru_utime + cpu.ru_stime:.4f}\n")
                out.flush()
                time.sleep(0.01)

    threading.Thread(target=sample, daemon=True).start()


def _body(text: str, channel: str, fake_url: str) -> str:
    return urlencode({"token": "x", "team_id": "T0001", "team_domain": "bench", "channel_id": channel,
                      "channel_name": "bench", "user_id": "UBENCH", "user_name": "bench", "command": "/cop",
                      "text": text, "api_app_id": "A1", "response_url": fake_url + "response/" + uuid.uuid4().hex,
                      # Slack gives every request its own trigger_id; cop-bot's receipts rely on it
                      "trigger_id": f"{int(time.time())}.{uuid.uuid4().hex}"})


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


WARM_UP = 200


def measure(kind: str, fake_url: str, clients: int, requests: int, workdir: str,
            threads: int | None) -> dict[str, list[float]]:
    """Two bursts: the first on a bot that has finished its earlier work ("idle"), the second
    right after it, while the first burst's work is still owed ("busy")."""
    port = _free_port()
    database_url = f"sqlite:///{workdir}/{kind}.db"
    server = start(["--serve", kind, "--port", str(port), "--api", fake_url + "api/", "--db", database_url,
                    *(["--threads", str(threads)] if threads else [])])
    try:
        assert server.stdout.readline().strip() == "ready"
        if kind == "cop":  # the channel must be a community's home; setup is not what we measure
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            _send(conn, _body("setup", "CBENCH", fake_url))
            time.sleep(1)
        load(port, fake_url, clients, WARM_UP)
        if kind == "cop":
            _drain(workdir, WARM_UP)
        marks = [time.monotonic()]
        results = {"idle": load(port, fake_url, clients, requests)}
        marks.append(time.monotonic())
        results["busy"] = load(port, fake_url, clients, requests)
        marks.append(time.monotonic())
        if os.environ.get("COP_BENCH_TRACE"):
            print(f"{kind} bursts: idle {marks[0]:.4f}-{marks[1]:.4f}, busy {marks[1]:.4f}-{marks[2]:.4f}",
                  file=sys.stderr)
        if kind == "cop":
            drained = _drain(workdir, WARM_UP + 2 * requests)
            print(f"cop-bot: {_posted(workdir)}/{WARM_UP + 2 * requests} calls for help posted to the fake Slack; "
                  f"the work of the two bursts drained {drained:.1f} s after the last ack")
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _drain(workdir: str, total: int) -> float:
    """Wait until every /cop ask acked so far has ended as a posted call; how long that took.
    (The rows are written after the ack, so count against what was sent, not what is stored.)"""
    started = time.perf_counter()
    while _posted(workdir) < total and time.perf_counter() - started < 600:
        time.sleep(0.2)
    return time.perf_counter() - started


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
    parser.add_argument("--threads", type=int, help="waitress threads (default: cop-bot's)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--apps", default="bare,bare-pbr,cop", help="which apps to measure (quicker comparisons)")
    args = parser.parse_args()
    if args.fake:
        serve_fake()
        return
    if args.serve:
        serve(args.serve, args.port, args.api, args.db, args.threads)
        return

    fake = start(["--fake"])
    fake_url = fake.stdout.readline().strip()
    kinds = tuple(args.apps.split(","))
    rounds: list[dict[str, dict[str, list[float]]]] = []
    try:
        with tempfile.TemporaryDirectory() as workdir:
            for _ in range(args.rounds):  # interleaved, so that a noisy minute hits every app alike
                rounds.append({kind: measure(kind, fake_url, args.clients, args.requests, workdir, args.threads)
                               for kind in kinds})
                for leftover in Path(workdir).glob("*.db*"):  # each round on fresh databases
                    leftover.unlink()
    finally:
        fake.terminate()
    print(f"{args.clients} clients, {args.requests} signed `/cop ask` requests per burst, {args.rounds} rounds, "
          f"{os.cpu_count()} cores\n")
    print("| round | app | burst | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    for n, results in enumerate(rounds, 1):
        for kind, bursts in results.items():
            for burst, values in bursts.items():
                print(f"| {n} | {kind} | {burst} | {pct(values, 50):.1f} | {pct(values, 90):.1f} | "
                      f"{pct(values, 99):.1f} | {max(values) * 1000:.1f} |")
    p99 = {(kind, burst): statistics.median(pct(r[kind][burst], 99) for r in rounds)
           for kind in kinds for burst in ("idle", "busy")}
    print("\nMedian p99 over the rounds:\n")
    print("| burst | " + " | ".join(f"{kind} ms" for kind in kinds) + " | cop / bare | cop / bare-pbr |")
    print("|---" * (len(kinds) + 3) + "|")
    for burst in ("idle", "busy"):
        values = {kind: p99[(kind, burst)] for kind in kinds}
        ratios = [f"{values['cop'] / values[base]:.2f}" if "cop" in values and base in values else "—"
                  for base in ("bare", "bare-pbr")]
        print(f"| {burst} | " + " | ".join(f"{v:.1f}" for v in values.values()) + " | " + " | ".join(ratios) + " |")
    print(json.dumps({f"{kind}/{burst}": value for (kind, burst), value in p99.items()}))


if __name__ == "__main__":
    main()
