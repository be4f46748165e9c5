"""Roles, who to ask, newcomers and the charter."""

from dataclasses import dataclass

from bot.blocks import kit
from bot.blocks.profiles import ProfileSummary, profile_line
from bot.i18n import Translator
from bot.text import Names, mrkdwn

ACTION_MENTOR_DONE = "cop_mentor_done"
ACTION_CHARTER_EDIT = "cop_charter_edit"
CHARTER_MODAL = "cop_charter_modal"
CHARTER_MAX = 2900


def role_label(t: Translator, role: str) -> str:
    return {
        "founder": t.gettext("Founder"),
        "animator": t.gettext("Facilitator"),
        "member": t.gettext("Member"),
        "expert": t.gettext("Content expert / watcher"),
        "reporter": t.gettext("Reporter"),
        "sponsor": t.gettext("Sponsor / mentor"),
        "it": t.gettext("IT contact"),
    }[role]


def role_duty(t: Translator, role: str) -> str:
    return {
        "founder": t.gettext("starts the community, shapes its mission and goals"),
        "animator": t.gettext("leads, organises, keeps exchanges going, follows up, links with outside "
                              "collaborators"),
        "member": t.gettext("takes part in the activities"),
        "expert": t.gettext("holds expertise on topics, watches and validates content"),
        "reporter": t.gettext("turns presentations, meetings and threads into documents and lessons"),
        "sponsor": t.gettext("gives the community visibility and recognition, welcomes and integrates "
                             "newcomers, explains its norms"),
        "it": t.gettext("maintains the tools, rights and access"),
    }[role]


def role_changed(t: Translator, *, role: str, community_name: str, channel_id: str, actor_id: str, removed: bool,
                 topics: list[str]) -> dict:
    """The DM to the person whose role changed."""
    if removed:
        text = t.gettext("<@{actor}> removed your role *{role}* in the community *{name}* (<#{channel}>).",
                         actor=actor_id, role=role_label(t, role), name=mrkdwn(community_name), channel=channel_id)
    else:
        text = t.gettext("<@{actor}> gave you the role *{role}* in the community *{name}* (<#{channel}>).",
                         actor=actor_id, role=role_label(t, role), name=mrkdwn(community_name), channel=channel_id)
        text += f"\n*{role_label(t, role)}* — {role_duty(t, role)}"
        if topics:
            text += "\n" + t.gettext("Your topics: {topics}", topics=" ".join("#" + mrkdwn(x) for x in topics))
    return {"text": kit.fallback(text), "blocks": [kit.section(text)]}


def roles_list(t: Translator, community_name: str, holders: dict[str, list[str]],
               watched: dict[str, list[str]]) -> dict:
    """Ephemeral: every role, what it does, and who holds it."""
    lines = [t.gettext("*Roles in the community {name}*", name=mrkdwn(community_name))]
    for role, people in holders.items():
        who = ", ".join(f"<@{u}>" + (" (" + " ".join("#" + mrkdwn(x) for x in watched.get(u, [])) + ")"
                                     if role == "expert" and watched.get(u) else "") for u in people)
        lines.append(f"• *{role_label(t, role)}* — {role_duty(t, role)}\n    " + (who or "_" + t.gettext("nobody yet")
                                                                                      + "_"))
    lines.append(t.gettext("Founders, facilitators and IT contacts give roles with `/cop role @someone <role>`."))
    return kit.chunked_ephemeral(lines)


@dataclass(frozen=True)
class Expert:
    user_id: str
    content_expert: bool
    declared: bool
    helped: int | None  # resolved calls on the topic; None when they opted out of rankings
    profile: ProfileSummary | None = None  # who they are, when they said it (/cop profile)


def who_knows(t: Translator, topic: str, experts: list[Expert]) -> dict:
    if not experts:
        return kit.ephemeral(t.gettext("Nobody has declared #{topic} yet, and nobody has helped resolve a question on "
                                   "it. Ask everyone with `/cop ask <question> #{topic}`.", topic=mrkdwn(topic)))
    lines = [t.gettext("*Who to ask about #{topic}*", topic=mrkdwn(topic))]
    for rank, expert in enumerate(experts, start=1):
        why = []
        if expert.content_expert:
            why.append(t.gettext("content expert"))
        if expert.declared:
            why.append(t.gettext("declared expertise"))
        if expert.helped:
            why.append(t.ngettext("helped resolve {n} question", "helped resolve {n} questions", expert.helped))
        line = f"{rank}. <@{expert.user_id}> — " + ", ".join(why)
        if expert.profile is not None and (said := profile_line(t, expert.profile)):
            line += f"\n    _{said}_"
        lines.append(line)
    return kit.chunked_ephemeral(lines)


def welcome(t: Translator, *, community_name: str, channel_id: str, charter: str, mentor_id: str | None) -> dict:
    """The DM a newcomer gets when they join a community's channel."""
    text = t.gettext(":wave: Welcome to the community of practice *{name}* (<#{channel}>)!",
                     name=mrkdwn(community_name), channel=channel_id)
    blocks = [kit.section(text)]
    if charter.strip():
        heading = t.gettext("*Our charter*")
        blocks.append(kit.section(heading + "\n" + kit.quote(charter, kit.SECTION_TEXT_MAX - len(heading) - 1)))
    blocks.append(kit.section("\n".join([
        t.gettext("*How it works here*"),
        t.gettext("• Stuck? `/cop ask <your question> #topic` asks your peers; react :raised_hand: to offer help."),
        t.gettext("• `/cop search <words>` finds past lessons and answers before you ask."),
        t.gettext("• `/cop who <topic>` tells you who to ask."),
    ])))
    blocks.append(kit.section(t.gettext("*What do you know well?* Declare it so that peers can find you: "
                                     "`/cop expertise add #topic1 #topic2`")))
    if mentor_id:
        blocks.append(kit.context(t.gettext("<@{mentor}> will be your mentor and introduce you.", mentor=mentor_id)))
    return {"text": kit.fallback(text), "blocks": blocks}


def welcome_not_delivered(t: Translator, *, newcomer_id: str, channel_id: str, other_organisation: bool,
                          take: str | None = None) -> dict:
    """To the animators: Slack did not let the bot write to a newcomer directly (``take``: the "I'll take
    it" button of a copy that went to several)."""
    why = t.gettext("they belong to another organisation, whose workspace has not installed cop-bot") \
        if other_organisation else t.gettext("Slack does not let cop-bot write to them directly")
    text = t.gettext("cop-bot could not send <@{newcomer}> its welcome message: {why}. They saw it privately in "
                     "<#{channel}> instead. Could someone welcome them in person?",
                     newcomer=newcomer_id, why=why, channel=channel_id)
    blocks = [kit.section(text)]
    if take:
        blocks.append({"type": "actions", "elements": [kit.take_it_button(t, take)]})
    return {"text": kit.fallback(text), "blocks": blocks}


def mentor_request(t: Translator, *, newcomer_id: str, community_name: str, channel_id: str,
                   membership_id: int) -> dict:
    text = t.gettext("<@{newcomer}> just joined the community *{name}* (<#{channel}>). As their mentor, could you "
                     "welcome them, introduce them to the others and explain how the community works?",
                     newcomer=newcomer_id, name=mrkdwn(community_name), channel=channel_id)
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": [
        kit.button(t.gettext("Done: I introduced them"), ACTION_MENTOR_DONE, str(membership_id), style="primary")]}]}


def charter_view(t: Translator, *, community_name: str, charter: str, can_edit: bool, community_id: int) -> dict:
    if charter.strip():
        heading = t.gettext("*Charter of {name}*", name=mrkdwn(community_name))
        text = heading + "\n" + kit.quote(charter, kit.SECTION_TEXT_MAX - len(heading) - 1)
    else:
        text = t.gettext("The community *{name}* has no charter yet.", name=mrkdwn(community_name))
    blocks = [kit.section(text)]
    if can_edit:
        blocks.append({"type": "actions", "elements": [
            kit.button(t.gettext("Edit the charter"), ACTION_CHARTER_EDIT, str(community_id))]})
    return {"response_type": "ephemeral", "text": kit.fallback(text), "blocks": blocks}


def charter_modal(t: Translator, *, community_id: int, charter: str, names: Names | None = None) -> dict:
    return kit.modal(t, CHARTER_MODAL, str(community_id), title=t.gettext("Charter"), submit=t.gettext("Save"),
                  blocks=[kit.text_input("charter", t.gettext("Norms and policies newcomers are welcomed with"),
                                 multiline=True, optional=True, max_length=CHARTER_MAX, initial=charter,
                                 names=names)])


# Slack's refusals of a DM that the workspace's settings cause (the others come from the person written to).
WORKSPACE_DM_REFUSALS = frozenset({"not_allowed_token_type", "restricted_action", "messages_tab_disabled",
                                   "not_allowed"})


def tool_problem(t: Translator, *, kind: str, community_name: str, channel_id: str, detail: str) -> dict:
    """To the community's IT contacts (or founders): what does not work, and how to fix it."""
    if kind == "removed":
        text = t.gettext(":wrench: cop-bot is no longer in <#{channel}>, the home of *{name}*: calls for help, "
                         "lessons and meetings cannot be posted there.", channel=channel_id,
                         name=mrkdwn(community_name))
        fix = t.gettext("*To fix it:* in <#{channel}>, type `/invite @cop-bot` (or add the app from the channel's "
                        "settings, under Integrations).", channel=channel_id)
    elif kind == "dm":
        text = t.gettext(":wrench: Slack refuses cop-bot's direct messages to members of *{name}* (`{error}`): what "
                         "it writes to them privately (roles, reminders, follow-ups) does not reach them.",
                         name=mrkdwn(community_name), error=mrkdwn(detail))
        fix = t.gettext("*To fix it:* in the workspace's settings, let apps send direct messages to members, and in "
                        "cop-bot's app settings keep its App Home *Messages* tab on; reinstall cop-bot if it was "
                        "installed without its bot token.") if detail in WORKSPACE_DM_REFUSALS else \
            t.gettext("*To fix it:* check that the people the community names (roles, content experts, guests) are "
                      "active members of this workspace, and people rather than bots; a member of another "
                      "organisation can be written to once their workspace installs cop-bot.")
    elif kind == "dead_letters":
        text = t.gettext(":wrench: Requests of *{name}*'s members kept failing and were set aside (dead letters): "
                         "what they did then has not happened yet.", name=mrkdwn(community_name))
        fix = t.gettext("*To fix it:* on the server, `cop-bot dead-letters list` shows them and the log says why "
                        "they failed; once the cause is fixed, `cop-bot dead-letters replay all` runs them again "
                        "(or `cop-bot dead-letters drop N` discards one).")
    else:
        text = t.gettext(":wrench: Slack refuses cop-bot a permission it needs in *{name}* (for `{method}`).",
                         name=mrkdwn(community_name), method=mrkdwn(detail))
        fix = t.gettext("*To fix it:* reinstall cop-bot from its page in your workspace's app directory, so that "
                        "the workspace grants every permission of its manifest.")
    note = t.gettext("You get this because you are the community's IT contact (its founders when it has none); at "
                     "most once a day while it lasts, and your Home tab shows it until it is solved.")
    return {"text": kit.fallback(text), "blocks": [kit.section(text + "\n" + fix), kit.context(note)]}
