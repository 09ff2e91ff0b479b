"""The list of profiles as model and view: a table model of plain data, drawn lazily.

A training laptop may hold a thousand profiles (issue 17). The model keeps the
``Profile`` objects it is given and works out what a row shows (initials, colour,
"Last used …", the words a screen reader says) only when the view asks for that row,
which it does only for the rows on screen; each answer is then kept until the next
``set_profiles``. The view hides the rows a search leaves out (``setRowHidden``), and
``ProfileDelegate`` (picker.py) paints each row from the roles below.

``ProfileListView`` also answers a few questions by row (``count``, ``item``,
``currentItem``) through ``ProfileRow``, a read-only handle on one row: the page and
its tests ask "which profile is selected, what does its row say, is it shown", and a
handle keeps those questions in one place instead of index arithmetic everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from desktop.services.profiles import Profile, colour_for, initials

ID_ROLE = Qt.ItemDataRole.UserRole
INITIALS_ROLE = Qt.ItemDataRole.UserRole + 1
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 2
LAST_USED_ROLE = Qt.ItemDataRole.UserRole + 3
TEAM_ROLE = Qt.ItemDataRole.UserRole + 4
PROTECTED_ROLE = Qt.ItemDataRole.UserRole + 5

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_SPOKEN = int(Qt.ItemDataRole.AccessibleTextRole)
_ID, _INITIALS, _COLOUR = int(ID_ROLE), int(INITIALS_ROLE), int(COLOUR_ROLE)
_LAST_USED, _TEAM, _PROTECTED = int(LAST_USED_ROLE), int(TEAM_ROLE), int(PROTECTED_ROLE)

AnyIndex = QModelIndex | QPersistentModelIndex


class ProfileListModel(QAbstractListModel):
    """Profiles, most recently used first, as the list shows them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles: list[Profile] = []
        self._protected: frozenset[str] = frozenset()
        self._last_used_text: Callable[[Profile], str] = lambda _profile: ""
        self._made: dict[tuple[int, int], object] = {}

    def set_profiles(
        self,
        profiles: Sequence[Profile],
        protected: frozenset[str] | set[str],
        last_used_text: Callable[[Profile], str],
    ) -> None:
        """Show these profiles (a reset: the view forgets its selection and hidden rows)."""
        self.beginResetModel()
        self._profiles = list(profiles)
        self._protected = frozenset(protected)
        self._last_used_text = last_used_text
        self._made = {}
        self.endResetModel()

    def profile(self, row: int) -> Profile | None:
        return self._profiles[row] if 0 <= row < len(self._profiles) else None

    def row_of(self, profile_id: str) -> int:
        """The row showing ``profile_id``, or -1."""
        return next(
            (row for row, profile in enumerate(self._profiles) if profile.id == profile_id), -1
        )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._profiles)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        row = index.row()
        if not index.isValid() or row >= len(self._profiles):
            return None
        role = int(role)
        if role == _DISPLAY:
            return self._profiles[row].name
        if role not in _MADE_ROLES:
            return None
        key = (row, role)
        if key not in self._made:
            self._made[key] = self._make(self._profiles[row], role)
        return self._made[key]

    def _make(self, profile: Profile, role: int) -> object:
        # Worked out when a row is first drawn or read aloud, then kept: a list of a
        # thousand profiles never formats the rows nobody scrolls to.
        if role == _ID:
            return profile.id
        if role == _INITIALS:
            return initials(profile.name)
        if role == _COLOUR:
            return colour_for(profile).hex
        if role == _LAST_USED:
            return self._last_used_text(profile)
        if role == _TEAM:
            return bool(profile.include_in_team_summary)
        if role == _PROTECTED:
            return profile.id in self._protected
        protected = profile.id in self._protected
        said = f"{profile.name}, {'protected with a passphrase, ' if protected else ''}"
        return said + str(self._last_used_text(profile)).lower()


_MADE_ROLES = frozenset((_ID, _INITIALS, _COLOUR, _LAST_USED, _TEAM, _PROTECTED, _SPOKEN))


class ProfileRow:
    """A read-only handle on one row of a ``ProfileListView``."""

    def __init__(self, view: ProfileListView, row: int) -> None:
        self._view = view
        self.row = row

    def index(self) -> QModelIndex:
        return self._view.model().index(self.row, 0)

    def text(self) -> str:
        return str(self.data(Qt.ItemDataRole.DisplayRole) or "")

    def data(self, role: int | Qt.ItemDataRole) -> object:
        return self.index().data(role)

    def isHidden(self) -> bool:
        return self._view.isRowHidden(self.row)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProfileRow) and other._view is self._view and other.row == self.row

    def __hash__(self) -> int:
        return hash((id(self._view), self.row))


class ProfileListView(QListView):
    """The profile list: one column of rows of the same height, drawn on demand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(ProfileListModel(self))
        self.setUniformItemSizes(True)  # heights from one row: no pass over all rows
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._hidden: set[int] = set()

    def reset(self) -> None:
        super().reset()  # Qt shows every row again after a model reset
        self._hidden = set()

    def hide_rows(self, rows: set[int]) -> None:
        """Hide exactly ``rows`` (a search's misses), touching only rows that change."""
        for row in self._hidden ^ rows:
            self.setRowHidden(row, row in rows)
        self._hidden = set(rows)

    def hidden_rows(self) -> frozenset[int]:
        return frozenset(self._hidden)

    def profiles(self) -> ProfileListModel:
        model = self.model()
        assert isinstance(model, ProfileListModel)
        return model

    def count(self) -> int:
        return self.profiles().rowCount()

    def item(self, row: int) -> ProfileRow | None:
        return ProfileRow(self, row) if 0 <= row < self.count() else None

    def currentItem(self) -> ProfileRow | None:
        index = self.currentIndex()
        return ProfileRow(self, index.row()) if index.isValid() else None

    def visualItemRect(self, item: ProfileRow) -> QRect:
        return self.visualRect(item.index())

    def current_profile(self) -> Profile | None:
        """The selected profile, unless a search hides it."""
        index = self.currentIndex()
        if not index.isValid() or self.isRowHidden(index.row()):
            return None
        return self.profiles().profile(index.row())

    def set_current_row(self, row: int) -> None:
        """Select ``row`` (-1: nothing) and bring it into view."""
        if row < 0:
            self.setCurrentIndex(QModelIndex())
            return
        index = self.profiles().index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
