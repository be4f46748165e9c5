"""The database out of reach for a while (PostgreSQL behind a connection we cut, as when its server
restarts or the network between them fails): what Slack acked meanwhile is kept and done once
the database is back; a person who typed a command hears, in the community's language, that it is
kept. Only this bot's connections are cut: the other tests share the server."""

import socket
import threading
import time

import pytest

from tests.conftest import serving
from tests.test_calls_for_help import CHANNEL, ask, setup_community


class CuttableLink:
    """A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and
    restored."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.up = False
        with self.lock:
            ends, self.open = self.open, []
        for end in ends:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def linked_bot(fake_slack, postgres_database_url):
    host_port, name = postgres_database_url.rsplit("@", 1)[1].split("/", 1)
    host, port = host_port.split(":")
    link = CuttableLink((host, int(port)))
    url = postgres_database_url.replace(f"@{host_port}/", f"@127.0.0.1:{link.port}/")
    with serving(fake_slack, url) as running:
        yield running, link
        link.restore()
    link.close()


def test_requests_acked_while_the_database_is_down_are_done_once_when_it_is_back(linked_bot):
    bot, link = linked_bot
    setup_community(bot, locale="fr-CA")
    post = ask(bot, "Qui a la grille de triage?")
    bot.idle()
    replies = len(bot.fake.calls_to("response_url"))

    link.cut()
    for n in range(5):
        status, body = bot.event({"type": "reaction_added", "user": f"UHELP{n}", "reaction": "raised_hand",
                                  "item": {"type": "message", "channel": CHANNEL, "ts": post.answer["ts"]},
                                  "event_ts": f"2.{n}"})
        assert (status, body) == (200, "")
    status, body = bot.command("ask Et la nouvelle version?", user="UASK2", channel=CHANNEL)
    assert (status, body) == (200, "")
    kept = bot.fake.wait_for("response_url", count=replies + 1)[replies].args["text"]
    assert "hors d’atteinte" in kept and "Votre demande est gardée" in kept  # in the community's language
    time.sleep(1.5)  # the outage goes on past the first retry (1 s)
    assert not bot.fake.calls_to("chat.postMessage", channel="UASKER")
    link.restore()

    deadline = time.monotonic() + 30
    while len([m for m in bot.fake.messages.values() if m.channel == "DUASKER"]) < 5 \
            or not [m for m in bot.fake.messages.values() if "nouvelle version" in m.text]:
        assert time.monotonic() < deadline, "what was acked during the outage was not done after it"
        time.sleep(0.1)
    bot.fake.settle(quiet=0.5)
    offers = [m.text for m in bot.fake.messages.values() if m.channel == "DUASKER"]
    for n in range(5):
        assert sum(f"<@UHELP{n}> offre son aide" in text for text in offers) == 1, offers
    assert len([m for m in bot.fake.messages.values() if m.channel == CHANNEL and "nouvelle version" in m.text]) == 1
