"""The one error type for bad input: each problem names the field, the rule and the value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

MAX_REPORTED = 50


@dataclass(frozen=True)
class Problem:
    """One broken rule: `field` is a path such as `people[0].trials[2].end`.

    `rule` quotes dates as files hold them (`before start 2021-03-01`), for an import's report and the
    command line; `said`, when a date is in it, is the same rule as a window says it beside the field,
    with dates as the date fields show them (`before the start, Mar 1, 2021`)."""

    field: str
    rule: str
    value: Any = None
    said: str = ""

    @property
    def in_words(self) -> str:
        """The rule as a window shows it beside its field."""
        return self.said or self.rule

    def __str__(self) -> str:
        return f"{self.field}: {self.rule}" if self.field else self.rule


class ValidationError(Exception):
    """Bad input. Carries one or more problems; the first is also `field`, `rule`, `value`."""

    def __init__(self, field: str, rule: str, value: Any = None) -> None:
        self.problems: tuple[Problem, ...] = (Problem(field, rule, value),)
        super().__init__(str(self))

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Self:
        problems = tuple(problems)
        if not problems:
            raise ValueError("a ValidationError needs at least one problem")
        error = cls(problems[0].field, problems[0].rule, problems[0].value)
        error.problems = problems
        error.args = (str(error),)
        return error

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def rule(self) -> str:
        return self.problems[0].rule

    @property
    def value(self) -> Any:
        return self.problems[0].value

    def __str__(self) -> str:
        shown = [str(p) for p in self.problems[:MAX_REPORTED]]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more problems")
        return "\n".join(shown)


def raise_if(problems: list[Problem]) -> None:
    """Raise one ValidationError carrying every problem, if there are any."""
    if problems:
        raise ValidationError.of(problems)
