"""Help inside the program: the short user guide (F1) and the keyboard shortcuts.

The guide's rules and flag explanations come from the domain (``RiskFlag``'s
label, weight and description, the default trust thresholds, the risk rules'
day counts), so the guide says what the program does. The shortcuts list is
read from the window's own actions, so it cannot drift from the keys.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mentordesk.domain import risk
from mentordesk.domain.consistency import OBSERVATION_DAYS
from mentordesk.domain.scoring import DEFAULT_THRESHOLDS
from mentordesk.domain.vocabularies import FlagWeight, Health, RiskFlag
from mentordesk.ui.formatting import number


@dataclass(frozen=True)
class Shortcut:
    """One keyboard shortcut: where it is (menu), what it does, its keys as shown."""

    menu: str
    action: str
    keys: str


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersand or trailing dots: "&New pair…" -> "New pair"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    """The action's keys as the platform writes them; the first two that a keyboard has
    (not the media keys "Redo" or "Help" that Qt binds besides)."""
    written = [
        key.toString(QKeySequence.SequenceFormat.NativeText)
        for key in action.shortcuts()
        if not key.isEmpty()
    ]
    typed = [text for text in written if "+" in text or _is_plain_key(text)]
    return " or ".join(typed[:2])


def _is_plain_key(text: str) -> bool:
    return (text[:1] == "F" and text[1:].isdigit()) or text in ("Del", "Delete", "Esc")


def shortcuts_of(menus: Iterable[tuple[str, Iterable[QAction]]]) -> list[Shortcut]:
    """Every action with a shortcut in ``menus`` ((menu title, its actions)), in menu order."""
    found: list[Shortcut] = []
    seen: set[int] = set()
    for title, actions in menus:
        for action in actions:
            menu = action.menu()
            if menu is not None:
                found.extend(shortcuts_of([(title, menu.actions())]))
                continue
            keys = _keys(action)
            if not keys or id(action) in seen:
                continue
            seen.add(id(action))
            found.append(Shortcut(_plain(title), _plain(action.text()), keys))
    return found


#: Keys that work inside the views and forms (not menu actions, so listed here).
IN_VIEWS: tuple[tuple[str, str], ...] = (
    ("Enter", "Open the selected pair, person or conflict"),
    ("Esc", "Clear the search box; again, go back to the table"),
    ("Down", "From a search box to the first row found"),
    ("Space", "Tick the selected person in a workshop's attendance"),
    ("Tab / Shift+Tab", "Next / previous field of a form"),
    ("Alt + underlined letter", "Go to that field or button"),
    ("Enter", "Save a form (from a one-line field)"),
)


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: one table, generated from the window's actions."""

    def __init__(self, shortcuts: Sequence[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.shortcuts = list(shortcuts)
        rows = [(s.keys, s.action, s.menu) for s in self.shortcuts]
        rows += [(keys, what, "In the views") for keys, what in IN_VIEWS]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Keys", "Does", "Where"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(QSize(620, 560))

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows (tests read it)."""
        return [
            tuple(self.table.item(row, column).text() for column in range(3))  # type: ignore[misc]
            for row in range(self.table.rowCount())
        ]


def flags_html() -> str:
    """Every risk flag: its label, weight and when it is raised (from the domain)."""
    rows = []
    for weight in (FlagWeight.MAJOR, FlagWeight.MINOR):
        for flag in RiskFlag:
            if flag.weight is weight:
                rows.append(
                    f"<tr><td><b>{html.escape(flag.label)}</b></td>"
                    f"<td>{flag.weight.label}</td><td>{html.escape(flag.description)}</td></tr>"
                )
    return (
        "<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse'>"
        "<tr><th align='left'>Flag</th><th align='left'>Weight</th>"
        "<th align='left'>Raised when</th></tr>" + "".join(rows) + "</table>"
    )


def guide_html(key_of: dict[str, str] | None = None) -> str:
    """The user guide as HTML; ``key_of`` names the keys of the actions it mentions."""
    keys = key_of or {}

    def key(name: str) -> str:
        value = keys.get(name)
        return f" (<b>{html.escape(value)}</b>)" if value else ""

    high, medium = number(DEFAULT_THRESHOLDS.high, 1), number(DEFAULT_THRESHOLDS.medium, 1)
    return f"""
<h2>MentorDesk: the short guide</h2>
<p>MentorDesk keeps the workplace mentoring pairs of your programs in one place,
keeps their <b>trust</b> visible and warns you early when a pair drifts.</p>

<h3>Starting out</h3>
<ol>
<li>Import the roster from HR: <b>File → Import roster</b> (a CSV or Excel export), or add
people one by one in <b>People</b>.</li>
<li>Make pairs: <b>New pair</b>{key("new_pair")} or let <b>Find a mentor</b>{key("match")}
propose mentors for a mentee, with why.</li>
<li>For formal pairs, record the signed agreement on the pair's page.</li>
</ol>

<h3>A day's work</h3>
<ol>
<li><b>Dashboard</b>{key("view:dashboard")}: the figures and the pairs needing attention.
Click a figure to see the pairs behind it; select a pair to read why it is flagged,
Enter opens it.</li>
<li>After a meeting, <b>Log activity</b>{key("log_activity")} for the selected or shown pair:
held, missed or cancelled.</li>
<li>When a mentee answers the trust questionnaire, <b>Record assessment</b>
{key("assessment")}.</li>
<li>In the <b>Conflicts</b> log, move each conflict on with a dated note; resolving one
asks for its root cause and outcome.</li>
<li>In <b>Ethics</b>, confirm each pair's five guidelines or record a concern.</li>
<li><b>Reports</b>{key("reports")} prints the program's and the pairs' reports.</li>
</ol>
<p>Every change can be taken back with <b>Undo</b>{key("undo")}. The toolbar's
<b>As of</b> day shows the figures as they stood on another day.</p>

<h3>The rules in plain words</h3>
<ul>
<li><b>Trust score</b>: the mean of the four dimensions (competence, integrity,
benevolence, loyalty) of the mentee's latest questionnaire, 1 to 5. <b>High</b> trust
from {high}, <b>medium</b> from {medium}, <b>low</b> below (each program can set
its own thresholds).</li>
<li><b>Check-in adherence</b>: held check-ins against the cadence over the last
{OBSERVATION_DAYS} days, or since the pair started when that is shorter. A pair younger
than one cadence is "too new" to have one.</li>
<li><b>Health</b> of an active pair: <b>{Health.HEALTHY.label}</b> with no flag;
<b>{Health.WATCH.label}</b> with one or two minor flags; <b>{Health.AT_RISK.label}</b>
with any major flag, or three or more minor ones.</li>
<li>A person is never their own mentor, and is mentee in at most one proposed or active
pair per program. A mentor in the mentee's management chain needs a written disclosure
(a conflict-of-interest entry); the flag stays.</li>
<li>Conflicts move from open to in dialogue and mediation, then to resolved, closed
unresolved or escalated. Escalated is not settled: it keeps the open-conflict flag until
it is resolved or closed.</li>
<li>Confidential notes and conflicts never appear in a program report unless you ask;
the report then says CONFIDENTIAL on every page. The audit log records that a change
happened, never the confidential text.</li>
</ul>

<h3>What each flag means</h3>
<p>Flags are worked out for active pairs on the <b>As of</b> day; records after it do
not count. Open conflicts older than {risk.CONFLICT_AGE_DAYS} days count even when
not high severity.</p>
{flags_html()}

<h3>Keys</h3>
<p><b>Help → Keyboard shortcuts</b> lists every key. Each view has one:
Ctrl+1 to Ctrl+9, and Ctrl+0 for the tenth.</p>
"""


class UserGuideDialog(QDialog):
    """F1: the short user guide, inside the program (no browser, works offline)."""

    def __init__(self, key_of: dict[str, str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("MentorDesk guide")
        self.browser = QTextBrowser()
        self.browser.setObjectName("userGuide")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(guide_html(key_of))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(QSize(720, 640))

    def text(self) -> str:
        return self.browser.toPlainText()
