"""The HTML for the PDF CPD portfolio, which the UI prints with QTextDocument and QPdfWriter.

Only Qt's rich-text subset is used: table borders are set on the table
element, fonts are never sized in px or pt (so the user's font scaling
holds), nothing is loaded from outside, and each record starts a page with
`page-break-before`, which Qt honours when printing. All user text is
escaped, so a title cannot inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape

from desktop.cpd.formatting import format_date_short, format_date_uk, format_minutes
from desktop.cpd.learning import CompletedModule, QuizResult, format_score
from desktop.cpd.presentation import (
    NOT_FILLED_IN,
    records_count,
    select_records,
    shown_fields,
    year_heading,
)
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import RegistrationYear, uk_date

PAGE_BREAK = '<div style="page-break-before: always">'
TABLE = (
    '<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-color: #6e7781">'
)
HEAD_CELL = 'th bgcolor="#eef1f4" align="left"'
SUMMARY_HEADINGS = (
    "Date",
    "Title",
    "Type of CPD",
    "Time",
    "Peer reflection",
    "Professional standards",
)
# Column shares of the page width, so a long title wraps between words, not inside them,
# and a date ("14 Jan 2026", kept on one line) fits its column.
SUMMARY_WIDTHS = (16, 24, 15, 12, 14, 19)
ACCENT = "#0b4fb3"  # the app's information blue, 4.5:1 on white: headings and the verdict
MET_COLOUR = "#0d652d"  # the app's success green
NOT_MET_COLOUR = "#7a4a00"  # the app's warning brown


def portfolio_html(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
    *,
    completions: Sequence[CompletedModule] | None = None,
    quiz_results: Sequence[QuizResult] = (),
    include_failed_attempts: bool = False,
) -> str:
    """The whole portfolio: a cover with the year at a glance and the summary table, then
    the records one after another, then (with ``completions``) Prism's learning log.

    The cover says who, which registration number and year, and whether the year's
    requirements are met, so an assessor has the answer on page one. Records flow on
    from page two without a page each, so no page is left nearly empty. Linked evidence
    appears once, inside its record. With `completions` (even an empty list) a last
    appendix lists the modules completed and the quiz results; pass them already
    limited to `year`. Attempts that did not pass are left out of it unless
    ``include_failed_attempts``: a learner's practice runs are theirs to share or not.
    """
    chosen = select_records(records, year)
    title = f"CPD portfolio: {profile_name.strip()}"
    parts = [
        "<html>",
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(title)}</title>",
        "</head>",
        "<body>",
        *_cover(profile_name, registration_number, year, made_on, chosen),
        *_summary(chosen),
        *_records(chosen),
    ]
    if completions is not None:
        parts += _learning_appendix(completions, quiz_results, include_failed_attempts)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _paragraphs(text: str) -> list[str]:
    """Escaped text as paragraphs: a blank line starts a new one, a single line break stays."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.strip()) if c.strip()]
    return [f"<p>{'<br>'.join(_e(line) for line in chunk.splitlines())}</p>" for chunk in chunks]


def _one_line(text: str) -> str:
    """Escaped text whose spaces never break (a date in a table column)."""
    return "&nbsp;".join(_e(part) for part in text.split(" "))


def _cover(
    profile_name: str,
    registration_number: str | None,
    year: RegistrationYear | None,
    made_on: date | datetime,
    chosen: tuple[CpdRecord, ...],
) -> list[str]:
    total = sum(max(0, r.minutes) for r in chosen)
    number = (registration_number or "").strip()
    details = [
        ("Name", profile_name.strip()),
        ("Social Work England registration number", number or "Not given"),
        ("Covers", year_heading(year)),
        ("Records", f"{records_count(chosen)}, {format_minutes(total)} in total"),
        ("Made on", format_date_uk(uk_date(made_on))),
    ]
    lines = [
        f'<h1 style="color: {ACCENT}">CPD portfolio</h1>',
        '<table border="0" cellspacing="0" cellpadding="3">',
    ]
    lines += [
        f'<tr><td><b>{_e(label)}</b></td><td width="12"></td><td>{_e(value)}</td></tr>'
        for label, value in details
    ]
    lines.append("</table>")
    if year is not None:
        lines += _verdict(chosen, year, made_on)
    lines.append("<p><i>Made with Prism, from CPD records kept by the person named above.</i></p>")
    return lines


def _verdict(
    chosen: tuple[CpdRecord, ...], year: RegistrationYear, made_on: date | datetime
) -> list[str]:
    """Whether the year's requirements are met, in words and colour, with what is missing."""
    from desktop.cpd.requirements import check_year

    check = check_year(chosen, year, made_on)
    if check.met:
        colour, verdict = MET_COLOUR, f"The requirements for {year.label} are met."
    else:
        colour, verdict = NOT_MET_COLOUR, f"The requirements for {year.label} are not met yet."
    lines = [
        f'<table width="100%" cellspacing="0" cellpadding="8" border="1" '
        f'style="border-color: {colour}"><tr><td>',
        f'<p style="color: {colour}"><b>{_e(verdict)}</b></p>',
        f"<p>Social Work England asks for {check.rules.min_records} different pieces of CPD "
        f"a year, at least {check.rules.min_peer_records} with a peer reflection. So far: "
        f"{_count(check.distinct_count, 'ready piece')}, {check.peer_count} with a peer "
        "reflection.</p>",
    ]
    lines += [f"<p>{_e(shortfall)}</p>" for shortfall in check.shortfalls]
    lines.append("</td></tr></table>")
    return lines


def _summary(chosen: tuple[CpdRecord, ...]) -> list[str]:
    headings = "".join(
        f'<{HEAD_CELL} width="{width}%">{_e(h)}</th>'
        for h, width in zip(SUMMARY_HEADINGS, SUMMARY_WIDTHS, strict=True)
    )
    lines = [
        f'<h2 style="color: {ACCENT}">Summary</h2>',
        TABLE,
        f"<thead><tr>{headings}</tr></thead>",
    ]
    for record in chosen:
        cells = (
            _one_line(format_date_short(record.start_date)),
            _e(record.title.strip() or "Untitled"),
            _e(record.cpd_type),
            _e(record.hours_display),
            "Yes" if record.has_peer_reflection else "No",
            _e(", ".join(record.standards)),
        )
        lines.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    if not chosen:
        lines.append(f'<tr><td colspan="{len(SUMMARY_HEADINGS)}">No records.</td></tr>')
    total = format_minutes(sum(max(0, r.minutes) for r in chosen))
    lines += [
        f'<tr><td colspan="3"><b>Total</b></td><td colspan="2"><b>{_e(total)}</b></td>'
        "<td></td></tr>",
        "</table>",
    ]
    return lines


def _records(chosen: tuple[CpdRecord, ...]) -> list[str]:
    """The records, from a new page, one after another with a rule between them."""
    if not chosen:
        return []
    # Qt misplaces the first line of a page-break block that directly follows a table
    # (it lands, unseen, below the previous page), so a paragraph comes between.
    lines = ["<p>The records follow, oldest first.</p>", PAGE_BREAK]
    for number, record in enumerate(chosen, start=1):
        if number > 1:
            lines.append("<hr>")
        lines += _record(record, number, len(chosen))
    lines.append("</div>")
    return lines


def _record(record: CpdRecord, number: int, total: int) -> list[str]:
    title = record.title.strip() or "Untitled"
    lines = [f'<h2 style="color: {ACCENT}">Record {number} of {total}: {_e(title)}</h2>']
    if not record.is_ready:
        lines.append(
            f'<p style="color: {NOT_MET_COLOUR}"><b>Draft:</b> not yet finished, so it does '
            "not count towards the year.</p>"
        )
    group = ""
    for spec, text in shown_fields(record):
        if spec.label == "Title":
            continue  # the heading says it
        if spec.group and spec.group != group:
            lines.append(f"<h3>{_e(spec.group)}</h3>")
        group = spec.group
        heading = "h4" if spec.group else "h3"
        lines.append(f"<{heading}>{_e(spec.label)}</{heading}>")
        lines += _paragraphs(text) if text.strip() else [f"<p><i>{_e(NOT_FILLED_IN)}</i></p>"]
    return lines


COMPLETION_HEADINGS = ("Completed on", "Module", "Study time", "Best quiz score")
QUIZ_HEADINGS = ("Date", "Module", "Score", "Result")


def _learning_appendix(
    completions: Sequence[CompletedModule],
    quiz_results: Sequence[QuizResult],
    include_failed_attempts: bool,
) -> list[str]:
    shown = [r for r in quiz_results if include_failed_attempts or r.passed]
    left_out = len(quiz_results) - len(shown)
    quiz_results = shown
    # It follows on from the last record, not from a new page: no page left nearly empty.
    lines = [
        "<hr>",
        f'<h2 style="color: {ACCENT}">Appendix: modules completed and quiz results</h2>',
        "<p>From Prism's own log of study on this computer. Study time is the active time "
        "Prism tracked; it is blank where none was tracked.</p>",
        "<h3>Modules completed</h3>",
    ]
    if completions:
        lines += [TABLE, _heading_row(COMPLETION_HEADINGS)]
        for done in completions:
            cells = (
                format_date_short(done.completed_on),
                done.title,
                format_minutes(done.minutes) if done.minutes > 0 else "",
                format_score(done.quiz_score) if done.quiz_score is not None else "No quiz",
            )
            lines.append(_row(cells))
        lines.append("</table>")
    else:
        lines.append("<p>No modules completed in this period.</p>")
    lines.append("<h3>Quiz results</h3>")
    if quiz_results:
        lines += [TABLE, _heading_row(QUIZ_HEADINGS)]
        for result in quiz_results:
            cells = (
                format_date_short(result.finished_on),
                result.module_title,
                format_score(result.score_percent),
                "Passed" if result.passed else "Not passed",
            )
            lines.append(_row(cells))
        lines.append("</table>")
    else:
        lines.append("<p>No quizzes passed in this period.</p>")
    if left_out:
        lines.append(
            f"<p><i>{_e(_count(left_out, 'attempt'))} that did not pass "
            f"{'is' if left_out == 1 else 'are'} left out.</i></p>"
        )
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _heading_row(headings: Sequence[str]) -> str:
    cells = "".join(f"<{HEAD_CELL}>{_e(h)}</th>" for h in headings)
    return f"<thead><tr>{cells}</tr></thead>"


def _row(cells: Sequence[str]) -> str:
    return "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"
