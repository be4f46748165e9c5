"""Slack-facing code: parse payloads, ack, call one service, render the result.

Each sub-module exposes ``register(app, runtime)`` and returns what it wired, so
the manifest test can compare it with manifest.yml.
"""

import re
from dataclasses import dataclass, field

from slack_bolt import App

from bot.runtime import Runtime


@dataclass
class Registered:
    commands: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    shortcuts: set[str] = field(default_factory=set)
    views: set[str] = field(default_factory=set)

    def merge(self, other: "Registered") -> "Registered":
        for name in ("commands", "events", "actions", "shortcuts", "views"):
            getattr(self, name).update(getattr(other, name))
        return self


def register_all(app: App, runtime: Runtime) -> Registered:
    from handlers import commands, errors, help_requests, lessons, meetings, people, value

    registered = Registered()
    errors.register(app, runtime)
    for module in (commands, help_requests, lessons, people, meetings, value):
        registered.merge(module.register(app, runtime))

    # Last, so it only gets what nothing above took: a click on anything else (a link button,
    # a stale message) is acknowledged quietly rather than shown to the person as a failure.
    @app.action(re.compile(".*"))
    def ignore_other_clicks(ack):
        ack()

    return registered
