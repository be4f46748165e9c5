"""A member's participation record (``/cop participation [year]``): what they did in the workspace's
communities over a year — meetings attended (date, topic, duration, total hours), calls for help
answered and resolved with their help, lessons written, reviews done as content expert, minutes
written, roles held — in their language, as a message, a PDF and a CSV for a manager or a
professional order. Only the person gets their own: nothing here takes anyone else's id. Nothing is
stored: the record is read from the rows a privacy export gives and a forget pseudonymises.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from bot import blocks
from bot.documents import csv_table, file_name
from bot.documents_pdf import pdf_document
from bot.i18n import N_, Translator, translator
from bot.services.timing import local_time
from storage import participation as store
from storage.types import utcnow

CSV_HEADER = (N_("Section"), N_("Date"), N_("What"), N_("Community"), N_("Hours"))


@dataclass
class Record:
    year: int
    timezone: str
    meetings: list[tuple[datetime, str, int, str]] = field(default_factory=list)
    answered: int = 0
    resolved: int = 0
    lessons: list[tuple[datetime, str, str]] = field(default_factory=list)
    reviews: int = 0
    minutes: list[tuple[datetime, str, str]] = field(default_factory=list)
    roles: list[tuple[str, str, datetime]] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return sum(minutes for _, _, minutes, _ in self.meetings) / 60

    @property
    def empty(self) -> bool:
        return not (self.meetings or self.answered or self.resolved or self.lessons or self.reviews or self.minutes
                    or self.roles)


def year_bounds(year: int, timezone: str) -> tuple[datetime, datetime]:
    return (local_time(date(year, 1, 1), datetime.min.time(), timezone),
            local_time(date(year + 1, 1, 1), datetime.min.time(), timezone))


def record(session: Session, *, team_id: str, user_id: str, year: int, timezone: str) -> Record:
    """The person's own record for ``year`` (in their time zone)."""
    start, end = year_bounds(year, timezone)
    key = {"session": session, "team_id": team_id, "user_id": user_id}
    return Record(year=year, timezone=timezone,
                  meetings=store.meetings_attended(start=start, end=end, **key),
                  answered=store.calls_answered(start=start, end=end, **key),
                  resolved=store.calls_resolved_with_them(start=start, end=end, **key),
                  lessons=store.lessons_written(start=start, end=end, **key),
                  reviews=store.reviews_done(start=start, end=end, **key),
                  minutes=store.minutes_written(start=start, end=end, **key),
                  roles=store.roles_held(before=end, **key))


def _hours(t: Translator, hours: float) -> str:
    return t.gettext("{hours} h", hours=t.number(round(hours, 2)))


def text_of(t: Translator, found: Record, *, name: str) -> blocks.RecordText:
    """The record as words, section by section (plain text: the message escapes it, the PDF shows it)."""
    tz = found.timezone
    lines = [t.gettext("{name} — from January 1 to December 31, {year}", name=name, year=found.year),
             t.gettext("Issued on {day} by cop-bot, from what the communities recorded.", day=t.date(utcnow(), tz))]
    meetings = [t.gettext("{day} — {topic} ({community}), {duration}", day=t.date(when, tz), topic=topic,
                          community=community, duration=_hours(t, minutes / 60))
                for when, topic, minutes, community in found.meetings]
    if meetings:
        meetings.append(t.ngettext("Total: {n} meeting, {hours}", "Total: {n} meetings, {hours}", len(meetings),
                                   hours=_hours(t, found.hours)))
    help_given = [line for count, line in (
        (found.answered, t.ngettext("{n} call for help answered", "{n} calls for help answered", found.answered)),
        (found.resolved, t.ngettext("{n} call resolved with your help", "{n} calls resolved with your help",
                                    found.resolved))) if count]
    sections = [
        (t.gettext("Meetings attended"), meetings),
        (t.gettext("Help given"), help_given),
        (t.gettext("Lessons written"), [t.gettext("{day} — {title} ({community})", day=t.date(when, tz), title=title,
                                                  community=community) for when, title, community in found.lessons]),
        (t.gettext("Reviews done as content expert"),
         [t.ngettext("{n} lesson reviewed", "{n} lessons reviewed", found.reviews)] if found.reviews else []),
        (t.gettext("Minutes written"), [t.gettext("{day} — {title} ({community})", day=t.date(when, tz), title=topic,
                                                  community=community) for when, topic, community in found.minutes]),
        (t.gettext("Roles held"), [t.gettext("{role} in {community}, since {day}", role=blocks.role_label(t, role),
                                             community=community, day=t.date(since, tz))
                                   for community, role, since in found.roles]),
    ]
    title = t.gettext("Participation record {year}", year=found.year)
    return blocks.RecordText(title=title, lines=lines, sections=sections,
                             nothing=t.gettext("Nothing recorded for you in {year}.", year=found.year)
                             if found.empty else "")


def _csv(t: Translator, found: Record) -> str:
    rows = [[t.gettext("Meetings attended"), when, topic, community, round(minutes / 60, 2)]
            for when, topic, minutes, community in found.meetings]
    rows += [[t.gettext("Help given"), None, t.gettext("Calls for help answered"), None, found.answered],
             [t.gettext("Help given"), None, t.gettext("Calls resolved with your help"), None, found.resolved]]
    rows += [[t.gettext("Lessons written"), when, title, community, None] for when, title, community in found.lessons]
    rows += [[t.gettext("Reviews done as content expert"), None, t.gettext("Lessons reviewed"), None, found.reviews]]
    rows += [[t.gettext("Minutes written"), when, topic, community, None] for when, topic, community in found.minutes]
    rows += [[t.gettext("Roles held"), since, blocks.role_label(t, role), community, None]
             for community, role, since in found.roles]
    rows.append([t.gettext("Total"), None, t.gettext("Hours in meetings"), None, round(found.hours, 2)])
    return csv_table(t, [t.gettext(h) for h in CSV_HEADER], rows, timezone=found.timezone)


def csv_file(found: Record, *, language: str, name: str = "") -> dict:
    """The record as a CSV file (the privacy export carries this year's)."""
    t = translator(language)
    return {"filename": file_name(t.gettext("participation"), str(found.year), name, extension="csv"),
            "title": t.gettext("Participation record {year}", year=found.year) + " (CSV)", "content": _csv(t, found)}


def documents(found: Record, *, language: str, name: str) -> tuple[dict, list[dict]]:
    """The message and the two files (PDF, CSV), in the person's language."""
    t = translator(language)
    words = text_of(t, found, name=name)
    parts = (t.gettext("participation"), str(found.year), name)
    files = [{"filename": file_name(*parts, extension="pdf"), "title": words.title + " (PDF)",
              "content": pdf_document(title=words.title, lines=words.lines + [words.nothing] * found.empty,
                                      sections=words.sections, language=language)},
             csv_file(found, language=language, name=name)]
    return blocks.participation_message(t, words), files
