"""What a person sees about their own data: the confirmation before being forgotten, and the
founders' prompt when someone leaves the workspace."""

from bot.blocks import kit
from bot.i18n import Translator

__all__ = ["ACTION_FORGET_DEPARTED", "FORGET_MODAL", "forget_departed_prompt", "forget_modal"]

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
