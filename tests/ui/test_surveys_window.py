"""Survey rounds in the window: plan a round, make forms, drop a folder of returned forms,
review the rows, import, see the pair's trust change; a paper form typed in by its code."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from mentordesk.domain.questionnaire import ITEMS
from mentordesk.domain.vocabularies import Respondent
from mentordesk.services import surveys
from mentordesk.services.roster import pair_details
from mentordesk.services.trust import latest_assessment
from mentordesk.store.models import Assessment, SurveyRespondent
from mentordesk.ui.dialogs.assessment_dialog import AssessmentDialog
from mentordesk.ui.dialogs.surveys_dialog import (
    CollectDialog,
    PlanRoundDialog,
    SendDialog,
    SurveysDialog,
)
from tests.factories import make_pair, make_person, make_program
from tests.surveys.conftest import ratings
from tests.surveys.filling import fill_with_pdfium, fill_with_pypdf
from tests.ui.conftest import run_dialog

TODAY = date.today()


def _scene(database) -> tuple[int, int]:
    with database.transaction() as session:
        program = make_program(session, name="Engineering", start_date=TODAY - timedelta(90))
        first = make_pair(
            session, program, mentee=make_person(session, name="Bilal Haddad"),
            mentor=make_person(session, name="Ana Sørensen", can_mentor=True, capacity=2),
            start_date=TODAY - timedelta(60),
        )
        second = make_pair(
            session, program, mentee=make_person(session, name="Dara O'Neill"),
            start_date=TODAY - timedelta(60),
        )
        return first.id, second.id


def test_plan_make_forms_drop_a_folder_and_import(ui_database, make_window, qtbot, tmp_path):
    first, second = _scene(ui_database)
    window = make_window()
    dialog = SurveysDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    # Both pairs are due for their first check-up (30 days after the start).
    assert dialog.due_table.rowCount() == 2

    def plan(form: PlanRoundDialog) -> None:
        qtbot.keyClicks(form.name, "Check-up 1")
        form.respondents.setCurrentIndex(form.respondents.findData("both"))
        qtbot.mouseClick(
            form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )

    driver = run_dialog(qtbot, PlanRoundDialog, plan)
    qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
    driver.finish()
    assert dialog.rounds_table.rowCount() == 1
    assert dialog.people_table.rowCount() == 4
    assert dialog.due_table.rowCount() == 0  # the new round covers them

    out = tmp_path / "forms"

    def send(form: SendDialog) -> None:
        form.folder.setText(str(out))
        form.accept()

    driver = run_dialog(qtbot, SendDialog, send)
    qtbot.mouseClick(dialog.forms_button, Qt.MouseButton.LeftButton)
    driver.finish()
    pdfs = {p.name.split("(")[-1].rstrip(").pdf"): p for p in out.glob("*.pdf")}
    assert len(pdfs) == 4 and len(list(out.glob("*.eml"))) == 4
    assert "4 forms and 4 e-mail drafts" in dialog.status.text()

    round_id = dialog.rounds[0].id
    back = tmp_path / "back"
    back.mkdir()
    fill_with_pypdf(pdfs[f"R{round_id}-{first:04d}-E"], back / "bilal.pdf", ratings(2))
    fill_with_pdfium(pdfs[f"R{round_id}-{second:04d}-E"], back / "dara.pdf", ratings(5))
    (back / "scan.pdf").write_bytes(b"JFIF not a pdf")
    seen: dict[str, object] = {}

    def review(collect: CollectDialog) -> None:
        table = collect.table
        seen["rows"] = [
            tuple(table.item(row, column).text() for column in range(table.columnCount()))
            for row in range(table.rowCount())
        ]
        seen["all_enabled"] = collect.import_all.isEnabled()
        qtbot.mouseClick(collect.import_valid, Qt.MouseButton.LeftButton)
        seen["summary"] = collect.summary.text()

    driver = run_dialog(qtbot, CollectDialog, review)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(back))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    dialog.dropEvent(drop)
    driver.finish()
    rows = seen["rows"]
    assert ("bilal.pdf", "ready to import", "Bilal Haddad (mentee)",
            "Bilal Haddad with Ana Sørensen", "Check-up 1", "complete") in rows
    # Refused files come first, with the reason.
    assert rows[0][:2] == ("scan.pdf", "it is not a PDF file")
    assert seen["all_enabled"] is False  # all or nothing: one file is refused
    assert seen["summary"] == "Imported 2 forms."
    with ui_database.transaction() as session:
        assert latest_assessment(session, first).overall == 2.0
        assert latest_assessment(session, second).overall == 5.0
        summary = surveys.get_round(session, round_id)
    assert (summary.answered, summary.asked) == (2, 4)
    assert "response rate 50 %" in dialog.people_title.text()
    dialog.grab().save(str(tmp_path / "round.png"))


def test_a_paper_code_opens_the_pair_round_and_respondent(ui_database, make_window, qtbot):
    first, second = _scene(ui_database)
    with ui_database.transaction() as session:
        program_id = pair_details(session, first).program_id
        survey = surveys.plan_round(session, program_id, name="Paper round", kind="checkup",
                                    due_on=TODAY, respondents="both")
        shown = pair_details(session, first)
    window = make_window()
    dialog = AssessmentDialog(window.context, shown, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    # The mentee's form by default; the code of the second pair's mentor's paper form.
    assert dialog.rows[0].statement.text() == f"1. {ITEMS[0].statement}"
    qtbot.keyClicks(dialog.paper_code, f"r{survey.id}-{second:04d}-m")
    qtbot.keyClick(dialog.paper_code, Qt.Key.Key_Return)
    assert dialog.pair.id == second
    assert dialog.respondent_value is Respondent.MENTOR
    assert dialog.rows[0].hasFocus()
    # The mentor answers the mirrored statements, without item codes under them.
    assert dialog.rows[0].statement.text() == f"1. {ITEMS[0].mentor_statement}"
    assert "competence_1" not in dialog.rows[0].statement.text()
    for _item in ITEMS:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    with ui_database.transaction() as session:
        (assessment,) = session.scalars(select(Assessment)).all()
        assert (assessment.pair_id, assessment.respondent, assessment.overall) == (
            second, "mentor", 4.0
        )
        assert assessment.survey_round_id == survey.id
        asked = session.scalar(select(SurveyRespondent).where(
            SurveyRespondent.pair_id == second, SurveyRespondent.respondent == "mentor"
        ))
        assert asked.state == "answered"


def test_a_wrong_paper_code_is_pointed_at(ui_database, make_window, qtbot):
    first, _second = _scene(ui_database)
    with ui_database.transaction() as session:
        shown = pair_details(session, first)
    window = make_window()
    dialog = AssessmentDialog(window.context, shown, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.paper_code, "R99-0001-E")
    qtbot.keyClick(dialog.paper_code, Qt.Key.Key_Return)
    assert "no survey round number 99" in dialog.problem_label.text()
    assert dialog.marked_field == "paper_code"
    assert dialog.pair.id == first


def test_forms_dropped_on_the_main_window_are_collected(
    ui_database, make_window, qtbot, tmp_path, monkeypatch
):
    first, _second = _scene(ui_database)
    with ui_database.transaction() as session:
        program_id = pair_details(session, first).program_id
        survey = surveys.plan_round(session, program_id, name="Dropped", kind="checkup",
                                    due_on=TODAY)
        specs = surveys.form_specs(session, survey.id)
    from mentordesk.surveys.sending import write_round_folder

    sent = write_round_folder(specs, tmp_path / "out")
    back = tmp_path / "back"
    back.mkdir()
    for path in sent.forms:
        fill_with_pypdf(path, back / path.name, ratings(3))
    window = make_window()
    seen: dict[str, object] = {}

    def review(collect: CollectDialog) -> None:
        seen["rows"] = collect.table.rowCount()
        qtbot.mouseClick(collect.import_all, Qt.MouseButton.LeftButton)
        seen["summary"] = collect.summary.text()

    collect_driver = run_dialog(qtbot, CollectDialog, review)

    opened: list[SurveysDialog] = []

    def show_instead(dialog: SurveysDialog) -> int:  # not modal, so the test goes on
        opened.append(dialog)
        dialog.show()
        return 0

    monkeypatch.setattr(SurveysDialog, "exec", show_instead)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(back))])
    window.dropEvent(QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    ))
    qtbot.waitUntil(lambda: "summary" in seen, timeout=10_000)
    collect_driver.finish()
    assert len(opened) == 1
    qtbot.addWidget(opened[0])
    assert seen["rows"] == 2
    assert seen["summary"] == "Imported 2 forms."
    with ui_database.transaction() as session:
        assert surveys.get_round(session, survey.id).answered == 2


def test_reminder_drafts_only_for_those_not_yet_answered(
    ui_database, make_window, qtbot, tmp_path
):
    first, second = _scene(ui_database)
    with ui_database.transaction() as session:
        program_id = pair_details(session, first).program_id
        survey = surveys.plan_round(session, program_id, name="Remind", kind="checkup",
                                    due_on=TODAY)
        surveys.set_refused(session, survey.id, second, "mentee", "On leave")
    window = make_window()
    dialog = SurveysDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Refused (On leave)" in [
        dialog.people_table.item(row, 4).text() for row in range(dialog.people_table.rowCount())
    ]

    def send(form: SendDialog) -> None:
        assert form.subject.text().startswith("Reminder")
        form.folder.setText(str(tmp_path / "reminders"))
        form.accept()

    driver = run_dialog(qtbot, SendDialog, send)
    qtbot.mouseClick(dialog.remind_button, Qt.MouseButton.LeftButton)
    driver.finish()
    drafts = list((tmp_path / "reminders").glob("*.eml"))
    assert [d.name.split(" - ")[1].split(" (")[0] for d in drafts] == ["Bilal Haddad"]
