"""The documents a packet encloses, appended after its own pages: a PDF as it is, a picture on a page of its own.

A letter that says "enclosed" must hold what it names: the denial letter, the chart notes the plan
asked for, the signed CMS-1696. Their files are kept by TrialLog; this puts them in the packet.
"""

from __future__ import annotations

import io
from typing import Protocol

from pypdf import PdfReader, PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from triallog.reports.base import MARGIN, PAPERS

PICTURES = (".png", ".jpg", ".jpeg")
#: the files a packet can enclose
ENCLOSABLE = (".pdf", *PICTURES)


class Enclosure(Protocol):
    """A file to enclose: a `Path`, or a kept file opened in memory (sealed files are never written plain)."""

    @property
    def suffix(self) -> str: ...

    def read_bytes(self) -> bytes: ...


def page_count(path: Enclosure) -> int | None:
    """How many pages a file adds to a packet; None when it cannot be enclosed (another kind, or unreadable)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            reader = PdfReader(io.BytesIO(path.read_bytes()))
            if reader.is_encrypted:
                return None
            return len(reader.pages)
        if suffix in PICTURES:
            ImageReader(io.BytesIO(path.read_bytes())).getSize()
            return 1
    except Exception:  # a damaged file is not enclosed; the checklist says to send it separately
        return None
    return None


def append_files(pdf: bytes, files: list[Enclosure], paper: str = "letter") -> bytes:
    """The packet's bytes with each file's pages after them, in order; a picture fills a page, kept upright."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for path in files:
        if path.suffix.lower() == ".pdf":
            writer.append(PdfReader(io.BytesIO(path.read_bytes())))
        else:
            writer.append(PdfReader(io.BytesIO(_picture_page(path, paper))))
    # no personal data in the file's own properties, whatever the enclosures carried
    writer.add_metadata({"/Title": "Evidence packet", "/Author": "TrialLog", "/Creator": "TrialLog"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _picture_page(path: Enclosure, paper: str) -> bytes:
    width, height = PAPERS[paper]
    picture = ImageReader(io.BytesIO(path.read_bytes()))
    pw, ph = picture.getSize()
    room_w, room_h = width - 2 * MARGIN, height - 2 * MARGIN
    scale = min(room_w / pw, room_h / ph)
    w, h = pw * scale, ph * scale
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    canvas.drawImage(picture, (width - w) / 2, (height - h) / 2, w, h, preserveAspectRatio=True)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
