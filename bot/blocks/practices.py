"""Shared practices on a lesson's or resource's card: the proposal, the vote (a tally, never names), the
outcome a facilitator records and a content expert's validation — its history, as the card shows it."""

from dataclasses import dataclass

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import mrkdwn, plain

ACTION_PRACTICE_PROPOSE = "cop_practice_propose"
ACTION_PRACTICE_VOTE = "cop_practice_vote"  # _adopt, _revise, _abstain
ACTION_PRACTICE_OUTCOME = "cop_practice_outcome"  # _adopted, _revised, _not_adopted
ACTION_PRACTICE_VALIDATE = "cop_practice_validate"
PRACTICE_MODAL = "cop_practice_modal"


@dataclass(frozen=True)
class Practice:
    """A library item's standing as a practice, its days written as the community reads them."""

    lesson_id: int
    practice: str = ""  # "", "promising", "shared", "revised", "not_adopted"
    proposed_by: str | None = None
    proposed_on: str = ""
    vote_until: str = ""
    vote_open: bool = False
    tally: tuple[int, int, int] = (0, 0, 0)  # adopt, revise, abstain
    outcome: str | None = None
    outcome_by: str | None = None
    outcome_on: str = ""
    validated_by: str | None = None
    validated_on: str = ""


def _tally(t: Translator, tally: tuple[int, int, int]) -> str:
    adopt, revise, abstain = tally
    return t.gettext("I adopt {adopt} · To revise {revise} · I abstain {abstain}", adopt=t.number(adopt),
                     revise=t.number(revise), abstain=t.number(abstain))


def _outcome(t: Translator, outcome: str, practice: Practice) -> str:
    """The outcome a facilitator recorded (``practice.outcome``, known), by whom and when."""
    words = {"adopted": t.gettext("adopted"), "revised": t.gettext("to be revised"),
             "not_adopted": t.gettext("not adopted")}[outcome]
    return t.gettext("{outcome} (recorded by <@{user}> on {day})", outcome=words, user=practice.outcome_by,
                     day=mrkdwn(practice.outcome_on))


def practice_line(t: Translator, practice: Practice) -> str | None:
    """Its history in one line, as the card and search show it (None: never proposed)."""
    if not practice.practice or not practice.proposed_by:
        return None
    proposed = t.gettext("proposed by <@{user}> on {day}", user=practice.proposed_by, day=mrkdwn(practice.proposed_on))
    if practice.practice == "promising" and practice.vote_open:
        return t.gettext(":seedling: *Promising practice* — {proposed}. Vote until {until}, discuss it in the "
                         "thread: {tally}", proposed=proposed, until=mrkdwn(practice.vote_until),
                         tally=_tally(t, practice.tally))
    if not practice.outcome:  # the vote is over and no outcome is recorded yet (every later stage has one)
        return t.gettext(":seedling: *Promising practice* — {proposed}. Vote closed on {until}: {tally}. A "
                         "facilitator records the outcome.", proposed=proposed, until=mrkdwn(practice.vote_until),
                         tally=_tally(t, practice.tally))
    outcome = _outcome(t, practice.outcome, practice)
    if practice.practice == "shared":
        return t.gettext(":handshake: *Shared practice* — {proposed}; vote until {until} ({tally}); {outcome}; "
                         "validated by <@{expert}> on {day}", proposed=proposed, until=mrkdwn(practice.vote_until),
                         tally=_tally(t, practice.tally), outcome=outcome, expert=practice.validated_by,
                         day=mrkdwn(practice.validated_on))
    if practice.practice == "promising":
        return t.gettext(":seedling: *Promising practice* — {proposed}; vote until {until} ({tally}); {outcome}. "
                         "A content expert of its topics validates it.", proposed=proposed,
                         until=mrkdwn(practice.vote_until), tally=_tally(t, practice.tally), outcome=outcome)
    return t.gettext("Proposed as a shared practice — {proposed}; vote until {until} ({tally}); {outcome}",
                     proposed=proposed, until=mrkdwn(practice.vote_until), tally=_tally(t, practice.tally),
                     outcome=outcome)


def practice_blocks(t: Translator, practice: Practice) -> tuple[list[dict], list[dict]]:
    """The card's practice line, and the buttons its stage calls for (to join the card's actions)."""
    line = practice_line(t, practice)
    value = str(practice.lesson_id)
    if practice.practice == "promising" and practice.vote_open:
        buttons = [kit.button(t.gettext("I adopt"), f"{ACTION_PRACTICE_VOTE}_adopt", value),
                   kit.button(t.gettext("To revise"), f"{ACTION_PRACTICE_VOTE}_revise", value),
                   kit.button(t.gettext("I abstain"), f"{ACTION_PRACTICE_VOTE}_abstain", value)]
    elif practice.practice == "promising" and not practice.outcome:
        buttons = [kit.button(t.gettext("Adopted"), f"{ACTION_PRACTICE_OUTCOME}_adopted", value),
                   kit.button(t.gettext("To be revised"), f"{ACTION_PRACTICE_OUTCOME}_revised", value),
                   kit.button(t.gettext("Not adopted"), f"{ACTION_PRACTICE_OUTCOME}_not_adopted", value)]
    elif practice.practice == "promising":
        buttons = [kit.button(t.gettext("Validate the practice"), ACTION_PRACTICE_VALIDATE, value, style="primary")]
    elif practice.practice == "shared":
        buttons = []
    else:
        buttons = [kit.button(t.gettext("Propose as shared practice"), ACTION_PRACTICE_PROPOSE, value)]
    return ([kit.context(line)] if line else []), buttons


def practice_modal(t: Translator, *, metadata: str, title: str, earliest: str) -> dict:
    """Propose a lesson or resource as a shared practice: until when members vote (``earliest``: tomorrow)."""
    return kit.modal(t, PRACTICE_MODAL, metadata, title=t.gettext("Shared practice"), submit=t.gettext("Propose"),
                     blocks=[
        kit.section(t.gettext("*{title}* will be put to the community's vote: *I adopt*, *To revise* or *I "
                              "abstain*, counted without names. Members discuss it in the card's thread.",
                              title=mrkdwn(plain(title, 150)))),
        {"type": "input", "block_id": "until", "label": {"type": "plain_text", "text": t.gettext("Vote until")},
         "element": {"type": "datepicker", "action_id": "value", "initial_date": earliest}},
    ])


ACTION_PRACTICE_OPEN = "cop_practice_open"


def open_practice_button(t: Translator, lesson_id: int, url: str) -> dict:
    """*Open* on a practice found by search: Slack opens its card, and tells the bot who relied on it (to
    tell them when it is revised or made obsolete)."""
    button = kit.button(t.gettext("Open"), ACTION_PRACTICE_OPEN, str(lesson_id))
    button["url"] = url
    return button


@dataclass(frozen=True)
class ChangedPractice:
    title: str
    news: str  # "revised", "updated", "obsolete"
    channel_id: str
    link: str | None  # to its card, as Slack gave it


def practices_changed(t: Translator, *, community_name: str, changed: list[ChangedPractice]) -> dict:
    """To a member who opened or exported practices: those revised or made obsolete since, in one message."""
    intro = t.ngettext("A practice of *{name}* you relied on has changed:",
                       "*{n}* practices of *{name}* you relied on have changed:", len(changed),
                       name=mrkdwn(plain(community_name, 100)))
    lines = []
    for item in changed[:kit.MESSAGE_BLOCKS_MAX - 2]:
        title = kit.link(item.link, plain(item.title, 150), item.channel_id) if item.link else \
            f"*{mrkdwn(plain(item.title, 150))}* (<#{item.channel_id}>)"
        what = {"revised": t.gettext("to be revised: the community's vote asked for changes; follow its card before "
                                     "relying on it again"),
                "updated": t.gettext("updated: its content changed since the community adopted it; read it again")
                }.get(item.news) or t.gettext("marked obsolete: kept for the record, no longer the practice")
        lines.append(kit.section(f"• {title} — {what}"))
    return {"text": kit.fallback(t.gettext("Practices you relied on have changed")),
            "blocks": [kit.section(intro), *lines]}
