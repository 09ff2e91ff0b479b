"""The xAPI file export against a real Ralph LRS: post it, edit a record, post it again.

Before, an edited CPD record kept its statement id, so Ralph answered 409 ("differing
statements already exist with the same ID") to the second file and took none of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.cli import main

from .conftest import Ralph
from .test_sync_with_ralph import HOME, Learner, configure


def _export(learner: Learner, out: Path) -> list[dict[str, Any]]:
    code = main(
        [
            "--data-dir", str(learner.data_dir), "cpd", "export", "--profile", learner.name,
            "--all", "--format", "xapi", "--out", str(out), "--force",
        ]
    )  # fmt: skip
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_an_exported_file_posts_again_after_an_edit(ralph: Ralph, tmp_path: Path) -> None:
    learner = Learner(tmp_path / "data", "Robin")
    learner.read("identity-prism")
    learner.quiz("identity-prism", 40.0, passed=False)
    learner.quiz("identity-prism", 90.0, passed=True)
    learner.cpd("rec-file")
    learner.cpd("rec-draft", status="draft")

    first = _export(learner, tmp_path / "first.json")
    verbs = [s["verb"]["display"]["en-GB"] for s in first]
    assert verbs == ["completed", "failed", "passed", "completed"]
    assert not any(s["object"]["id"].endswith("/rec-draft") for s in first)
    assert ralph.post(first) == 200

    learner.cpd("rec-file", minutes=120, updated_utc="2026-11-03T09:00:00Z")
    second = _export(learner, tmp_path / "second.json")
    assert [s["id"] for s in second[:3]] == [s["id"] for s in first[:3]]
    assert second[3]["id"] != first[3]["id"]
    assert ralph.post(second) == 200  # the old code: 409, and nothing of the file taken
    assert ralph.post(first) in (200, 204)  # a resend of what the LRS holds is ignored

    held = ralph.get(second[3]["id"])
    assert held is not None and held["result"]["duration"] == "PT2H"
    failed = ralph.get(first[1]["id"])
    assert failed is not None and failed["result"]["score"]["raw"] == 40.0
    assert failed["result"]["success"] is False


def test_a_file_after_sync_adds_nothing_and_conflicts_with_nothing(
    ralph: Ralph, tmp_path: Path
) -> None:
    """Sync and file send one statement per fact: the file is a resend the LRS ignores."""
    learner = Learner(tmp_path / "data", "Sam")
    configure(learner, ralph, tmp_path)
    assert learner.cli("consent", "--profile", "Sam", "on", "--with-cpd", "--org-id", "E-77") == 0
    learner.read("identity-prism")
    learner.quiz("identity-prism", 40.0, passed=False)
    learner.cpd("rec-synced")
    learner.cpd("rec-synced", minutes=90, updated_utc="2026-11-03T09:00:00Z")
    assert learner.cli("sync") == 0
    held_before = len(ralph.all_statements())

    statements = _export(learner, tmp_path / "after-sync.json")
    assert {json.dumps(s["actor"]["account"]) for s in statements} == {
        json.dumps({"homePage": HOME, "name": "E-77"})
    }
    assert set(learner.sent_ids()) >= {s["id"] for s in statements}
    assert ralph.post(statements) == 204  # every statement already there, and identical
    assert len(ralph.all_statements()) == held_before
