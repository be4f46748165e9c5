"""What a service says happened: one vocabulary for every feature, so that "not a community",
"not allowed" and "not found" are decided in services and worded once (handlers/replies.py)."""

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    DONE = "done"
    NOT_A_COMMUNITY = "not_a_community"  # the channel is no community's home
    NOT_ALLOWED = "not_allowed"  # this person may not do this
    NOT_FOUND = "not_found"  # what the request names no longer exists
    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNCHANGED = "unchanged"  # already done: a retry or a second click
    OWN_QUESTION = "own_question"
    ALREADY_RESOLVED = "already_resolved"
    SIMILAR_FOUND = "similar_found"  # the library may already answer it: the asker chooses
    AWAITING_CONSENT = "awaiting_consent"  # someone else's words: kept as a draft until they agree


@dataclass
class Result:
    outcome: Outcome
    language: str = "en"
    help_request_id: int | None = None
    outbox_ids: list[int] = field(default_factory=list)
    detail: dict = field(default_factory=dict)
