"""Files people download — CSV tables, Markdown, charts — made to open right where they work.

A French community's CSV opens in French Excel as it is double-clicked: ``;`` between fields (French
Excel's list separator, since ``,`` is its decimal mark), ``,`` decimals, UTF-8 with a byte-order mark
(without it, Excel reads UTF-8 as Windows-1252 and « é » shows as « Ã© »), and times in the community's
time zone, to the minute (``2027-02-04 14:30``, which Excel reads as a date and time in either
language). An English community's CSV keeps ``,`` between fields and ``.`` decimals, and gets the BOM
too: other programs (Python's ``utf-8-sig``, LibreOffice, Google Sheets, pandas) skip it, and it keeps
accented names right in Excel, which an English community in Québec has plenty of.

Text people wrote never becomes a formula: a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab
or carriage return) gets a leading apostrophe, which Excel shows as text (OWASP's advice against
CSV injection). Figures are written by us as numbers and are left alone.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.i18n import Translator
from bot.text import USER_MENTION

BOM = "\ufeff"


class FrenchExcel(csv.excel):
    """French Excel (Windows and Mac, fr-CA and fr-FR): fields separated by ``;``."""

    delimiter = ";"


DIALECTS: dict[str, type[csv.Dialect]] = {"fr": FrenchExcel, "en": csv.excel}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Number(float):
    """A figure written as a number in the reader's decimal mark (``1,5`` / ``1.5``), two decimals at most."""


def local_minute(moment: datetime, timezone: str) -> str:
    """``2027-02-04 14:30``: the wall-clock time where the community is, to the minute."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def cell(t: Translator, value, timezone: str) -> str:
    """One value as a spreadsheet in the reader's language expects it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t.gettext("Yes") if value else t.gettext("No")
    if isinstance(value, datetime):
        return local_minute(value, timezone)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_decimal(value, format="0.##", locale=t.locale)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_table(t: Translator, header: Sequence[str], rows: Iterable[Sequence], *, timezone: str) -> str:
    """A CSV document (a string starting with the BOM) in the reader's language's conventions."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, dialect=DIALECTS.get(t.language, csv.excel))
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(t, value, timezone) for value in row])
    return buffer.getvalue()


def file_name(*parts: str, extension: str) -> str:
    """``soins-cardiaques-bibliothèque.md``: lower case, words joined by hyphens, accents kept (Slack,
    Windows and macOS all take them), nothing a file system refuses."""
    words = [re.sub(r"[^\w]+", "-", part.lower()).strip("-_") for part in parts]
    return "-".join(w for w in words if w) + "." + extension


def with_names(text: str, names: dict[str, str], nobody: str) -> str:
    """Text with each ``<@U…>`` mention written as ``@Name`` (else the label Slack sent with it, else
    ``nobody``: « une ancienne personne membre »): a document shows no raw Slack id."""
    def named(match: re.Match) -> str:
        name = names.get(match.group(1)) or match.group(0)[2:-1].partition("|")[2]
        return "@" + name if name else nobody

    return USER_MENTION.sub(named, text)
