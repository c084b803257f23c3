"""The QApplication and its main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from mentordesk import APP_NAME, __version__
from mentordesk.errors import MentorDeskError
from mentordesk.store.database import Database, open_database


class MainWindow(QMainWindow):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle(f"{APP_NAME} — {database.display_name}")
        self.setCentralWidget(QLabel(f"Database: {database.display_name}"))
        self.resize(1280, 800)


def run_application(location: str, *, explicit: bool) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    try:
        database = open_database(location)
    except MentorDeskError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 2
    window = MainWindow(database)
    window.show()
    return app.exec()
