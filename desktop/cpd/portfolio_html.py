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

from desktop.cpd.formatting import format_date_uk, format_minutes
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
TABLE = '<table border="1" cellspacing="0" cellpadding="4" width="100%">'
SUMMARY_HEADINGS = (
    "Date",
    "Title",
    "Type of CPD",
    "Hours",
    "Peer reflection",
    "Professional standards",
)
# Column shares of the page width, so a long title wraps between words, not inside them.
SUMMARY_WIDTHS = (13, 26, 17, 10, 14, 20)


def portfolio_html(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
    *,
    completions: Sequence[CompletedModule] | None = None,
    quiz_results: Sequence[QuizResult] = (),
) -> str:
    """The whole portfolio: cover, summary table, one page per record, evidence appendix.

    With `completions` (even an empty list) a last appendix lists the modules
    completed and the quiz results from Prism's log; pass them already limited
    to `year`. Without it the portfolio is made from the records alone.
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
    ]
    for number, record in enumerate(chosen, start=1):
        parts += _record_page(record, number, len(chosen))
    parts += _appendix(chosen)
    if completions is not None:
        parts += _learning_appendix(completions, quiz_results)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _paragraphs(text: str) -> list[str]:
    """Escaped text as paragraphs: a blank line starts a new one, a single line break stays."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.strip()) if c.strip()]
    return [f"<p>{'<br>'.join(_e(line) for line in chunk.splitlines())}</p>" for chunk in chunks]


def _cover(
    profile_name: str,
    registration_number: str | None,
    year: RegistrationYear | None,
    made_on: date | datetime,
    chosen: tuple[CpdRecord, ...],
) -> list[str]:
    total = sum(max(0, r.minutes) for r in chosen)
    lines = [
        "<h1>CPD portfolio</h1>",
        f"<p><b>Name:</b> {_e(profile_name.strip())}</p>",
    ]
    number = (registration_number or "").strip()
    if number:
        lines.append(f"<p><b>Social Work England registration number:</b> {_e(number)}</p>")
    lines += [
        f"<p><b>Covers:</b> {_e(year_heading(year))}</p>",
        f"<p><b>Made on:</b> {_e(format_date_uk(uk_date(made_on)))}</p>",
        f"<p><b>Records:</b> {_e(records_count(chosen))}, {_e(format_minutes(total))} in total</p>",
        "<p>Made with Prism, from CPD records kept by the person named above.</p>",
    ]
    return lines


def _summary(chosen: tuple[CpdRecord, ...]) -> list[str]:
    headings = "".join(
        f'<th width="{width}%">{_e(h)}</th>'
        for h, width in zip(SUMMARY_HEADINGS, SUMMARY_WIDTHS, strict=True)
    )
    lines = [PAGE_BREAK, "<h2>Summary</h2>", TABLE, f"<thead><tr>{headings}</tr></thead>"]
    for record in chosen:
        cells = (
            format_date_uk(record.start_date),
            record.title.strip() or "Untitled",
            record.cpd_type,
            record.hours_display,
            "Yes" if record.has_peer_reflection else "No",
            ", ".join(record.standards),
        )
        lines.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    if not chosen:
        lines.append(f'<tr><td colspan="{len(SUMMARY_HEADINGS)}">No records.</td></tr>')
    total = format_minutes(sum(max(0, r.minutes) for r in chosen))
    lines += [
        f'<tr><td colspan="3"><b>Total</b></td><td><b>{_e(total)}</b></td>'
        '<td colspan="2"></td></tr>',
        "</table>",
        # Qt misplaces the first line of a page-break block that directly follows a
        # table (it lands, unseen, below the previous page), so a paragraph comes between.
        "<p>Each record follows on its own page, oldest first.</p>",
        "</div>",
    ]
    return lines


def _record_page(record: CpdRecord, number: int, total: int) -> list[str]:
    title = record.title.strip() or "Untitled"
    lines = [PAGE_BREAK, f"<h2>Record {number} of {total}: {_e(title)}</h2>"]
    if not record.is_ready:
        lines.append("<p><i>This record is still a draft.</i></p>")
    group = ""
    for spec, text in shown_fields(record):
        if spec.group and spec.group != group:
            lines.append(f"<h3>{_e(spec.group)}</h3>")
        group = spec.group
        heading = "h4" if spec.group else "h3"
        lines.append(f"<{heading}>{_e(spec.label)}</{heading}>")
        lines += _paragraphs(text) if text.strip() else [f"<p><i>{_e(NOT_FILLED_IN)}</i></p>"]
    lines.append("</div>")
    return lines


def _appendix(chosen: tuple[CpdRecord, ...]) -> list[str]:
    lines = [
        PAGE_BREAK,
        "<h2>Appendix: linked evidence</h2>",
        "<p>The modules, quizzes, scenarios and reflections in Prism behind each record.</p>",
    ]
    for number, record in enumerate(chosen, start=1):
        title = record.title.strip() or "Untitled"
        lines.append(f"<h3>Record {number}: {_e(title)}</h3>")
        if record.evidence:
            lines.append("<ul>")
            lines += [f"<li>{_e(link.display)}</li>" for link in record.evidence]
            lines.append("</ul>")
        else:
            lines.append("<p>No linked evidence.</p>")
    lines.append("</div>")
    return lines


COMPLETION_HEADINGS = ("Completed on", "Module", "Study time", "Best quiz score")
QUIZ_HEADINGS = ("Date", "Module", "Score", "Result")


def _learning_appendix(
    completions: Sequence[CompletedModule], quiz_results: Sequence[QuizResult]
) -> list[str]:
    lines = [
        PAGE_BREAK,
        "<h2>Appendix: modules completed and quiz results</h2>",
        "<p>From Prism's own log of study on this computer. Study time is the active time "
        "Prism tracked; it is blank where none was tracked.</p>",
        "<h3>Modules completed</h3>",
    ]
    if completions:
        lines += [TABLE, _heading_row(COMPLETION_HEADINGS)]
        for done in completions:
            cells = (
                format_date_uk(done.completed_on),
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
                format_date_uk(result.finished_on),
                result.module_title,
                format_score(result.score_percent),
                "Passed" if result.passed else "Not passed",
            )
            lines.append(_row(cells))
        lines.append("</table>")
    else:
        lines.append("<p>No quizzes finished in this period.</p>")
    lines.append("</div>")
    return lines


def _heading_row(headings: Sequence[str]) -> str:
    return "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headings) + "</tr></thead>"


def _row(cells: Sequence[str]) -> str:
    return "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"
