"""Profiles on this computer: list (last used first), create, rename, recolour, delete, open.

A training laptop may hold a whole team (30 or more people), so this module also
holds the plain rules the profile picker shows: initials, a fixed set of circle
colours with readable text on each, a search that ignores case and accents, and
"Last used today at 21:04" in the computer's own time zone. No Qt here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from desktop.cpd.formatting import MONTHS, format_date_uk
from desktop.store.clock import Clock, as_utc, system_clock
from desktop.store.errors import ProfileNameError, RecordNotFoundError
from desktop.store.profiles import Profile, ProfileRepo, profile_name_key

__all__ = [
    "PROFILE_COLOURS",
    "Profile",
    "ProfileColour",
    "ProfileError",
    "ProfileService",
    "colour_for",
    "contrast_ratio",
    "format_day",
    "initials",
    "matches",
    "names_match",
    "suggest_colour",
    "text_colour_on",
]


class ProfileError(ValueError):
    """A profile action that cannot be done; the message is for the learner."""


@dataclass(frozen=True)
class ProfileColour:
    """A circle colour a learner can choose: a stored key, a name to show, an sRGB hex."""

    key: str
    label: str
    hex: str


# Mid-tone colours that stay distinct from each other on light and dark windows;
# the text on each is chosen by contrast (text_colour_on), never assumed.
PROFILE_COLOURS: tuple[ProfileColour, ...] = (
    ProfileColour("teal", "Teal", "#00796b"),
    ProfileColour("blue", "Blue", "#1565c0"),
    ProfileColour("purple", "Purple", "#7b1fa2"),
    ProfileColour("magenta", "Magenta", "#ad1457"),
    ProfileColour("red", "Red", "#c62828"),
    ProfileColour("orange", "Orange", "#ef6c00"),
    ProfileColour("amber", "Amber", "#ffb300"),
    ProfileColour("green", "Green", "#2e7d32"),
    ProfileColour("olive", "Olive", "#827717"),
    ProfileColour("brown", "Brown", "#6d4c41"),
    ProfileColour("slate", "Slate", "#546e7a"),
    ProfileColour("sky", "Sky blue", "#4fc3f7"),
    ProfileColour("pink", "Pink", "#f48fb1"),
    ProfileColour("lime", "Lime", "#c0ca33"),
)
_COLOURS_BY_KEY = {colour.key: colour for colour in PROFILE_COLOURS}


def colour_for(profile: Profile) -> ProfileColour:
    """The profile's chosen colour, or a steady one picked from its id."""
    chosen = _COLOURS_BY_KEY.get(profile.colour or "")
    if chosen is not None:
        return chosen
    derived = _DERIVED.get(profile.id)
    if derived is None:
        import hashlib  # with OpenSSL, ~3 ms a launch showing no colour does not pay

        digest = hashlib.sha256(profile.id.encode("utf-8")).digest()
        derived = _DERIVED[profile.id] = digest[0] % len(PROFILE_COLOURS)
    return PROFILE_COLOURS[derived]


# An id's colour never changes: worked out once per id (a list of 1,000 profiles asks
# for every one each time it is shown).
_DERIVED: dict[str, int] = {}


def suggest_colour(profiles: list[Profile]) -> str:
    """The colour fewest profiles use, so a new person stands out from the rest."""
    from collections import Counter

    used = Counter(colour_for(profile).key for profile in profiles)
    return min(PROFILE_COLOURS, key=lambda colour: used[colour.key]).key


def initials(name: str) -> str:
    """'Sam Patel' -> 'SP', 'Priya' -> 'P', "o'Neil-Smith" -> "O"; '?' if none found."""
    words = [word for word in name.split() if any(ch.isalnum() for ch in word)]
    if not words:
        return "?"

    def first_letter(word: str) -> str:
        return next(ch for ch in word if ch.isalnum()).upper()

    if len(words) == 1:
        return first_letter(words[0])
    return first_letter(words[0]) + first_letter(words[-1])


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two '#rrggbb' colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str, candidates: tuple[str, ...] = ("#000000", "#ffffff")) -> str:
    """Of ``candidates`` (e.g. the palette's text and base colours), the most readable."""
    return max(candidates, key=lambda candidate: contrast_ratio(fill, candidate))


def search_key(text: str) -> str:
    """Text folded for searching: no case, no accents ('Élodie' is found by 'elo')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matches(profile: Profile, query: str) -> bool:
    """Whether the picker's search box text finds this profile (every word must match)."""
    name = search_key(profile.name)
    return all(word in name for word in search_key(query).split())


def names_match(typed: str, name: str) -> bool:
    """Whether ``typed`` is the profile's name, ignoring case and extra spaces (to confirm)."""
    return bool(typed.strip()) and profile_name_key(typed) == profile_name_key(name)


class ProfileService:
    """What the picker and the command line do with profiles; errors are ProfileError."""

    def __init__(
        self, repo: ProfileRepo, clock: Clock | None = None, tz: tzinfo | None = None
    ) -> None:
        self._repo = repo
        self._clock = clock or system_clock
        # None means the computer's own zone, which is what a learner reads a clock in.
        self._tz = tz

    def list(self) -> list[Profile]:
        """All profiles, most recently used first; never-used ones after, by name."""
        return self._repo.list()

    def get(self, profile_id: str) -> Profile | None:
        return self._repo.get(profile_id)

    def find(self, name: str) -> Profile | None:
        return self._repo.find_by_name(name)

    def create(self, name: str, colour: str | None = None) -> Profile:
        """A new profile; a bad or taken name, or an unknown colour, is a ProfileError."""
        self._check_colour(colour)
        try:
            return self._repo.create(name, colour)
        except ProfileNameError as error:
            raise ProfileError(str(error)) from None

    def rename(self, profile_id: str, name: str) -> Profile:
        try:
            return self._repo.rename(profile_id, name)
        except (ProfileNameError, RecordNotFoundError) as error:
            raise ProfileError(str(error)) from None

    def set_colour(self, profile_id: str, colour: str | None) -> Profile:
        """Choose one of PROFILE_COLOURS by key (None: let Prism pick)."""
        self._check_colour(colour)
        try:
            return self._repo.set_colour(profile_id, colour)
        except RecordNotFoundError as error:
            raise ProfileError(str(error)) from None

    def set_team_summary_consent(self, profile_id: str, include: bool) -> Profile:
        """Whether this learner agreed to appear in the team summary (off by default)."""
        try:
            return self._repo.set_team_summary_consent(profile_id, include)
        except RecordNotFoundError as error:
            raise ProfileError(str(error)) from None

    def delete(self, profile_id: str) -> None:
        """Delete the profile and everything it recorded. The UI confirms first."""
        try:
            self._repo.delete(profile_id)
        except RecordNotFoundError as error:
            raise ProfileError(str(error)) from None

    def use(self, profile_id: str) -> Profile:
        """Open a profile: it becomes the one preselected next time."""
        try:
            return self._repo.mark_used(profile_id)
        except RecordNotFoundError as error:
            raise ProfileError(str(error)) from None

    def last_used_text(self, profile: Profile) -> str:
        """'Last used today at 21:04', '… yesterday at 09:15', '… on Monday 2 March'."""
        if not profile.last_used_utc:
            return "Not used yet"
        from desktop.store.timestamps import parse_utc

        stamp = parse_utc(profile.last_used_utc)
        if stamp is None:
            # One bad value (an old import, a hand-edited file) must not hide the list.
            return "Last used: date unreadable (run prism check to repair it)"
        moment = self._local(stamp)
        today = self._local(self._clock()).date()
        clock_time = moment.strftime("%H:%M")
        if moment.date() == today:
            return f"Last used today at {clock_time}"
        if moment.date() == today - timedelta(days=1):
            return f"Last used yesterday at {clock_time}"
        return f"Last used on {_long_date(moment.date(), today)}"

    def _local(self, moment: datetime) -> datetime:
        return as_utc(moment).astimezone(self._tz)

    @staticmethod
    def _check_colour(colour: str | None) -> None:
        if colour is not None and colour not in _COLOURS_BY_KEY:
            raise ProfileError(
                f"Prism does not know the colour \u201c{colour}\u201d. Choose one from the list."
            )


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_day(day: date) -> str:
    """'2 March 2026': a date as people write it in the UK, whatever the system locale."""
    return format_date_uk(day)


def _long_date(day: date, today: date) -> str:
    # Spelt out here rather than with strftime, whose names follow the system locale.
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if (today - day).days < 7 and day <= today:
        return f"{_DAYS[day.weekday()]} {text}"
    return text if day.year == today.year else f"{text} {day.year}"
