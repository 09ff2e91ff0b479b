"""Passphrases for profiles: protect, unlock, change, remove; lock; the idle-lock setting.

A profile may have a passphrase. Its free text (reflections, CPD records, capability
notes, and their earlier versions) is then stored sealed with a key made from the
passphrase (``desktop/store/sealing.py``); only a verifier is stored, so a forgotten
passphrase cannot be recovered by anyone, Prism included.

- ``unlock`` checks the passphrase and keeps the key in memory (``KeyRing``) until
  ``lock``/``lock_all``. After three wrong tries in a row each further try must wait
  (1 s, 2 s, 4 s... up to 30 s): ``wait_seconds`` says how long, and a try made sooner
  is refused without being checked. The clock is injectable, so tests never wait.
- ``protect``, ``change`` and ``remove`` re-seal every value of the profile and write
  the key record in ONE transaction: an interruption (a crash, a full disc, the power
  going) rolls it back, leaving the old state whole. Afterwards the WAL is folded into
  the file and emptied, with SQLite's secure delete on, so earlier plain text does not
  linger in free pages of the database or in its WAL.
- Settings: the idle-lock delay (app-wide; 0 = never) and whether a profile's learner
  has been told that an unprotected profile can be read by anyone using the computer.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.store.errors import RecordNotFoundError, StoreError
from desktop.store.keys import (
    KeyRing,
    KeyStore,
    ProfileLockedError,
    keyring_for,
    leaving_no_trace,
)
from desktop.store.profiles import ProfileRepo
from desktop.store.seal_ledger import check_on_unlock, publish_summary, reseal_profile
from desktop.store.sealing import (
    DEFAULT_KDF,
    KdfParams,
    KeyRecord,
    Sealer,
    new_key,
    passphrase_problem,
    unlock,
)
from desktop.store.settings import SettingsRepo

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext
    from desktop.store.connection import Database

__all__ = [
    "DEFAULT_IDLE_MINUTES",
    "FREE_TRIES",
    "MAX_IDLE_MINUTES",
    "PassphraseError",
    "PassphraseService",
    "ProfileLockedError",
    "TooSoonError",
    "WrongPassphraseError",
    "create",
    "delay_after",
]

DEFAULT_IDLE_MINUTES = 10
MAX_IDLE_MINUTES = 240
IDLE_MINUTES_KEY = "privacy.idle_lock_minutes"
NOTICE_SEEN_KEY = "privacy.unprotected_notice_seen"

FREE_TRIES = 3
"""Wrong passphrases allowed in a row before each further try must wait."""
MAX_DELAY_SECONDS = 30.0

FORGOTTEN_WARNING = (
    "If you forget this passphrase, nobody can get your writing back: not you, not your "
    "employer, not the makers of Prism. It is never stored and cannot be reset."
)
UNPROTECTED_NOTICE = (
    "This profile has no passphrase, so anyone who uses this computer can open it and "
    "read your reflections, notes and CPD records."
)
GROUP_NOTES_NOTE = (
    "Team-session discussion notes belong to the whole group, so they are not protected "
    "by your passphrase. Your own CPD draft from a session is."
)


class PassphraseError(ValueError):
    """A passphrase action that cannot be done; the message says what to do."""


class WrongPassphraseError(PassphraseError):
    """The passphrase typed is not the profile's. ``wait_seconds`` before the next try."""

    def __init__(self, message: str, failures: int, wait_seconds: float) -> None:
        super().__init__(message)
        self.failures = failures
        self.wait_seconds = wait_seconds


class TooSoonError(PassphraseError):
    """A try came before the wait after repeated wrong passphrases was over."""

    def __init__(self, wait_seconds: float) -> None:
        seconds = max(1, round(wait_seconds + 0.49))
        super().__init__(
            f"Please wait {seconds} second{'s' if seconds != 1 else ''} before trying again. "
            "Prism waits a little longer after each wrong passphrase."
        )
        self.wait_seconds = wait_seconds


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong tries in a row: 0, 0, 0, 1, 2, 4... 30."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_DELAY_SECONDS, 2.0 ** (failures - FREE_TRIES))


@dataclass
class _Tries:
    failures: int = 0
    not_before: float = 0.0


class PassphraseService:
    """Everything about profile passphrases and locking, over one database. No Qt."""

    def __init__(
        self,
        db: Database,
        *,
        kdf: KdfParams = DEFAULT_KDF,
        monotonic: Callable[[], float] = time.monotonic,
        on_value: Callable[[], None] | None = None,
    ) -> None:
        """``kdf``: the scrypt cost for new passphrases (tests use a cheap one);
        ``monotonic``: the clock for waits; ``on_value``: called before each re-sealed
        write (tests interrupt with it)."""
        self._db = db
        self._keys: KeyRing = keyring_for(db)
        self._store = KeyStore(db)
        self._profiles = ProfileRepo(db)
        self._settings = SettingsRepo(db)
        self.kdf = kdf
        self._now = monotonic
        self._on_value = on_value
        self._tries: dict[str, _Tries] = {}
        self._notices: dict[str, list[str]] = {}

    @property
    def keyring(self) -> KeyRing:
        return self._keys

    # State ----------------------------------------------------------------------------

    def is_protected(self, profile_id: str) -> bool:
        return self._keys.is_protected(profile_id)

    def protected_ids(self) -> set[str]:
        """Every protected profile's id (one query, for the profile list)."""
        return self._keys.protected_ids()

    def is_locked(self, profile_id: str) -> bool:
        """Protected and not unlocked now: its text can be neither read nor written."""
        return self._keys.is_locked(profile_id)

    def is_unlocked(self, profile_id: str) -> bool:
        return self._keys.is_unlocked(profile_id)

    # Unlocking and locking --------------------------------------------------------------

    def wait_seconds(self, profile_id: str) -> float:
        """How long before another try is allowed (0 when it is allowed now)."""
        tries = self._tries.get(profile_id)
        if tries is None:
            return 0.0
        return max(0.0, tries.not_before - self._now())

    def unlock(self, profile_id: str, passphrase: str) -> list[str]:
        """Open a protected profile for this session; raises WrongPassphraseError/TooSoonError.

        Returns what the learner must be told (usually nothing): settings changed outside
        Prism and put back, or a record of their writing's versions missing or changed
        (``seal_ledger.check_on_unlock``). The same list stays in ``notices(profile_id)``
        until read.
        """
        record = self._record(profile_id)
        sealer = self._check(profile_id, record, passphrase)
        notices = check_on_unlock(self._db, profile_id, sealer)
        self._keys.add(profile_id, sealer)
        if notices:
            self._notices[profile_id] = notices
        return notices

    def notices(self, profile_id: str) -> list[str]:
        """What the last unlock found for the learner to read (once: then it is cleared)."""
        return self._notices.pop(profile_id, [])

    def lock(self, profile_id: str) -> None:
        """Forget this profile's key: its text cannot be read until it is unlocked again.

        First the profile refreshes what the team summary may show of it (which runs
        with no key held: ``seal_ledger.publish_summary``).
        """
        self._publish(profile_id)
        self._keys.forget(profile_id)

    def lock_all(self) -> None:
        """Forget every key held (returning to the profile list, idle lock)."""
        for profile_id in self._keys.unlocked_ids():
            self._publish(profile_id)
        self._keys.forget_all()

    def _publish(self, profile_id: str) -> None:
        # Never stops a lock: a file that cannot be written keeps what was published last.
        if not self._keys.is_unlocked(profile_id):
            return
        try:
            with self._db.atomic():
                publish_summary(self._db, profile_id, self._keys.sealer_for(profile_id))
        except StoreError:
            return

    # Adding, changing and removing -----------------------------------------------------

    def protect(
        self,
        profile_id: str,
        new: str,
        repeated: str | None = None,
        *,
        stay_unlocked: bool = False,
    ) -> None:
        """Give an unprotected profile a passphrase; its text is sealed.

        It is then locked, unless ``stay_unlocked`` (the learner is using it now).
        """
        self._require_profile(profile_id)
        if self._keys.is_protected(profile_id):
            raise PassphraseError(
                "This profile already has a passphrase. Choose Change passphrase… instead."
            )
        self._check_new(new, repeated)
        record, sealer = new_key(new, self.kdf)
        self._reseal(profile_id, None, sealer, record)
        if stay_unlocked:
            self._keys.add(profile_id, sealer)
        else:
            sealer.forget()

    def change(self, profile_id: str, current: str, new: str, repeated: str | None = None) -> None:
        """Replace the passphrase (the current one is checked); the text is re-sealed.

        A profile unlocked before stays unlocked (with the new key); a locked one stays locked.
        """
        record = self._record(profile_id)
        self._check_new(new, repeated)
        was_unlocked = self._keys.is_unlocked(profile_id)
        old = self._check(profile_id, record, current)
        new_record, sealer = new_key(new, self.kdf)
        self._reseal(profile_id, old, sealer, new_record)
        if was_unlocked:
            self._keys.add(profile_id, sealer)
        else:
            sealer.forget()
            old.forget()

    def remove(self, profile_id: str, current: str) -> None:
        """Remove the passphrase (the current one is checked); the text is stored plain."""
        record = self._record(profile_id)
        old = self._check(profile_id, record, current)
        self._reseal(profile_id, old, None, None)
        self._keys.forget(profile_id)

    @staticmethod
    def new_passphrase_problem(new: str, repeated: str | None = None) -> str:
        """Why a new passphrase cannot be used ('' when it can), for the dialog to show."""
        problem = passphrase_problem(new)
        if not problem and repeated is not None and repeated != new:
            problem = "The two passphrases are not the same. Type the same one in both boxes."
        return problem

    # Settings ---------------------------------------------------------------------------

    def idle_minutes(self) -> int:
        """Minutes without use before Prism locks (0 = never); the default is 10."""
        raw = self._settings.get(IDLE_MINUTES_KEY, str(DEFAULT_IDLE_MINUTES))
        try:
            value = int(raw)
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        return value if 0 <= value <= MAX_IDLE_MINUTES else DEFAULT_IDLE_MINUTES

    def set_idle_minutes(self, minutes: int) -> None:
        if not 0 <= minutes <= MAX_IDLE_MINUTES:
            raise PassphraseError(f"Choose from 0 (never) to {MAX_IDLE_MINUTES} minutes.")
        self._settings.set(IDLE_MINUTES_KEY, str(int(minutes)))

    def notice_needed(self, profile_id: str) -> bool:
        """Whether to tell this learner, once, that their unprotected text is readable."""
        if self._keys.is_protected(profile_id):
            return False
        return self._settings.get(NOTICE_SEEN_KEY, "0", profile_id) != "1"

    def notice_seen(self, profile_id: str) -> None:
        # A profile deleted meanwhile has nothing to remember.
        with contextlib.suppress(RecordNotFoundError):
            self._settings.set(NOTICE_SEEN_KEY, "1", profile_id)

    # Inside -----------------------------------------------------------------------------

    def _record(self, profile_id: str) -> KeyRecord:
        self._require_profile(profile_id)
        record = self._store.get(profile_id)
        if record is None:
            raise PassphraseError(
                "This profile has no passphrase. Choose Protect with a passphrase… to add one."
            )
        return record

    def _require_profile(self, profile_id: str) -> None:
        if self._profiles.get(profile_id) is None:
            raise PassphraseError(
                "Prism could not find this profile. It may have been deleted. Go back to "
                "the list of profiles and choose again."
            )

    def _check(self, profile_id: str, record: KeyRecord, passphrase: str) -> Sealer:
        wait = self.wait_seconds(profile_id)
        if wait > 0:
            raise TooSoonError(wait)
        sealer = unlock(record, passphrase)
        tries = self._tries.setdefault(profile_id, _Tries())
        if sealer is not None:
            self._tries.pop(profile_id, None)
            return sealer
        tries.failures += 1
        delay = delay_after(tries.failures)
        tries.not_before = self._now() + delay
        message = "That passphrase is not right. Check the spelling and Caps Lock, then try again."
        if delay:
            seconds = round(delay)
            message += (
                f" After {tries.failures} wrong tries, Prism waits {seconds} "
                f"second{'s' if seconds != 1 else ''} before the next one."
            )
        raise WrongPassphraseError(message, tries.failures, delay)

    def _check_new(self, new: str, repeated: str | None) -> None:
        problem = self.new_passphrase_problem(new, repeated)
        if problem:
            raise PassphraseError(problem)

    def _reseal(
        self,
        profile_id: str,
        old: Sealer | None,
        new: Sealer | None,
        record: KeyRecord | None,
    ) -> None:
        # One transaction: interrupted, it rolls back and the old state is whole.
        with leaving_no_trace(self._db), self._db.atomic():
            reseal_profile(self._db, profile_id, old, new, on_value=self._on_value)
            if record is None:
                self._store.delete(profile_id)
            else:
                self._store.put(profile_id, record)


def create(ctx: ServiceContext) -> PassphraseService:
    """Build the service from the shared start-up context."""
    return PassphraseService(ctx.db)
