"""Runs through branching scenarios: the path of choices taken and the ending reached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import AlreadyFinishedError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.records import first_row, from_json, missing_parent_means, new_id, to_json

if TYPE_CHECKING:
    from desktop.store.connection import Database


@dataclass(frozen=True)
class ScenarioRun:
    """One play-through; ``path`` holds (node_id, choice_index) pairs in order."""

    id: str
    profile_id: str
    module_id: str
    scenario_id: str
    content_hash: str
    started_utc: str
    finished_utc: str | None
    ending: str | None
    path: tuple[tuple[str, int], ...]

    @property
    def is_finished(self) -> bool:
        return self.finished_utc is not None


class ScenarioRepo:
    """Starts runs, records choices and endings; logs each step as an event."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock
        self._events = EventLog(db, clock)

    def start_run(
        self, profile_id: str, module_id: str, scenario_id: str, content_hash: str
    ) -> ScenarioRun:
        """A new run at the start of the scenario."""
        run = ScenarioRun(
            new_id(),
            profile_id,
            module_id,
            scenario_id,
            content_hash,
            utc_now(self._clock),
            None,
            None,
            (),
        )
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO scenario_runs (id, profile_id, module_id, scenario_id, "
                "content_hash, started_utc, path) VALUES (?, ?, ?, ?, ?, ?, '[]')",
                [run.id, profile_id, module_id, scenario_id, content_hash, run.started_utc],
            )
            self._events.append(
                profile_id,
                "attempted",
                f"scenario:{scenario_id}",
                {"run_id": run.id},
                content_hash,
            )
        return run

    def record_choice(self, run_id: str, node_id: str, choice_index: int) -> ScenarioRun:
        """Add a choice to the run's path and log it."""
        with self._db.atomic():
            run = self._require(run_id)
            if run.is_finished:
                raise AlreadyFinishedError("scenario")
            path = [*run.path, (node_id, choice_index)]
            self._db.execute(
                "UPDATE scenario_runs SET path = ? WHERE id = ?",
                [to_json([list(step) for step in path]), run_id],
            )
            self._events.append(
                run.profile_id,
                "chose",
                f"scenario:{run.scenario_id}",
                {"run_id": run_id, "node_id": node_id, "choice_index": choice_index},
                run.content_hash,
            )
        return self._require(run_id)

    def finish_run(self, run_id: str, ending: str) -> ScenarioRun:
        """Close a run at the ending it reached and log 'completed'."""
        with self._db.atomic():
            run = self._require(run_id)
            if run.is_finished:
                raise AlreadyFinishedError("scenario")
            self._db.execute(
                "UPDATE scenario_runs SET finished_utc = ?, ending = ? WHERE id = ?",
                [utc_now(self._clock), ending, run_id],
            )
            self._events.append(
                run.profile_id,
                "completed",
                f"scenario:{run.scenario_id}",
                {"run_id": run_id, "ending": ending},
                run.content_hash,
            )
        return self._require(run_id)

    def get(self, run_id: str) -> ScenarioRun | None:
        """The run with this id, or None."""
        row = first_row(self._db, "SELECT * FROM scenario_runs WHERE id = ?", [run_id])
        return None if row is None else _run(row)

    def open_run(self, profile_id: str, scenario_id: str) -> ScenarioRun | None:
        """The newest unfinished run of this scenario, to resume; None if there is none."""
        row = first_row(
            self._db,
            "SELECT * FROM scenario_runs WHERE profile_id = ? AND scenario_id = ? "
            "AND finished_utc IS NULL ORDER BY started_utc DESC, rowid DESC LIMIT 1",
            [profile_id, scenario_id],
        )
        return None if row is None else _run(row)

    def runs(self, profile_id: str, scenario_id: str | None = None) -> list[ScenarioRun]:
        """A learner's runs, newest first, optionally of one scenario."""
        sql = "SELECT * FROM scenario_runs WHERE profile_id = ?"
        params = [profile_id]
        if scenario_id is not None:
            sql += " AND scenario_id = ?"
            params.append(scenario_id)
        rows = self._db.query(sql + " ORDER BY started_utc DESC, rowid DESC", params)
        return [_run(row) for row in rows]

    def completed_scenarios(self, profile_id: str) -> set[str]:
        """Ids of the scenarios this learner has played to an ending at least once."""
        rows = self._db.query(
            "SELECT DISTINCT scenario_id FROM scenario_runs "
            "WHERE profile_id = ? AND finished_utc IS NOT NULL",
            [profile_id],
        )
        return {row["scenario_id"] for row in rows}

    def _require(self, run_id: str) -> ScenarioRun:
        run = self.get(run_id)
        if run is None:
            raise RecordNotFoundError("scenario run", run_id)
        return run


def _run(row: dict[str, Any]) -> ScenarioRun:
    return ScenarioRun(
        id=row["id"],
        profile_id=row["profile_id"],
        module_id=row["module_id"],
        scenario_id=row["scenario_id"],
        content_hash=row["content_hash"],
        started_utc=row["started_utc"],
        finished_utc=row["finished_utc"],
        ending=row["ending"],
        path=tuple((node, int(choice)) for node, choice in from_json(row["path"])),
    )
