"""Run-time hook of the frozen TrialLog, in place of PyInstaller's PySide6 hook: Qt's plugin folder, without Qt.

PyInstaller's own hook imports PySide6.QtCore at every start, to register a qt.conf that PySide6's wheels already
register themselves when QtCore loads: 40 ms on every command, most of which never load Qt (`--version`,
`people --json`). This one only says where the plugins are; `make bundle-test` starts the window to prove it is enough.
"""

import os
import sys

_QT = (
    os.path.join(sys._MEIPASS, "PySide6")
    if sys.platform.startswith("win")
    else os.path.join(sys._MEIPASS, "PySide6", "Qt")
)
os.environ["QT_PLUGIN_PATH"] = os.path.join(_QT, "plugins")
del _QT
