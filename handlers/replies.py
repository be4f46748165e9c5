"""How a listener answers: one ``Turn`` per request, forms opened in time, and the words for what
services decide (a channel that is no community's home, a person not allowed, a thing gone) written
once.

A turn is the request's work in one transaction: its writes, the receipt that makes it happen
once, and everything it owes people — DMs, card updates and the private reply through its
response_url — written to the outbox with it and delivered when it commits. No Slack call is
made inside it.
"""

import logging
import time

from bot import blocks
from bot.i18n import N_, Translator, translator
from bot.runtime import Runtime
from bot.services import communities, people
from bot.services.owed import owe_reply
from bot.services.results import Outcome
from bot.slack_terms import SlackRefused
from bot.text import Names

logger = logging.getLogger(__name__)
FORM_DEADLINE = 2.5  # seconds after the request: Slack's trigger_id expires at 3

NOT_A_COMMUNITY = N_("This channel is not a community's home: use this command in your community's channel, or "
                     "run `/cop setup` here first.")
NOT_FOUND = N_("This no longer exists: it was deleted or closed.")
# From a message's menu ("Save as lesson learned", "Ask the community"), when it cannot go anywhere.
NO_COMMUNITY_YET = N_("There is no community in this workspace yet: run `/cop setup` in a channel first.")
NO_COMMUNITY_OF_YOURS = N_("You are not in the channel of any community of this workspace: join your community's "
                           "channel first (or run `/cop setup` in a channel to start one).")
TOO_LATE = N_("Sorry, that took me too long and Slack no longer lets me open the form. Please try again.")


class Turn:
    """``with Turn(runtime, request) as turn:`` — ``turn.session`` writes, ``turn.owe(ids)`` and
    ``turn.reply(message)`` owe what people hear; delivered once the transaction commits, in the
    order they were owed.
    Raises ``storage.db.AlreadyDone`` when the request's effects were stored before."""

    def __init__(self, runtime: Runtime, request):
        self.runtime, self.request = runtime, request
        self.owed: list[int] = []  # delivered in the order they were owed
        self._replies = 0

    def __enter__(self) -> "Turn":
        self._scope = self.runtime.db.session(receipt=self.request.receipt, team_id=self.request.team_id)
        self.session = self._scope.__enter__()
        return self

    def __exit__(self, *failure) -> None:
        self._scope.__exit__(*failure)
        if failure[0] is None and self.owed:
            owed, deliverer = self.owed, self.runtime.deliverer

            def deliver() -> None:
                deliverer.deliver(owed)

            self.runtime.work.send(deliver)

    def owe(self, ids: list[int]) -> None:
        self.owed += ids

    def reply(self, message: dict, *, replace: bool | None = None) -> None:
        """A private reply to the person (or, with ``replace``, the message they clicked replaced)."""
        url = getattr(self.request, "response_url", "")
        if not url:
            return
        self._replies += 1
        body = {**message} if replace is None else {**message, "replace_original": replace}
        self.owed += owe_reply(self.session, team_id=self.request.team_id, url=url, message=body,
                               key=f"reply:{self.request.receipt}:{self._replies}")

    def say(self, text: str, *, replace: bool | None = None) -> None:
        """A private reply in plain words (already translated)."""
        self.reply(blocks.ephemeral(text), replace=replace)


def answer(runtime: Runtime, request, text: str, *, replace: bool | None = None) -> None:
    """A request whose only effect is one private reply."""
    with Turn(runtime, request) as turn:
        turn.say(text, replace=replace)


def open_form(runtime: Runtime, request, view: dict) -> None:
    """A form, opened with the request's trigger_id if there is still time; else the person is
    asked to try again (a request replayed after a restart comes too late for its form)."""
    if time.time() - request.received_at > FORM_DEADLINE:
        answer(runtime, request, translator(language_here(runtime, request)).gettext(TOO_LATE))
        return
    try:
        runtime.slack(request.team_id).open_view(request.trigger_id, view)
    except SlackRefused as refused:
        logger.warning("The form could not be opened: %s", refused.error)


def names_in(runtime: Runtime, request, *texts: str) -> Names:
    """What Slack calls the people and channels real texts mention, for a form prefilled with them (asked
    before any transaction; a form's 3 seconds run meanwhile)."""
    return people.names_in(runtime.db, runtime.slack(request.team_id), team_id=request.team_id,
                           texts=[t for t in texts if t])


def message_link(runtime: Runtime, request, channel_id: str | None, message_ts: str | None) -> str | None:
    """Slack's link to a message (chat.getPermalink: a reply's opens it in its thread), asked before any
    transaction; ``None`` when Slack will not give it (the message was deleted, the channel is private)."""
    if not channel_id or not message_ts:
        return None
    try:
        return runtime.slack(request.team_id).permalink(channel_id, message_ts)
    except SlackRefused as refused:
        logger.info("No link to a message the bot was asked to link to: %s", refused.error)
        return None


def language_here(runtime: Runtime, request) -> str:
    """The community's language in its channel; elsewhere the person's own Slack language. Read
    before any transaction: Slack may be asked (and its answer cached) on the way."""
    channel_id = getattr(request, "channel_id", "")
    if channel_id:
        with runtime.db.reading() as session:
            community = communities.community_here(session, team_id=request.team_id, channel_id=channel_id)
        if community is not None:
            runtime.languages[(request.team_id, channel_id)] = community.language
            return community.language
    return people.language(people.person(runtime.db, runtime.slack(request.team_id), team_id=request.team_id,
                                         user_id=request.user_id))


def t_here(runtime: Runtime, request) -> Translator:
    return translator(language_here(runtime, request))


def problem(t: Translator, outcome: Outcome, *, not_allowed: str | None = None,
            not_a_community: str | None = None) -> str | None:
    """What a person reads when a service says no; ``None`` when the outcome is no problem. Each
    feature may name who is allowed (its own message id)."""
    if outcome == Outcome.NOT_A_COMMUNITY:
        return t.gettext(not_a_community or NOT_A_COMMUNITY)
    if outcome == Outcome.NOT_ALLOWED:
        return t.gettext(not_allowed or N_("Sorry, you are not allowed to do this."))
    if outcome == Outcome.NOT_FOUND:
        return t.gettext(NOT_FOUND)
    return None
