"""What the rest of the bot knows of Slack, without slack_sdk: its refusals, what it says of a
person, and the pseudo-methods the outbox owes. Services import these; only bot/notifier.py (and
the composition root) speaks to Slack itself.
"""

from dataclasses import dataclass
from typing import Protocol

# The bot scopes cop-bot asks for when a workspace installs it: manifest.yml's (a test keeps them
# equal; docs/slack-contract.md says why each is needed).
BOT_SCOPES = ("channels:history", "channels:join", "channels:read", "chat:write", "commands", "files:write",
              "groups:history", "groups:read", "im:history", "im:write", "mpim:history", "mpim:write", "reactions:read",
              "users:read")

# Pseudo-methods the outbox owes like Web API calls.
FILES_TO_PERSON = "cop.files_to_person"  # files upload v2 is several calls
RESPONSE_URL = "cop.response_url"  # a private reply through a request's response_url
RATE_LIMITED = {"ratelimited", "rate_limited"}
# Slack's answers when the bot may not write to someone directly though they exist (a member of another
# organisation in a Slack Connect channel, whose workspace has not installed cop-bot). Not
# ``user_not_found``: someone gone cannot be shown anything in a channel either.
PERSON_UNREACHABLE = {"channel_not_found", "cannot_dm_bot", "user_not_visible", "not_allowed"}
# A DM's payload may name the channel where the person can be shown it instead (an ephemeral message),
# should Slack refuse the DM; the outbox takes this key out before sending.
FALLBACK_CHANNEL = "cop_fallback_channel"
# A post's payload may ask for its link (chat.getPermalink) once Slack has it: the outbox takes this key
# out, asks for the link with no transaction open, and keeps it (storage/message_links.py).
WANTS_LINK = "cop_wants_link"
GET_PERMALINK = "chat.getPermalink"  # also owed through the outbox when asking at once failed
TRANSIENT = RATE_LIMITED | {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}


class SlackRefused(Exception):
    """Slack answered with an error (or could not be reached: ``error`` is then the exception's name)."""

    def __init__(self, error: str, *, status: int = 200, retry_after: int | None = None,
                 unreachable: bool = False):
        super().__init__(error)
        self.error, self.status, self.retry_after, self.unreachable = error, status, retry_after, unreachable

    @property
    def transient(self) -> bool:
        """Worth trying again later: rate limits, Slack's own trouble, the network."""
        return self.unreachable or self.error in TRANSIENT or self.status >= 500 or self.status == 429


@dataclass(frozen=True)
class Person:
    """What Slack says of a person: their language, their time zone, whether they are a bot, and the
    name people see (their display name, else their full name)."""

    locale: str | None
    timezone: str | None
    is_bot: bool
    team_id: str | None = None  # their own workspace (another organisation's, in a Slack Connect channel)
    deleted: bool = False  # their account was deactivated: they have left the workspace
    name: str | None = None  # as Slack shows them: their display name, else their real name


class PeopleDirectory(Protocol):
    """Where services learn what Slack says of a person (the notifier, in the running bot)."""

    def person(self, user_id: str) -> Person: ...
