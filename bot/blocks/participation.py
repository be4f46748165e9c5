"""A member's participation record, as the message they get by DM (the PDF and CSV carry the same)."""

from dataclasses import dataclass

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import mrkdwn, plain


@dataclass(frozen=True)
class RecordText:
    """The record in words, plain text: a title, lines under it, sections of (heading, lines)."""

    title: str
    lines: list[str]
    sections: list[tuple[str, list[str]]]
    nothing: str = ""  # said when there is nothing to report


def participation_message(t: Translator, record: RecordText) -> dict:
    """The record, readable in Slack; a long section is cut, the attached files hold all of it."""
    out = [kit.header(plain(record.title, 150)), kit.context(mrkdwn("\n".join(record.lines)))]
    if record.nothing:
        out.append(kit.section(mrkdwn(record.nothing)))
    for heading, items in record.sections:
        if items:
            out.append(kit.section(f"*{mrkdwn(heading)}*\n" + "\n".join("• " + mrkdwn(i) for i in items)))
    out.append(kit.context(t.gettext("The same record follows as a PDF and a CSV file.")))
    return {"text": kit.fallback(record.title), "blocks": out, "unfurl_links": False, "unfurl_media": False}
