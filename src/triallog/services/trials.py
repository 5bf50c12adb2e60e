"""Medication trials: list, record, change and delete, checked by the domain's rules."""

from __future__ import annotations

from triallog.domain import records as r
from triallog.domain.dates import PartialDate
from triallog.domain.errors import ValidationError, raise_if
from triallog.domain.plans import plan_in_force
from triallog.domain.rules import check_trial
from triallog.services.changes import Changes
from triallog.storage import orm, people, plans, trials
from triallog.storage.db import Database
from triallog.storage.rows import apply_trial_fields, row_id


def list_trials(db: Database, person_key: str) -> list[r.Trial]:
    """A person's trials, oldest start first (a partial date counts from its first day)."""
    with db.reading() as session:
        found = trials.trial_records(session, row_id(person_key))
    return sorted(found, key=lambda t: t.start.sort_key())


def suggest_plan(coverages: list[r.Coverage], start: PartialDate | None) -> str | None:
    """The key of the plan in force when a trial started, to offer in the form."""
    plan = plan_in_force(coverages, start)
    return plan.key if plan else None


def save_trial(db: Database, person_key: str, trial: r.Trial) -> Changes:
    """Record a new trial (empty key: `created` is its key) or replace an existing one; one transaction."""
    with db.transaction() as session:
        person = people.person_row(session, row_id(person_key))
        if person is None:
            raise ValidationError("person", "no longer exists", person_key)
        coverage_keys = plans.coverage_keys(session, person.id)
        prescriber_keys = plans.prescriber_keys(session, person.id)
        raise_if(check_trial(trial, "", coverage_keys, prescriber_keys))
        if trial.key:
            row = trials.trial_row(session, row_id(trial.key))
            if row is None or row.person_id != person.id:
                raise ValidationError("trial", "no longer exists", trial.key)
        else:
            row = orm.TrialRow(person_id=person.id)
            session.add(row)
        apply_trial_fields(row, trial)
        row.coverage_id = row_id(trial.coverage) if trial.coverage else None
        row.prescriber_id = row_id(trial.prescriber) if trial.prescriber else None
        session.flush()
        key = str(row.id)
    return Changes(person=person_key, trials=True, created=None if trial.key else key)


def delete_trial(db: Database, person_key: str, trial_key: str) -> Changes:
    """Delete a trial; a claim it proved loses that proof, a document filed under it stays, unfiled."""
    with db.transaction() as session:
        row = trials.trial_row(session, row_id(trial_key))
        if row is None or row.person_id != row_id(person_key):
            return Changes()
        claims, documents = trials.trial_users(session, row.id)
        session.delete(row)
    return Changes(person=person_key, trials=True, cases=claims > 0, documents=documents > 0)
