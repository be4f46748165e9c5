"""``/cop privacy`` (*confidentialité*): a person's own data. ``export`` sends them, by direct
message, everything cop-bot holds about them in this workspace, as JSON and CSV files, in their
own language (Québec's Law 25: the right to a copy)."""

from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import people, privacy
from bot.services.owed import owe_files
from bot.text import first_word, fold
from handlers.replies import Turn, answer
from handlers.requests import Command

USAGE = N_("`/cop privacy export` sends you, by direct message, everything cop-bot holds about you in this "
           "workspace (your roles, calls for help, offers, answers, lessons, expertise, meeting answers, "
           "reflections…), as JSON and CSV files.")
EXPORT_WORDS = {"export", "exporter", "copie", "copy"}


def privacy_command(runtime: Runtime, command: Command) -> None:
    person = people.person(runtime.db, runtime.slack(command.team_id), team_id=command.team_id,
                           user_id=command.user_id)
    t = translator(people.language(person))  # the person's own language, wherever they type it
    word, _ = first_word(command.text)
    if fold(word) not in EXPORT_WORDS:
        answer(runtime, command, t.gettext(USAGE))
        return
    with runtime.db.reading() as session:
        found = privacy.personal_data(session, team_id=command.team_id, user_id=command.user_id,
                                      language=people.language(person))
    with Turn(runtime, command) as turn:
        turn.owe(owe_files(turn.session, team_id=command.team_id, user_id=command.user_id,
                           key=f"privacy-export:{command.receipt}", files=found.files,
                           comment=t.gettext("Everything cop-bot holds about you: {rows} record(s) in {tables} "
                                             "table(s).", rows=t.number(found.rows),
                                             tables=t.number(len(found.tables)))))
        turn.say(t.gettext("I sent you everything cop-bot holds about you by direct message."))
