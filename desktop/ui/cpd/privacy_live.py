"""Privacy warnings while typing: the export's own check, run on each field as it changes.

The export has always stopped to show text that could identify someone; a new user
only found out there, long after writing "Mrs Jones". The same rules
(``desktop.cpd.privacy.scan_text``, so there is one rule set) now run a moment after
typing pauses, and a warning callout under the field names what was found and what to
do. It never blocks typing and never changes the text. Plain full dates, which are
usually the CPD's own dates, are left to the export's gentler listing.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.cpd.privacy import Finding, scan_text
from desktop.ui.design.components import Callout
from desktop.ui.design.tokens import Tone

DEBOUNCE_MS = 400  # after typing pauses: a warning mid-word would be noise


def live_findings(text: str) -> list[Finding]:
    """What the export check would flag firmly in ``text`` (plain dates left out)."""
    return [f for f in scan_text(text) if not f.is_soft]


def quoted(findings: Sequence[Finding]) -> str:
    """ "‘Mrs Jones’ and ‘07700 900123’": each distinct match once, in order."""
    seen: list[str] = []
    for finding in findings:
        if finding.matched not in seen:
            seen.append(finding.matched)
    marks = [f"‘{m}’" for m in seen]
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]


def warning_title(findings: Sequence[Finding]) -> str:
    verb = "may" if len({f.matched for f in findings}) == 1 else "may each"
    return f"{quoted(findings)} {verb} identify someone"


def warning_text(findings: Sequence[Finding]) -> str:
    """What to do, once per kind of detail, then that nothing was changed."""
    kinds: list[str] = []
    lines: list[str] = []
    for finding in findings:
        if finding.kind not in kinds:
            kinds.append(finding.kind)
            lines.append(finding.explanation)
    lines.append("Prism has not changed your text.")
    return "\n".join(lines)


class PrivacyNote(Callout):
    """The warning under one field; hidden while the field holds nothing to flag."""

    def __init__(self, field_label: str) -> None:
        super().__init__(Tone.WARNING, "")
        self.field_label = field_label
        self.findings: list[Finding] = []
        self.hide()

    def show_findings(self, findings: Sequence[Finding]) -> list[str]:
        """Show ``findings`` (or hide); returns the matches that were not shown before."""
        before = {f.matched for f in self.findings}
        self.findings = list(findings)
        if not findings:
            self.hide()
            return []
        self.set_message(warning_title(findings), warning_text(findings))
        self.show()
        return [f.matched for f in findings if f.matched not in before]

    def announcement(self, new: Sequence[str]) -> str:
        """What a screen reader hears when new details are found (politely)."""
        named = [f for f in self.findings if f.matched in new]
        return (
            f"Privacy check, {self.field_label}: {warning_title(named)}. "
            + warning_text(named).splitlines()[0]
        )
