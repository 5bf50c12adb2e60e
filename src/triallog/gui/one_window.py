"""One window per data folder: the first window answers a second TrialLog, which offers to show it.

The folder itself is held by `storage.lock.FolderLock` (an OS lock, so a crash never leaves it taken).
The window holding it also listens on a local socket named after the folder; a second TrialLog that
finds the folder taken asks the person what to do, and can ask the first window to come to the front.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox, QWidget

RAISE = b"raise\n"
WAIT_MS = 2000


def server_name(folder: Path) -> str:
    """The same name for the same data folder, whoever asks; a different one for every other folder."""
    digest = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:24]
    return f"triallog-{digest}"


class WindowServer(QObject):
    """Listens for a second TrialLog on the same folder; `raise_requested` asks the window to the front."""

    raise_requested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user's programs only
        self.server.newConnection.connect(self._connected)

    def listen(self) -> bool:
        """Start listening. Call only while holding the folder lock: a name left by a crashed window is
        then certainly stale, and is taken over."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _connected(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()


def ask_first_window_to_show(folder: Path, wait_ms: int = WAIT_MS) -> bool:
    """Ask the window holding `folder` to come to the front; False when no window answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(wait_ms):
        return False
    socket.write(RAISE)
    sent = socket.waitForBytesWritten(wait_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(wait_ms)
    return sent


class Choice(Enum):
    SHOW = "show"
    READ_ONLY = "read-only"
    CANCEL = "cancel"


def ask_when_already_open(parent: QWidget | None = None, again: bool = False) -> Choice:
    """The folder is held by another window: show it, open a read-only window, or do nothing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("TrialLog is already open")
    box.setText("Your records are already open in another TrialLog window.")
    box.setInformativeText(
        (
            "That window did not answer; it may still be starting, or be on another desktop. "
            if again
            else "You can bring that window to the front. "
        )
        + "Or open a second window that only shows your records (read-only): "
        "changes are made in the first window."
    )
    show = box.addButton("Show that window", QMessageBox.ButtonRole.AcceptRole)
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(show)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is show:
        return Choice.SHOW
    if clicked is read_only:
        return Choice.READ_ONLY
    return Choice.CANCEL
