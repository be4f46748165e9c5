"""What a person gets when they double-click a CSV the bot sent them, read as Excel reads it.

Excel (Windows and Mac) opens a double-clicked ``.csv`` with the region's list separator (``;`` in
French, ``,`` in English) and decimal mark (``,`` / ``.``), and decodes it as UTF-8 only when it
starts with a byte-order mark (else as Windows-1252, where « é » shows as « Ã© »). A cell that does
not read as a number in the region's format stays text; ``2027-02-04 14:30`` reads as a date and time.
"""

import codecs
import csv
import io
import re
from datetime import datetime

_NUMBER = {"fr": re.compile(r"-?\d+(,\d+)?"), "en": re.compile(r"-?\d+(\.\d+)?")}


def received_files(bot) -> dict[str, bytes]:
    """Every file the bot uploaded, by the name the person sees, as the bytes they download."""
    return {c.args["filename"]: bot.fake.uploaded_bytes[c.answer["file_id"]]
            for c in bot.fake.calls_to("files.getUploadURLExternal") if c.answer.get("ok")}


def open_in_excel(raw: bytes, language: str) -> list[list[str]]:
    """The cells Excel shows, row by row, in a French or English Windows."""
    text = raw[len(codecs.BOM_UTF8):].decode("utf-8") if raw.startswith(codecs.BOM_UTF8) \
        else raw.decode("cp1252", errors="replace")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if language == "fr" else ","))


def as_number(cell: str, language: str) -> float:
    """The number Excel reads in a cell; ``ValueError`` where it would read text instead."""
    if not _NUMBER[language].fullmatch(cell):
        raise ValueError(f"Excel ({language}) reads {cell!r} as text, not a number")
    return float(cell.replace(",", "."))


def as_time(cell: str) -> datetime:
    """A date and time to the minute, as Excel reads ``2027-02-04 14:30`` in either language."""
    return datetime.strptime(cell, "%Y-%m-%d %H:%M")
