"""Moving a profile between laptops: export, import into an empty folder, import again, and
edits made on both laptops."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.atomic_files import TargetExistsError
from desktop.services.archive import FORMAT, ArchiveError, ArchiveService
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from tests.unit.store.fakes import FakeClock

from .archive_helpers import (
    Laptop,
    build_course,
    cpd_json,
    dump,
    fill_profile,
    open_laptop,
    profile_tables,
)


@pytest.fixture
def course(tmp_path: Path):
    return build_course(tmp_path / "course")


@pytest.fixture
def laptops(tmp_path: Path):
    opened: list[Laptop] = []

    def make(name: str, start: datetime | None = None) -> Laptop:
        laptop = open_laptop(tmp_path / name, FakeClock(start))
        opened.append(laptop)
        return laptop

    yield make
    for laptop in opened:
        laptop.close()


def test_export_then_import_into_an_empty_folder_round_trips_every_table(laptops, course, tmp_path):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    before = profile_tables(home.db, profile.id)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")

    report = training.archive.import_archive(archive)

    assert report.new_profile and report.profile_name == "Sam Patel"
    assert report.updated == 0 and report.unchanged == 0
    after = profile_tables(training.db, profile.id)
    assert after == before
    # Every table that holds a learner's work really was exercised by the round trip.
    empty = sorted(t for t, rows in before.items() if not rows)
    # An unprotected profile has no key record; no import has overwritten a reflection;
    # organisation-sync consent and its queue belong to the computer, not the archive.
    assert empty == ["lrs_consent", "lrs_queue", "profile_keys", "reflection_history"]
    assert report.added == sum(len(rows) for t, rows in before.items() if t != "profiles")


def test_importing_the_same_archive_twice_changes_nothing(laptops, course, tmp_path):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")
    first = training.archive.import_archive(archive)
    snapshot = dump(training.db)

    second = training.archive.import_archive(archive)

    assert dump(training.db) == snapshot
    assert (second.added, second.updated, second.kept_in_history) == (0, 0, 0)
    assert second.unchanged == first.added
    assert not second.changed_anything and not second.new_profile
    assert "already up to date" in second.summary()


def test_importing_back_into_the_source_laptop_changes_nothing(laptops, course, tmp_path):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")
    snapshot = dump(home.db)

    report = home.archive.import_archive(archive)

    assert dump(home.db) == snapshot
    assert not report.changed_anything


def test_a_reflection_edited_on_both_laptops_keeps_the_newer_text_and_the_older_in_history(
    laptops, course, tmp_path
):
    home = laptops("home", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    training = laptops("training", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    profile = fill_profile(home.db, course, home.clock)
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    reflection = ReflectionRepo(home.db).list(profile.id, "alpha")[0]

    home.clock.advance(hours=1)
    ReflectionRepo(home.db, home.clock).update(reflection.id, "Edited at home in the evening")
    training.clock.advance(hours=2)
    ReflectionRepo(training.db, training.clock).update(reflection.id, "Edited at training later")

    # Home's older edit arrives at training: training's newer text stays, home's is kept.
    report = training.archive.import_archive(
        home.archive.export_profile(profile.id, tmp_path / "b.prism")
    )
    assert ReflectionRepo(training.db).get(reflection.id).text == "Edited at training later"
    assert report.kept_in_history == 1
    assert "older version" in report.summary()
    assert _history_texts(training, reflection.id) == ["Edited at home in the evening"]

    # Training's newer edit arrives home: it wins there too, and home's edit is kept.
    back = home.archive.import_archive(
        training.archive.export_profile(profile.id, tmp_path / "c.prism")
    )
    assert ReflectionRepo(home.db).get(reflection.id).text == "Edited at training later"
    assert back.updated >= 1
    assert _history_texts(home, reflection.id) == ["Edited at home in the evening"]
    # Both laptops now hold the same reflections and the same kept versions.
    assert (
        profile_tables(home.db, profile.id)["reflections"]
        == (profile_tables(training.db, profile.id)["reflections"])
    )
    assert _versions(home) == _versions(training)


def _versions(laptop: Laptop) -> set[tuple[str, str, str]]:
    rows = laptop.db.execute("SELECT reflection_id, text, updated_utc FROM reflection_history")
    return {tuple(row) for row in rows}


def _history_texts(laptop: Laptop, reflection_id: str) -> list[str]:
    rows = laptop.db.execute(
        "SELECT text FROM reflection_history WHERE reflection_id = ? ORDER BY updated_utc",
        [reflection_id],
    )
    return [row[0] for row in rows]


def test_a_cpd_record_edited_on_both_laptops_keeps_both_versions(laptops, course, tmp_path):
    home = laptops("home", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    training = laptops("training", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    profile = fill_profile(home.db, course, home.clock)
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    record_id = home.db.execute("SELECT id FROM cpd_records").fetchone()[0]
    home_edit = cpd_json(record_id, profile.id, "Home edit", home.clock)
    training_edit = cpd_json(record_id, profile.id, "Training edit", training.clock)
    home.db.execute(
        "UPDATE cpd_records SET record_json = ?, updated_utc = ? WHERE id = ?",
        [home_edit, "2026-03-03T10:00:00.000Z", record_id],
    )
    training.db.execute(
        "UPDATE cpd_records SET record_json = ?, updated_utc = ? WHERE id = ?",
        [training_edit, "2026-03-03T11:00:00.000Z", record_id],
    )

    home.archive.import_archive(training.archive.export_profile(profile.id, tmp_path / "b.prism"))

    current = home.db.execute("SELECT record_json FROM cpd_records WHERE id = ?", [record_id])
    assert current.fetchone()[0] == training_edit
    kept = {
        json.loads(row[0])["title"]
        for row in home.db.execute(
            "SELECT record_json FROM cpd_record_history WHERE record_id = ?", [record_id]
        )
    }
    assert kept == {"Draft", "Home edit"}


def test_new_work_on_the_other_laptop_is_added_and_counted(laptops, course, tmp_path):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    ReflectionRepo(home.db, home.clock).create(profile.id, "beta", None, "A new thought")

    report = training.archive.import_archive(
        home.archive.export_profile(profile.id, tmp_path / "b.prism")
    )

    # One reflection and the 'reflected' event that logged it.
    assert (report.added, report.updated) == (2, 0)
    assert "Updated \u201cSam Patel\u201d: 2 items added" in report.summary()
    texts = [r.text for r in ReflectionRepo(training.db).list(profile.id)]
    assert "A new thought" in texts


def test_a_different_person_with_the_same_name_is_imported_under_a_distinct_name(
    laptops, course, tmp_path
):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    other = ProfileRepo(training.db).create("sam patel")
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")

    report = training.archive.import_archive(archive)

    assert report.new_profile
    assert report.profile_name == "Sam Patel (imported)"
    assert any("already has a different profile" in m for m in report.messages)
    names = sorted(p.name for p in ProfileRepo(training.db).list())
    assert names == ["Sam Patel (imported)", "sam patel"]
    assert profile_tables(training.db, other.id)["events"] == []


def test_a_rename_on_the_other_laptop_travels_with_the_profile(laptops, course, tmp_path):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    home.clock.advance(days=1)
    ProfileRepo(home.db, home.clock).rename(profile.id, "Samira Patel")

    report = training.archive.import_archive(
        home.archive.export_profile(profile.id, tmp_path / "b.prism")
    )

    assert ProfileRepo(training.db).get(profile.id).name == "Samira Patel"
    assert report.profile_updated and report.changed_anything
    assert any("renamed" in m for m in report.messages)


def test_the_manifest_describes_every_file_with_checksums(laptops, course, tmp_path):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")

    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        members = set(zf.namelist())
    assert manifest["format"] == FORMAT and manifest["version"] == 1
    assert manifest["encryption"] is None
    assert manifest["profile"]["name"] == "Sam Patel"
    assert manifest["profile"]["colour"] == "teal"
    assert manifest["profile"]["include_in_team_summary"] is True
    assert members == {"manifest.json", *manifest["files"]}
    assert manifest["files"]["reflections.jsonl"]["rows"] == 2
    for entry in manifest["files"].values():
        assert len(entry["sha256"]) == 64


def test_export_never_overwrites_unless_asked(laptops, course, tmp_path):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    target = tmp_path / "sam.prism"
    target.write_bytes(b"keep me")

    with pytest.raises(TargetExistsError):
        home.archive.export_profile(profile.id, target)
    assert target.read_bytes() == b"keep me"

    home.archive.export_profile(profile.id, target, overwrite=True)
    assert zipfile.is_zipfile(target)


def test_exporting_a_deleted_profile_says_so(laptops, tmp_path):
    home = laptops("home")
    with pytest.raises(ArchiveError, match="could not find this profile"):
        home.archive.export_profile("no-such-id", tmp_path / "x.prism")
    assert not (tmp_path / "x.prism").exists()


def test_progress_is_reported_up_to_the_total(laptops, course, tmp_path):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    seen: list[tuple[int, int]] = []
    archive = home.archive.export_profile(
        profile.id, tmp_path / "sam.prism", progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1][0] == seen[-1][1] > 0

    report = training.archive.import_archive(archive, progress=lambda d, t: seen.append((d, t)))
    assert report.added > 0


def test_inspect_describes_an_archive_without_changing_anything(laptops, course, tmp_path):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")
    snapshot = dump(training.db)

    summary = training.archive.inspect(archive)

    assert summary.profile_name == "Sam Patel"
    assert summary.items > 20
    assert dump(training.db) == snapshot


def test_suggested_file_name_is_plain_and_dated(laptops):
    service: ArchiveService = laptops("home").archive
    assert (
        service.suggested_file_name("Élodie O'Brien", datetime(2026, 3, 2).date())
        == "prism-profile-elodie-o-brien-2026-03-02.prism"
    )
    assert service.suggested_file_name("张伟", datetime(2026, 3, 2).date()) == (
        "prism-profile-profile-2026-03-02.prism"
    )


def test_a_quiz_finished_on_the_other_laptop_moves_forward_here(laptops, course, tmp_path):
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    # Finish, at training, the beta attempt that was left open at home.
    from desktop.services.quiz import QuizService
    from desktop.store.quiz import QuizRepo

    from .archive_helpers import correct_choices

    quizzes = QuizService(course, QuizRepo(training.db, training.clock))
    session = quizzes.start_or_resume(profile.id, "beta")
    for question in session.questions[1:]:
        quizzes.answer(session, question.id, correct_choices(question))
    quizzes.finish(session)

    home.archive.import_archive(training.archive.export_profile(profile.id, tmp_path / "b.prism"))

    attempts = QuizRepo(home.db).attempts(profile.id, "beta")
    assert len(attempts) == 1 and attempts[0].is_finished
    assert len(QuizRepo(home.db).answers(attempts[0].id)) == len(session.questions)


def test_a_database_failure_mid_import_changes_nothing_and_says_what_to_do(
    laptops, course, tmp_path, monkeypatch
):
    import sqlite3

    from desktop.store.archive import ArchiveStore

    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")
    snapshot = dump(training.db)
    real_history = ArchiveStore._history

    def disc_full(self, outcome, spec, rows, counts):
        # Fails after the profile, its events and its attempts are already written.
        if spec.name == "reflection_history":
            raise sqlite3.OperationalError("database or disk is full")
        return real_history(self, outcome, spec, rows, counts)

    monkeypatch.setattr(ArchiveStore, "_history", disc_full)
    with pytest.raises(ArchiveError) as caught:
        training.archive.import_archive(archive)

    assert "disc is not full" in str(caught.value)
    assert "database or disk" not in str(caught.value)  # the cause is kept in .detail
    assert "disk is full" in caught.value.detail
    assert dump(training.db) == snapshot


@pytest.mark.parametrize("keep", [0, 1_000_000], ids=["read-again", "rows-kept"])
def test_an_archive_too_large_to_hold_imports_the_same_as_one_held(
    laptops, course, tmp_path, monkeypatch, keep
):
    # Small archives are decoded once (the check keeps its rows for the merge); larger
    # ones are read again. Both must import every row and count it.
    from desktop.services import archive as archive_module

    monkeypatch.setattr(archive_module, "KEEP_CHECKED_ROWS", keep)
    home, training = laptops("home"), laptops("training")
    profile = fill_profile(home.db, course, home.clock)
    before = profile_tables(home.db, profile.id)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")

    report = training.archive.import_archive(archive)
    again = training.archive.import_archive(archive)

    assert profile_tables(training.db, profile.id) == before
    assert report.added == sum(len(rows) for t, rows in before.items() if t != "profiles")
    assert again.added == 0 and again.updated == 0
