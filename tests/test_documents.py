"""Files people download, cell by cell, as Excel reads them in French and in English (bot/documents.py)."""

from datetime import UTC, datetime

import pytest

from bot.documents import csv_table, file_name, with_names
from bot.i18n import translator
from tests.spreadsheet import as_number, as_time, open_in_excel

ROWS = [["Relève; nuit", 3, 22.5, 1687.5, True, None, datetime(2027, 2, 4, 19, 30, 59, 123456, tzinfo=UTC),
         "=HYPERLINK(\"https://evil.example\")", "ligne 1\nligne 2", "- une puce", "«\u00a0citation\u00a0» é"]]


@pytest.mark.parametrize("language, yes, hours, value", [("fr", "Oui", "22,5", "1687,5"),
                                                         ("en", "Yes", "22.5", "1687.5")])
def test_a_table_opens_in_excel_in_the_readers_language(language, yes, hours, value):
    raw = csv_table(translator(language), ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"], ROWS,
                    timezone="America/Toronto").encode()
    header, row = open_in_excel(raw, language)
    assert header == ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"]
    assert row[0] == "Relève; nuit"  # the separator inside a cell is quoted, not split
    assert (as_number(row[1], language), row[2], row[3]) == (3, hours, value)
    assert as_number(row[2], language) == 22.5 and as_number(row[3], language) == 1687.5
    assert (row[4], row[5]) == (yes, "")
    assert as_time(row[6]) == datetime(2027, 2, 4, 14, 30)  # Toronto, to the minute
    assert row[7].startswith("'=") and row[9] == "'- une puce"  # never a formula
    assert row[8] == "ligne 1\nligne 2" and row[10] == "«\u00a0citation\u00a0» é"


def test_french_excel_would_misread_what_english_excel_reads():
    """The reason for two dialects: a comma-separated file, opened by French Excel, is one column."""
    english = csv_table(translator("en"), ["Month", "Hours"], [["2027-01", 22.5]], timezone="UTC").encode()
    assert open_in_excel(english, "fr")[1] == ["2027-01,22.5"]
    with pytest.raises(ValueError):
        as_number("22.5", "fr")


def test_the_time_is_the_wall_clock_time_across_a_daylight_saving_change():
    t = translator("fr")
    before = csv_table(t, ["Quand"], [[datetime(2027, 3, 14, 6, 59, tzinfo=UTC)]], timezone="America/Toronto")
    after = csv_table(t, ["Quand"], [[datetime(2027, 3, 14, 7, 0, tzinfo=UTC)]], timezone="America/Toronto")
    assert open_in_excel(before.encode(), "fr")[1] == ["2027-03-14 01:59"]
    assert open_in_excel(after.encode(), "fr")[1] == ["2027-03-14 03:00"]


def test_file_names_and_people_names():
    assert file_name("Soins cardiaques / Nuit", "bibliothèque", extension="md") == \
        "soins-cardiaques-nuit-bibliothèque.md"
    assert file_name("cop-bot", "my data", extension="json") == "cop-bot-my-data.json"
    names = {"U0AAAAAAA": "Léa"}
    assert with_names("Merci <@U0AAAAAAA>, <@U0BBBBBBB|bob> et <@U0CCCCCCC>!", names, "une ancienne personne") == \
        "Merci @Léa, @bob et une ancienne personne!"
