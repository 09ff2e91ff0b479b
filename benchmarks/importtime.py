"""The start-up import audit: `python -m benchmarks.importtime [--top N]`.

Launches the app exactly as the launch benchmark does (to the home page of a prepared
learner, offscreen), under ``python -X importtime``, and sums each module's *self* import
time by group: Qt, each third-party library, and each ``desktop`` sub-package. The
groups tell you what to defer; the top modules tell you where. Import times under
``-X importtime`` run about a third slower than normal, and vary by ±30% between runs,
so compare groups, not single milliseconds.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks import launch, seed

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def group_of(module: str) -> str:
    top = module.split(".")[0]
    if top in {"PySide6", "shiboken6", "shibokensupport"}:
        return "Qt (PySide6, shiboken6)"
    if top == "desktop":
        parts = module.split(".")
        return "desktop." + parts[1] if len(parts) > 1 else "desktop"
    if top == "benchmarks":
        return "benchmarks (the probe itself)"
    return top


def audit(stderr: str) -> tuple[dict[str, int], list[tuple[int, int, str]]]:
    """Self time per group (µs), and every module as (self µs, cumulative µs, name)."""
    groups: dict[str, int] = defaultdict(int)
    modules = []
    for match in LINE.finditer(stderr):
        own, cumulative, name = int(match[1]), int(match[2]), match[4]
        groups[group_of(name)] += own
        modules.append((own, cumulative, name))
    return dict(groups), modules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.importtime")
    parser.add_argument("--top", type=int, default=25, help="how many groups/modules to list")
    args = parser.parse_args(argv)
    launch.compile_bytecode()  # as the launch benchmark does: compiling is not importing
    with tempfile.TemporaryDirectory(prefix="prism-importtime-") as scratch:
        data = Path(scratch) / "data"
        learner = seed.prepare_data_folder(data)
        command = launch.probe_command("app", data, learner.name)
        command.insert(1, "-X")
        command.insert(2, "importtime")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        result = subprocess.run(
            command, cwd=launch.REPO, env=env, capture_output=True, text=True, timeout=120
        )
    if not result.stdout.startswith("READY"):
        print(result.stdout, result.stderr[-3000:], file=sys.stderr)
        return 1
    groups, modules = audit(result.stderr)
    total = sum(groups.values())
    print(f"Self import time by group, total {total / 1000:.0f} ms (under -X importtime):")
    for name, micros in sorted(groups.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {micros / 1000:7.1f} ms  {100 * micros / total:4.1f}%  {name}")
    print(f"\nSlowest modules by self time (top {args.top}):")
    for own, cumulative, name in sorted(modules, reverse=True)[: args.top]:
        print(f"  {own / 1000:7.1f} ms self  {cumulative / 1000:7.1f} ms with imports  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
