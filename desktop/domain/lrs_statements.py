"""xAPI 1.0.3 statements for organisation sync and the xAPI file, built from plain facts.

Plain functions, no SQL and no clock: ``desktop.store.lrs_queue`` calls them inside the
transaction that records the learning, and ``desktop.cpd.export_xapi`` calls the same
ones for the file, so a fact has one statement (same id, same content) whichever way it
reaches an LRS, and an LRS that already holds it ignores the other copy. Each
statement's id is a uuid5 of the fact and its version, so the same fact always gives
the same id (a resend is the same statement) and a changed fact (an edited CPD record)
gives a new one. The people in a statement are left as placeholders
(``{"prism_profile": id}``) and the organisation's home page as ``HOME_PAGE``: the sender
fills both from the configuration and the learner's consent when it sends, so a
statement queued before the organisation changed its settings still goes with the new
ones. Nothing here takes text a learner typed: ids, verbs, scores, durations, dates.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any
from urllib.parse import quote

XAPI_VERSION = "1.0.3"
LANGUAGE = "en-GB"
HOME_PAGE = "prism:home-page"
"""Stands for the organisation's home page IRI until the statement is sent."""
PROFILE_KEY = "prism_profile"
"""``{PROFILE_KEY: profile_id}`` stands for that learner's Agent until it is sent."""

# Activities are Prism's own and the same for every organisation.
ACTIVITY_BASE = "https://prism.invalid/"
# Fixed for ever: changing it would give every fact a new statement id.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://prism.invalid/xapi/lrs-sync")

VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "attended": "http://adlnet.gov/expapi/verbs/attended",
    "voided": "http://adlnet.gov/expapi/verbs/voided",
}
TYPE_MODULE = "http://adlnet.gov/expapi/activities/module"
TYPE_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
TYPE_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
TYPE_MEETING = "http://adlnet.gov/expapi/activities/meeting"
TYPE_CPD = ACTIVITY_BASE + "xapi/activity-types/cpd-record"
EXTENSION = ACTIVITY_BASE + "xapi/extensions/"


def statement_id(subject: str, version: str = "1") -> str:
    """The id for one version of one fact: the same every time for the same pair."""
    return str(uuid.uuid5(NAMESPACE, f"{subject}#{version}"))


def void_id(voided_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"void:{voided_id}"))


def activity(kind: str, *parts: str) -> str:
    return ACTIVITY_BASE + kind + "/" + "/".join(quote(part, safe="") for part in parts)


def learner(profile_id: str) -> dict[str, str]:
    return {PROFILE_KEY: profile_id}


def _verb(name: str) -> dict[str, object]:
    return {"id": VERBS[name], "display": {LANGUAGE: name}}


def _statement(
    subject: str,
    version: str,
    profile_id: str,
    verb: str,
    obj: dict[str, object],
    timestamp: str,
    *,
    result: dict[str, object] | None = None,
    context: dict[str, object] | None = None,
) -> dict[str, object]:
    statement: dict[str, object] = {
        "id": statement_id(subject, version),
        "version": XAPI_VERSION,
        "actor": learner(profile_id),
        "verb": _verb(verb),
        "object": obj,
        "context": {"language": LANGUAGE, "platform": "Prism", **(context or {})},
        "timestamp": timestamp,
    }
    if result is not None:
        statement["result"] = result
    return statement


def _activity(iri: str, activity_type: str, name: str | None = None) -> dict[str, object]:
    definition: dict[str, object] = {"type": activity_type}
    if name:
        definition["name"] = {LANGUAGE: name}
    return {"objectType": "Activity", "id": iri, "definition": definition}


def module_completed(event_id: str, profile_id: str, module_id: str, ts: str) -> dict[str, Any]:
    """A module read to the end."""
    obj = _activity(activity("modules", module_id), TYPE_MODULE, module_id)
    return _statement(
        f"event:{event_id}", "1", profile_id, "completed", obj, ts, result={"completion": True}
    )


def quiz_finished(
    event_id: str, profile_id: str, module_id: str, ts: str, score_percent: float, passed: bool
) -> dict[str, Any]:
    """A finished quiz attempt: "passed", or "failed" (a failed attempt is learning too)."""
    obj = _activity(activity("modules", module_id, "quiz"), TYPE_ASSESSMENT, f"{module_id}: quiz")
    score = max(0.0, min(100.0, float(score_percent)))
    result = {
        "completion": True,
        "success": passed,
        "score": {"scaled": round(score / 100, 4), "raw": round(score, 2), "min": 0, "max": 100},
    }
    verb = "passed" if passed else "failed"
    return _statement(f"event:{event_id}", "1", profile_id, verb, obj, ts, result=result)


def scenario_choice(
    event_id: str, profile_id: str, scenario_id: str, node_id: str, choice: int, ts: str
) -> dict[str, Any]:
    """One choice at a step of a branching scenario, as a `choice` interaction."""
    obj = _activity(activity("scenarios", scenario_id, node_id), TYPE_INTERACTION)
    definition = obj["definition"]
    assert isinstance(definition, dict)
    definition["interactionType"] = "choice"
    parent = _activity(activity("scenarios", scenario_id), TYPE_SIMULATION, scenario_id)
    context = {"contextActivities": {"parent": [parent]}}
    result = {"response": f"choice-{choice}"}
    return _statement(
        f"event:{event_id}", "1", profile_id, "answered", obj, ts, result=result, context=context
    )


def scenario_completed(
    event_id: str, profile_id: str, scenario_id: str, ending: str, ts: str
) -> dict[str, Any]:
    obj = _activity(activity("scenarios", scenario_id), TYPE_SIMULATION, scenario_id)
    result = {"completion": True, "extensions": {EXTENSION + "ending": ending}}
    return _statement(f"event:{event_id}", "1", profile_id, "completed", obj, ts, result=result)


def team_session_attended(
    session_id: str,
    profile_id: str,
    *,
    facilitator_name: str,
    module_id: str | None,
    scenario_id: str | None,
    minutes: int,
    attendees: list[str],
    attendee_count: int,
    ts: str,
) -> dict[str, Any]:
    """One learner's attendance: the facilitator as instructor, consenting attendees as team.

    ``attendees`` are the profiles that agreed to sync; the others are only counted.
    """
    obj = _activity(activity("team-sessions", session_id), TYPE_MEETING)
    context: dict[str, object] = {
        "instructor": {
            "objectType": "Agent",
            "name": facilitator_name,
            "account": {"homePage": HOME_PAGE, "name": f"facilitator:{facilitator_name}"},
        },
        "extensions": {EXTENSION + "attendee-count": attendee_count},
    }
    if attendees:
        context["team"] = {
            "objectType": "Group",
            "member": [learner(pid) for pid in attendees],
        }
    related = []
    if module_id:
        related.append(_activity(activity("modules", module_id), TYPE_MODULE, module_id))
    if scenario_id:
        related.append(_activity(activity("scenarios", scenario_id), TYPE_SIMULATION, scenario_id))
    if related:
        context["contextActivities"] = {"other": related}
    result = {"completion": True, "duration": iso_duration(minutes)}
    return _statement(
        f"team-session:{session_id}:{profile_id}",
        "1",
        profile_id,
        "attended",
        obj,
        ts,
        result=result,
        context=context,
    )


CPD_FIELDS = ("cpd_type", "minutes", "standards", "start_date", "has_peer_reflection", "module_id")


def cpd_facts(record: dict[str, Any]) -> dict[str, Any]:
    """The parts of a CPD record that may be sent: no title, description or reflection text."""
    peer = record.get("peer") or {}
    return {
        "cpd_type": str(record.get("cpd_type") or ""),
        "minutes": int(record.get("minutes") or 0),
        "standards": [str(s) for s in record.get("standards") or []],
        "start_date": record.get("start_date"),
        "has_peer_reflection": bool(
            isinstance(peer, dict) and str(peer.get("learning", "")).strip()
        ),
        "module_id": record.get("module_id"),
    }


def cpd_version(facts: dict[str, Any]) -> str:
    """A short digest of what is sent: an edit that changes none of it is the same version."""
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cpd_timestamp(record: dict[str, Any], fallback: str) -> str:
    """When a CPD record's statement says it happened, from the record alone.

    Midnight UTC at the start of its start date, unless that date is missing or later
    than the day the record was created (xAPI forbids future timestamps): then the
    moment it was created (``fallback`` when the record does not say). Never the moment
    of saving or exporting, so sync and file give the same statement for the same
    version, and a resend is identical.
    """
    created = str(record.get("created_utc") or "")
    start = record.get("start_date")
    if start and created and str(start) <= created[:10]:
        return f"{start}T00:00:00Z"
    return created or fallback


def cpd_completed(
    record_id: str, profile_id: str, facts: dict[str, Any], ts: str
) -> dict[str, Any]:
    """A CPD record marked ready (drafts are never sent as "completed").

    Its id is per record *and* version (``cpd_version`` of the facts sent), so an edit
    that changes what is sent gives a new statement rather than a 409 from the LRS.
    """
    obj = _activity(activity("cpd", record_id), TYPE_CPD)
    extensions: dict[str, object] = {
        EXTENSION + "cpd-type": facts["cpd_type"],
        EXTENSION + "peer-reflection": facts["has_peer_reflection"],
        EXTENSION + "standards": facts["standards"],
    }
    if facts["start_date"]:
        extensions[EXTENSION + "start-date"] = facts["start_date"]
    context: dict[str, object] = {"extensions": extensions}
    if facts["module_id"]:
        module = _activity(activity("modules", facts["module_id"]), TYPE_MODULE, facts["module_id"])
        context["contextActivities"] = {"other": [module]}
    result = {"completion": True, "duration": iso_duration(facts["minutes"])}
    return _statement(
        f"cpd:{record_id}",
        cpd_version(facts),
        profile_id,
        "completed",
        obj,
        ts,
        result=result,
        context=context,
    )


def voiding(voided_id: str, profile_id: str, ts: str) -> dict[str, Any]:
    """The statement that voids ``voided_id`` (an earlier version, or withdrawn consent)."""
    return {
        "id": void_id(voided_id),
        "version": XAPI_VERSION,
        "actor": learner(profile_id),
        "verb": _verb("voided"),
        "object": {"objectType": "StatementRef", "id": voided_id},
        "timestamp": ts,
    }


def iso_duration(minutes: int) -> str:
    """Minutes as an ISO 8601 duration: 150 -> "PT2H30M", 0 -> "PT0S"."""
    if minutes <= 0:
        return "PT0S"
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def resolve(value: Any, home_page: str, names: dict[str, str]) -> Any:
    """A queued statement ready to send: placeholders become the organisation's Agents.

    ``names`` maps a profile id to its account name (the learner's organisation id when
    they gave one, else the pseudonymous profile id).
    """
    if isinstance(value, dict):
        if set(value) == {PROFILE_KEY}:
            pid = value[PROFILE_KEY]
            return {
                "objectType": "Agent",
                "account": {"homePage": home_page, "name": names.get(pid, pid)},
            }
        return {key: resolve(item, home_page, names) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, home_page, names) for item in value]
    if value == HOME_PAGE:
        return home_page
    return value


def profiles_in(value: Any) -> set[str]:
    """Every profile a queued statement names (to look up their account names)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if set(value) == {PROFILE_KEY}:
            return {value[PROFILE_KEY]}
        for item in value.values():
            found |= profiles_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= profiles_in(item)
    return found
