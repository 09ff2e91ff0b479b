"""Dump an application's accessibility tree as JSON, read through the real AT-SPI bus.

Run with the *system* python3 (pyatspi comes from Debian's python3-pyatspi, not PyPI):

    /usr/bin/python3 tests/atspi/walk.py --pid 1234

Prints one JSON object: the application node, each node with role, name, description,
states, heading level (from the "level" object attribute), text length, whether it
offers the hypertext interface (and its links), image description, screen extents and
children. This is what Orca sees.
"""

from __future__ import annotations

import argparse
import json
import sys

import pyatspi

MAX_NODES = 6000


def _attributes(node) -> dict[str, str]:
    try:
        pairs = node.getAttributes() or []
    except Exception:
        return {}
    result = {}
    for pair in pairs:
        key, _, value = pair.partition(":")
        result[key] = value
    return result


def describe(node, budget: list[int], depth: int = 0, in_document: bool = False) -> dict:
    budget[0] -= 1
    states = node.getState()
    entry: dict = {
        "role": node.getRoleName(),
        "name": node.name or "",
        "description": node.description or "",
        "states": sorted(pyatspi.stateToString(state) for state in states.getStates()),
    }
    attributes = _attributes(node)
    if "level" in attributes:
        entry["level"] = attributes["level"]
    try:
        text = node.queryText()
        entry["text_length"] = text.characterCount
        entry["text"] = text.getText(0, min(text.characterCount, 200))
    except NotImplementedError:
        pass
    try:
        hypertext = node.queryHypertext()
        entry["links"] = hypertext.getNLinks()
    except NotImplementedError:
        pass
    try:
        image = node.queryImage()
        entry["image_description"] = image.imageDescription or ""
    except NotImplementedError:
        pass
    try:
        component = node.queryComponent()
        extents = component.getExtents(pyatspi.DESKTOP_COORDS)
        entry["extents"] = [extents.x, extents.y, extents.width, extents.height]
    except NotImplementedError:
        pass
    children = []
    # Hidden pages and closed menus (not "visible") are not walked: Orca cannot reach
    # them either, and walking them would take most of the time.
    # Text scrolled out of view is neither showing nor visible, yet a reader reaches it.
    in_document = in_document or entry["role"] == "document frame"
    walkable = depth == 0 or in_document or "visible" in entry["states"]
    if depth < 60 and "defunct" not in entry["states"] and walkable:
        for index in range(node.childCount):
            if budget[0] <= 0:
                break
            child = node.getChildAtIndex(index)
            if child is not None:
                children.append(describe(child, budget, depth + 1, in_document))
    entry["children"] = children
    return entry


def listen(pid: int, seconds: float, kinds: list[str]) -> int:
    """Print each event of ``kinds`` from ``pid``: focus moves and announcements are
    what make Orca speak."""
    from gi.repository import GLib

    def on_event(event) -> None:
        source = event.source
        try:
            if source.get_process_id() != pid:
                return
            print(
                json.dumps(
                    {
                        "type": event.type,
                        "detail": event.detail1,
                        "role": source.getRoleName(),
                        "name": source.name or "",
                        "description": source.description or "",
                        "data": str(event.any_data) if event.any_data is not None else "",
                    }
                ),
                flush=True,
            )
        except Exception:
            return

    for kind in kinds:
        pyatspi.Registry.registerEventListener(on_event, kind)
    print("listening", flush=True)
    GLib.timeout_add(int(seconds * 1000), pyatspi.Registry.stop)
    pyatspi.Registry.start()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument(
        "--listen", type=float, help="print focus events as JSON lines for this many seconds"
    )
    parser.add_argument(
        "--event", action="append", help="with --listen: an AT-SPI event type to print"
    )
    args = parser.parse_args()
    if args.listen:
        return listen(args.pid, args.listen, args.event or ["object:state-changed:focused"])
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.get_process_id() == args.pid:
            json.dump(describe(app, [MAX_NODES]), sys.stdout)
            return 0
    print(f"no application with pid {args.pid} on the accessibility bus", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
