"""The journal of acked requests (bot/journal.py): what a successor reads is exactly what was acked
and not done, whatever threads wrote it at once and however often the file was compacted."""

import threading

from bot.journal import Journal, _content


def test_many_threads_at_once_leave_exactly_what_is_not_done(tmp_path):
    path = tmp_path / "cop.journal"
    journal = Journal(path)
    kept: set[str] = set()
    lock = threading.Lock()

    def requests(worker: int) -> None:
        for n in range(600):
            receipt = f"T1:{worker}:{n}"
            journal.record(receipt=receipt, listener="handlers.x.y", body={"text": "é" * (n % 40)},
                           bot_user_id="UBOT")
            if n % 7:
                journal.done(receipt)
            else:
                with lock:
                    kept.add(receipt)
            journal.claiming(n, f"{worker}-{n}")
            if n % 11:
                journal.released(f"{worker}-{n}")

    threads = [threading.Thread(target=requests, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    written = 8 * 600 * 2 + 8 * 600 + 8 * 600 * 10 // 11  # records, dones (about), claims, releases (about)
    assert len(_content(path).splitlines()) < written / 2  # compacted along the way
    journal.close()  # as if the process had died: nothing more is written

    successor = Journal(path)
    assert {entry.receipt for entry in successor.pending()} == kept
    assert sorted(successor.orphaned_claims) == sorted(f"{w}-{n}" for w in range(8) for n in range(600) if not n % 11)
    assert all(entry.body["text"] == "é" * (int(entry.receipt.rsplit(":", 1)[1]) % 40)
               for entry in successor.pending())


def test_one_journal_one_process(tmp_path):
    """Two journals on one file would append to each other's deleted inode after a compaction (the
    documented web + worker layout lost every acked request that way): the second is refused."""
    import pytest

    from bot.journal import JournalInUse

    first = Journal(tmp_path / "cop.journal")
    with pytest.raises(JournalInUse):
        Journal(tmp_path / "cop.journal")
    first.record(receipt="T1:a", listener="handlers.x.y", body={}, bot_user_id=None)
    first.close()  # released with the process (the kernel releases it on kill -9 too)
    assert [e.receipt for e in Journal(tmp_path / "cop.journal").pending()] == ["T1:a"]


def test_the_file_is_emptied_when_nothing_is_owed_and_never_readable_by_others(tmp_path):
    path = tmp_path / "cop.journal"
    journal = Journal(path)
    journal.record(receipt="T1:a", listener="handlers.x.y", body={"text": "PATIENT-NAME"}, bot_user_id=None)
    journal.record(receipt="T1:b", listener="handlers.x.y", body={"text": "other"}, bot_user_id=None)
    journal.done("T1:a")
    assert "PATIENT-NAME" in _content(path)  # still there: something else is owed
    journal.done("T1:b")
    assert path.read_bytes().strip(b"\0") == b""  # nothing owed: nothing on disk (zeros, past the last line)
    assert path.stat().st_mode & 0o077 == 0
    journal.close()


def test_runs_and_failures_are_counted_across_restarts(tmp_path):
    path = tmp_path / "cop.journal"
    journal = Journal(path)
    journal.record(receipt="T1:a", listener="handlers.x.y", body={}, bot_user_id=None)
    journal.started("T1:a")
    journal.failed("T1:a")
    journal.started("T1:a")
    journal.close()
    successor = Journal(path)
    assert successor.failures("T1:a") == (2, 1)
    assert successor.started("T1:a") == 2
    successor.close()
    assert Journal(path).failures("T1:a") == (3, 1)  # compaction keeps the counts


def test_a_full_file_grows_in_place_and_keeps_every_acked_request(tmp_path):
    """Thousands acked and none done yet (a burst while the work waits): the file grows where it is,
    never rewritten in the ack path, and a successor finds every one of them."""
    path = tmp_path / "cop.journal"
    journal = Journal(path)
    inode = path.stat().st_ino
    for n in range(6000):  # some 3 MiB of lines: past the first map
        journal.record(receipt=f"T1:{n}", listener="handlers.x.y", body={"text": f"question {n}", "pad": "x" * 400},
                       bot_user_id="UBOT")
    assert path.stat().st_size > 3_000_000
    assert path.stat().st_ino == inode  # grown in place, not rewritten
    journal.close()
    successor = Journal(path)
    assert [entry.receipt for entry in successor.pending()] == [f"T1:{n}" for n in range(6000)]
    assert successor.pending()[5999].body["text"] == "question 5999"


def test_an_ack_during_a_rewrite_neither_waits_for_it_nor_is_lost(tmp_path, monkeypatch):
    """The rewrite that drops done entries writes and syncs its file without the lock acks take: an
    ack that comes meanwhile is answered at once, and its line is in the file that takes the old one's place."""
    import os

    path = tmp_path / "cop.journal"
    journal = Journal(path)
    for n in range(100):
        journal.record(receipt=f"T1:{n}", listener="handlers.x.y", body={"n": n}, bot_user_id=None)
    acked: list[str] = []
    real_fsync = os.fsync

    def fsync_while_an_ack_comes(fd: int) -> None:
        if not acked:
            ack = threading.Thread(target=lambda: acked.append(journal.record(
                receipt="T1:during", listener="handlers.x.y", body={"n": -1}, bot_user_id=None).receipt))
            ack.start()
            ack.join(5)
            acked.append("answered" if not ack.is_alive() else "waited")
        real_fsync(fd)

    monkeypatch.setattr("bot.journal.os.fsync", fsync_while_an_ack_comes)
    for n in range(90):
        journal.done(f"T1:{n}")
    assert acked == ["T1:during", "answered"]  # (its fsync is the rewrite's: growing a file syncs nothing)
    assert len(_content(path).splitlines()) < 60  # rewritten, without most of what is done
    journal.close()
    leftover = path.with_suffix(".journal.compact")  # as if the process had died in a later rewrite
    leftover.write_text('{"r":"T1:gone","l":"handlers.x.y","b":{},"u":null,"t":0}\n', encoding="utf-8")
    successor = Journal(path)
    assert not leftover.exists()
    assert sorted(entry.receipt for entry in successor.pending()) == sorted(
        [f"T1:{n}" for n in range(90, 100)] + ["T1:during"])
