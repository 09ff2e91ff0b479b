"""Organisation sync against a real Ralph LRS: configure, consent, sync, resend, edit, outage.

Each test makes its own data folder and learner; statements are told apart in the shared
LRS by the learner's account name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop import paths
from desktop.cli import main
from desktop.domain import lrs_statements as xs
from desktop.services.lrs_sync import LrsClient, SyncError, SyncService
from desktop.store.cpd_records import CpdRecordRepo
from desktop.store.database import close_database, open_database
from desktop.store.lrs_queue import LrsQueue
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.scenarios import ScenarioRepo

from .conftest import PASSWORD, USER, Ralph

HOME = "https://www.example-council.org.uk"


class Learner:
    """A data folder with one profile, and the learning it does (through the real store)."""

    def __init__(self, data_dir: Path, name: str = "Sam") -> None:
        self.data_dir = data_dir
        with self.db() as db:
            self.profile_id = ProfileRepo(db).create(name).id
        self.name = name

    def db(self) -> Any:
        learner = self

        class _Open:
            def __enter__(self) -> Any:
                self.db = open_database(paths.database_path(learner.data_dir))
                return self.db

            def __exit__(self, *exc: object) -> None:
                close_database(self.db)

        return _Open()

    def cli(self, *args: str) -> int:
        return main(["--data-dir", str(self.data_dir), "lrs", *args])

    def read(self, module_id: str) -> None:
        with self.db() as db:
            ProgressRepo(db).mark_read(self.profile_id, module_id)

    def quiz(self, module_id: str, score: float, passed: bool) -> None:
        with self.db() as db:
            quiz = QuizRepo(db)
            attempt = quiz.start_attempt(self.profile_id, module_id, "h", ["q1", "q2"])
            quiz.finish_attempt(attempt.id, score, passed)

    def scenario(self, scenario_id: str, choices: list[int]) -> None:
        with self.db() as db:
            runs = ScenarioRepo(db)
            run = runs.start_run(self.profile_id, "identity-prism", scenario_id, "h")
            for step, choice in enumerate(choices):
                runs.record_choice(run.id, f"step-{step}", choice)
            runs.finish_run(run.id, "ending-good")

    def cpd(self, record_id: str, **changes: Any) -> None:
        data = {
            "schema": "prism.cpd/1",
            "id": record_id,
            "profile_id": self.profile_id,
            "cpd_type": "Reading",
            "title": "TYPED-TITLE",
            "start_date": "2026-11-02",
            "end_date": None,
            "description": "TYPED-DESCRIPTION",
            "learning": "TYPED-LEARNING",
            "impact": "",
            "peer": None,
            "minutes": 45,
            "standards": ["4.4"],
            "evidence": [],
            "status": "ready",
            "created_utc": "2026-11-02T09:00:00Z",
            "updated_utc": "2026-11-02T09:00:00Z",
        }
        data.update(changes)
        with self.db() as db:
            CpdRecordRepo(db).save(data)

    def queue(self) -> tuple[int, list[str]]:
        with self.db() as db:
            queue = LrsQueue(db)
            return queue.counts().waiting, [q.statement_id for q in queue.waiting(1000)]

    def sent_ids(self) -> list[str]:
        with self.db() as db:
            rows = db.query("SELECT statement_id FROM lrs_queue WHERE sent_utc IS NOT NULL")
            return [row["statement_id"] for row in rows]


def held_by_lrs(ralph: Ralph, learner: Learner) -> list[dict[str, Any]]:
    return [
        s
        for s in ralph.all_statements()
        if s["actor"].get("account", {}).get("name")
        in (
            learner.profile_id,
            f"EMP-{learner.name}",
        )
    ]


def configure(learner: Learner, ralph: Ralph, tmp_path: Path, password: str = PASSWORD) -> None:
    secret = tmp_path / "lrs-password.txt"
    secret.write_text(password + "\n")
    assert (
        learner.cli(
            "configure",
            "--endpoint",
            ralph.endpoint,
            "--username",
            USER,
            "--password-file",
            str(secret),
            "--home-page",
            HOME,
        )
        == 0
    )


def consenting(ralph: Ralph, tmp_path: Path, *flags: str) -> Learner:
    """A learner on a computer set up for sync, who agreed to share."""
    learner = Learner(tmp_path / "data")
    configure(learner, ralph, tmp_path)
    assert learner.cli("consent", "--profile", "Sam", "on", *flags) == 0
    return learner


def test_configure_consent_sync_and_a_second_sync_adds_nothing(
    ralph: Ralph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learner = Learner(tmp_path / "data")
    configure(learner, ralph, tmp_path)
    config = learner.data_dir / "lrs.json"
    assert config.stat().st_mode & 0o777 == 0o600
    assert learner.cli("consent", "--profile", "sam", "on", "--with-cpd") == 0
    out = capsys.readouterr().out
    assert "Never sent" in out and "CPD" in out

    learner.read("identity-prism")
    learner.quiz("identity-prism", 40.0, False)
    learner.quiz("identity-prism", 85.0, True)
    learner.scenario("boundaries-case", [1, 0])
    learner.cpd("rec-1")
    learner.cpd("rec-draft", status="draft")
    waiting, ids = learner.queue()
    assert waiting == 7  # read, failed, passed, 2 choices, scenario completed, ready record

    assert learner.cli("sync") == 0
    assert "7 statements sent" in capsys.readouterr().out
    held = held_by_lrs(ralph, learner)
    assert sorted(s["id"] for s in held) == sorted(ids)
    by_verb = {s["verb"]["id"].rsplit("/", 1)[1] for s in held}
    assert {"completed", "failed", "passed", "answered"} <= by_verb
    assert all(s["actor"]["account"]["homePage"] == HOME for s in held)
    assert all(s["timestamp"].endswith(("Z", "+00:00")) for s in held)
    text = str(held)
    assert "TYPED-" not in text  # nothing typed leaves the machine

    # A second sync has nothing to send and the LRS holds nothing more.
    assert learner.cli("sync") == 0
    assert "0 statements sent" in capsys.readouterr().out
    assert len(held_by_lrs(ralph, learner)) == 7

    # A kill after the LRS took a batch but before Prism marked it: the resend is the same
    # statements under the same ids, and the LRS still holds each once.
    with learner.db() as db:
        db.execute("UPDATE lrs_queue SET sent_utc = NULL")
    assert learner.cli("sync") == 0
    assert len(held_by_lrs(ralph, learner)) == 7
    assert learner.queue()[0] == 0


def test_an_edited_cpd_record_voids_its_earlier_statement(ralph: Ralph, tmp_path: Path) -> None:
    learner = consenting(ralph, tmp_path, "--with-cpd")
    learner.cpd("rec-edit")
    assert learner.cli("sync") == 0
    (first,) = learner.sent_ids()

    learner.cpd("rec-edit", minutes=120, updated_utc="2026-11-03T09:00:00Z")
    assert learner.cli("sync") == 0
    void_id = xs.void_id(first)
    void = ralph.get(void_id)
    assert void is not None, "the earlier version was not voided"
    assert void["verb"]["id"] == xs.VERBS["voided"]
    assert void["object"] == {"objectType": "StatementRef", "id": first}
    newer = [sid for sid in learner.sent_ids() if sid not in (first, void_id)]
    assert len(newer) == 1
    assert ralph.get(newer[0])["result"]["duration"] == "PT2H"


def test_a_conflicting_statement_is_held_and_the_rest_still_goes(
    ralph: Ralph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learner = consenting(ralph, tmp_path)
    learner.read("identity-prism")
    learner.read("online-disinhibition")
    _, (clashing, other) = learner.queue()
    # Someone else's statement already sits in the LRS under the first id.
    assert (
        ralph.post(
            [
                {
                    "id": clashing,
                    "actor": {
                        "objectType": "Agent",
                        "account": {"homePage": HOME, "name": "someone"},
                    },
                    "verb": {"id": xs.VERBS["completed"]},
                    "object": {"objectType": "Activity", "id": "https://elsewhere.example/x"},
                }
            ]
        )
        == 200
    )
    assert learner.cli("sync") == 1  # reported, not silent
    out = capsys.readouterr().out
    assert "1 statement sent" in out and "1 held back" in out
    assert ralph.get(other) is not None
    assert learner.cli("status") == 0
    assert "different statement with this id" in capsys.readouterr().out
    # Held, not retried: the next sync sends nothing and succeeds.
    assert learner.cli("sync") == 0
    assert "0 statements sent" in capsys.readouterr().out
    # Offered again on request, it is still refused and still held.
    assert learner.cli("sync", "--retry-held") == 1
    assert "1 held back" in capsys.readouterr().out


def test_wrong_password_and_tls_failure_are_plain_messages(
    ralph: Ralph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learner = Learner(tmp_path / "data")
    configure(learner, ralph, tmp_path, password="not-the-password")
    assert learner.cli("consent", "--profile", "Sam", "on") == 0
    learner.read("identity-prism")
    assert learner.cli("sync") == 1
    err = capsys.readouterr().err
    assert "refused Prism's username or password (401)" in err
    assert learner.queue()[0] == 1
    # https to a server that speaks plain http: a real TLS failure.
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD)
    tls_endpoint = ralph.endpoint.replace("http://", "https://")
    assert (
        learner.cli(
            "configure",
            "--endpoint",
            tls_endpoint,
            "--username",
            USER,
            "--password-file",
            str(secret),
        )
        == 0
    )
    assert learner.cli("sync") == 1
    assert "secure connection" in capsys.readouterr().err
    assert learner.queue()[0] == 1


def test_lrs_stopped_mid_sync_keeps_the_queue_and_a_restart_delivers_the_rest(
    ralph: Ralph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner = consenting(ralph, tmp_path)
    learner.read("identity-prism")
    learner.read("online-proximity")
    learner.read("boundaries")
    _, before = learner.queue()

    # The LRS goes down right after it confirmed the first batch of one.
    real_post = LrsClient.post
    posts: list[int] = []

    def post_then_stop(self: LrsClient, statements: list[dict[str, Any]]) -> tuple[int, str]:
        answer = real_post(self, statements)
        posts.append(answer[0])
        if len(posts) == 1:
            ralph.stop()
        return answer

    monkeypatch.setattr(LrsClient, "post", post_then_stop)
    try:
        with learner.db() as db, pytest.raises(SyncError, match="not answering"):
            SyncService(db, learner.data_dir, sleep=lambda _s: None).sync(batch_size=1)
        monkeypatch.undo()
        assert learner.sent_ids() == before[:1]

        # Work done while the LRS is down is queued behind what was waiting.
        learner.quiz("identity-prism", 30.0, False)
        waiting, ids = learner.queue()
        assert waiting == 3 and ids[:2] == before[1:]
        env = {**os.environ, "PRISM_DATA_DIR": str(learner.data_dir)}
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "lrs", "sync"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode != 0
        assert "not answering" in done.stderr and "kept on this computer" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert learner.queue() == (3, ids)
    finally:
        ralph.start()
    assert learner.cli("sync") == 0
    assert learner.queue()[0] == 0
    held = held_by_lrs(ralph, learner)
    assert sorted(s["id"] for s in held) == sorted(before + ids[2:])  # each exactly once
