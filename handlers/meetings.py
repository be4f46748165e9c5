"""Meetings, the community's settings (time zone, quiet hours, reminders) and the animators'
follow-up buttons."""

import json
from datetime import date, time

from slack_bolt import Ack, App, Respond

from bot import blocks
from bot.i18n import N_, Translator, translator
from bot.runtime import Runtime
from bot.services import communities, follow_ups, meetings
from bot.services.communities import SettingsOutcome
from bot.services.meetings import MeetingDraft, MeetingOutcome
from bot.services.timing import zone
from bot.text import first_word, mrkdwn, whole_number
from handlers import Registered
from handlers.commands import Command, add_subcommand, fold, reply, reply_language
from handlers.delivery import deliver, in_background
from handlers.lessons import open_form

NOT_A_COMMUNITY = N_("This channel is not a community's home: use this command in your community's channel, or "
                     "run `/cop setup` here first.")


def _problem(t: Translator, outcome: MeetingOutcome) -> str | None:
    return {
        MeetingOutcome.NOT_ALLOWED: t.gettext("Only the community's founders and animators plan, move and cancel "
                                              "meetings."),
        MeetingOutcome.BAD_DATE: t.gettext("I could not read that date. Write it like this: `/cop meeting add "
                                           "2026-12-03 14:00 Night triage`"),
        MeetingOutcome.IN_THE_PAST: t.gettext("That time is already past. Pick a time to come."),
        MeetingOutcome.NO_TOPIC: t.gettext("What is the meeting about? Add its topic after the time."),
        MeetingOutcome.NOT_FOUND: t.gettext("This meeting no longer exists or was cancelled."),
    }.get(outcome)


def meeting(runtime: Runtime, command: Command) -> None:
    """``add <date> <time> <topic>`` plans it from text; alone, opens the meeting form."""
    action, rest = first_word(command.text)
    if fold(action) in ("add", "ajouter"):
        draft = meetings.parse_text(rest)
        if draft is None:
            with runtime.db.session() as session:
                language = communities.language_for(session, runtime.notifier, team_id=command.team_id,
                                                    channel_id=command.channel_id, user_id=command.user_id)
            reply(command, _problem(translator(language), MeetingOutcome.BAD_DATE))
            return
        with runtime.db.session() as session:
            result = meetings.plan(session, team_id=command.team_id, channel_id=command.channel_id,
                                   user_id=command.user_id, draft=draft)
        _answer(runtime, command, result)
        return
    with runtime.db.session() as session:
        community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
        allowed = community and communities.is_steward(session, team_id=command.team_id, community_id=community.id,
                                                       user_id=command.user_id)
    if community is None:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(community.language)
    if not allowed:
        reply(command, _problem(t, MeetingOutcome.NOT_ALLOWED))
        return
    runtime.notifier.call("views.open", {"trigger_id": command.trigger_id, "view": blocks.meeting_modal(
        t, metadata=json.dumps({"community_id": community.id}))})


def _answer(runtime: Runtime, command: Command, result: meetings.MeetingResult) -> None:
    if result.outcome == MeetingOutcome.NOT_A_COMMUNITY:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(result.language)
    if result.outcome == MeetingOutcome.DONE:
        reply(command, t.gettext("Done: the meeting is announced in the channel; reminders will follow."))
        deliver(runtime, result.outbox_ids)
    else:
        reply(command, _problem(t, result.outcome))


def meetings_list(runtime: Runtime, command: Command) -> None:
    with runtime.db.session() as session:
        community, upcoming = meetings.upcoming(session, team_id=command.team_id, channel_id=command.channel_id)
    if community is None:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    command.respond(**blocks.meetings_list(translator(community.language), community.name, upcoming))


SETTINGS_HELP = N_("Settings of *{name}*: time zone {timezone}; quiet hours {quiet}; weekends {weekends}; meeting "
                   "reminders {reminders} before; an hour of members' time is worth {rate} {currency}.\nFounders and "
                   "animators change them: `/cop settings timezone America/Montreal`, `/cop settings quiet 20-8` (or "
                   "`off`), `/cop settings weekends quiet|open`, `/cop settings reminders 7d 1d 0`, "
                   "`/cop settings rate 75 CAD`.")


def settings(runtime: Runtime, command: Command) -> None:
    name, value = first_word(command.text)
    with runtime.db.session() as session:
        result = communities.change_settings(session, team_id=command.team_id, channel_id=command.channel_id,
                                             user_id=command.user_id, name=fold(name), value=value)
    if result.outcome == SettingsOutcome.NOT_A_COMMUNITY:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    community = result.community
    t = translator(community.language)
    if result.outcome == SettingsOutcome.NOT_ALLOWED:
        reply(command, t.gettext("Only the community's founders and animators can change its settings."))
        return
    quiet = (t.gettext("none") if community.quiet_start_hour == community.quiet_end_hour else
             t.gettext("{start}:00 to {end}:00", start=community.quiet_start_hour, end=community.quiet_end_hour))
    reminders = ", ".join(_duration(t, m) for m in meetings.offsets(community)) or t.gettext("none")
    summary = t.gettext(SETTINGS_HELP, name=mrkdwn(community.name), timezone=community.timezone, quiet=quiet,
                        weekends=t.gettext("quiet") if community.quiet_weekends else t.gettext("open"),
                        reminders=reminders, rate=t.number(community.hourly_rate), currency=community.currency)
    if result.outcome == SettingsOutcome.INVALID:
        summary = t.gettext(result.problem or communities.UNKNOWN_SETTING) + "\n" + summary
    elif result.outcome == SettingsOutcome.CHANGED:
        summary = t.gettext("Done.") + "\n" + summary
    reply(command, summary)


def _duration(t: Translator, minutes: int) -> str:
    if minutes == 0:
        return t.gettext("at the start")
    if minutes % 1440 == 0:
        return t.ngettext("{n} day", "{n} days", minutes // 1440)
    if minutes % 60 == 0:
        return t.ngettext("{n} hour", "{n} hours", minutes // 60)
    return t.ngettext("{n} minute", "{n} minutes", minutes)


def _values(view: dict) -> dict:
    return (view.get("state") or {}).get("values") or {}


def draft_from_view(view: dict) -> MeetingDraft | None:
    values = _values(view)

    def field(block: str) -> dict:
        return (values.get(block) or {}).get("value") or {}

    try:
        day = date.fromisoformat(field("date").get("selected_date") or "")
        hour, minute = (field("time").get("selected_time") or "").split(":")
        at = time(int(hour), int(minute))
    except ValueError:
        return None
    repeat, _, every = ((field("repeat").get("selected_option") or {}).get("value") or "none:1").partition(":")
    duration = (field("duration").get("selected_option") or {}).get("value") or "60"
    return MeetingDraft(day=day, at=at, topic=field("topic").get("value") or "",
                        duration_minutes=whole_number(duration, maximum=24 * 60) or 60,
                        speaker_id=field("speaker").get("selected_user"), video_url=field("link").get("value"),
                        agenda=field("agenda").get("value") or "",
                        repeat=repeat if repeat in ("none", "monthly", "weeks") else "none",
                        repeat_every=whole_number(every, maximum=52) or 1)


def _int(value: str | None) -> int:
    return whole_number(value) or 0


def register(app: App, runtime: Runtime) -> Registered:
    add_subcommand(meeting, "meeting", "rencontre", "reunion", "réunion", opens_form=True)
    add_subcommand(meetings_list, "meetings", "rencontres", "reunions", "réunions")
    add_subcommand(settings, "settings", "reglages", "réglages", "parametres", "paramètres")

    def on_meeting_submitted(ack: Ack, body: dict, view: dict) -> None:
        """A new or moved meeting; problems show on their field, in the community's language."""
        metadata = json.loads(view.get("private_metadata") or "{}")
        draft = draft_from_view(view)
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        with runtime.db.session() as session:
            if draft is None:
                result = meetings.MeetingResult(MeetingOutcome.BAD_DATE)
            elif metadata.get("meeting_id"):
                result = meetings.move(session, team_id=team_id, user_id=user_id, meeting_id=metadata["meeting_id"],
                                       draft=draft)
            else:
                result = meetings.plan(session, team_id=team_id, community_id=metadata.get("community_id"),
                                       user_id=user_id, draft=draft)
        t = translator(metadata.get("language") or result.language)
        if result.outcome == MeetingOutcome.DONE:
            ack()
            in_background(runtime, lambda: deliver(runtime, result.outbox_ids))
            return
        block = {MeetingOutcome.IN_THE_PAST: "date", MeetingOutcome.BAD_DATE: "date",
                 MeetingOutcome.NO_TOPIC: "topic"}.get(result.outcome, "topic")
        ack(response_action="errors", errors={block: _problem(t, result.outcome) or t.gettext(NOT_A_COMMUNITY)})

    def on_card_button(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: card_button(body, action, respond), respond=respond,
                      opens_form=action.get("action_id") == blocks.ACTION_MEETING_MOVE)

    def card_button(body: dict, action: dict, respond: Respond) -> None:
        """RSVP, calendar file, move (opens the form), cancel: from the meeting's card."""
        team_id, user_id, action_id = body["team"]["id"], body["user"]["id"], action["action_id"]
        raw, _, answer = (action.get("value") or "").partition(":")
        meeting_id = _int(raw)
        if action_id == blocks.ACTION_MEETING_ICS:
            with runtime.db.session() as session:
                found = meetings.ics(session, team_id=team_id, meeting_id=meeting_id)
            if found:
                language, name, content = found
                runtime.notifier.send_files(user_id, [{"filename": name, "content": content, "title": name}],
                                            translator(language).gettext("Here is the meeting for your calendar."))
            return
        if action_id == blocks.ACTION_MEETING_MOVE:
            with runtime.db.session() as session:
                found = meetings.for_edit(session, team_id=team_id, user_id=user_id, meeting_id=meeting_id)
            if found.outcome != MeetingOutcome.DONE:
                t = translator(found.language)
                respond(replace_original=False, **blocks.ephemeral(_problem(t, found.outcome)
                                                                   or t.gettext(NOT_A_COMMUNITY)))
                return
            m, tz = found.meeting, found.community.timezone
            local = m.starts_at.astimezone(zone(tz))
            view = blocks.meeting_modal(translator(found.language), metadata=json.dumps(
                {"meeting_id": m.id, "language": found.language}), meeting=meetings.view_of(m, tz),
                local_day=local.date().isoformat(), local_time=local.strftime("%H:%M"))
            runtime.notifier.call("views.open", {"trigger_id": body["trigger_id"], "view": view})
            return
        with runtime.db.session() as session:
            if blocks.family(blocks.ACTION_RSVP).match(action_id):
                result = meetings.rsvp(session, team_id=team_id, user_id=user_id, meeting_id=meeting_id,
                                       answer=answer)
            else:
                result = meetings.cancel(session, team_id=team_id, user_id=user_id, meeting_id=meeting_id)
        t = translator(result.language)
        if blocks.family(blocks.ACTION_RSVP).match(action_id) and result.outcome in (MeetingOutcome.DONE,
                                                                                         MeetingOutcome.UNCHANGED):
            respond(replace_original=False, **blocks.ephemeral(t.gettext("Thank you: your answer is noted.")))
        elif _problem(t, result.outcome):
            respond(replace_original=False, **blocks.ephemeral(_problem(t, result.outcome)))
        deliver(runtime, result.outbox_ids)

    def on_harvest(ack: Ack, body: dict, action: dict) -> None:
        ack()
        in_background(runtime, lambda: harvest(body, action), opens_form=True)

    def harvest(body: dict, action: dict) -> None:
        """The reporter's "Share the lessons": the lesson form, titled after the meeting."""
        with runtime.db.session() as session:
            prefill = meetings.harvest_prefill(session, team_id=body["team"]["id"],
                                               meeting_id=_int(action.get("value")))
        if prefill is not None:
            open_form(runtime, body["trigger_id"], prefill)

    def on_follow_up(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: follow_up(body, action, respond), respond=respond)

    def follow_up(body: dict, action: dict, respond: Respond) -> None:
        """An animator acts on an unanswered call: ping its experts, repost it, or close it."""
        do = {blocks.ACTION_FOLLOW_PING: follow_ups.ping_experts, blocks.ACTION_FOLLOW_REPOST: follow_ups.repost,
              blocks.ACTION_FOLLOW_CLOSE: follow_ups.close_call}[action["action_id"]]
        with runtime.db.session() as session:
            outcome, ids, language = do(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                        help_request_id=_int(action.get("value")))
        t = translator(language)
        text = {
            "not_found": t.gettext("This call for help no longer exists."),
            "not_allowed": t.gettext("Only the community's founders and animators can do this."),
            "not_open": t.gettext("This call for help is no longer open: nothing to do."),
            "no_experts": t.gettext("Nobody has declared this call's topics yet. Try “Repost it”."),
        }.get(outcome)
        if text is None:
            text = {blocks.ACTION_FOLLOW_PING: t.gettext("Done: the experts of its topics got it by direct message."),
                    blocks.ACTION_FOLLOW_REPOST: t.gettext("Done: the call is back at the top of the channel."),
                    blocks.ACTION_FOLLOW_CLOSE: t.gettext("Done: the call is closed.")}[action["action_id"]]
        respond(replace_original=False, **blocks.ephemeral(text))
        deliver(runtime, ids)

    app.view(blocks.MEETING_MODAL)(on_meeting_submitted)
    app.action(blocks.family(blocks.ACTION_RSVP))(on_card_button)
    for action_id in (blocks.ACTION_MEETING_ICS, blocks.ACTION_MEETING_MOVE, blocks.ACTION_MEETING_CANCEL):
        app.action(action_id)(on_card_button)
    app.action(blocks.ACTION_HARVEST_LESSON)(on_harvest)
    for action_id in (blocks.ACTION_FOLLOW_PING, blocks.ACTION_FOLLOW_REPOST, blocks.ACTION_FOLLOW_CLOSE):
        app.action(action_id)(on_follow_up)
    reflections = register_reflections(app, runtime)
    return reflections.merge(Registered(views={blocks.MEETING_MODAL},
                      actions={blocks.ACTION_RSVP, blocks.ACTION_MEETING_ICS, blocks.ACTION_MEETING_MOVE,
                               blocks.ACTION_MEETING_CANCEL, blocks.ACTION_HARVEST_LESSON, blocks.ACTION_FOLLOW_PING,
                               blocks.ACTION_FOLLOW_REPOST, blocks.ACTION_FOLLOW_CLOSE}))



def register_reflections(app: App, runtime: Runtime) -> Registered:
    """The quarterly reflection: the DM's button opens the three questions; answers are stored."""

    def on_reflect(ack: Ack, body: dict, action: dict) -> None:
        ack()
        in_background(runtime, lambda: reflect(body, action), opens_form=True)

    def reflect(body: dict, action: dict) -> None:
        raw_id, _, quarter = (action.get("value") or "").partition(":")
        with runtime.db.session() as session:
            language = follow_ups.community_language(session, team_id=body["team"]["id"], community_id=_int(raw_id))
        if language is None:
            return
        runtime.notifier.call("views.open", {"trigger_id": body["trigger_id"], "view": blocks.reflection_modal(
            translator(language), metadata=json.dumps({"community_id": _int(raw_id), "quarter": quarter}))})

    def on_reflection_submitted(ack: Ack, body: dict, view: dict) -> None:
        metadata = json.loads(view.get("private_metadata") or "{}")
        values = _values(view)

        def text(block: str) -> str:
            return ((values.get(block) or {}).get("value") or {}).get("value") or ""

        with runtime.db.session() as session:
            follow_ups.record_reflection(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                         community_id=_int(str(metadata.get("community_id"))),
                                         quarter=str(metadata.get("quarter") or "")[:8], got=text("got"),
                                         brought=text("brought"), change=text("change"))
        ack()

    app.action(blocks.ACTION_REFLECT)(on_reflect)
    app.view(blocks.REFLECTION_MODAL)(on_reflection_submitted)
    return Registered(actions={blocks.ACTION_REFLECT}, views={blocks.REFLECTION_MODAL})
