"""Reading and display preferences: theme, text size, extra spacing, and the first-run flag.

Each profile keeps its own look (one practitioner needs 200% text, the next on a
shared laptop does not), and one learner's choice never changes another's. The
profile list, where nobody is signed in yet, uses the machine's own look: the
app-wide values, set only from the profile list itself (system theme and 100% until
then). A profile that never chose a value starts from that machine look. Whether the
welcome has been shown is app-wide: it belongs to the data folder, not to a person.

Plain Python over ``SettingsRepo``; the UI turns these values into Qt palettes and fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from desktop.store.settings import SettingsRepo

if TYPE_CHECKING:
    from desktop.store.connection import Database

# Theme choices, as stored. "system" follows the desktop's light/dark (and high
# contrast) setting and is the default.
THEMES = ("system", "light", "dark", "high-contrast")
DEFAULT_THEME = "system"

# Text size steps in percent of the system font size. WCAG 1.4.4 asks for 200%.
TEXT_SIZES = (100, 115, 130, 150, 175, 200)
DEFAULT_TEXT_SIZE = 100

_THEME_KEY = "ui.theme"
_TEXT_SIZE_KEY = "ui.text_size"
_EXTRA_SPACING_KEY = "ui.extra_spacing"
_WELCOME_KEY = "ui.welcome_seen"


@dataclass(frozen=True)
class Preferences:
    """How the app looks for one person."""

    theme: str = DEFAULT_THEME
    text_size: int = DEFAULT_TEXT_SIZE
    extra_spacing: bool = False


def larger_text_size(size: int) -> int:
    """The next step up from ``size`` (200% stays 200%)."""
    return next((step for step in TEXT_SIZES if step > size), TEXT_SIZES[-1])


def smaller_text_size(size: int) -> int:
    """The next step down from ``size`` (100% stays 100%)."""
    return next((step for step in reversed(TEXT_SIZES) if step < size), TEXT_SIZES[0])


def _theme(value: str | None) -> str:
    return value if value in THEMES else DEFAULT_THEME


def _text_size(value: str | None) -> int:
    # A value written by a later version (say 160) snaps to the nearest known step.
    try:
        number = int(value or "")
    except ValueError:
        return DEFAULT_TEXT_SIZE
    return min(TEXT_SIZES, key=lambda step: abs(step - number))


class PreferencesService:
    """Loads and saves preferences; ``profile_id=None`` means the app-wide defaults."""

    def __init__(self, db: Database) -> None:
        self._settings = SettingsRepo(db)

    def load(self, profile_id: str | None = None) -> Preferences:
        """The profile's preferences; anything it never set comes from the app-wide ones."""
        app_wide = self._load_scope(None, Preferences())
        if profile_id is None:
            return app_wide
        return self._load_scope(profile_id, app_wide)

    def _load_scope(self, profile_id: str | None, fallback: Preferences) -> Preferences:
        get = self._settings.get
        theme = get(_THEME_KEY, None, profile_id)
        size = get(_TEXT_SIZE_KEY, None, profile_id)
        spacing = get(_EXTRA_SPACING_KEY, None, profile_id)
        return Preferences(
            theme=fallback.theme if theme is None else _theme(theme),
            text_size=fallback.text_size if size is None else _text_size(size),
            extra_spacing=fallback.extra_spacing if spacing is None else spacing == "1",
        )

    def save(self, profile_id: str | None, preferences: Preferences) -> None:
        """Keep ``preferences`` for that profile only (``None``: the machine's look).

        Never copied to the app-wide scope from a profile: that is how one learner's
        dark theme reached the next learner and the profile list.
        """
        values = {
            _THEME_KEY: _theme(preferences.theme),
            _TEXT_SIZE_KEY: str(_text_size(str(preferences.text_size))),
            _EXTRA_SPACING_KEY: "1" if preferences.extra_spacing else "0",
        }
        for key, value in values.items():
            self._settings.set(key, value, profile_id)

    def update(self, profile_id: str | None, **changes: object) -> Preferences:
        """Change some preferences (theme=, text_size=, extra_spacing=) and save them."""
        updated = replace(self.load(profile_id), **changes)  # type: ignore[arg-type]
        self.save(profile_id, updated)
        return self.load(profile_id)

    def welcome_seen(self) -> bool:
        """True once the first-run welcome has been shown in this data folder."""
        return self._settings.get(_WELCOME_KEY, "0") == "1"

    def mark_welcome_seen(self) -> None:
        self._settings.set(_WELCOME_KEY, "1")
