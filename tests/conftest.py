"""Test set-up: Qt runs offscreen, and no test touches the real user data folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

# In CI the property tests replay the same examples every run, so a landing never hangs
# on a one-off draw; run locally they explore afresh each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Point PRISM_DATA_DIR at a temporary folder so nothing lands in ~/.local/share."""
    data = tmp_path / "prism-data"
    monkeypatch.setenv("PRISM_DATA_DIR", str(data))
    return data
