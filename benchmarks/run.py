"""The one command: measure every figure in one run, print the table, write it as JSON.

    python -m benchmarks                 # everything (about two minutes on two cores)
    python -m benchmarks --repeats 3     # quicker, noisier
    python -m benchmarks --only launch,module_open

Exit status: 0 when every figure meets its target, 1 when any misses or fails to run,
2 when the rest pass but some figures are not built yet.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
MiB = 1024 * 1024


@dataclass(frozen=True)
class Figure:
    """One row: what is measured, and the target it must meet.

    ``kind`` "ratio": the figure divided by the floor's figure of the same sort (time or
    memory) must be at most ``limit``. ``kind`` "growth": the figure divided by the same
    figure on a small dataset in the same run (the measurement's ``notes["ratio"]``)
    must be at most ``limit``. ``kind`` "info": reported, not judged. ``kind`` "under":
    the figure in seconds must be under ``limit``.
    """

    key: str
    label: str
    kind: str
    limit: float
    unit: str = "s"  # "s" or "bytes"
    measure: str = ""  # name of the benchmarks.figures function; "" for launch figures


FIGURES = (
    Figure("launch_time", "Launch to home page painted, accepting input", "ratio", 2.0),
    Figure("launch_memory", "Launch: peak memory", "ratio", 1.8, "bytes"),
    Figure("module_open", "Open a module (render and show), slowest", "under", 0.050,
           measure="bench_module_open"),
    Figure("quiz_answer", "Persist a quiz answer", "under", 0.010, measure="bench_quiz_answer"),
    Figure("search", "Search, slowest query", "under", 0.020, measure="bench_search"),
    Figure("dashboard", "Dashboard, 1,000,000 events in the log", "under", 0.100,
           measure="bench_dashboard"),
    Figure("pdf_portfolio", "PDF portfolio of 100 records", "under", 1.5,
           measure="bench_pdf_portfolio"),
    Figure("profile_export", "Profile export, 100,000 events", "under", 5.0,
           measure="bench_profile_export"),
    Figure("profile_import", "Profile import, 100,000 events", "under", 5.0,
           measure="bench_profile_import"),
    # What grows with years of use (benchmarks/growth.py): "growth" rows are judged on
    # the ratio to the same figure on the small dataset, measured in the same run.
    Figure("import_export", "Profile import ÷ export, 100,000 events", "growth", 1.5,
           measure="growth.bench_import_export"),
    Figure("cpd_history", "CPD exports, drafting, certificates, verify: 1M events, worst",
           "growth", 1.5, measure="growth.bench_cpd_history"),
    Figure("launch_history", "Launch to home, 1,000,000 events", "growth", 1.15,
           measure="growth.bench_launch_history"),
    Figure("launch_records", "Launch to home, heavy learner (1M events, 10k records)",
           "growth", 1.15, measure="growth.bench_launch_records"),
    Figure("launch_backup_due", "First launch of the day (backup due)", "growth", 1.25,
           measure="growth.bench_launch_backup_due"),
    Figure("launch_backup_due_memory", "First launch of the day: peak memory", "growth", 1.5,
           "bytes", measure="growth.bench_launch_backup_due_memory"),
    Figure("cpd_page_records", "CPD page, 10,000 records", "under", 0.100,
           measure="growth.bench_cpd_page_records"),
    Figure("home_records", "Home page, 10,000 records", "under", 0.100,
           measure="growth.bench_home_records"),
    Figure("journal_open", "Journal, 10,000 reflections: open", "under", 0.100,
           measure="growth.bench_journal_open"),
    Figure("journal_keystroke", "Journal, 10,000 reflections: search keystroke", "under",
           0.030, measure="growth.bench_journal_keystroke"),
    Figure("journal_search", "Journal, 10,000 reflections: search after a pause, all match",
           "info", 0.0, measure="growth.bench_journal_search"),
    Figure("journal_search_one", "Journal, 10,000 reflections: search after a pause, one match",
           "info", 0.0, measure="growth.bench_journal_search_one"),
    Figure("profile_list", "Profile list, 1,000 profiles", "under", 0.050,
           measure="growth.bench_profile_list"),
    Figure("verify_shared", "Verify a certificate, shared laptop (30 profiles, 1M events)",
           "info", 0.0, measure="growth.bench_verify_shared"),
)  # fmt: skip


@dataclass
class Row:
    figure: str
    target: str
    measured: str
    ratio: str
    status: str  # "yes", "NO", "not built yet", "error", "floor", "info" (reported, not judged)
    data: dict[str, Any]


def format_value(value: float, unit: str) -> str:
    if unit == "bytes":
        return f"{value / MiB:.1f} MiB"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def format_target(figure: Figure) -> str:
    if figure.kind == "growth":
        return f"≤ {figure.limit:.2f}× small"
    if figure.kind == "info":
        return "— (not judged)"
    if figure.kind == "ratio":
        return f"≤ {figure.limit:.1f}× floor"
    return f"< {format_value(figure.limit, 's')}"


def judge(
    figure: Figure,
    value: float,
    floor_seconds: float,
    floor_bytes: float,
    ratio: float | None = None,
) -> Row:
    """One measured figure against its target; the ratio is always against the floor
    (for launches, the paired ratio from `benchmarks.launch.paired_ratio`)."""
    floor = floor_bytes if figure.unit == "bytes" else floor_seconds
    if ratio is None:
        ratio = value / floor if floor else float("nan")
    by_ratio = figure.kind in ("ratio", "growth")
    passed = ratio <= figure.limit if by_ratio else value < figure.limit
    share = ratio / figure.limit if by_ratio else value / figure.limit if figure.limit else 0.0
    return Row(
        figure.label,
        format_target(figure),
        format_value(value, figure.unit),
        f"{ratio:.2f}×",
        "info" if figure.kind == "info" else "yes" if passed else "NO",
        {
            "key": figure.key,
            "kind": figure.kind,
            "limit": figure.limit,
            "unit": figure.unit,
            "value": value,
            "ratio_to_floor": ratio,
            "share_of_target": share,
            "passed": passed,
        },
    )


def unmeasured(figure: Figure, status: str, detail: str) -> Row:
    return Row(
        figure.label,
        format_target(figure),
        "—",
        "—",
        status,
        {"key": figure.key, "kind": figure.kind, "limit": figure.limit, "detail": detail},
    )


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            info["memory_mib"] = int(meminfo.readline().split()[1]) // 1024
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            model = next((ln for ln in cpuinfo if ln.startswith("model name")), "")
            info["cpu"] = model.partition(":")[2].strip()
    except OSError:
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        info["pyside6"] = PySide6.__version__
        info["qt"] = qVersion()
    except ImportError:
        pass
    return info


def table(rows: list[Row]) -> str:
    """A plain-text table, columns aligned."""
    header = ("figure", "target", "measured", "ratio", "pass")
    cells = [header, *[(r.figure, r.target, r.measured, r.ratio, r.status) for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| figure | target | measured | ratio | pass |", "|---|---|---:|---:|---|"]
    lines += [f"| {r.figure} | {r.target} | {r.measured} | {r.ratio} | {r.status} |" for r in rows]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--repeats", type=int, default=7, help="repeats per figure (default 7)")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated figure keys: launch, " + ", ".join(f.key for f in FIGURES[2:]),
    )
    parser.add_argument(
        "--json", type=Path, default=RESULTS / "latest.json", help="where to write the results"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wanted = {k.strip() for k in args.only.split(",") if k.strip()}
    if "launch" in wanted:
        wanted |= {"launch_time", "launch_memory"}
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    load_before = _load_average()
    if load_before is not None and load_before > 0.5 * (os.cpu_count() or 1):
        print(
            f"Note: the machine is busy (load average {load_before:.1f}); figures will be "
            "noisier. Ratios are paired against the floor, which helps, but a quiet "
            "machine gives the table to publish.",
            file=sys.stderr,
        )
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="prism-bench-") as scratch:
        floor_rows, floor_seconds, floor_bytes, launch_data = _launch_rows(
            Path(scratch), args.repeats, wanted
        )
        rows += floor_rows
        rows += _figure_rows(Path(scratch), args.repeats, wanted, floor_seconds, floor_bytes)
    elapsed = time.perf_counter() - started
    print(table(rows))
    counts = {s: sum(r.status == s for r in rows) for s in ("yes", "NO", "not built yet", "error")}
    print(
        f"\n{counts['yes']} met, {counts['NO']} missed, {counts['not built yet']} not built yet, "
        f"{counts['error']} errors; one run of {elapsed:.0f} s on {os.cpu_count()} cores."
    )
    if launch_data.get("cpu_time_ratio"):
        print(
            f"Launch CPU time (user + system), app ÷ floor: {launch_data['cpu_time_ratio']:.2f}× "
            "(steadier than wall time when the machine is busy)"
        )
    if launch_data.get("app", {}).get("loaded_at_ready") is not None:
        loaded = ", ".join(launch_data["app"]["loaded_at_ready"]) or "none"
        print(f"Loaded when the home page could take input: {loaded}")
    for row in rows:
        if row.status in {"not built yet", "error"}:
            print(f"  {row.figure}: {row.data.get('detail', '')}".rstrip())
    launch_data["load_average"] = {"before": load_before, "after": _load_average()}
    _write(args.json, rows, launch_data, elapsed, argv)
    print(f"\nWritten: {args.json} and {args.json.with_suffix('.md')}")
    if counts["NO"] or counts["error"]:
        return 1
    return 2 if counts["not built yet"] else 0


def _load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _launch_rows(
    scratch: Path, repeats: int, wanted: set[str]
) -> tuple[list[Row], float, float, dict[str, Any]]:
    from benchmarks import launch, seed

    data = scratch / "launch-data"
    learner = seed.prepare_data_folder(data)
    floor, app = launch.measure_launches(data, learner.name, repeats)
    if wanted and not wanted & {"launch_time", "launch_memory"}:
        app_rows: list[Row] = []
    else:
        time_ratio = launch.paired_ratio(app, floor, "seconds")
        memory_ratio = launch.paired_ratio(app, floor, "peak_bytes")
        app_rows = [
            judge(FIGURES[0], app.seconds, floor.seconds, floor.peak_bytes, time_ratio),
            judge(FIGURES[1], app.peak_bytes, floor.seconds, floor.peak_bytes, memory_ratio),
        ]
    if app.cold is not None and app_rows:
        app_rows.append(
            Row("Launch, first after install or update (cache empty)", "— (not judged)",
                format_value(app.cold.seconds, "s"),
                f"{app.cold.seconds / floor.seconds:.2f}×", "info",
                {"key": "launch_time_cold", "value": app.cold.seconds})
        )  # fmt: skip
    floor_rows = [
        Row("Floor: bare QTextBrowser window, launch", "—", format_value(floor.seconds, "s"),
            "1.00×", "floor", {"key": "floor_time", "value": floor.seconds}),
        Row("Floor: peak memory", "—", format_value(floor.peak_bytes, "bytes"), "1.00×",
            "floor", {"key": "floor_memory", "value": floor.peak_bytes}),
    ]  # fmt: skip
    launches = {
        "floor": floor.as_dict(),
        "app": app.as_dict(),
        "repeats": repeats,
        "cpu_time_ratio": launch.paired_ratio(app, floor, "cpu_seconds"),
    }
    return floor_rows + app_rows, floor.seconds, floor.peak_bytes, launches


def _figure_rows(
    scratch: Path, repeats: int, wanted: set[str], floor_seconds: float, floor_bytes: float
) -> list[Row]:
    from benchmarks import figures, growth

    bench = figures.Bench(scratch / "figures", repeats)
    rows = []
    for figure in FIGURES[2:]:
        if wanted and figure.key not in wanted:
            continue
        module, _, name = figure.measure.rpartition(".")
        source = growth if module == "growth" else figures
        measure: Callable[[figures.Bench], figures.Measurement] = getattr(source, name)
        print(f"measuring: {figure.label} ...", file=sys.stderr, flush=True)
        try:
            result = measure(bench)
        except figures.NotBuilt as missing:
            rows.append(unmeasured(figure, "not built yet", str(missing)))
            continue
        except Exception as error:
            detail = f"{type(error).__name__}: {error}"
            rows.append(unmeasured(figure, "error", detail))
            rows[-1].data["traceback"] = traceback.format_exc()
            continue
        growth_ratio = result.notes.get("ratio") if figure.kind == "growth" else None
        row = judge(figure, result.seconds, floor_seconds, floor_bytes, growth_ratio)
        row.data["samples"] = result.samples
        row.data["notes"] = result.notes
        rows.append(row)
    return rows


def _write(
    path: Path, rows: list[Row], launches: dict[str, Any], elapsed: float, argv: list[str] | None
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]),
        "seconds_for_the_run": elapsed,
        "machine": machine(),
        "launches": launches,
        "rows": [
            {
                "figure": r.figure,
                "target": r.target,
                "measured": r.measured,
                "ratio": r.ratio,
                "pass": r.status,
                **r.data,
            }
            for r in rows
        ],
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    path.with_suffix(".md").write_text(markdown_table(rows) + "\n", encoding="utf-8")
