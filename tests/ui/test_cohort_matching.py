"""The cohort matching window: intake, weights, plan, swap, keep, run again, publish,
undo and redo, checked in the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from mentordesk.store.models import Pair, Person
from mentordesk.ui.dialogs.choose_people import ChoosePeopleDialog
from mentordesk.ui.dialogs.cohort_matching import CohortMatchingDialog
from mentordesk.ui.models.cohort_model import PlanColumn
from tests.factories import make_person, make_program
from tests.ui.conftest import run_dialog, wait_for_workers


def fill(database) -> dict[str, int]:
    with database.transaction() as session:
        make_program(session, name="Spring 2027", default_model="informal")
        bea = make_person(session, name="Bea Boss", can_mentor=True, capacity=3, department="Ops")
        ids = {"bea": bea.id}
        for name, skills, department, capacity in (
            ("Max Mentor", ["python", "sql"], "Finance", 2),
            ("Noa Mentor", ["design"], "Sales", 1),
            ("Ola Mentor", ["python"], "Ops", 2),
        ):
            ids[name.split()[0]] = make_person(
                session, name=name, skills=skills, department=department, can_mentor=True,
                capacity=capacity,
            ).id  # fmt: skip
        for name, skills in (
            ("Ada", ["python"]),
            ("Cy", ["design"]),
            ("Di", ["sql"]),
            ("Eve", ["python", "design"]),
        ):
            ids[name] = make_person(
                session, name=name, skills=skills, department="Ops", manager_id=bea.id
            ).id
        ids["Zed"] = make_person(session, name="Zed Bystander").id
    return ids


def pairs_in(database) -> dict[str, tuple[str, str]]:
    with database.transaction() as session:
        rows = session.execute(select(Pair.mentee_id, Pair.mentor_id, Pair.status)).all()
        name = {p.id: p.name for p in session.scalars(select(Person))}
        return {name[mentee]: (name[mentor], status) for mentee, mentor, status in rows}


def line_of(dialog: CohortMatchingDialog, mentee: str) -> tuple[str, str, bool]:
    model = dialog.model
    for row in range(model.rowCount()):
        line = model.row_at(row)
        if line.mentee == mentee:
            return line.mentor, line.why, line.locked
    raise AssertionError(f"{mentee} is not in the plan")


def test_intake_weight_run_swap_keep_rerun_publish_undo_redo(
    qtbot, make_window, ui_database, messages
) -> None:
    ids = fill(ui_database)
    window = make_window()
    window.cohort_action.trigger()
    dialog = window.cohort_window
    assert isinstance(dialog, CohortMatchingDialog)
    qtbot.waitExposed(dialog)

    # Intake: tick four mentees in the list (Zed stays out).
    dialog.intake_box.setCurrentIndex(dialog.intake_box.findData("chosen"))

    def tick(chooser: ChoosePeopleDialog) -> None:
        qtbot.keyClicks(chooser.search, "a")  # the filter hides, ticks stay
        chooser.search.clear()
        for row in range(chooser.list.count()):
            item = chooser.list.item(row)
            if item.text().split(" —")[0] in ("Ada", "Cy", "Di", "Eve"):
                item.setCheckState(Qt.CheckState.Checked)
        assert chooser.count.text() == "4 chosen"
        chooser.accept()

    driver = run_dialog(qtbot, ChoosePeopleDialog, tick)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    driver.finish()
    assert sorted(dialog.chosen_ids) == sorted(ids[n] for n in ("Ada", "Cy", "Di", "Eve"))

    # A weight: another department counts 2.
    box = dialog.weight_boxes["department"]
    box.selectAll()
    qtbot.keyClicks(box, "2")
    assert box.value() == 2.0

    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert dialog.plan is not None
    # Bea manages all four; Max 2, Noa 1, Ola 2 places: everyone matched.
    assert dialog.plan.matched == 4
    assert "4</b> of 4 matched" in dialog.totals.text()
    assert "4 mentees to pair · 4 mentors with 8 places left" in dialog.intake_label.text()
    assert all(line_of(dialog, n)[0] != "Bea Boss" for n in ("Ada", "Cy", "Di", "Eve"))
    assert line_of(dialog, "Cy")[0] == "Noa Mentor"

    # Swap: give Ada another mentor from her list of candidates.
    dialog.select_mentee(ids["Ada"])
    before = line_of(dialog, "Ada")[0]
    names = [
        dialog.candidates.topLevelItem(i).text(1)
        for i in range(dialog.candidates.topLevelItemCount())
    ]
    assert "Bea Boss" not in " ".join(names)  # her manager is never offered
    target = next(
        dialog.candidates.topLevelItem(i)
        for i in range(dialog.candidates.topLevelItemCount())
        if not dialog.candidates.topLevelItem(i).isDisabled()
        and "(proposed)" not in dialog.candidates.topLevelItem(i).text(1)
    )
    dialog.candidates.setCurrentItem(target)
    chosen = target.text(1)
    assert dialog.swap_button.isEnabled()
    qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
    after, _, locked = line_of(dialog, "Ada")
    assert after != before and after == chosen
    assert locked  # a pair chosen by hand is kept

    # Keep Di's pair too, then run again around the kept pairs.
    dialog.select_mentee(ids["Di"])
    qtbot.mouseClick(dialog.lock_button, Qt.MouseButton.LeftButton)
    kept = {"Ada": line_of(dialog, "Ada")[0], "Di": line_of(dialog, "Di")[0]}
    assert line_of(dialog, "Di")[2]
    qtbot.mouseClick(dialog.rerun_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert {n: line_of(dialog, n)[0] for n in kept} == kept
    assert line_of(dialog, "Ada")[2] and line_of(dialog, "Di")[2]
    expected = {n: (line_of(dialog, n)[0], "proposed") for n in ("Ada", "Cy", "Di", "Eve")}

    # Publish: one undo step.
    assert dialog.publish_button.text() == "Publish 4 pairs"
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert pairs_in(ui_database) == expected
    assert "Published 4 proposed pairs" in dialog.status.text()

    window.undo_action.trigger()
    wait_for_workers(qtbot)
    assert pairs_in(ui_database) == {}
    window.redo_action.trigger()
    wait_for_workers(qtbot)
    assert pairs_in(ui_database) == expected
    assert messages.shown == []


def test_a_swap_to_a_full_mentor_is_refused(qtbot, make_window, ui_database, messages) -> None:
    ids = fill(ui_database)
    window = make_window()
    window.cohort_action.trigger()
    dialog = window.cohort_window
    dialog.set_chosen([ids["Ada"], ids["Eve"], ids["Di"]])
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    full = next(
        mentor
        for mentor in ("Max Mentor", "Noa Mentor", "Ola Mentor")
        if sum(1 for n in ("Ada", "Eve", "Di") if line_of(dialog, n)[0] == mentor)
        >= {"Max Mentor": 2, "Noa Mentor": 1, "Ola Mentor": 2}[mentor]
    )
    other = next(n for n in ("Ada", "Eve", "Di") if line_of(dialog, n)[0] != full)
    dialog.select_mentee(ids[other])
    dialog.swap_mentor(ids[full.split()[0]])
    assert "no place left in this plan" in messages.texts()[-1]
    assert line_of(dialog, other)[0] != full


def test_the_plan_is_exported_and_a_signed_off_file_published(
    qtbot, make_window, ui_database, tmp_path: Path, messages
) -> None:
    ids = fill(ui_database)
    window = make_window()
    window.cohort_action.trigger()
    dialog = window.cohort_window
    dialog.set_chosen([ids["Ada"], ids["Cy"]])
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    written = dialog.export_plan(tmp_path / "plan.csv")
    assert written is not None and written.read_text(encoding="utf-8-sig").count("\n") == 3
    dialog.publish_signed_off(written)
    assert len(pairs_in(ui_database)) == 2
    window.undo_action.trigger()
    assert pairs_in(ui_database) == {}
    assert messages.shown == []


def test_the_lock_column_is_a_check_box_on_proposed_pairs(
    qtbot, make_window, ui_database
) -> None:
    ids = fill(ui_database)
    window = make_window()
    window.cohort_action.trigger()
    dialog = window.cohort_window
    dialog.set_chosen([ids["Ada"]])
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    index = dialog.proxy.index(0, PlanColumn.LOCK)
    assert index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert dialog.proxy.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.locks == {ids["Ada"]: dialog.plan.mentor_of(ids["Ada"])}


def test_a_plan_of_200_mentees_renders(qtbot, make_window, ui_database, tmp_path: Path) -> None:
    """200 mentees, 90 mentors: the window shows the plan; its picture is saved (look at it
    with MENTORDESK_SHOT=path)."""
    import os
    import random

    rng = random.Random(5)
    skills = ["python", "sql", "design", "coaching", "budgeting", "negotiation", "writing"]
    departments = ["Finance", "Sales", "Ops", "Legal", "Design", "People"]
    with ui_database.transaction() as session:
        make_program(session, name="Autumn intake 2027", default_model="formal")
        for number in range(90):
            make_person(
                session, name=f"Mentor {number:03d} {rng.choice(['Silva', 'Okafor', 'Berg'])}",
                skills=rng.sample(skills, 3), department=rng.choice(departments),
                can_mentor=True, capacity=rng.choice((1, 2, 3)), location="Lisbon",
            )  # fmt: skip
        for number in range(200):
            make_person(
                session, name=f"Mentee {number:03d} {rng.choice(['Ito', 'Nowak', 'Diaz'])}",
                skills=rng.sample(skills, 2), department=rng.choice(departments),
                location=rng.choice(["Lisbon", "Oslo"]),
            )  # fmt: skip
    window = make_window()
    window.cohort_action.trigger()
    dialog = window.cohort_window
    dialog.weight_boxes["location"].setValue(1.0)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    wait_for_workers(qtbot)
    assert dialog.model.rowCount() == 200
    assert dialog.plan is not None and dialog.plan.matched == min(200, dialog.plan.matched)
    dialog.select_mentee(dialog.plan.pairs[3].mentee_id)
    qtbot.wait(50)
    shot = Path(os.environ.get("MENTORDESK_SHOT", tmp_path / "cohort.png"))
    assert dialog.grab().save(str(shot))
    assert shot.stat().st_size > 10_000
