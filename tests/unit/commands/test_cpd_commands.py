"""`prism cpd ...` and `prism verify`: golden exports from the demo profile, and every refusal.

The PDF export and the certificate PDF need Qt, so they are tested in tests/ui/test_pdf.py.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import desktop.commands.cpd as cpd_commands
from desktop import cli
from desktop.course import loader
from desktop.services.cpd import EXPORT_FORMATS

from .cpd_demo import PROFILE_NAME, Demo, build_demo, check_golden, copy_demo, fixed_clock

TEXT_FORMATS = {"text": "records.txt", "csv": "records.csv", "json": "records.json"}
# Each command reads the course afresh; reading the same unchanged folder once is enough.
cached_load_course = functools.cache(loader.load_course)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo, built once for this module and closed; tests get copies."""
    with pytest.MonkeyPatch.context() as patch:
        built = build_demo(tmp_path_factory.mktemp("demo"), patch)
    built.close()
    yield built


@pytest.fixture
def demo(template: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    copy = copy_demo(template, tmp_path)
    monkeypatch.setattr(cpd_commands, "CLOCK", fixed_clock())
    monkeypatch.setattr(loader, "load_course", cached_load_course)
    yield copy
    copy.close()


def run(demo: Demo, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `prism` in-process against the demo; returns (exit status, stdout, stderr)."""
    status = cli.main([*demo.cli_args(), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def export(demo: Demo, capsys, fmt: str, *extra: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out = demo.root / "out"
    out.mkdir(exist_ok=True)
    return run(
        demo,
        capsys,
        "cpd",
        "export",
        "--profile",
        PROFILE_NAME,
        "--format",
        fmt,
        "--out",
        str(out),
        *(extra or ("--year", "2025-26")),
    )


# -- golden files -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "xapi"])
def test_export_matches_its_golden_file(demo: Demo, capsys, fmt: str) -> None:
    status, out, err = export(demo, capsys, fmt)
    assert status == 0, err
    written = Path(out.strip())
    assert written.parent == demo.root / "out"
    assert written.name.startswith("prism-cpd-2025-26-2026-03-14.")
    check_golden(TEXT_FORMATS.get(fmt, "xapi.json"), written.read_bytes())
    # The xAPI file leaves the draft out, and says so.
    assert ("Saved 2 CPD records" if fmt == "xapi" else "Saved 3 CPD records") in err
    assert ("leaves out 1 draft record" in err) == (fmt == "xapi")


def test_text_is_in_form_order_and_has_every_field(demo: Demo, capsys) -> None:
    status, out, _ = export(demo, capsys, "text")
    assert status == 0
    text = Path(out.strip()).read_text(encoding="utf-8")
    for record in demo.records:
        for value in (record.title, record.learning, record.description.splitlines()[0]):
            assert value in text
    supervision = text[text.index("Reflecting on a home visit") :]
    order = ["Type of CPD:", "Date:", "What I learnt:", "Impact on my practice", "Peer's role:"]
    positions = [supervision.index(label) for label in order]
    assert positions == sorted(positions)
    assert "Zoë’s team uses a “pause and check” habit — I have adopted it." in text


def test_csv_parses_and_its_hours_add_up(demo: Demo, capsys) -> None:
    status, out, _ = export(demo, capsys, "csv")
    assert status == 0
    raw = Path(out.strip()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel shows “Zoë” properly
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["Title"] for r in rows] == [r.title for r in demo.records]
    assert all(r["Date"][:4] == "2026" and r["Date"][4] == "-" for r in rows)
    total_minutes = sum(r.minutes for r in demo.records)
    assert sum(float(r["Duration (hours)"]) for r in rows) == pytest.approx(
        total_minutes / 60, 0.01
    )
    assert sum(int(r["Duration (minutes)"]) for r in rows) == total_minutes


def test_json_imports_back_losslessly(demo: Demo, capsys) -> None:
    status, out, _ = export(demo, capsys, "json", "--all")
    assert status == 0
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert json.loads(text)["schema"] == "prism.cpd/1"
    assert demo.service.import_json(demo.profile_id, text) == 0
    assert sorted(demo.service.list(demo.profile_id), key=lambda r: r.id) == sorted(
        demo.records, key=lambda r: r.id
    )


def test_xapi_statement_ids_do_not_change_between_exports(demo: Demo, capsys) -> None:
    _, first, _ = export(demo, capsys, "xapi")
    first_ids = [s["id"] for s in json.loads(Path(first.strip()).read_text(encoding="utf-8"))]
    Path(first.strip()).unlink()
    _, second, _ = export(demo, capsys, "xapi")
    second_ids = [s["id"] for s in json.loads(Path(second.strip()).read_text(encoding="utf-8"))]
    assert first_ids == second_ids and len(set(first_ids)) == len(first_ids) == 6


def test_list_shows_the_records_and_the_year(demo: Demo, capsys) -> None:
    status, out, _ = run(demo, capsys, "cpd", "list", "--profile", "sam TAYLOR")
    assert status == 0
    assert "Registration year 2025-26 (1 December 2025 to 30 November 2026)" in out
    for record in demo.records:
        assert record.title in out
    # One of the three is a draft: only the two ready records count towards the year.
    assert "3 recorded, 1 still a draft (2 ready ✓), peer reflection done ✓" in out
    assert "2 different pieces of CPD marked ready (at least 2 needed), 1 with a peer" in out
    assert "Parts of standard 4 covered: 4.2, 4.4, 4.6, 4.8." in out
    assert "261 days until the deadline, 30 November 2026." in out
    assert "still in draft" in out


def test_certificate_list_needs_no_window(demo: Demo, capsys) -> None:
    status, out, _ = run(demo, capsys, "cpd", "certificate", "--profile", PROFILE_NAME)
    assert status == 0
    certificate = demo.service.certificate(demo.profile_id, "alpha")
    assert certificate is not None and certificate.code in out
    assert "beta" not in out


# -- verify -------------------------------------------------------------------------------------


def test_verify_a_real_code(demo: Demo, capsys) -> None:
    certificate = demo.service.certificate(demo.profile_id, "alpha")
    assert certificate is not None
    status, out, _ = run(demo, capsys, "verify", certificate.code.lower())
    assert status == 0
    assert f"{certificate.code} is valid" in out
    assert "Sam Taylor" in out and "Module Alpha" in out and "12 January 2026" in out
    assert "90%" in out


def test_verify_an_unknown_code(demo: Demo, capsys) -> None:
    status, _, err = run(demo, capsys, "verify", "PRISM-0000-0000-0000")
    assert status == 1
    assert "does not match" in err and "--data-dir" in err


def test_verify_something_that_is_not_a_code(demo: Demo, capsys) -> None:
    status, _, err = run(demo, capsys, "verify", "hello")
    assert status == 2
    assert "not a Prism verification code" in err


# -- refusals: clear message, non-zero status, nothing half-written -----------------------------


def test_unknown_profile(demo: Demo, capsys) -> None:
    status, out, err = export(demo, capsys, "csv", "--all")
    assert status == 0
    status, out, err = run(
        demo, capsys, "cpd", "export", "--profile", "Nobody", "--all", "--format", "csv"
    )
    assert status == 1 and out == ""
    assert "no profile called ‘Nobody’" in err and "‘Sam Taylor’" in err


def test_no_records_in_that_year(demo: Demo, capsys) -> None:
    status, _, err = export(demo, capsys, "text", "--year", "2024-25")
    assert status == 1
    assert "no CPD records dated in 2024-25" in err and "--all" in err
    assert list((demo.root / "out").iterdir()) == []


def test_bad_year_is_a_usage_error(demo: Demo, capsys) -> None:
    status, _, err = export(demo, capsys, "text", "--year", "2025")
    assert status == 2
    assert 'Write it like "2025-26"' in err


def test_year_or_all_is_required(demo: Demo, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main([*demo.cli_args(), "cpd", "export", "--profile", "Sam", "--format", "csv"])
    assert stopped.value.code == 2
    assert "--year" in capsys.readouterr().err


def test_an_existing_file_is_kept_unless_forced(demo: Demo, capsys) -> None:
    target = demo.root / "mine.txt"
    target.write_text("my own notes", encoding="utf-8")
    args = ("--year", "2025-26")
    status, _, err = run(
        demo, capsys, "cpd", "export", "--profile", PROFILE_NAME, "--format", "text",
        "--out", str(target), *args,
    )  # fmt: skip
    assert status == 1
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my own notes"
    status, out, _ = run(
        demo, capsys, "cpd", "export", "--profile", PROFILE_NAME, "--format", "text",
        "--out", str(target), "--force", *args,
    )  # fmt: skip
    assert status == 0 and out.strip() == str(target)
    assert target.read_text(encoding="utf-8").startswith("CPD records: Sam Taylor")


def test_an_unwritable_place_says_so_and_leaves_nothing(demo: Demo, capsys) -> None:
    target = demo.root / "no-such-folder" / "records.csv"
    status, _, err = run(
        demo, capsys, "cpd", "export", "--profile", PROFILE_NAME, "--format", "csv",
        "--all", "--out", str(target),
    )  # fmt: skip
    assert status == 1
    assert "could not write" in err and "Nothing was written" in err
    assert not target.parent.exists()


def test_privacy_findings_stop_the_export_unless_accepted(demo: Demo, capsys) -> None:
    risky = replace(
        demo.records[2], learning="Mrs Patel (07700 900123) told me families miss messages."
    )
    demo.service.save(risky)
    status, out, err = export(demo, capsys, "csv")
    assert status == 1 and out == ""
    assert "could identify someone" in err
    assert "“Mrs Patel”" in err and "07700 900123" in err and "What I learnt" in err
    assert "--accept-privacy-risk" in err
    assert list((demo.root / "out").iterdir()) == []

    status, out, err = export(demo, capsys, "csv", "--year", "2025-26", "--accept-privacy-risk")
    assert status == 0 and Path(out.strip()).exists()
    assert "Writing anyway" in err


def test_plain_dates_are_mentioned_but_do_not_block(demo: Demo, capsys) -> None:
    demo.service.save(replace(demo.records[2], learning="We met again on 14/03/2026."))
    status, out, err = export(demo, capsys, "text")
    assert status == 0 and Path(out.strip()).exists()
    assert "Note:" in err and "14/03/2026" in err


def test_no_progress_file_is_not_created_by_accident(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    status = cli.main(["--data-dir", str(empty), "cpd", "list", "--profile", "Sam"])
    assert status == 1
    assert "no Prism progress file" in capsys.readouterr().err
    assert not empty.exists()


def test_the_command_knows_every_export_format() -> None:
    assert cpd_commands.FORMATS == EXPORT_FORMATS


def test_windowless_cpd_commands_never_load_qt(demo: Demo) -> None:
    runs = [
        ["cpd", "list", "--profile", PROFILE_NAME],
        ["cpd", "export", "--profile", PROFILE_NAME, "--all", "--format", "csv"],
        ["cpd", "certificate", "--profile", PROFILE_NAME],
        ["verify", "PRISM-0000-0000-0000"],
    ]
    code = (
        "import json, sys\nfrom desktop import cli\n"
        "statuses = [cli.main(sys.argv[1:5] + argv) for argv in json.loads(sys.argv[5])]\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(json.dumps([statuses, bad]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *demo.cli_args(), json.dumps(runs)],
        capture_output=True,
        text=True,
        cwd=demo.root,
    )
    statuses, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == [0, 0, 0, 1], result.stderr
    assert loaded == []
