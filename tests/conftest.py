"""Test set-up: Qt runs offscreen, and no test touches the real user data or cache folders."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

from desktop import precompiled

# As `prism` does before anything else (desktop/precompiled): every test then runs on
# the dataclass methods the app launches with, not on freshly compiled ones.
precompiled.install()

# In CI the property tests replay the same examples every run, so a landing never hangs
# on a one-off draw; run locally they explore afresh each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Point PRISM_DATA_DIR and PRISM_CACHE_DIR at temporary folders, so nothing lands
    in ~/.local/share or ~/.cache and no test sees another's cached course."""
    data = tmp_path / "prism-data"
    monkeypatch.setenv("PRISM_DATA_DIR", str(data))
    monkeypatch.setenv("PRISM_CACHE_DIR", str(tmp_path / "prism-cache"))
    return data
