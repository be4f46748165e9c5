"""Tracebacks for the log without what the error said: an exception's message may quote what a
member typed (a value that did not parse, a row's content), and the log must never hold it."""

import traceback


def without_text(error: BaseException) -> str:
    """Where ``error`` was raised (the frames, as a traceback shows them) and its class, never its
    message nor those of the exceptions it came from."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    return f"Traceback (most recent call last):\n{frames}{name} (its message is not logged)"
