"""``/cop privacy`` (*confidentialité*): a person's own data (Québec's Law 25).

- ``export``: by direct message, everything cop-bot holds about them in this workspace, as JSON and
  CSV files, in their own language (the right to a copy);
- ``forget``: after a confirmation, their identity removed everywhere (bot/services/privacy.py).
  A founder or animator can do it for someone Slack says has left the workspace; when someone
  leaves (``user_change`` with ``deleted``), the founders and animators of their communities are
  asked whether to.
"""

import json
import logging
import re

from bot import blocks, doctor
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import audit, people, privacy, tool_problems
from bot.services.owed import owe_dm, owe_files
from bot.services.results import Outcome
from bot.slack_terms import SlackRefused
from bot.text import USER_MENTION, first_word, fold, mrkdwn
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, open_form, t_here
from handlers.requests import Click, Command, Event, Submission
from handlers.wiring import Wiring

logger = logging.getLogger(__name__)

USAGE = N_("`/cop privacy export` sends you, by direct message, everything cop-bot holds about you in this "
           "workspace (your roles, calls for help, offers, answers, lessons, expertise, meeting answers, "
           "reflections…), as JSON and CSV files. `/cop privacy forget` makes cop-bot forget you.")
ONLY_DEPARTED = N_("You can only make cop-bot forget someone else when they have left the workspace and you are a "
                   "founder or facilitator of one of their communities.")
DONE_SELF = N_("Done: cop-bot no longer holds anything that identifies you in this workspace.")
DONE_OTHER = N_("Done: cop-bot has forgotten this person.")
EXPORT_WORDS = {"export", "exporter", "copie", "copy"}
FORGET_WORDS = {"forget", "oublier", "oubli", "effacer"}


def _language(runtime: Runtime, team_id: str, user_id: str) -> str:
    return people.language(people.person(runtime.db, runtime.slack(team_id), team_id=team_id, user_id=user_id))


def _has_left(runtime: Runtime, team_id: str, user_id: str) -> bool:
    """Slack says so now (never the cached profile)."""
    try:
        return runtime.slack(team_id).person(user_id).deleted
    except SlackRefused:
        return False


def privacy_command(runtime: Runtime, command: Command) -> None:
    person = people.person(runtime.db, runtime.slack(command.team_id), team_id=command.team_id,
                           user_id=command.user_id)
    language = people.language(person)
    t = translator(language)  # the person's own language (and time zone), wherever they type it
    word, rest = first_word(command.text)
    if fold(word) in FORGET_WORDS:
        mentioned = USER_MENTION.search(rest)
        target = mentioned.group(1) if mentioned else command.user_id
        if target != command.user_id:
            with runtime.db.reading() as session:
                allowed = privacy.may_forget_for_others(session, team_id=command.team_id,
                                                        steward_id=command.user_id, user_id=target)
            if not allowed or not _has_left(runtime, command.team_id, target):
                answer(runtime, command, t.gettext(ONLY_DEPARTED))
                return
        open_form(runtime, command, blocks.forget_modal(t, metadata=json.dumps({"user_id": target}), user_id=target,
                                                        self_=target == command.user_id))
        return
    if fold(word) not in EXPORT_WORDS:
        answer(runtime, command, t.gettext(USAGE))
        return
    with runtime.db.reading() as session:
        found = privacy.personal_data(session, team_id=command.team_id, user_id=command.user_id, language=language,
                                      timezone=person.timezone)
    with Turn(runtime, command) as turn:
        turn.owe(owe_files(turn.session, team_id=command.team_id, user_id=command.user_id,
                           key=f"privacy-export:{command.receipt}", files=found.files,
                           comment=t.gettext("Everything cop-bot holds about you: {rows} in {tables}.",
                                             rows=t.ngettext("{n} record", "{n} records", found.rows),
                                             tables=t.ngettext("{n} table", "{n} tables", len(found.tables)))))
        turn.say(t.gettext("I sent you everything cop-bot holds about you by direct message."))
        audit.record(turn.session, team_id=command.team_id, community_id=None, user_id=command.user_id,
                     action="privacy.exported")


def _forget(runtime: Runtime, request, target: str, language: str) -> bool:
    """Forget ``target`` if the request's person may: themselves, or someone who has left (for a
    founder or animator of their communities). Re-checked here, whatever the form or button said."""
    if target != request.user_id:
        with runtime.db.reading() as session:
            allowed = privacy.may_forget_for_others(session, team_id=request.team_id, steward_id=request.user_id,
                                                    user_id=target)
        if not allowed or not _has_left(runtime, request.team_id, target):
            logger.warning("A request to forget someone else was refused (not a steward of theirs, or still here)")
            return False
    t = translator(language)
    with Turn(runtime, request) as turn:
        done = privacy.forget(turn.session, team_id=request.team_id, user_id=target)
        turn.owe(done.outbox_ids)
        # Who asked, never whom: a person forgotten at their own request appears as their pseudonym.
        audit.record(turn.session, team_id=request.team_id, community_id=None,
                     user_id=done.pseudonym if target == request.user_id else request.user_id,
                     action="privacy.forgotten", detail="self" if target == request.user_id else "departed")
        message = t.gettext(DONE_SELF) if target == request.user_id else t.gettext(DONE_OTHER)
        if isinstance(request, Click) and request.response_url:
            turn.say(message, replace=True)  # the prompt that named them is replaced
        else:
            turn.owe(owe_dm(turn.session, team_id=request.team_id, key=f"forgotten:{request.receipt}",
                            user_id=request.user_id, message=blocks.ephemeral(message),
                            purpose=privacy.PURPOSE_FORGOTTEN))
    # The journal of acked requests still holds their earlier requests (done, awaiting compaction) and
    # this one: rewritten as soon as this one is done, their id and words leave the disk with it.
    runtime.journal.compact_when_done(request.receipt)
    logger.info("Forgot a person in workspace %s (%d rows)", request.team_id, done.rows)
    return True


def forget_submitted(runtime: Runtime, submission: Submission) -> None:
    try:
        target = str(json.loads(submission.metadata or "{}").get("user_id") or "")
    except (ValueError, AttributeError):
        target = ""
    if re.fullmatch(r"[UW][A-Z0-9]{2,30}", target):
        _forget(runtime, submission, target, _language(runtime, submission.team_id, submission.user_id))


def forget_departed(runtime: Runtime, click: Click) -> None:
    if re.fullmatch(r"[UW][A-Z0-9]{2,30}", click.value):
        _forget(runtime, click, click.value, _language(runtime, click.team_id, click.user_id))


def user_changed(runtime: Runtime, request: Event) -> None:
    """Someone's account was deactivated: the founders and animators of their communities are asked,
    once each, whether cop-bot should forget them."""
    user = request.event.get("user") or {}
    if not user.get("deleted") or not re.fullmatch(r"[UW][A-Z0-9]{2,30}", str(user.get("id") or "")):
        return
    with Turn(runtime, request) as turn:
        for steward, language in privacy.stewards_to_ask(turn.session, team_id=request.team_id, user_id=user["id"]):
            turn.owe(owe_dm(turn.session, team_id=request.team_id, key=f"forget-departed:{user['id']}:{steward}",
                            user_id=steward,
                            message=blocks.forget_departed_prompt(translator(language), user_id=user["id"])))


def register(wiring: Wiring) -> None:
    wiring.view(blocks.FORGET_MODAL, forget_submitted)
    wiring.action(blocks.ACTION_FORGET_DEPARTED, forget_departed)
    wiring.event("user_change", user_changed)


def opens_form(command: Command) -> bool:
    """``forget`` opens the confirmation: first in line, so that it opens within Slack's 3 seconds."""
    return fold(first_word(command.text)[0]) in FORGET_WORDS


def diagnostic(runtime: Runtime, command: Command) -> None:
    """IT contacts and founders: doctor's checks for this community, run from Slack, answered privately in
    the community's language (the workspace's token and scopes, the bot in the channel, requests set aside)."""
    with runtime.db.reading() as session:
        outcome, community = tool_problems.may_diagnose(session, team_id=command.team_id,
                                                        channel_id=command.channel_id, user_id=command.user_id)
    if community is None:
        answer(runtime, command, t_here(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(community.language)
    if outcome == Outcome.NOT_ALLOWED:
        answer(runtime, command, t.gettext("The diagnostic is for the community's IT contacts and founders."))
        return
    # Slack is asked with no transaction open; the answer is owed like any private reply.
    checks = doctor.Doctor(runtime.settings, doctor.find_manifest(), t, client=runtime.slack(command.team_id).client) \
        .run_for_community(runtime.db, team_id=command.team_id, name=community.name, channel_id=community.channel_id)
    with Turn(runtime, command) as turn:
        turn.reply(blocks.chunked_ephemeral([t.gettext("*Diagnostic of {name}*", name=mrkdwn(community.name))]
                                            + [mrkdwn(line) for line in doctor.render(t, checks).split("\n")]))


def audit_command(runtime: Runtime, command: Command) -> None:
    """Founders and IT contacts: the community's audit trail (what was done, by whom, when), in the
    community's language."""
    with runtime.db.reading() as session:
        found = audit.trail(session, team_id=command.team_id, channel_id=command.channel_id,
                            user_id=command.user_id)
    if found.community is None:  # the channel is no community's home
        answer(runtime, command, t_here(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(found.community.language)
    if found.outcome == Outcome.NOT_ALLOWED:
        answer(runtime, command, t.gettext("The audit trail is for the community's founders and IT contacts."))
        return
    with Turn(runtime, command) as turn:
        turn.reply(blocks.audit_trail(t, community_name=found.community.name, timezone=found.community.timezone,
                                      events=[blocks.AuditLine(e.at, e.user_id, e.action, e.detail)
                                              for e in found.events]))
