"""WCAG 2.2 contrast in every theme: text at least 4.5:1 (1.4.3), controls and the focus
ring at least 3:1 (1.4.11), over the real QPalettes and the reader stylesheets.

Disabled controls are exempt from 1.4.3 under WCAG ("part of an inactive user
interface component"); their text is still checked at 3:1 so it stays legible.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette

from desktop import paths
from desktop.ui.style import EXTRA_SPACING_STYLESHEET, READER_STYLESHEETS
from desktop.ui.theme import THEME_COLOURS, Theme, build_palette, contrast_ratio

Role = QPalette.ColorRole
CONCRETE = [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST]

# (foreground, background, what it is): every pair the app draws text with.
TEXT_PAIRS = [
    (Role.WindowText, Role.Window, "labels and headings"),
    (Role.Text, Role.Base, "text in edit boxes, lists and the reader"),
    (Role.Text, Role.AlternateBase, "text on alternate list rows"),
    (Role.ButtonText, Role.Button, "button labels"),
    (Role.HighlightedText, Role.Highlight, "selected list items and selected text"),
    (Role.PlaceholderText, Role.Base, "placeholder text in edit boxes"),
    (Role.PlaceholderText, Role.Window, "muted secondary text (style.muted)"),
    (Role.Link, Role.Base, "links in the reader"),
    (Role.Link, Role.Window, "links in labels"),
    (Role.LinkVisited, Role.Base, "visited links"),
    (Role.ToolTipText, Role.ToolTipBase, "tooltips"),
    (Role.BrightText, Role.Window, "error messages (style.error_text)"),
    (Role.BrightText, Role.Base, "error messages in a box"),
]


def colour(palette: QPalette, role: Role, group=QPalette.ColorGroup.Active) -> str:
    return palette.color(group, role).name()


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # a known fail
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # a known pass
    assert contrast_ratio("#fff", "#000") == contrast_ratio("#000000", "#ffffff")
    with pytest.raises(ValueError):
        contrast_ratio("red", "#ffffff")


@pytest.mark.parametrize("theme", CONCRETE)
@pytest.mark.parametrize("group", [QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive])
def test_every_text_colour_reads_at_4_5_to_1(qapp, theme, group):
    palette = build_palette(theme)
    failures = []
    for foreground, background, what in TEXT_PAIRS:
        fg, bg = colour(palette, foreground, group), colour(palette, background, group)
        ratio = contrast_ratio(fg, bg)
        if ratio < 4.5:
            failures.append(f"{what}: {fg} on {bg} is {ratio:.2f}:1")
    assert not failures, f"{theme} theme:\n" + "\n".join(failures)


@pytest.mark.parametrize("theme", CONCRETE)
def test_focus_ring_borders_and_selection_stand_out_at_3_to_1(qapp, theme):
    palette = build_palette(theme)
    colours = THEME_COLOURS[theme]
    window, base, button = (colour(palette, r) for r in (Role.Window, Role.Base, Role.Button))
    checks = {
        "focus ring on the window": (colours.focus, window),
        "focus ring on a list or edit box": (colours.focus, base),
        "focus ring on a button": (colours.focus, button),
        "input and list borders on the window": (colours.control_border, window),
        "input and list borders inside": (colours.control_border, base),
        "check box border": (colours.control_border, base),
        "selected item against the list": (colour(palette, Role.Highlight), base),
        "ticked check box against the window": (colours.highlight, window),
    }
    failures = [
        f"{what}: {fg} against {bg} is {contrast_ratio(fg, bg):.2f}:1"
        for what, (fg, bg) in checks.items()
        if contrast_ratio(fg, bg) < 3.0
    ]
    assert not failures, f"{theme} theme:\n" + "\n".join(failures)


@pytest.mark.parametrize("theme", CONCRETE)
def test_disabled_text_stays_legible(qapp, theme):
    # Exempt from 1.4.3 (inactive components); 3:1 keeps greyed-out labels readable.
    palette = build_palette(theme)
    disabled = QPalette.ColorGroup.Disabled
    for foreground, background in [(Role.WindowText, Role.Window), (Role.ButtonText, Role.Button)]:
        fg = colour(palette, foreground, disabled)
        bg = colour(palette, background, disabled)
        assert contrast_ratio(fg, bg) >= 3.0, f"{theme}: disabled {fg} on {bg}"
        assert fg != colour(palette, foreground), "disabled text must look different"


def test_the_three_themes_are_really_different(qapp):
    windows = {build_palette(t).color(Role.Window).name() for t in CONCRETE}
    assert len(windows) == 3
    assert build_palette(Theme.LIGHT).color(Role.Window).lightness() > 128
    assert build_palette(Theme.DARK).color(Role.Window).lightness() < 128
    assert contrast_ratio(THEME_COLOURS[Theme.HIGH_CONTRAST].text, "#000000") == 21.0


# --------------------------------------------------------------------------- #
# Reader stylesheets
# --------------------------------------------------------------------------- #

_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_DECLARATION = re.compile(r"(?<![-\w])(color|background-color)\s*:\s*(#[0-9a-fA-F]{3,6})\b")


def css_colours(css: str) -> tuple[set[str], set[str]]:
    """(text colours, background colours) set anywhere in ``css``.

    ``hr`` is drawn with background-color but holds no text, so it is not a background.
    """
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    texts: set[str] = set()
    backgrounds: set[str] = set()
    for selectors, body in _RULE.findall(css):
        only_rules = all(s.strip().split(" ")[-1] == "hr" for s in selectors.split(","))
        for prop, value in _DECLARATION.findall(body):
            if prop == "color":
                texts.add(value.lower())
            elif not only_rules:
                backgrounds.add(value.lower())
    return texts, backgrounds


def test_css_parser_finds_colours_and_ignores_rules():
    texts, backgrounds = css_colours(
        "/* a { color: #123456 } */ p, li { color: #111111; }\n"
        "table.box-key { background-color: #EEEEEE; border-color: #999999; }\n"
        "hr { background-color: #888888; height: 1px; }"
    )
    assert texts == {"#111111"}
    assert backgrounds == {"#eeeeee"}


@pytest.mark.parametrize("theme", CONCRETE)
def test_reader_stylesheet_text_reads_at_4_5_to_1_on_every_background(qapp, theme):
    """Every text colour against every background in the sheet and the page (Base).

    Stricter than needed (a box title never sits on another box's fill), so a new
    colour is safe wherever an author uses it.
    """
    sheet = paths.assets_dir() / "styles" / READER_STYLESHEETS[theme]
    texts, backgrounds = css_colours(sheet.read_text(encoding="utf-8"))
    page = build_palette(theme).color(Role.Base).name()
    assert texts, f"{sheet.name} sets no text colours: the palette's would be used"
    failures = [
        f"{fg} on {bg}: {contrast_ratio(fg, bg):.2f}:1"
        for fg in sorted(texts)
        for bg in sorted(backgrounds | {page})
        if contrast_ratio(fg, bg) < 4.5
    ]
    assert not failures, f"{sheet.name}:\n" + "\n".join(failures)


def test_extra_spacing_sheet_sets_no_colours():
    # It is added on top of every theme, so a colour here would break one of them.
    sheet = Path(paths.assets_dir()) / "styles" / EXTRA_SPACING_STYLESHEET
    assert css_colours(sheet.read_text(encoding="utf-8")) == (set(), set())
