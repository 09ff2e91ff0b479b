"""The in-process figures: one small function each, so a figure can be finished on its own.

Each ``bench_*`` function takes the run's `Bench` (a scratch folder and the repeat count)
and returns a `Measurement` in seconds, or raises `NotBuilt` when the code it measures
does not exist yet (a placeholder service, a missing module). `NotBuilt` is reported as
"not built yet", never as a pass. Any other exception is reported as an error with its
message, so one broken figure never hides the others.

What each figure times, exactly:
- module_open: ``MainWindow.go("module:<id>")`` until the reader's text browser has
  painted, for every module, each on a fresh window and services (so nothing is served
  from ReadingService's per-run memory), with a cache folder as the app has one: the
  first repeat renders each page and saves it, as the first launch after an install or
  update does, and later repeats read the saved page, as every later launch does.
  Figure: the slowest module's median; the first repeat's times are in the details.
- quiz_answer: ``QuizService.answer`` (grade, then one durable transaction). Median of all.
- search: ``services.search.search(query)`` for several queries, after one warm-up call.
  Figure: the slowest query's median.
- dashboard: ``DashboardService.summary(profile_id)`` with 1,000,000 events in the log.
- pdf_portfolio: ``desktop.ui.pdf.portfolio_pdf`` for a plan of 100 CPD records.
- profile_export / profile_import: ``ArchiveService.export_profile`` of a learner with
  100,000 events to a .prism file, and ``import_archive`` of that file into a fresh data
  folder (another laptop).
"""

from __future__ import annotations

import dataclasses
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks import seed

SEARCH_QUERIES = ("boundaries", "identity prism", "disinhibition", "consent", "social media")
DASHBOARD_EVENTS = 1_000_000
ARCHIVE_EVENTS = 100_000
PDF_RECORDS = 100
PAINT_TIMEOUT_S = 5.0


class NotBuilt(Exception):
    """The code this figure measures is not there yet; the message says what is missing."""


@dataclass
class Measurement:
    """A figure in seconds (the median the target is judged on) and how it was reached."""

    seconds: float
    samples: list[float] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Bench:
    """What every figure gets: a scratch folder of its own and how many repeats to run."""

    scratch: Path
    repeats: int

    def folder(self, name: str) -> Path:
        path = self.scratch / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def median_of(samples: list[float], notes: dict[str, Any] | None = None) -> Measurement:
    notes = dict(notes or {})
    notes["p95_seconds"] = _percentile(samples, 95)
    notes["max_seconds"] = max(samples)
    return Measurement(statistics.median(samples), samples, notes)


def _percentile(samples: list[float], pct: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _not_built_on(error: Exception, what: str) -> NotBuilt:
    return NotBuilt(f"{what}: {type(error).__name__}: {error}")


# --------------------------------------------------------------------------- Qt helpers


def qt_app():
    """The process's QApplication (offscreen), created on first use."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(["prism-benchmarks"])
        qInstallMessageHandler(_quiet_offscreen_noise)
    return app


def _quiet_offscreen_noise(mode: Any, context: Any, message: str) -> None:
    """Drop the offscreen plugin's "does not support" lines; keep every other message."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


class _PaintCounter:
    """Counts paints of any text browser's viewport (the reader's text, when it shows)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QTextBrowser

        counter = self

        class Filter(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.Paint and isinstance(watched.parent(), QTextBrowser):
                    counter.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        qt_app().installEventFilter(self._filter)

    def close(self) -> None:
        qt_app().removeEventFilter(self._filter)

    def wait_for_paint_after(self, before: int) -> None:
        app = qt_app()
        deadline = time.perf_counter() + PAINT_TIMEOUT_S
        while self.count <= before:
            app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError("the module text was never painted")


# --------------------------------------------------------------------------- figures


def bench_module_open(bench: Bench) -> Measurement:
    """Open every module (render and show) on a fresh window; the slowest module's median."""
    app = qt_app()
    from desktop.ui.shell.main_window import MainWindow

    data = bench.folder("module-open")
    cache = bench.folder("module-open-cache")
    learner = seed.prepare_data_folder(data)
    per_module: dict[str, list[float]] = {m: [] for m in learner.module_ids}
    first_in_process: float | None = None
    paints = _PaintCounter()
    try:
        for _ in range(bench.repeats):
            services = seed.open_services(data, cache)
            window = MainWindow(services)
            try:
                window.show()
                window.open_profile(learner.profile_id)
                app.processEvents()
                for module_id in learner.module_ids:
                    before = paints.count
                    started = time.perf_counter()
                    window.go(f"module:{module_id}")
                    paints.wait_for_paint_after(before)
                    elapsed = time.perf_counter() - started
                    per_module[module_id].append(elapsed)
                    if first_in_process is None:
                        first_in_process = elapsed
                    window.go("home")
                    app.processEvents()
            finally:
                window.close()
                window.deleteLater()
                app.processEvents()
                services.close()
    finally:
        paints.close()
    medians = {m: statistics.median(s) for m, s in per_module.items() if s}
    slowest = max(medians, key=medians.__getitem__)
    return Measurement(
        medians[slowest],
        per_module[slowest],
        {
            "slowest_module": slowest,
            "median_seconds_by_module": medians,
            "first_open_in_process_seconds": first_in_process,
            "first_repeat_seconds_by_module": {m: s[0] for m, s in per_module.items() if s},
        },
    )


def bench_quiz_answer(bench: Bench) -> Measurement:
    """Grade and durably save one answer (one transaction, synchronous=FULL)."""
    data = bench.folder("quiz-answer")
    services = seed.open_services(data)
    try:
        learner = seed.learner_part_way(services)
        samples: list[float] = []
        rounds = max(1, bench.repeats // 2)
        for _ in range(rounds):
            for module in services.course.modules:
                if module.quiz is None:
                    continue
                session = services.quizzes.start_new(learner.profile_id, module.id)
                for question in session.questions:
                    elapsed, _ = timed(
                        lambda s=session, q=question: services.quizzes.answer(s, q.id, [0])
                    )
                    samples.append(elapsed)
        return median_of(samples, {"answers": len(samples)})
    finally:
        services.close()


def bench_search(bench: Bench) -> Measurement:
    """``services.search.search(query)`` on the shipped course; the slowest query's median."""
    data = bench.folder("search")
    services = seed.open_services(data)
    try:
        seed.learner_part_way(services)
        search = getattr(services.search, "search", None)
        if search is None:
            raise NotBuilt("SearchService.search does not exist yet")
        try:
            first, _ = timed(lambda: search(SEARCH_QUERIES[0]))
        except (AttributeError, NotImplementedError) as error:
            raise _not_built_on(error, "SearchService.search") from error
        per_query = {}
        for query in SEARCH_QUERIES:
            per_query[query] = [timed(lambda q=query: search(q))[0] for _ in range(bench.repeats)]
        medians = {q: statistics.median(s) for q, s in per_query.items()}
        slowest = max(medians, key=medians.__getitem__)
        return Measurement(
            medians[slowest],
            per_query[slowest],
            {
                "slowest_query": slowest,
                "median_seconds_by_query": medians,
                "first_call_seconds": first,
            },
        )
    finally:
        services.close()


def _dashboard_service(services: Any) -> Any:
    on_services = getattr(services, "dashboard", None)
    if on_services is not None:
        return on_services
    try:
        from desktop.services import dashboard
    except ImportError as error:
        raise _not_built_on(error, "desktop.services.dashboard") from error
    if hasattr(dashboard, "create"):
        from desktop.services.context import ServiceContext

        ctx = ServiceContext(
            course=services.course, db=services.db, data_dir=services.data_dir,
            assets=services.assets,
        )  # fmt: skip
        return dashboard.create(ctx)
    return dashboard.DashboardService(
        services.reading, services.study_time, services.refresh, services.cpd
    )


def bench_dashboard(bench: Bench) -> Measurement:
    """``DashboardService.summary`` for a learner with 1,000,000 events and two years of study."""
    from desktop.store.progress import ProgressRepo

    data = bench.folder("dashboard")
    services = seed.open_services(data)
    try:
        learner = seed.learner_part_way(services)
        dashboard = _dashboard_service(services)
        summary = getattr(dashboard, "summary", None)
        if summary is None:
            raise NotBuilt("DashboardService.summary does not exist yet")
        try:
            summary(learner.profile_id)  # fails fast while a service it needs is a placeholder
        except (AttributeError, NotImplementedError) as error:
            raise _not_built_on(error, "the dashboard's services") from error
    finally:
        services.close()
    seeding, _ = timed(lambda: seed.add_events(seed.database_file(data), learner, DASHBOARD_EVENTS))
    services = seed.open_services(data)
    try:
        progress = ProgressRepo(services.db)
        today = date.today()
        with services.db.atomic():
            for days_ago in range(730):
                day = (today - timedelta(days=days_ago)).isoformat()
                module_id = learner.module_ids[days_ago % len(learner.module_ids)]
                progress.add_study_time(learner.profile_id, module_id, "intro", 300, day=day)
        dashboard = _dashboard_service(services)
        cold, _ = timed(lambda: dashboard.summary(learner.profile_id))
        samples = [timed(lambda: dashboard.summary(learner.profile_id))[0] for _ in range(9)]
        return median_of(
            samples,
            {"events": DASHBOARD_EVENTS, "first_call_seconds": cold, "seeding_seconds": seeding},
        )
    finally:
        services.close()


_WORDS = (
    "I read the module on professional boundaries online and discussed with my supervisor "
    "how I would answer a friend request from a person I support. I learnt to separate my "
    "personal and professional accounts, to check privacy settings every quarter, and to "
    "record any contact that happens outside agreed channels. "
)


def _filled_record(blank: Any, index: int, module_ids: tuple[str, ...]) -> Any:
    """A ready-looking CPD record with realistic amounts of text."""
    changes: dict[str, Any] = {
        "title": f"Digital professionalism: activity {index + 1}",
        "description": _WORDS * 2,
        "learning": _WORDS * 3,
        "impact": _WORDS * 2,
        "minutes": 45 + index % 90,
        "start_date": date.today() - timedelta(days=index * 3),
    }
    fields = {f.name for f in dataclasses.fields(blank)}
    if "standards" in fields:
        changes["standards"] = ("3.1", "3.2")
    return dataclasses.replace(blank, **{k: v for k, v in changes.items() if k in fields})


def bench_pdf_portfolio(bench: Bench) -> Measurement:
    """``portfolio_pdf`` for an export plan of 100 CPD records (QTextDocument + QPdfWriter)."""
    qt_app()
    try:
        from desktop.ui.pdf import portfolio_pdf
    except ImportError as error:
        raise _not_built_on(error, "desktop.ui.pdf.portfolio_pdf") from error
    data = bench.folder("pdf")
    services = seed.open_services(data)
    try:
        learner = seed.learner_part_way(services)
        cpd = services.cpd
        for name in ("new_blank", "save", "plan_export"):
            if not hasattr(cpd, name):
                raise NotBuilt(f"CpdService.{name} does not exist yet")
        with services.db.atomic():
            for index in range(PDF_RECORDS):
                blank = cpd.new_blank(learner.profile_id)
                cpd.save(_filled_record(blank, index, learner.module_ids))
        plan = cpd.plan_export(learner.profile_id, "pdf", None)
        samples = []
        size = 0
        for _ in range(max(3, bench.repeats // 2)):
            elapsed, pdf = timed(lambda: portfolio_pdf(cpd, learner.profile_id, plan, "SW123456"))
            samples.append(elapsed)
            size = len(pdf)
            if not bytes(pdf).startswith(b"%PDF"):
                raise RuntimeError("portfolio_pdf did not return a PDF")
        return median_of(samples, {"records": len(plan.records), "pdf_bytes": size})
    finally:
        services.close()


# --------------------------------------------------------------------------- profile archives


def _archive_service(services: Any) -> Any:
    """``services.archive`` once start-up provides it, else one built from the context."""
    found = getattr(services, "archive", None)
    if found is not None:
        return found
    try:
        from desktop.services import archive
    except ImportError as error:
        raise _not_built_on(error, "desktop.services.archive") from error
    from desktop.services.context import ServiceContext

    ctx = ServiceContext(
        course=services.course, db=services.db, data_dir=services.data_dir,
        assets=services.assets,
    )  # fmt: skip
    service = archive.create(ctx)
    for name in ("export_profile", "import_archive"):
        if not hasattr(service, name):
            raise NotBuilt(f"ArchiveService.{name} does not exist yet")
    return service


def _archive_round_trip(bench: Bench) -> tuple[list[float], list[float], dict[str, Any]]:
    """Export a learner with 100,000 events to a .prism file, then import that file on
    a "new laptop" (a fresh data folder), where the profile is created from it.

    The round trip runs ``max(3, repeats)`` times, export and import alternating (each
    import into a fresh folder, each with freshly opened services), so that load on a
    shared machine falls on both sides of the ratio alike; the ratio is the median of
    each import over the export just before it (as launches are paired with the floor).
    """
    source = bench.folder("archive-source")
    services = seed.open_services(source)
    try:
        learner = seed.learner_part_way(services)
        _archive_service(services)  # NotBuilt before any slow seeding
    finally:
        services.close()
    seed.add_events(seed.database_file(source), learner, ARCHIVE_EVENTS)
    archive = bench.folder("archive-file") / "profile.prism"
    exports: list[float] = []
    imports: list[float] = []
    export_cpu: list[float] = []
    import_cpu: list[float] = []
    events = 0
    report: Any = None
    for _ in range(max(3, bench.repeats)):
        services = seed.open_services(source)
        try:
            service = _archive_service(services)
            cpu = time.process_time()
            exported, _ = timed(
                lambda s=service: s.export_profile(learner.profile_id, archive, overwrite=True)
            )
            export_cpu.append(time.process_time() - cpu)
        finally:
            services.close()
        target = bench.folder("archive-target")
        services = seed.open_services(target)
        try:
            service = _archive_service(services)
            cpu = time.process_time()
            imported, report = timed(lambda s=service: s.import_archive(archive))
            import_cpu.append(time.process_time() - cpu)
            events = services.db.execute("SELECT count(*) FROM events").fetchone()[0]
        finally:
            services.close()
        if events < ARCHIVE_EVENTS:
            raise RuntimeError(f"the import brought in only {events} of {ARCHIVE_EVENTS} events")
        exports.append(exported)
        imports.append(imported)
    notes = {
        "events": ARCHIVE_EVENTS,
        "archive_bytes": archive.stat().st_size,
        "events_after_import": events,
        "report": getattr(report, "summary", lambda: str(report))(),
        "export_samples": exports,
        "import_samples": imports,
        # CPU time (this process): steadier than wall time on a busy machine.
        "export_cpu_samples": export_cpu,
        "import_cpu_samples": import_cpu,
        "cpu_ratio": statistics.median(i / e for e, i in zip(export_cpu, import_cpu, strict=True)),
    }
    return exports, imports, notes


_ARCHIVE_RESULT: dict[int, tuple[list[float], list[float], dict[str, Any]] | Exception] = {}


def _archive_figures(bench: Bench) -> tuple[list[float], list[float], dict[str, Any]]:
    """Export and import share one set of round trips (import needs what export wrote)."""
    key = id(bench)
    if key not in _ARCHIVE_RESULT:
        try:
            _ARCHIVE_RESULT[key] = _archive_round_trip(bench)
        except Exception as error:  # reported once per figure, measured once per run
            _ARCHIVE_RESULT[key] = error
    result = _ARCHIVE_RESULT[key]
    if isinstance(result, Exception):
        raise result
    return result


def bench_profile_export(bench: Bench) -> Measurement:
    exports, _, notes = _archive_figures(bench)
    return median_of(exports, notes)


def bench_profile_import(bench: Bench) -> Measurement:
    _, imports, notes = _archive_figures(bench)
    return median_of(imports, notes)
