"""Look at a PDF inside TrialLog before it leaves: scroll its pages, zoom, print it or save a copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.file_places import remember, suggested_path
from triallog.gui.screen_room import resize_within_screen
from triallog.services.transfer import write_atomically

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 5.0


#: How long a closed preview lingers before it is deleted. QPdfView draws pages in the background,
#: and deleting it at once under a page still being drawn crashed the program (seen in full test runs).
LINGER_MS = 3000


class PdfPreviewDialog(QDialog):
    """The PDF's pages one under the other, fitted to the width; Print…, Save… and Close."""

    def __init__(self, pdf: bytes, title: str, suggested_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = bytes(pdf)
        self.suggested_name = suggested_name
        self.saved_to: Path | None = None
        # The view comes first so that it is destroyed first, while its document still exists. The
        # document reads from the buffer for as long as it is shown: the buffer holds its own copy of
        # the bytes and is the document's child, so it outlives the document's reading.
        self.view = QPdfView(self)
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self.document)
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setAccessibleName(f"Preview of {title}")

        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page")
        self.zoom_out_button = QPushButton("Zoom out")
        self.zoom_in_button = QPushButton("Zoom in")
        self.fit_button = QPushButton("Fit to width")
        self.zoom_out_button.setToolTip("Smaller (Ctrl+−)")
        self.zoom_in_button.setToolTip("Larger (Ctrl++)")
        self.fit_button.setToolTip("The whole width of the page (Ctrl+0)")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit_width)
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence("Ctrl+0"), self.fit_width),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        tools = QHBoxLayout()
        tools.addWidget(self.page_label)
        tools.addStretch(1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setAutoDefault(False)
            tools.addWidget(button)

        self.buttons = QDialogButtonBox()
        self.print_button = self.buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = self.buttons.addButton("&Save a copy…", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button.clicked.connect(self.save_pdf)
        self.buttons.rejected.connect(self.reject)
        for button in (self.print_button, self.save_button):
            button.setAutoDefault(False)
        self.close_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.hide()
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self.document.pageCountChanged.connect(self._show_page_number)
        self.document.statusChanged.connect(self._status_changed)
        self._show_page_number()
        self._status_changed()
        resize_within_screen(self, 780, 900)  # a page as tall as the screen allows

    # -- reading ------------------------------------------------------------------------

    def open_and_release(self) -> None:
        """Open window-modal; once closed, delete the preview a little later (see LINGER_MS)."""
        self.finished.connect(self._release)
        self.open()

    def _release(self, _result: int) -> None:
        QTimer.singleShot(LINGER_MS, self, self.deleteLater)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    @property
    def current_page(self) -> int:
        """The page at the top of the view, counted from 1."""
        return self.view.pageNavigator().currentPage() + 1

    def page_text(self) -> str:
        return self.page_label.text()

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        # From "fit to width", zoom from what is shown now (its factor is not reported), not from 100%.
        current = self.view.zoomFactor() if self.view.zoomMode() == QPdfView.ZoomMode.Custom else self._fitted()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(ZOOM_MAX, max(ZOOM_MIN, current * factor)))
        # Pages are centred in the width of the widest (a landscape table page): look at the middle.
        bar = self.view.horizontalScrollBar()
        bar.setValue((bar.maximum() + bar.minimum()) // 2)

    def _fitted(self) -> float:
        if self.page_count == 0:
            return 1.0
        points = self.document.pagePointSize(0)
        screen_width = points.width() * self.logicalDpiX() / 72
        return max(ZOOM_MIN, (self.view.viewport().width() - 2 * self.view.documentMargins().left()) / screen_width)

    def _show_page_number(self, *_args: object) -> None:
        total = self.page_count
        self.page_label.setText(f"Page {self.current_page} of {total}" if total else "")

    def _status_changed(self, *_args: object) -> None:
        failed = self.document.status() == QPdfDocument.Status.Error
        self.print_button.setEnabled(not failed)
        if failed:
            self.page_label.setText("This PDF cannot be shown here; you can still save a copy and open it elsewhere.")

    # -- print --------------------------------------------------------------------------

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except Exception as error:  # a printer problem must not close the preview or lose the PDF
            QMessageBox.warning(
                self,
                "Not printed",
                f"The printer did not take the document: {error}\n\n"
                "Nothing was lost: the preview is still open, and you can save a copy and print that.",
            )

    def print_to(self, printer: QPrinter) -> int:
        """Draw each page (or the range chosen) on the printer at its resolution. Returns pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 or last <= 0:
            first, last = 1, self.page_count
        last = min(last, self.page_count)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be opened")
        printed = 0
        try:
            dpi = printer.resolution()
            area = printer.pageLayout().paintRectPixels(dpi)
            for index in range(first - 1, last):
                if printed:
                    printer.newPage()
                target = _fitted_rect(self.document.pagePointSize(index), dpi, QRect(0, 0, area.width(), area.height()))
                image = self.document.render(index, target.size())
                painter.drawImage(target, image)
                printed += 1
        finally:
            painter.end()
        return printed

    # -- save ---------------------------------------------------------------------------

    def save_pdf(self) -> Path | None:
        start = suggested_path(self.suggested_name)
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save a copy of the PDF", start, "PDF documents (*.pdf)")
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            write_atomically(target, self.pdf)
        except OSError as error:
            QMessageBox.warning(
                self,
                "Not saved",
                f"The PDF could not be saved as {target}:\n{error.strerror or error}.\n\n"
                "Nothing was lost: the preview is still open. Try another folder, such as Documents.",
            )
            return None
        self.saved_to = target
        remember(target)
        self.note.setText(f"Saved a copy as {target}")
        self.note.show()
        return target


def _fitted_rect(points: QSizeF, dpi: int, area: QRect) -> QRect:
    """The page at its true size in printer pixels, shrunk (never stretched) to fit the printable area."""
    width = points.width() * dpi / 72
    height = points.height() * dpi / 72
    scale = min(1.0, area.width() / width, area.height() / height) if width and height else 1.0
    size = QSize(max(1, round(width * scale)), max(1, round(height * scale)))
    corner = QPointF((area.width() - size.width()) / 2, 0)
    return QRect(corner.toPoint(), size)
