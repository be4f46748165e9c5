"""Meetings (rencontres): the card with RSVP, the nudges, the harvest, the form; and the quarterly reflection."""

from dataclasses import dataclass

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import Names, fit_mrkdwn, mrkdwn, plain

MEETING_MODAL = "cop_meeting_modal"
ACTION_RSVP = "cop_meeting_rsvp"
ACTION_MEETING_ICS = "cop_meeting_ics"
ACTION_MEETING_MOVE = "cop_meeting_move"
ACTION_MEETING_CANCEL = "cop_meeting_cancel"
ACTION_HARVEST_LESSON = "cop_harvest_lesson"
ACTION_REFLECT = "cop_reflect"
REFLECTION_MODAL = "cop_reflection_modal"


@dataclass(frozen=True)
class MeetingView:
    id: int
    topic: str
    starts_at: object  # datetime, UTC
    duration_minutes: int
    speaker_id: str | None
    video_url: str | None
    agenda: str
    repeat: str
    repeat_every: int
    cancelled: bool
    timezone: str


def _when(t: Translator, meeting: MeetingView) -> str:
    return t.gettext("{when} ({minutes} min)", when=t.datetime(meeting.starts_at, meeting.timezone),
                     minutes=t.number(meeting.duration_minutes))


def _repeat_label(t: Translator, meeting: MeetingView) -> str:
    if meeting.repeat == "monthly":
        return t.gettext("every month")
    if meeting.repeat == "weeks":
        return t.ngettext("every week", "every {n} weeks", meeting.repeat_every)
    return ""


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) and not any(c in url for c in "<>| ") else None


def meeting_card(t: Translator, meeting: MeetingView, counts) -> dict:
    """The announcement in the channel: what, when, who, the link, the agenda, RSVP with counts."""
    heading = (t.gettext(":x: *Cancelled:* {topic}", topic=mrkdwn(meeting.topic)) if meeting.cancelled
               else t.gettext(":calendar: *Meeting:* {topic}", topic=mrkdwn(meeting.topic)))
    lines = [heading, t.gettext("*When:* {when}", when=_when(t, meeting))]
    if meeting.repeat != "none":
        lines[-1] += " · " + _repeat_label(t, meeting)
    if meeting.speaker_id:
        lines.append(t.gettext("*Guest:* <@{speaker}>", speaker=meeting.speaker_id))
    url = _safe_url(meeting.video_url)
    if url:
        lines.append(t.gettext("*Link:* <{url}|join>", url=url))
    out = [kit.section("\n".join(lines))]
    if meeting.agenda.strip():
        heading = t.gettext("*Agenda*")
        out.append(kit.section(heading + "\n" + fit_mrkdwn(meeting.agenda, kit.SECTION_TEXT_MAX - len(heading) - 1)))
    out.append(kit.context(t.gettext(":white_check_mark: {yes} coming · :thinking_face: {maybe} maybe · "
                                     ":no_entry_sign: {no} not coming", yes=t.number(counts.get("yes", 0)),
                                     maybe=t.number(counts.get("maybe", 0)), no=t.number(counts.get("no", 0)))))
    if not meeting.cancelled:
        value = str(meeting.id)
        cancel = kit.button(t.gettext("Cancel"), ACTION_MEETING_CANCEL, value, style="danger")
        cancel["confirm"] = {"title": {"type": "plain_text", "text": plain(t.gettext("Cancel this meeting?"), 100)},
                             "text": {"type": "plain_text", "text": t.gettext("The channel will be told.")},
                             "confirm": {"type": "plain_text", "text": t.gettext("Cancel the meeting")},
                             "deny": {"type": "plain_text", "text": t.gettext("Keep it")}, "style": "danger"}
        out.append({"type": "actions", "elements": [
            # One action_id per answer: Slack refuses two elements with the same action_id in a block.
            kit.button(t.gettext("I'll come"), f"{ACTION_RSVP}_yes", f"{value}:yes", style="primary"),
            kit.button(t.gettext("Maybe"), f"{ACTION_RSVP}_maybe", f"{value}:maybe"),
            kit.button(t.gettext("Can't come"), f"{ACTION_RSVP}_no", f"{value}:no"),
            kit.button(t.gettext("Add to my calendar"), ACTION_MEETING_ICS, value),
        ]})
        out.append({"type": "actions", "elements": [kit.button(t.gettext("Move"), ACTION_MEETING_MOVE, value), cancel]})
    text = heading + " — " + t.datetime(meeting.starts_at, meeting.timezone)
    return {"text": kit.fallback(text), "blocks": out, "unfurl_links": False, "unfurl_media": False}


def meeting_nudge(t: Translator, meeting: MeetingView, *, minutes_before: int) -> dict:
    url = _safe_url(meeting.video_url)
    when = t.datetime(meeting.starts_at, meeting.timezone)
    if minutes_before <= 0:
        text = t.gettext(":bell: The meeting “{topic}” starts now.", topic=mrkdwn(meeting.topic))
        if url:
            text += " " + t.gettext("Join: {url}", url=url)
    elif minutes_before >= 1440:
        text = t.ngettext(":bell: Reminder: the meeting “{topic}” is in {n} day, on {when}.",
                          ":bell: Reminder: the meeting “{topic}” is in {n} days, on {when}.",
                          round(minutes_before / 1440), topic=mrkdwn(meeting.topic), when=when)
    elif minutes_before >= 60:
        text = t.ngettext(":bell: Reminder: the meeting “{topic}” starts in {n} hour, at {when}.",
                          ":bell: Reminder: the meeting “{topic}” starts in {n} hours, at {when}.",
                          round(minutes_before / 60), topic=mrkdwn(meeting.topic), when=when)
    else:
        text = t.ngettext(":bell: Reminder: the meeting “{topic}” starts in {n} minute, at {when}.",
                          ":bell: Reminder: the meeting “{topic}” starts in {n} minutes, at {when}.",
                          minutes_before, topic=mrkdwn(meeting.topic), when=when)
    return {"text": kit.fallback(text), "blocks": [kit.section(text)], "unfurl_links": False}


def speaker_reminder(t: Translator, meeting: MeetingView, *, channel_id: str) -> dict:
    text = t.gettext("A reminder: you are the guest of the meeting “{topic}” of <#{channel}> on {when}. Thank you!",
                     topic=mrkdwn(meeting.topic), channel=channel_id,
                     when=t.datetime(meeting.starts_at, meeting.timezone))
    return {"text": kit.fallback(text), "blocks": [kit.section(text)]}


def harvest_request(t: Translator, meeting: MeetingView, *, channel_id: str, reminder: bool) -> dict:
    if reminder:
        text = t.gettext("A reminder: nothing has been shared yet from the meeting “{topic}” of <#{channel}>. Its "
                         "summary and lessons help those who could not come.", topic=mrkdwn(meeting.topic),
                         channel=channel_id)
    else:
        text = t.gettext("The meeting “{topic}” of <#{channel}> is over. Could you share its summary and the "
                         "lessons learned?", topic=mrkdwn(meeting.topic), channel=channel_id)
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": [
        kit.button(t.gettext("Share the lessons"), ACTION_HARVEST_LESSON, str(meeting.id), style="primary")]}]}


def meetings_list(t: Translator, community_name: str, meetings: list[MeetingView]) -> dict:
    if not meetings:
        return kit.ephemeral(t.gettext("No meeting planned for {name}. Founders and facilitators plan one with "
                                   "`/cop meeting`.", name=mrkdwn(community_name)))
    lines = [t.gettext("*Upcoming meetings of {name}*", name=mrkdwn(community_name))]
    for meeting in meetings:
        line = f"• *{mrkdwn(meeting.topic)}* — {_when(t, meeting)}"
        if meeting.repeat != "none":
            line += " · " + _repeat_label(t, meeting)
        lines.append(line)
    return kit.chunked_ephemeral(lines)


def meeting_modal(t: Translator, *, metadata: str, meeting: MeetingView | None = None, local_day: str = "",
                  local_time: str = "", topic: str = "", agenda: str = "", names: Names | None = None) -> dict:
    """Plan (or move) a meeting: Slack's date and time pickers, duration, topic, guest, link, agenda, repeat.
    A new meeting may come with its ``topic`` and ``agenda`` proposed (a gap, the quarter's reflections)."""
    durations = [30, 45, 60, 90, 120, 180]
    duration_options = [{"text": {"type": "plain_text", "text": t.gettext("{minutes} min", minutes=m)},
                         "value": str(m)} for m in durations]
    repeat_options = [
        {"text": {"type": "plain_text", "text": t.gettext("Does not repeat")}, "value": "none:1"},
        {"text": {"type": "plain_text", "text": t.gettext("Every month")}, "value": "monthly:1"},
        *({"text": {"type": "plain_text", "text": t.ngettext("Every week", "Every {n} weeks", n)},
           "value": f"weeks:{n}"} for n in (1, 2, 3, 4, 6, 8)),
    ]

    def pick(options, value):
        return next((o for o in options if o["value"] == value), options[0])

    date_element = {"type": "datepicker", "action_id": "value"}
    time_element = {"type": "timepicker", "action_id": "value"}
    if local_day:
        date_element["initial_date"] = local_day
    if local_time:
        time_element["initial_time"] = local_time
    speaker = {"type": "users_select", "action_id": "value"}
    if meeting and meeting.speaker_id:
        speaker["initial_user"] = meeting.speaker_id
    repeat_value = f"{meeting.repeat}:{meeting.repeat_every if meeting.repeat == 'weeks' else 1}" if meeting else ""
    url = {"type": "url_text_input", "action_id": "value"}
    if meeting and meeting.video_url:
        url["initial_value"] = meeting.video_url

    def block(block_id: str, label: str, element: dict, optional: bool = False) -> dict:
        return {"type": "input", "block_id": block_id, "optional": optional, "element": element,
                "label": {"type": "plain_text", "text": plain(label, 2000)}}

    return kit.modal(t, MEETING_MODAL, metadata, title=t.gettext("Meeting"), submit=t.gettext("Save"),
                  blocks=[
            kit.text_input("topic", t.gettext("Topic"), multiline=False, optional=False, max_length=200,
                   initial=meeting.topic if meeting else plain(topic, 200), names=names),
            block("date", t.gettext("Date"), date_element),
            block("time", t.gettext("Time (community time zone)"), time_element),
            block("duration", t.gettext("Duration"), {"type": "static_select", "action_id": "value",
                                                      "options": duration_options, "initial_option": pick(
                                                          duration_options,
                                                          str(meeting.duration_minutes) if meeting else "60")}),
            block("speaker", t.gettext("Invited expert or speaker"), speaker, optional=True),
            block("link", t.gettext("Video link"), url, optional=True),
            kit.text_input("agenda", t.gettext("Agenda"), multiline=True, optional=True, max_length=2500,
                   initial=meeting.agenda if meeting else agenda, names=names),
            block("repeat", t.gettext("Repeats"), {"type": "static_select", "action_id": "value",
                                                   "options": repeat_options,
                                                   "initial_option": pick(repeat_options, repeat_value)}),
        ],
    )


def reflection_request(t: Translator, *, community_name: str, channel_id: str, value: str,
                       questions: list[str]) -> dict:
    text = t.gettext("A new quarter for *{name}* (<#{channel}>): a few questions, two minutes.",
                     name=mrkdwn(community_name), channel=channel_id)
    asked = "\n".join("• " + mrkdwn(plain(q, 150)) for q in questions if q)
    return {"text": kit.fallback(text), "blocks": [kit.section(text + "\n" + asked), {"type": "actions", "elements": [
        kit.button(t.gettext("Answer"), ACTION_REFLECT, value, style="primary")]}]}


def reflection_modal(t: Translator, *, metadata: str, questions: list[str]) -> dict:
    """The community's questions (the first answered, the others if one wishes)."""
    slots = zip(("got", "brought", "change"), questions, strict=True)
    fields = [kit.text_input(slot, question, multiline=True, optional=i > 0, max_length=2000)
              for i, (slot, question) in enumerate(slots) if question]
    return kit.modal(t, REFLECTION_MODAL, metadata, title=t.gettext("Quarterly reflection"), submit=t.gettext("Send"),
                     blocks=fields)


REFLECTION_QUESTIONS_MODAL = "cop_reflection_questions_modal"


def reflection_questions_modal(t: Translator, *, metadata: str, questions: list[str], suggestions: list[str]) -> dict:
    """Founders and facilitators set the quarterly reflection's three questions, prefilled with the current
    ones; the guide's other questions are suggested."""
    labels = (t.gettext("First question"), t.gettext("Second question (optional)"),
              t.gettext("Third question (optional)"))
    said = ", ".join(t.gettext("“{quote}”", quote=q) for q in suggestions)
    return kit.modal(t, REFLECTION_QUESTIONS_MODAL, metadata, title=t.gettext("Reflection questions"),
                     submit=t.gettext("Save"), blocks=[
                         kit.context(t.gettext("Every member is asked these on the first working day of each "
                                               "quarter. Other questions to ask: {suggestions}.",
                                               suggestions=mrkdwn(said))),
                         *[kit.text_input(f"q{i + 1}", label, multiline=False, optional=i > 0, max_length=150,
                                          initial=question)
                           for i, (label, question) in enumerate(zip(labels, questions, strict=True))]])


ACTION_AGENDA_MEETING = "cop_agenda_meeting"


def reflection_agenda(t: Translator, *, community_name: str, community_id: int, agenda,
                      take: str | None = None) -> dict:
    """To the animators, two weeks after the quarterly reflection: the answers grouped by theme, unsigned —
    each quoted once, under one theme, the count shown being the count quoted — and "Create this
    meeting" (the meeting form, with this draft agenda)."""
    title = t.gettext("Your members' reflections, by theme — {name}", name=plain(community_name, 100))
    out = [kit.header(plain(":seedling: " + title, 150)),
           kit.section(t.ngettext("*{n}* member answered the reflection of {quarter}. What they said, grouped by "
                                  "theme, makes a draft agenda for your next meeting.",
                                  "*{n}* members answered the reflection of {quarter}. What they said, grouped by "
                                  "theme, makes a draft agenda for your next meeting.", agenda.answered,
                                  quarter=t.quarter(agenda.quarter)))]
    for question in agenda.by_question:
        head = t.ngettext("*{question}* — {n} answer", "*{question}* — {n} answers", question.reflections,
                          question=mrkdwn(plain(question.label, 150)))
        out.append(kit.section("\n".join([head] + [kit.quote(q, 400) for q in question.quotes])))
    for number, theme in enumerate(agenda.themes, start=1):
        label = mrkdwn(plain(theme.label, 120))
        if len(theme.quotes) == theme.reflections:
            head = t.ngettext("*{number}. {theme}* — {n} reflection", "*{number}. {theme}* — {n} reflections",
                              theme.reflections, number=number, theme=label)
        else:
            head = t.ngettext("*{number}. {theme}* — {shown} quoted of {n} reflection",
                              "*{number}. {theme}* — {shown} quoted of {n} reflections", theme.reflections,
                              number=number, theme=label, shown=len(theme.quotes))
        out.append(kit.section("\n".join([head] + [kit.quote(q, 400) for q in theme.quotes])))
    if agenda.others:
        others = agenda.others
        if len(others.quotes) == others.reflections:
            head = t.ngettext("*Other reflections* — {n} reflection", "*Other reflections* — {n} reflections",
                              others.reflections)
        else:
            head = t.ngettext("*Other reflections* — {shown} quoted of {n} reflection",
                              "*Other reflections* — {shown} quoted of {n} reflections", others.reflections,
                              shown=len(others.quotes))
        out.append(kit.section("\n".join([head] + [kit.quote(q, 400) for q in others.quotes])))
    create = kit.button(t.gettext("Create this meeting"), ACTION_AGENDA_MEETING, f"{community_id}:{agenda.quarter}",
                        style=None if take else "primary")
    out = out[:kit.MESSAGE_BLOCKS_MAX - 1]
    out.append({"type": "actions", "elements": [kit.take_it_button(t, take), create] if take else [create]})
    return {"text": kit.fallback(title), "blocks": out}
