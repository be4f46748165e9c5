"""CPU per test: where the suite's time goes (docs/benchmarks.md, issue 27 item 4). A pytest plugin, and its
summary::

    COP_CPU_DIR=/tmp/cpu python -m pytest -p bench.cpu_per_test        # each process writes DIR/<worker>-<pid>.json
    python -m bench.cpu_per_test /tmp/cpu [--files 30] [--tests 40]

A test's CPU is its process's (every thread: the bot's work, the fake Slack, the HTTP server) plus that of the
child processes it waited for (``cop-bot`` run as a process), for its setup, call and teardown: on a shared
machine it hardly moves with the load, unlike the wall time."""

import argparse
import glob
import json
import os
import resource
import time
from collections import defaultdict

import pytest

_rows: list[dict] = []
_phases: dict[str, dict[str, float]] = {}


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _timed(phase: str):
    @pytest.hookimpl(hookwrapper=True)
    def hook(item):
        started = _cpu()
        yield
        _phases.setdefault(item.nodeid, {})[phase] = _cpu() - started
    return hook


pytest_runtest_setup = _timed("setup")
pytest_runtest_call = _timed("call")
pytest_runtest_teardown = _timed("teardown")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started, children, wall = _cpu(), _children(), time.monotonic()
    yield
    _rows.append({"id": item.nodeid, "cpu": _cpu() - started, "children": _children() - children,
                  "wall": time.monotonic() - wall, **_phases.pop(item.nodeid, {})})


def pytest_sessionfinish(session):
    directory = os.environ.get("COP_CPU_DIR")
    if directory and _rows:
        os.makedirs(directory, exist_ok=True)
        name = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}.json"
        with open(os.path.join(directory, name), "w") as f:
            json.dump(_rows, f)


def summary(directory: str, files: int = 30, tests: int = 40) -> str:
    rows = [row for path in glob.glob(os.path.join(directory, "*.json")) for row in json.load(open(path))]
    lines = [f"{len(rows)} tests: {sum(r['cpu'] for r in rows):.1f} s of CPU "
             f"({sum(r['children'] for r in rows):.1f} s in child processes)", "", "CPU s  tests  setup  file"]
    per_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0])
    for row in rows:
        total = per_file[row["id"].split("::")[0]]
        total[0] += row["cpu"]
        total[1] += 1
        total[2] += row.get("setup", 0.0)
    for path, (cpu, count, setup) in sorted(per_file.items(), key=lambda item: -item[1][0])[:files]:
        lines.append(f"{cpu:6.1f} {count:5d} {setup:6.1f}  {path}")
    lines += ["", "CPU s  (setup / call / teardown)  wall s  test"]
    for row in sorted(rows, key=lambda r: -r["cpu"])[:tests]:
        lines.append(f"{row['cpu']:6.2f}  ({row.get('setup', 0):.2f} / {row.get('call', 0):.2f} / "
                     f"{row.get('teardown', 0):.2f})  {row['wall']:6.1f}  {row['id']}")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The CPU per file and per test of a run with -p bench.cpu_per_test")
    parser.add_argument("directory")
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--tests", type=int, default=40)
    arguments = parser.parse_args()
    print(summary(arguments.directory, arguments.files, arguments.tests))
