"""Meetings (rencontres): the card with RSVP, the nudges, the harvest, the form; and the quarterly reflection."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import Names, fit_mrkdwn, mrkdwn, plain

MEETING_MODAL = "cop_meeting_modal"
ACTION_RSVP = "cop_meeting_rsvp"
ACTION_MEETING_ICS = "cop_meeting_ics"
ACTION_MEETING_MOVE = "cop_meeting_move"
ACTION_MEETING_CANCEL = "cop_meeting_cancel"
ACTION_ATTENDED = "cop_meeting_attended"
ACTION_WRITE_MINUTES = "cop_write_minutes"
MINUTES_MODAL = "cop_minutes_modal"
ACTION_ACTION_DONE = "cop_action_done"
ACTION_ACTION_NOT_YET = "cop_action_not_yet"
ACTION_SLOTS = 3  # action rows in the minutes' form
ACTION_REFLECT = "cop_reflect"
REFLECTION_MODAL = "cop_reflection_modal"


@dataclass(frozen=True)
class MeetingView:
    id: int
    topic: str
    starts_at: datetime  # UTC
    duration_minutes: int
    speaker_id: str | None
    video_url: str | None
    agenda: str
    repeat: str
    repeat_every: int
    cancelled: bool
    timezone: str
    place: str = ""
    phone_number: str = ""
    phone_code: str = ""
    outside_guests: tuple = ()  # (name, organisation) of each guest from outside Slack


def _dialled(t: Translator, meeting: MeetingView) -> str:
    """The phone line in a message: number and code as code, to be read and copied exactly as written."""
    def code(text: str) -> str:
        return "`" + mrkdwn(text.replace("`", "'")) + "`"

    number = code(meeting.phone_number)
    return t.gettext("{number}, code {code}", number=number, code=code(meeting.phone_code)) if meeting.phone_code \
        else number


def _outside(name: str, organisation: str) -> str:
    return f"{mrkdwn(name)} ({mrkdwn(organisation)})" if organisation else mrkdwn(name)


def _where_lines(t: Translator, meeting: MeetingView) -> list[str]:
    """Where to be: the place, the link, the phone line — whichever the meeting has."""
    lines = []
    if meeting.place.strip():
        lines.append(t.gettext("*Where:* {place}", place=mrkdwn(meeting.place)))
    url = _safe_url(meeting.video_url)
    if url:
        lines.append(t.gettext("*Link:* <{url}|join>", url=url))
    if meeting.phone_number:
        lines.append(t.gettext("*By phone:* {line}", line=_dialled(t, meeting)))
    return lines


@dataclass(frozen=True)
class ActionView:
    """An action decided at a meeting: what, who, by when, and whether it is done."""

    what: str
    owner_id: str
    due_on: date
    done: bool = False
    id: int | None = None


def _day(t: Translator, day: date, timezone: str) -> str:
    return t.date(datetime.combine(day, time(12), tzinfo=ZoneInfo(timezone)), timezone)


def action_line(t: Translator, action: ActionView, timezone: str) -> str:
    line = t.gettext("{what} — <@{owner}>, by {day}", what=mrkdwn(action.what), owner=action.owner_id,
                     day=_day(t, action.due_on, timezone))
    return (":white_check_mark: " + t.gettext("{action} (done)", action=line)) if action.done else "• " + line


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


def _card_summary(t: Translator, meeting: MeetingView) -> str:
    """What, when (and how often), who is invited, where."""
    lines = [_card_heading(t, meeting), t.gettext("*When:* {when}", when=_when(t, meeting))]
    if meeting.repeat != "none":
        lines[-1] += " · " + _repeat_label(t, meeting)
    guests = ([f"<@{meeting.speaker_id}>"] if meeting.speaker_id else []) + [
        _outside(name, organisation) for name, organisation in meeting.outside_guests]
    if guests:
        lines.append(t.ngettext("*Guest:* {guests}", "*Guests:* {guests}", len(guests), guests=", ".join(guests)))
    return "\n".join(lines + _where_lines(t, meeting))


def _card_heading(t: Translator, meeting: MeetingView) -> str:
    return (t.gettext(":x: *Cancelled:* {topic}", topic=mrkdwn(meeting.topic)) if meeting.cancelled
            else t.gettext(":calendar: *Meeting:* {topic}", topic=mrkdwn(meeting.topic)))


def _card_turnout(t: Translator, meeting: MeetingView, counts, phase: str, attended: int) -> dict:
    """Before the meeting (or once cancelled) the answers' counts; from its start, how many were there."""
    if phase == "before" or meeting.cancelled:
        return kit.context(t.gettext(":white_check_mark: {yes} coming · :thinking_face: {maybe} maybe · "
                                     ":no_entry_sign: {no} not coming", yes=t.number(counts.get("yes", 0)),
                                     maybe=t.number(counts.get("maybe", 0)), no=t.number(counts.get("no", 0))))
    return kit.context(t.ngettext(":raised_hands: {n} person was there", ":raised_hands: {n} people were there",
                                  attended))


def _card_answers(t: Translator, meeting: MeetingView) -> list[dict]:
    """Before the meeting: the RSVP buttons and the calendar file, then move and cancel (confirmed)."""
    value = str(meeting.id)
    cancel = kit.button(t.gettext("Cancel"), ACTION_MEETING_CANCEL, value, style="danger")
    cancel["confirm"] = {"title": {"type": "plain_text", "text": plain(t.gettext("Cancel this meeting?"), 100)},
                         "text": {"type": "plain_text", "text": t.gettext("The channel will be told.")},
                         "confirm": {"type": "plain_text", "text": t.gettext("Cancel the meeting")},
                         "deny": {"type": "plain_text", "text": t.gettext("Keep it")}, "style": "danger"}
    return [{"type": "actions", "elements": [
        # One action_id per answer: Slack refuses two elements with the same action_id in a block.
        kit.button(t.gettext("I'll come"), f"{ACTION_RSVP}_yes", f"{value}:yes", style="primary"),
        kit.button(t.gettext("Maybe"), f"{ACTION_RSVP}_maybe", f"{value}:maybe"),
        kit.button(t.gettext("Can't come"), f"{ACTION_RSVP}_no", f"{value}:no"),
        kit.button(t.gettext("Add to my calendar"), ACTION_MEETING_ICS, value),
    ]}, {"type": "actions", "elements": [kit.button(t.gettext("Move"), ACTION_MEETING_MOVE, value), cancel]}]


def _card_buttons(t: Translator, meeting: MeetingView, phase: str) -> list[dict]:
    """*I was there* while the meeting is open, the answers before it, nothing after or once cancelled."""
    if meeting.cancelled:
        return []
    if phase == "open":
        return [{"type": "actions", "elements": [
            kit.button(t.gettext("I was there"), ACTION_ATTENDED, str(meeting.id), style="primary")]}]
    return _card_answers(t, meeting) if phase == "before" else []


def meeting_card(t: Translator, meeting: MeetingView, counts, *, phase: str = "before", attended: int = 0,
                 open_actions: Sequence[ActionView] = ()) -> dict:
    """The announcement in the channel: what, when, who, where, the agenda, RSVP with counts. From the
    start until a few hours after the end (``phase`` "open"), *I was there* instead of the answers;
    after (``phase`` "over"), how many were there, and no button."""
    out = [kit.section(_card_summary(t, meeting))]
    if meeting.agenda.strip():
        agenda = t.gettext("*Agenda*")
        out.append(kit.section(agenda + "\n" + fit_mrkdwn(meeting.agenda, kit.SECTION_TEXT_MAX - len(agenda) - 1)))
    if open_actions and phase == "before" and not meeting.cancelled:
        still_open = t.gettext("*Actions still open from past meetings*")
        out.append(kit.section("\n".join([still_open] + [action_line(t, a, meeting.timezone) for a in open_actions])))
    out.append(_card_turnout(t, meeting, counts, phase, attended))
    out += _card_buttons(t, meeting, phase)
    text = _card_heading(t, meeting) + " — " + t.datetime(meeting.starts_at, meeting.timezone)
    return {"text": kit.fallback(text), "blocks": out, "unfurl_links": False, "unfurl_media": False}


def meeting_nudge(t: Translator, meeting: MeetingView, *, minutes_before: int) -> dict:
    url = _safe_url(meeting.video_url)
    when = t.datetime(meeting.starts_at, meeting.timezone)
    if minutes_before <= 0:
        text = t.gettext(":bell: The meeting “{topic}” starts now.", topic=mrkdwn(meeting.topic))
        if url:
            text += " " + t.gettext("Join: {url}", url=url)
        if meeting.place.strip():
            text += "\n" + t.gettext("*Where:* {place}", place=mrkdwn(meeting.place))
        if meeting.phone_number:
            text += "\n" + t.gettext("*By phone:* {line}", line=_dialled(t, meeting))
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
    if minutes_before > 0 and (where := _where_lines(t, meeting)):
        text += "\n" + "\n".join(where)
    return {"text": kit.fallback(text), "blocks": [kit.section(text)],
            "unfurl_links": False}


def speaker_reminder(t: Translator, meeting: MeetingView, *, channel_id: str) -> dict:
    text = t.gettext("A reminder: you are the guest of the meeting “{topic}” of <#{channel}> on {when}. Thank you!",
                     topic=mrkdwn(meeting.topic), channel=channel_id,
                     when=t.datetime(meeting.starts_at, meeting.timezone))
    return {"text": kit.fallback(text), "blocks": [kit.section(text)]}


def guests_reminder(t: Translator, meeting: MeetingView, *, channel_id: str,
                    guests: list[tuple[str, str, str | None]]) -> dict:
    """To the animators, a week before: the outside guests to confirm, with the emails given for it."""
    text = t.ngettext("The meeting “{topic}” of <#{channel}> is on {when}. Have you confirmed its guest from "
                      "outside Slack?", "The meeting “{topic}” of <#{channel}> is on {when}. Have you confirmed its "
                      "{n} guests from outside Slack?", len(guests), topic=mrkdwn(meeting.topic), channel=channel_id,
                      when=t.datetime(meeting.starts_at, meeting.timezone))
    lines = [f"• {_outside(name, organisation)}" + (f" — {mrkdwn(email)}" if email else "")
             for name, organisation, email in guests]
    body = [kit.section(text), kit.section("\n".join(lines))]
    if where := _where_lines(t, meeting):
        body.append(kit.context(" · ".join(where)))
    return {"text": kit.fallback(text), "blocks": body, "unfurl_links": False}


def harvest_request(t: Translator, meeting: MeetingView, *, channel_id: str, reminder: bool) -> dict:
    if reminder:
        text = t.gettext("A reminder: the minutes of the meeting “{topic}” of <#{channel}> are not written yet. "
                         "Its summary, decisions and actions help those who could not come.",
                         topic=mrkdwn(meeting.topic), channel=channel_id)
    else:
        text = t.gettext("The meeting “{topic}” of <#{channel}> is over. Could you write its minutes: who was "
                         "there, the summary, the decisions, the actions and the lessons learned?",
                         topic=mrkdwn(meeting.topic), channel=channel_id)
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": [
        kit.button(t.gettext("Write the minutes"), ACTION_WRITE_MINUTES, str(meeting.id), style="primary")]}]}


def minutes_modal(t: Translator, *, metadata: str, title: str, attendance: list[str], summary: str = "",
                  decisions: str = "", lessons: str = "", actions: Sequence[ActionView] = (),
                  names: Names | None = None) -> dict:
    """The minutes (compte rendu): who was there (prefilled), summary, decisions, up to three actions
    (what, who, by when), lessons — the last go to the library."""
    present: dict[str, str | list[str]] = {"type": "multi_users_select", "action_id": "value"}
    if attendance:
        present["initial_users"] = list(dict.fromkeys(attendance))[:100]
    out = [kit.context(mrkdwn(title)),
           {"type": "input", "block_id": "present", "optional": True, "element": present,
            "label": {"type": "plain_text", "text": t.gettext("Who was there")}},
           kit.text_input("summary", t.gettext("Summary"), multiline=True, optional=False, max_length=2900,
                          initial=summary, names=names),
           kit.text_input("decisions", t.gettext("Decisions"), multiline=True, optional=True, max_length=2000,
                          initial=decisions, names=names)]
    for slot in range(1, ACTION_SLOTS + 1):
        action = actions[slot - 1] if slot <= len(actions) else None
        who = {"type": "users_select", "action_id": "value"}
        when = {"type": "datepicker", "action_id": "value"}
        if action:
            who["initial_user"], when["initial_date"] = action.owner_id, action.due_on.isoformat()
        out += [kit.text_input(f"action_{slot}", t.gettext("Action {n}: what", n=slot), multiline=False, optional=True,
                               max_length=300, initial=action.what if action else "", names=names),
                {"type": "input", "block_id": f"action_{slot}_who", "optional": True, "element": who,
                 "label": {"type": "plain_text", "text": t.gettext("Action {n}: who", n=slot)}},
                {"type": "input", "block_id": f"action_{slot}_when", "optional": True, "element": when,
                 "label": {"type": "plain_text", "text": t.gettext("Action {n}: by when", n=slot)}}]
    out.append(kit.text_input("lessons", t.gettext("Lessons learned (shared in the library)"), multiline=True,
                              optional=True, max_length=2900, initial=lessons, names=names))
    return kit.modal(t, MINUTES_MODAL, metadata, title=t.gettext("Minutes"), submit=t.gettext("Post"), blocks=out)


def minutes_card(t: Translator, *, meeting_id: int, topic: str, starts_at: datetime, timezone: str, present: int,
                 summary: str, decisions: str, actions: list[ActionView], lesson_shared: bool) -> dict:
    """The minutes in the channel, in the community's language: how many were there (a count), the
    summary, the decisions, the actions with their owner and date, and where the lessons went."""
    title = t.gettext("Minutes — {topic}, {day}", topic=plain(topic, 100), day=t.date(starts_at, timezone))
    out = [kit.header(":memo: " + title),
           kit.context(t.ngettext("{n} person was there", "{n} people were there", present)),
           kit.section(t.gettext("*Summary*") + "\n" + fit_mrkdwn(summary, kit.SECTION_TEXT_MAX - 20))]
    if decisions.strip():
        out.append(kit.section(t.gettext("*Decisions*") + "\n" + fit_mrkdwn(decisions, kit.SECTION_TEXT_MAX - 20)))
    if actions:
        out.append(kit.section("\n".join([t.gettext("*Actions*")] + [action_line(t, a, timezone) for a in actions])))
    if lesson_shared:
        out.append(kit.context(t.gettext(":books: Its lessons are in the library: `/cop search`.")))
    out.append({"type": "actions", "elements": [
        kit.button(t.gettext("Edit the minutes"), ACTION_WRITE_MINUTES, str(meeting_id))]})
    return {"text": kit.fallback(title), "blocks": out, "unfurl_links": False, "unfurl_media": False}


def action_reminder(t: Translator, *, action: ActionView, topic: str, channel_id: str, timezone: str) -> dict:
    """To an action's owner, a few days before its date: done, or not yet."""
    text = t.gettext("An action from the meeting “{topic}” of <#{channel}> is yours, by {day}: *{what}*. Is it done?",
                     topic=mrkdwn(topic), channel=channel_id, day=_day(t, action.due_on, timezone),
                     what=mrkdwn(action.what))
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": [
        kit.button(t.gettext("Done"), ACTION_ACTION_DONE, str(action.id), style="primary"),
        kit.button(t.gettext("Not yet"), ACTION_ACTION_NOT_YET, str(action.id))]}]}


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


MEETING_DURATIONS = [30, 45, 60, 90, 120, 180]  # minutes, as offered in the meeting's form
REPEATS_EVERY_WEEKS = (1, 2, 3, 4, 6, 8)


def _duration_options(t: Translator) -> list[dict]:
    return [{"text": {"type": "plain_text", "text": t.gettext("{minutes} min", minutes=m)}, "value": str(m)}
            for m in MEETING_DURATIONS]


def _repeat_options(t: Translator) -> list[dict]:
    return [
        {"text": {"type": "plain_text", "text": t.gettext("Does not repeat")}, "value": "none:1"},
        {"text": {"type": "plain_text", "text": t.gettext("Every month")}, "value": "monthly:1"},
        *({"text": {"type": "plain_text", "text": t.ngettext("Every week", "Every {n} weeks", n)},
           "value": f"weeks:{n}"} for n in REPEATS_EVERY_WEEKS),
    ]


def _picked(options: list[dict], value: str) -> dict:
    """The option of this value, else the first."""
    return next((o for o in options if o["value"] == value), options[0])


def _element(kind: str, **initial: str | None) -> dict:
    """An input element (``action_id`` "value") with its initial value when there is one."""
    return {"type": kind, "action_id": "value", **{k: v for k, v in initial.items() if v}}


def _input_block(block_id: str, label: str, element: dict, optional: bool = False) -> dict:
    return {"type": "input", "block_id": block_id, "optional": optional, "element": element,
            "label": {"type": "plain_text", "text": plain(label, 2000)}}


def meeting_modal(t: Translator, *, metadata: str, meeting: MeetingView | None = None, local_day: str = "",
                  local_time: str = "", topic: str = "", agenda: str = "", names: Names | None = None,
                  outside_guests: str = "") -> dict:
    """Plan (or move) a meeting: Slack's date and time pickers, duration, topic, guests (on Slack and
    outside it), where (place, link, phone line), agenda, repeat.
    A new meeting may come with its ``topic`` and ``agenda`` proposed (a gap, the quarter's reflections)."""
    duration_options, repeat_options = _duration_options(t), _repeat_options(t)
    date_element = _element("datepicker", initial_date=local_day)
    time_element = _element("timepicker", initial_time=local_time)
    speaker = _element("users_select", initial_user=meeting.speaker_id if meeting else None)
    repeat_value = f"{meeting.repeat}:{meeting.repeat_every if meeting.repeat == 'weeks' else 1}" if meeting else ""
    url = _element("url_text_input", initial_value=meeting.video_url if meeting else None)

    return kit.modal(t, MEETING_MODAL, metadata, title=t.gettext("Meeting"), submit=t.gettext("Save"),
                  blocks=[
            kit.text_input("topic", t.gettext("Topic"), multiline=False, optional=False, max_length=200,
                   initial=meeting.topic if meeting else plain(topic, 200), names=names),
            _input_block("date", t.gettext("Date"), date_element),
            _input_block("time", t.gettext("Time (community time zone)"), time_element),
            _input_block("duration", t.gettext("Duration"), {"type": "static_select", "action_id": "value",
                                                      "options": duration_options, "initial_option": _picked(
                                                          duration_options,
                                                          str(meeting.duration_minutes) if meeting else "60")}),
            _input_block("speaker", t.gettext("Invited expert or speaker"), speaker, optional=True),
            kit.text_input("guests", t.gettext("Guests from outside Slack"), multiline=True, optional=True,
                           max_length=1500, initial=outside_guests,
                           placeholder=t.gettext("One a line: name, organisation, email (to confirm them)")),
            kit.text_input("place", t.gettext("Place (room, address)"), multiline=False, optional=True,
                           max_length=300, initial=meeting.place if meeting else ""),
            _input_block("link", t.gettext("Video link"), url, optional=True),
            kit.text_input("phone", t.gettext("Phone line"), multiline=False, optional=True, max_length=40,
                           initial=meeting.phone_number if meeting else ""),
            kit.text_input("phone_code", t.gettext("Phone access code"), multiline=False, optional=True,
                           max_length=40, initial=meeting.phone_code if meeting else ""),
            kit.text_input("agenda", t.gettext("Agenda"), multiline=True, optional=True, max_length=2500,
                   initial=meeting.agenda if meeting else agenda, names=names),
            _input_block("repeat", t.gettext("Repeats"), {"type": "static_select", "action_id": "value",
                                                   "options": repeat_options,
                                                   "initial_option": _picked(repeat_options, repeat_value)}),
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
    each quoted once, under one theme, the count shown being the count quoted — and "Suggest as meeting
    topic" (the programme's suggested topics, its outline unquoted)."""
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
    create = kit.button(t.gettext("Suggest as meeting topic"), ACTION_AGENDA_MEETING,
                        f"{community_id}:{agenda.quarter}", style=None if take else "primary")
    out = out[:kit.MESSAGE_BLOCKS_MAX - 1]
    out.append({"type": "actions", "elements": [kit.take_it_button(t, take), create] if take else [create]})
    return {"text": kit.fallback(title), "blocks": out}
