"""Documents: attach a file to a person's record, tick off the requests it answers, change and remove it."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from triallog.domain import records as r
from triallog.domain.dates import PartialDate
from triallog.domain.enums import DocumentKind
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.requests import RequestedDocument, requests_of
from triallog.domain.rules import check_document, name_text
from triallog.paths import ensure_private_dir
from triallog.services.changes import Changes
from triallog.services.transfer import FILES_DIR
from triallog.storage import calls, cases, kept_files, orm, people, trials
from triallog.storage import documents as stored_documents
from triallog.storage.db import Database, Session
from triallog.storage.rows import apply_document_fields, row_id
from triallog.storage.vault import Key, ProtectionError

#: the largest file TrialLog keeps: a scanned letter is a few MB; a video is not evidence it can use
MAX_FILE_BYTES = 50 * 1024 * 1024
_CHUNK = 1024 * 1024
_WORD = re.compile(r"[0-9a-z]+")
#: words too common to say that a title and a request are about the same thing
_COMMON = frozenset(
    ["and", "the", "for", "from", "with", "our", "your", "doctor", "letter", "note", "document", "copy", "page"]
)


@dataclass(frozen=True)
class SourceFile:
    """A file chosen to attach, as checked: where it is, its name and its size in bytes."""

    path: Path
    name: str
    size: int


# -- reading ----------------------------------------------------------------------------------


def open_requests(person: r.Person, case_key: str | None = None) -> list[RequestedDocument]:
    return [q for q in requests_of(person, case_key) if not q.answered]


def answered_requests(person: r.Person, case_key: str | None = None) -> list[RequestedDocument]:
    return [q for q in requests_of(person, case_key) if q.answered]


def answerable_by(person: r.Person, document_key: str | None, case_key: str | None) -> list[RequestedDocument]:
    """The requests a document may tick off: those still open and those it answers already.

    Requests on calls about the document's case come first, then the rest: a document can answer
    a request made on a call that was not filed under any case.
    """
    shown = [q for q in requests_of(person) if q.document is None or q.document.key == document_key]
    return sorted(shown, key=lambda q: case_key is None or q.case != case_key)


def suggested_answers(title: str, requests: Iterable[RequestedDocument]) -> list[RequestedDocument]:
    """The requests that share a telling word with the title ("Chart note 2024-03" → "chart notes …").

    Only a suggestion for the form to tick; the person decides.
    """
    words = _words(title)
    return [q for q in requests if words & _words(q.description)]


def _words(text: str) -> set[str]:
    found = set()
    for word in _WORD.findall(text.casefold()):
        stem = word[:-1] if word.endswith("s") and len(word) > 3 else word  # "notes" is "note"
        if len(stem) >= 3 and stem not in _COMMON:
            found.add(stem)
    return found


def list_documents(db: Database, person_key: str) -> list[r.Document]:
    """A person's documents, in the order they were attached."""
    with db.reading() as session:
        return stored_documents.document_records(session, row_id(person_key, "person"))


def stored_path(db: Database, document: r.Document) -> Path | None:
    """Where the document's file is kept, or None if it has no file or the file is gone. Sealed while the
    records are protected: read it with `read_document` (or `kept_file`), never hand the path to another program."""
    if not document.file:
        return None
    path = db.data_dir / document.file
    return path if path.is_file() else None


@dataclass(frozen=True)
class KeptFile:
    """A kept file as a report reads it: its name's ending and its plain bytes, opened in memory if sealed.
    Has what a packet's enclosures need of a `Path` (`suffix`, `read_bytes`), without a plain copy on disk."""

    path: Path
    key: Key | None

    @property
    def suffix(self) -> str:
        return self.path.suffix

    @property
    def name(self) -> str:
        """The name the file was attached with (without the unique prefix it is kept under)."""
        return self.path.name.split("-", 1)[-1]

    @property
    def sealed(self) -> bool:
        return self.key is not None

    def read_bytes(self) -> bytes:
        return kept_files.read(self.path, self.key)

    def size(self) -> int:
        return kept_files.plain_size(self.path)


def kept_file(db: Database, document: r.Document) -> KeptFile | None:
    """The document's kept file, to read (preview, enclose, export, save a copy), or None if it is gone."""
    path = stored_path(db, document)
    return None if path is None else KeptFile(path, db.key)


def read_document(db: Database, document: r.Document) -> bytes:
    """The plain bytes of the document's file, opened in memory if sealed."""
    kept = kept_file(db, document)
    if kept is None:
        raise ValidationError("file", "is missing from the data folder; attach it again", document.file or "")
    try:
        return kept.read_bytes()
    except OSError as error:
        raise ValidationError("file", f"cannot be read: {error.strerror or error}", str(kept.path)) from None
    except ProtectionError as error:
        raise ValidationError("file", str(error), str(kept.path)) from None


def check_source(path: str | os.PathLike[str]) -> SourceFile:
    """The chosen file, if TrialLog can keep it: it exists, can be read, and is at most 50 MB."""
    source = Path(path)
    if not str(path).strip():
        raise ValidationError("file", "required: choose the file to attach", str(path))
    try:
        info = source.stat()
    except OSError:
        raise ValidationError("file", f"is missing: {source.name} is no longer there", str(source)) from None
    if not source.is_file():
        raise ValidationError("file", f"is not a file: {source.name} is a folder or a device", str(source))
    if info.st_size > MAX_FILE_BYTES:
        raise ValidationError(
            "file",
            f"is too large: {file_size_text(info.st_size)}; TrialLog keeps files up to "
            f"{file_size_text(MAX_FILE_BYTES)} (scan at a lower resolution, or split it)",
            str(source),
        )
    if not os.access(source, os.R_OK):
        raise ValidationError("file", f"cannot be read: {source.name} is not readable by you", str(source))
    return SourceFile(source, source.name, info.st_size)


def file_size_text(size: int) -> str:
    """`812 bytes`, `14 KB`, `3.2 MB`."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# -- changing -----------------------------------------------------------------------------------


def attach_document(
    db: Database,
    person_key: str,
    source: str | os.PathLike[str],
    document: r.Document,
    answers: Iterable[tuple[str, int]] = (),
) -> Changes:
    """Copy the file into the data folder (0600, never overwriting), record the document and tick off
    the requests it answers (`(call key, index)` pairs), in one transaction. `created` is its key.

    On any problem nothing is kept: no row, no copied file.
    """
    problems = _check_fields(document)
    try:
        chosen: SourceFile | None = check_source(source)
    except ValidationError as error:
        problems += error.problems
        chosen = None
    raise_if(problems)
    assert chosen is not None
    stored, digest = _copy_in(db, chosen)
    try:
        with db.transaction() as session:
            person = _person_row(session, person_key)
            _check_links(session, person, document)
            row = orm.DocumentRow(person_id=person.id, stored_file=stored)
            apply_document_fields(row, document)
            row.sha256 = digest
            _apply_links(row, document)
            session.add(row)
            session.flush()
            answered = _set_answers(session, person, row.id, answers)
            key = str(row.id)
    except BaseException:
        (db.data_dir / stored).unlink(missing_ok=True)
        raise
    return Changes(person=person_key, documents=True, calls=answered, created=key)


def update_document(
    db: Database, person_key: str, document: r.Document, answers: Iterable[tuple[str, int]] | None = None
) -> Changes:
    """Change a document's title, kind, date and links; with `answers`, exactly those requests are the
    ones it answers. Its file and checksum stay. One transaction."""
    raise_if(_check_fields(document))
    with db.transaction() as session:
        person = _person_row(session, person_key)
        row = _document_row(session, person, document.key)
        _check_links(session, person, document)
        sha256 = row.sha256
        apply_document_fields(row, document)
        row.sha256 = sha256
        _apply_links(row, document)
        answered = _set_answers(session, person, row.id, answers) if answers is not None else False
    return Changes(person=person_key, documents=True, calls=answered)


def remove_document(db: Database, person_key: str, document_key: str) -> Changes:
    """Remove the document; the requests it answered are open again. Its file goes once that is committed."""
    with db.transaction() as session:
        person = _person_row(session, person_key)
        row = _document_row(session, person, document_key)
        stored = row.stored_file
        answered = calls.requests_answered_by(session, row.id) > 0
        session.delete(row)
    if stored:
        (db.data_dir / stored).unlink(missing_ok=True)
    return Changes(person=person_key, documents=True, calls=answered)


# -- the rules and the work behind them -----------------------------------------------------------


def _check_fields(document: r.Document) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(document.title, str) or not document.title.strip():
        rule = "is only spaces: type what the document is" if document.title else "required: what the document is"
        problems.append(Problem("title", rule, document.title))
    else:  # the same rule as every name and title: one line of at most 200 characters, no control characters
        problems += name_text(document.title.strip(), "title")
    if document.kind is not None and not isinstance(document.kind, DocumentKind):
        problems.append(Problem("kind", "must be one of the kinds listed", document.kind))
    if document.date is not None and not isinstance(document.date, PartialDate):
        problems.append(Problem("date", "is not a date: try 2023, 2023-01 or 2023-01-20", document.date))
    return problems


def _check_links(session: Session, person: orm.PersonRow, document: r.Document) -> None:
    problems = check_document(document, "", trials.trial_keys(session, person.id), cases.case_keys(session, person.id))
    raise_if([p for p in problems if p.field in ("trial", "case")])


def _apply_links(row: orm.DocumentRow, document: r.Document) -> None:
    row.trial_id = row_id(document.trial, "trial") if document.trial else None
    row.case_id = row_id(document.case, "case") if document.case else None


def _person_row(session: Session, person_key: str) -> orm.PersonRow:
    person = people.person_row(session, row_id(person_key, "person"))
    if person is None:
        raise ValidationError("person", "no longer exists", person_key)
    return person


def _document_row(session: Session, person: orm.PersonRow, key: str) -> orm.DocumentRow:
    row = stored_documents.document_row(session, row_id(key, "document"))
    if row is None or row.person_id != person.id:
        raise ValidationError("document", "no longer exists", key)
    return row


def _set_answers(session: Session, person: orm.PersonRow, document_id: int, answers: Iterable[tuple[str, int]]) -> bool:
    """Exactly these requests are answered by the document; one answered by another document is refused.
    Whether any request changed."""
    requested = calls.requested_rows(session, person.id)
    chosen: list[orm.CallRequestedDocumentRow] = []
    problems: list[Problem] = []
    for call_key, index in answers:
        asked = requested.get(str(call_key))
        if asked is None or not 0 <= index < len(asked):
            problems.append(Problem("answers", "names a request that no longer exists", (call_key, index)))
            continue
        request = asked[index]
        if request.document_id not in (None, document_id):
            problems.append(
                Problem(
                    "answers", f"{request.description!r} is already answered by another document", request.description
                )
            )
        chosen.append(request)
    raise_if(problems)
    changed = False
    for asked in requested.values():
        for request in asked:
            if request.document_id == document_id and request not in chosen:
                request.document_id = None
                changed = True
    for request in chosen:
        changed = changed or request.document_id != document_id
        request.document_id = document_id
    return changed


def _copy_in(db: Database, source: SourceFile) -> tuple[str, str]:
    """Copy the file under the data folder's files/ as a new file of its own (0600), sealed while the records
    are protected; its path and the SHA-256 of its plain bytes (the packet cites it)."""
    folder = ensure_private_dir(db.data_dir / FILES_DIR)
    name = f"{uuid.uuid4().hex[:12]}-{_safe_name(source.name)}"
    target = folder / name
    digest = hashlib.sha256()
    try:
        reading = source.path.open("rb")
    except OSError as error:
        raise ValidationError("file", f"cannot be read: {error.strerror or error}", str(source.path)) from None
    with reading:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # O_EXCL: never overwrite
        try:
            with os.fdopen(fd, "wb") as out:
                copied = 0
                # protected records: the file is sealed whole, so no plain byte of it reaches the disk
                whole = bytearray() if db.key is not None else None
                while chunk := reading.read(_CHUNK):
                    copied += len(chunk)
                    if copied > MAX_FILE_BYTES:  # it grew since it was checked
                        raise ValidationError("file", "is too large: it grew past 50 MB while being copied")
                    digest.update(chunk)
                    if whole is None:
                        out.write(chunk)
                    else:
                        whole += chunk
                if whole is not None:
                    out.write(kept_files.for_keeping(bytes(whole), db.key))
                out.flush()
                os.fsync(out.fileno())
        except OSError as error:
            target.unlink(missing_ok=True)
            raise ValidationError("file", f"could not be copied: {error.strerror or error}", str(source.path)) from None
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return f"{FILES_DIR}/{name}", digest.hexdigest()


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-80:] or "file"
