"""CPU time per ack of `/cop ask`, in one process, the WSGI app called directly (no socket, no
threads): cop-bot's whole ack path (gate, journal, hand-off) beside bare Bolt with
``process_before_response`` that only acks. What happens after the ack (the work) is left out.

With ``--work``: the CPU of the work behind each ``/cop ask`` instead (reading the request, the
transaction that stores the call for help and owes its post, the post to the fake Slack and what
Slack's answer is recorded in), each item run in this thread after all were acked, so that a
profile (``--profile N``: the N costliest functions, cumulative) sees all of it.

CPU time, unlike the latency of bench/ack_latency.py, barely moves when the machine is busy with
something else, so this figure can be compared across runs on a loaded machine. Run from the
repository root:

    python -m bench.ack_cpu --requests 2000 --rounds 5
    python -m bench.ack_cpu --work --requests 500 --rounds 5 [--profile 40]
"""

import argparse
import gc
import io
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "bench-signing-secret"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", action="store_true", help="the work after the ack, not the ack")
    parser.add_argument("--profile", type=int, default=0, help="with --work: print the N costliest functions")
    args = parser.parse_args()
    if args.work:
        work_main(args.requests, args.rounds, args.profile)
        return
    fake = subprocess.Popen([sys.executable, "-c", "from bench.ack_latency import serve_fake; serve_fake()"],
                            stdout=subprocess.PIPE, text=True)
    try:
        fake_url = fake.stdout.readline().strip()
        apps = _apps(fake_url, tempfile.mkdtemp())
        verifier = SignatureVerifier(SECRET)
        results: dict[str, list[float]] = {name: [] for name in apps}
        slowest: dict[str, list[float]] = {name: [] for name in apps}
        for app in apps.values():
            _run(app, [_environ(verifier, fake_url, i) for i in range(200)])  # warm
        for _ in range(args.rounds):
            for name, app in apps.items():
                results[name].append(_run(app, [_environ(verifier, fake_url, i) for i in range(args.requests)],
                                          slowest[name]))
        print("| app | median µs CPU per ack | min | max | slowest ack, ms CPU |\n|---|---|---|---|---|")
        for name, values in results.items():
            print(f"| {name} | {statistics.median(values):.0f} | {min(values):.0f} | {max(values):.0f} "
                  f"| {max(slowest[name]) * 1e3:.1f} |")
        print(f"\n(the slowest of {args.rounds * args.requests} acks in a row, none of their work done: "
              "what the journal does as it fills)")
        ratio = statistics.median(results["cop"]) / statistics.median(results["bare-pbr"])
        print(f"\ncop / bare-pbr (medians): {ratio:.2f}")
    finally:
        fake.kill()


def work_main(requests: int, rounds: int, profile: int) -> None:
    fake = subprocess.Popen([sys.executable, "-c", "from bench.ack_latency import serve_fake; serve_fake()"],
                            stdout=subprocess.PIPE, text=True)
    try:
        fake_url = fake.stdout.readline().strip()
        spent = []
        profiler = None
        with tempfile.TemporaryDirectory() as workdir:
            cop, app = _cop_with_work(fake_url, workdir)
            verifier = SignatureVerifier(SECRET)
            _run(app, [_environ(verifier, fake_url, 0, "setup")])
            if not cop.runtime.work.wait_idle(30):
                raise RuntimeError("setup not done")
            held: list = []
            cop.runtime.work.submit = lambda fn, *_args, **_kwargs: held.append(fn)
            cop.runtime.work.send = lambda fn: fn()  # the post, in this thread too
            measured = rounds + 1 + bool(profile)  # the first warms up; the profiled one is not counted
            for round_ in range(measured):
                _run(app, [_environ(verifier, fake_url, i) for i in range(requests)])
                if profile and round_ == measured - 1:
                    import cProfile

                    profiler = cProfile.Profile(time.thread_time)  # CPU, not the wait for Slack's answers
                spent.append(_drain_held(held, profiler) / requests * 1e6)
            posted = _open_calls(cop)
            cop.close()
        if posted != requests * measured:
            raise RuntimeError(f"{posted} calls for help stored, {requests * measured} asked")
        values = spent[1:rounds + 1]
        print(f"| work of one `/cop ask` | median µs CPU | min | max |\n|---|---|---|---|\n"
              f"| {requests} per round, {rounds} rounds | {statistics.median(values):.0f} | {min(values):.0f} "
              f"| {max(values):.0f} |")
        if profiler is not None:
            import pstats

            print()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
    finally:
        fake.kill()


def _cop_with_work(fake_url: str, workdir: str):
    from bot.app import create_app
    from bot.settings import Settings

    logging.disable(logging.WARNING)
    cop = create_app(Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
                              slack_api_url=fake_url + "api/", database_url=f"sqlite:///{workdir}/cop.db",
                              log_level="WARNING", journal=os.path.join(workdir, "cop.journal")))
    cop.start()
    return cop, cop.wsgi()


def _drain_held(held: list, profiler) -> float:
    """Run the work items held so far, in this thread; the process's CPU time they took."""
    items, held[:] = list(held), []
    gc.collect()
    started = time.process_time()
    if profiler is not None:
        profiler.enable()
    for item in items:
        item()
    if profiler is not None:
        profiler.disable()
    return time.process_time() - started


def _open_calls(cop) -> int:
    from sqlalchemy import text

    with cop.runtime.db.reading() as session:
        return session.execute(text("SELECT count(*) FROM help_requests WHERE status = 'open'")).scalar() or 0


def _apps(fake_url: str, workdir: str) -> dict:
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.app import CopApp, create_app
    from bot.settings import Settings

    logging.disable(logging.WARNING)
    api_url = fake_url + "api/"

    def settings(name: str) -> Settings:
        return Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=api_url,
                        database_url=f"sqlite:///{workdir}/{name}.db", log_level="WARNING",
                        journal=os.path.join(workdir, f"{name}.journal"))

    cop = create_app(settings("cop"))
    cop.runtime.work.submit = lambda *_args, **_kwargs: None  # the ack path alone: no work after it
    bare = App(client=WebClient(token="xoxb-bench", base_url=api_url), signing_secret=SECRET,
               process_before_response=True, listener_executor=ThreadPoolExecutor(max_workers=16))
    bare.command("/cop")(lambda ack: ack())
    bare_app = CopApp(bolt=bare, runtime=create_app(settings("bare")).runtime, wiring=None, executor=None,
                      gated=False)
    return {"cop": cop.wsgi(), "bare-pbr": bare_app.wsgi()}


def _environ(verifier: SignatureVerifier, fake_url: str, i: int, text: str = "") -> dict:
    body = urlencode({"token": "x", "team_id": "T0001", "team_domain": "bench", "channel_id": "CBENCH",
                      "channel_name": "bench", "user_id": "UBENCH", "user_name": "bench", "command": "/cop",
                      "text": text or f"ask Bench question {i} #bench", "api_app_id": "A1",
                      "response_url": fake_url + "response/" + uuid.uuid4().hex,
                      "trigger_id": f"{int(time.time())}.{uuid.uuid4().hex}"})
    timestamp = str(int(time.time()))
    return {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "QUERY_STRING": "", "SERVER_NAME": "bench",
            "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
            "HTTP_X_SLACK_REQUEST_TIMESTAMP": timestamp,
            "HTTP_X_SLACK_SIGNATURE": verifier.generate_signature(timestamp=timestamp, body=body),
            "wsgi.input": io.BytesIO(body.encode())}


def _run(app, environs: list[dict], each: list[float] | None = None) -> float:
    """CPU µs per request (this process's); ``each``: each request's CPU seconds (this thread's) added to it."""
    statuses = []

    def start_response(status, _headers, _exc_info=None):
        statuses.append(status)

    gc.collect()
    started = time.process_time()
    for environ in environs:
        before = time.thread_time()
        b"".join(app(environ, start_response))
        if each is not None:
            each.append(time.thread_time() - before)
    spent = time.process_time() - started
    if any(not status.startswith("200") for status in statuses):
        raise RuntimeError(f"not acked: {sorted(set(statuses))}")
    return spent / len(environs) * 1e6


if __name__ == "__main__":
    main()
