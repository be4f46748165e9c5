"""Meetings (``/cop meeting``, ``/cop meetings``, the form and the card's buttons), the community's
settings, and the quarterly reflection."""

import json
import logging
import re
from datetime import date, time

from bot import blocks
from bot.i18n import N_, Translator, translator
from bot.runtime import Runtime
from bot.services import communities, meetings, minutes, people, program, reflections, timing
from bot.services import participation as participation_service
from bot.services.communities import SettingsOutcome
from bot.services.meetings import MeetingDraft, MeetingOutcome
from bot.services.owed import owe_dm, owe_files
from bot.services.results import Outcome
from bot.services.timing import zone
from bot.text import USER_MENTION, first_word, fold, mrkdwn, whole_number
from handlers import access
from handlers.access import is_member
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, names_in, open_form, t_here
from handlers.requests import Click, Command, Submission
from handlers.wiring import Wiring

logger = logging.getLogger(__name__)

SETTINGS_HELP = N_("Settings of *{name}*: time zone {timezone}; quiet hours {quiet}; weekends {weekends}; meeting "
                   "reminders {reminders}; an hour of members' time is worth {rate} {currency}.\nFounders and "
                   "facilitators change them: `/cop settings timezone America/Montreal`, `/cop settings quiet 20-8` "
                   "(or `off`), `/cop settings weekends quiet|open`, `/cop settings reminders 7d 1d 0`, "
                   "`/cop settings rate 75 CAD`.")


RETENTION_LINE = N_("Calls for help, answers, reflections and meeting answers are kept {months} months, then deleted "
                    "(the monthly figures stay); founders change it: `/cop settings retention 24m`.")
REVIEW_LINE = N_("Content experts review each lesson every {months} months: `/cop settings review 12m`.")


_PROBLEMS = {  # message ids of what a person reads when a meeting's service says no
    MeetingOutcome.NOT_ALLOWED: N_("Only the community's founders and facilitators plan, move and cancel meetings."),
    MeetingOutcome.BAD_DATE: N_("I could not read that date. Write it like this: `/cop meeting add 2026-12-03 14:00 "
                                "Night triage`"),
    MeetingOutcome.IN_THE_PAST: N_("That time is already past. Pick a time to come."),
    MeetingOutcome.NO_TOPIC: N_("What is the meeting about? Add its topic after the time."),
    MeetingOutcome.NOT_FOUND: N_("This meeting no longer exists or was cancelled."),
    MeetingOutcome.BAD_GUESTS: N_("Write one guest a line: name, organisation, email (a valid address, or none); ten "
                                  "guests at most."),
    MeetingOutcome.NOT_A_COMMUNITY: NOT_A_COMMUNITY,
}


def _problem(t: Translator, outcome: MeetingOutcome) -> str | None:
    """What the person reads for a refusal; ``None`` for an outcome that is none (done, unchanged…)."""
    message = _PROBLEMS.get(outcome)
    return t.gettext(message) if message is not None else None


def meeting(runtime: Runtime, command: Command) -> None:
    """``add <date> <time> <topic>`` plans it from text; alone, opens the meeting form."""
    action, rest = first_word(command.text)
    t = t_here(runtime, command)
    if fold(action) in ("add", "ajouter"):
        draft = meetings.parse_text(rest)
        if draft is None:
            answer(runtime, command, t.gettext(_PROBLEMS[MeetingOutcome.BAD_DATE]))
            return
        with Turn(runtime, command) as turn:
            result = meetings.plan(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                   user_id=command.user_id, draft=draft)
            if result.outcome == MeetingOutcome.DONE:
                turn.say(translator(result.language).gettext("Done: the meeting is announced in the channel; "
                                                             "reminders will follow."))
            elif (text := _problem(translator(result.language), result.outcome)) is not None:
                turn.say(text)
            turn.owe(result.outbox_ids)
        return
    with runtime.db.reading() as session:
        community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
        allowed = community is not None and communities.is_steward(session, team_id=command.team_id,
                                                                   community_id=community.id, user_id=command.user_id)
    if community is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
    elif not allowed:
        answer(runtime, command, t.gettext(_PROBLEMS[MeetingOutcome.NOT_ALLOWED]))
    else:
        open_form(runtime, command, blocks.meeting_modal(t, metadata=meeting_form_metadata(
            community_id=community.id, language=community.language, timezone=community.timezone)))


def participation(runtime: Runtime, command: Command) -> None:
    """``/cop participation [year]``: the person's own record, by DM, in their language (a message, a
    PDF, a CSV). It names nobody else: asking for someone else's is refused."""
    person = people.person(runtime.db, runtime.slack(command.team_id), team_id=command.team_id,
                           user_id=command.user_id, named=True)
    language, timezone = people.language(person), person.timezone or "America/Toronto"
    t = translator(language)
    this_year = timing.today(timezone).year
    text = command.text.strip()
    year = whole_number(text) if text else this_year
    if USER_MENTION.search(text):
        answer(runtime, command, t.gettext("Your participation record is yours alone: nobody can ask for "
                                           "another person's. `/cop participation 2027` sends you yours."))
        return
    if year is None or not 2000 <= year <= this_year:
        answer(runtime, command, t.gettext("Which year? `/cop participation {year}` (this year, or one before).",
                                           year=this_year))
        return
    with runtime.db.reading() as session:
        found = participation_service.record(session, team_id=command.team_id, user_id=command.user_id, year=year,
                                             timezone=timezone)
    message, files = participation_service.documents(found, language=language, name=person.name or command.user_id)
    with Turn(runtime, command) as turn:
        turn.owe(owe_dm(turn.session, team_id=command.team_id, key=f"participation:{command.receipt}",
                        user_id=command.user_id, message=message))
        turn.owe(owe_files(turn.session, team_id=command.team_id, user_id=command.user_id,
                           key=f"participation-files:{command.receipt}", files=files,
                           comment=t.gettext("Your participation record for {year}, as a PDF and a CSV file.",
                                             year=year)))
        turn.say(t.gettext("I sent you your participation record for {year} by direct message.", year=year))


def meetings_list(runtime: Runtime, command: Command) -> None:
    t = t_here(runtime, command)
    with runtime.db.reading() as session:
        community, upcoming = meetings.upcoming(session, team_id=command.team_id, channel_id=command.channel_id)
    if community is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
        return
    with Turn(runtime, command) as turn:
        turn.reply(blocks.meetings_list(translator(community.language), community.name, upcoming))


REFLECTION_WORDS = {"reflection", "reflections", "reflexion", "reflexions"}
SETTINGS_NOT_ALLOWED = N_("Only the community's founders and facilitators can change its settings.")


def opens_settings_form(command: Command) -> bool:
    """``/cop settings reflection`` opens the questions' form: first in line (Slack's 3 seconds)."""
    return fold(first_word(command.text)[0]) in REFLECTION_WORDS


def reflection_questions(runtime: Runtime, command: Command) -> None:
    """Founders and facilitators: the quarterly reflection's questions in a form, prefilled with the current
    ones, the guide's others suggested."""
    with runtime.db.reading() as session:
        outcome, community = reflections.questions_form(session, team_id=command.team_id,
                                                        channel_id=command.channel_id, user_id=command.user_id)
    if community is None:
        answer(runtime, command, t_here(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(community.language)
    if outcome == Outcome.NOT_ALLOWED:
        answer(runtime, command, t.gettext(SETTINGS_NOT_ALLOWED))
        return
    open_form(runtime, command, blocks.reflection_questions_modal(
        t, metadata=json.dumps({"community_id": community.id}), questions=reflections.questions(community, t),
        suggestions=[t.gettext(q) for q in reflections.SUGGESTED_QUESTIONS]))


def reflection_questions_submitted(runtime: Runtime, submission: Submission) -> None:
    """The questions saved; someone no longer allowed is told privately, and nothing changes."""
    community_id = whole_number(str(_metadata(submission).get("community_id"))) or 0
    with Turn(runtime, submission) as turn:
        outcome, language = reflections.set_questions(
            turn.session, team_id=submission.team_id, community_id=community_id, user_id=submission.user_id,
            asked=[submission.text(f"q{i}") for i in (1, 2, 3)])
        if outcome == Outcome.NOT_ALLOWED:
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"refused:{submission.receipt}",
                            user_id=submission.user_id,
                            message=blocks.ephemeral(translator(language).gettext(SETTINGS_NOT_ALLOWED))))


def settings(runtime: Runtime, command: Command) -> None:
    """The community's settings; founders and animators change them (each checked within bounds)."""
    name, value = first_word(command.text)
    if fold(name) in REFLECTION_WORDS:
        reflection_questions(runtime, command)
        return
    t = t_here(runtime, command)
    with Turn(runtime, command) as turn:
        result = communities.change_settings(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                             user_id=command.user_id, name=fold(name), value=value)
        if result.outcome == SettingsOutcome.NOT_A_COMMUNITY or result.community is None:
            turn.say(t.gettext(NOT_A_COMMUNITY))
            return
        community = result.community
        t = translator(community.language)
        if result.outcome == SettingsOutcome.NOT_ALLOWED:
            turn.say(t.gettext(SETTINGS_NOT_ALLOWED))
            return
        quiet = (t.gettext("none") if community.quiet_start_hour == community.quiet_end_hour else
                 t.gettext("{start}:00 to {end}:00", start=community.quiet_start_hour, end=community.quiet_end_hour))
        reminders = ", ".join(_duration(t, m) for m in meetings.offsets(community)) or t.gettext("none")
        summary = t.gettext(SETTINGS_HELP, name=mrkdwn(community.name), timezone=community.timezone, quiet=quiet,
                            weekends=t.gettext("quiet") if community.quiet_weekends else t.gettext("open"),
                            reminders=reminders, rate=t.number(community.hourly_rate), currency=community.currency)
        summary += "\n" + t.gettext(RETENTION_LINE, months=t.number(community.retention_months))
        summary += "\n" + t.gettext(REVIEW_LINE, months=t.number(community.review_months))
        if result.outcome == SettingsOutcome.INVALID:
            summary = t.gettext(result.problem or communities.UNKNOWN_SETTING) + "\n" + summary
        elif result.outcome == SettingsOutcome.CHANGED:
            summary = t.gettext("Done.") + "\n" + summary
        turn.say(summary)


def _duration(t: Translator, minutes: int) -> str:
    if minutes == 0:
        return t.gettext("at the start")
    if minutes % 1440 == 0:
        return t.ngettext("{n} day before", "{n} days before", minutes // 1440)
    if minutes % 60 == 0:
        return t.ngettext("{n} hour before", "{n} hours before", minutes // 60)
    return t.ngettext("{n} minute before", "{n} minutes before", minutes)


def draft_from(submission: Submission) -> MeetingDraft | None:
    try:
        day = date.fromisoformat(submission.element("date").get("selected_date") or "")
        hour, minute = (submission.element("time").get("selected_time") or "").split(":")
        at = time(int(hour), int(minute))
    except ValueError:
        return None
    repeat, _, every = (submission.text("repeat") or "none:1").partition(":")
    return MeetingDraft(day=day, at=at, topic=submission.text("topic"),
                        duration_minutes=whole_number(submission.text("duration"), maximum=24 * 60) or 60,
                        speaker_id=submission.element("speaker").get("selected_user"),
                        video_url=submission.text("link") or None, agenda=submission.text("agenda"),
                        repeat=repeat if repeat in ("none", "monthly", "weeks") else "none",
                        repeat_every=whole_number(every, maximum=52) or 1, place=submission.text("place"),
                        phone_number=submission.text("phone"), phone_code=submission.text("phone_code"),
                        outside_guests=meetings.parse_guests(submission.text("guests")))


def _metadata(submission: Submission) -> dict:
    try:
        metadata = json.loads(submission.metadata or "{}")
    except ValueError:
        return {}
    return metadata if isinstance(metadata, dict) else {}


def meeting_form_metadata(*, language: str, timezone: str, community_id: int | None = None,
                          meeting_id: int | None = None, suggestion_id: int | None = None) -> str:
    """What the meeting form carries: the community (or the meeting moved), and its language and time
    zone, so that the form's answer to Slack needs no database; the suggested topic it plans, if any."""
    found = {"community_id": community_id, "meeting_id": meeting_id, "language": language, "timezone": timezone,
             "suggestion_id": suggestion_id}
    return json.dumps({key: value for key, value in found.items() if value is not None})


def check_meeting(runtime: Runtime, submission: Submission) -> dict[str, str] | None:
    """Before the form closes, without the database (Slack waits 3 seconds): a date, a topic, a time to
    come, on their field, in the community's language. Who may plan is checked after (the person is
    told privately if they may no longer)."""
    metadata = _metadata(submission)
    timezone = metadata.get("timezone")
    outcome = meetings.check_draft(draft_from(submission), new=not metadata.get("meeting_id"),
                                   timezone=timezone if isinstance(timezone, str) else None)
    if outcome is None:
        return None
    t = translator(str(metadata.get("language") or "en"))
    block = {MeetingOutcome.IN_THE_PAST: "date", MeetingOutcome.BAD_DATE: "date",
             MeetingOutcome.BAD_GUESTS: "guests"}.get(outcome, "topic")
    return {block: _problem(t, outcome) or t.gettext(NOT_A_COMMUNITY)}


def meeting_submitted(runtime: Runtime, submission: Submission) -> None:
    """A new or moved meeting: announced, its card and every reminder following. What the form could
    not check (who may plan, a meeting gone meanwhile) is told to the person privately."""
    metadata, draft = _metadata(submission), draft_from(submission)
    if draft is None:
        return
    with Turn(runtime, submission) as turn:
        if metadata.get("meeting_id"):
            result = meetings.move(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                   meeting_id=whole_number(str(metadata["meeting_id"])) or 0, draft=draft)
        else:
            result = meetings.plan(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                   community_id=whole_number(str(metadata.get("community_id"))), draft=draft)
            planned = result.meeting if result.outcome == MeetingOutcome.DONE else None
            if planned is not None and metadata.get("suggestion_id"):
                result.outbox_ids += program.planned(
                    turn.session, team_id=submission.team_id, user_id=submission.user_id,
                    suggestion_id=whole_number(str(metadata["suggestion_id"])) or 0, meeting_id=planned.id)
        turn.owe(result.outbox_ids)
        if result.outcome != MeetingOutcome.DONE:
            t = translator(str(metadata.get("language") or result.language))
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"refused:{submission.receipt}",
                            user_id=submission.user_id, message=blocks.ephemeral(
                                t.gettext("Your meeting was not saved.") + " " +
                                (_problem(t, result.outcome) or t.gettext(NOT_A_COMMUNITY)))))


def card_button(runtime: Runtime, click: Click) -> None:
    """RSVP, calendar file, move (opens the form), cancel, *I was there*: from the meeting's card."""
    raw, _, choice = click.value.partition(":")
    meeting_id = whole_number(raw) or 0
    if click.action_id == blocks.ACTION_MEETING_MOVE:
        with runtime.db.reading() as session:
            found = meetings.move_form(session, team_id=click.team_id, user_id=click.user_id, meeting_id=meeting_id)
        if not isinstance(found, meetings.MoveForm):
            if (text := _problem(translator(found.language), found.outcome)) is not None:
                answer(runtime, click, text, replace=False)
            return
        m, tz, language = found.meeting, found.community.timezone, found.community.language
        local = m.starts_at.astimezone(zone(tz))
        open_form(runtime, click, blocks.meeting_modal(
            translator(language), metadata=meeting_form_metadata(meeting_id=m.id, language=language, timezone=tz),
            meeting=found.view, local_day=local.date().isoformat(), local_time=local.strftime("%H:%M"),
            names=names_in(runtime, click, m.topic, m.agenda), outside_guests=found.outside_guests))
        return
    if not access.in_meeting_community(runtime, click, meeting_id):
        logger.warning("A meeting's button was clicked by someone outside its community's channel: ignored")
        return
    with Turn(runtime, click) as turn:
        if click.action_id == blocks.ACTION_MEETING_ICS:
            found = meetings.ics(turn.session, team_id=click.team_id, meeting_id=meeting_id)
            if found:
                language, name, content = found
                turn.owe(owe_files(turn.session, team_id=click.team_id, user_id=click.user_id,
                                   key=f"ics:{click.receipt}", files=[{"filename": name, "title": name,
                                                                       "content": content}],
                                   comment=translator(language).gettext("Here is the meeting for your calendar.")))
            return
        if click.action_id == blocks.ACTION_ATTENDED:
            result = meetings.attend(turn.session, team_id=click.team_id, user_id=click.user_id,
                                     meeting_id=meeting_id)
            t = translator(result.language)
            said = {MeetingOutcome.DONE: t.gettext("Noted: you were there. Thank you for coming!"),
                    MeetingOutcome.UNCHANGED: t.gettext("You are already counted among those who were there."),
                    MeetingOutcome.NOT_OPEN: t.gettext("Attendance is noted from the meeting's start until a few "
                                                       "hours after its end.")}.get(result.outcome)
            if (text := said or _problem(t, result.outcome)) is not None:
                turn.say(text, replace=False)
            turn.owe(result.outbox_ids)
            return
        if blocks.family(blocks.ACTION_RSVP).match(click.action_id):
            result = meetings.rsvp(turn.session, team_id=click.team_id, user_id=click.user_id,
                                   meeting_id=meeting_id, answer=choice)
        else:
            result = meetings.cancel(turn.session, team_id=click.team_id, user_id=click.user_id,
                                     meeting_id=meeting_id)
        t = translator(result.language)
        if blocks.family(blocks.ACTION_RSVP).match(click.action_id) and result.outcome in (MeetingOutcome.DONE,
                                                                                         MeetingOutcome.UNCHANGED):
            turn.say(t.gettext("Thank you: your answer is noted."), replace=False)
        elif (text := _problem(t, result.outcome)) is not None:
            turn.say(text, replace=False)
        turn.owe(result.outbox_ids)


def write_minutes(runtime: Runtime, click: Click) -> None:
    """"Write the minutes" (after the meeting) or "Edit the minutes" (on their post): the form, prefilled
    with who said they would come and who said they were there — or with the minutes as written."""
    meeting_id = whole_number(click.value) or 0
    with runtime.db.reading() as session:
        found = minutes.form(session, team_id=click.team_id, user_id=click.user_id, meeting_id=meeting_id)
    t = translator(found.language)
    if found.outcome == Outcome.NOT_ALLOWED:
        answer(runtime, click, t.gettext("Only the community's reporters, founders and facilitators write the "
                                         "minutes."), replace=False)
        return
    if found.outcome != Outcome.DONE:
        answer(runtime, click, t.gettext(_PROBLEMS[MeetingOutcome.NOT_FOUND]), replace=False)
        return
    texts = (found.summary, found.decisions, found.lessons, *(a.what for a in found.actions))
    open_form(runtime, click, blocks.minutes_modal(
        t, metadata=json.dumps({"meeting_id": meeting_id, "language": found.language}), title=found.title,
        attendance=found.present, summary=found.summary, decisions=found.decisions, lessons=found.lessons,
        actions=found.actions, names=names_in(runtime, click, *texts)))


def _minutes_draft(submission: Submission) -> tuple[minutes.MinutesDraft, list[int]]:
    """The form's minutes, and the action rows filled only in part."""
    actions, partial = [], []
    for slot in range(1, blocks.ACTION_SLOTS + 1):
        what = submission.text(f"action_{slot}").strip()[:minutes.WHAT_MAX]
        owner = submission.element(f"action_{slot}_who").get("selected_user")
        try:
            day = date.fromisoformat(submission.element(f"action_{slot}_when").get("selected_date") or "")
        except ValueError:
            day = None
        if what and owner and day:
            actions.append(minutes.ActionDraft(slot, what, owner, day))
        elif what or owner or day:
            partial.append(slot)
    present = submission.element("present").get("selected_users") or []
    return minutes.MinutesDraft(present=[u for u in present if isinstance(u, str)],
                                summary=submission.text("summary"), decisions=submission.text("decisions"),
                                lessons=submission.text("lessons"), actions=actions), partial


def check_minutes(runtime: Runtime, submission: Submission) -> dict[str, str] | None:
    """Before the form closes: a summary, and each action whole."""
    draft, partial = _minutes_draft(submission)
    errors = minutes.problems(draft, partial)
    t = translator(str(_metadata(submission).get("language") or "en"))
    return {field: t.gettext(message) for field, message in errors.items()} or None


def minutes_submitted(runtime: Runtime, submission: Submission) -> None:
    """The minutes are posted in the channel (or their post updated); who may write them is checked
    here, and a refusal told privately."""
    metadata = _metadata(submission)
    draft, _ = _minutes_draft(submission)
    with Turn(runtime, submission) as turn:
        result = minutes.save(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                              meeting_id=whole_number(str(metadata.get("meeting_id"))) or 0, draft=draft)
        turn.owe(result.outbox_ids)
        if result.outcome != Outcome.DONE:
            t = translator(str(metadata.get("language") or result.language))
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"refused:{submission.receipt}",
                            user_id=submission.user_id, message=blocks.ephemeral(
                                t.gettext("Your minutes were not saved: only the community's reporters, founders "
                                          "and facilitators write them, for a meeting that took place."))))


def action_answer(runtime: Runtime, click: Click) -> None:
    """The owner of an action answers its reminder: Done, or Not yet."""
    done = click.action_id == blocks.ACTION_ACTION_DONE
    with Turn(runtime, click) as turn:
        result = minutes.answer_action(turn.session, team_id=click.team_id, user_id=click.user_id,
                                       action_id=whole_number(click.value) or 0, done=done)
        t = translator(result.language)
        if result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("Only the person this action was given to can answer for it."), replace=False)
        elif result.outcome == Outcome.NOT_FOUND:
            turn.say(t.gettext("This action no longer exists: its minutes were changed."))
        elif result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext("This action is already done. Thank you!"))
        elif done:
            turn.say(t.gettext(":white_check_mark: Done: the minutes show it, and it leaves the next meeting's "
                               "list. Thank you!"))
        else:
            turn.say(t.gettext("Noted: it stays open, on your Home and in the next meeting's announcement."))
        turn.owe(result.outbox_ids)


_REFLECTION = re.compile(r"^(\d{1,12}):(\d{4}-Q[1-4])$")


def _reflection_target(runtime: Runtime, request, community_id: int | None, quarter: str):
    """The community a reflection is for, if the person may answer it: a well-formed quarter, a
    community that exists (the stored row, not the payload, says which channel is its home), and
    the person in that channel."""
    if community_id is None or not re.fullmatch(r"\d{4}-Q[1-4]", quarter):
        return None
    with runtime.db.reading() as session:
        community = communities.get(session, team_id=request.team_id, community_id=community_id)
    if community is None or not is_member(runtime, team_id=request.team_id, channel_id=community.channel_id,
                                          user_id=request.user_id):
        return None
    return community


def reflect(runtime: Runtime, click: Click) -> None:
    """The quarterly reflection's "Answer": its three questions in a form."""
    parsed = _REFLECTION.match(click.value)
    if parsed is None:
        return
    community = _reflection_target(runtime, click, int(parsed.group(1)), parsed.group(2))
    if community:
        t = translator(community.language)
        open_form(runtime, click, blocks.reflection_modal(t, metadata=json.dumps(
            {"community_id": community.id, "quarter": parsed.group(2)}), questions=reflections.questions(community, t)))


def reflection_submitted(runtime: Runtime, submission: Submission) -> None:
    metadata = _metadata(submission)
    community = _reflection_target(runtime, submission, whole_number(str(metadata.get("community_id"))),
                                   str(metadata.get("quarter") or ""))
    if community is None:
        logger.warning("A reflection was submitted for a community its sender may not answer for: ignored")
        return
    with Turn(runtime, submission) as turn:
        reflections.record_reflection(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                      community_id=community.id, quarter=str(metadata["quarter"]),
                                      got=submission.text("got"), brought=submission.text("brought"),
                                      change=submission.text("change"))


def register(wiring: Wiring) -> None:
    wiring.view(blocks.MEETING_MODAL, meeting_submitted, check=check_meeting)
    wiring.action(blocks.family(blocks.ACTION_RSVP), card_button)
    wiring.action(blocks.ACTION_MEETING_ICS, card_button)
    wiring.action(blocks.ACTION_MEETING_MOVE, card_button, opens_form=True)
    wiring.action(blocks.ACTION_MEETING_CANCEL, card_button)
    wiring.action(blocks.ACTION_ATTENDED, card_button)
    wiring.action(blocks.ACTION_WRITE_MINUTES, write_minutes, opens_form=True)
    wiring.view(blocks.MINUTES_MODAL, minutes_submitted, check=check_minutes)
    wiring.action(blocks.ACTION_ACTION_DONE, action_answer)
    wiring.action(blocks.ACTION_ACTION_NOT_YET, action_answer)
    wiring.action(blocks.ACTION_REFLECT, reflect, opens_form=True)
    wiring.view(blocks.REFLECTION_MODAL, reflection_submitted)
    wiring.view(blocks.REFLECTION_QUESTIONS_MODAL, reflection_questions_submitted)
