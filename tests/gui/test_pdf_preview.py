"""A caregiver looks over a PDF inside TrialLog, zooms, saves a copy and prints it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog


def sample_pdf(pages: int = 3, paper: str = "letter") -> bytes:
    """A real TrialLog-looking PDF of `pages` pages, made the way the reports make theirs."""
    from datetime import date

    from reportlab.platypus import Flowable, PageBreak

    from triallog.reports.base import PdfRenderer, text

    class Sample(PdfRenderer):
        title = "Evidence packet"

        def story(self) -> list[Flowable]:
            flow: list[Flowable] = []
            for n in range(pages):
                if n:
                    flow.append(PageBreak())
                flow.append(text(f"Request for a step therapy exception — part {n + 1}", self.styles.title))
                flow.append(text("Topiramate 50 mg twice daily, Feb 2020 – Jun 2020: ineffective. " * 8))
            return flow

    return Sample("Dana Rivera", date(2024, 3, 10), paper=paper).render()


@pytest.fixture
def preview(qtbot):  # type: ignore[no-untyped-def]
    pdf = sample_pdf(3)
    dialog = PdfPreviewDialog(pdf, "Evidence packet — CG-1 — Dana Rivera", "Evidence packet - Dana Rivera.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page_count == 3)
    return dialog


def test_the_preview_shows_every_page_fitted_to_the_width(preview, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.view.pageMode() == QPdfView.PageMode.MultiPage
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert preview.page_text() == "Page 1 of 3"
    bar = preview.view.verticalScrollBar()
    bar.setValue(bar.maximum())  # scrolling down to the last page
    qtbot.waitUntil(lambda: preview.page_text() == "Page 3 of 3")
    preview.view.pageNavigator().jump(1, QPointF())
    qtbot.waitUntil(lambda: preview.page_text() == "Page 2 of 3")


def test_zoom_in_and_out_then_back_to_the_width(preview) -> None:  # type: ignore[no-untyped-def]
    preview.zoom_in()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    larger = preview.view.zoomFactor()
    preview.zoom_out()
    assert preview.view.zoomFactor() == pytest.approx(larger / 1.25)
    preview.fit_width()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_save_writes_the_exact_bytes_under_the_name_chosen(preview, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def choose(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(tmp_path / "for the plan"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    preview.save_button.click()
    saved = tmp_path / "for the plan.pdf"
    assert saved.read_bytes() == preview.pdf
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert Path(asked[0]).name == "Evidence packet - Dana Rivera.pdf"
    assert "Saved a copy as" in preview.note.text() and preview.isVisible()
    assert [p.name for p in tmp_path.iterdir()] == ["for the plan.pdf"], "no temporary file left"


def test_a_failed_save_says_so_calmly_and_keeps_the_preview_open(preview, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not a folder"
    blocker.write_text("x")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(blocker / "packet.pdf"), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    assert preview.save_pdf() is None
    assert warned and "Nothing was lost" in warned[0]
    assert preview.isVisible()


def test_cancelling_the_save_writes_nothing(preview, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert preview.save_pdf() is None
    assert preview.saved_to is None


def test_printing_draws_every_page_on_the_printer(preview, tmp_path) -> None:  # type: ignore[no-untyped-def]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == 3
    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    assert printed.pageCount() == 3


def test_a_pdf_that_cannot_be_read_is_said_plainly(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PdfPreviewDialog(b"not a pdf at all", "Broken", "broken.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Error)
    assert "cannot be shown here" in dialog.page_text()
    assert not dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_the_preview_as_a_user_sees_it(preview, qtbot) -> None:  # type: ignore[no-untyped-def]
    preview.resize(780, 900)
    qtbot.wait(500)  # QPdfView draws its pages in the background
    preview.grab().save("/tmp/h4-preview.png")


def test_a_closed_preview_lingers_until_its_pages_are_drawn_then_goes(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from triallog.gui.dialogs import pdf_preview

    monkeypatch.setattr(pdf_preview, "LINGER_MS", 200)
    owner = QWidget()
    qtbot.addWidget(owner)
    preview = PdfPreviewDialog(sample_pdf(3), "Sample", "sample.pdf", owner)
    gone: list[bool] = []
    preview.destroyed.connect(lambda: gone.append(True))
    preview.open_and_release()
    qtbot.waitUntil(lambda: preview.page_count == 3)

    preview.close()
    qtbot.wait(50)
    assert not gone  # not deleted under a page the view may still be drawing

    qtbot.waitUntil(lambda: bool(gone), timeout=3000)
