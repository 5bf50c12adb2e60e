"""What reportlab keeps private about a laid-out table, for the tests that check that it fits its page.

The type stubs leave these attributes out: reportlab has no public way to read them.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph, Table


def column_widths(table: Table) -> list[float]:
    return list(table._colWidths)  # type: ignore[attr-defined]


def cell_rows(table: Table) -> list[list[Any]]:
    return [list(row) for row in table._cellvalues]  # type: ignore[attr-defined]


def wrapped_lines(paragraph: Paragraph) -> list[Any]:
    """The lines of a paragraph after `wrap`: a tuple (extra space, words) or an object with `extraSpace`."""
    return list(paragraph.blPara.lines)  # type: ignore[attr-defined]
