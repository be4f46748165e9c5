"""``/cop mission`` and ``/cop summary``: the community's mission, objectives and strategic themes, and
the quarter's one-page summary for management."""

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import missions
from bot.services.owed import owe_dm, owe_files
from bot.services.results import Outcome
from bot.text import whole_number
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, open_form, t_here
from handlers.requests import Click, Command, Submission
from handlers.wiring import Wiring

MISSION_NOT_ALLOWED = N_("Only the community's founders can set its mission.")


def mission(runtime: Runtime, command: Command) -> None:
    """``/cop mission``: anyone in the community reads it, privately; founders get the button that edits it."""
    with runtime.db.reading() as session:
        found = missions.shown(session, team_id=command.team_id, user_id=command.user_id,
                               channel_id=command.channel_id)
    if found.outcome == Outcome.NOT_A_COMMUNITY or found.community is None:
        answer(runtime, command, t_here(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    community = found.community
    with Turn(runtime, command) as turn:
        turn.reply(blocks.mission_view(translator(community.language), community_name=community.name,
                                       community_id=community.id, mission=community.mission,
                                       objectives=missions.objectives(community), themes=missions.themes(community),
                                       asks=community.asks, can_edit=found.can_edit))


def mission_edit(runtime: Runtime, click: Click) -> None:
    """Founders edit the mission in a form, prefilled with the current one."""
    with runtime.db.reading() as session:
        found = missions.shown(session, team_id=click.team_id, user_id=click.user_id,
                               community_id=whole_number(click.value) or 0)
    if found.outcome != Outcome.DONE or found.community is None:
        return
    community = found.community
    t = translator(community.language)
    if not found.can_edit:
        answer(runtime, click, t.gettext(MISSION_NOT_ALLOWED), replace=False)
        return
    open_form(runtime, click, blocks.mission_modal(t, community_id=community.id, mission=community.mission,
                                                   objectives=missions.objectives(community),
                                                   themes=missions.themes(community), asks=community.asks))


def mission_submitted(runtime: Runtime, submission: Submission) -> None:
    """The mission saved (and audited). Someone no longer a founder is told privately, and nothing changes."""
    draft = missions.draft_from({name: submission.text(name) for name in (
        "mission", "objective1", "objective2", "objective3", "themes", "asks")})
    with Turn(runtime, submission) as turn:
        outcome, language = missions.set_mission(turn.session, team_id=submission.team_id,
                                                 community_id=whole_number(submission.metadata) or 0,
                                                 user_id=submission.user_id, draft=draft)
        if outcome == Outcome.NOT_ALLOWED:
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"refused:{submission.receipt}",
                            user_id=submission.user_id,
                            message=blocks.ephemeral(translator(language).gettext(MISSION_NOT_ALLOWED))))


def summary(runtime: Runtime, command: Command) -> None:
    """``/cop summary`` (*synthèse*), founders and sponsors: this quarter's one-page summary for management,
    a PDF by DM in the community's language — only when the quarter has something to say. Drawn while
    only reading; the write that owes it is short."""
    with runtime.db.reading() as session:
        found = missions.summary(session, team_id=command.team_id, channel_id=command.channel_id,
                                 user_id=command.user_id)
        document = missions.summary_file(found) if found.outcome == Outcome.DONE else None
    if found.outcome == Outcome.NOT_A_COMMUNITY or found.community is None:
        answer(runtime, command, t_here(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(found.community.language)
    if found.outcome == Outcome.NOT_ALLOWED:
        answer(runtime, command, t.gettext("The summary for management is for the community's founders and "
                                           "sponsors."))
        return
    if found.outcome == Outcome.EMPTY:
        answer(runtime, command, t.gettext("Nothing to put in a summary yet for {quarter}: no call for help, "
                                           "lesson or meeting this quarter. Try again once the community has been "
                                           "at work.", quarter=t.quarter(found.quarter)))
        return
    if document is None:  # drawn for a DONE summary only: every other outcome was told above
        return
    with Turn(runtime, command) as turn:
        turn.owe(owe_files(turn.session, team_id=command.team_id, user_id=command.user_id,
                           key=f"summary:{command.receipt}", files=[document],
                           comment=t.gettext("The summary of {quarter} for management, on one page: the mission, "
                                             "what the community did and saved, in its members' words.",
                                             quarter=t.quarter(found.quarter))))
        turn.say(t.gettext("I sent it to you by direct message."))


def register(wiring: Wiring) -> None:
    wiring.action(blocks.ACTION_MISSION_EDIT, mission_edit, opens_form=True)
    wiring.view(blocks.MISSION_MODAL, mission_submitted)
