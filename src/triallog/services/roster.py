"""Who is in a data folder, with how much each has: `triallog people`, answered without loading the ORM."""

from __future__ import annotations

import os

from triallog.paths import data_dir
from triallog.storage.quick_read import PersonCounts, people_with_counts
from triallog.storage.vault import Key

__all__ = ["PersonCounts", "people_here"]


def people_here(override: str | os.PathLike[str] | None = None, key: Key | None = None) -> list[PersonCounts]:
    """Everyone in the data folder (as `open_workspace` finds it), by name, with their counts; `key` opens
    protected records.

    Read straight from the file; a folder whose records file must first be built or upgraded is opened
    whole once (`Database` does that), then read the same way."""
    folder = data_dir(override)
    found = people_with_counts(folder, key)
    if found is None:
        from triallog.services.workspace import open_workspace

        open_workspace(folder, read_only=True, key=key).close()
        found = people_with_counts(folder, key)
        if found is None:
            raise RuntimeError(f"the records file in {folder} was replaced by an older one while it was opened")
    return found
