"""Deliver what a service owed, right after the ack (the scheduler catches the rest)."""

from bot.runtime import Runtime


def deliver(runtime: Runtime, outbox_ids: list[int]) -> None:
    if outbox_ids:
        runtime.deliverer.deliver(outbox_ids)
