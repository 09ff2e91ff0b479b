"""The command-line tools some tests run on real files: pdftotext, pdfinfo, soffice,
desktop-file-validate, appstreamcli.

CI installs them (scripts/check-wheel.sh, run by .ci/run before the tests), so there a
missing tool fails the test; on a developer's machine without them the test is skipped
with the apt command that adds them.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

PACKAGES = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "soffice": "libreoffice-calc-nogui",
}


def require_tool(name: str) -> str:
    """The tool's path; fails in CI and skips elsewhere when it is not installed."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (sudo apt-get install {PACKAGES.get(name, name)})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_tool(name: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the tool and return its result (output as text); does not check the status."""
    return subprocess.run(
        [require_tool(name), *arguments], capture_output=True, text=True, timeout=120
    )
