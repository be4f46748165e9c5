"""docs/people-month.md cannot silently rot: the simulation it was drawn from (bench/people_month.py: the real
bot, signed requests, the strict fake) is run again in both languages and what the page says is checked —
profiles filled and shown, the mission's objectives in June's report, a one-page summary PDF, the IT
contact told once of the bot's removal and the problem cleared, a follow-up taken by one facilitator and
no longer the other's."""

import json
import re
from pathlib import Path

import pytest

from bench import people_month
from bench.people_month import CHANNEL, WORDS, Received, utc
from tests.french_typography import violations
from tests.test_mission import pdf_text

pytestmark = pytest.mark.slow
DOC = Path(__file__).resolve().parent.parent / "docs" / "people-month.md"


@pytest.fixture(scope="module", params=["en", "fr"])
def month(request) -> people_month.Run:
    return people_month.run(request.param)


def got(month: people_month.Run, person: str, kind: str | None = None) -> list[Received]:
    return [e for e in month.log if e.to == person and (kind is None or e.kind == kind)]


def said(entry: Received) -> str:
    return json.dumps(entry.args, ensure_ascii=False)


def test_slack_s_rules_were_kept(month):
    assert month.violations == ""


def test_profiles_are_filled_and_shown_beside_who_and_in_the_directory(month):
    for person in people_month.PROFILES:
        forms = [e.args["callback_id"] for e in got(month, person, "form")]
        assert forms.count("cop_profile_modal") == 1
    who = next(e for e in got(month, "UASKER", "ephemeral") if "UHELPER" in said(e))
    assert "CISSS de la Gaspésie · Gaspé" in said(who) and "CISSS de Laval · Laval" in said(who)
    [home] = got(month, "UASKER", "home")
    directory = people_month._home(home.args, month.language)
    assert all(f"<@{person}>" in directory for person in people_month.PROFILES)
    assert "Capitale-Nationale" in directory


def test_the_it_contact_is_told_once_of_the_removed_bot_and_the_home_line_goes_when_it_is_back(month):
    told = [e for e in got(month, "UIT", "dm") if ":wrench:" in said(e)]
    assert [e.when for e in told] == [utc(14, 10, 5)]  # the second call not posted that day: no second DM
    assert "/invite @cop-bot" in said(told[0])
    # Both calls were refused while it was out; each asker was told privately, nothing reached the channel.
    for user, text in WORDS[month.language]["out_calls"]:
        question = text.rsplit(" #", 1)[0]
        assert any(question in said(e) for e in got(month, user, "dm"))
    before, after = got(month, "UIT", "home")
    assert ":wrench:" in people_month._home(before.args, month.language)
    assert ":wrench:" not in people_month._home(after.args, month.language)
    back = [e for e in got(month, CHANNEL, "channel") if e.when == utc(14, 15, 10)]
    assert len(back) == 1  # asked again once it was back: posted
    assert not [e for e in month.log if e.to != "UIT" and ":wrench:" in said(e) and e.kind == "dm"]


def test_a_facilitator_takes_the_follow_up_and_the_other_no_longer_gets_it(month):
    question = WORDS[month.language]["unanswered"].rsplit(" #", 1)[0]
    for person in ("UANIM", "UANA"):
        copies = [e for e in got(month, person, "dm") if "cop_take_it" in said(e)]
        assert [e.when for e in copies if question in said(e)] == [utc(22, 11)]
    [taken] = [e for e in got(month, "UANA", "updated") if question in said(e)]  # her copy, replaced
    assert taken.when == utc(22, 11, 15) and "cop_take_it" not in said(taken)
    [updated] = got(month, "UANIM", "updated")
    assert "<@UANA>" in said(updated) and question in said(updated) and "cop_take_it" not in said(updated)
    later = [e for e in got(month, "UANIM") if e.when > updated.when and question in said(e)
             and e.kind in ("dm", "updated") and "cop_follow" in said(e)]
    assert later == []  # no copy of the follow-up after it was taken
    [home] = got(month, "UANIM", "home")
    assert "<@UANA>" in people_month._home(home.args, month.language)


def test_one_round_of_introductions_in_group_dms_and_a_we_met_counted(month):
    introduced = [e for e in month.log if e.kind == "group"]
    assert {e.when for e in introduced} == {utc(2, 10, month=7)}  # July's first working day, 10:00
    assert sorted(e.to for e in introduced) == sorted(people_month.PROFILES)  # the four who said yes, once each
    met = [e for e in month.log if e.kind == "updated" and e.when == utc(2, 11, month=7)]
    assert len(met) == 2 and all("cop_we_met" not in said(e) for e in met)  # both of the pair see it
    [pair] = [e for e in introduced if e.to == met[0].to]
    assert "cop_we_met" in said(pair)
    [figures] = [e for e in got(month, "UFOUNDER", "ephemeral") if e.when == utc(2, 11, 30, month=7)]
    assert ("*Introductions:* 2 made · 1 said they met" if month.language == "en"
            else "*Jumelages\u00a0:* 2 proposés · 1 a mené à une conversation") in said(figures)


def test_june_s_report_names_the_objectives_and_shows_each_theme(month):
    form = WORDS[month.language]["mission_form"]
    for person in ("USPONSOR", "UANIM", "UANA"):
        [report] = [e for e in got(month, person, "dm") if ":bar_chart:" in said(e)]
        assert report.when == utc(2, 9, month=7)
        text = "\n".join(b["text"]["text"] for b in report.args["blocks"] if b["type"] == "section")
        assert f"1. {form['objective1']}\n2. {form['objective2']}" in text
        assert re.search(r"• #triage\s?: 1 ", text) and re.search(r"• #perfusion\s?: 2 ", text)


def test_the_sponsor_gets_a_one_page_summary_pdf_in_the_community_s_language(month):
    uploads = got(month, "USPONSOR", "file")  # the summary on the quarter's last day; June's charts on 2 July
    assert [e.when for e in uploads] == [utc(30, 10), utc(2, 9, month=7)]
    name, raw = people_month.summary_pdf(month)
    assert name == ("urgences-nuit-synthèse-2027-q2.pdf" if month.language == "fr"
                    else "urgences-nuit-summary-2027-q2.pdf")
    assert people_month.pdf_pages(raw) == 1
    text = pdf_text(raw)
    form = WORDS[month.language]["mission_form"]
    assert f"1. {form['objective1']}" in text and form["asks"] in text
    assert WORDS[month.language]["story"] in text  # in the member's own words


def test_the_document_shows_both_languages_and_the_summary_as_images():
    doc = DOC.read_text(encoding="utf-8")
    assert "python -m bench.people_month --write docs/people-month.md" in doc
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", doc)
    assert [Path(i).name for i in images] == ["people-month-summary-en-1.png", "people-month-summary-fr-1.png"]
    assert all((DOC.parent / image).is_file() for image in images)
    assert doc.count("never broken") == 1 and doc.count("jamais enfreintes") == 1
    assert people_month.HEADER_FR.rstrip("\n") in doc
    assert violations(people_month.HEADER_FR) == []  # the French introduction, as the OQLF writes it
