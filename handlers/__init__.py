"""Slack-facing code: the only code that knows Slack's payloads.

Each feature module holds its listeners (module-level functions taking plain values) and a
``register(wiring)`` that wires them; ``register_all`` wires them all behind the one adapter
(handlers/wiring.py). What was wired is the registry the manifest test checks.
"""

import re

from slack_bolt import App

from bot.runtime import Runtime
from handlers import (
    commands,
    errors,
    gaps,
    help_requests,
    intros,
    lessons,
    meetings,
    missions,
    people,
    practices,
    privacy,
    program,
    resources,
    workspaces,
)
from handlers.wiring import Registry, Wiring

__all__ = ["Registry", "Wiring", "register_all"]


def register_all(app: App, runtime: Runtime, **options) -> Wiring:
    wiring = Wiring(app, runtime, **options)
    errors.register(app)
    for module in (commands, gaps, help_requests, intros, lessons, resources, practices, people, meetings, missions,
                   privacy, program, workspaces):
        module.register(wiring)

    # Last, so it only gets what nothing above took: a click on anything else (a link button,
    # a stale message) is acknowledged quietly rather than shown to the person as a failure.
    @app.action(re.compile(".*"))
    def ignore_other_clicks(ack):
        ack()

    return wiring
