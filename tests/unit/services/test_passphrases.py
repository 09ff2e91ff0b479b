"""Passphrases for profiles: protect, unlock (with waits after wrong tries), change, remove.

What a learner would notice: once protected, their writing cannot be read without the
passphrase, not even in the file; a wrong passphrase is refused with a clear message and
ever longer waits; and adding, changing or removing a passphrase never loses a word, even
when the computer stops half-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop.cpd.records import CpdRecord
from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.services.privacy_lock import (
    PassphraseError,
    PassphraseService,
    TooSoonError,
    WrongPassphraseError,
    delay_after,
)
from desktop.services.team_sessions import create as create_team_sessions
from desktop.store.capabilities import CapabilityRepo
from desktop.store.database import close_database, open_database
from desktop.store.keys import ProfileLockedError, keyring_for
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.sealing import KdfParams, is_sealed
from tests.unit.store.fakes import FakeClock

from .archive_helpers import build_course

FAST = KdfParams(n=2**10, r=8, p=1)
PASSPHRASE = "kettle on the windowsill"
NEW_PASSPHRASE = "seven grey herons waiting"
REFLECTION = "My manager's WhatsApp group made it hard to switch off at weekends."
NOTE = "I need to check my privacy settings on LinkedIn."
LEARNING = "Agreeing response times with families protects them and me."
SECRETS = (REFLECTION, NOTE, LEARNING)


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Desk:
    path: Path
    db: object
    service: PassphraseService
    ticker: Ticker
    profile_id: str
    reflection_id: str
    record_id: str
    cpd: CpdService

    def file_bytes(self) -> bytes:
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def write_everything(db, course, profile_id: str) -> tuple[str, str, CpdService]:
    ctx = ServiceContext(course=course, db=db, data_dir=Path("."), assets=Path("."))
    cpd = CpdService(ctx)
    reflection = ReflectionRepo(db).create(profile_id, "alpha", None, REFLECTION)
    CapabilityRepo(db).rate(profile_id, {"online-risk": (2, NOTE)})
    record = cpd.save(
        CpdRecord(
            id="11111111-2222-3333-4444-555555555555",
            profile_id=profile_id,
            cpd_type="E-learning",
            title="Messaging apps and boundaries",
            start_date=date(2026, 3, 14),
            learning=LEARNING,
        )
    )
    # An edit, so an older version sits in the history table too.
    cpd.save(CpdRecord(**{**record.__dict__, "impact": "I now reply in working hours."}))
    return reflection.id, record.id, cpd


@pytest.fixture
def desk(tmp_path: Path):
    course = build_course(tmp_path / "course")
    path = tmp_path / "data" / "prism.db"
    db = open_database(path)
    ticker = Ticker()
    service = PassphraseService(db, kdf=FAST, monotonic=ticker)
    profile = ProfileRepo(db).create("Sam Patel")
    reflection_id, record_id, cpd = write_everything(db, course, profile.id)
    yield Desk(path, db, service, ticker, profile.id, reflection_id, record_id, cpd)
    close_database(db)


def readable(desk: Desk) -> tuple[str, str, str]:
    reflection = ReflectionRepo(desk.db).get(desk.reflection_id).text
    note = CapabilityRepo(desk.db).latest(desk.profile_id).ratings["online-risk"][1]
    learning = desk.cpd.get(desk.record_id).learning
    return reflection, note, learning


def stored_values(db) -> list[str]:
    rows = db.execute(
        "SELECT text FROM reflections UNION ALL SELECT note FROM capability_ratings "
        "UNION ALL SELECT record_json FROM cpd_records "
        "UNION ALL SELECT record_json FROM cpd_record_history"
    ).fetchall()
    return [row[0] for row in rows]


# Protecting ------------------------------------------------------------------------------


def test_protecting_a_profile_with_writing_leaves_no_readable_copy_in_the_file(desk: Desk):
    assert all(secret.encode() in desk.file_bytes() for secret in SECRETS)  # before: plain

    desk.service.protect(desk.profile_id, PASSPHRASE, PASSPHRASE)

    assert desk.service.is_protected(desk.profile_id)
    assert desk.service.is_locked(desk.profile_id)  # nobody's profile was open
    assert all(is_sealed(value) for value in stored_values(desk.db))
    data = desk.file_bytes()
    for secret in SECRETS:
        assert secret.encode() not in data, secret
    with pytest.raises(ProfileLockedError):
        readable(desk)
    desk.service.unlock(desk.profile_id, PASSPHRASE)
    assert readable(desk) == SECRETS
    # Every earlier version opens too.
    history = desk.cpd._records.history(desk.record_id)
    assert history and history[0].data["learning"] == LEARNING


def test_a_profile_protected_while_in_use_stays_open(desk: Desk):
    desk.service.protect(desk.profile_id, PASSPHRASE, stay_unlocked=True)
    assert desk.service.is_unlocked(desk.profile_id)
    assert readable(desk) == SECRETS


def test_a_new_passphrase_must_be_long_enough_and_typed_twice_the_same(desk: Desk):
    with pytest.raises(PassphraseError, match="at least 8"):
        desk.service.protect(desk.profile_id, "short", "short")
    with pytest.raises(PassphraseError, match="not the same"):
        desk.service.protect(desk.profile_id, PASSPHRASE, PASSPHRASE + "!")
    assert not desk.service.is_protected(desk.profile_id)
    desk.service.protect(desk.profile_id, PASSPHRASE)
    with pytest.raises(PassphraseError, match="already has a passphrase"):
        desk.service.protect(desk.profile_id, NEW_PASSPHRASE)


# Unlocking -------------------------------------------------------------------------------


def test_a_wrong_passphrase_is_refused_in_plain_words_and_reads_nothing(desk: Desk):
    desk.service.protect(desk.profile_id, PASSPHRASE)

    with pytest.raises(WrongPassphraseError) as wrong:
        desk.service.unlock(desk.profile_id, "kettle on the windowsil")

    assert "not right" in str(wrong.value) and "Caps Lock" in str(wrong.value)
    assert desk.service.is_locked(desk.profile_id)
    with pytest.raises(ProfileLockedError):
        readable(desk)


def test_waits_grow_after_three_wrong_tries_and_a_right_one_resets_them(desk: Desk):
    desk.service.protect(desk.profile_id, PASSPHRASE)
    waits = []
    for _ in range(6):
        with pytest.raises(WrongPassphraseError) as wrong:
            desk.service.unlock(desk.profile_id, "not it at all")
        waits.append(wrong.value.wait_seconds)
        # A try before the wait is over is refused without even being checked...
        if wrong.value.wait_seconds:
            with pytest.raises(TooSoonError, match="Please wait"):
                desk.service.unlock(desk.profile_id, PASSPHRASE)
        desk.ticker.now += wrong.value.wait_seconds  # ...so the learner waits.
    assert waits == [0, 0, 1, 2, 4, 8]
    assert "waits 8 seconds" in str(wrong.value)

    desk.service.unlock(desk.profile_id, PASSPHRASE)
    assert desk.service.is_unlocked(desk.profile_id)
    assert desk.service.wait_seconds(desk.profile_id) == 0
    desk.service.lock(desk.profile_id)
    with pytest.raises(WrongPassphraseError) as again:
        desk.service.unlock(desk.profile_id, "wrong again")
    assert again.value.failures == 1 and again.value.wait_seconds == 0


def test_the_wait_never_exceeds_thirty_seconds():
    assert [delay_after(n) for n in range(1, 10)] == [0, 0, 1, 2, 4, 8, 16, 30, 30]


def test_locking_forgets_every_key(desk: Desk):
    desk.service.protect(desk.profile_id, PASSPHRASE, stay_unlocked=True)
    sealer = keyring_for(desk.db).sealer_for(desk.profile_id)

    desk.service.lock_all()

    assert keyring_for(desk.db).unlocked_ids() == []
    assert sealer.forgotten
    with pytest.raises(ProfileLockedError):
        readable(desk)


# Changing and removing -------------------------------------------------------------------


def test_changing_the_passphrase_keeps_every_word(desk: Desk):
    desk.service.protect(desk.profile_id, PASSPHRASE)
    before = stored_values(desk.db)

    with pytest.raises(WrongPassphraseError):
        desk.service.change(desk.profile_id, "not the passphrase", NEW_PASSPHRASE, NEW_PASSPHRASE)
    desk.service.change(desk.profile_id, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)

    after = stored_values(desk.db)
    assert all(is_sealed(v) for v in after) and set(after).isdisjoint(before)
    assert desk.service.is_locked(desk.profile_id)  # it was locked before, so it stays so
    with pytest.raises(WrongPassphraseError):
        desk.service.unlock(desk.profile_id, PASSPHRASE)
    desk.service.unlock(desk.profile_id, NEW_PASSPHRASE)
    assert readable(desk) == SECRETS


def test_removing_the_passphrase_stores_the_text_plain_again(desk: Desk):
    desk.service.protect(desk.profile_id, PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        desk.service.remove(desk.profile_id, "guess")
    assert desk.service.is_protected(desk.profile_id)

    desk.service.remove(desk.profile_id, PASSPHRASE)

    assert not desk.service.is_protected(desk.profile_id)
    assert not any(is_sealed(v) for v in stored_values(desk.db))
    assert readable(desk) == SECRETS


@pytest.mark.parametrize("step", ["protect", "change", "remove"])
def test_an_interrupted_change_leaves_the_old_state_whole(desk: Desk, step: str):
    """A failure after some values were rewritten rolls everything back."""
    if step != "protect":
        desk.service.protect(desk.profile_id, PASSPHRASE)
    before = stored_values(desk.db)
    written = []

    def stop_half_way() -> None:
        written.append(1)
        if len(written) == 3:
            raise OSError("disc full")

    desk.service._on_value = stop_half_way
    with pytest.raises(OSError):
        if step == "protect":
            desk.service.protect(desk.profile_id, NEW_PASSPHRASE)
        elif step == "change":
            desk.service.change(desk.profile_id, PASSPHRASE, NEW_PASSPHRASE)
        else:
            desk.service.remove(desk.profile_id, PASSPHRASE)

    assert len(written) == 3  # it really was stopped half-way
    assert stored_values(desk.db) == before
    desk.service._on_value = None
    if step == "protect":
        assert not desk.service.is_protected(desk.profile_id)
    else:
        assert desk.service.is_protected(desk.profile_id)
        with pytest.raises(WrongPassphraseError):
            desk.service.unlock(desk.profile_id, NEW_PASSPHRASE)
        desk.service.unlock(desk.profile_id, PASSPHRASE)
    assert readable(desk) == SECRETS


KILLED_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from desktop.services.privacy_lock import PassphraseService
    from desktop.store.database import open_database
    from desktop.store.sealing import KdfParams

    db = open_database(__import__("pathlib").Path(sys.argv[1]))
    written = []

    def die_half_way():
        written.append(1)
        if len(written) == 3:
            os.kill(os.getpid(), signal.SIGKILL)

    service = PassphraseService(db, kdf=KdfParams(n=2**10, r=8, p=1), on_value=die_half_way)
    service.change(sys.argv[2], sys.argv[3], sys.argv[4])
    print("finished")  # never reached
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_change_killed_half_way_leaves_the_old_passphrase_working(desk: Desk):
    """The process dies (SIGKILL, as in a crash) after writing some values, uncommitted."""
    desk.service.protect(desk.profile_id, PASSPHRASE)
    before = stored_values(desk.db)
    close_database(desk.db)
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    args = [str(desk.path), desk.profile_id, PASSPHRASE, NEW_PASSPHRASE]
    child = subprocess.run(
        [sys.executable, "-c", KILLED_CHILD, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "finished" not in child.stdout

    desk.db = open_database(desk.path)
    desk.service = PassphraseService(desk.db, kdf=FAST)
    desk.cpd = CpdService(ServiceContext(desk.cpd._ctx.course, desk.db, Path("."), Path(".")))
    assert stored_values(desk.db) == before
    with pytest.raises(WrongPassphraseError):
        desk.service.unlock(desk.profile_id, NEW_PASSPHRASE)
    desk.service.unlock(desk.profile_id, PASSPHRASE)
    assert readable(desk) == SECRETS


# Settings and team sessions ----------------------------------------------------------------


def test_the_idle_lock_defaults_to_ten_minutes_and_can_be_turned_off(desk: Desk):
    assert desk.service.idle_minutes() == 10
    desk.service.set_idle_minutes(0)
    assert desk.service.idle_minutes() == 0
    desk.service.set_idle_minutes(25)
    assert PassphraseService(desk.db).idle_minutes() == 25
    with pytest.raises(PassphraseError):
        desk.service.set_idle_minutes(-1)


def test_the_note_about_unprotected_profiles_is_needed_once(desk: Desk):
    other = ProfileRepo(desk.db).create("Priya")
    assert desk.service.notice_needed(desk.profile_id)
    desk.service.notice_seen(desk.profile_id)
    assert not desk.service.notice_needed(desk.profile_id)
    assert desk.service.notice_needed(other.id)
    desk.service.protect(other.id, PASSPHRASE)
    assert not desk.service.notice_needed(other.id)  # protected: nothing to warn about


def test_a_locked_attendee_gets_their_team_session_draft_when_unlocked(tmp_path: Path):
    course = build_course(tmp_path / "course")
    db = open_database(tmp_path / "prism.db")
    clock = FakeClock(datetime(2026, 3, 4, 9, 30, tzinfo=UTC))
    ctx = ServiceContext(course=course, db=db, data_dir=tmp_path, assets=tmp_path, clock=clock)
    cpd = CpdService(ctx)
    sessions = create_team_sessions(ctx, cpd)
    service = PassphraseService(db, kdf=FAST)
    open_one, protected = ProfileRepo(db).create("Asha"), ProfileRepo(db).create("Ben")
    service.protect(protected.id, PASSPHRASE)
    session = sessions.start(
        title="Boundaries on messaging apps",
        session_date=date(2026, 3, 4),
        facilitator_name="Jo Bloggs",
        facilitator_role="Practice educator",
        module_id="alpha",
        attendee_ids=[open_one.id, protected.id],
    )
    sessions.set_notes(session.id, "We agreed to keep work chats on work phones.")
    clock.advance(minutes=45)

    result = sessions.end(session.id)

    assert [a.profile_id for a in result.created] == [open_one.id]
    assert [a.profile_id for a in result.waiting] == [protected.id]
    assert sessions.deliver_pending(protected.id) == []  # still locked: it waits
    service.unlock(protected.id, PASSPHRASE)
    delivered = sessions.deliver_pending(protected.id)
    assert len(delivered) == 1 and delivered[0].title == "Boundaries on messaging apps"
    stored = db.execute(
        "SELECT record_json FROM cpd_records WHERE profile_id = ?", [protected.id]
    ).fetchone()[0]
    assert is_sealed(stored) and "work phones" not in stored
    close_database(db)
