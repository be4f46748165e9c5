"""The journal of acked requests (bot/journal.py): what a successor reads is exactly what was acked
and not done, whatever threads wrote it at once and however often the file was compacted."""

import threading

from bot.journal import Journal


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
    assert len(path.read_text(encoding="utf-8").splitlines()) < written / 2  # compacted along the way
    journal.close()  # as if the process had died: nothing more is written

    successor = Journal(path)
    assert {entry.receipt for entry in successor.pending()} == kept
    assert sorted(successor.orphaned_claims) == sorted(f"{w}-{n}" for w in range(8) for n in range(600) if not n % 11)
    assert all(entry.body["text"] == "é" * (int(entry.receipt.rsplit(":", 1)[1]) % 40)
               for entry in successor.pending())
