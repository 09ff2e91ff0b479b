"""Design tokens: the numbers and colours every component takes its look from.

Plain Python (no Qt), so the contrast of every status colour in every theme is checked
by a unit test. Spacing and radii are logical pixels; the type scale is a multiple of
the learner's text size, so it follows the text-size setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Spacing steps, 4 px apart at the small end (GOV.UK's scale, in logical pixels).
SPACE_XS = 4
SPACE_S = 8
SPACE_M = 12
SPACE_L = 16
SPACE_XL = 24
SPACE_XXL = 32

RADIUS_SMALL = 4  # tags, progress bars
RADIUS_CARD = 8  # cards and callouts

# Type scale: multiples of the application font (which the text-size setting sets).
TYPE_DISPLAY = 1.6  # the page's one title
TYPE_TITLE = 1.25  # a card's or section's title
TYPE_BODY = 1.0
TYPE_SMALL = 0.9  # tags and meta lines, never below 90% of the learner's choice

ROLE_PROPERTY = "prismRole"  # a button's role: "primary" or "destructive" (components)

CARD_MIN_WIDTH_EM = 32  # a module card narrower than this reads badly: one column then
CALLOUT_BAR = 4  # the coloured bar on a callout's leading edge


class Status(StrEnum):
    """A status a learner sees as a tag: words first, then colour and a symbol."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    PASSED = "passed"
    COMPLETE = "complete"
    REFRESH_DUE = "refresh-due"
    DRAFT = "draft"
    READY = "ready"
    UNAVAILABLE = "unavailable"


class Tone(StrEnum):
    """The four message tones of callouts, and the neutral one."""

    NEUTRAL = "neutral"
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


STATUS_WORDS: dict[Status, str] = {
    Status.NOT_STARTED: "Not started",
    Status.IN_PROGRESS: "In progress",
    Status.PASSED: "Quiz passed",
    Status.COMPLETE: "Complete",
    Status.REFRESH_DUE: "Refresh due",
    Status.DRAFT: "Draft",
    Status.READY: "Ready",
    Status.UNAVAILABLE: "Unavailable",
}

# A symbol beside the words, so status never rests on colour alone (DejaVu has each).
STATUS_SYMBOLS: dict[Status, str] = {
    Status.NOT_STARTED: "○",
    Status.IN_PROGRESS: "◐",
    Status.PASSED: "✓",
    Status.COMPLETE: "✓",
    Status.REFRESH_DUE: "↻",
    Status.DRAFT: "✎",
    Status.READY: "✓",
    Status.UNAVAILABLE: "!",
}

STATUS_TONES: dict[Status, Tone] = {
    Status.NOT_STARTED: Tone.NEUTRAL,
    Status.IN_PROGRESS: Tone.INFO,
    Status.PASSED: Tone.SUCCESS,
    Status.COMPLETE: Tone.SUCCESS,
    Status.REFRESH_DUE: Tone.WARNING,
    Status.DRAFT: Tone.WARNING,
    Status.READY: Tone.SUCCESS,
    Status.UNAVAILABLE: Tone.ERROR,
}

TONE_SYMBOLS: dict[Tone, str] = {
    Tone.NEUTRAL: "•",
    Tone.INFO: "i",
    Tone.SUCCESS: "✓",
    Tone.WARNING: "!",
    Tone.ERROR: "✕",
}


@dataclass(frozen=True)
class ToneColours:
    """A tone in one theme: fill, text on that fill, and the border or bar colour."""

    fill: str
    text: str
    border: str


# Keys are theme names as ``desktop.ui.theme.Theme`` spells them. Text on fill reaches
# 4.5:1 and the border 3:1 against both the window and the card (base) colour: the
# unit test holds every pair to that.
TONES: dict[str, dict[Tone, ToneColours]] = {
    "light": {
        Tone.NEUTRAL: ToneColours("#eef1f4", "#3c4043", "#6e7781"),
        Tone.INFO: ToneColours("#e8f0fe", "#0b4fb3", "#0b57d0"),
        Tone.SUCCESS: ToneColours("#e6f4ea", "#0d652d", "#137333"),
        Tone.WARNING: ToneColours("#fef7e0", "#7a4a00", "#a05a00"),
        Tone.ERROR: ToneColours("#fce8e6", "#a50e0e", "#b3261e"),
    },
    "dark": {
        Tone.NEUTRAL: ToneColours("#2f3136", "#e3e5e8", "#8b9198"),
        Tone.INFO: ToneColours("#1c2b41", "#aecbfa", "#8ab4f8"),
        Tone.SUCCESS: ToneColours("#173b25", "#a8dab5", "#81c995"),
        Tone.WARNING: ToneColours("#3d3217", "#fdd663", "#e0b000"),
        Tone.ERROR: ToneColours("#41201d", "#f6aea9", "#ffb4ab"),
    },
    # Bright on black, after Windows' high-contrast black: the words and border carry it.
    "high-contrast": {
        Tone.NEUTRAL: ToneColours("#000000", "#ffffff", "#ffffff"),
        Tone.INFO: ToneColours("#000000", "#1aebff", "#1aebff"),
        Tone.SUCCESS: ToneColours("#000000", "#3ff23f", "#3ff23f"),
        Tone.WARNING: ToneColours("#000000", "#ffff00", "#ffff00"),
        Tone.ERROR: ToneColours("#000000", "#ff8080", "#ff8080"),
    },
}


def tone_colours(theme: str, tone: Tone) -> ToneColours:
    """The colours of ``tone`` in ``theme`` ("light", "dark" or "high-contrast")."""
    return TONES.get(theme, TONES["light"])[tone]


def status_label(status: Status) -> str:
    """ "✓ Quiz passed": the symbol and the words a tag shows."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}"
