"""Render Prism's application icon (assets/icons/app/prism.svg) to PNGs and a Windows .ico.

    python scripts/render_icons.py              (writes beside the SVG)
    python scripts/render_icons.py --out DIR    (somewhere else, e.g. to compare)

The SVG is the source; the PNGs (hicolor sizes for the Linux desktop entry and the
window icon) and prism.ico (the Windows executables, see build.spec) are made from it
with Qt's own SVG renderer, so no other tool is needed. Run it after editing the SVG
and commit the results; tests/unit/test_desktop_integration.py checks they match.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "assets" / "icons" / "app" / "prism.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can be


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent square of `size` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding each PNG as one entry (PNG entries: Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory, images = b"", b""
    for size, png in sorted(pngs.items()):
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + directory + images


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--svg", type=Path, default=SOURCE, help="the source SVG")
    parser.add_argument(
        "--out",
        type=Path,
        default=SOURCE.parent,
        help="the folder to write into (default: beside the SVG)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, plugins
    args.out.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(args.svg, size) for size in PNG_SIZES}
    for size, png in pngs.items():
        (args.out / f"prism-{size}.png").write_bytes(png)
    (args.out / "prism.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    print(f"Wrote {len(pngs)} PNGs and prism.ico to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
