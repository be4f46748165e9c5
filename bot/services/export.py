"""The library as documents: lessons and resolved questions in Markdown and CSV, in the community's
language, with people named as Slack shows them (never a raw ``<@U…>`` id).

Two steps, so that no transaction is open while Slack is asked for names: ``export_library`` reads
what the library holds (and who is named in it); ``documents`` writes the files once the names are known.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.blocks import type_label
from bot.documents import csv_table, file_name, with_names
from bot.i18n import N_, Translator, translator
from bot.services.results import Outcome
from bot.text import USER_MENTION, readable
from storage import communities as community_store
from storage import help_requests as help_store
from storage import lessons as lesson_store
from storage.models import Role
from storage.types import utcnow

EXPORT_ROLES = {Role.FOUNDER.value, Role.ANIMATOR.value, Role.REPORTER.value}
FORMER_MEMBER = N_("a former member")  # someone Slack can no longer name (forgotten, or gone)
LIBRARY_HEADER = (N_("Kind"), N_("Number"), N_("Title or question"), N_("Text"), N_("Topics"),
                  N_("Author or asker"), N_("Shared or asked"), N_("Resolved"), N_("Time saved (minutes)"))


@dataclass(frozen=True)
class LibraryLesson:
    id: int
    title: str
    context: str
    what_happened: str
    recommendation: str
    topics: list[str]
    author_id: str
    created_at: datetime
    resource_type: str | None = None  # a resource's type, and its link (the recommendation says why it helps)
    link: str | None = None
    practice: str = ""  # proposed as a shared practice: its standing (whoever exports it relies on it)


@dataclass(frozen=True)
class LibraryQuestion:
    id: int
    question: str
    topics: list[str]
    asker_id: str
    created_at: datetime
    resolved_at: datetime | None  # set with its resolution (storage.help_requests.resolve); the type allows None
    time_saved_minutes: int | None


@dataclass
class Export:
    outcome: Outcome
    language: str = "en"
    counts: tuple[int, int] = (0, 0)
    community_id: int | None = None
    name: str = ""
    timezone: str = "America/Toronto"
    lessons: list[LibraryLesson] = field(default_factory=list)
    questions: list[LibraryQuestion] = field(default_factory=list)

    def people(self) -> list[str]:
        """Everyone the documents name: authors, askers, and people mentioned in what they wrote."""
        found = [x.author_id for x in self.lessons] + [x.asker_id for x in self.questions]
        for text in [f"{x.title} {x.context} {x.what_happened} {x.recommendation}" for x in self.lessons] + \
                [x.question for x in self.questions]:
            found += USER_MENTION.findall(text)
        return list(dict.fromkeys(found))


def export_library(session: Session, *, team_id: str, channel_id: str, user_id: str) -> Export:
    """For reporters, animators and founders: the community's lessons and resolved questions (read only)."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Export(Outcome.NOT_A_COMMUNITY)
    roles = community_store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id)
    if not roles & EXPORT_ROLES:
        return Export(Outcome.NOT_ALLOWED, community.language)
    lessons = [LibraryLesson(x.id, x.title, x.context, x.what_happened, x.recommendation, x.topics.split(),
                             x.author_id, x.created_at, x.resource_type if x.kind == lesson_store.RESOURCE else None,
                             x.link, x.practice)
               for x in lesson_store.lessons_of(session=session, team_id=team_id, community_id=community.id)]
    questions = [LibraryQuestion(x.id, x.question, help_store.topics_of(session=session, team_id=team_id,
                                                                         help_request_id=x.id),
                                 x.asker_id, x.created_at, x.resolved_at, x.time_saved_minutes)
                 for x in help_store.resolved_of(session=session, team_id=team_id, community_id=community.id)]
    return Export(Outcome.DONE, community.language, (len(lessons), len(questions)), community.id, community.name,
                  community.timezone, lessons, questions)


@dataclass
class _Writing:
    """How the library is written out for members: people by name (a former member when gone), channels
    by name, links written out, dates in the community's time zone."""

    t: Translator
    names: dict[str, str]
    tz: str

    def who(self, user_id: str) -> str:
        return self.names.get(user_id) or self.t.gettext(FORMER_MEMBER)

    def text(self, value: str) -> str:
        return readable(with_names(value, self.names, self.t.gettext(FORMER_MEMBER)))

    @staticmethod
    def tags(topics: list[str]) -> str:
        return " ".join("#" + x for x in topics)

    def tagged(self, topics: list[str]) -> str:
        return f" — {self.tags(topics)}" if topics else ""


def _lesson_markdown(w: _Writing, lesson: LibraryLesson) -> list[str]:
    t = w.t
    md = [f"### {w.text(lesson.title)}", "",
          f"*{t.datetime(lesson.created_at, w.tz)}* — {w.who(lesson.author_id)}" + w.tagged(lesson.topics), ""]
    for label, value in ((t.gettext("Context"), lesson.context), (t.gettext("What happened"),
                         lesson.what_happened), (t.gettext("Lesson / recommendation"), lesson.recommendation)):
        if value:
            md += [f"**{label}**", "", w.text(value), ""]
    return md


def _resource_markdown(w: _Writing, resource: LibraryLesson) -> list[str]:
    return [f"### {w.text(resource.title)}", "",
            f"*{type_label(w.t, resource.resource_type)}* — <{resource.link}> — "
            f"{w.t.datetime(resource.created_at, w.tz)} — {w.who(resource.author_id)}" + w.tagged(resource.topics),
            "", w.text(resource.recommendation), ""]


def _markdown(w: _Writing, export: Export, now: datetime | None) -> str:
    """The library as one Markdown document: lessons, then resources (if any), then resolved questions."""
    t = w.t
    title = t.gettext("Library of {name}", name=export.name)
    lessons_heading, questions_heading = t.gettext("Lessons learned"), t.gettext("Resolved questions")
    md = [f"# {title}", "", "*" + t.gettext("Exported on {day}", day=t.date(now or utcnow(), w.tz)) + "*", "",
          f"## {lessons_heading}", ""]
    learned = [x for x in export.lessons if x.resource_type is None]
    resources = [x for x in export.lessons if x.resource_type is not None]
    if not learned:
        md += [t.gettext("No lesson yet."), ""]
    for lesson in learned:
        md += _lesson_markdown(w, lesson)
    if resources:
        resources_heading = t.gettext("Resources")
        md += [f"## {resources_heading}", ""]
    for resource in resources:
        md += _resource_markdown(w, resource)
    md += [f"## {questions_heading}", ""]
    if not export.questions:
        md += [t.gettext("No resolved question yet."), ""]
    for question in export.questions:
        resolved = f", {t.datetime(question.resolved_at, w.tz)}" if question.resolved_at else ""
        md += [f"- {w.text(question.question)} — {w.who(question.asker_id)}{resolved}" + w.tagged(question.topics)]
    return "\n".join(md) + "\n"


def _csv(w: _Writing, export: Export) -> str:
    """The library as one CSV table, a row per lesson, resource or resolved question."""
    t, text, tags, who = w.t, w.text, w.tags, w.who
    rows = [[type_label(t, x.resource_type) if x.resource_type else t.gettext("Lesson"), x.id, text(x.title),
             "\n\n".join(text(v) for v in (x.context, x.what_happened, x.recommendation, x.link or "") if v),
             tags(x.topics), who(x.author_id), x.created_at, None, None] for x in export.lessons]
    rows += [[t.gettext("Question"), x.id, text(x.question), "", tags(x.topics), who(x.asker_id), x.created_at,
              x.resolved_at, x.time_saved_minutes] for x in export.questions]
    return csv_table(t, [t.gettext(h) for h in LIBRARY_HEADER], rows, timezone=w.tz)


def documents(export: Export, names: dict[str, str], *, now: datetime | None = None) -> list[dict]:
    """The Markdown and the CSV (``{"filename", "title", "content"}``), in the community's language."""
    t = translator(export.language)
    w = _Writing(t, names, export.timezone)
    library = t.gettext("library")
    return [{"filename": file_name(export.name, library, extension="md"), "title": t.gettext("Library (Markdown)"),
             "content": _markdown(w, export, now)},
            {"filename": file_name(export.name, library, extension="csv"), "title": t.gettext("Library (CSV)"),
             "content": _csv(w, export)}]
