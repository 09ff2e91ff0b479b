"""What a profile name may hold, and when two names look the same to a person.

On a shared laptop the profile list is how a learner finds their own work, so a name
must show what it is. Creating, renaming and importing a profile all apply these rules:

- no invisible or steering characters: control characters, format characters (the
  right-to-left override U+202E, zero-width spaces and joiners, U+FEFF...), private-use,
  unassigned code points or lone surrogates; a name with one is refused with a message
  that says so, never silently cleaned (the learner should see what was refused);
- no name that *looks like* another profile's: ``confusable_key`` folds case, accents,
  compatibility forms (full-width letters) and the Cyrillic and Greek letters that are
  drawn like Latin ones, so "Аlice" with a Cyrillic А, or "ALICE" in full-width
  letters, is seen as "alice". This is a deliberately small table of look-alikes for
  the scripts a team in England is likely to meet, not all of Unicode's confusables.
"""

from __future__ import annotations

import unicodedata

# Letters drawn like Latin ones (lower case; names are case-folded first).
_LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "һ": "h", "і": "i", "ї": "i",
        "ј": "j", "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b",
        "ӏ": "l", "г": "r",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
        # Latin letters and digits easily taken for others
        "ı": "i", "ɑ": "a", "ɡ": "g", "ℓ": "l", "0": "o", "1": "l", "|": "l",
    }
)  # fmt: skip

_REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character (such as a right-to-left mark or zero-width space)",
    "Co": "a private-use character",
    "Cn": "a character Unicode does not define",
    "Cs": "a broken character",
    "Zl": "a line break",
    "Zp": "a paragraph break",
}


def normalise_profile_name(name: str) -> str:
    """The name as stored: NFC, trimmed, inner runs of whitespace made one space."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def profile_name_key(name: str) -> str:
    """What makes two names 'the same': case-insensitive, for any alphabet."""
    return normalise_profile_name(name).casefold()


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a profile name (a sentence for the learner), or None."""
    for ch in name:
        what = _REFUSED_CATEGORIES.get(unicodedata.category(ch))
        if what is not None:
            return (
                f"Profile names cannot contain {what} (U+{ord(ch):04X}), because it could "
                "make one name look like another. Please type the name again."
            )
    return None


def confusable_key(name: str) -> str:
    """The name as a person sees it: equal keys mean the names look alike."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    # "l" and "I" are the same stroke in many fonts; casefold made "I" into "i".
    return " ".join(bare.translate(_LOOK_ALIKES).replace("i", "l").split())
