"""After the ack: run the work in the background pool, deliver what it owed, and
send every failure down the one error path."""

from collections.abc import Callable

from slack_bolt import Respond

from bot.runtime import Runtime
from handlers.errors import report


def deliver(runtime: Runtime, outbox_ids: list[int]) -> None:
    if outbox_ids:
        runtime.deliverer.deliver(outbox_ids)


def in_background(runtime: Runtime, work: Callable[[], None], *, respond: Respond | None = None,
                  language: str | Callable[[], str] | None = None, opens_form: bool = False) -> None:
    """Run ``work`` after the ack has gone; if it fails, log it and tell the person. Work that
    ``opens_form`` goes first: Slack's trigger_id expires 3 seconds after the request."""

    def run() -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - the one error path, as @app.error for listeners
            report(error, respond=respond, language=language)

    runtime.work.submit(run, urgent=opens_form)
