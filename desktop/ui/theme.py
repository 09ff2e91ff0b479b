"""Themes: light, dark and high contrast palettes, a strong focus ring, and following the
system's colour scheme.

Why a proxy style and not an application stylesheet: Qt stops passing
``QApplication.setFont`` on to widgets while an application stylesheet is set, which
would break the text-size setting, and a stylesheet that borders buttons and inputs
changes every widget's size. ``PrismStyle`` wraps Fusion (which draws from the
palette, so all three themes look deliberate on every platform) and changes only
what WCAG 2.2 needs: a 2 px focus ring on every focusable control (2.4.7), input,
list and check box borders with at least 3:1 contrast (1.4.11), and check boxes and
radio buttons that grow with the text size.

All colours the app uses are defined here, in ``THEME_COLOURS``; widgets refer to
palette roles, never to colours. ``tests/ui/test_contrast.py`` checks every text
pair is at least 4.5:1 and every component boundary at least 3:1.

``Appearance`` is the one place that changes how the app looks (theme, text size,
extra spacing), because the palette, the style, the font and the reader stylesheet
must change together.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QToolTip,
    QWidget,
)

from desktop.services.preferences import DEFAULT_TEXT_SIZE, Preferences
from desktop.ui import style
from desktop.ui.text_size import apply_text_size


class Theme(StrEnum):
    """A theme choice as stored in preferences. SYSTEM resolves to one of the other three."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


THEME_LABELS = {
    Theme.SYSTEM: "Follow the &system",
    Theme.LIGHT: "&Light",
    Theme.DARK: "&Dark",
    Theme.HIGH_CONTRAST: "&High contrast",
}


@dataclass(frozen=True)
class ThemeColours:
    """Every colour of one theme, as #rrggbb. Palette roles plus three the style draws."""

    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    link: str
    link_visited: str
    placeholder: str  # muted text (style.muted) uses this role: it must still read at 4.5:1
    tooltip_base: str
    tooltip_text: str
    error: str  # error messages (style.error_text), carried in the BrightText role
    disabled_text: str  # WCAG exempts inactive controls; kept at 3:1 or more anyway
    control_border: str  # input, list and check box borders: 3:1 against window and base
    focus: str  # the focus ring: 3:1 against window, base and button
    light: str
    midlight: str
    mid: str
    dark: str
    shadow: str


# Each theme is spelled out in full, on purpose. In all three, text, button_text and
# tooltip_text repeat window_text and focus repeats link, but they are separate roles
# drawn on separate backgrounds (base, button, tooltip_base; the ring against window,
# base and button), each checked on its own in tests/ui/test_contrast.py, so a theme
# may set any of them apart without touching the others.
THEME_COLOURS: dict[Theme, ThemeColours] = {
    Theme.LIGHT: ThemeColours(
        window="#f5f6f7",
        window_text="#1b1f24",
        base="#ffffff",
        alternate_base="#eef1f4",
        text="#1b1f24",
        button="#e8eaed",
        button_text="#1b1f24",
        highlight="#0b57d0",
        highlighted_text="#ffffff",
        link="#0b57d0",
        link_visited="#6a3ab2",
        placeholder="#5c636a",
        tooltip_base="#fffbe6",
        tooltip_text="#1b1f24",
        error="#b3261e",
        disabled_text="#767c83",
        control_border="#6e7781",
        focus="#0b57d0",
        light="#ffffff",
        midlight="#eceef1",
        mid="#b8bec5",
        dark="#8a929b",
        shadow="#3c4043",
    ),
    Theme.DARK: ThemeColours(
        window="#26282c",
        window_text="#e3e5e8",
        base="#1e1f22",
        alternate_base="#2a2c30",
        text="#e3e5e8",
        button="#34373c",
        button_text="#e3e5e8",
        # A light selection with dark text: a mid blue with white text cannot reach
        # 3:1 against the dark list background and 4.5:1 for its own text at once.
        highlight="#8ab4f8",
        highlighted_text="#131416",
        link="#8ab4f8",
        link_visited="#c58af9",
        placeholder="#a9adb3",
        tooltip_base="#3c3f44",
        tooltip_text="#e3e5e8",
        error="#ffb4ab",
        disabled_text="#8b9198",
        control_border="#8b9198",
        focus="#8ab4f8",
        light="#4a4d52",
        midlight="#3c3f44",
        mid="#2f3136",
        dark="#17181a",
        shadow="#000000",
    ),
    # After Windows' "High contrast black": white on black, yellow links and focus,
    # cyan selection with black text.
    Theme.HIGH_CONTRAST: ThemeColours(
        window="#000000",
        window_text="#ffffff",
        base="#000000",
        alternate_base="#1a1a1a",
        text="#ffffff",
        button="#000000",
        button_text="#ffffff",
        highlight="#1aebff",
        highlighted_text="#000000",
        link="#ffff00",
        link_visited="#ffff00",
        placeholder="#d0d0d0",
        tooltip_base="#000000",
        tooltip_text="#ffffff",
        error="#ff8080",
        disabled_text="#a6a6a6",
        control_border="#ffffff",
        focus="#ffff00",
        light="#ffffff",
        midlight="#a6a6a6",
        mid="#5c5c5c",
        dark="#3a3a3a",
        shadow="#000000",
    ),
}

FOCUS_RING_WIDTH = 2  # logical pixels; Qt scales them with the screen


# --------------------------------------------------------------------------- #
# Colour maths (WCAG 2.2), pure functions
# --------------------------------------------------------------------------- #


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour written #rgb or #rrggbb."""
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"Not a #rrggbb colour: {colour!r}")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1.0 to 21.0 (order does not matter)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --------------------------------------------------------------------------- #
# Palettes
# --------------------------------------------------------------------------- #

_ROLE_FIELDS = {
    QPalette.ColorRole.Window: "window",
    QPalette.ColorRole.WindowText: "window_text",
    QPalette.ColorRole.Base: "base",
    QPalette.ColorRole.AlternateBase: "alternate_base",
    QPalette.ColorRole.Text: "text",
    QPalette.ColorRole.Button: "button",
    QPalette.ColorRole.ButtonText: "button_text",
    QPalette.ColorRole.Highlight: "highlight",
    QPalette.ColorRole.HighlightedText: "highlighted_text",
    QPalette.ColorRole.Link: "link",
    QPalette.ColorRole.LinkVisited: "link_visited",
    QPalette.ColorRole.PlaceholderText: "placeholder",
    QPalette.ColorRole.ToolTipBase: "tooltip_base",
    QPalette.ColorRole.ToolTipText: "tooltip_text",
    QPalette.ColorRole.BrightText: "error",
    QPalette.ColorRole.Accent: "highlight",
    QPalette.ColorRole.Light: "light",
    QPalette.ColorRole.Midlight: "midlight",
    QPalette.ColorRole.Mid: "mid",
    QPalette.ColorRole.Dark: "dark",
    QPalette.ColorRole.Shadow: "shadow",
}

_DISABLED_TEXT_ROLES = (
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.ButtonText,
    QPalette.ColorRole.PlaceholderText,
    QPalette.ColorRole.BrightText,
    QPalette.ColorRole.Link,
)


def build_palette(theme: Theme) -> QPalette:
    """The QPalette of a concrete theme (not SYSTEM).

    Active and Inactive are the same, so a selection stays as visible when the
    window is in the background; Disabled greys text out.
    """
    colours = THEME_COLOURS[theme]
    palette = QPalette()
    for role, name in _ROLE_FIELDS.items():
        palette.setColor(role, QColor(getattr(colours, name)))
    for role in _DISABLED_TEXT_ROLES:
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colours.disabled_text))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, colours.mid)
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.HighlightedText, colours.window_text
    )
    return palette


def resolve_theme(
    choice: Theme,
    scheme: Qt.ColorScheme = Qt.ColorScheme.Unknown,
    contrast: Qt.ContrastPreference = Qt.ContrastPreference.NoPreference,
) -> Theme:
    """The concrete theme for a choice: SYSTEM follows the desktop, light if it is unknown."""
    if choice is not Theme.SYSTEM:
        return choice
    if contrast == Qt.ContrastPreference.HighContrast:
        return Theme.HIGH_CONTRAST
    return Theme.DARK if scheme == Qt.ColorScheme.Dark else Theme.LIGHT


# --------------------------------------------------------------------------- #
# The style: Fusion plus focus rings, stronger borders, scalable indicators
# --------------------------------------------------------------------------- #

_PE = QStyle.PrimitiveElement
_STATE = QStyle.StateFlag
_SCALED_METRICS = {
    QStyle.PixelMetric.PM_IndicatorWidth,
    QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    QStyle.PixelMetric.PM_ButtonMargin,  # roomier buttons at large sizes
}

MIN_TARGET = 24  # logical pixels
_CT = QStyle.ContentsType
_TARGETS = {
    _CT.CT_PushButton,
    _CT.CT_ToolButton,
    _CT.CT_CheckBox,
    _CT.CT_RadioButton,
    _CT.CT_ComboBox,
    _CT.CT_LineEdit,
    _CT.CT_SpinBox,
}


class PrismStyle(QProxyStyle):
    """Fusion, with a focus ring you can see in every theme and borders you can find."""

    def __init__(self, colours: ThemeColours, text_scale: float = 1.0) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.colours = colours
        self.text_scale = text_scale

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_DefaultFrameWidth and _is_scroll_area(widget):
            return max(value, FOCUS_RING_WIDTH)  # room for the whole ring inside the frame
        if metric in _SCALED_METRICS:
            return round(value * self.text_scale)
        return value

    def sizeFromContents(self, kind, option, size, widget=None) -> QSize:
        # WCAG 2.5.8: targets at least 24 px high, even with small system fonts.
        result = super().sizeFromContents(kind, option, size, widget)
        if kind in _TARGETS and result.height() < MIN_TARGET:
            result.setHeight(MIN_TARGET)
        return result

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element == _PE.PE_FrameFocusRect:
            selected = bool(option.state & _STATE.State_Selected)
            colour = option.palette.color(QPalette.ColorRole.HighlightedText) if selected else None
            self._ring(painter, QRectF(option.rect), colour)
            return
        if element == _PE.PE_IndicatorCheckBox:
            self._check_box(option, painter)
            return
        if element == _PE.PE_IndicatorRadioButton:
            self._radio_button(option, painter)
            return
        if element == _PE.PE_FrameLineEdit or (element == _PE.PE_Frame and _is_scroll_area(widget)):
            self._border(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == _PE.PE_PanelButtonCommand:
            # Fusion outlines buttons in a shade of the window colour, which vanishes
            # on black: every theme gets its 3:1 border, or the ring when focused.
            self._border(option, painter)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_SpinBox:
            self._border(option, painter)
        elif control == QStyle.ComplexControl.CC_ScrollBar:
            self._scroll_thumb(option, painter, widget)

    def drawControl(self, element, option, painter, widget=None) -> None:
        if element == QStyle.ControlElement.CE_ProgressBarGroove:
            # Fusion's groove edge is a shade of the window (2:1 in light, none on
            # black): the theme's 3:1 border around the base colour instead.
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(self.colours.control_border), 1))
            painter.setBrush(QColor(self.colours.base))
            painter.drawRoundedRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            painter.restore()
            return
        super().drawControl(element, option, painter, widget)

    # Drawing helpers ----------------------------------------------------------------

    def _scroll_thumb(self, option, painter: QPainter, widget) -> None:
        """Fusion's thumb is a shade of the track (1.0-1.3:1): paint it in the border
        colour, 3:1 against the track and the window in every theme (WCAG 1.4.11)."""
        thumb = self.subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, widget
        )
        if thumb.isEmpty():
            return
        pressed = bool(option.activeSubControls & QStyle.SubControl.SC_ScrollBarSlider) and bool(
            option.state & _STATE.State_Sunken
        )
        colour = self.colours.focus if pressed else self.colours.control_border
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(QRectF(thumb).adjusted(2, 2, -2, -2), 3, 3)
        painter.restore()

    def _ring(self, painter: QPainter, rect: QRectF, colour: QColor | None = None) -> None:
        half = FOCUS_RING_WIDTH / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour or QColor(self.colours.focus), FOCUS_RING_WIDTH))
        painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), 3, 3)
        painter.restore()

    def _border(self, option: QStyleOption, painter: QPainter) -> None:
        if option.state & _STATE.State_HasFocus:
            self._ring(painter, QRectF(option.rect))
            return
        enabled = bool(option.state & _STATE.State_Enabled)
        colour = self.colours.control_border if enabled else self.colours.disabled_text
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(colour), 1))
        painter.drawRoundedRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        painter.restore()

    def _indicator_colours(self, option: QStyleOption) -> tuple[QColor, QColor, QColor]:
        """Border, fill when on, and mark colours for a check box or radio button."""
        if not option.state & _STATE.State_Enabled:
            grey = QColor(self.colours.disabled_text)
            return grey, grey, QColor(self.colours.base)
        return (
            QColor(self.colours.control_border),
            QColor(self.colours.highlight),
            QColor(self.colours.highlighted_text),
        )

    def _check_box(self, option: QStyleOption, painter: QPainter) -> None:
        border, fill, mark = self._indicator_colours(option)
        side = min(option.rect.width(), option.rect.height())
        box = QRectF(0, 0, side, side)
        box.moveCenter(QRectF(option.rect).center())
        pen_width = max(1.0, side / 12)
        inset = pen_width / 2
        box = box.adjusted(inset, inset, -inset, -inset)
        on = bool(option.state & _STATE.State_On)
        partly = bool(option.state & _STATE.State_NoChange)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(fill if on or partly else border, pen_width))
        painter.setBrush(fill if on or partly else QColor(self.colours.base))
        painter.drawRoundedRect(box, side * 0.15, side * 0.15)
        mark_pen = QPen(mark, max(1.5, side / 7))
        mark_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        mark_pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(mark_pen)
        x, y, w, h = box.x(), box.y(), box.width(), box.height()
        if on:
            tick = QPainterPath()
            tick.moveTo(x + w * 0.22, y + h * 0.52)
            tick.lineTo(x + w * 0.42, y + h * 0.72)
            tick.lineTo(x + w * 0.78, y + h * 0.30)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        elif partly:
            painter.drawLine(
                QRectF(x + w * 0.25, y + h / 2, w * 0.5, 0).topLeft(),
                QRectF(x + w * 0.25, y + h / 2, w * 0.5, 0).topRight(),
            )
        painter.restore()

    def _radio_button(self, option: QStyleOption, painter: QPainter) -> None:
        border, fill, _mark = self._indicator_colours(option)
        side = min(option.rect.width(), option.rect.height())
        circle = QRectF(0, 0, side, side)
        circle.moveCenter(QRectF(option.rect).center())
        pen_width = max(1.0, side / 12)
        inset = pen_width / 2
        circle = circle.adjusted(inset, inset, -inset, -inset)
        on = bool(option.state & _STATE.State_On)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(fill if on else border, pen_width * (1.5 if on else 1)))
        painter.setBrush(QColor(self.colours.base))
        painter.drawEllipse(circle)
        if on:
            dot = QRectF(0, 0, side * 0.5, side * 0.5)
            dot.moveCenter(circle.center())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawEllipse(dot)
        painter.restore()


def _is_scroll_area(widget: QWidget | None) -> bool:
    # Lists, trees, text boxes and the reader: their frame is their visible edge.
    # Other PE_Frame users (the combo box pop-up, plain frames) keep Fusion's look.
    from PySide6.QtWidgets import QAbstractScrollArea

    return isinstance(widget, QAbstractScrollArea)


# --------------------------------------------------------------------------- #
# Appearance: the one object that changes how the app looks
# --------------------------------------------------------------------------- #


class Appearance(QObject):
    """Applies a theme choice, a text size and extra spacing to the whole application.

    With the SYSTEM choice it follows the desktop's colour scheme and contrast
    preference as they change. ``restore()`` puts back what the app had before
    (tests use it so one test's look never leaks into the next).
    """

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._original_palette = QPalette(app.palette())
        self._original_font = QFont(app.font())
        self._original_style = app.style().name()
        self._base_font = QFont(app.font())
        # Keep Python references: the wrappers die otherwise and the signals with them.
        self._hints = app.styleHints()
        self._accessibility = self._hints.accessibility()
        self._scheme = self._hints.colorScheme()
        self._contrast = self._accessibility.contrastPreference()
        self._hints.colorSchemeChanged.connect(self._scheme_changed)
        self._accessibility.contrastPreferenceChanged.connect(self._contrast_changed)
        self.choice = Theme.SYSTEM
        self.text_size = DEFAULT_TEXT_SIZE
        self.extra_spacing = False
        self._applied: tuple[Theme, int, bool] | None = None
        self._style: PrismStyle | None = None

    @property
    def theme(self) -> Theme:
        """The concrete theme in use now (never SYSTEM)."""
        return resolve_theme(self.choice, self._scheme, self._contrast)

    @property
    def colours(self) -> ThemeColours:
        return THEME_COLOURS[self.theme]

    def apply_preferences(self, preferences: Preferences) -> None:
        self.apply(
            theme=Theme(preferences.theme),
            text_size=preferences.text_size,
            extra_spacing=preferences.extra_spacing,
        )

    def apply(
        self,
        *,
        theme: Theme | None = None,
        text_size: int | None = None,
        extra_spacing: bool | None = None,
    ) -> None:
        """Change any of the three and bring every window up to date (no-op if unchanged)."""
        if theme is not None:
            self.choice = theme
        if text_size is not None:
            self.text_size = text_size
        if extra_spacing is not None:
            self.extra_spacing = extra_spacing
        state = (self.theme, self.text_size, self.extra_spacing)
        if state == self._applied:
            return
        self._applied = state
        concrete, size, spacing = state
        colours = THEME_COLOURS[concrete]
        scale = size / 100
        if self._style is None:
            self._style = PrismStyle(colours, scale)
            self._app.setStyle(self._style)
        else:
            self._style.colours = colours
            self._style.text_scale = scale
        palette = build_palette(concrete)
        self._app.setPalette(palette)
        QToolTip.setPalette(palette)
        apply_text_size(self._app, self._base_font, size)
        # Every widget repaints for the new palette and re-lays itself out for the new
        # font (check box sizes change only with the text size, so with the font).
        style.set_reader_look(style.ReaderLook(str(concrete), size, spacing))
        self.changed.emit()

    # The system's values arrive with the signals; with the SYSTEM choice, follow them.
    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        self.apply()

    def _contrast_changed(self, contrast: Qt.ContrastPreference) -> None:
        self._contrast = contrast
        self.apply()

    def restore(self) -> None:
        """Put the application back as it was before this object changed it."""
        self._app.setStyle(QStyleFactory.create(self._original_style))
        self._style = None
        self._app.setPalette(self._original_palette)
        QToolTip.setPalette(self._original_palette)
        apply_text_size(self._app, self._base_font, DEFAULT_TEXT_SIZE)
        self._app.setFont(self._original_font)
        style.set_reader_look(style.ReaderLook())
        self.choice, self.text_size, self.extra_spacing = Theme.SYSTEM, DEFAULT_TEXT_SIZE, False
        self._applied = None
        self._hints.colorSchemeChanged.disconnect(self._scheme_changed)
        self._accessibility.contrastPreferenceChanged.disconnect(self._contrast_changed)


_appearance: Appearance | None = None


def appearance() -> Appearance:
    """The application's Appearance, created on first use (needs a QApplication)."""
    global _appearance
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("Create the QApplication before asking for its appearance.")
    if _appearance is None or _appearance.parent() is not app:
        _appearance = Appearance(app)
    return _appearance


def reset_appearance() -> None:
    """Undo every change an Appearance made (for tests); the next call makes a new one."""
    global _appearance
    if _appearance is not None:
        _appearance.restore()
        _appearance.deleteLater()
        _appearance = None
