"""The application icon: drawn from one SVG, set on every window, named like the desktop entry."""

from __future__ import annotations

import struct

import pytest
from PySide6.QtGui import QGuiApplication, QIcon, QImage

from desktop import paths
from desktop.desktop_entry import APP_ID, ICON_SIZES
from desktop.ui.shell.app_identity import apply_identity
from scripts.render_icons import ICO_SIZES, PNG_SIZES, render_png

APP_ICONS = paths.assets_dir() / "icons" / "app"


@pytest.fixture
def restore_identity(qapp):
    yield
    qapp.setWindowIcon(QIcon())  # an empty icon again, for the tests after this one
    QGuiApplication.setDesktopFileName("")


def test_windows_carry_the_icon_and_the_desktop_file_name(qapp, make_window, restore_identity):
    assert qapp.windowIcon().isNull()  # Qt's default: what Prism showed before
    apply_identity(qapp, paths.assets_dir())
    window = make_window()
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    assert QGuiApplication.desktopFileName() == APP_ID


@pytest.mark.parametrize("size", PNG_SIZES)
def test_each_png_is_the_svg_drawn_at_its_size(qapp, size: int) -> None:
    """The committed PNGs are up to date with the SVG (run scripts/render_icons.py)."""
    committed = QImage(str(APP_ICONS / f"prism-{size}.png"))
    fresh = QImage.fromData(render_png(APP_ICONS / "prism.svg", size))
    assert (committed.width(), committed.height()) == (size, size)
    committed = committed.convertToFormat(QImage.Format.Format_ARGB32)
    fresh = fresh.convertToFormat(QImage.Format.Format_ARGB32)
    differing = sum(
        committed.pixel(x, y) != fresh.pixel(x, y) for x in range(size) for y in range(size)
    )
    assert differing <= size * size // 100  # anti-aliasing may differ between Qt versions


def test_the_desktop_entry_has_every_size_it_installs() -> None:
    for size in ICON_SIZES:
        assert (APP_ICONS / f"prism-{size}.png").is_file()


def test_the_windows_icon_holds_each_size(qapp) -> None:
    data = (APP_ICONS / "prism.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    sizes = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        image = QImage.fromData(data[offset : offset + length])
        assert not image.isNull()
        sizes.append(image.width())
        assert width == (0 if image.width() == 256 else image.width())
    assert sizes == list(ICO_SIZES)
