"""The child side of the launch benchmark: start a window, say READY once it can take input.

Run as ``python -m benchmarks.probe floor`` (the floor: a bare QTextBrowser window) or
``python -m benchmarks.probe app PAGE_CLASS -- PRISM_ARGS...`` (the real `prism` entry
point, `desktop.cli.main`, with those arguments). The parent (`benchmarks.launch`) starts
the clock before it spawns this process and stops it when it reads the READY line.

"Painted and accepting input" means: the page we wait for (the floor's browser, or the
app's page of class PAGE_CLASS, the home page), or something inside it, has received
its first paint event (Qt skips a widget its children cover completely), and
then an event posted *after* that paint has been delivered by the running event loop,
which is exactly what a key press would need. The process then reports and leaves with
``os._exit`` so that tear-down never counts.

Both floor and app pay for the same interpreter start, this module, the QApplication and
the same event filter, so the ratio compares what Prism adds and nothing else.
"""

from __future__ import annotations

import json
import os
import sys

FLOOR_HTML = (
    "<p>Prism floor: a bare <b>QTextBrowser</b> holding one paragraph of HTML, the "
    "cheapest window that can show course text. Every launch figure is judged against it.</p>"
)
TIMEOUT_MS = 60_000
WATCHED_MODULES = (
    "sqlite_utils",
    "markdown",
    "yaml",
    "cryptography",
    "platformdirs",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "desktop.course.loader",
    "desktop.course.render",
    "desktop.ui.pdf",
    "desktop.cpd.export_csv",
    "desktop.cpd.export_json",
    "desktop.cpd.export_text",
    "desktop.cpd.export_xapi",
    "desktop.cpd.portfolio_html",
)


def peak_rss_bytes() -> int | None:
    """This process's own peak resident memory, where the platform can tell."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    if sys.platform == "win32":
        return _windows_peak_working_set()
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _windows_peak_working_set() -> int | None:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD),
            ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    process = ctypes.windll.kernel32.GetCurrentProcess()
    ok = ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
    return int(counters.PeakWorkingSetSize) if ok else None


def main(argv: list[str]) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    kind = argv[0] if argv else "floor"
    page_class = argv[1] if kind == "app" and len(argv) > 1 else "QTextBrowser"
    prism_args = argv[argv.index("--") + 1 :] if "--" in argv else []

    class ReadyWatcher(QObject):
        """Sees every event; after the first paint of the watched page, posts a probe."""

        def __init__(self) -> None:
            super().__init__()
            self.painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.painted
                and event.type() == QEvent.Type.Paint
                and _on_page(watched, page_class)
            ):
                self.painted = True
                QCoreApplication.postEvent(self, QEvent(QEvent.Type.User))
            return False

        def event(self, event: QEvent) -> bool:
            if event.type() == QEvent.Type.User:
                _report_and_leave()
            return super().event(event)

    app = QApplication(sys.argv[:1])
    watcher = ReadyWatcher()
    app.installEventFilter(watcher)
    QTimer.singleShot(TIMEOUT_MS, lambda: _leave({"error": f"no paint of {page_class}"}, 3))
    if kind == "floor":
        from PySide6.QtWidgets import QTextBrowser

        browser = QTextBrowser()
        browser.setHtml(FLOOR_HTML)
        browser.resize(1280, 800)
        browser.show()
        app.exec()
        return 4
    from desktop.cli import main as prism_main

    code = prism_main(prism_args)  # runs the event loop; READY leaves before it returns
    _leave({"error": f"prism exited with {code} before its {page_class} was painted"}, 5)
    return 5


def _on_page(widget: object, page_class: str) -> bool:
    """The page itself, or anything drawn inside it. Qt never paints a widget that its
    children cover completely (a page that is all scroll area, say), so "the page has
    been painted" means the page or its content has: whichever Qt draws first."""
    while widget is not None:
        if type(widget).__name__ == page_class:
            return True
        widget = widget.parentWidget() if hasattr(widget, "parentWidget") else None
    return False


def _report_and_leave() -> None:
    loaded = sorted(name for name in WATCHED_MODULES if name in sys.modules)
    _leave({"peak_rss_bytes": peak_rss_bytes(), "loaded": loaded}, 0)


def _leave(payload: dict, code: int) -> None:
    line = ("READY " if code == 0 else "FAILED ") + json.dumps(payload) + "\n"
    os.write(1, line.encode())
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
