"""Every French string follows the OQLF's rules (tests/french_typography.py holds them): each
message of the catalogue, and what the code builds around them — every Block Kit builder rendered
in French with counts of 0, 1, 2 and thousands, meetings at 9 h and 14 h 30 on the first of a
month, and the texts services and handlers compose (the help, the draft agenda, the settings)."""

import inspect
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot import blocks
from bot.i18n import Translator, translator
from bot.services import reflections
from bot.services.reflections import Agenda, Theme
from bot.services.report import Report
from bot.services.stats import Figures, ThemeProgress
from handlers.commands import usage
from tests import french_typography as typo

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "bot/locales/fr/LC_MESSAGES/cop.po"
FRENCH_WORDS = typo.french_subcommand_words()


def _report(found: list[tuple[str, typo.Violation]]) -> str:
    by_rule: dict[str, int] = {}
    for _, v in found:
        by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
    lines = [f"{len(found)} violation(s): " + ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items()))]
    lines += [f"  {where}: {v}" for where, v in found[:400]]
    return "\n".join(lines)


# -- the lint itself --------------------------------------------------------------------------------

NB = typo.NBSP


@pytest.mark.parametrize("text, rules", [
    (f"Rappel{NB}: la rencontre « Triage » commence", ["guillemets", "guillemets"]),
    ("Rappel: la rencontre", ["colon"]),
    ("Pouvez-vous aider ? Merci ! Oui ; non", ["tight", "tight", "tight"]),
    (f"Pouvez-vous aider{NB}?", ["tight"]),
    ("Il a dit “oui” et \"non\"", ["quotes", "quotes", "quotes", "quotes"]),
    ("l'équipe", ["apostrophe"]),
    ("à 09 h 00, à 9:00, à 14h30", ["time", "time", "time", "time"]),
    ("la réflexion de 2027-Q2", ["quarter"]),
    ("le 1 février 2027", ["first"]),
    ("2 900 caractères, 62 %", ["number", "number"]),
    ("1 personnes sur 0, 1 h gagnées, 0 leçons", ["plural", "plural", "plural"]),
    ("invité·e, leçon(s)", ["truncation", "truncation"]),
    ("Seuls les fondateurs et les animateurs", ["doublet", "doublet"]),
    ("le rapport de valeur, le foyer de la communauté", ["term", "term"]),
    ("lancez `/cop setup` ici", ["command"]),
])
def test_the_lint_finds_each_fault(text, rules):
    assert sorted(v.rule for v in typo.violations(text, french_commands=FRENCH_WORDS)) == sorted(rules)


@pytest.mark.parametrize("text", [
    f"*Quand{NB}:* jeudi 17 juin 2027 à 9 h · 14 h 30 · 1er février · 2e trimestre 2027",
    f":bell: Rappel{NB}: «{NB}Triage de nuit{NB}» commence <https://meet.example.org/a?b=c&d=e|maintenant>.",
    f"<@U0123ABCD> demande{NB}: voyez <#C0123ABCD> et <!here>, https://x.org/a:b?c=d;e",
    "Tapez `/cop réglages silence 20-8` (ou `non`); rien d’autre. `/cop demande <votre question> #sujet`",
    f"&gt; «{NB}Notre relève prend 10 minutes{NB}» — 1 h gagnée, 0 personne, 1,5 heure, 2{NB}900 leçons, 62{NB}%",
    "Mettez socket_mode_enabled: false et la portée connections:write",
    f"En anglais{NB}: `/cop ask`, `/cop setup`.",
    "les personnes fondatrices, l’équipe d’animation, les expertes et experts de contenu, une animatrice ou "
    "un animateur",
])
def test_the_lint_reads_slack_markup_as_slack_does(text):
    assert typo.violations(text, french_commands=FRENCH_WORDS) == []


# -- the catalogue ----------------------------------------------------------------------------------

def test_every_french_message_of_the_catalogue_follows_the_oqlf():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            found += [(repr(text[:60]), v) for v in typo.violations(text, french_commands=FRENCH_WORDS,
                                                                   placeholders=True)]
    assert not found, _report(found)


# -- what the code builds ---------------------------------------------------------------------------

FR = translator("fr")
QUESTION = "Comment accueillir plus vite les infirmières de nuit?"
TITLE = "La relève de nuit en 10 minutes"
USERS = ["U0AAAAAAA", "U0BBBBBBB", "U0CCCCCCC"]
NINE = datetime(2027, 2, 1, 14, 0, tzinfo=UTC)  # Monday 1 February 2027, 9:00 in Toronto
HALF_PAST = datetime(2027, 6, 17, 18, 30, tzinfo=UTC)  # 14:30 in Toronto
COUNTS = (0, 1, 2, 12_345)


@dataclass
class Rendered:
    texts: list[tuple[str, str]] = field(default_factory=list)  # (where, text)
    builders: set[str] = field(default_factory=set)

    def __call__(self, builder, *args, **kwargs):
        self.builders.add(builder.__name__)
        out = builder(*args, **kwargs)
        self.add(builder.__name__, out)
        return out

    def add(self, where: str, payload) -> None:
        for text in _strings(payload):
            self.texts.append((where, text))


def _strings(payload):
    """Every text a person reads in a payload (not ids, values or URLs)."""
    if isinstance(payload, str):
        yield payload
    elif isinstance(payload, list):
        for item in payload:
            yield from _strings(item)
    elif isinstance(payload, dict):
        for key, value in payload.items():
            if key in ("text", "initial_value", "comment") and isinstance(value, str):
                yield value
            elif key not in ("value", "action_id", "block_id", "callback_id", "private_metadata", "url",
                             "initial_date", "initial_time", "type", "style"):
                yield from _strings(value)


def _figures(n: int, *, helpers: bool) -> Figures:
    return Figures(start=NINE, end=HALF_PAST, members=n, active=n, asked=n, answered=n, resolved=n,
                   median_first_answer_hours=n + 0.5, library=n, lessons=n, meetings=n, rsvps=n, minutes_saved=60 * n,
                   hourly_rate=75, currency="CAD", top_helpers=[(u, n) for u in USERS] if helpers else None,
                   stage="growth", signals=[("activity", 0.5), ("members", -0.25)],
                   stories=[("Nous avons ouvert la clinique un mois plus tôt", 60 * n)], followed=n, applied=n,
                   realised=n, changes=["Notre relève prend 10 minutes"], credits=2 * n, credited=n,
                   own_credits=n, themes=[ThemeProgress("triage", n, n, n), ThemeProgress("nuit", 0, 0, n)][:n],
                   introduced=n, met=n // 2)


def _meeting(starts_at: datetime, **kwargs) -> blocks.MeetingView:
    values = {"id": 7, "topic": "Triage de nuit", "starts_at": starts_at, "duration_minutes": 90,
              "speaker_id": USERS[0], "video_url": "https://meet.example.org/a?b=c&d=e", "agenda": "Tour de table",
              "repeat": "weeks", "repeat_every": 2, "cancelled": False, "timezone": "America/Toronto"}
    return blocks.MeetingView(**{**values, **kwargs})


WHERE = {"place": "Salle 4.12, 1000 rue Saint-Denis", "phone_number": "+1 514 555-0100", "phone_code": "4471"}
CALL_LINK = "https://test.slack.com/archives/C0123ABCD/p1700000000000100"
LESSON_LINK = "https://test.slack.com/archives/C0123ABCD/p1700000000000200"

def _render_introductions(r: "Rendered", t: Translator, n: int) -> None:
    people = USERS[:2] if n % 2 else USERS
    reasons = [{"kind": "helps", "helper": USERS[0], "seeker": USERS[1], "topics": ["triage", "nuit"]},
               {"kind": "topics", "topics": ["triage"]},
               {"kind": "region", "values": ["Gaspé", "Laval", "Québec"][:len(people)]},
               {"kind": "workplace",
                "values": ["CISSS de Laval", "CHU de Québec", "CISSS de la Gaspésie"][:len(people)]},
               {"kind": "years", "few": n % 3, "many": n + 10}]
    for met_by in (None, USERS[1]):
        r(blocks.introduction, t, pair_id=n, people=people, community_name="soins", reasons=reasons, met_by=met_by)
    for reason in reasons:
        r(blocks.intro_reason, t, reason)
    r(blocks.intro_nudge, t, pair_id=n, people=people)
    r(blocks.intro_met_note, t, met_by=USERS[0])
    for wants in (None, True, False):
        r(blocks.intro_status, t, wants=wants, everyone=bool(n % 2), changed=bool(n % 3),
          next_round="1er février 2027" if n else None)
    r(blocks.introductions_line, t, _figures(n, helpers=False))


def _render_every_builder(t: Translator) -> Rendered:
    r = Rendered()
    for n in COUNTS:
        offerers = USERS[:min(n, 3)] if n < 3 else USERS
        for urgent, resolved, closed in ((False, False, False), (True, True, False), (False, False, True)):
            r(blocks.call_for_help, t, blocks.CallForHelp(
                id=1, asker_id=USERS[0], question=QUESTION, topics=["triage", "nuit"], offerers=offerers,
                resolved=resolved, resolved_by=USERS[1], urgent=urgent, closed=closed, source_channel_id="C0123ABCD",
                source_link=CALL_LINK, quoted_user_id=USERS[2] if urgent else None))
        for own in (False, True):
            r(blocks.unanswered_follow_up, t, help_request_id=1, asker_id=USERS[0], question=QUESTION,
              channel_id="C0123ABCD", link=CALL_LINK, topics=["triage"], hours=n, own=own,
              take=None if own else "1")
        for last in (None, NINE):  # the first digest, then one that says what changed
            r(blocks.weekly_digest, t, community_name="soins", channel_id="C0123ABCD", timezone="America/Toronto",
              news=blocks.DigestNews(
                  last_sent=last, open_calls=n, open_before=n + 2 if last and n % 2 else None,
                  calls=[(QUESTION, CALL_LINK)] * min(n, 2), newcomers=USERS[:min(n, 3)], quiet=n,
                  quiet_before=n + 1 if last else None, meeting_changed=True,
                  next_meeting=("Triage de nuit", NINE) if n else None,
                  lessons=[(TITLE, LESSON_LINK)] * min(n, 2), watch=[(TITLE, LESSON_LINK)] * min(n, 2),
                  gaps=[("pompe volumétrique", n, bool(last))] if n else []))
        r(blocks.watch_digest, t, community_name="soins", channel_id="C0123ABCD", month=NINE.date(),
          items=[blocks.WatchNews(title=TITLE, url="https://www.inesss.qc.ca/guide", resource_type="guideline",
                                  why="Le lactate dès le triage.", watch=bool(i % 2), card=LESSON_LINK,
                                  topics=["sepsis"]) for i in range(max(n, 1) + 20 * (n > 3))])
        r(blocks.gaps_view, t, community_name="soins", community_id=1, days=max(n, 1),
          gaps=[("pompe volumétrique", max(n, 1))] if n else [])
        r(blocks.who_knows, t, "triage", [blocks.Expert(USERS[0], True, True, n or None, _profile(n)),
                                          blocks.Expert(USERS[1], False, True, None)] if n else [])
        r(blocks.profile_modal, t, metadata="{}", profile=_profile(n), community_name="soins")
        r(blocks.take_it_button, t, "1")
        for kind, detail in (("removed", ""), ("scope", "chat.postMessage"), ("dm", "cannot_dm_bot"),
                             ("dm", "restricted_action"), ("dead_letters", "")):
            r(blocks.tool_problem, t, kind=kind, community_name="soins", channel_id="C0123ABCD", detail=detail)
        for subject in _subjects():
            r(blocks.follow_up_what, t, subject)
            r(blocks.follow_up_taken, t, taker_id=USERS[0], subject=subject, mine=bool(n % 2))
        r(blocks.profile_line, t, _profile(n))
        _render_introductions(r, t, n)
        r(blocks.directory_blocks, t, _directory(n))
        r(blocks.review_request, t, community_name="soins", channel_id="C0123ABCD", items=[blocks.ReviewItem(
            id=1, title=TITLE, channel_id="C0123ABCD", link=LESSON_LINK, author_id=USERS[0],
            topics=["triage"], last=t.gettext("validated by <@{user}> on {day}", user=USERS[1],
                                              day=t.date(NINE, "America/Toronto")))] * min(max(n, 1), 3),
          more=n, months=12)
        r(blocks.reflection_agenda, t, community_name="soins", community_id=1, agenda=_agenda(n),
          take="1" if n % 2 else None)
        r.add("Agenda.text", _agenda(n).text(t))
        for minutes in (0, 1, n, 60 * max(n, 1), 1440 * max(n, 1)):
            r(blocks.meeting_nudge, t, _meeting(NINE), minutes_before=minutes)
            r(blocks.meeting_nudge, t, _meeting(NINE, **WHERE), minutes_before=minutes)
        r(blocks.meeting_card, t, _meeting(NINE, **WHERE, outside_guests=(("Anne Roy", "CHU de Québec"),) * n),
          {"yes": n})
        for phase in ("open", "over"):
            r(blocks.meeting_card, t, _meeting(NINE), {"yes": n}, phase=phase, attended=n)
        actions = [blocks.ActionView("Mettre à jour le protocole", USERS[0], date(2027, 2, 1), done=bool(i % 2), id=i)
                   for i in range(n)]
        r(blocks.meeting_card, t, _meeting(NINE), {"yes": n}, open_actions=actions)
        for action in actions[:2]:
            r(blocks.action_line, t, action, "America/Toronto")
        r(blocks.minutes_card, t, meeting_id=7, topic="Triage de nuit", starts_at=NINE, timezone="America/Toronto",
          present=n, summary="Trois cas revus", decisions="Garder la réunion de 2 h" if n else "", actions=actions,
          lesson_shared=bool(n))
        r(blocks.minutes_modal, t, metadata="{}", title="Rencontre du 1er février 2027\u00a0: Triage",
          attendance=USERS[:n], summary="Trois cas", actions=actions)
        r(blocks.action_reminder, t, action=blocks.ActionView("Mettre à jour le protocole", USERS[0],
                                                              date(2027, 2, 1), id=1),
          topic="Triage de nuit", channel_id="C0123ABCD", timezone="America/Toronto")
        suggestions = [blocks.SuggestionView(id=i, topic="Dépistage du sepsis", why="Trois cas manqués",
                                             presenter="Dre Roy, CHU", author_id=USERS[0], interested=n,
                                             status=("open", "planned", "set_aside")[i % 3], changed_by=USERS[1])
                       for i in range(min(n, 3))]
        for suggestion in suggestions:
            r(blocks.suggestion_card, t, suggestion)
        r(blocks.programme_view, t, community_name="soins", community_id=1, suggestions=suggestions,
          meetings=[_meeting(NINE, **WHERE, outside_guests=(("Anne Roy", "CHU de Québec"),))] * min(n, 2))
        r(blocks.suggest_modal, t, metadata="{}")
        r(blocks.topic_suggested, t, topic="Dépistage du sepsis", channel_id="C0123ABCD", suggestion_id=1,
          plans=bool(n % 2), already=n > 1)
        from bot.services import participation as record_service
        found = record_service.Record(
            year=2027, timezone="America/Toronto", meetings=[(NINE, "Triage de nuit", 90, "soins")] * n,
            answered=n, resolved=n, lessons=[(NINE, TITLE, "soins")] * min(n, 2), reviews=n,
            minutes=[(NINE, "Triage de nuit", "soins")] * min(n, 1), roles=[("soins", "expert", NINE)] * min(n, 1))
        r(blocks.participation_message, t, record_service.text_of(t, found, name="Léa Tremblay"))
        r(blocks.guests_reminder, t, _meeting(NINE, **WHERE), channel_id="C0123ABCD",
          guests=[("Anne Roy", "CHU de Québec", "anne@example.org"), ("Marc Roy", "", None)][:max(n, 1)])
        r(blocks.meeting_card, t, _meeting(NINE, cancelled=n == 0, repeat="monthly" if n == 1 else "weeks",
                                           repeat_every=max(n, 1)), {"yes": n, "maybe": n, "no": n})
        r(blocks.stats_view, t, community_name="soins", days=max(n, 1), figures=_figures(n, helpers=bool(n)),
          timezone="America/Toronto")
        r(blocks.monthly_report, t, _monthly(n))
        r(blocks.monthly_report, t, _monthly(n, first=date(2026, 11, 1)))  # months without news, covered
        r(blocks.home_view, t, _home(n, t.language))
        r(blocks.roles_list, t, "soins", {role: USERS[:n] for role in ("founder", "animator", "member", "expert",
                                                                          "reporter", "sponsor", "it")},
          {USERS[0]: ["triage"]})
        r(blocks.search_results, t, "triage de nuit", [] if n == 0 else [
            blocks.Found("lesson", TITLE, "Faites la relève au poste", "C0123ABCD", LESSON_LINK,
                         standing="validated", reviewed_by=USERS[1], reviewed_on=t.date(NINE, "America/Toronto")),
            blocks.Found("help", QUESTION, "Oui", "C0123ABCD", None, standing="obsolete", reviewed_by=USERS[1],
                         reviewed_on=t.date(HALF_PAST, "America/Toronto"))])
    for starts_at in (NINE, HALF_PAST):
        meeting = _meeting(starts_at)
        r(blocks.speaker_reminder, t, meeting, channel_id="C0123ABCD")
        r(blocks.harvest_request, t, meeting, channel_id="C0123ABCD", reminder=True)
        r(blocks.harvest_request, t, meeting, channel_id="C0123ABCD", reminder=False)
        r(blocks.meetings_list, t, "soins", [meeting, _meeting(starts_at, repeat="none")])
        r(blocks.meetings_list, t, "soins", [])
        r(blocks.meeting_modal, t, metadata="{}", meeting=meeting, local_day="2027-02-01", local_time="09:00")
    r(blocks.meeting_modal, t, metadata="{}", topic=t.gettext("What our members said this quarter"),
      agenda=_agenda(2).text(t))
    r(blocks.urgent_call, t, asker_id=USERS[0], channel_id="C0123ABCD", link=CALL_LINK,
      question=QUESTION, topics=["triage"], help_request_id=1)
    r(blocks.offer_received, t, helper_id=USERS[1], channel_id="C0123ABCD", question=QUESTION)
    r(blocks.stalled_follow_up, t, help_request_id=1, question=QUESTION, channel_id="C0123ABCD",
      link=CALL_LINK)
    r(blocks.time_saved_prompt, t, help_request_id=1, question=QUESTION, helpers=USERS, credited=USERS[:1])
    for bucket in blocks.TIME_SAVED_CHOICES:
        r(blocks.time_saved_label, t, bucket)
        r(blocks.time_saved_thanks, t, bucket, 1, USERS, USERS[:1])
    r(blocks.value_story_modal, t, help_request_id=1)
    r(blocks.credit_checkboxes, t, help_request_id=1, helpers=USERS, credited=[])
    r(blocks.applied_prompt, t, help_request_id=1, question=QUESTION, channel_id="C0123ABCD",
      link=CALL_LINK)
    for choice in blocks.APPLIED_CHOICES:
        r(blocks.applied_label, t, choice)
        r(blocks.applied_thanks, t, choice, 1)
    r(blocks.change_story_modal, t, help_request_id=1)
    r(blocks.ask_modal, t, metadata="{}", question=QUESTION, communities=[("soins", "C0123ABCD")])
    r(blocks.quote_consent_request, t, asker_id=USERS[0], help_request_id=1, question=QUESTION,
      channel_id="C0123ABCD")
    r(blocks.mentor_reminder, t, newcomer_id=USERS[0], channel_id="C0123ABCD", membership_id=1)
    r(blocks.modal, t, "x", "{}", title=t.gettext("Lesson learned"), submit=t.gettext("Share"), blocks=[])
    r(blocks.community_picker, t, [("soins", "C0123ABCD")])
    for standing in ("current", "validated", "obsolete"):
        for by in (None, USERS[1]):
            r(blocks.standing_line, t, standing, by, t.date(NINE, "America/Toronto"))
            card = r(blocks.lesson_card, t, blocks.LessonCard(
                id=1, author_id=USERS[0], title=TITLE, context="Nuit", what_happened="Attente",
                recommendation="Relève au poste", topics=["triage"], credited_user_id=by,
                source_channel_id="C0123ABCD", source_link=LESSON_LINK, standing=standing, reviewed_by=by,
                reviewed_on=t.date(NINE, "America/Toronto")))
    r(blocks.lesson_modal, t, metadata="{}", title=TITLE, communities=[("soins", "C0123ABCD")])
    day = t.date(NINE, "America/Toronto")
    for stage, is_open, outcome in (("", False, None), ("promising", True, None), ("promising", False, None),
                                    ("promising", False, "adopted"), ("shared", False, "adopted"),
                                    ("revised", False, "revised"), ("not_adopted", False, "not_adopted")):
        practice = blocks.Practice(lesson_id=1, practice=stage, proposed_by=USERS[0], proposed_on=day,
                                   vote_until=day, vote_open=is_open, tally=(3, 1, 0), outcome=outcome,
                                   outcome_by=USERS[1], outcome_on=day, validated_by=USERS[2], validated_on=day)
        r(blocks.practice_line, t, practice)
        r(blocks.practice_blocks, t, practice)
    r(blocks.practice_modal, t, metadata="{}", title=TITLE, earliest="2027-03-02")
    for kind in (*blocks.RESOURCE_TYPE_LABELS, "unknown"):
        r(blocks.type_label, t, kind)
    for url in ("https://www.inesss.qc.ca/guide", "https://example.slack.com/files/U1/F1/gabarit.docx"):
        r(blocks.where, t, url)
        r(blocks.resource_card, t, blocks.ResourceCard(
            id=2, author_id=USERS[0], title=TITLE, why="Les critères en une page.", url=url, resource_type="evidence",
            topics=["triage"], evidence_level="revue systématique", source_date=t.date(NINE, "America/Toronto"),
            source_channel_id="C0123ABCD", source_link=LESSON_LINK, standing="validated", reviewed_by=USERS[1],
            reviewed_on=t.date(NINE, "America/Toronto")))
    r(blocks.resource_modal, t, metadata="{}", url="https://x.org", title=TITLE, resource_type="tool",
      source_date="2027-03-01", communities=[("soins", "C0123ABCD")])
    r(blocks.similar_found, t, help_request_id=1, found=[
        blocks.Found("lesson", TITLE, "Oui", "C0123ABCD", None),
        blocks.Found("lesson", TITLE, "Utile", "C0123ABCD", LESSON_LINK, resource_type="guideline",
                     url="https://www.inesss.qc.ca/guide")])
    r(blocks.lesson_consent_request, t, saver_id=USERS[0], lesson_id=1, card=card)
    asked = [t.gettext(q) for q in reflections.DEFAULT_QUESTIONS]
    r(blocks.reflection_request, t, community_name="soins", channel_id="C0123ABCD", value="1:2027-Q2", questions=asked)
    r(blocks.reflection_modal, t, metadata="{}", questions=asked)
    r(blocks.reflection_questions_modal, t, metadata="{}", questions=asked,
      suggestions=[t.gettext(q) for q in reflections.SUGGESTED_QUESTIONS])
    for role in ("founder", "animator", "member", "expert", "reporter", "sponsor", "it"):
        r(blocks.role_label, t, role)
        r(blocks.role_duty, t, role)
        for removed in (False, True):
            r(blocks.role_changed, t, role=role, community_name="soins", channel_id="C0123ABCD", actor_id=USERS[0],
              removed=removed, topics=["triage"])
    for n in COUNTS:
        said = {"mission": "Soigner mieux, ensemble" if n else "", "objectives": ["Réduire l’attente"] * min(n, 3),
                "themes": ["triage", "nuit"][:n], "asks": "Deux heures par mois" if n else ""}
        for can_edit in (False, True):
            r(blocks.mission_view, t, community_name="soins", community_id=1, can_edit=can_edit, **said)
        r(blocks.mission_modal, t, community_id=1, **said)
        r(blocks.theme_line, t, ThemeProgress("triage", n, n, n))
        r(blocks.theme_section, t, [ThemeProgress("triage", n, n, n)])
        # The quarter's summary for management (the PDF's words).
        from bot.services import missions
        from storage.models import Community
        community = Community(id=1, team_id="T1", channel_id="C0123ABCD", name="soins", created_by=USERS[0],
                              timezone="America/Toronto", mission=said["mission"],
                              objectives="\n".join(said["objectives"]), themes=" ".join(said["themes"]),
                              asks=said["asks"])
        title, lines, sections = missions.summary_text(t, missions.Summary(
            missions.Outcome.DONE, community, "2027-Q1", _figures(n, helpers=False)))
        r.add("summary_text", [title, lines, [[heading, items] for heading, items in sections]])
    for charter in ("", "Soyons bienveillants."):
        r(blocks.welcome, t, community_name="soins", channel_id="C0123ABCD", charter=charter,
          mentor_id=USERS[1] if charter else None)
        r(blocks.charter_view, t, community_name="soins", charter=charter, can_edit=True, community_id=1)
        r(blocks.charter_modal, t, community_id=1, charter=charter)
    for other in (False, True):
        r(blocks.welcome_not_delivered, t, newcomer_id=USERS[0], channel_id="C0123ABCD", other_organisation=other,
          take="1" if other else None)
    r(blocks.mentor_request, t, newcomer_id=USERS[0], community_name="soins", channel_id="C0123ABCD",
      membership_id=1)
    for self_ in (False, True):
        r(blocks.forget_modal, t, metadata="{}", user_id=USERS[0], self_=self_)
    r(blocks.forget_departed_prompt, t, user_id=USERS[0])
    for events in ([], [blocks.AuditLine(HALF_PAST, blocks.privacy.BOT if action == "retention.purged" else USERS[0],
                                         action, detail) for action, detail in AUDIT_SAMPLES]):
        r(blocks.audit_trail, t, community_name="soins", timezone="America/Toronto", events=events)
    for stage in ("growth", "maturity", "stabilisation", "slowdown", "renewal"):
        r(blocks.stage_label, t, stage)
    r.add("usage", usage(t))
    return r


# Every kind of event the audit trail stores, as it stores them (older wordings too).
AUDIT_SAMPLES = [
    ("role.added", f"reporter <@{USERS[1]}>"), ("role.removed", f"it <@{USERS[1]}>"),
    ("role.added", f"animator <@{USERS[2]}>"), ("lesson.edited", "lesson 12"),
    ("resource.edited", "resource 12"), ("lesson.deleted", "lesson 12"),
    ("lesson.validated", "lesson 1234"), ("lesson.obsolete", "lesson 7"), ("meeting.moved", "meeting 3"),
    ("meeting.cancelled", "meeting 3"), ("minutes.written", "meeting 3"), ("minutes.edited", "meeting 3"),
    ("charter.changed", ""), ("library.exported", ""),
    ("privacy.exported", ""), ("privacy.forgotten", "self"), ("privacy.forgotten", "departed"),
    ("privacy.forgotten", "at their request"), ("privacy.forgotten", "someone who had left"),
    ("retention.purged", "calls=3 reflections=1 rsvps=0 gaps=12 attendance=4"),
    ("retention.purged", "calls=1 reflections=0"),
    ("glossary.added", "pompe volumétrique = infusion pump"), ("glossary.removed", "PAB = préposé aux bénéficiaires"),
    ("settings.taux", "80 cad"), ("settings.rate", "80"), ("settings.conservation", "24m"),
    ("settings.silence", "21-7"), ("settings.fins-de-semaine", "oui"), ("settings.rappels", "7j 1j 2h 0"),
    ("settings.fuseau", "america/montreal"), ("settings.révision", "12m"),
]


def _agenda(n: int) -> Agenda:
    themes = [Theme("#triage · nuit", n, ["Plus de rencontres", "La relève"][:n]),
              Theme("relève", 7, ["Moins d’attente"] * 5)]  # quoted: 5 of 7
    asked = [FR.gettext(q) for q in reflections.DEFAULT_QUESTIONS]
    return Agenda("2027-Q2", n, themes[:n], Theme("", n, ["Des réponses calmes"] * min(n, 5)) if n else None,
                  [Theme(q, n, ["Des réponses rapides"][:n]) for q in asked])


def _monthly(n: int, first: date | None = None) -> Report:
    class Place:
        name = "soins"

    return Report(community=Place(), month=date(2027, 1, 1), current=_figures(n, helpers=True),
                  previous=_figures(max(n - 1, 0), helpers=False), last_year=_figures(0, helpers=False), history=[],
                  first=first)


def _subjects() -> list[blocks.FollowUpSubject]:
    return [blocks.FollowUpSubject("help.unanswered", question=QUESTION, link=CALL_LINK, channel_id="C0123ABCD"),
            blocks.FollowUpSubject("welcome.unreachable", newcomer_id=USERS[1]),
            blocks.FollowUpSubject("reflection.agenda", quarter="2027-Q1")]


def _profile(n: int) -> blocks.ProfileSummary:
    return blocks.ProfileSummary(USERS[0], workplace="CISSS de Laval", region="Laval", job="Infirmière", years=n,
                                 helps=["triage"] * min(n, 1), looking_for=["nuit"] * min(n, 1))


def _directory(n: int) -> blocks.Directory:
    return blocks.Directory(community_name="soins", community_id=1, communities=[(1, "soins"), (2, "urgence")][:n],
                            topics=["triage"], regions=["Laval"], workplaces=["CISSS de Laval"],
                            people=[_profile(n)] * n * 10,
                            filters=blocks.DirectoryFilters(topic="triage" if n == 1 else None))


def _home(n: int, language: str) -> blocks.Home:
    call = blocks.HomeCall(id=1, question=QUESTION, channel_id="C0123ABCD", link=CALL_LINK,
                           asker_id=USERS[0], created_at=NINE, topics=["triage"])
    newcomers = [blocks.HomeNewcomer(USERS[0], NINE, USERS[1], True),
                 blocks.HomeNewcomer(USERS[1], NINE, USERS[2], False),
                 blocks.HomeNewcomer(USERS[2], HALF_PAST, None, False)][:n]
    return blocks.Home(
        communities=[blocks.HomeCommunity("soins", "C0123ABCD", ["founder", "animator"][:n], language)] if n else [],
        more_communities=n, my_calls=[call] * min(n, 2), matching_calls=[call] * min(n, 2),
        lessons=[blocks.HomeLesson(TITLE, "C0123ABCD", LESSON_LINK, USERS[0])] * min(n, 2),
        my_actions=[blocks.ActionView("Mettre à jour le protocole", USERS[0], date(2027, 2, 1), id=1)] * min(n, 2),
        animated=[blocks.HomeAnimation("soins", "C0123ABCD", n, [call] * min(n, 2), newcomers, undelivered=n,
                                       undelivered_reason="channel_not_found", overdue_lessons=n,
                                       language=language,
                                       taken=[blocks.HomeTaken(USERS[0], s, NINE) for s in _subjects()][:n])],
        timezone="America/Toronto", directory=_directory(n),
        tools=[blocks.HomeTool(kind, detail, "soins", "C0123ABCD", NINE, language)
               for kind, detail in (("removed", ""), ("scope", "files.upload"), ("dm", "cannot_dm_bot"),
                                    ("dead_letters", ""))][:n + 2])


def _builders() -> set[str]:
    """Every public builder of bot/blocks that speaks (its first parameter is a Translator)."""
    found = set()
    for name in dir(blocks):
        value = getattr(blocks, name)
        if inspect.isfunction(value) and value.__module__.startswith("bot.blocks") and not name.startswith("_"):
            parameters = list(inspect.signature(value).parameters.values())
            if parameters and parameters[0].annotation in (Translator, "Translator"):
                found.add(name)
    return found


def test_every_builder_is_rendered_in_french_here():
    assert _builders() - _render_every_builder(FR).builders == set()


def test_every_french_text_built_in_code_follows_the_oqlf():
    rendered = _render_every_builder(FR)
    found, seen = [], set()
    for where, text in rendered.texts:
        for v in typo.violations(text, french_commands=FRENCH_WORDS):
            if (v.rule, v.excerpt) not in seen:
                seen.add((v.rule, v.excerpt))
                found.append((where, v))
    assert not found, _report(found)


def test_the_english_builders_say_facilitator_and_it_contact():
    rendered = _render_every_builder(translator("en"))
    said = json.dumps([text for _, text in rendered.texts])
    assert "nimator" not in said and "nimating" not in said and "IT resource" not in said
    assert "Facilitator" in said and "IT contact" in said


def test_the_install_pages_and_slacks_not_installed_message_follow_the_oqlf_in_french():
    """The pages an admin sees when installing (HTML, French beside English): their French sections."""
    from html.parser import HTMLParser

    from bot.installations import _FAILURES, failure_page, install_page, not_installed, success_page

    class FrenchText(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.found = 0, []

        def handle_starttag(self, tag, attrs):
            if self.depth or (tag != "html" and dict(attrs).get("lang") == "fr"):  # the page's own sections
                self.depth += 1

        def handle_endtag(self, tag):
            self.depth = max(self.depth - 1, 0)

        def handle_data(self, data):
            if self.depth and data.strip():
                self.found.append(data)

    pages = [install_page("https://slack.com/oauth/v2/authorize?a=1&b=2"), success_page("Hôpital Sainte-Élise"),
             success_page(None)] + [failure_page(reason, "/slack/install") for reason in [*_FAILURES, "other"]]
    found = []
    for page in pages:
        parser = FrenchText()
        parser.feed(page)
        assert parser.found, "no French section"
        found += [(text[:40], v) for text in parser.found for v in typo.violations(text, french_commands=FRENCH_WORDS)]
    assert "/cop installer" in pages[1] and "/cop setup" in pages[1]  # each language its own word
    french = not_installed().split(" · ")[0]
    found += [(french[:40], v) for v in typo.violations(french, french_commands=FRENCH_WORDS)]
    assert not found, _report(found)


# -- the catalogue holds what the code says, and says it once ----------------------------------------

def _messages_named_in_code() -> set[str]:
    """Every message id the code passes to gettext, ngettext or N_, read from the syntax tree: Babel's
    extractor misses a call inside an f-string or inside another call's arguments."""
    import ast

    found = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name in ("gettext", "ngettext", "N_"):
                    found.add(node.args[0].value)
    return found


def test_every_message_the_code_names_has_french_the_bot_will_use():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    named = _messages_named_in_code()
    assert len(named) > 500
    missing = sorted(m for m in named if not (catalogue.get(m) and catalogue.get(m).string))
    assert not missing, f"no French for {missing}"
    # A fuzzy entry is skipped when the catalogue is compiled: the English would show.
    assert not [m.id for m in catalogue if m.id and m.fuzzy]


# One word for one thing: where the English says the first, the French says the second.
TERMS = [
    (r"value report", r"rapport sur la valeur"),
    (r"\bcalls? for help\b", r"\bappels? à tous\b"),
    (r"\bfacilitators?\b|\bFacilitator\b", r"anim"),
    (r"\bIT contacts?\b", r"personnes?-ressources? TI"),
    (r"\bdirect message\b|\bDM\b", r"message direct"),
    (r"\bfounders?\b|\bFounder\b", r"fondat"),
    (r"[Qq]uarterly reflection", r"réflexion trimestrielle"),
]


def test_each_term_has_one_french_word_and_bilan_is_only_cop_bilan():
    import re

    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        raw = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        english = re.sub(r"\{[a-z_]+\}", "", raw)  # placeholders are no words
        french = " ".join(message.string) if isinstance(message.string, tuple) else message.string
        for en, fr in TERMS:
            if re.search(en, english) and not re.search(fr, french, re.IGNORECASE):
                found.append((english[:70], fr))
        if re.search(r"\bbilan\b", french, re.IGNORECASE) and not re.search(r"stats|the last \{n\} day", raw):
            found.append((english[:70], "bilan is /cop bilan"))
    assert not found, "\n".join(map(str, found))


def test_role_names_a_french_community_reads_are_the_words_it_may_type():
    """Every role name the bot shows, in French and in English, and the older words, give the role."""
    from bot.services.roles import parse_role_request
    from storage.models import Role

    typed = {
        Role.FOUNDER: ["fondatrice", "fondateur", "Fondatrice ou fondateur", "founder"],
        Role.ANIMATOR: ["animatrice", "animateur", "Animatrice ou animateur", "animator", "facilitator",
                        "facilitatrice", "facilitateur"],
        Role.EXPERT: ["experte", "expert", "Experte ou expert de contenu", "veilleuse", "veilleur", "content-expert"],
        Role.REPORTER: ["rapporteuse", "rapporteur", "Rapporteuse ou rapporteur", "reporter"],
        Role.SPONSOR: ["marraine", "parrain", "Marraine ou parrain", "mentor", "mentore", "sponsor"],
        Role.IT: ["ti", "personne-ressource TI", "Personne-ressource TI", "it", "IT contact", "it-resource"],
        Role.MEMBER: ["membre", "member"],
    }
    for role, words in typed.items():
        for word in words:
            request = parse_role_request(f"<@U0AAAAAAA> {word}")
            assert request.role == role, word
            assert parse_role_request(f"retirer <@U0AAAAAAA> {word}").remove
        for language in ("fr", "en"):  # the name shown is a name the bot takes
            assert parse_role_request(f"<@U0AAAAAAA> {blocks.role_label(translator(language), role.value)}").role \
                == role


# -- what a French community reads through Slack -------------------------------------------------------

TOUR = [  # (who, what they type in the community's channel)
    ("UFOUNDER", "aide"), ("UFOUNDER", "rôles"), ("UFOUNDER", "rôle <@UANIM> animatrice"),
    ("UFOUNDER", "rôle <@UEXPERT> experte #triage"), ("UFOUNDER", "rôle <@USPONSOR> marraine"),
    ("UFOUNDER", "rôle <@UREPORTER> rapporteur"), ("UFOUNDER", "rôle <@UANA> personne-ressource TI"),
    ("UFOUNDER", "rôle <@UANIM> animateur"), ("UFOUNDER", "rôle <@UANIM> pompier"), ("UFOUNDER", "rôle"),
    ("UMEMBER", "rôle <@UMEMBER> animatrice"), ("UFOUNDER", "rôle retirer <@UFOUNDER> fondatrice"),
    ("UMEMBER", "expertise ajouter #triage #nuit"), ("UMEMBER", "expertise"), ("UMEMBER", "qui #triage"),
    ("UMEMBER", "qui #inconnu"), ("UMEMBER", "qui"), ("UASKER", "demande"),
    ("UASKER", "demande Comment accueillir les infirmières de nuit? #triage"), ("UMEMBER", "cherche"),
    ("UMEMBER", "cherche triage de nuit"), ("UMEMBER", "cherche zzzz"), ("UFOUNDER", "réglages"),
    ("UFOUNDER", "réglages silence 21-7"), ("UFOUNDER", "réglages silence 99"),
    ("UFOUNDER", "réglages fins-de-semaine oui"), ("UFOUNDER", "réglages rappels 7j 1j 2h 0"),
    ("UFOUNDER", "réglages taux 80 CAD"), ("UFOUNDER", "réglages conservation 24m"),
    ("UFOUNDER", "réglages révision 12m"), ("UFOUNDER", "réglages bidon 3"), ("UMEMBER", "réglages taux 1"),
    ("UFOUNDER", "rencontre ajouter 2030-02-01 14:30 Triage de nuit"),
    ("UFOUNDER", "rencontre ajouter 2030-03-07 09:00 Cercle mensuel"), ("UFOUNDER", "rencontre ajouter demain"),
    ("UMEMBER", "rencontre ajouter 2030-02-01 14:30 Triage"), ("UMEMBER", "rencontres"), ("UFOUNDER", "bilan"),
    ("UMEMBER", "bilan 30"), ("UFOUNDER", "rapport"), ("UFOUNDER", "lacunes"), ("UMEMBER", "lacunes"),
    ("UFOUNDER", "glossaire"), ("UFOUNDER", "glossaire ajouter pompe volumétrique = infusion pump"),
    ("UFOUNDER", "glossaire ajouter x"), ("UMEMBER", "glossaire ajouter a = b"), ("UFOUNDER", "charte"),
    ("UFOUNDER", "charte Soyons bienveillants et curieux."), ("UMEMBER", "charte"), ("UMEMBER", "classements non"),
    ("UMEMBER", "classements oui"), ("UMEMBER", "classements"), ("UFOUNDER", "exporter"), ("UMEMBER", "exporter"),
    ("UMEMBER", "confidentialité"), ("UMEMBER", "confidentialité exporter"), ("UMEMBER", "journal"),
    ("UFOUNDER", "journal"), ("UANA", "journal"),  # roles, settings, exports and privacy requests, in words
    ("UFOUNDER", "langue"), ("UFOUNDER", "langue fr"), ("UMEMBER", "langue en"),
    ("UFOUNDER", "installer"),
]


def test_what_a_french_community_reads_through_slack_follows_the_oqlf(bot):
    """A French community set up through the real protocol: every command of /cop typed as its people
    type them, good and bad; everything the bot said back (answers, posts, DMs, forms, updates, file
    comments) linted."""
    from tests.test_calls_for_help import IN_CHANNEL

    for person in {user for user, _ in TOUR} | {"UANIM", "UEXPERT", "USPONSOR", "UREPORTER", "UANA"}:
        bot.fake.locales[person] = "fr-CA"  # what concerns a person alone (privacy) is in their language
    bot.fake.timezones["UFOUNDER"] = "America/Toronto"
    assert bot.command("installer", user="UFOUNDER", channel="CCOP", channel_name="soins-cardiaques")[0] == 200
    bot.idle()
    bot.fake.members["CCOP"] = list(dict.fromkeys(["UFOUNDER", *IN_CHANNEL]))
    for user, text in TOUR:
        assert bot.command(text, user=user, channel="CCOP")[0] == 200
        bot.idle()
    post = bot.fake.calls_to("chat.postMessage", channel="CCOP")
    call = next(c for c in post if "Appel à tous" in c.args.get("text", ""))
    call_id = next(e["value"] for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == "cop_help_offer")
    for action, user in (("cop_help_offer", "UMEMBER"), ("cop_help_offer", "UASKER"), ("cop_help_resolve", "UMEMBER"),
                         ("cop_help_resolve", "UASKER"), ("cop_help_resolve", "UASKER")):
        bot.click(action, call_id, user=user, message_ts=call.answer["ts"])
        bot.idle()
    bot.click("cop_time_saved_half_day", f"{call_id}:half_day", user="UASKER", channel="DUASKER")
    bot.idle()

    read = ("text", "blocks", "view", "initial_comment")
    said = [(c.method, text) for c in bot.fake.calls if c.method != "auth.test"
            for text in _strings({k: v for k, v in c.args.items() if k in read})]
    assert len(said) > 150 and any("Appel à tous" in text for _, text in said)
    journal = "\n".join(text for _, text in said)  # /cop journal, among the rest
    assert "a attribué le rôle «\u00a0Animatrice ou animateur\u00a0» à <@UANIM>" in journal
    assert "a changé les rappels de rencontre — `7j 1j 2h 0`" in journal
    found, seen = [], set()
    for where, text in said:
        for v in typo.violations(text, french_commands=FRENCH_WORDS):
            if (v.rule, v.excerpt) not in seen:
                seen.add((v.rule, v.excerpt))
                found.append((where, v))
    assert not found, _report(found)


def test_times_dates_and_quarters_as_each_language_writes_them():
    fr, en = translator("fr"), translator("en")
    assert fr.datetime(NINE, "America/Toronto") == "lundi 1er février 2027 à 9 h"
    assert fr.datetime(HALF_PAST, "America/Toronto") == "jeudi 17 juin 2027 à 14 h 30"
    assert fr.date(NINE, "America/Toronto") == "1er février 2027" and fr.date(HALF_PAST, "UTC") == "17 juin 2027"
    assert (fr.quarter("2027-Q1"), fr.quarter("2027-Q2")) == ("1er trimestre 2027", "2e trimestre 2027")
    assert en.datetime(NINE, "America/Toronto") == "Monday, February 1, 2027, 9:00\u202fa.m."
    assert en.quarter("2027-Q2") == "Q2 2027"
