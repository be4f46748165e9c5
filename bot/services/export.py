"""The library as documents: lessons and resolved questions in Markdown and CSV."""

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.i18n import translator
from bot.services.results import Outcome
from bot.text import Names, mentioned, readable
from storage import communities as community_store
from storage import help_requests as help_store
from storage import lessons as lesson_store
from storage.models import Role

EXPORT_ROLES = {Role.FOUNDER.value, Role.ANIMATOR.value, Role.REPORTER.value}


@dataclass
class Export:
    outcome: Outcome
    language: str = "en"
    files: list[dict] = field(default_factory=list)
    counts: tuple[int, int] = (0, 0)
    community_id: int | None = None


def export_library(session: Session, *, team_id: str, channel_id: str, user_id: str) -> Export:
    """For reporters, animators and founders: the community's lessons and resolved questions."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Export(Outcome.NOT_A_COMMUNITY)
    roles = community_store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id)
    if not roles & EXPORT_ROLES:
        return Export(Outcome.NOT_ALLOWED, community.language)
    t = translator(community.language)
    lessons = lesson_store.lessons_of(session=session, team_id=team_id, community_id=community.id)
    resolved = help_store.resolved_of(session=session, team_id=team_id, community_id=community.id)
    texts = [x for lesson in lessons for x in (lesson.title, lesson.context, lesson.what_happened,
                                                lesson.recommendation)] + [r.question for r in resolved]
    names = Names(community_store.names_of(session=session, team_id=team_id,
                                           user_ids=list({u for x in texts for u in mentioned(x)[0]})))

    def read(text: str) -> str:  # as members read it: people by name, links written out
        return readable(text, names)

    lessons_heading, resolved_heading = t.gettext("Lessons learned"), t.gettext("Resolved questions")
    md = [f"# {community.name}", "", f"## {lessons_heading}", ""]
    for lesson in lessons:
        md += [f"### {read(lesson.title)}", "",
               f"*{t.datetime(lesson.created_at, community.timezone)}* — <@{lesson.author_id}>"
               + (f" — {' '.join('#' + x for x in lesson.topics.split())}" if lesson.topics else ""), ""]
        for label, value in ((t.gettext("Context"), lesson.context), (t.gettext("What happened"),
                             lesson.what_happened), (t.gettext("Lesson / recommendation"), lesson.recommendation)):
            if value:
                md += [f"**{label}**", "", read(value), ""]
    md += [f"## {resolved_heading}", ""]
    for request in resolved:
        topics = help_store.topics_of(session=session, team_id=team_id, help_request_id=request.id)
        md += [f"- {read(request.question)} — <@{request.asker_id}>, "
               f"{t.datetime(request.resolved_at, community.timezone)}"
               + (f" — {' '.join('#' + x for x in topics)}" if topics else "")]

    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["kind", "id", "title_or_question", "text", "topics", "author_or_asker", "created_at",
                     "resolved_at", "time_saved_minutes"])
    for lesson in lessons:
        writer.writerow(["lesson", lesson.id, read(lesson.title),
                         "\n\n".join(read(x) for x in (lesson.context, lesson.what_happened, lesson.recommendation)
                                     if x),
                         lesson.topics, lesson.author_id, lesson.created_at.isoformat(), "", ""])
    for request in resolved:
        topics = help_store.topics_of(session=session, team_id=team_id, help_request_id=request.id)
        writer.writerow(["question", request.id, read(request.question), "", " ".join(topics), request.asker_id,
                         request.created_at.isoformat(), request.resolved_at.isoformat(),
                         request.time_saved_minutes if request.time_saved_minutes is not None else ""])
    slug = "".join(c if c.isalnum() else "-" for c in community.name.lower()).strip("-") or "community"
    files = [{"filename": f"{slug}-library.md", "title": t.gettext("Library (Markdown)"), "content": "\n".join(md)},
             {"filename": f"{slug}-library.csv", "title": t.gettext("Library (CSV)"), "content": rows.getvalue()}]
    return Export(Outcome.DONE, community.language, files, (len(lessons), len(resolved)), community.id)

