"""The medication history table, shared by the evidence packet and the visit summary."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Table

from triallog.domain import records as r
from triallog.domain.dates import span_length
from triallog.reports.base import data_table

HEADER = (
    "Drug",
    "Strength and dose",
    "Start",
    "End",
    "Duration",
    "Plan",
    "Prescriber",
    "Outcome",
    "Reason stopped",
    "Side effects (severity)",
)
WIDTHS = (1.3, 1.35, 0.8, 0.8, 0.85, 1.05, 1.0, 1.25, 1.4, 1.4)


def trials_by_start(trials: list[r.Trial]) -> list[r.Trial]:
    return sorted(trials, key=lambda t: (t.start.sort_key(), t.drug.casefold()))


def side_effects_text(trial: r.Trial) -> str:
    return "; ".join(
        f"{e.description} ({e.severity.label.lower()})" if e.severity else e.description for e in trial.side_effects
    )


def strength_and_dose(strength: str, dose: str, route: str = "") -> str:
    return ", ".join(part for part in (strength.strip(), dose.strip(), route.strip()) if part)


def trial_row(trial: r.Trial, person: r.Person, today: date) -> list[str]:
    plans = {c.key: c.title for c in person.coverages}
    prescribers = {p.key: p.name for p in person.prescribers}
    return [
        trial.drug_label,
        strength_and_dose(trial.strength, trial.dose, trial.route),
        trial.start.human(),
        trial.end.human() if trial.end else ("still taking" if trial.still_taking else ""),
        span_length(trial.start, trial.end, today),
        plans.get(trial.coverage or "", ""),
        prescribers.get(trial.prescriber or "", ""),
        trial.outcome.label,
        trial.reason_stopped,
        side_effects_text(trial),
    ]


def medication_table(person: r.Person, width: float, today: date, trials: list[r.Trial] | None = None) -> Table:
    """Every trial (or the ones given), oldest first, one row each; ten columns: give it a landscape
    page's width (`PdfRenderer.wide_width`) so that no word breaks."""
    chosen = trials_by_start(person.trials if trials is None else trials)
    # a start or end day on one line ("Aug 3, 2020"), not its year alone on the next
    return data_table(HEADER, [trial_row(t, person, today) for t in chosen], WIDTHS, width, whole={2, 3})
