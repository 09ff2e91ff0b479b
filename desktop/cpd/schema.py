"""The version tag written into CPD records and exports, and the import error.

Every dict and file Prism writes carries `schema: "prism.cpd/<version>"` so a
later Prism can read old files and an older Prism can refuse newer ones with
a message the user understands, rather than misreading them.
"""

from __future__ import annotations

import re
from pathlib import Path

SCHEMA_NAME = "prism.cpd"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"
SCHEMA_URI = "https://prism-learning.org/schemas/prism.cpd-1.schema.json"
"""The JSON Schema (2020-12) describing an export, named in each export's `$schema`.

A name, not a download (nothing is fetched): the file ships with Prism, see
`json_schema_path`. Its `$id` is this same text.
"""

_TAG = r"^([a-z][a-z0-9.]*)/(\d+)$"  # compiled (and cached) by re on first use


def json_schema_path() -> Path:
    """The JSON Schema file for `SCHEMA`, shipped inside the package."""
    return (
        Path(__file__).resolve().parent / "schemas" / f"{SCHEMA_NAME}-{SCHEMA_VERSION}.schema.json"
    )


class CpdImportError(ValueError):
    """CPD data that cannot be read; the message is meant to be shown to the user."""


def check_schema(value: object, where: str = "This file") -> None:
    """Raise `CpdImportError` unless `value` is a schema tag this version can read."""
    if value is None:
        raise CpdImportError(
            f"{where} is not Prism CPD data: it has no ‘schema’ entry (expected ‘{SCHEMA}’)."
        )
    if not isinstance(value, str):
        raise CpdImportError(
            f"{where} is not Prism CPD data: its ‘schema’ entry should be text such as ‘{SCHEMA}’."
        )
    match = re.match(_TAG, value)
    if match is None or match.group(1) != SCHEMA_NAME:
        raise CpdImportError(
            f"{where} is not Prism CPD data: its schema is ‘{value}’, expected ‘{SCHEMA}’."
        )
    version = int(match.group(2))
    if version > SCHEMA_VERSION:
        raise CpdImportError(
            f"{where} was made by a newer version of Prism (schema ‘{value}’). This version "
            f"reads ‘{SCHEMA}’ only. Update Prism, then try again."
        )
    if version < SCHEMA_VERSION:
        raise CpdImportError(
            f"{where} uses schema ‘{value}’, which this version of Prism cannot read "
            f"(it reads ‘{SCHEMA}’)."
        )
