"""Each protected profile's *ledger*: which version of each piece of writing is current.

A sealed value (``sealing.py``, form ``pe2:``) carries its version, and the version is
part of what the seal authenticates, with the profile, the item and the column. That
alone catches a token moved to another row or column, or an older token pasted in while
its stated version is kept. It cannot catch a *whole* older value (token and version
together) copied back from a backup: inside one row nothing is left to compare with.
So the profile keeps, in ``profile_seals`` (migration 9), one ledger:

    {"profile": id, "counter": n, "versions": {"reflection/<id>": 17, ...}}

and an HMAC of it under the profile's integrity key. Every write of a current value
takes the next number from ``counter``, seals with it, and stores the ledger in the
same transaction. Reading a current value (not an earlier version kept in history)
compares its version with the ledger's: lower means it was put back from an older copy,
and ``RolledBackError`` names that one item; everything else still opens.

The same row holds the profile's own settings (name, colour, team-summary consent,
organisation-sync consent) as last set by the owner while unlocked, with an HMAC: see
``settings_snapshot`` and ``check_settings``.

What is checked, and when:

- Every read while unlocked: one small row and one HMAC, nothing over all rows.
- At unlock (``PassphraseService.unlock``): only if the ledger is missing or does not
  verify, every value of that profile is re-sealed in the new form and a new ledger
  written (``adopt``). That is the lazy half of migration 9: ``pe1:`` values, bound to
  their row only, stay readable until their profile is first unlocked; after that a
  ``pe1:`` value where the ledger names a version is refused as a downgrade.

What no ledger can catch: the ledger is in the same file, so copying back an older
ledger together with every value it names (the whole profile as it was) is accepted,
as is deleting a row outright (its item simply disappears, as in a restore). A ledger
removed or damaged is reported at the next unlock, then rebuilt from what opens.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.store.keys import (
    SEALED_COLUMNS,
    SealedColumn,
    keyring_for,
    open_value,
    seal_context,
)
from desktop.store.sealing import (
    TOKEN_PREFIX_V2,
    SealedValueError,
    Sealer,
    is_sealed,
    token_version,
)

if TYPE_CHECKING:
    from desktop.store.connection import Database

_LEDGER_DOMAIN = b"prism ledger v1\x00"
_SETTINGS_DOMAIN = b"prism profile settings v1\x00"

ITEM_NAMES = {
    "reflection": "reflection",
    "cpd-record": "CPD record",
    "capability-note": "capability note",
}


class RolledBackError(SealedValueError):
    """A current value is older than the ledger says (or plain where a seal should be)."""

    def __init__(self, context: str, kind: str) -> None:
        super().__init__(context)
        what = ITEM_NAMES.get(kind, "piece of writing")
        self.message = (
            f"This {what} was replaced outside Prism by an older copy, so Prism does not "
            "show it. Nothing has been overwritten. Restore a recent backup (File \u203a "
            "Restore from backup\u2026) to get the current version back."
        )
        self.detail = f"sealed value at {context!r} is older than the profile's ledger"
        self.args = (self.message,)


@dataclass
class Ledger:
    """The versions of a profile's current values; ``trusted``: its HMAC verified."""

    counter: int = 0
    versions: dict[str, int] = field(default_factory=dict)
    trusted: bool = True

    def body(self, profile_id: str) -> bytes:
        data = {"profile": profile_id, "counter": self.counter, "versions": self.versions}
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


def item_key(spec: SealedColumn, item_id: str) -> str:
    return f"{spec.kind}/{item_id}"


def context_for(spec: SealedColumn, profile_id: str, item_id: str, stored: str) -> str:
    """The associated data of ``stored``: the row only (``pe1:``), or row and column."""
    base = seal_context(spec.kind, profile_id, item_id)
    return f"{base}/{spec.field}" if stored.startswith(TOKEN_PREFIX_V2) else base


def v2_context(spec: SealedColumn, profile_id: str, item_id: str) -> str:
    return f"{seal_context(spec.kind, profile_id, item_id)}/{spec.field}"


def load_ledger(db: Database, profile_id: str, sealer: Sealer) -> Ledger | None:
    """The stored ledger (``trusted`` False if its HMAC fails), or None if there is none."""
    row = db.execute(
        "SELECT ledger_json, ledger_mac FROM profile_seals WHERE profile_id = ?", [profile_id]
    ).fetchone()
    if row is None or row[0] is None:
        return None
    import hmac

    # The HMAC is checked over the stored text itself (``store_ledger`` writes exactly the
    # bytes it signs), before and instead of writing the parsed ledger out again: every
    # sealed read and write loads the ledger, and it grows with everything ever written.
    try:
        body = row[0].encode("utf-8")
        good = hmac.compare_digest(sealer.mac(_LEDGER_DOMAIN + body), bytes(row[1] or b""))
        data = json.loads(body)
        if good and data.get("profile") == profile_id:
            return Ledger(data["counter"], data["versions"])  # signed by us: its shape holds
        ledger = Ledger(int(data["counter"]), {str(k): int(v) for k, v in data["versions"].items()})
    except (ValueError, TypeError, KeyError, AttributeError):
        return Ledger(trusted=False)
    ledger.trusted = False
    return ledger


def store_ledger(db: Database, profile_id: str, sealer: Sealer, ledger: Ledger) -> None:
    body = ledger.body(profile_id)
    db.execute(
        "INSERT INTO profile_seals (profile_id, ledger_json, ledger_mac) VALUES (?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET ledger_json = excluded.ledger_json, "
        "ledger_mac = excluded.ledger_mac",
        [profile_id, body.decode("utf-8"), sealer.mac(_LEDGER_DOMAIN + body)],
    )


def forget_seals(db: Database, profile_id: str) -> None:
    """The profile is no longer protected: its ledger and settings seal go."""
    db.execute("DELETE FROM profile_seals WHERE profile_id = ?", [profile_id])


class ProfileSeal:
    """One profile's values for a read or a write: plain when it is unprotected.

    Made by ``sealed_profile``; raises ``ProfileLockedError`` there while it is locked.
    A writer calls ``seal`` for each current value and ``flush`` in the same transaction.
    """

    def __init__(self, db: Database, profile_id: str, sealer: Sealer | None) -> None:
        self._db = db
        self.profile_id = profile_id
        self.sealer = sealer
        self._ledger: Ledger | None = None
        self._loaded = False
        self._dirty = False

    @property
    def protected(self) -> bool:
        return self.sealer is not None

    def ledger(self) -> Ledger | None:
        if not self._loaded and self.sealer is not None:
            self._ledger = load_ledger(self._db, self.profile_id, self.sealer)
            self._loaded = True
        return self._ledger

    def open(self, spec: SealedColumn, item_id: str, stored: str, *, current: bool = True) -> str:
        """The text of a stored value; SealedValueError/RolledBackError if it is not genuine.

        ``current``: the value is the item's current one (checked against the ledger),
        not an earlier version kept in a history table.
        """
        if self.sealer is None:
            return stored
        expected = self._expected(spec, item_id) if current else None
        if not is_sealed(stored):
            if expected is not None:  # plain text where a sealed value was written
                raise RolledBackError(seal_context(spec.kind, self.profile_id, item_id), spec.kind)
            return stored  # an old archive's plain value, shown as it is
        context = context_for(spec, self.profile_id, item_id, stored)
        text, version = self.sealer.open_versioned(stored, context)
        if expected is not None and (version is None or version < expected):
            raise RolledBackError(context, spec.kind)
        return text

    def seal(self, spec: SealedColumn, item_id: str, text: str) -> str:
        """What to store for a new current value (its next version); plain if unprotected."""
        if self.sealer is None:
            return text
        ledger = self._ledger_for_write()
        ledger.counter += 1
        ledger.versions[item_key(spec, item_id)] = ledger.counter
        self._dirty = True
        return self.sealer.seal(text, v2_context(spec, self.profile_id, item_id), ledger.counter)

    def retire(self, spec: SealedColumn, item_id: str) -> None:
        """The item is being deleted: its last version becomes an older one, so the row
        put back by hand is caught like any other older copy (an Undo seals anew)."""
        if self.sealer is None:
            return
        ledger = self._ledger_for_write()
        ledger.counter += 1
        ledger.versions[item_key(spec, item_id)] = ledger.counter
        self._dirty = True

    def same_text(self, spec: SealedColumn, item_id: str, stored: str, text: str) -> bool:
        """Whether ``stored`` already holds ``text`` (a genuine current value)."""
        try:
            return self.open(spec, item_id, stored) == text
        except SealedValueError:
            return False

    def flush(self) -> None:
        """Store the ledger if ``seal`` changed it (call inside the writer's transaction)."""
        if self._dirty and self.sealer is not None and self._ledger is not None:
            store_ledger(self._db, self.profile_id, self.sealer, self._ledger)
            self._dirty = False

    def _expected(self, spec: SealedColumn, item_id: str) -> int | None:
        ledger = self.ledger()
        if ledger is None or not ledger.trusted:
            return None
        return ledger.versions.get(item_key(spec, item_id))

    def _ledger_for_write(self) -> Ledger:
        ledger = self.ledger()
        if ledger is None or not ledger.trusted:
            # Not yet in the new form (or the ledger was damaged): adopt first, so the
            # other items get versions too; the unlock that normally does it reports.
            assert self.sealer is not None
            adopt(self._db, self.profile_id, self.sealer)
            self._loaded = False
            ledger = self.ledger()
            assert ledger is not None
        return ledger


def sealed_rows(db: Database, spec: SealedColumn, profile_id: str) -> builtins.list[Any]:
    """(rowid, item id, stored value) of each of the profile's values in one column."""
    return db.execute(
        f"SELECT rowid, {spec.item_column}, {spec.column} FROM {spec.table} WHERE profile_id = ?",
        [profile_id],
    ).fetchall()


def sealed_profile(db: Database, profile_id: str) -> ProfileSeal:
    """The profile's sealing for this session (``ProfileLockedError`` while locked)."""
    return ProfileSeal(db, profile_id, keyring_for(db).sealer_for(profile_id))


def history_spec(spec: SealedColumn) -> bool:
    return spec.history


@dataclass
class AdoptReport:
    """What ``adopt`` found: how many values it re-sealed, which items it left alone."""

    resealed: int = 0
    ledger_missing: bool = False
    ledger_forged: bool = False
    left_alone: builtins.list[tuple[str, str]] = field(default_factory=builtins.list)

    def notices(self) -> builtins.list[str]:
        """Plain sentences for the learner (none for a first, quiet upgrade)."""
        out = []
        if self.ledger_forged:
            out.append(
                "Prism's record of which version of your writing is current was changed "
                "outside Prism. Prism has made a new one from what it could check. If you "
                "did not expect this, look over your recent reflections and CPD records, "
                "and restore a recent backup if anything is older than you left it."
            )
        elif self.ledger_missing:
            out.append(
                "Prism had no record of which version of your writing is current (that is "
                "expected once, after this profile was imported from another computer). "
                "Prism has made one now. If you did not import it, someone may have changed "
                "your writing outside Prism: look over your recent work."
            )
        if self.left_alone:
            count = len(self.left_alone)
            out.append(
                f"{count} piece{'s' if count != 1 else ''} of your writing could not be "
                "checked as genuine and {verb} not shown. Nothing was deleted.".format(
                    verb="are" if count != 1 else "is"
                )
            )
        return out


def adopt(
    db: Database,
    profile_id: str,
    sealer: Sealer,
    *,
    trust_current: bool = False,
    still_bad: set[tuple[str, str, str]] | None = None,
) -> AdoptReport:
    """Bring the profile's values into the current form and write a fresh ledger.

    Values that do not open, or that the stored ledger (when it verifies) says are
    older than current, are left exactly as they are and keep their ledger entry, so
    they stay marked. ``trust_current`` (after an import the owner unlocked for): every
    current value that opens is taken as current, except those in ``still_bad``
    ((table, item id, stored value) found failing before the import, and unchanged).

    A current ``pe2:`` value is kept byte for byte (so importing the same archive again
    changes nothing) when its version is above every earlier version of the item and
    not below the ledger's; otherwise, and for ``pe1:`` values, it is re-sealed with a
    number above every version seen. Runs in its own transaction (or the caller's).
    """
    report = AdoptReport()
    with db.atomic():
        old = load_ledger(db, profile_id, sealer)
        if old is None:
            report.ledger_missing = _has_new_form(db, profile_id)
        elif not old.trusted:
            report.ledger_forged = True
        kept = old if old is not None and old.trusted else None
        ledger = Ledger()
        if kept is not None:
            ledger.versions = dict(kept.versions)
        check = ProfileSeal(db, profile_id, sealer)
        check._ledger, check._loaded = (None if trust_current else kept), True
        values = {spec: sealed_rows(db, spec, profile_id) for spec in SEALED_COLUMNS}
        earlier: dict[str, int] = {}  # the highest version an earlier copy states
        highest = kept.counter if kept else 0
        for spec, rows in values.items():
            for _rowid, item_id, stored in rows:
                version = token_version(stored)
                if version is None:
                    continue
                highest = max(highest, version)
                if spec.history:
                    key = item_key(spec, item_id)
                    earlier[key] = max(earlier.get(key, -1), version)
        ledger.counter = highest
        fresh = highest + 1  # the number for anything re-sealed now
        for spec, rows in values.items():
            for rowid, item_id, stored in rows:
                key = item_key(spec, item_id)
                try:
                    if still_bad and (spec.table, item_id, stored) in still_bad:
                        raise SealedValueError(spec.table)
                    text = check.open(spec, item_id, stored, current=not spec.history)
                except SealedValueError:
                    if not spec.history:
                        report.left_alone.append((spec.table, item_id))
                    continue
                version = token_version(stored)
                if spec.history:
                    if version is not None:
                        continue  # an earlier version keeps the version it had
                    # Earlier versions get version 0: below every current one, so one
                    # copied back into the item's row is refused as older.
                    value = sealer.seal(text, v2_context(spec, profile_id, item_id), 0)
                elif (
                    version is not None
                    and version > earlier.get(key, -1)
                    and version >= (kept.versions.get(key, 0) if kept else 0)
                ):
                    ledger.versions[key] = version
                    continue
                else:
                    value = sealer.seal(text, v2_context(spec, profile_id, item_id), fresh)
                    ledger.versions[key] = ledger.counter = fresh
                db.execute(
                    f"UPDATE {spec.table} SET {spec.column} = ? WHERE rowid = ?", [value, rowid]
                )
                report.resealed += 1
        store_ledger(db, profile_id, sealer, ledger)
    return report


def failing_values(db: Database, profile_id: str, sealer: Sealer) -> set[tuple[str, str, str]]:
    """(table, item id, stored) of every current value that does not check out now."""
    check = ProfileSeal(db, profile_id, sealer)
    bad = set()
    for spec in SEALED_COLUMNS:
        if history_spec(spec):
            continue
        for _rowid, item_id, stored in sealed_rows(db, spec, profile_id):
            try:
                check.open(spec, item_id, stored)
            except SealedValueError:
                bad.add((spec.table, item_id, stored))
    return bad


def needs_adopting(db: Database, profile_id: str, sealer: Sealer) -> bool:
    """True when the ledger is missing or does not verify (one row read)."""
    ledger = load_ledger(db, profile_id, sealer)
    return ledger is None or not ledger.trusted


def _has_new_form(db: Database, profile_id: str) -> bool:
    """Whether any value is in the form only a ledger-keeping Prism writes."""
    checks = " UNION ALL ".join(
        f"SELECT 1 FROM {spec.table} WHERE profile_id = ?1 AND {spec.column} LIKE 'pe2:%'"
        for spec in SEALED_COLUMNS
    )
    return db.execute(f"SELECT EXISTS ({checks})", [profile_id]).fetchone()[0] == 1


# The profile's own settings -------------------------------------------------------------

SETTINGS_NAMES = {
    "name": "name",
    "colour": "colour",
    "include_in_team_summary": "agreement to be in the team summary",
    "sync": "agreement to send learning to your organisation",
}


def settings_snapshot(db: Database, profile_id: str) -> dict[str, Any] | None:
    """The security-relevant settings as stored now (None if the profile is gone)."""
    row = db.execute(
        "SELECT name, colour, include_in_team_summary FROM profiles WHERE id = ?", [profile_id]
    ).fetchone()
    if row is None:
        return None
    sync = db.execute(
        "SELECT with_cpd, org_id FROM lrs_consent WHERE profile_id = ?", [profile_id]
    ).fetchone()
    return {
        "name": row[0],
        "colour": row[1],
        "include_in_team_summary": bool(row[2]),
        "sync": None if sync is None else {"with_cpd": bool(sync[0]), "org_id": sync[1]},
    }


def _settings_body(profile_id: str, snapshot: dict[str, Any]) -> bytes:
    data = {"profile": profile_id, "settings": snapshot}
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal_settings(db: Database, profile_id: str, sealer: Sealer | None = None) -> None:
    """Record the profile's settings as the owner's, with an HMAC (protected and unlocked).

    Called in the same transaction as every change the owner makes. Without a key held
    (an unprotected or locked profile) it does nothing.
    """
    if sealer is None:
        ring = keyring_for(db)
        if not ring.is_unlocked(profile_id):
            return
        sealer = ring.sealer_for(profile_id)
    assert sealer is not None
    snapshot = settings_snapshot(db, profile_id)
    if snapshot is None:
        return
    body = _settings_body(profile_id, snapshot)
    db.execute(
        "INSERT INTO profile_seals (profile_id, settings_json, settings_mac) VALUES (?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET settings_json = excluded.settings_json, "
        "settings_mac = excluded.settings_mac",
        [profile_id, body.decode("utf-8"), sealer.mac(_SETTINGS_DOMAIN + body)],
    )
    publish_summary(db, profile_id, sealer)  # consent on or off takes effect at once


def owner_settings(db: Database, profile_id: str, sealer: Sealer) -> dict[str, Any] | None:
    """The settings the owner last set, if their HMAC verifies; else None."""
    import hmac

    row = db.execute(
        "SELECT settings_json, settings_mac FROM profile_seals WHERE profile_id = ?",
        [profile_id],
    ).fetchone()
    if row is None or row[0] is None or row[1] is None:
        return None
    body = str(row[0]).encode("utf-8")
    if not hmac.compare_digest(sealer.mac(_SETTINGS_DOMAIN + body), bytes(row[1])):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("profile") != profile_id:
        return None
    settings = data.get("settings")
    return settings if isinstance(settings, dict) else None


def settings_trusted(db: Database, profile_id: str, sealer: Sealer) -> bool:
    """Whether the stored settings are exactly those the owner last set."""
    return owner_settings(db, profile_id, sealer) == settings_snapshot(db, profile_id)


def restore_owner_settings(db: Database, profile_id: str, sealer: Sealer) -> builtins.list[str]:
    """Put back settings changed outside Prism; returns what was changed, for the learner.

    With a verified record of the owner's settings, each differing one is put back.
    Without one (its seal was removed or forged) nothing can be put back, so both
    consents are switched off until the learner turns them on again. The first unlock
    after migration 9 finds no record and no ledger: the settings are taken as they are.
    """
    current = settings_snapshot(db, profile_id)
    if current is None:
        return []
    owner = owner_settings(db, profile_id, sealer)
    row = db.execute(
        "SELECT settings_json FROM profile_seals WHERE profile_id = ?", [profile_id]
    ).fetchone()
    first_time = (row is None or row[0] is None) and load_ledger(db, profile_id, sealer) is None
    if owner == current or (owner is None and first_time):
        if owner is None:
            with db.atomic():
                seal_settings(db, profile_id, sealer)
        return []
    changed: builtins.list[str] = []
    with db.atomic():
        if owner is None:
            if current["include_in_team_summary"]:
                changed.append(SETTINGS_NAMES["include_in_team_summary"])
                db.execute(
                    "UPDATE profiles SET include_in_team_summary = 0 WHERE id = ?", [profile_id]
                )
            if current["sync"] is not None:
                changed.append(SETTINGS_NAMES["sync"])
                db.execute("DELETE FROM lrs_consent WHERE profile_id = ?", [profile_id])
            put_back = False
        else:
            for key in ("name", "colour", "include_in_team_summary", "sync"):
                if owner.get(key) != current[key]:
                    changed.append(SETTINGS_NAMES[key])
                    _put_back(db, profile_id, key, owner.get(key))
            put_back = True
        seal_settings(db, profile_id, sealer)
    if put_back:
        return [put_back_notice(changed)]
    what = ", ".join(changed) if changed else "the record of its settings"
    return [
        "Prism's record of this profile's settings was changed or removed outside Prism, "
        f"so Prism cannot tell which settings you chose. It has switched off: {what}. "
        "Turn them on again in your profile settings if you want them."
        if changed
        else "Prism's record of this profile's settings was changed or removed outside "
        "Prism. Check your profile's name and colour, and your team summary choice."
    ]


def put_back_notice(changed: builtins.list[str]) -> str:
    """What the learner is told when settings changed outside Prism were put back."""
    what = ", ".join(changed) if changed else "the record of its settings"
    return (
        f"While this profile was locked, its settings were changed outside Prism "
        f"({what}). Prism has put them back as you left them."
    )


SUMMARY_TAKEN_OUT_NOTICE = (
    "Someone put this profile into the team summary outside Prism. Prism has "
    "taken it out again; only you can choose to be included."
)


def _put_back(db: Database, profile_id: str, key: str, value: Any) -> None:
    import sqlite3

    from desktop.store.profile_names import profile_name_key

    if key == "name" and isinstance(value, str):
        # Another profile may have taken the name meanwhile: then this one keeps its own.
        try:
            with db.atomic():
                db.execute(
                    "UPDATE profiles SET name = ?, name_key = ? WHERE id = ?",
                    [value, profile_name_key(value), profile_id],
                )
        except sqlite3.IntegrityError:
            pass
    elif key == "colour":
        db.execute("UPDATE profiles SET colour = ? WHERE id = ?", [value, profile_id])
    elif key == "include_in_team_summary":
        db.execute(
            "UPDATE profiles SET include_in_team_summary = ? WHERE id = ?",
            [int(bool(value)), profile_id],
        )
    elif key == "sync":
        db.execute("DELETE FROM lrs_consent WHERE profile_id = ?", [profile_id])
        if isinstance(value, dict):  # the learner's own yes, as they gave it
            from desktop.store.clock import utc_now

            db.execute(
                "INSERT INTO lrs_consent (profile_id, with_cpd, org_id, given_utc) "
                "VALUES (?, ?, ?, ?)",
                [profile_id, int(bool(value.get("with_cpd"))), value.get("org_id"), utc_now()],
            )


def check_on_unlock(db: Database, profile_id: str, sealer: Sealer) -> builtins.list[str]:
    """What to tell the learner when their profile opens (usually nothing).

    Reads one row when all is well; re-seals the profile only the first time (values
    in the old form) or when its ledger is missing or was changed.
    """
    # Settings first: whether this is the first unlock since migration 9 is told by the
    # ledger being absent, which ``adopt`` then writes.
    notices = restore_owner_settings(db, profile_id, sealer)
    if needs_adopting(db, profile_id, sealer):
        notices += adopt(db, profile_id, sealer).notices()
    if not published_summary_genuine(db, profile_id, sealer):
        notices.append(SUMMARY_TAKEN_OUT_NOTICE)
    publish_summary(db, profile_id, sealer)
    return notices


# The team summary -----------------------------------------------------------------------

_SUMMARY_DOMAIN = b"prism team summary v1\x00"


def publish_summary(db: Database, profile_id: str, sealer: Sealer) -> None:
    """What the team summary may show of this protected profile, as of now.

    The team summary runs with no key held, so it cannot check a protected profile's
    consent itself; instead it shows only what the profile published here, while
    unlocked and with its consent verified (``owner_settings``): modules read, quizzes
    passed, last activity. Consent off (or not verified): nothing is published. Called
    at unlock, whenever the owner changes a setting, and when the profile is locked.
    """
    owner = owner_settings(db, profile_id, sealer)
    body: bytes | None = None
    if (
        owner is not None
        and owner.get("include_in_team_summary")
        and settings_trusted(db, profile_id, sealer)
    ):
        read = [
            r[0]
            for r in db.execute(
                "SELECT module_id FROM modules_read WHERE profile_id = ? ORDER BY module_id",
                [profile_id],
            )
        ]
        passed = [
            r[0]
            for r in db.execute(
                "SELECT DISTINCT module_id FROM quiz_attempts WHERE profile_id = ? AND passed = 1 "
                "ORDER BY module_id",
                [profile_id],
            )
        ]
        last = db.execute(
            "SELECT max(ts_utc) FROM events WHERE profile_id = ?", [profile_id]
        ).fetchone()[0]
        data = {
            "profile": profile_id,
            "name": owner.get("name"),
            "read": read,
            "passed": passed,
            "last_active": last,
        }
        body = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    db.execute(
        "INSERT INTO profile_seals (profile_id, summary_json, summary_mac) VALUES (?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET summary_json = excluded.summary_json, "
        "summary_mac = excluded.summary_mac",
        [
            profile_id,
            None if body is None else body.decode("utf-8"),
            None if body is None else sealer.mac(_SUMMARY_DOMAIN + body),
        ],
    )


def published_summary_genuine(db: Database, profile_id: str, sealer: Sealer) -> bool:
    """Whether the published entry (if any) was published by this profile's key."""
    import hmac

    row = db.execute(
        "SELECT summary_json, summary_mac FROM profile_seals WHERE profile_id = ?", [profile_id]
    ).fetchone()
    if row is None or row[0] is None:
        return True
    body = str(row[0]).encode("utf-8")
    return hmac.compare_digest(sealer.mac(_SUMMARY_DOMAIN + body), bytes(row[1] or b""))


@dataclass(frozen=True)
class PublishedSummary:
    """A protected profile's entry for the team summary, as it published it."""

    name: str
    read: frozenset[str]
    passed: frozenset[str]
    last_active: str | None


def published_summaries(db: Database) -> dict[str, PublishedSummary]:
    """Every protected profile's published entry, by id (no key needed, none checked).

    The HMAC cannot be checked without the profile's key: see ``publish_summary`` and
    the README for what that leaves open.
    """
    out = {}
    for profile_id, text in db.execute(
        "SELECT profile_id, summary_json FROM profile_seals WHERE summary_json IS NOT NULL"
    ).fetchall():
        try:
            data = json.loads(text)
            entry = PublishedSummary(
                str(data["name"]),
                frozenset(map(str, data["read"])),
                frozenset(map(str, data["passed"])),
                None if data["last_active"] is None else str(data["last_active"]),
            )
        except (ValueError, TypeError, KeyError):
            continue  # unreadable: left out, never a crash
        if data.get("profile") == profile_id:
            out[profile_id] = entry
    return out


# Re-sealing a whole profile (adding, changing or removing a passphrase; imports) ---------


def reseal_profile(
    db: Database,
    profile_id: str,
    old: Sealer | None,
    new: Sealer | None,
    *,
    on_value: Callable[[], None] | None = None,
) -> int:
    """Rewrite every sealed column of a profile from ``old`` to ``new`` (None = plain).

    Runs inside the caller's transaction and changes no timestamp: the text is the same,
    only its form changes. A value that is not genuine (does not open, or is older than
    the profile's ledger says) stops it with ``SealedValueError``, so a passphrase change
    never turns a planted value into a trusted one. With ``new``, the values are sealed
    in the current form with a fresh ledger and the profile's settings are recorded as
    the owner's. ``on_value`` is called before each write (tests use it to interrupt
    half-way). Returns the number of values rewritten.
    """
    reading = ProfileSeal(db, profile_id, old)
    ledger = Ledger(counter=1)
    # A backup from before migration 9 has nowhere to keep a ledger: its values are
    # sealed in the first form, as that Prism would have, and upgraded after a restore.
    first_form = new is not None and not _has_table(db, "profile_seals")
    rewritten = 0
    for spec in SEALED_COLUMNS:
        rows = sealed_rows(db, spec, profile_id)
        for rowid, item_id, stored in rows:
            text = reading.open(spec, item_id, stored, current=not spec.history)
            if new is None:
                value = text
            elif first_form:
                value = new.seal_v1(text, spec.context(profile_id, item_id))
            else:
                version = 0 if spec.history else ledger.counter
                value = new.seal(text, v2_context(spec, profile_id, item_id), version)
                if not spec.history:
                    ledger.versions[item_key(spec, item_id)] = version
            if value == stored:
                continue
            if on_value is not None:
                on_value()
            db.execute(f"UPDATE {spec.table} SET {spec.column} = ? WHERE rowid = ?", [value, rowid])
            rewritten += 1
    if first_form:
        return rewritten
    if new is None:
        forget_seals(db, profile_id)
    else:
        store_ledger(db, profile_id, new, ledger)
        seal_settings(db, profile_id, new)
    return rewritten


def _has_table(db: Database, name: str) -> bool:
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone()
    return found is not None


def transcode(
    values: Iterable[tuple[SealedColumn, str, str]],
    old: Sealer | None,
    new: Sealer | None,
    profile_id: str,
) -> builtins.list[str]:
    """Values of (column, item id, stored) moved from ``old``'s form into ``new``'s.

    Sealed with version 0: an import that re-seals values is followed by
    ``seal_ledger.adopt``, which gives the current ones their versions.
    """
    out = []
    for spec, item_id, stored in values:
        text = open_value(old, stored, context_for(spec, profile_id, item_id, str(stored)))
        out.append(
            text if new is None else new.seal(text, v2_context(spec, profile_id, item_id), 0)
        )
    return out
