"""The tables. Alembic owns the schema (storage/migrations); this is its source.

Every table has ``team_id`` (the Slack workspace) and queries always filter on it.

A surrogate key is declared ``id: int = Field(default=None, primary_key=True)``: it is ``None`` only between
building the row and the flush that inserts it (the store's functions flush before they return a new row), an
``int`` everywhere else, so the type says ``int``. The schema is the same as with ``int | None`` (a primary key
is never nullable).
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.sqlite_ids import declare as declare_never_reused
from storage.types import UTCDateTime, utcnow


def _table(name: str) -> Any:
    """``__tablename__ = _table("x")``: SQLModel types ``__tablename__`` as a ``declared_attr``, so a type checker
    refuses the plain string SQLAlchemy expects (fastapi/sqlmodel#98). The string is returned unchanged."""
    return name


def _when(**kwargs) -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, **kwargs)


def _maybe_when(**kwargs) -> datetime | None:
    return Field(default=None, sa_type=UTCDateTime, **kwargs)


class Role(StrEnum):
    FOUNDER = "founder"
    ANIMATOR = "animator"
    MEMBER = "member"
    EXPERT = "expert"
    REPORTER = "reporter"
    SPONSOR = "sponsor"
    IT = "it"


class HelpStatus(StrEnum):
    DRAFT = "draft"  # the asker was shown similar answers from the library and has not chosen yet
    LIBRARY = "library"  # the asker said a past lesson or answer solved it: nothing was posted
    PENDING = "pending"  # stored, its post to the channel not yet confirmed by Slack
    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED = "closed"  # closed without an answer by an animator (a follow-up)
    UNPOSTED = "unposted"  # Slack refused the post for good; the asker was told
    AWAITING = "awaiting"  # asked from someone else's message: waits for their consent, seen by nobody


class Applied(StrEnum):
    """What askers answer, a month after their call was resolved, to "did you apply the answer?"."""

    CHANGED = "changed"  # yes, and it changed something (realised value)
    YES = "yes"  # applied (applied value)
    NOT_YET = "not_yet"  # asked once more a month later
    NO = "no"


class TimeSaved(StrEnum):
    """What askers answer to "how much time did this save you?" and its minutes."""

    UNDER_15_MIN = "under_15_min"
    ABOUT_1_HOUR = "about_1_hour"
    HALF_DAY = "half_day"
    DAY_OR_MORE = "day_or_more"

    @property
    def minutes(self) -> int:
        # Conservative values: the midpoint of "under 15 minutes", a working day of 7.5 h.
        return {"under_15_min": 10, "about_1_hour": 60, "half_day": 225, "day_or_more": 450}[self.value]


class Community(SQLModel, table=True):
    __tablename__ = _table("communities")
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_community_channel"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    channel_id: str = Field(max_length=32)
    name: str = Field(max_length=200)
    language: str = Field(default="en", max_length=8)
    timezone: str = Field(default="America/Toronto", max_length=64)
    created_by: str = Field(max_length=32)
    created_at: datetime = _when()
    # Norms and policies newcomers are welcomed with; animators edit it with /cop charter.
    charter: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Messages to people wait for the morning (and Monday) unless the community says otherwise.
    quiet_start_hour: int = Field(default=20, sa_column_kwargs={"server_default": "20"})
    quiet_end_hour: int = Field(default=8, sa_column_kwargs={"server_default": "8"})
    quiet_weekends: bool = Field(default=True, sa_column_kwargs={"server_default": "1"})
    # When meetings are nudged, in minutes before their start ("10080,1440,0": a week, a day, at the start).
    nudge_offsets: str = Field(default="10080,1440,0", max_length=100,
                               sa_column_kwargs={"server_default": "10080,1440,0"})
    # What an hour of a member's time is worth, for the value report (set by animators).
    hourly_rate: int = Field(default=75, sa_column_kwargs={"server_default": "75"})
    currency: str = Field(default="CAD", max_length=3, sa_column_kwargs={"server_default": "CAD"})
    # How long calls for help (with their answers), reflections and meeting answers are kept, in
    # months (set by founders); older ones are deleted, their month's figures kept (MonthlyFigures).
    retention_months: int = Field(default=36, sa_column_kwargs={"server_default": "36"})
    # How often each lesson is reviewed by the content experts of its topics (or its owner), in months.
    review_months: int = Field(default=12, sa_column_kwargs={"server_default": "12"})
    # The quarterly reflection's three questions, one a line (founders and facilitators set them with
    # /cop settings reflection); empty: the default three, in the community's language.
    reflection_questions: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # What the community is for (/cop mission, set by founders): its mission, up to three objectives (one a
    # line), its strategic themes (topic keys, space-separated, without their #) that /cop stats and the
    # reports follow, and what it asks of management (the quarterly summary's last line, optional).
    mission: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    objectives: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    themes: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    asks: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    mission_set_by: str | None = Field(default=None, max_length=32)
    mission_set_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Monthly introductions for every member (founders and facilitators switch it on with ``/cop intros
    # everyone on``); members can still say no for themselves (IntroChoice). Off: only those who said yes.
    intros_everyone: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class RoleAssignment(SQLModel, table=True):
    __tablename__ = _table("role_assignments")
    __table_args__ = (
        UniqueConstraint("community_id", "user_id", "role", name="uq_role_assignment"),
        Index("ix_role_assignments_team_community", "team_id", "community_id"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    role: str = Field(max_length=16)
    assigned_by: str = Field(max_length=32)
    assigned_at: datetime = _when()


class RoleChange(SQLModel, table=True):
    """Every role given or taken back: who, to whom, when (kept when the role goes)."""

    __tablename__ = _table("role_changes")
    __table_args__ = (Index("ix_role_changes_team_community", "team_id", "community_id"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    role: str = Field(max_length=16)
    change: str = Field(max_length=8)  # "added" or "removed"
    changed_by: str = Field(max_length=32)
    changed_at: datetime = _when()


class Expertise(SQLModel, table=True):
    """A topic someone knows: declared by them (``declared``) or given with the content-expert
    role (``watch``: they watch and validate content on it)."""

    __tablename__ = _table("expertise")
    __table_args__ = (
        UniqueConstraint("community_id", "user_id", "topic", "source", name="uq_expertise"),
        Index("ix_expertise_team_community_topic", "team_id", "community_id", "topic"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    topic: str = Field(max_length=80)
    source: str = Field(default="declared", max_length=16)
    created_at: datetime = _when()


class Membership(SQLModel, table=True):
    """Someone known to be in a community's channel: since when, and who mentors them."""

    __tablename__ = _table("memberships")
    __table_args__ = (
        UniqueConstraint("community_id", "user_id", name="uq_membership"),
        Index("ix_memberships_team_community_joined", "team_id", "community_id", "joined_at"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    joined_at: datetime = _when()
    newcomer: bool = False  # joined while the bot was there (not found at setup)
    # The person's own workspace, when it is not the community's: a member of another organisation
    # in a channel shared through Slack Connect.
    home_team_id: str | None = Field(default=None, max_length=32)
    mentor_id: str | None = Field(default=None, max_length=32)
    mentor_acted_at: datetime | None = _maybe_when()


class Person(SQLModel, table=True):
    """What Slack told us about a person (locale, time zone, the name people see), cached to spare API calls."""

    __tablename__ = _table("people")

    team_id: str = Field(max_length=32, primary_key=True)
    user_id: str = Field(max_length=32, primary_key=True)
    locale: str | None = Field(default=None, max_length=16)
    timezone: str | None = Field(default=None, max_length=64)
    is_bot: bool = False
    home_team_id: str | None = Field(default=None, max_length=32)  # their own workspace, if another's (Slack Connect)
    # What Slack shows of them (display name, else real name): a form prefilled from a message names the
    # people it mentions in words (@Léa), not as mentions.
    name: str | None = Field(default=None, max_length=200)
    updated_at: datetime = _when()
    # Takes part in rankings of helpers (/cop who's help counts, the most credited helpers): listed in them
    # and shown them. Off unless they say so (/cop rankings on): participation is voluntary.
    ranking_opt_in: bool = False


class Profile(SQLModel, table=True):
    """Who a member is in a community (``/cop profile``): where they work, their region, their job, since
    when they practise, what they look for. What they can help with is their declared expertise. Seen
    only by the community's own members (its Home directory, ``/cop who``)."""

    __tablename__ = _table("profiles")
    __table_args__ = (
        UniqueConstraint("community_id", "user_id", name="uq_profile"),
        Index("ix_profiles_team_community", "team_id", "community_id"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    workplace: str = Field(default="", max_length=100)
    region: str = Field(default="", max_length=100)
    job: str = Field(default="", max_length=100)
    practising_since: int | None = None  # the year they started in the practice (their years, kept current)
    looking_for: str = Field(default="", max_length=500)  # topics, space-separated, without their #
    updated_at: datetime = _when()


class IntroChoice(SQLModel, table=True):
    """A member's own yes or no to the monthly introductions (``/cop intros on|off``)."""

    __tablename__ = _table("intro_choices")
    __table_args__ = (
        UniqueConstraint("community_id", "user_id", name="uq_intro_choice"),
        Index("ix_intro_choices_team_community", "team_id", "community_id"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    wants: bool = True
    updated_at: datetime = _when()


class IntroPair(SQLModel, table=True):
    """One introduction of a monthly round: two (or three) members put in touch by a group DM, and
    whether they said they met. Who they are is in IntroMember (a forgotten person leaves the pair)."""

    __tablename__ = _table("intro_pairs")
    __table_args__ = (Index("ix_intro_pairs_team_community_round", "team_id", "community_id", "round"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    round: str = Field(max_length=7)  # the month, YYYY-MM
    reasons: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))  # JSON
    channel_id: str | None = Field(default=None, max_length=32)  # the group DM Slack opened
    message_ts: str | None = Field(default=None, max_length=32)  # the introduction posted in it
    refused: str | None = Field(default=None, max_length=64)  # Slack would not open the group DM: why
    met_by: str | None = Field(default=None, max_length=32)
    met_at: datetime | None = _maybe_when()
    created_at: datetime = _when()


class IntroMember(SQLModel, table=True):
    """A person of an introduction."""

    __tablename__ = _table("intro_members")
    __table_args__ = (
        UniqueConstraint("pair_id", "user_id", name="uq_intro_member"),
        Index("ix_intro_members_team_user", "team_id", "user_id"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    pair_id: int = Field(foreign_key="intro_pairs.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)


class FollowUpCopy(SQLModel, table=True):
    """One facilitator's copy of a follow-up (an unanswered call, a welcome that could not be delivered, the
    quarter's reflections): where it landed, so that when one of them says "I'll take it" the others' copies
    say who did, and those not sent yet are not sent."""

    __tablename__ = _table("follow_up_copies")
    __table_args__ = (
        UniqueConstraint("community_id", "kind", "subject", "user_id", name="uq_follow_up_copy"),
        Index("ix_follow_up_copies_team_community", "team_id", "community_id", "taken_at"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)  # "help.unanswered", "welcome.unreachable", "reflection.agenda"
    subject: str = Field(max_length=64)  # the call's number, the newcomer's membership, the quarter
    user_id: str = Field(max_length=32)  # the facilitator it went to
    outbox_id: int | None = None  # the DM owed (cancelled if still waiting when someone takes it)
    channel_id: str | None = Field(default=None, max_length=32)  # where Slack put it, once sent
    message_ts: str | None = Field(default=None, max_length=32)
    taken_by: str | None = Field(default=None, max_length=32)
    taken_at: datetime | None = _maybe_when()
    created_at: datetime = _when()


class ToolProblem(SQLModel, table=True):
    """A problem with the tools a community's IT contacts can fix (the bot removed from its channel, a
    permission Slack refuses): told to them once a day at most, shown on their Home until it is solved."""

    __tablename__ = _table("tool_problems")
    __table_args__ = (
        UniqueConstraint("community_id", "kind", "detail", name="uq_tool_problem"),
        Index("ix_tool_problems_team_community", "team_id", "community_id", "solved_at"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)  # "removed" (from the channel), "scope" (a permission refused)
    detail: str = Field(default="", max_length=100)  # the Web API method refused, for a scope
    first_seen: datetime = _when()
    last_seen: datetime = _when()
    last_told_at: datetime | None = _maybe_when()
    solved_at: datetime | None = _maybe_when()


class HelpRequest(SQLModel, table=True):
    """A call for help (appel à tous) posted in a community's channel."""

    __tablename__ = _table("help_requests")
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "message_ts", name="uq_help_request_message"),
        Index("ix_help_requests_team_community_status", "team_id", "community_id", "status"),
        # The figures of a period (/cop stats, the monthly report) read calls by when they were
        # asked and when they were resolved.
        Index("ix_help_requests_team_community_created", "team_id", "community_id", "created_at"),
        Index("ix_help_requests_team_community_resolved", "team_id", "community_id", "resolved_at"),
        Index("ix_help_requests_team_community_applied", "team_id", "community_id", "applied_at"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    asker_id: str = Field(max_length=32)
    question: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default=HelpStatus.PENDING, max_length=16)
    urgent: bool = False
    created_at: datetime = _when()
    first_answer_at: datetime | None = _maybe_when()
    first_answer_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = _maybe_when()
    resolved_by: str | None = Field(default=None, max_length=32)
    time_saved: str | None = Field(default=None, max_length=16)
    time_saved_minutes: int | None = None
    value_story: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # in the asker's words
    # A month after it was resolved, the asker says whether they applied the answer (Applied) and, if it
    # changed something, what, in one sentence.
    applied: str | None = Field(default=None, max_length=16)
    applied_at: datetime | None = _maybe_when()
    change_story: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reopened: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # times reopened after resolved
    # Prompts its asker got about it since it was first resolved (how much time it saved, did you apply
    # it): two at most (bot.services.help_requests.PROMPTS_AFTER_RESOLVED).
    asker_prompts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Asked from a message ("Ask the community"): where it is, and whose it is when not the asker's
    # (None once they agreed to be quoted without their name).
    source_channel_id: str | None = Field(default=None, max_length=32)
    source_ts: str | None = Field(default=None, max_length=32)
    quoted_user_id: str | None = Field(default=None, max_length=32)


class HelpRequestTopic(SQLModel, table=True):
    __tablename__ = _table("help_request_topics")
    __table_args__ = (Index("ix_help_request_topics_team_topic", "team_id", "topic"),)

    help_request_id: int = Field(foreign_key="help_requests.id", primary_key=True, ondelete="CASCADE")
    topic: str = Field(max_length=80, primary_key=True)
    team_id: str = Field(max_length=32)


class HelpOffer(SQLModel, table=True):
    """Someone offered to help (✋ or the "I can help" button)."""

    __tablename__ = _table("help_offers")
    __table_args__ = (UniqueConstraint("help_request_id", "user_id", name="uq_help_offer"),
                      Index("ix_help_offers_team_created", "team_id", "created_at"))

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    help_request_id: int = Field(foreign_key="help_requests.id", index=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    source: str = Field(max_length=16)  # "reaction" or "button"
    created_at: datetime = _when()


class HelpAnswer(SQLModel, table=True):
    """A reply in the call's thread by someone other than the asker."""

    __tablename__ = _table("help_answers")
    __table_args__ = (UniqueConstraint("help_request_id", "message_ts", name="uq_help_answer"),
                      Index("ix_help_answers_team_created", "team_id", "created_at"))

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    help_request_id: int = Field(foreign_key="help_requests.id", index=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    message_ts: str = Field(max_length=32)
    created_at: datetime = _when()


class HelpCredit(SQLModel, table=True):
    """The asker credited someone for helping resolve their call."""

    __tablename__ = _table("help_credits")
    __table_args__ = (UniqueConstraint("help_request_id", "user_id", name="uq_help_credit"),
                      Index("ix_help_credits_team_user", "team_id", "user_id"))

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    help_request_id: int = Field(foreign_key="help_requests.id", index=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    credited_by: str = Field(max_length=32)
    created_at: datetime = _when()


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SUPERSEDED = "superseded"  # a newer row shows the same message: only the newest is sent
    CANCELLED = "cancelled"  # its workspace left (uninstalled cop-bot): never sent


class OutboxMessage(SQLModel, table=True):
    """A Web API call the bot owes someone, written in the same transaction as the
    change that caused it, delivered by whoever claims it first (the request thread
    right away, or the scheduler after a crash, a restart or a Slack outage).
    """

    __tablename__ = _table("outbox")
    __table_args__ = (
        UniqueConstraint("team_id", "dedupe_key", name="uq_outbox_dedupe"),
        Index("ix_outbox_status_due", "status", "due_at"),
        Index("ix_outbox_supersede", "team_id", "supersede_key"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    dedupe_key: str = Field(max_length=200)
    method: str = Field(max_length=64)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # JSON arguments of the call
    purpose: str | None = Field(default=None, max_length=64)  # what to do with Slack's answer
    subject_id: int | None = None
    # Rows that update the same Slack message (its card) share this key: the newest wins, and
    # they are sent one at a time, so an older rendering never lands after a newer one.
    supersede_key: str | None = Field(default=None, max_length=200)
    status: str = Field(default=OutboxStatus.PENDING, max_length=16)
    due_at: datetime = _when()
    attempts: int = 0
    claimed_until: datetime | None = _maybe_when()
    # Names one claim: written to the claiming process's journal before the claim commits, so a
    # successor hands back the claims its predecessor died holding, and no one else's.
    claim_token: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, max_length=500)
    sent_at: datetime | None = _maybe_when()
    created_at: datetime = _when()


class MessageLink(SQLModel, table=True):
    """Where a Slack message is, as Slack links to it (chat.getPermalink): a call's post, a lesson's
    card, the message a call was asked from or a lesson saved from. Slack's link opens the workspace's
    own address, and a reply within its thread; it is never built by hand."""

    __tablename__ = _table("message_links")

    team_id: str = Field(max_length=32, primary_key=True)
    channel_id: str = Field(max_length=32, primary_key=True)
    message_ts: str = Field(max_length=32, primary_key=True)
    permalink: str = Field(max_length=1000)


class Lesson(SQLModel, table=True):
    """A lesson learned (leçon apprise): context, what happened, what to do next time."""

    __tablename__ = _table("lessons")
    __table_args__ = (Index("ix_lessons_team_community_created", "team_id", "community_id", "created_at"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    author_id: str = Field(max_length=32)
    title: str = Field(max_length=200)
    context: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    what_happened: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    recommendation: str = Field(sa_column=Column(Text, nullable=False))
    topics: str = Field(default="", max_length=500)  # space-separated topic keys
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    # Where it came from, when saved from a Slack message or a call for help, and whom to credit.
    source_channel_id: str | None = Field(default=None, max_length=32)
    source_ts: str | None = Field(default=None, max_length=32)
    credited_user_id: str | None = Field(default=None, max_length=32)
    # "given"; "pending" while the person whose message it was saved from has not agreed (a draft
    # only its saver sees: not posted, not searchable, not counted).
    consent: str = Field(default="given", max_length=8, sa_column_kwargs={"server_default": "given"})
    created_at: datetime = _when()
    updated_at: datetime = _when()
    # Stewardship: who keeps it true (its author, then the content expert who last reviewed it), its
    # standing ("current", "validated" or "obsolete") and its last review; it is due again the
    # community's review_months after that review (or after it was written).
    owner_id: str | None = Field(default=None, max_length=32)
    standing: str = Field(default="current", max_length=16, sa_column_kwargs={"server_default": "current"})
    reviewed_by: str | None = Field(default=None, max_length=32)
    reviewed_at: datetime | None = _maybe_when()
    # A library item is a lesson or a resource (a link or a Slack file's permalink, never its content): a
    # resource's ``recommendation`` is the line on why it helps, and it has a type ("tool", "template",
    # "guideline", "article", "evidence", "training"), optionally a level of evidence and its source's date.
    kind: str = Field(default="lesson", max_length=16, sa_column_kwargs={"server_default": "lesson"})
    link: str | None = Field(default=None, max_length=2000)
    resource_type: str | None = Field(default=None, max_length=16)
    evidence_level: str | None = Field(default=None, max_length=200)
    source_date: date | None = None
    # A watch item (veille): a resource a content expert posted as news (``/cop watch``), and when.
    watch_at: datetime | None = _maybe_when()
    # Proposed as a shared practice: "" (never), "promising" (voted on until ``vote_until``, then its outcome
    # recorded by a facilitator), "shared" (adopted, and validated by a content expert), "revised" or
    # "not_adopted"; with who did what, when (its history, on the card).
    practice: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})
    proposed_by: str | None = Field(default=None, max_length=32)
    proposed_at: datetime | None = _maybe_when()
    vote_until: date | None = None
    outcome: str | None = Field(default=None, max_length=16)  # "adopted", "revised", "not_adopted"
    outcome_by: str | None = Field(default=None, max_length=32)
    outcome_at: datetime | None = _maybe_when()
    practice_validated_by: str | None = Field(default=None, max_length=32)
    practice_validated_at: datetime | None = _maybe_when()


class PracticeVote(SQLModel, table=True):
    """A member's vote on a lesson or resource proposed as a shared practice: counted, never shown by name."""

    __tablename__ = _table("practice_votes")
    __table_args__ = (UniqueConstraint("team_id", "lesson_id", "user_id", name="uq_practice_vote"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    lesson_id: int = Field(foreign_key="lessons.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    vote: str = Field(max_length=8)  # "adopt", "revise", "abstain"
    voted_at: datetime = _when()


class PracticeReliance(SQLModel, table=True):
    """A member relied on a shared practice: they opened it from search or "before you ask", or exported the
    library that holds it. When it is revised or made obsolete they are told, once, in one message a day
    (``news``: what changed and when; ``told_at``: when they were last told)."""

    __tablename__ = _table("practice_reliance")
    __table_args__ = (UniqueConstraint("team_id", "lesson_id", "user_id", name="uq_practice_reliance"),
                      Index("ix_practice_reliance_person", "team_id", "community_id", "user_id"))

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    lesson_id: int = Field(foreign_key="lessons.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    how: str = Field(max_length=16)  # "opened" or "exported": the last way they relied on it
    relied_at: datetime = _when()
    news: str | None = Field(default=None, max_length=16)  # "revised", "updated", "obsolete"
    news_at: datetime | None = _maybe_when()
    told_at: datetime | None = _maybe_when()


class TopicFollow(SQLModel, table=True):
    """A member follows a topic of a community: its watch items and newly validated resources reach them in
    one monthly direct message, only when there is something."""

    __tablename__ = _table("topic_follows")
    __table_args__ = (UniqueConstraint("team_id", "community_id", "user_id", "topic", name="uq_topic_follow"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    topic: str = Field(max_length=80)
    created_at: datetime = _when()


class SearchDocument(SQLModel, table=True):
    """What search finds: lessons and resolved calls for help, with their index terms.

    ``terms`` comes from storage/search_text.py; SQLite indexes it in the FTS5 table
    ``search_fts`` (rowid = id); PostgreSQL keeps ``to_tsvector('simple', terms)`` in a
    generated column ``search_vector`` (made by the migration) with a GIN index.
    """

    __tablename__ = _table("search_documents")
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "ref_id", name="uq_search_document"),
        Index("ix_search_documents_team_community_id", "team_id", "community_id", "id"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)  # "lesson" or "help"
    ref_id: int
    title: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    topics: str = Field(default="", max_length=500)  # " a b " with spaces around, for LIKE filters
    terms: str = Field(sa_column=Column(Text, nullable=False))
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = _when()
    # A lesson's standing ("validated", "obsolete"; "" otherwise): validated ones rank higher, obsolete last.
    standing: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})
    # A resource's type ("guideline"…; "" for lessons and questions): what ``type:`` filters on.
    resource_type: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})


class SearchTerm(SQLModel, table=True):
    """How many of a community's documents hold each index term: how rare a word is, for ranking
    the same way on both engines (storage/search.py). Kept with the documents, in their transaction."""

    __tablename__ = _table("search_terms")

    team_id: str = Field(max_length=32, primary_key=True)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE", primary_key=True)
    term: str = Field(max_length=100, primary_key=True)
    documents: int


class SearchWord(SQLModel, table=True):
    """The words a community's documents are written with (normalised, accents kept), and the same
    without accents: what a misspelt search word is corrected to (storage/search_vocabulary.py)."""

    __tablename__ = _table("search_words")
    __table_args__ = (Index("ix_search_words_length", "team_id", "community_id", "length"),)

    team_id: str = Field(max_length=32, primary_key=True)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE", primary_key=True)
    word: str = Field(max_length=100, primary_key=True)
    folded: str = Field(max_length=100)
    length: int
    documents: int


class SearchStats(SQLModel, table=True):
    """A community's document count and total index terms (the average document length, for ranking)."""

    __tablename__ = _table("search_stats")

    team_id: str = Field(max_length=32, primary_key=True)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE", primary_key=True)
    documents: int
    terms: int


class GlossaryEntry(SQLModel, table=True):
    """Terms a community holds for one another in search (``/cop glossary add a = b``): French and
    English, Québec and France, short forms. ``terms`` is the entry as written, ``=``-separated."""

    __tablename__ = _table("glossary_entries")
    __table_args__ = (Index("ix_glossary_entries_team_community", "team_id", "community_id"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    terms: str = Field(max_length=500)
    created_by: str = Field(max_length=32)
    created_at: datetime = _when()


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Meeting(SQLModel, table=True):
    """A meeting of the community (rencontre): one row per occurrence of a series."""

    __tablename__ = _table("meetings")
    __table_args__ = (Index("ix_meetings_team_community_starts", "team_id", "community_id", "starts_at"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    duration_minutes: int = 60
    topic: str = Field(max_length=200)
    speaker_id: str | None = Field(default=None, max_length=32)
    video_url: str | None = Field(default=None, max_length=500)
    place: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})  # room, address
    phone_number: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    phone_code: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    agenda: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    repeat: str = Field(default="none", max_length=16)  # "none", "monthly" or "weeks"
    repeat_every: int = 1  # weeks between occurrences when repeat is "weeks"
    series_id: int | None = None  # the first occurrence's id
    status: str = Field(default=MeetingStatus.SCHEDULED, max_length=16)
    version: int = 1  # bumped when moved, so the nudges of the old time are told apart
    created_by: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)  # the announcement card
    created_at: datetime = _when()


class Rsvp(SQLModel, table=True):
    __tablename__ = _table("rsvps")
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_rsvp"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    meeting_id: int = Field(foreign_key="meetings.id", index=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    answer: str = Field(max_length=8)  # "yes", "maybe" or "no"
    updated_at: datetime = _when()


class Attendance(SQLModel, table=True):
    """Someone was at a meeting: they said so (*I was there*), or the minutes' writer listed them."""

    __tablename__ = _table("meeting_attendance")
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_meeting_attendance"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    meeting_id: int = Field(foreign_key="meetings.id", index=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    source: str = Field(default="self", max_length=16)  # "self" (I was there) or "minutes"
    created_at: datetime = _when()


class Minutes(SQLModel, table=True):
    """A meeting's minutes (compte rendu): written after it by its reporter or an animator, posted in
    the channel; editing them updates the post."""

    __tablename__ = _table("meeting_minutes")
    __table_args__ = (UniqueConstraint("meeting_id", name="uq_meeting_minutes"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    author_id: str = Field(max_length=32)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    decisions: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    lessons: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    lesson_id: int | None = None  # the lesson its lessons became in the library
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = _when()
    updated_at: datetime = _when()


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class MeetingAction(SQLModel, table=True):
    """An action decided at a meeting: what, who, by when; owed to its owner until done."""

    __tablename__ = _table("meeting_actions")
    __table_args__ = (Index("ix_meeting_actions_team_owner", "team_id", "owner_id", "status"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    minutes_id: int = Field(foreign_key="meeting_minutes.id", index=True, ondelete="CASCADE")
    slot: int = 1  # its row in the minutes' form
    what: str = Field(max_length=300)
    owner_id: str = Field(max_length=32)
    due_on: date
    status: str = Field(default=ActionStatus.OPEN, max_length=8)
    done_at: datetime | None = _maybe_when()
    created_at: datetime = _when()


class SuggestionStatus(StrEnum):
    OPEN = "open"
    PLANNED = "planned"  # turned into a meeting
    SET_ASIDE = "set_aside"


class TopicSuggestion(SQLModel, table=True):
    """A topic a member suggests for a meeting (the year's programme): members say they are interested;
    founders and animators plan it or set it aside."""

    __tablename__ = _table("topic_suggestions")
    __table_args__ = (Index("ix_topic_suggestions_team_community", "team_id", "community_id", "status"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    author_id: str = Field(max_length=32)
    topic: str = Field(max_length=200)
    why: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    presenter: str = Field(default="", max_length=200)  # who could present, as the member wrote it
    status: str = Field(default=SuggestionStatus.OPEN, max_length=16)
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id", ondelete="SET NULL")
    changed_by: str | None = Field(default=None, max_length=32)  # who planned it or set it aside
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)  # its card in the channel
    created_at: datetime = _when()


class TopicInterest(SQLModel, table=True):
    """Someone said "I'm interested" in a suggested topic (once)."""

    __tablename__ = _table("topic_interest")
    __table_args__ = (UniqueConstraint("suggestion_id", "user_id", name="uq_topic_interest"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    suggestion_id: int = Field(foreign_key="topic_suggestions.id", index=True, ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    created_at: datetime = _when()


class MeetingGuest(SQLModel, table=True):
    """A guest of a meeting who is not on Slack (an outside expert): named on the card; the email, if
    any, is only for the animators' reminder to confirm them, and is cleared when the meeting ends."""

    __tablename__ = _table("meeting_guests")

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    meeting_id: int = Field(foreign_key="meetings.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    organisation: str = Field(default="", max_length=150)
    email: str | None = Field(default=None, max_length=254)
    created_by: str = Field(max_length=32)
    created_at: datetime = _when()


class DueStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"  # its job kept failing; kept for the animators to see


class DueItem(SQLModel, table=True):
    """Something the bot must do at a given time: nudge a meeting, follow up a call, send the
    digest. The database is the source of truth; the scheduler only wakes up and claims what
    is due (one row per occurrence: ``dedupe_key`` is unique)."""

    __tablename__ = _table("due_items")
    __table_args__ = (
        UniqueConstraint("team_id", "dedupe_key", name="uq_due_item"),
        Index("ix_due_items_status_due", "status", "due_at"),
        Index("ix_due_items_subject", "kind", "subject_id"),
    )

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)
    subject_id: int | None = None
    dedupe_key: str = Field(max_length=200)
    due_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default=DueStatus.PENDING, max_length=16)
    claimed_until: datetime | None = _maybe_when()
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    done_at: datetime | None = _maybe_when()
    created_at: datetime = _when()


class Reflection(SQLModel, table=True):
    """A member's answers to the community's quarterly reflection questions."""

    __tablename__ = _table("reflections")
    __table_args__ = (UniqueConstraint("community_id", "user_id", "quarter", name="uq_reflection"),
                      Index("ix_reflections_team_community", "team_id", "community_id"))

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)
    quarter: str = Field(max_length=8)  # "2027-Q1"
    got: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    brought: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    change: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    answered_at: datetime = _when()


class Receipt(SQLModel, table=True):
    """A request from Slack whose effects are stored: written in the same transaction as them, so
    that a request run again (a replay after a crash, a retry from Slack) changes nothing twice."""

    __tablename__ = _table("receipts")
    __table_args__ = (Index("ix_receipts_created", "created_at"),)

    key: str = Field(primary_key=True, max_length=120)  # Slack's event_id or trigger_id
    team_id: str = Field(max_length=32)
    created_at: datetime = _when()


class Workspace(SQLModel, table=True):
    """A Slack workspace cop-bot serves: which organisation it belongs to (Enterprise Grid), whether
    its installation is the organisation's, and since when it has left (uninstalled the app or
    revoked its token: nothing more is sent, and its rows are deleted when the retention ends)."""

    __tablename__ = _table("workspaces")

    team_id: str = Field(primary_key=True, max_length=32)
    enterprise_id: str | None = Field(default=None, max_length=32)
    org_install: bool = False  # its token is the organisation's (an org-wide install)
    first_seen_at: datetime = _when()
    departed_at: datetime | None = _maybe_when()


class MonthlyFigures(SQLModel, table=True):
    """A month's figures, kept when the calls, answers, reflections and meeting answers behind them
    are deleted at the end of the community's retention: the value reports still add up."""

    __tablename__ = _table("monthly_figures")
    __table_args__ = (UniqueConstraint("community_id", "month", name="uq_monthly_figures"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    month: str = Field(max_length=7)  # YYYY-MM, in the community's time zone
    figures: str = Field(sa_column=Column(Text, nullable=False))  # JSON: bot.services.stats.Figures' counts
    kept_at: datetime = _when()


class LastSaid(SQLModel, table=True):
    """What a recurring message last told its reader — the weekly digest to each facilitator, the
    monthly value report to a community (``user_id`` empty) — so that the next one says only what
    changed, or nothing at all. Ids and counts, never what people wrote."""

    __tablename__ = _table("last_said")
    __table_args__ = (UniqueConstraint("community_id", "kind", "user_id", name="uq_last_said"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)  # "digest.weekly", "report.monthly"
    user_id: str = Field(default="", max_length=32)  # the reader; empty when said to the whole community
    said: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    said_at: datetime = _when()


class AuditEvent(SQLModel, table=True):
    """What was done, by whom: the audit trail founders and IT resources read (``/cop audit``).
    Ids and codes only, never what people wrote."""

    __tablename__ = _table("audit_events")
    __table_args__ = (Index("ix_audit_events_team_community_at", "team_id", "community_id", "at"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int | None = Field(default=None, foreign_key="communities.id", ondelete="CASCADE")
    user_id: str = Field(max_length=32)  # who did it ("cop-bot" for the bot's own scheduled work)
    action: str = Field(max_length=40)  # "role.added", "settings.retention", "privacy.forget"…
    detail: str = Field(default="", max_length=200)  # ids and values, never message text
    at: datetime = _when()


class SearchGap(SQLModel, table=True):
    """A search, or a question checked before it was asked, that found nothing good in the library:
    its words, its community, when. Never who searched (docs/privacy.md). ``key`` groups the same
    search however it was written (its words' stems, sorted)."""

    __tablename__ = _table("search_gaps")
    __table_args__ = (Index("ix_search_gaps_team_community_at", "team_id", "community_id", "at"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    community_id: int = Field(foreign_key="communities.id", ondelete="CASCADE")
    key: str = Field(max_length=300)
    words: str = Field(max_length=300)
    source: str = Field(max_length=8)  # "search" or "ask" (the check before a call for help)
    at: datetime = _when()


class DeadLetter(SQLModel, table=True):
    """A request Slack was told was received whose work kept failing (or stopped the process while
    it ran): set aside with what Slack sent, so that it no longer holds up anything, for an admin to
    replay or drop (``cop-bot dead-letters``). The error is its class only, never its message.
    Deleted after ``DEAD_LETTER_DAYS``, with the person it came from when they are forgotten, and
    with its workspace."""

    __tablename__ = _table("dead_letters")
    __table_args__ = (UniqueConstraint("receipt", name="uq_dead_letter_receipt"),
                      Index("ix_dead_letters_team_failed", "team_id", "failed_at"))

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    receipt: str = Field(max_length=160)
    listener: str = Field(max_length=120)  # module.function, as the journal names it
    user_id: str | None = Field(default=None, max_length=32)  # who the request came from, when known
    body: str = Field(sa_column=Column(Text, nullable=False))  # the payload as Slack sent it (JSON)
    bot_user_id: str | None = Field(default=None, max_length=32)
    received_at: datetime = Field(sa_type=UTCDateTime)
    failed_at: datetime = _when()
    error: str = Field(max_length=120)  # the exception's class ("process stopped" when it died running it)
    runs: int = 0


# On SQLite an id once used is never given again (storage/sqlite_ids.py; migration 0060).
declare_never_reused(SQLModel.metadata)
