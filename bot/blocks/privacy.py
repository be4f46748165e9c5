"""What a person sees about their own data: the confirmation before being forgotten, the
founders' prompt when someone leaves the workspace, and the audit trail founders and IT contacts read."""

import re
from dataclasses import dataclass
from datetime import datetime

from bot.blocks import kit
from bot.blocks.people import role_label
from bot.i18n import N_, Translator
from bot.text import mrkdwn

__all__ = ["ACTION_FORGET_DEPARTED", "FORGET_MODAL", "AuditLine", "audit_trail", "forget_departed_prompt",
           "forget_modal"]

FORGET_MODAL = "cop_privacy_forget"
ACTION_FORGET_DEPARTED = "cop_privacy_forget_departed"


def forget_modal(t: Translator, *, metadata: str, user_id: str, self_: bool) -> dict:
    if self_:
        intro = t.gettext("cop-bot will forget you in this workspace: your profile, roles and declared expertise "
                          "are deleted; your calls for help, answers, lessons, meeting answers and reflections stay "
                          "for the community, credited to *a former member* nobody can trace back to you; cards "
                          "that name you are updated. It cannot be undone.")
    else:
        intro = t.gettext("cop-bot will forget <@{user}>, who has left the workspace: their profile, roles and "
                          "expertise are deleted, and what they contributed stays credited to *a former member* "
                          "nobody can trace back to them. It cannot be undone.", user=user_id)
    return kit.modal(t, FORGET_MODAL, metadata, title=t.gettext("Forget"), submit=t.gettext("Forget"),
                     blocks=[kit.section(intro)])


def forget_departed_prompt(t: Translator, *, user_id: str) -> dict:
    text = t.gettext("<@{user}> has left the workspace. Should cop-bot forget them? Their profile, roles and "
                     "expertise would be deleted, and what they contributed would stay, credited to a former "
                     "member.", user=user_id)
    button = kit.button(t.gettext("Forget them"), ACTION_FORGET_DEPARTED, user_id, style="danger")
    button["confirm"] = {"title": {"type": "plain_text", "text": t.gettext("Forget them?")},
                         "text": {"type": "plain_text", "text": t.gettext("This cannot be undone.")},
                         "confirm": {"type": "plain_text", "text": t.gettext("Forget")},
                         "deny": {"type": "plain_text", "text": t.gettext("Cancel")}, "style": "danger"}
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": [button]}]}


@dataclass(frozen=True)
class AuditLine:
    """One event of the audit trail as stored: codes and ids (storage/models.py ``AuditEvent``)."""

    at: datetime
    user_id: str  # a Slack id, or ``BOT`` for the bot's own scheduled work
    action: str  # "role.added", "lesson.edited", "settings.rate"…
    detail: str = ""  # "reporter <@U…>", "lesson 12", "self", "calls=3 rsvps=2"… or what a person typed


BOT = "cop-bot"
# What was done, said of the person who did it (their mention comes first).
AUDIT_ACTIONS = {
    "charter.changed": N_("changed the charter"), "mission.changed": N_("set the mission"),
    "library.exported": N_("exported the library"),
    "privacy.exported": N_("downloaded their data"),
    "glossary.added": N_("added to the glossary"), "glossary.removed": N_("removed from the glossary"),
    "profile.saved": N_("updated their profile"), "profile.removed": N_("removed their profile"),
}
AUDIT_ROLES = {"role.added": N_("gave the role “{role}” to {person}"),
               "role.removed": N_("took back the role “{role}” from {person}")}
AUDIT_NUMBERED = {
    "lesson.edited": N_("edited lesson {number}"), "lesson.deleted": N_("deleted lesson {number}"),
    "lesson.validated": N_("confirmed lesson {number} is still true"),
    "lesson.obsolete": N_("marked lesson {number} obsolete"),
    "resource.edited": N_("edited resource {number}"),
    "practice.proposed": N_("proposed item {number} as a shared practice"),
    "practice.adopted": N_("recorded that item {number} was adopted as a practice"),
    "practice.revised": N_("recorded that item {number} is to be revised"),
    "practice.not_adopted": N_("recorded that item {number} was not adopted as a practice"),
    "practice.validated": N_("validated item {number} as a shared practice"),
    "meeting.moved": N_("moved meeting {number}"), "meeting.cancelled": N_("cancelled meeting {number}"),
    "minutes.written": N_("wrote the minutes of meeting {number}"),
    "minutes.edited": N_("edited the minutes of meeting {number}"),
}
# Who was forgotten, as a code (older events hold the English words).
AUDIT_FORGOTTEN = {"self": N_("asked cop-bot to forget them"), "at their request": N_("asked cop-bot to forget them"),
                   "departed": N_("had cop-bot forget someone who had left the workspace"),
                   "someone who had left": N_("had cop-bot forget someone who had left the workspace")}
# The words of /cop settings (each language's, as typed) → what the setting is called.
AUDIT_SETTINGS = {
    **dict.fromkeys(("timezone", "fuseau"), N_("the time zone")),
    **dict.fromkeys(("quiet", "silence"), N_("the quiet hours")),
    **dict.fromkeys(("weekends", "fins-de-semaine"), N_("the weekends")),
    **dict.fromkeys(("reminders", "rappels"), N_("the meeting reminders")),
    **dict.fromkeys(("retention", "conservation", "rétention"), N_("how long the history is kept")),
    **dict.fromkeys(("review", "révision", "revision"), N_("how often lessons are reviewed")),
    **dict.fromkeys(("rate", "taux"), N_("the hourly value of members' time")),
    **dict.fromkeys(("reflection",), N_("the reflection questions")),
}
_ROLE_DETAIL = re.compile(r"^(\w+) (<@[UW][A-Z0-9]+>)$")
_NUMBERED_DETAIL = re.compile(r"^\w+ (\d+)$")
_PURGED = re.compile(r"(\w+)=(\d+)")


def _purged(t: Translator, detail: str) -> str:
    counts = {key: int(n) for key, n in _PURGED.findall(detail)}
    words = {
        "calls": lambda n: t.ngettext("{n} call for help", "{n} calls for help", n),
        "reflections": lambda n: t.ngettext("{n} reflection", "{n} reflections", n),
        "rsvps": lambda n: t.ngettext("{n} answer to a meeting invitation", "{n} answers to meeting invitations", n),
        "gaps": lambda n: t.ngettext("{n} search that found nothing", "{n} searches that found nothing", n),
        "attendance": lambda n: t.ngettext("{n} attendance at a meeting", "{n} attendances at meetings", n),
        "profiles": lambda n: t.ngettext("{n} profile left untouched", "{n} profiles left untouched", n),
    }
    gone = [words[key](n) for key, n in counts.items() if n and key in words]
    label = t.gettext("deleted the history past the retention")
    return label + (t.gettext(": {what}", what=", ".join(gone)) if gone else "")


def audit_event(t: Translator, event: AuditLine) -> str:
    """What was done, in words: codes and ids rendered in the reader's language (roles as the roles'
    words, « leçon 12 », « à sa demande »…); what a person typed (a setting, glossary terms) is escaped."""
    action, detail = event.action, event.detail.strip()
    typed = f" — {mrkdwn(detail)}" if detail else ""
    if action in AUDIT_ROLES and (found := _ROLE_DETAIL.match(detail)):
        try:
            role = role_label(t, found.group(1))
        except KeyError:
            role = found.group(1)
        return t.gettext(AUDIT_ROLES[action], role=role, person=found.group(2))
    if action in AUDIT_NUMBERED and (found := _NUMBERED_DETAIL.match(detail)):
        return t.gettext(AUDIT_NUMBERED[action], number=t.number(int(found.group(1))))
    if action == "privacy.forgotten":
        known = AUDIT_FORGOTTEN.get(detail)
        return t.gettext(known) if known else t.gettext("had a person forgotten") + typed
    if action == "retention.purged":
        return _purged(t, detail)
    if action.startswith("settings."):
        name = action.removeprefix("settings.")
        setting = t.gettext(AUDIT_SETTINGS[name]) if name in AUDIT_SETTINGS else mrkdwn(name)
        value = mrkdwn(detail.replace("`", "'"))  # as typed after /cop settings: shown as code
        return t.gettext("changed {setting}", setting=setting) + (f" — `{value}`" if value else "")
    if action in AUDIT_ACTIONS:
        return t.gettext(AUDIT_ACTIONS[action]) + typed
    return mrkdwn(action) + typed


def audit_trail(t: Translator, *, community_name: str, timezone: str, events: list[AuditLine]) -> dict:
    """The community's audit trail, latest first: when, who, what (for founders and IT contacts), as a
    private reply."""
    lines = [t.gettext("*What was done in {name}*, latest first:", name=mrkdwn(community_name))]
    for event in events:
        who = BOT if event.user_id == BOT else f"<@{event.user_id}>"
        lines.append(f"`{t.datetime(event.at, timezone)}` {who} {audit_event(t, event)}")
    if not events:
        lines.append(t.gettext("Nothing yet."))
    return kit.chunked_ephemeral(lines)
