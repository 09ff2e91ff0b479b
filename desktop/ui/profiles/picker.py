"""Who is learning? The profile picker: find, open, create, rename, recolour, delete.

A training laptop may hold a whole team, so the list shows each person's initials
in a coloured circle, their name and when they last used Prism, most recent first,
and a search box narrows it as you type (typing in the list types into the box;
arrow keys in the box move through the list; Enter opens). Deleting asks for the
name to be typed and offers to export the profile first.

The small dialogs are opened through module-level functions (``ask_new_name``,
``ask_colour``, ``confirm_delete``) so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.privacy_lock import MAX_IDLE_MINUTES
from desktop.services.profiles import (
    PROFILE_COLOURS,
    Profile,
    ProfileError,
    colour_for,
    initials,
    matches,
    names_match,
    suggest_colour,
    text_colour_on,
)
from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.design.components import destructive_button, primary_button
from desktop.ui.profiles import passphrase_dialogs
from desktop.ui.profiles.profile_list import (
    COLOUR_ROLE,
    INITIALS_ROLE,
    LAST_USED_ROLE,
    PROTECTED_ROLE,
    TEAM_ROLE,
    ProfileListView,
)
from desktop.ui.style import error_text, heading, muted

MAX_NAME_LENGTH = 60


# --------------------------------------------------------------------------- #
# Drawing one profile: initials in a circle, name, last used
# --------------------------------------------------------------------------- #


def paint_avatar(
    painter: QPainter, rect: QRectF, text: str, fill: QColor, palette: QPalette
) -> None:
    """Initials in a filled circle; the text colour is whichever of the palette's text and
    base colours reads better on the fill, so it works in light, dark and high contrast."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    outline = QPen(palette.color(QPalette.ColorRole.Text))
    outline.setWidthF(1.0)
    outline.setCosmetic(True)
    # A hairline in the text colour keeps pale circles visible on a pale window.
    outline.setColor(
        QColor(outline.color().red(), outline.color().green(), outline.color().blue(), 90)
    )
    painter.setPen(outline)
    painter.setBrush(fill)
    painter.drawEllipse(rect)
    candidates = (
        palette.color(QPalette.ColorRole.Text).name(),
        palette.color(QPalette.ColorRole.Base).name(),
    )
    painter.setPen(QColor(text_colour_on(fill.name(), candidates)))
    font = QFont(painter.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * (1.15 if len(text) < 2 else 1.0))
    painter.setFont(font)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()


def avatar_icon(profile: Profile, palette: QPalette, size: int = 32) -> QIcon:
    """The profile's circle as an icon (for the colour list)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_avatar(
        painter,
        QRectF(1, 1, size - 2, size - 2),
        initials(profile.name) if profile.name.strip() else "",
        QColor(colour_for(profile).hex),
        palette,
    )
    painter.end()
    return QIcon(pixmap)


def paint_padlock(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A small padlock (shackle and body) in ``colour``: the mark of a protected profile."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour)
    pen.setWidthF(max(1.2, rect.width() / 9))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QRectF(
        rect.left() + rect.width() * 0.25,
        rect.top() + rect.height() * 0.05,
        rect.width() * 0.5,
        rect.height() * 0.6,
    )
    painter.drawArc(shackle, 0, 180 * 16)
    middle = shackle.center().y()
    painter.drawLine(QPointF(shackle.left(), middle), QPointF(shackle.left(), rect.center().y()))
    painter.drawLine(QPointF(shackle.right(), middle), QPointF(shackle.right(), rect.center().y()))
    painter.setBrush(colour)
    body = QRectF(
        rect.left() + rect.width() * 0.12,
        rect.center().y(),
        rect.width() * 0.76,
        rect.height() * 0.45,
    )
    painter.drawRoundedRect(body, rect.width() * 0.08, rect.width() * 0.08)
    painter.restore()


class ProfileDelegate(QStyledItemDelegate):
    """Paints a profile row: avatar, name, and "Last used …" (and the team-summary mark)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = option.fontMetrics.lineSpacing()
        # Only as wide as the avatar and a few letters: the list stretches every row to
        # its viewport, and the painter elides the name and "Last used …" to fit. The
        # width of the row last drawn (option.rect) went stale when the list narrowed
        # with a change of text size, and rows ran past the list's edge.
        return QSize(line * 8, line * 2 + line)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""  # background, selection and focus from the style; text drawn below
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        metrics = opt.fontMetrics
        line = metrics.lineSpacing()
        pad = line // 2
        rect = opt.rect.adjusted(pad, pad // 2, -pad, -(pad // 2))
        diameter = min(rect.height(), round(line * 2.2))
        circle = QRectF(rect.left(), rect.center().y() - diameter / 2 + 1, diameter, diameter)
        palette = opt.palette
        paint_avatar(
            painter,
            circle,
            str(index.data(INITIALS_ROLE) or "?"),
            QColor(index.data(COLOUR_ROLE)),
            palette,
        )

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        main_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        text_left = int(circle.right()) + pad
        text_rect = QRect(text_left, rect.top(), rect.right() - text_left, rect.height())
        top = text_rect.center().y() - line
        painter.save()
        name_font = QFont(opt.font)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(main_colour)
        name_rect = QRect(text_rect.left(), top, text_rect.width(), line)
        name = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)),
            Qt.TextElideMode.ElideRight,
            name_rect.width(),
        )
        painter.drawText(
            name_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name
        )
        painter.setFont(opt.font)
        painter.setPen(quiet_colour)
        detail = str(index.data(LAST_USED_ROLE) or "")
        if index.data(TEAM_ROLE):
            detail += " \u00b7 in the team summary"
        detail_rect = QRect(text_rect.left(), top + line, text_rect.width(), line)
        if index.data(PROTECTED_ROLE):
            # A padlock, then the word, so the mark never relies on the picture alone.
            side = metrics.ascent()
            lock = QRectF(detail_rect.left(), detail_rect.center().y() - side / 2, side, side)
            paint_padlock(painter, lock, main_colour)
            detail_rect.setLeft(detail_rect.left() + side + pad // 2)
            detail = f"Protected \u00b7 {detail}"
        detail = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, detail_rect.width())
        painter.drawText(
            detail_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), detail
        )
        painter.restore()


# --------------------------------------------------------------------------- #
# Small dialogs: rename, colour, delete
# --------------------------------------------------------------------------- #


class RenameDialog(QDialog):
    """Type a new name; OK is enabled once the name is not empty."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rename profile")
        self.name = QLineEdit(profile.name)
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.name.selectAll()
        self.name.setAccessibleName("New name")
        label = QLabel("New &name:")
        label.setBuddy(self.name)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Rename")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        intro = QLabel(f"Rename \u201c{profile.name}\u201d. Progress and records stay as they are.")
        intro.setWordWrap(True)  # a long name, or 200% text, would run past the dialog
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(label, self.name)
        layout.addLayout(form)
        layout.addWidget(self.buttons)


class ColourDialog(QDialog):
    """Choose the circle colour from a list of named colours, each shown as a swatch."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a colour")
        self.setMinimumWidth(420)
        self.colours = colour_combo(self.palette(), profile)
        self.colours.setCurrentIndex(max(0, self.colours.findData(colour_for(profile).key)))
        label = QLabel("&Colour:")
        label.setBuddy(self.colours)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Choose the colour of {profile.name}'s circle in the profile list.")
        intro.setWordWrap(True)  # at 200% text the sentence is wider than the dialog
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(label, self.colours)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        return str(self.colours.currentData())


def colour_combo(palette: QPalette, profile: Profile | None = None) -> QComboBox:
    """A list of the profile colours, each with a circle swatch showing the initials."""
    combo = QComboBox()
    combo.setAccessibleName("Circle colour")
    sample = profile or Profile("sample", "", "", None)  # no name yet: a plain swatch
    side = combo.fontMetrics().height()
    combo.setIconSize(QSize(side, side))  # swatches grow with the text size
    for colour in PROFILE_COLOURS:
        shown = Profile(sample.id, sample.name, sample.created_utc, None, colour.key)
        combo.addItem(avatar_icon(shown, palette, 2 * side), colour.label, colour.key)
    return combo


class DeleteChoice(Enum):
    DELETE = "delete"
    EXPORT_FIRST = "export"
    CANCEL = "cancel"


class DeleteProfileDialog(QDialog):
    """Says what is lost, offers Export first…, and deletes only once the name is typed."""

    def __init__(
        self, profile: Profile, exported_to: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.choice = DeleteChoice.CANCEL
        self.setWindowTitle("Delete profile")
        title = heading(f"Delete \u201c{profile.name}\u201d?", 2)
        what = QLabel(
            f"This removes {profile.name}'s progress, quiz results, reflections and CPD "
            "records from this computer. It cannot be undone."
        )
        what.setWordWrap(True)
        if exported_to is None:
            keep = muted(
                "To keep a copy, choose Export first… and save the profile to a file. "
                "You can import it again later, here or on another computer."
            )
        else:
            keep = muted(f"A copy was saved to {exported_to}.")
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(profile.name)
        self.typed.setAccessibleName(f"Type {profile.name} to confirm")
        label = QLabel(f"To confirm, type the name \u201c{profile.name}\u201d:")
        label.setWordWrap(True)
        label.setBuddy(self.typed)
        self.export_button = QPushButton("&Export first…")
        self.delete_button = destructive_button("&Delete profile")
        self.delete_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setDefault(True)
        self.cancel_button.setAutoDefault(True)
        self.delete_button.setAutoDefault(False)
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(lambda: self._finish(DeleteChoice.EXPORT_FIRST))
        self.delete_button.clicked.connect(lambda: self._finish(DeleteChoice.DELETE))
        self.cancel_button.clicked.connect(self.reject)
        self.typed.textChanged.connect(self._check)
        for button in (self.export_button, self.delete_button, self.cancel_button):
            button.setAccessibleName(button.text().replace("&", ""))

        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(what)
        layout.addWidget(keep)
        layout.addSpacing(8)
        layout.addWidget(label)
        layout.addWidget(self.typed)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)
        self.typed.setFocus()

    def _check(self, text: str) -> None:
        self.delete_button.setEnabled(names_match(text, self.profile.name))

    def _finish(self, choice: DeleteChoice) -> None:
        if choice is DeleteChoice.DELETE and not names_match(self.typed.text(), self.profile.name):
            return
        self.choice = choice
        self.accept()


# Module-level so tests can answer them without a real modal loop.
def ask_new_name(parent: QWidget | None, profile: Profile) -> str | None:
    dialog = RenameDialog(profile, parent)
    return dialog.name.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_colour(parent: QWidget | None, profile: Profile) -> str | None:
    dialog = ColourDialog(profile, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def confirm_delete(
    parent: QWidget | None, profile: Profile, exported_to: Path | None = None
) -> DeleteChoice:
    dialog = DeleteProfileDialog(profile, exported_to, parent)
    dialog.exec()
    return dialog.choice


# --------------------------------------------------------------------------- #
# The page
# --------------------------------------------------------------------------- #


class _ListKeys(QObject):
    """Typing in the list types into the search box, so "type to filter" works anywhere."""

    def __init__(self, page: ProfilePage) -> None:
        super().__init__(page)
        self._page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        text = key_event.text()
        plain = not key_event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if plain and text and text.isprintable() and not text.isspace():
            self._page.filter.setFocus()
            self._page.filter.insert(text)
            return True
        if plain and key_event.key() == Qt.Key.Key_Backspace and self._page.filter.text():
            self._page.filter.setFocus()
            self._page.filter.backspace()
            return True
        return False


class _FilterKeys(QObject):
    """In the search box, arrows and Page keys move through the list and Enter opens."""

    _MOVE = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})

    def __init__(self, page: ProfilePage) -> None:
        super().__init__(page)
        self._page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        if key in self._MOVE:
            QApplication.sendEvent(self._page.list, event)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._page.open_current()
            return True
        if key == Qt.Key.Key_Escape and self._page.filter.text():
            self._page.filter.clear()
            return True
        return False


class ProfilePage(QWidget):
    chosen = Signal(str)  # profile id
    idle_minutes_changed = Signal(int)  # the idle-lock delay was changed here (0 = never)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._profiles: dict[str, Profile] = {}

        self.filter = QLineEdit(placeholderText="Type part of a name")
        self.filter.setAccessibleName("Find a profile")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(_FilterKeys(self))
        # Model and view: rows are made and drawn only when they come into sight.
        self.list = ProfileListView()
        self.list.setAccessibleName("Profiles on this computer")
        self.list.setItemDelegate(ProfileDelegate(self.list))
        self.list.activated.connect(self._open_index)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.list.installEventFilter(_ListKeys(self))
        self.no_match = muted("")
        self.no_match.setAccessibleDescription("No matching profile")

        self.open_button = primary_button("&Open profile")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_current)
        self.rename_button = QPushButton("&Rename…")
        self.rename_button.setToolTip("Rename the selected profile (F2)")
        self.rename_button.clicked.connect(self.rename_current)
        self.colour_button = QPushButton("Co&lour…")
        self.colour_button.clicked.connect(self.recolour_current)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip(
            "Save the selected profile to a file, to move it to another computer"
        )
        self.export_button.clicked.connect(self.export_current)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setToolTip("Delete the selected profile (Delete key)")
        self.delete_button.clicked.connect(self.delete_current)
        self.passphrase_button = QPushButton("&Passphrase…")
        self.passphrase_button.setToolTip(
            "Protect the selected profile's writing with a passphrase, or change or remove it"
        )
        self.passphrase_menu = QMenu(self.passphrase_button)
        self.protect_action = self.passphrase_menu.addAction(
            "&Protect with a passphrase…", self.protect_current
        )
        self.change_action = self.passphrase_menu.addAction(
            "&Change passphrase…", self.change_current_passphrase
        )
        self.remove_action = self.passphrase_menu.addAction(
            "&Remove passphrase…", self.remove_current_passphrase
        )
        self.passphrase_button.setMenu(self.passphrase_menu)
        self.privacy_note = muted("")
        self.privacy_note.setAccessibleDescription("Privacy of the selected profile")
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, MAX_IDLE_MINUTES)
        self.idle_minutes.setSpecialValueText("Never")
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setValue(services.passphrases.idle_minutes())
        self.idle_minutes.setAccessibleName("Lock Prism after this many minutes without use")
        self.idle_minutes.setToolTip(
            "Prism saves your work, closes your profile and shows this list after this long "
            "without use. 0 means never."
        )
        self.idle_minutes.valueChanged.connect(self._set_idle_minutes)
        self.team = QCheckBox("Include in the &team summary")
        self.team.setToolTip(
            "The training lead's summary lists module completion and quiz passes only: "
            "never reflections, notes or answers."
        )
        self.team.toggled.connect(self._set_team_consent)
        self.team_note = muted(
            "Only module completion and quiz passes are shared, never what you wrote."
        )

        self.empty = QLabel(
            "No profiles yet. Create one below: it keeps your progress, reflections and "
            "CPD drafts separate from anyone else's. Moving from another computer? "
            "Choose Import profile… to bring your work with you."
        )
        self.empty.setWordWrap(True)
        self.name = QLineEdit(placeholderText="Your name as you want it shown")
        self.name.setMaxLength(MAX_NAME_LENGTH)
        # Named "Name:" by its buddy label, as a screen reader announces it.
        self.name.returnPressed.connect(self._create)
        self.new_colour = colour_combo(self.palette())
        self.create_button = QPushButton("&Create profile")
        self.create_button.clicked.connect(self._create)
        self.import_button = QPushButton("I&mport profile…")
        self.import_button.setToolTip("Add a profile exported on another computer (.prism file)")
        self.import_button.clicked.connect(self.import_profile)
        self.error = error_text(QLabel())
        self.error.setWordWrap(True)
        self.error.setAccessibleDescription("Profile message")

        for button in (
            self.open_button,
            self.rename_button,
            self.colour_button,
            self.export_button,
            self.delete_button,
            self.create_button,
            self.import_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.team.setAccessibleDescription("Include in the team summary")

        rename_key = QShortcut(QKeySequence(Qt.Key.Key_F2), self.list)
        rename_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        rename_key.activated.connect(self.rename_current)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current)

        column = QWidget()
        self._column = column
        self._fit_column_to_text()
        layout = QVBoxLayout(column)
        layout.addWidget(heading("Who is learning?"))
        layout.addWidget(
            muted(
                "Each person on this computer has their own profile. "
                "Pick yours, or create one below."
            )
        )
        find_label = QLabel("F&ind:")
        find_label.setBuddy(self.filter)
        self.find_row = QWidget()
        row = QHBoxLayout(self.find_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(find_label)
        row.addWidget(self.filter, 1)
        layout.addWidget(self.find_row)
        layout.addWidget(self.no_match)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        self.actions_row = QWidget()
        actions = QHBoxLayout(self.actions_row)
        actions.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.rename_button,
            self.colour_button,
            self.export_button,
            self.delete_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        layout.addWidget(self.actions_row)
        # The selected profile's privacy, in words, beside what can be done about it.
        self.privacy_row = QWidget()
        privacy = QHBoxLayout(self.privacy_row)
        privacy.setContentsMargins(0, 0, 0, 0)
        privacy.addWidget(self.privacy_note, 1)
        privacy.addWidget(self.passphrase_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.privacy_row)
        layout.addWidget(self.team)
        layout.addWidget(self.team_note)
        self.idle_row = QWidget()
        idle = QHBoxLayout(self.idle_row)
        idle.setContentsMargins(0, 0, 0, 0)
        idle_label = QLabel("Loc&k Prism after")
        idle_label.setBuddy(self.idle_minutes)
        idle.addWidget(idle_label)
        idle.addWidget(self.idle_minutes)
        idle.addWidget(QLabel("without use (for everyone on this computer)"), 1)
        layout.addWidget(self.idle_row)
        layout.addSpacing(12)
        layout.addWidget(heading("New profile", 2))
        form = QFormLayout()
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        colour_label = QLabel("Colo&ur:")
        colour_label.setBuddy(self.new_colour)
        form.addRow(name_label, self.name)
        form.addRow(colour_label, self.new_colour)
        layout.addLayout(form)
        layout.addWidget(self.error)
        create_row = QHBoxLayout()
        create_row.addWidget(self.import_button)
        create_row.addStretch(1)
        create_row.addWidget(self.create_button)
        layout.addLayout(create_row)
        # Takes the list's space when the list is hidden (no profiles, or none match).
        layout.addStretch(0)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 3)
        outer.addStretch(1)

        QWidget.setTabOrder(self.filter, self.list)
        QWidget.setTabOrder(self.list, self.rename_button)
        QWidget.setTabOrder(self.rename_button, self.colour_button)
        QWidget.setTabOrder(self.colour_button, self.export_button)
        QWidget.setTabOrder(self.export_button, self.delete_button)
        QWidget.setTabOrder(self.delete_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.passphrase_button)
        QWidget.setTabOrder(self.passphrase_button, self.team)
        QWidget.setTabOrder(self.team, self.idle_minutes)
        QWidget.setTabOrder(self.idle_minutes, self.name)
        QWidget.setTabOrder(self.name, self.new_colour)
        QWidget.setTabOrder(self.new_colour, self.import_button)
        QWidget.setTabOrder(self.import_button, self.create_button)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_column_to_text()  # larger text: a wider column, so nothing is cut short
            self._fit_list_to_text()
            side = self.new_colour.fontMetrics().height()
            self.new_colour.setIconSize(QSize(side, side))
        super().changeEvent(event)

    def _fit_list_to_text(self) -> None:
        # At least three profiles in view at any text size (the page scrolls instead).
        row = max(self.list.sizeHintForRow(0), 2 * self.list.fontMetrics().height())
        self.list.setMinimumHeight(3 * row + 2 * self.list.frameWidth())

    def _fit_column_to_text(self) -> None:
        # About 90 characters: comfortable to read, and room for the row of buttons.
        self._column.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)

    # Filling and filtering ----------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Reload the profiles (last used first); select ``select`` or the first one."""
        profiles = self.services.profiles.list()
        self._profiles = {profile.id: profile for profile in profiles}
        self._protected = self.services.passphrases.protected_ids()
        self._show_name_error("")
        # What a row shows is worked out when it is first drawn (or read aloud), so a
        # laptop with a thousand profiles fills the list without formatting each.
        self.list.profiles().set_profiles(
            profiles, self._protected, self.services.profiles.last_used_text
        )
        has_any = bool(profiles)
        self._fit_list_to_text()
        self.empty.setVisible(not has_any)
        self.find_row.setVisible(has_any)
        self.list.setVisible(has_any)
        self.actions_row.setVisible(has_any)
        self.team.setVisible(has_any)
        self.team_note.setVisible(has_any)
        self.privacy_row.setVisible(has_any)
        self.idle_row.setVisible(has_any)
        self.idle_minutes.blockSignals(True)
        self.idle_minutes.setValue(self.services.passphrases.idle_minutes())
        self.idle_minutes.blockSignals(False)
        self.new_colour.setCurrentIndex(max(0, self.new_colour.findData(suggest_colour(profiles))))
        self._apply_filter(self.filter.text())
        if select is not None:
            self.select(select)
        if has_any:
            self.list.setFocus()
        else:
            self.name.setFocus()
        self._update_actions()

    def select(self, profile_id: str) -> None:
        row = self.list.profiles().row_of(profile_id)
        if row < 0:
            return
        if self.list.isRowHidden(row):
            self.filter.clear()
        self.list.set_current_row(row)

    def _apply_filter(self, text: str) -> None:
        wanted = text.strip()  # nothing typed: every profile shows, none need matching
        model = self.list.profiles()
        count = model.rowCount()
        hidden: set[int] = set()
        if wanted:
            hidden = {row for row in range(count) if not matches(model.profile(row), text)}
        self.list.hide_rows(hidden)
        shown = count - len(hidden)
        first_visible = next((row for row in range(count) if row not in hidden), -1)
        current = self.list.currentIndex()
        if not current.isValid() or self.list.isRowHidden(current.row()):
            self.list.set_current_row(first_visible)
        nothing = self.list.count() > 0 and shown == 0
        self.no_match.setVisible(nothing)
        if nothing and self.list.hasFocus():
            self.filter.setFocus()  # keep typing where the search is, not in the next field
        self.list.setVisible(self.list.count() > 0 and not nothing)
        if nothing:
            self.no_match.setText(
                f"No profile matches \u201c{text.strip()}\u201d. Check the spelling, or "
                "create a new profile below."
            )
            announce(self.no_match, self.no_match.text())
        self._update_actions()

    def current_profile(self) -> Profile | None:
        return self.list.current_profile()

    def _update_actions(self) -> None:
        profile = self.current_profile()
        for button in (
            self.open_button,
            self.rename_button,
            self.colour_button,
            self.export_button,
            self.passphrase_button,
            self.delete_button,
            self.team,
        ):
            button.setEnabled(profile is not None)
        protected = profile is not None and profile.id in self._protected
        self.protect_action.setEnabled(profile is not None and not protected)
        self.change_action.setEnabled(protected)
        self.remove_action.setEnabled(protected)
        if profile is None:
            self.privacy_note.setText("")
        elif protected:
            self.privacy_note.setText(
                f"\u201c{profile.name}\u201d is protected: opening it asks for its passphrase."
            )
        else:
            self.privacy_note.setText(
                f"\u201c{profile.name}\u201d has no passphrase: anyone using this computer can "
                "open it. Choose Passphrase… to protect it."
            )
        self.privacy_note.setVisible(profile is not None)
        self.team.blockSignals(True)
        self.team.setChecked(bool(profile and profile.include_in_team_summary))
        self.team.setText(
            f"Include \u201c{profile.name}\u201d in the &team summary"
            if profile
            else "Include in the &team summary"
        )
        self.team.blockSignals(False)

    # Actions -----------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        profile = self.list.profiles().profile(index.row())
        if profile is not None and not self.list.isRowHidden(index.row()):
            self.chosen.emit(profile.id)

    def open_current(self) -> None:
        profile = self.list.current_profile()
        if profile is not None:
            self.chosen.emit(profile.id)

    def rename_current(self) -> None:
        profile = self.current_profile()
        if profile is None:
            return
        name = ask_new_name(self, profile)
        if name is None:
            return
        try:
            renamed = self.services.profiles.rename(profile.id, name)
        except ProfileError as error:
            dialogs.show_error(self, "Could not rename the profile", str(error))
            return
        self.refresh(select=renamed.id)
        announce(self.list, f"Renamed to {renamed.name}.")

    def recolour_current(self) -> None:
        profile = self.current_profile()
        if profile is None:
            return
        colour = ask_colour(self, profile)
        if colour is None:
            return
        try:
            self.services.profiles.set_colour(profile.id, colour)
        except ProfileError as error:
            dialogs.show_error(self, "Could not change the colour", str(error))
            return
        self.refresh(select=profile.id)

    def export_current(self) -> None:
        from desktop.ui.profiles import archive_dialogs  # loads on first use, not at launch

        profile = self.current_profile()
        if profile is not None:
            archive_dialogs.export_profile_flow(self, self.services, profile.id, profile.name)

    def delete_current(self) -> None:
        from desktop.ui.profiles import archive_dialogs

        profile = self.current_profile()
        if profile is None:
            return
        exported_to: Path | None = None
        while True:
            choice = confirm_delete(self, profile, exported_to)
            if choice is DeleteChoice.CANCEL:
                return
            if choice is DeleteChoice.EXPORT_FIRST:
                exported_to = (
                    archive_dialogs.export_profile_flow(
                        self, self.services, profile.id, profile.name
                    )
                    or exported_to
                )
                continue  # back to the confirmation, now saying where the copy is
            break
        try:
            self.services.profiles.delete(profile.id)
        except ProfileError as error:
            dialogs.show_error(self, "Could not delete the profile", str(error))
        self.refresh()
        announce(self.list, f"Deleted the profile {profile.name}.")

    def import_profile(self) -> None:
        from desktop.ui.profiles import archive_dialogs

        report = archive_dialogs.import_profile_flow(self, self.services)
        # Nobody's profile is open here: a key the import needed is not kept.
        self.services.passphrases.lock_all()
        if report is not None:
            self.refresh(select=report.profile_id)

    # Passphrases --------------------------------------------------------------------

    def protect_current(self) -> None:
        self._passphrase_action(passphrase_dialogs.protect_profile, "Profile protected")

    def change_current_passphrase(self) -> None:
        self._passphrase_action(passphrase_dialogs.change_passphrase, "Passphrase changed")

    def remove_current_passphrase(self) -> None:
        self._passphrase_action(passphrase_dialogs.remove_passphrase, "Passphrase removed")

    def _passphrase_action(
        self, run: Callable[[QWidget, Services, Profile], str | None], title: str
    ) -> None:
        profile = self.current_profile()
        if profile is None:
            return
        done = run(self, self.services, profile)
        if done is None:
            return
        self.refresh(select=profile.id)
        announce(self.list, done)
        dialogs.show_info(self, title, done)

    def _set_idle_minutes(self, minutes: int) -> None:
        try:
            self.services.passphrases.set_idle_minutes(minutes)
        except ValueError as error:
            dialogs.show_error(self, "Could not save the lock time", str(error))
            return
        self.idle_minutes_changed.emit(minutes)

    def _set_team_consent(self, include: bool) -> None:
        profile = self.current_profile()
        if profile is None:
            return
        try:
            self.services.profiles.set_team_summary_consent(profile.id, include)
        except ProfileError as error:
            dialogs.show_error(self, "Could not save your choice", str(error))
        self.refresh(select=profile.id)
        self.team.setFocus()
        announce(
            self.team,
            f"{profile.name} {'will' if include else 'will not'} be included in the team summary.",
        )

    def _show_name_error(self, message: str) -> None:
        # Shown under the form, and the name field's description too, so a screen
        # reader says what is wrong each time it lands on the field it is about.
        self.error.setText(message)
        self.name.setAccessibleDescription(message)

    def _create(self) -> None:
        try:
            profile = self.services.profiles.create(self.name.text(), self.new_colour.currentData())
        except ProfileError as error:
            self._show_name_error(str(error))
            announce(self.error, str(error))
            self.name.setFocus()
            return
        self.name.clear()
        self.chosen.emit(profile.id)
