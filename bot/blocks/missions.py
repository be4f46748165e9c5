"""The community's mission, objectives and strategic themes; what was done on those themes."""

from collections.abc import Sequence

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import fit_mrkdwn, mrkdwn

ACTION_MISSION_EDIT = "cop_mission_edit"
MISSION_MODAL = "cop_mission_modal"
MISSION_TEXT_MAX = 1500
OBJECTIVE_TEXT_MAX = 200
THEMES_TEXT_MAX = 300
ASKS_TEXT_MAX = 300


def theme_line(t: Translator, progress) -> str:
    """``#triage: 4 calls asked, 3 resolved · 2 lessons`` (a topic key needs no escaping)."""
    return t.gettext("#{theme}: {asked}, {resolved} · {lessons}", theme=progress.theme,
                     asked=t.ngettext("{n} call asked", "{n} calls asked", progress.asked),
                     resolved=t.ngettext("{n} resolved", "{n} resolved", progress.resolved),
                     lessons=t.ngettext("{n} lesson", "{n} lessons", progress.lessons))


def theme_section(t: Translator, themes: list, objectives: Sequence[str] = ()) -> list[str]:
    """The compact section of /cop stats and the monthly report: the objectives the figures answer to, then
    each theme's figures; nothing when the community has neither."""
    lines = []
    if objectives:
        lines.append(t.gettext("*Objectives*"))
        lines += [f"{n}. {fit_mrkdwn(o, 250)}" for n, o in enumerate(objectives, start=1)]
    if themes:
        lines.append(t.gettext("*Strategic themes*"))
        lines += ["• " + theme_line(t, progress) for progress in themes]
    return lines


def objectives_of(community) -> list[str]:
    """A community's objectives, one a line as stored (none when it has no mission, or no community)."""
    stored = getattr(community, "objectives", "") or ""
    return [o for o in stored.split("\n") if o.strip()]


def mission_view(t: Translator, *, community_name: str, community_id: int, mission: str, objectives: list[str],
                 themes: list[str], asks: str, can_edit: bool) -> dict:
    """``/cop mission``: what the community is for (ephemeral); founders get the button that edits it."""
    parts = []  # the mission (up to 1,500 characters) in its own section, the rest in another
    if mission.strip() or objectives or themes:
        heading = t.gettext("*Mission of {name}*", name=mrkdwn(community_name))
        parts.append(heading + ("\n" + kit.quote(mission, kit.SECTION_TEXT_MAX - len(heading) - 1)
                                if mission.strip() else ""))
        lines = []
        if objectives:
            lines.append(t.gettext("*Objectives*"))
            lines += [f"{n}. {fit_mrkdwn(o, 250)}" for n, o in enumerate(objectives, start=1)]
        if themes:
            lines.append(t.gettext("*Strategic themes:* {themes}", themes=" ".join("#" + x for x in themes)))
        if asks.strip():
            lines.append(t.gettext("*What we ask of management:* {asks}", asks=fit_mrkdwn(asks, 350)))
        if lines:
            parts.append("\n".join(lines))
    else:
        text = t.gettext("The community *{name}* has no mission yet.", name=mrkdwn(community_name))
        if can_edit:
            text += " " + t.gettext("Say what it is for, its objectives and the themes its figures follow.")
        parts.append(text)
    blocks = [kit.section(part) for part in parts]
    if can_edit:
        blocks.append({"type": "actions", "elements": [
            kit.button(t.gettext("Edit the mission"), ACTION_MISSION_EDIT, str(community_id))]})
    return {"response_type": "ephemeral", "text": kit.fallback(parts[0]), "blocks": blocks}


def mission_modal(t: Translator, *, community_id: int, mission: str, objectives: list[str], themes: list[str],
                  asks: str) -> dict:
    """Founders set the mission, up to three objectives, the strategic themes and what the community asks
    of management, prefilled with the current ones."""
    said = (objectives + ["", "", ""])[:3]
    labels = (t.gettext("First objective"), t.gettext("Second objective"), t.gettext("Third objective"))
    return kit.modal(t, MISSION_MODAL, str(community_id), title=t.gettext("Mission"), submit=t.gettext("Save"),
                     blocks=[
        kit.context(t.gettext("Everyone in the community reads it with `/cop mission`. `/cop stats`, the monthly "
                              "report and the summary for management follow the strategic themes.")),
        kit.text_input("mission", t.gettext("Mission"), multiline=True, optional=True, max_length=MISSION_TEXT_MAX,
                       initial=mission),
        *[kit.text_input(f"objective{i}", label, multiline=False, optional=True, max_length=OBJECTIVE_TEXT_MAX,
                         initial=objective)
          for i, (label, objective) in enumerate(zip(labels, said, strict=True), start=1)],
        kit.text_input("themes", t.gettext("Strategic themes (up to five topics)"), multiline=False, optional=True,
                       max_length=THEMES_TEXT_MAX, initial=" ".join("#" + x for x in themes),
                       placeholder="#triage #nuit"),
        kit.text_input("asks", t.gettext("What we ask of management (optional)"), multiline=False, optional=True,
                       max_length=ASKS_TEXT_MAX, initial=asks,
                       placeholder=t.gettext("For example: two hours a month for members to take part")),
    ])
