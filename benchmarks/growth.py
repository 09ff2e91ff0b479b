"""Figures for what grows with years of use: each compares a large dataset with a small
one in the same run (a ratio), or holds a page to an absolute budget on a large one.

Datasets (see `benchmarks.datasets`): "small" (a learner part-way through, three CPD
records this year), "events" (the same learner with 1,000,000 older events), "heavy"
(that, plus 10,000 reflections, 10,000 CPD records over ten years and 10,000 quiz
attempts), "shared" (30 profiles, ~1,000,000 events in all) and "many" (1,000 profiles).

- cpd_history: every export format for this registration year, drafting from
  learning, certificates and ``verify``, each timed on "events" and on "small"; the
  figure is the worst of those ratios (each the ratio of medians).
- launch_history / launch_records / launch_backup_due: launches to the home page on
  "events", on "heavy" and on "small" with no backup yet today, paired with launches
  on "small" (small, big, small, big...); ratios of medians of pairs.
- cpd_page_records, home_records: the CPD page and home page with 10,000 records.
- journal_open, journal_keystroke: the journal with 10,000 reflections; one keystroke
  in its search box until the list is shown again. journal_search (every reflection
  matches) and journal_search_one (one does) time the search a pause in typing runs.
- profile_list: the list of 1,000 profiles, shown.
- import_export: importing 100,000 events ÷ exporting them (from `benchmarks.figures`).
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks import datasets, seed
from benchmarks.figures import Bench, Measurement, median_of, qt_app, timed


def _data(bench: Bench, name: str) -> datasets.Dataset:
    return datasets.build(name, bench.scratch / "datasets")


def _events_dataset(bench: Bench) -> datasets.Dataset:
    return _data(bench, "events")


# --------------------------------------------------------------------------- CPD work


def _cpd_operations(services: Any, profile_id: str) -> dict[str, Callable[[], Any]]:
    cpd = services.cpd
    year = cpd.current_year()

    def export(fmt: str) -> Callable[[], Any]:
        def run() -> Any:
            plan = cpd.plan_export(profile_id, fmt, year)
            return cpd.render_export(profile_id, plan, registration_number="SW123456")

        return run

    def draft() -> Any:
        # As after any study: nothing the log read last time is still current (the log
        # keeps first-activity times only until the next write), so each repeat lists
        # from cold and the draft reuses what the listing read, as "Create from my
        # learning…" does.
        cpd.__dict__.pop("_log", None)
        modules = [m.module_id for m in cpd.completed_modules(profile_id)]
        return cpd.draft_from_modules(profile_id, modules, include_reflections=True)

    certificates = cpd.certificates(profile_id)
    code = certificates[0].code if certificates else "PRISM-0000-0000-0000"
    return {
        **{f"export_{fmt}": export(fmt) for fmt in ("text", "csv", "json", "xapi", "pdf")},
        "draft_from_learning": draft,
        "certificates": lambda: cpd.certificates(profile_id),
        "verify": lambda: cpd.verify(code),
    }


def bench_cpd_history(bench: Bench) -> Measurement:
    """Each operation on "small" and on "events", alternating (small, big, small, big…)
    so that load from elsewhere on the machine falls on both alike; many repeats, as
    some operations take about a millisecond."""
    small, big = _data(bench, "small"), _events_dataset(bench)
    repeats = max(15, 3 * bench.repeats)
    few_services = seed.open_services(small.folder)
    many_services = seed.open_services(big.folder)
    try:
        few_ops = _cpd_operations(few_services, small.learner.profile_id)
        many_ops = _cpd_operations(many_services, big.learner.profile_id)
        few: dict[str, list[float]] = {name: [] for name in few_ops}
        many: dict[str, list[float]] = {name: [] for name in few_ops}
        for name in few_ops:
            few_ops[name]()  # warm: imports, caches, pages
            many_ops[name]()
            for _ in range(repeats):
                few[name].append(timed(few_ops[name])[0])
                many[name].append(timed(many_ops[name])[0])
    finally:
        few_services.close()
        many_services.close()
    ratios = {name: statistics.median(many[name]) / statistics.median(few[name]) for name in few}
    worst = max(ratios, key=ratios.__getitem__)
    return Measurement(
        statistics.median(many[worst]),
        many[worst],
        {
            "ratio": ratios[worst],
            "worst": worst,
            "ratios": ratios,
            "repeats": repeats,
            "small_median_seconds": {n: statistics.median(s) for n, s in few.items()},
            "big_median_seconds": {n: statistics.median(s) for n, s in many.items()},
        },
    )


def bench_verify_shared(bench: Bench) -> Measurement:
    """``verify`` of the last profile's certificate on the shared laptop (30 profiles)."""
    shared = _data(bench, "shared")
    services = seed.open_services(shared.folder)
    try:
        last = shared.profile_ids[-1]
        certificates = services.cpd.certificates(last)
        code = certificates[0].code if certificates else "PRISM-0000-0000-0000"
        samples = [timed(lambda: services.cpd.verify(code))[0] for _ in range(bench.repeats)]
        return median_of(samples, {"profiles": len(shared.profile_ids)})
    finally:
        services.close()


# --------------------------------------------------------------------------- launches


def _launch_pairs(
    bench: Bench, small: Path, big: Path, profile: str, *, due_backup: bool = False
) -> tuple[list[float], list[float], list[int], list[int]]:
    """Alternating app launches on copies of SMALL and BIG; with DUE_BACKUP the big one
    is SMALL itself with its backups removed (the first launch of the day)."""
    from benchmarks import launch

    launch.compile_bytecode()
    series = launch.LaunchSeries("growth")
    times: tuple[list[float], list[float]] = ([], [])
    peaks: tuple[list[int], list[int]] = ([], [])
    scratch = bench.folder("growth-launch")
    cache = {"PRISM_CACHE_DIR": str(scratch / "cache")}
    for index in range(bench.repeats + 1):
        for side, source in enumerate((small, big)):
            data = scratch / f"data-{side}"
            datasets.copy_of(datasets.Dataset(source, None, ()), data)  # type: ignore[arg-type]
            if due_backup and side == 1:
                shutil.rmtree(data / "backups", ignore_errors=True)
            run = launch._launch_with_one_retry(
                launch.probe_command("app", data, profile), series, cache
            )
            if index:  # the first round fills the course cache
                times[side].append(run.seconds)
                # By then this process holds the datasets' work: wait4's peak would
                # include it (Linux keeps the high-water mark across exec).
                peaks[side].append(run.own_peak_bytes or run.peak_bytes)
            shutil.rmtree(data, ignore_errors=True)
    return times[0], times[1], peaks[0], peaks[1]


def _paired(big: list[float], small: list[float]) -> float:
    return statistics.median(b / s for b, s in zip(big, small, strict=True))


def _launch_figure(bench: Bench, big_name: str, *, due_backup: bool = False) -> Measurement:
    small = _data(bench, "small")
    big = small if due_backup else _data(bench, big_name)
    few, many, few_peak, many_peak = _launch_pairs(
        bench, small.folder, big.folder, small.learner.name, due_backup=due_backup
    )
    return Measurement(
        statistics.median(many),
        many,
        {
            "ratio": _paired(many, few),
            "small_median_seconds": statistics.median(few),
            "peak_ratio": _paired([float(p) for p in many_peak], [float(p) for p in few_peak]),
            "peak_bytes": statistics.median(many_peak),
            "small_peak_bytes": statistics.median(few_peak),
        },
    )


def bench_launch_history(bench: Bench) -> Measurement:
    return _launch_figure(bench, "events")


def bench_launch_records(bench: Bench) -> Measurement:
    return _launch_figure(bench, "heavy")


_BACKUP_DUE: dict[int, Measurement] = {}


def bench_launch_backup_due(bench: Bench) -> Measurement:
    if id(bench) not in _BACKUP_DUE:
        _BACKUP_DUE[id(bench)] = _launch_figure(bench, "small", due_backup=True)
    return _BACKUP_DUE[id(bench)]


def bench_launch_backup_due_memory(bench: Bench) -> Measurement:
    """The same launches as `bench_launch_backup_due`, judged on peak memory."""
    times = bench_launch_backup_due(bench)
    return Measurement(
        times.notes["peak_bytes"],
        times.samples,
        {**times.notes, "ratio": times.notes["peak_ratio"]},
    )


# --------------------------------------------------------------------------- pages


class _Window:
    """A main window on a copy of a dataset, opened on the learner's home."""

    def __init__(self, bench: Bench, name: str) -> None:
        self.app = qt_app()
        from desktop.ui.shell.main_window import MainWindow

        dataset = _data(bench, name)
        self.dataset = dataset
        self.services = seed.open_services(dataset.folder)
        self.window = MainWindow(self.services)
        self.window.show()
        self.window.open_profile(dataset.learner.profile_id, privacy_note=False)
        self.app.processEvents()

    def time(self, action: Callable[[], Any], repeats: int) -> list[float]:
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            action()
            self.app.processEvents()
            samples.append(time.perf_counter() - started)
        return samples

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()
        self.services.close()


def _page_figure(bench: Bench, dataset: str, target: str, notes: dict[str, Any]) -> Measurement:
    window = _Window(bench, dataset)
    try:

        def there_and_back() -> None:
            window.window.go("about")
            window.app.processEvents()

        samples = []
        first = None
        for _ in range(bench.repeats):
            there_and_back()
            started = time.perf_counter()
            window.window.go(target)
            window.app.processEvents()
            elapsed = time.perf_counter() - started
            first = elapsed if first is None else first
            samples.append(elapsed)
        return median_of(samples, {**notes, "first_seconds": first})
    finally:
        window.close()


def bench_cpd_page_records(bench: Bench) -> Measurement:
    return _page_figure(bench, "heavy", "cpd", {"records": datasets.HEAVY_CPD_RECORDS})


def bench_home_records(bench: Bench) -> Measurement:
    return _page_figure(bench, "heavy", "home", {"records": datasets.HEAVY_CPD_RECORDS})


def bench_journal_open(bench: Bench) -> Measurement:
    return _page_figure(bench, "heavy", "journal", {"reflections": datasets.HEAVY_REFLECTIONS})


_JOURNAL_TYPING: dict[int, tuple[list[float], list[float]]] = {}


def _journal_typing(bench: Bench) -> tuple[list[float], list[float]]:
    """Type "supervis" one letter at a time into the journal's search box (every one of
    the 10,000 reflections contains it, the worst case). Each keystroke is timed until
    the event loop is idle again (the search is debounced, so typing only restarts a
    timer); then the search it settles on is timed until the list is drawn."""
    if id(bench) in _JOURNAL_TYPING:
        return _JOURNAL_TYPING[id(bench)]
    with _journal_page(bench) as (window, page):
        keys: list[float] = []
        settled: list[float] = []
        for _ in range(max(1, bench.repeats // 3)):
            page.search.clear()
            window.app.processEvents()
            for letters in range(1, 9):
                text = "supervis"[:letters]
                keys += window.time(lambda t=text: page.search.setText(t), 1)
                settle = getattr(page, "search_settled", None)
                if callable(settle):
                    settled += window.time(settle, 1)
        _JOURNAL_TYPING[id(bench)] = (keys, settled)
        return keys, settled


@contextlib.contextmanager
def _journal_page(bench: Bench) -> Iterator[tuple[_Window, Any]]:
    """The heavy learner's journal, open in a window (closed afterwards)."""
    window = _Window(bench, "heavy")
    try:
        window.window.go("journal")
        window.app.processEvents()
        yield window, window.window.journal_page
    finally:
        window.close()


def bench_journal_keystroke(bench: Bench) -> Measurement:
    keys, settled = _journal_typing(bench)
    notes = {"reflections": datasets.HEAVY_REFLECTIONS}
    if settled:
        notes["settled_search_median_seconds"] = statistics.median(settled)
    return median_of(keys, notes)


def bench_journal_search(bench: Bench) -> Measurement:
    """The search a pause in typing runs, until the list is drawn (every entry matches)."""
    _keys, settled = _journal_typing(bench)
    return median_of(settled, {"reflections": datasets.HEAVY_REFLECTIONS})


def bench_journal_search_one(bench: Bench) -> Measurement:
    """The settled search for words that only one of the 10,000 reflections has
    ("reflection 4321"), until the list is drawn: what the full-text index answers
    for an unprotected learner without looking at every reflection's text."""
    with _journal_page(bench) as (window, page):
        settled: list[float] = []
        for _ in range(max(3, bench.repeats)):
            page.search.clear()
            window.app.processEvents()
            page.search.setText("reflection 4321")
            settled += window.time(page.search_settled, 1)
        return median_of(settled, {"reflections": datasets.HEAVY_REFLECTIONS})


def bench_profile_list(bench: Bench) -> Measurement:
    window = _Window(bench, "many")
    try:

        def show() -> None:
            window.window.show_profiles()

        def back() -> None:
            window.window.open_profile(window.dataset.learner.profile_id, privacy_note=False)
            window.app.processEvents()

        samples = []
        for _ in range(bench.repeats):
            back()
            samples += window.time(show, 1)
        return median_of(samples, {"profiles": datasets.MANY_PROFILES})
    finally:
        window.close()


def bench_import_export(bench: Bench) -> Measurement:
    from benchmarks.figures import _archive_figures

    exports, imports, notes = _archive_figures(bench)
    ratios = [imported / exported for exported, imported in zip(exports, imports, strict=True)]
    ratio = statistics.median(ratios)
    return Measurement(
        statistics.median(imports),
        imports,
        {**notes, "ratio": ratio, "paired_ratios": ratios},
    )
