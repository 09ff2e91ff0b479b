"""Sending the statement queue to the organisation's learning record store (xAPI 1.0.3).

Only the standard library (urllib): no extra dependency, and nothing is imported or
opened unless the organisation configured an endpoint (``lrs_config``). A sync sends the
queue oldest first, in batches, and marks statements sent only when the LRS confirmed
them (200 with their ids, or 204 when it already held them all). So a kill at any point
leaves every unconfirmed statement queued; the next sync sends it again under the same
id, which the LRS treats as the statement it already has: nothing is duplicated.

A batch the LRS refuses because of one statement (409: a different statement with the
same id; 400 or 422: a statement it cannot accept) is split until the culprit is alone; a
409 is then resolved by reading the LRS's copy back (the same learning: marked sent) and
otherwise the statement is held and reported, while the rest of the queue goes on.
Connection failures are retried with backoff; then the sync stops with a plain message
(``SyncError``) and the queue is kept for next time.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.domain import lrs_statements
from desktop.services import lrs_config
from desktop.services.lrs_config import LrsConfig
from desktop.services.lrs_status import status_line
from desktop.store.lrs_queue import LrsQueue, QueueCounts, Queued

__all__ = ["LrsClient", "SyncError", "SyncReport", "SyncService", "same_learning", "status_line"]

XAPI_VERSION = "1.0.3"
BATCH_SIZE = 50
TIMEOUT_SECONDS = 20


class SyncError(Exception):
    """The sync could not go on; the message is for the learner, the queue is kept."""


class _Transient(Exception):
    """A failure worth trying again shortly (no answer, a server error)."""


@dataclass(frozen=True)
class SyncReport:
    sent: int
    held: int
    counts: QueueCounts

    def summary(self) -> str:
        parts = [f"{self.sent} statement{'s' if self.sent != 1 else ''} sent"]
        if self.held:
            parts.append(f"{self.held} held back (see prism lrs status)")
        parts.append(f"{self.counts.waiting} waiting")
        return ", ".join(parts) + "."


class LrsClient:
    """POST and GET against one LRS's statements resource."""

    def __init__(self, config: LrsConfig, timeout: float = TIMEOUT_SECONDS) -> None:
        self._config = config
        self._timeout = timeout
        token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode()
        self._headers = {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": XAPI_VERSION,
            "User-Agent": f"Prism/{__version__}",
        }

    def post(self, statements: Sequence[dict[str, Any]]) -> tuple[int, str]:
        body = json.dumps(list(statements), ensure_ascii=False).encode("utf-8")
        headers = {**self._headers, "Content-Type": "application/json"}
        request = urllib.request.Request(
            self._config.statements_url, data=body, headers=headers, method="POST"
        )
        return self._open(request)

    def get(self, statement_id: str) -> dict[str, Any] | None:
        query = urllib.parse.urlencode({"statementId": statement_id})
        request = urllib.request.Request(
            f"{self._config.statements_url}?{query}", headers=self._headers, method="GET"
        )
        status, text = self._open(request)
        if status != 200:
            return None
        try:
            found = json.loads(text)
        except ValueError:
            return None
        if isinstance(found, dict) and isinstance(found.get("statements"), list):
            matches = [s for s in found["statements"] if s.get("id") == statement_id]
            return matches[0] if matches else None
        return found if isinstance(found, dict) and found.get("id") == statement_id else None

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        where = self._config.endpoint
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace") if error.fp else ""
            if error.code in (401, 403):
                raise SyncError(
                    f"The LRS at {where} refused Prism's username or password "
                    f"({error.code}). Ask your organisation for the right ones, then run: "
                    "prism lrs configure …"
                ) from None
            if error.code >= 500 or error.code in (408, 429):
                raise _Transient(
                    f"the LRS at {where} answered with an error ({error.code})"
                ) from None
            return error.code, text
        except urllib.error.URLError as error:
            raise _classify(error.reason, where) from None
        except (TimeoutError, ConnectionError, OSError) as error:
            raise _classify(error, where) from None
        except http.client.HTTPException as error:  # something answered, but not in HTTP
            raise _Transient(
                f"the server at {where} did not answer like a learning record store "
                f"({type(error).__name__})"
            ) from None


def _classify(reason: object, where: str) -> Exception:
    host = urllib.parse.urlsplit(where).hostname or where
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        why = getattr(reason, "reason", None) or reason
        return SyncError(
            f"The secure connection to {host} failed ({why}). "
            "The LRS's certificate is not trusted by this computer or the address is wrong: "
            "check the endpoint with your organisation."
        )
    if isinstance(reason, socket.gaierror):
        return SyncError(
            f"The LRS's address “{host}” could not be found. Check this computer is online "
            "and the endpoint is spelt right (prism lrs status)."
        )
    if isinstance(reason, TimeoutError | socket.timeout):
        return _Transient(f"the LRS at {where} did not answer in time")
    return _Transient(f"the LRS at {where} is not answering ({_reason_text(reason)})")


def _reason_text(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def same_learning(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """True when the LRS's statement records the same fact as ours (a resend, not a clash).

    The LRS adds ``stored``, ``authority`` and may normalise the rest, so the parts that
    say what happened are compared: who, what verb, which object, the result, when.
    """

    def core(statement: dict[str, Any]) -> tuple[Any, ...]:
        actor = statement.get("actor") or {}
        obj = statement.get("object") or {}
        return (
            json.dumps(actor.get("account"), sort_keys=True),
            (statement.get("verb") or {}).get("id"),
            obj.get("id"),
            json.dumps(statement.get("result"), sort_keys=True),
        )

    return core(ours) == core(theirs)


class SyncService:
    """The queue, the settings and the LRS together: `status` and `sync`."""

    def __init__(
        self,
        db: Any,
        data_dir: Path,
        *,
        sleep: Callable[[float], None] = time.sleep,
        attempts: int = 3,
        base_delay: float = 0.5,
    ) -> None:
        self._db = db
        self._data_dir = data_dir
        self._queue = LrsQueue(db)
        self._sleep = sleep
        self._attempts = max(1, attempts)
        self._base_delay = base_delay

    @property
    def queue(self) -> LrsQueue:
        return self._queue

    def config(self) -> LrsConfig | None:
        return lrs_config.load(self._data_dir)

    def counts(self) -> QueueCounts:
        return self._queue.counts()

    def sync(self, batch_size: int = BATCH_SIZE) -> SyncReport:
        """Send everything waiting; ``SyncError`` when the LRS cannot be reached or refuses us."""
        config = self.config()
        if config is None:
            raise SyncError(
                "Organisation sync is not set up on this computer, so nothing was sent. "
                "Your organisation's instructions say how: prism lrs configure …"
            )
        client = LrsClient(config)
        sent = held = 0
        while True:
            batch = self._queue.waiting(batch_size)
            if not batch:
                break
            done, refused = self._send(client, config, batch)
            sent, held = sent + done, held + refused
            if done + refused == 0:  # nothing moved: never loop for ever
                break
        return SyncReport(sent, held, self._queue.counts())

    # Internals ------------------------------------------------------------------------

    def _resolved(self, config: LrsConfig, batch: Sequence[Queued]) -> list[dict[str, Any]]:
        profiles: set[str] = set()
        for item in batch:
            profiles |= lrs_statements.profiles_in(item.statement)
        consents = self._queue.consenting(profiles)
        names = {pid: c.org_id for pid, c in consents.items() if c.org_id}
        return [lrs_statements.resolve(q.statement, config.home_page, names) for q in batch]

    def _send(
        self, client: LrsClient, config: LrsConfig, batch: Sequence[Queued]
    ) -> tuple[int, int]:
        """Send one batch (splitting it around a refused statement); (sent, held)."""
        statements = self._resolved(config, batch)
        ids = [q.statement_id for q in batch]
        # Counted before sending: after a kill mid-request the LRS may hold these.
        self._queue.mark_tried(ids, None)
        status, text = self._post_with_retry(client, statements, ids)
        if status in (200, 204):
            self._queue.mark_sent(ids)
            return len(ids), 0
        if status in (400, 409, 413, 422) and len(batch) > 1:
            middle = len(batch) // 2
            first = self._send(client, config, batch[:middle])
            second = self._send(client, config, batch[middle:])
            return first[0] + second[0], first[1] + second[1]
        item, statement = batch[0], statements[0]
        if status == 409:
            theirs = client.get(item.statement_id)
            if theirs is not None and same_learning(statement, theirs):
                self._queue.mark_sent(ids)
                return 1, 0
            self._queue.hold(
                item.statement_id,
                "The LRS already holds a different statement with this id; it was kept "
                "here and not sent again.",
            )
            return 0, 1
        detail = _detail(text)
        self._queue.hold(
            item.statement_id,
            f"The LRS refused this statement ({status}{': ' + detail if detail else ''}).",
        )
        return 0, 1

    def _post_with_retry(
        self, client: LrsClient, statements: list[dict[str, Any]], ids: list[str]
    ) -> tuple[int, str]:
        for attempt in range(self._attempts):
            try:
                return client.post(statements)
            except _Transient as problem:
                if attempt + 1 == self._attempts:
                    message = (
                        f"Nothing more was sent: {problem}. Your learning is kept on this "
                        "computer and will be sent at the next sync."
                    )
                    self._queue.note_error(ids, message)
                    raise SyncError(message) from None
                self._sleep(self._base_delay * 2**attempt)
            except SyncError as error:
                self._queue.note_error(ids, str(error))
                raise
        raise AssertionError("unreachable")


def _detail(text: str) -> str:
    try:
        found = json.loads(text)
    except ValueError:
        return text.strip()[:200]
    detail = found.get("detail") if isinstance(found, dict) else None
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        # FastAPI-style validation errors (Ralph): the first problem and where it is.
        where = ".".join(str(part) for part in detail[0].get("loc", [])[2:])
        return f"{where}: {detail[0].get('msg', '')}".strip(": ")[:200]
    return "" if detail is None else str(detail)[:200]
