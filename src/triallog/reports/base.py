"""What every TrialLog PDF shares: the embedded fonts, one stylesheet, the page frame and "Page N of M"."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

FONT = "TrialLogSans"
FONT_BOLD = "TrialLogSans-Bold"
FONT_ITALIC = "TrialLogSans-Oblique"
#: Droid Sans Fallback: Chinese and Japanese, which DejaVu Sans lacks; registered only when needed
FONT_FALLBACK = "TrialLogFallback"

PAPERS: dict[str, tuple[float, float]] = {"letter": LETTER, "a4": A4}
MARGIN = 0.75 * inch

# Calm and legible when faxed: dark ink, one muted grey, one blue accent, pale fills.
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
FILL = colors.HexColor("#e4e7eb")
ACCENT = colors.HexColor("#1f5f8b")

#: what prints where a field has no data: a line to fill in by hand, never a silent gap
BLANK = "_" * 22


@functools.cache
def register_fonts() -> str:
    """Register DejaVu Sans from the package's resources (read as bytes, so a frozen build works too)."""
    folder = resources.files("triallog.resources.fonts")
    for name, filename in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(folder.joinpath(filename).read_bytes())))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)
    return FONT


@functools.cache
def _main_chars() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


@functools.cache
def _fallback_chars() -> frozenset[int]:
    """Register the fallback font (4 MB, parsed in about 80 ms) the first time a text needs it."""
    data = resources.files("triallog.resources.fonts").joinpath("DroidSansFallbackFull.ttf").read_bytes()
    font = TTFont(FONT_FALLBACK, io.BytesIO(data))
    pdfmetrics.registerFont(font)
    # it has no bold or italic: inside <b> its characters stay regular rather than fail
    pdfmetrics.registerFontFamily(
        FONT_FALLBACK, normal=FONT_FALLBACK, bold=FONT_FALLBACK, italic=FONT_FALLBACK, boldItalic=FONT_FALLBACK
    )
    return frozenset(font.face.charToGlyph)


def font_runs(value: str, font: str = FONT) -> list[tuple[str, str]]:
    """`value` cut into (font, text) runs: `font` wherever DejaVu Sans has the character, the
    fallback font for the Chinese and Japanese characters it lacks, so that no name prints as boxes."""
    if value.isascii():
        return [(font, value)]
    main = _main_chars()
    if all(ord(c) in main for c in value):
        return [(font, value)]
    fallback = _fallback_chars()
    runs: list[tuple[str, str]] = []
    for char in value:
        chosen = FONT_FALLBACK if ord(char) not in main and ord(char) in fallback else font
        if runs and runs[-1][0] == chosen:
            runs[-1] = (chosen, runs[-1][1] + char)
        else:
            runs.append((chosen, char))
    return runs


def with_fallback(markup_text: str) -> str:
    """Paragraph markup with each run of characters DejaVu Sans lacks set in the fallback font.
    Tags and entities are ASCII, so wrapping only non-ASCII runs never breaks them."""
    return "".join(
        f'<font name="{FONT_FALLBACK}">{run}</font>' if font == FONT_FALLBACK else run
        for font, run in font_runs(markup_text)
    )


def draw_runs(canvas: Canvas, x: float, y: float, value: str, font: str, size: float, right: bool = False) -> None:
    """drawString for text that may need the fallback font; `right` aligns its end at `x`."""
    runs = font_runs(value, font)
    if right:
        x -= sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs)
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)


@dataclass(frozen=True)
class Styles:
    """The one stylesheet, built once: sizes chosen to survive a fax (nothing under 8 pt)."""

    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head: ParagraphStyle
    right: ParagraphStyle
    notice: ParagraphStyle


@functools.cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK, spaceAfter=5)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=4),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13.5,
            leading=17,
            spaceBefore=6,
            spaceAfter=6,
            textColor=ACCENT,
        ),
        h2=ParagraphStyle(
            "h2", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=13.5, spaceBefore=6, spaceAfter=3
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, spaceAfter=3),
        muted=ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=3),
        label=ParagraphStyle("label", parent=cell, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        head=ParagraphStyle("head", parent=cell, fontName=FONT_BOLD, textColor=INK),
        right=ParagraphStyle("right", parent=cell, alignment=TA_RIGHT),
        notice=ParagraphStyle(
            "notice",
            parent=body,
            borderColor=RULE,
            borderWidth=0.75,
            borderPadding=6,
            backColor=FILL,
            spaceBefore=8,
            spaceAfter=10,
        ),
    )


def text(value: str | None, style: ParagraphStyle | None = None, blank: bool = False) -> Paragraph:
    """A paragraph of the user's words, escaped; line breaks kept. `blank` prints a fill-in line when empty."""
    value = (value or "").strip()
    if not value and blank:
        return Paragraph(BLANK, style or styles().body)
    return Paragraph(with_fallback(escape(value).replace("\n", "<br/>")), style or styles().body)


def markup(value: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of the program's own markup (<b>, <i>); user words inside must go through `escape`."""
    return Paragraph(with_fallback(value), style or styles().body)


Cell = str | Flowable | None


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    width: float,
    zebra: bool = True,
) -> Table:
    """A table whose header repeats on every page and whose cells wrap (long words too), never clip.

    `widths` are fractions of `width`; text cells become paragraphs of the user's words."""
    s = styles()
    total = sum(widths)
    col_widths = [width * w / total for w in widths]
    data: list[list[Any]] = [[Paragraph(with_fallback(escape(h)), s.head) for h in header]]
    for row in rows:
        data.append([cell if isinstance(cell, Flowable) else text(cell or "", s.cell) for cell in row])
    table = Table(data, colWidths=col_widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        # a table sets its cells' font even around paragraphs: name ours, or Helvetica creeps in unembedded
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7fa")]))
    table.setStyle(TableStyle(commands))
    return table


def field_table(pairs: Sequence[tuple[str, Cell]], width: float, label_width: float = 0.3) -> Table:
    """Label and value pairs, one a row; an empty value prints as a line to fill in."""
    s = styles()
    data = []
    for label, value in pairs:
        cell = value if isinstance(value, Flowable) else text(value, s.cell, blank=True)
        data.append([Paragraph(with_fallback(escape(label)), s.label), cell])
    table = Table(data, colWidths=[width * label_width, width * (1 - label_width)], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, FILL),
            ]
        )
    )
    return table


def _numbered_canvas(footer_left: str) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each can say "Page N of M"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # otherwise every page names Helvetica, a font the PDF does not embed
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFillColor(MUTED)
            draw_runs(self, MARGIN, MARGIN * 0.55, footer_left, FONT, 8.5)
            self.setFont(FONT, 8.5)
            self.drawRightString(width - MARGIN, MARGIN * 0.55, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


class PdfRenderer:
    """One document: subclasses give `title` and `story()`; `render()` gives the PDF's bytes.

    Every page carries the person's name and "Prepared YYYY-MM-DD" at the top and "Page N of M" below."""

    title = "TrialLog document"

    def __init__(self, person_name: str, prepared: date, paper: str = "letter") -> None:
        if paper not in PAPERS:
            raise ValueError(f"paper: one of {', '.join(PAPERS)}, not {paper!r}")
        register_fonts()
        self.person_name = person_name
        self.prepared = prepared
        self.paper = paper
        self.pagesize = PAPERS[paper]
        self.styles = styles()
        self.width = self.pagesize[0] - 2 * MARGIN
        #: what the margins and the header take from a page's height
        self.height_margin = 2 * MARGIN + 0.3 * inch
        self.height = self.pagesize[1] - self.height_margin
        #: the text width on a landscape page, for tables too wide to read upright
        self.wide_width = self.pagesize[1] - 2 * MARGIN
        #: set by story() when the first page should be a landscape one
        self.starts_wide = False
        self.pages = 0

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def footer_text(self) -> str:
        return self.title

    def render(self) -> bytes:
        out = io.BytesIO()
        doc = BaseDocTemplate(
            out,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 0.3 * inch,
            bottomMargin=MARGIN,
            title=f"{self.title}: {self.person_name}",
            author=self.person_name,
            subject=f"Prepared {self.prepared.isoformat()}",
            creator="TrialLog",
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0)
        wide_size = landscape(self.pagesize)
        wide = Frame(
            MARGIN,
            MARGIN,
            self.wide_width,
            wide_size[1] - self.height_margin,
            id="wide",
            leftPadding=0,
            rightPadding=0,
        )
        templates = [
            PageTemplate(id="page", frames=[frame], onPage=self._header, pagesize=self.pagesize),
            PageTemplate(id="wide", frames=[wide], onPage=self._header, pagesize=wide_size),
        ]
        story = self.story()
        if self.starts_wide:
            templates.reverse()
        doc.addPageTemplates(templates)
        doc.build(story, canvasmaker=_numbered_canvas(self.footer_text()))
        self.pages = doc.page
        return out.getvalue()

    @staticmethod
    def turn_wide() -> list[Flowable]:
        """What follows starts on a landscape page (for a table too wide to read upright)."""
        return [NextPageTemplate("wide"), PageBreak()]

    @staticmethod
    def turn_upright() -> list[Flowable]:
        """What follows starts on an upright page again."""
        return [NextPageTemplate("page"), PageBreak()]

    def _header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        top = height - MARGIN + 4
        canvas.saveState()
        canvas.setFillColor(INK)
        draw_runs(canvas, MARGIN, top, self.person_name, FONT_BOLD, 9.5)
        canvas.setFont(FONT, 9.5)
        canvas.drawRightString(width - MARGIN, top, f"Prepared {self.prepared.isoformat()}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 5, width - MARGIN, top - 5)
        canvas.restoreState()
