"""Documents asked for on calls, and the documents that answer them: read from a person's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from triallog.domain import records as r


@dataclass(frozen=True)
class RequestedDocument:
    """One document asked for on a call, and the document that answers it (None: still needed)."""

    call_key: str
    index: int
    description: str
    call_when: datetime
    organization: str
    case: str | None
    document: r.Document | None = None

    @property
    def answered(self) -> bool:
        return self.document is not None

    @property
    def ref(self) -> tuple[str, int]:
        """How a request is named to `attach_document` and `update_document`: (call key, index)."""
        return (self.call_key, self.index)


def requests_of(person: r.Person, case_key: str | None = None) -> list[RequestedDocument]:
    """Every document asked for on the person's calls (or on one case's calls), oldest call first."""
    documents = {d.key: d for d in person.documents}
    found = []
    for call in sorted(person.calls, key=lambda c: c.when):
        if case_key is not None and call.case != case_key:
            continue
        for i, description in enumerate(call.requested_documents):
            found.append(
                RequestedDocument(
                    call_key=call.key,
                    index=i,
                    description=description,
                    call_when=call.when,
                    organization=call.organization,
                    case=call.case,
                    document=documents.get(call.answered_by.get(i, "")),
                )
            )
    return found
