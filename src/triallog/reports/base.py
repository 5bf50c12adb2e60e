"""What every TrialLog PDF shares: the embedded fonts, one stylesheet, the page frame and "Page N of M"."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Collection, Sequence
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
    FrameBreak,
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

#: what every page of a redacted copy says in its header
REDACTED_MARK = "REDACTED COPY"
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
    font = pdfmetrics.getFont(FONT)
    assert isinstance(font, TTFont)  # registered from a TTF file just above
    return frozenset(font.face.charToGlyph)


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


class Whole(str):
    """A value that must print on one line: a reference number, an NPI, a member ID, a phone or fax number.

    `data_table` and `field_table` keep it whole (see `keep_whole`); anywhere else it is an ordinary str."""


Cell = str | Flowable | None

#: a data_table cell's left and right padding, and a field_table's
_TABLE_PAD = (3.0, 3.0)
_FIELD_PAD = (0.0, 6.0)
#: points a word may outgrow its cell's text width before it counts as not fitting (rounding only)
_SLACK = 0.5


def keep_whole(value: str) -> str:
    """`value` on one line: its spaces become no-break spaces (U+00A0), where reportlab never wraps a
    line, while a PDF reader still extracts the very characters, so a search for the number finds it.
    Hyphens stay ASCII hyphens: a no-break hyphen (U+2011) would hide "CG-2023-0045871" from a search."""
    return "\u00a0".join(value.replace("\u200b", "").split())


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    width: float,
    zebra: bool = True,
    whole: Collection[int] = (),
) -> Table:
    """A table whose header repeats on every page and whose cells wrap at spaces, never inside a word.

    `widths` are the columns' shares of `width`, but each column is made as wide as its longest word
    (taken from the widest columns); only a word too long for any fair share is cut, never clipped.
    Text cells become paragraphs of the user's words; those in the `whole` columns, and any `Whole`
    value, print on one line (reference numbers, NPIs, member IDs, phone numbers)."""
    s = styles()
    data: list[list[Any]] = [[Paragraph(with_fallback(escape(h)), s.head) for h in header]]
    for row in rows:
        data.append([_cell(cell, s.cell, column in whole) for column, cell in enumerate(row)])
    col_widths = _fit_words(data, widths, width, _TABLE_PAD)
    table = _RowsTable(data, colWidths=col_widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        # a table sets its cells' font even around paragraphs: name ours, or Helvetica creeps in unembedded
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), _TABLE_PAD[0]),
        ("RIGHTPADDING", (0, 0), (-1, -1), _TABLE_PAD[1]),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7fa")]))
    table.setStyle(TableStyle(commands))
    return table


class _RowsTable(Table):
    """A table split between two rows continues on the next page. Left alone, reportlab offers the
    rest of the page to the second part, which then prints its header again mid-page, over the top
    of a row split in two (a row is split only when it is taller than a page would hold)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = parts
        # the stubs leave out a table's rows (_cellvalues): reportlab gives no public count of them
        rows = len(first._cellvalues) + len(rest._cellvalues)  # type: ignore[attr-defined]
        between_rows = rows - self.repeatRows == len(self._cellvalues)  # type: ignore[attr-defined]
        return [first, FrameBreak, rest] if between_rows else parts


def field_table(
    pairs: Sequence[tuple[str, Cell]],
    width: float,
    label_width: float = 0.3,
    whole: Collection[str] = (),
) -> Table:
    """Label and value pairs, one a row; an empty value prints as a line to fill in. The values of the
    labels in `whole`, and any `Whole` value, print on one line (an NPI, a member ID, a fax number)."""
    s = styles()
    data: list[list[Any]] = []
    for label, value in pairs:
        data.append([Paragraph(with_fallback(escape(label)), s.label), _cell(value, s.cell, label in whole, True)])
    col_widths = _fit_words(data, (label_width, 1 - label_width), width, _FIELD_PAD)
    table = Table(data, colWidths=col_widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), _FIELD_PAD[0]),
                ("RIGHTPADDING", (0, 0), (-1, -1), _FIELD_PAD[1]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, FILL),
            ]
        )
    )
    return table


def _cell(value: Cell, style: ParagraphStyle, whole: bool, blank: bool = False) -> Flowable:
    if isinstance(value, Flowable):
        return value
    raw = value or ""
    return text(keep_whole(raw) if whole or isinstance(value, Whole) else raw, style, blank=blank)


def _fit_words(data: list[list[Any]], shares: Sequence[float], width: float, pad: tuple[float, float]) -> list[float]:
    """Column widths adding up to `width`, each at least as wide as the longest word in its cells.

    Then no cell splits a word (splitLongWords off); in a column whose longest word cannot have its room
    (the words of all columns do not fit side by side), the cells too wide for it still split theirs:
    a cut word reads better than one drawn over its neighbour or off the page."""
    total = sum(shares)
    preferred = [width * w / total for w in shares] if total > 0 else [width / len(shares)] * len(shares)
    padding = pad[0] + pad[1] + _SLACK
    needs = [0.0] * len(preferred)
    for row in data:
        for column, cell in enumerate(row[: len(needs)]):
            if isinstance(cell, Paragraph):
                needs[column] = max(needs[column], cell.minWidth() + padding)
    widths = fitted_widths(needs, preferred, width)
    for row in data:
        for column, cell in enumerate(row[: len(widths)]):
            if isinstance(cell, Paragraph):
                fits = cell.minWidth() + padding <= widths[column] + _SLACK
                cell.style = _word_splitting(cell.style, not fits)
    return widths


def fitted_widths(needs: Sequence[float], preferred: Sequence[float], width: float) -> list[float]:
    """Widths adding up to `width`: each column its `preferred` width, raised to its `needs`, the rise
    taken from the widest columns (levelled down to a common width, none below its own need).

    A column widens past a quarter of `width` (and past its preferred width) only while every other
    column keeps at least half its preferred width: else its outsized word (a web address, a
    40-character number) is cut, rather than starve the columns of prose. When even the other needs
    add up to more than `width`, the largest come down to a common width, so that every column keeps a
    fair share and only the longest words are cut."""
    wanted = list(needs)
    outsized = sorted(
        (i for i, (need, share) in enumerate(zip(needs, preferred, strict=True)) if need > max(share, width / 4)),
        key=lambda i: needs[i],
    )
    for i in outsized:
        wanted[i] = preferred[i]
    for i in outsized:  # the smallest first: the likeliest to fit
        trial = [*wanted[:i], needs[i], *wanted[i + 1 :]]
        if sum(trial) > width:
            continue
        widths = _levelled(trial, preferred, width)
        if all(widths[j] >= preferred[j] / 2 - 0.01 for j in range(len(widths)) if j != i):
            wanted = trial
    if sum(wanted) > width:
        ceiling = _level(lambda level: sum(min(need, level) for need in wanted), width)
        wanted = [min(need, ceiling) for need in wanted]
    return _levelled(wanted, preferred, width)


def _levelled(needs: Sequence[float], preferred: Sequence[float], width: float) -> list[float]:
    """`preferred`, each raised to its need, the widest levelled down so that they add up to `width`
    (the needs must fit in it)."""

    def at(level: float) -> list[float]:
        return [max(need, min(share, level)) for need, share in zip(needs, preferred, strict=True)]

    widths = at(_level(lambda level: sum(at(level)), width))
    # rounding: the last hair of difference goes to the widest column
    widest = widths.index(max(widths))
    widths[widest] += width - sum(widths)
    return widths


def _level(total: Callable[[float], float], width: float) -> float:
    """The lowest level at which `total` (which only grows with the level) reaches `width`, by bisection."""
    low, high = 0.0, width
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if total(middle) < width else (low, middle)
    return high


@functools.lru_cache(maxsize=256)
def _word_splitting(style: ParagraphStyle, split: bool) -> ParagraphStyle:
    """The style with reportlab's splitLongWords set; the cache keeps one copy per style."""
    if bool(style.splitLongWords) == split:
        return style
    return ParagraphStyle(f"{style.name}_{'split' if split else 'whole'}", parent=style, splitLongWords=int(split))


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
            # reportlab's own "page N of M" recipe: begin the next page without writing this one out yet
            self._startPage()  # type: ignore[attr-defined]  # a private method the stubs leave out

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize  # type: ignore[attr-defined]  # this page's size: private, not in the stubs
            self.saveState()
            self.setFillColor(MUTED)
            draw_runs(self, MARGIN, MARGIN * 0.55, footer_left, FONT, 8.5)
            self.setFont(FONT, 8.5)
            self.drawRightString(width - MARGIN, MARGIN * 0.55, f"Page {self.getPageNumber()} of {total}")
            self.restoreState()

    return NumberedCanvas


class PdfRenderer:
    """One document: subclasses give `title` and `story()`; `render()` gives the PDF's bytes.

    Every page carries the person's name and "Prepared YYYY-MM-DD" at the top (after "REDACTED COPY"
    on a `redacted` copy) and "Page N of M" below. The PDF's metadata name the kind of document and
    TrialLog, never the person: they travel with the file, unseen, wherever it is sent."""

    title = "TrialLog document"

    def __init__(self, person_name: str, prepared: date, paper: str = "letter", *, redacted: bool = False) -> None:
        if paper not in PAPERS:
            raise ValueError(f"paper: one of {', '.join(PAPERS)}, not {paper!r}")
        register_fonts()
        self.person_name = person_name
        self.prepared = prepared
        self.redacted = redacted
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

    def metadata_title(self) -> str:
        """The PDF's Title field: the kind of document, from the class, so that a title an instance
        composes from its person or case (a drug, a denial reference) never reaches the metadata."""
        return type(self).title

    def render(self) -> bytes:
        out = io.BytesIO()
        doc = BaseDocTemplate(
            out,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 0.3 * inch,
            bottomMargin=MARGIN,
            title=self.metadata_title(),
            author="TrialLog",
            subject="",
            keywords=[],
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
        width, height = doc.pageTemplate.pagesize  # upright or wide, as this page is
        top = height - MARGIN + 4
        canvas.saveState()
        canvas.setFillColor(INK)
        draw_runs(canvas, MARGIN, top, self.person_name, FONT_BOLD, 9.5)
        prepared = f"Prepared {self.prepared.isoformat()}"
        canvas.setFont(FONT, 9.5)
        canvas.drawRightString(width - MARGIN, top, prepared)
        if self.redacted:
            # beside the date, in the header's own ink: plain to see, no alarm
            right = width - MARGIN - pdfmetrics.stringWidth(prepared, FONT, 9.5) - 14
            canvas.setFont(FONT_BOLD, 9.5)
            canvas.drawRightString(right, top, REDACTED_MARK)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 5, width - MARGIN, top - 5)
        canvas.restoreState()
