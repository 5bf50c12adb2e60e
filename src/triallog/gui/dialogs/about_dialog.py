"""Help ▸ About TrialLog: the version, where the records are kept, and what TrialLog is built from.

Three tabs: About (the icon, the version, the data folder with a button that opens it), Licences (each
bundled part with its version, licence and where its source is, Qt's under the LGPL first) and Licence
texts (the full texts shipped with the program). Nothing here goes online: links open in the person's
own browser only if they click them.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import triallog
from triallog.notices import Notice, bundled, licence_texts, read_text

QT_NOTE = (
    "Qt and PySide6 are used under the GNU Lesser General Public License, version 3, unchanged, as shared "
    "libraries in TrialLog's folder: you may replace them with your own build of the same version. Their "
    "source is at the address given for each."
)


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About TrialLog")
        self.data_dir = data_dir
        self.tabs = QTabWidget()
        self.tabs.addTab(self._about(), "About")
        self.tabs.addTab(self._licences(), "Licences")
        self.tabs.addTab(self._texts(), "Licence texts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.tabs)
        column.addWidget(buttons)
        self.resize(640, 520)

    def _about(self) -> QWidget:
        from triallog.gui.desktop import application_icon

        page = QWidget()
        column = QVBoxLayout(page)
        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(application_icon().pixmap(96, 96))
        icon.setAccessibleName("TrialLog's icon")
        head.addWidget(icon)
        self.title = title = QLabel(
            f"<h2>TrialLog {html.escape(triallog.__version__)}</h2>"
            "<p>A dated record of medication trials, for step-therapy exceptions.</p>"
        )
        title.setWordWrap(True)
        head.addWidget(title, 1)
        column.addLayout(head)
        self.folder = QLabel(
            "<p>Your records are kept in this folder, on this computer only:</p>"
            f"<p><b>{html.escape(str(self.data_dir))}</b></p>"
            "<p>They never leave it unless you export them. TrialLog never connects to the internet.</p>"
        )
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.folder)
        self.open_folder = QPushButton("Open the data folder")
        self.open_folder.clicked.connect(self._show_folder)
        row = QHBoxLayout()
        row.addWidget(self.open_folder)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        column.addWidget(QLabel("This is free software under the GNU GPL, version 3 or later, with no warranty."))
        return page

    def _licences(self) -> QWidget:
        self.notices = bundled(qt_version=qVersion())
        self.licences = QTextBrowser()
        self.licences.setOpenLinks(False)  # a click opens the person's browser, never a page in here
        self.licences.anchorClicked.connect(QDesktopServices.openUrl)
        self.licences.setHtml(f"<p>{html.escape(QT_NOTE)}</p>" + "".join(_entry(notice) for notice in self.notices))
        return self.licences

    def _texts(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.text_choice = QComboBox()
        self.text_choice.setAccessibleName("Licence text")
        for title, path in licence_texts().items():
            self.text_choice.addItem(title, path)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text_choice.currentIndexChanged.connect(self._show_text)
        column.addWidget(self.text_choice)
        column.addWidget(self.text, 1)
        self._show_text()
        return page

    def _show_text(self) -> None:
        self.text.setPlainText(read_text(self.text_choice.currentData()))

    def _show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))


def _entry(notice: Notice) -> str:
    version = f" {html.escape(notice.version)}" if notice.version else ""
    source = (
        f"<br>Source: <a href='{html.escape(notice.source)}'>{html.escape(notice.source)}</a>" if notice.source else ""
    )
    return f"<p><b>{html.escape(notice.name)}</b>{version}<br>Licence: {html.escape(notice.licence)}{source}</p>"
