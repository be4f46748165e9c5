"""The one adapter between Bolt and cop-bot's listeners: ack, journal, hand off.

Every listener is a module-level function ``listener(runtime, request)`` that takes plain values
(handlers/requests.py). ``Wiring`` registers it with Bolt behind one adapter that

1. answers Slack at once (``ack``; for a form, with its field errors when ``check`` finds any),
2. writes the request to the journal before the answer leaves (bot/journal.py), and
3. hands the work to the background pool (bot/work.py), first in line when it opens a form.

What was wired is the registry (commands, events, actions, shortcuts, views): it is never listed a
second time, and the manifest test compares it with manifest.yml. A journal entry names its
listener, so a restarted bot finishes what was acked and not done (``replay``).
"""

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App

from bot import dead_letters, metrics
from bot.journal import Entry
from bot.runtime import AlreadyDone, Runtime, out_of_reach
from bot.tracebacks import without_text
from handlers import errors, requests
from handlers.gate import FORM, JSON, Refused, check_body

logger = logging.getLogger("cop-bot")
# A listener takes the one kind of request it is wired for (a Click for an action...): Wired keeps it as
# "any request", and parse (command_from, click_from...) builds that kind for it.
Listener = Callable[[Runtime, Any], None]
RETRY_SECONDS = (1, 2, 5, 10, 30, 60)  # while the database is out of reach, then every minute
FAILURE_RETRY_SECONDS = (5.0, 30.0)  # a request whose work raised: tried again after these, then set aside
RUNS_THAT_DIED_MAX = 3  # runs of one request that stopped the process: the next start sets it aside


@dataclass
class Registry:
    commands: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    shortcuts: set[str] = field(default_factory=set)
    views: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Wired:
    name: str  # module.function: how a journal entry names it
    listener: Listener
    parse: Callable[[dict, str | None, float], requests.Request]  # after the ack, in the work
    opens_form: Callable[[requests.Request | None], bool]  # given the request, or its peek's command (or None)
    peek: Callable[[dict], requests.Peek]  # in the ack path: which request, whose


def _never(_request) -> bool:
    return False


def _always(_request) -> bool:
    return True


def _what(request: requests.Request) -> str:
    """What the person did, by ids and names only: never what they wrote."""
    match request:
        case requests.Command():
            return f"/cop {request.word or 'help'}"[:40]
        case requests.Click():
            return f"button {request.action_id}"
        case requests.Shortcut():
            return f"shortcut {request.callback_id}"
        case requests.Submission():
            return f"form {request.callback_id}"
        case requests.Event():
            return f"event {request.event.get('type')}"
    return type(request).__name__


def _who(request: requests.Request, default: str = "Slack") -> str:
    """The person a request is from or about: a user id (an event's ``user`` may be an object, as in
    ``user_change``)."""
    user = getattr(request, "user_id", "") or (getattr(request, "event", None) or {}).get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return user if isinstance(user, str) and user else default


class Wiring:
    def __init__(self, app: App, runtime: Runtime, *, retry_seconds: tuple[float, ...] = FAILURE_RETRY_SECONDS):
        self.app, self.runtime = app, runtime
        self.retry_seconds = retry_seconds
        self.registry = Registry()
        self.wired: dict[str, Wired] = {}
        self._commands: dict[str, Wired] = {}

    # -- what can be wired ------------------------------------------------------------------------
    def command(self, name: str, listener: Callable[[Runtime, requests.Command], None], *,
                opens_form: Callable[[requests.Command], bool] = _never) -> None:
        def command_opens_form(request: requests.Request | None) -> bool:
            return isinstance(request, requests.Command) and opens_form(request)

        wired = self._wire(listener, requests.command_from, command_opens_form, requests.command_peek)
        self.registry.commands.add(name)
        self._commands[name] = wired

        def on_command(ack, body, context):
            ack()
            self._hand_off(wired, body, context.bot_user_id)

        self.app.command(name)(on_command)

    def event(self, event_type: str, listener: Callable[[Runtime, requests.Event], None]) -> None:
        wired = self._wire(listener, requests.event_from, _never, requests.event_peek)
        self.registry.events.add(event_type)

        def on_event(body, context):  # Bolt acks events itself
            self._hand_off(wired, body, context.bot_user_id)

        self.app.event(event_type)(on_event)

    def action(self, action_id: str | re.Pattern, listener: Callable[[Runtime, requests.Click], None], *,
               opens_form: bool = False) -> None:
        """A button (or checkbox, menu…) by its action_id, or a family of them by pattern."""
        wired = self._wire(listener, requests.click_from, _always if opens_form else _never,
                           requests.interaction_peek)
        self.registry.actions.add(action_id if isinstance(action_id, str) else action_id.pattern)

        def on_action(ack, body, context):
            ack()
            self._hand_off(wired, body, context.bot_user_id)

        self.app.action(action_id)(on_action)

    def shortcut(self, callback_id: str, listener: Callable[[Runtime, requests.Shortcut], None], *,
                 opens_form: bool = True) -> None:
        wired = self._wire(listener, requests.shortcut_from, _always if opens_form else _never,
                           requests.interaction_peek)
        self.registry.shortcuts.add(callback_id)

        def on_shortcut(ack, body, context):
            ack()
            self._hand_off(wired, body, context.bot_user_id)

        self.app.shortcut(callback_id)(on_shortcut)

    def view(self, callback_id: str, listener: Callable[[Runtime, requests.Submission], None], *,
             check: Callable[[Runtime, requests.Submission], dict[str, str] | None] | None = None) -> None:
        """A form's submission. ``check`` runs before the answer to Slack: the field errors it
        returns (block id → message) keep the form open, and nothing more happens."""
        wired = self._wire(listener, requests.submission_from, _never, requests.submission_peek)
        self.registry.views.add(callback_id)

        def on_view(ack, body, context):
            if check is not None:
                problems = check(self.runtime, requests.submission_from(body, context.bot_user_id, 0.0))
                if problems:
                    ack(response_action="errors", errors=problems)
                    return
            ack()
            self._hand_off(wired, body, context.bot_user_id)

        self.app.view(callback_id)(on_view)

    def _wire(self, listener: Listener, parse, opens_form, peek) -> Wired:
        wired = Wired(f"{listener.__module__}.{listener.__qualname__}", listener, parse, opens_form, peek)
        self.wired[wired.name] = wired
        return wired

    def command_at_once(self, body: dict, bot_user_id: str | None) -> bool:
        """A slash command straight from the gate (which checked its signature and shape), its workspace
        authorized: journaled and queued as Bolt's listener would, without Bolt's dispatch in the ack
        path. False when it is not a command wired here (Bolt then answers it as anything else)."""
        wired = self._commands.get(body.get("command", ""))
        if wired is None:
            return False
        self._hand_off(wired, body, bot_user_id)
        return True

    # -- after the ack -----------------------------------------------------------------------------
    def _hand_off(self, wired: Wired, body: dict, bot_user_id: str | None) -> None:
        """In the ack path: journal, then queue; the request is read in full by the work, after the
        ack. The answer leaves Slack's way when the Bolt listener returns, so the request is in the
        journal before it does."""
        received = time.time()
        try:
            peek = wired.peek(body)
            urgent = wired.opens_form(peek.command)
            key = (peek.team_id, peek.person) if peek.person else None
        except Exception as error:  # noqa: BLE001 - a shape the gate let through that cannot be read
            logger.error("A request for %s could not be read (%s): nothing done", _short(wired.name),
                         type(error).__name__)
            return
        entry = self.runtime.journal.record(receipt=peek.receipt, listener=wired.name, body=body,
                                            bot_user_id=bot_user_id, received_at=received)
        self.runtime.work.submit(lambda: self._read_and_run(wired, entry), urgent=urgent, key=key)

    def _read_and_run(self, wired: Wired, entry: Entry) -> None:
        request = self._read(wired, entry)
        if request is not None:
            self._run(wired, request, entry, 0)

    def _read(self, wired: Wired, entry: Entry) -> requests.Request | None:
        """The request as a listener takes it, under the journal's receipt; ``None`` (and set aside) if
        it cannot be read (journaled by an older bot, before the gate's rules)."""
        try:
            request = wired.parse(entry.body, entry.bot_user_id, entry.received_at)
        except Exception as error:  # noqa: BLE001 - this request alone
            self._set_aside(wired, entry, None, type(error).__name__)
            return None
        return request if request.receipt == entry.receipt else replace(request, receipt=entry.receipt)

    def _submit(self, wired: Wired, entry: Entry, attempt: int = 0, *,
                request: requests.Request | None = None) -> None:
        request = request or self._read(wired, entry)
        if request is None:
            return
        person = _who(request, default="")
        self.runtime.work.submit(lambda: self._run(wired, request, entry, attempt),
                                 urgent=wired.opens_form(request) and attempt == 0,
                                 key=(request.team_id, person) if person else None)

    def _run(self, wired: Wired, request: requests.Request, entry: Entry, attempt: int) -> None:
        started = time.monotonic()
        self.runtime.journal.started(entry.receipt)
        try:
            wired.listener(self.runtime, request)
            logger.info("%s in workspace %s by %s (%.0f ms)", _what(request), request.team_id, _who(request),
                        (time.monotonic() - started) * 1000)
        except AlreadyDone:
            pass  # its effects were stored before (a replay, or Slack sending it again)
        except Exception as error:  # noqa: BLE001 - the one error path: this request fails alone
            if out_of_reach(error):
                self._later(wired, request, entry, attempt, error)
            else:
                self._failed(wired, request, entry, error)
            return
        self.runtime.journal.done(entry.receipt)

    def _failed(self, wired: Wired, request: requests.Request, entry: Entry, error: Exception) -> None:
        """A bug, or data it cannot handle: this request alone is tried again a few times, then set
        aside. Logged in full once (where, and the error's class: never its text, which may quote a
        member), the person told once."""
        failures = self.runtime.journal.failed(entry.receipt)
        what = f"{_what(request)} in workspace {request.team_id} (receipt {entry.receipt[:60]})"
        if failures == 1:
            logger.error("%s failed in %s: %s\n%s", what, _short(wired.name), type(error).__name__,
                         without_text(error))
            if self.retry_seconds:
                errors.trying_again(self.runtime, request)
        metrics.WORK_FAILED.labels(outcome="retried" if failures <= len(self.retry_seconds) else "set_aside").inc()
        if failures <= len(self.retry_seconds):
            delay = self.retry_seconds[failures - 1]
            logger.warning("%s: run %d failed (%s), tried again in %g s", what, failures, type(error).__name__, delay)
            self.runtime.work.later(delay, lambda: self._submit(wired, entry, failures, request=request))
            return
        self._set_aside(wired, entry, request, type(error).__name__)

    def _set_aside(self, wired: Wired | None, entry: Entry, request: requests.Request | None, error: str) -> None:
        """Out of the way for good: kept as a dead letter (the database), then out of the journal."""
        runs, _ = self.runtime.journal.failures(entry.receipt)
        team_id = getattr(request, "team_id", "") or entry.receipt.split(":", 1)[0]
        user = _who(request, default="") if request is not None else ""
        try:
            letter, told = dead_letters.set_aside(self.runtime.db, entry, team_id=team_id, user_id=user or None,
                                                  error=error, runs=runs)
        except Exception as failure:  # noqa: BLE001 - not kept: it stays in the journal, for the next start
            logger.error("Could not set request %s aside (%s): kept in the journal", entry.receipt[:60],
                         type(failure).__name__)
            return
        logger.error("Request %s (%s) set aside after %d run(s) (%s): `cop-bot dead-letters` lists it%s",
                     entry.receipt[:60], _short(entry.listener), runs, error,
                     f" as {letter}" if letter is not None else "")
        if request is not None:
            errors.set_aside(self.runtime, request)
        self.runtime.journal.done(entry.receipt)
        if told:  # the IT contacts hear of it (at most once a day)
            self.runtime.deliverer.deliver(told)

    def _later(self, wired: Wired, request: requests.Request, entry: Entry, attempt: int, error: Exception) -> None:
        """The database is out of reach: the request stays in the journal and is tried again, for as
        long as it takes (not counted as a failure: nothing is wrong with the request)."""
        delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
        logger.warning("Database out of reach (%s): %s kept, tried again in %d s", type(error).__name__,
                       _short(wired.name), delay)
        if attempt == 0:
            errors.kept_for_later(self.runtime, request)
        self.runtime.work.later(delay, lambda: self._submit(wired, entry, attempt + 1, request=request))

    def replay(self) -> int:
        """At start: whatever was acked and not done before the bot stopped is done now (once). An
        entry whose runs kept failing or died with the process is set aside instead; one the gate
        would refuse today (journaled by an older bot) too."""
        pending = self.runtime.journal.pending()
        for entry in pending:
            wired = self.wired.get(entry.listener)
            if wired is None:  # renamed by an upgrade: kept, for an admin to see
                logger.error("Journal entry %s names no listener (%s)", entry.receipt[:60], entry.listener[:120])
                self._set_aside(None, entry, None, "no such listener")
                continue
            runs, failures = self.runtime.journal.failures(entry.receipt)
            if failures > len(self.retry_seconds):
                self._set_aside(wired, entry, None, "failed")
                continue
            if runs - failures >= RUNS_THAT_DIED_MAX:
                self._set_aside(wired, entry, None, "process stopped while running it")
                continue
            try:
                check_body(*_as_sent(entry.body))
            except Refused as refused:
                logger.error("Journal entry %s is not a request Slack sends (%s): set aside", entry.receipt[:60],
                             refused.reason)
                self._set_aside(wired, entry, None, "not a Slack request")
                continue
            self._submit(wired, entry)
        if pending:
            logger.info("Replaying %d request(s) acked before the last stop", len(pending))
        return len(pending)

    def run_dead_letter(self, letter) -> str:
        """Run a dead letter's request again, now, in this process (``cop-bot dead-letters replay``);
        returns ``"done"``, ``"already done"`` or the error's class."""
        wired = self.wired.get(letter.listener)
        if wired is None:
            return "no such listener"
        body = json.loads(letter.body)
        request = wired.parse(body, letter.bot_user_id, letter.received_at.timestamp())
        try:
            wired.listener(self.runtime, request)
        except AlreadyDone:
            return "already done"
        except Exception as error:  # noqa: BLE001 - reported to the admin, the letter kept
            logger.error("Dead letter %s failed again: %s\n%s", letter.id, type(error).__name__,
                         without_text(error))
            return type(error).__name__
        return "done"


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _as_sent(body: dict) -> tuple[str, str]:
    """(content type, text) as Slack would have sent ``body`` (Bolt's parsed form of it)."""
    if isinstance(body, dict) and "command" in body and "payload" not in body:
        return FORM, urlencode({k: v for k, v in body.items() if isinstance(v, str)})
    if isinstance(body, dict) and "type" in body and ("event" in body or body.get("type") in
                                                      ("event_callback", "url_verification", "app_rate_limited")):
        return JSON, json.dumps(body)
    return FORM, urlencode({"payload": json.dumps(body)})
