"""Read the text back out of a PDF made by Qt's QPdfWriter, for tests.

QtPdf is not part of PySide6-Essentials and no PDF tool is installed, so this
small reader covers exactly what QPdfWriter writes: Flate-compressed content
streams, Type0 fonts with Identity-H encoding and a ToUnicode CMap, and glyphs
shown with ``Tj``/``TJ``. A new line starts wherever the text moves vertically.
It is a test aid, not a general PDF parser.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(?m)^(\d+) 0 obj\b(.*?)\bendobj", re.S)
_REF = rb"(\d+) 0 R"
_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]|/([^\s/<>\[\]()]+)|(-?\d*\.?\d+)|([A-Za-z\*'\"]+)")


class PdfText:
    """The pages of one PDF, as text."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(b"%PDF-"):
            raise ValueError("This is not a PDF file.")
        self._objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}
        self._cmaps: dict[int, dict[int, str]] = {}
        self.pages = [self._page_text(n) for n in self._page_numbers()]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def text(self) -> str:
        """All pages, separated by form feeds."""
        return "\f".join(self.pages)

    def _page_numbers(self) -> list[int]:
        catalog = next(n for n, body in self._objects.items() if b"/Type /Catalog" in body)
        root = int(re.search(rb"/Pages " + _REF, self._objects[catalog]).group(1))
        return self._kids(root)

    def _kids(self, number: int) -> list[int]:
        body = self._objects[number]
        if re.search(rb"/Type\s*/Page\b(?!s)", body):
            return [number]
        kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S).group(1)
        pages: list[int] = []
        for ref in re.finditer(_REF, kids):
            pages += self._kids(int(ref.group(1)))
        return pages

    def _stream(self, number: int) -> bytes:
        body = self._objects[number]
        head, _, rest = body.partition(b"stream")
        length_match = re.search(rb"/Length (\d+)( 0 R)?", head)
        length = int(length_match.group(1))
        if length_match.group(2):
            length = int(self._objects[length].strip())
        raw = rest[1:] if rest.startswith(b"\n") else rest[2:]
        raw = raw[:length]
        return zlib.decompress(raw) if b"FlateDecode" in head else raw

    def _resolve(self, text: bytes) -> bytes:
        ref = re.fullmatch(rb"\s*" + _REF + rb"\s*", text)
        return self._objects[int(ref.group(1))] if ref else text

    def _fonts(self, page: int) -> dict[str, dict[int, str]]:
        body = self._objects[page]
        resources = re.search(rb"/Resources (" + _REF + rb"|<<.*>>)", body, re.S).group(1)
        resources = self._resolve(resources)
        fonts_match = re.search(rb"/Font\s*(<<.*?>>|" + _REF + rb")", resources, re.S)
        if fonts_match is None:
            return {}
        fonts = self._resolve(fonts_match.group(1))
        result = {}
        for name, ref in re.findall(rb"/(\w+)\s+" + _REF, fonts):
            font = self._objects[int(ref)]
            to_unicode = re.search(rb"/ToUnicode " + _REF, font)
            cmap = self._cmap(int(to_unicode.group(1))) if to_unicode else {}
            result[name.decode()] = cmap
        return result

    def _cmap(self, number: int) -> dict[int, str]:
        if number in self._cmaps:
            return self._cmaps[number]
        text = self._stream(number).decode("latin-1")
        mapping: dict[int, str] = {}
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for start, end, target in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block
            ):
                first, last = int(start, 16), int(end, 16)
                if target.startswith("["):
                    values = re.findall(r"<([0-9A-Fa-f]+)>", target)
                    for offset, value in enumerate(values):
                        mapping[first + offset] = _unicode(value)
                else:
                    base = int(target[1:-1], 16)
                    for code in range(first, last + 1):
                        mapping[code] = chr(base + code - first)
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                mapping[int(code, 16)] = _unicode(value)
        self._cmaps[number] = mapping
        return mapping

    def _page_text(self, page: int) -> str:
        fonts = self._fonts(page)
        contents = re.search(rb"/Contents (" + _REF + rb"|\[.*?\])", self._objects[page], re.S)
        refs = [int(n) for n in re.findall(_REF, contents.group(1))]
        stream = b"\n".join(self._stream(n) for n in refs)
        lines: list[str] = []
        current: list[str] = []
        cmap: dict[int, str] = {}
        operands: list[bytes | float | str] = []
        for match in _TOKEN.finditer(stream):
            hex_string, name, number, operator = match.groups()
            if hex_string is not None:
                operands.append(bytes.fromhex(hex_string.decode().replace(" ", "")))
            elif name is not None:
                operands.append(name.decode())
            elif number is not None:
                operands.append(float(number))
            elif operator is not None:
                op = operator.decode()
                if op == "Tf" and operands and isinstance(operands[0], str):
                    cmap = fonts.get(operands[0], {})
                elif op in ("Td", "TD") and len(operands) >= 2:
                    dy = operands[-1]
                    if isinstance(dy, float) and abs(dy) > 0.01:
                        _new_line(lines, current)  # moved down (or up): a new line
                elif op in ("Tm", "BT"):
                    _new_line(lines, current)
                elif op in ("Tj", "TJ", "'", '"'):
                    for operand in operands:
                        if isinstance(operand, bytes):
                            current.append(_decode(operand, cmap))
                operands = []
        _new_line(lines, current)
        return "\n".join(line for line in lines if line.strip())


def _unicode(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be")


def _decode(glyphs: bytes, cmap: dict[int, str]) -> str:
    codes = [int.from_bytes(glyphs[i : i + 2], "big") for i in range(0, len(glyphs) - 1, 2)]
    # Qt maps the space glyph to a tab in its ToUnicode tables.
    return "".join(cmap.get(code, "\ufffd") for code in codes).replace("\t", " ")


def _new_line(lines: list[str], current: list[str]) -> None:
    if current:
        lines.append("".join(current))
        current.clear()


def normalised(text: str) -> str:
    """Ligatures undone (NFKC) and runs of whitespace made one space, so text wrapped
    onto several lines of a page compares like the source text."""
    return " ".join(unicodedata.normalize("NFKC", text).split())
