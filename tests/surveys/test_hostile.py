"""Bad returned files are refused with a sentence and the database stays as it was."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from mentordesk.services import surveys
from mentordesk.services.roster import end_pair
from mentordesk.store.database import open_database
from mentordesk.surveys.reading import MAX_FILES, CollectProblem, gather
from tests.surveys.conftest import check, collect, make_forms, ratings, snapshot
from tests.surveys.filling import fill_with_pypdf


def _refused_alone(database, path: Path, *sentence: str) -> None:
    before = snapshot(database)
    reviews, result = collect(database, [path])
    assert [r.status for r in reviews] == ["refused"]
    for words in sentence:
        assert words in reviews[0].message, reviews[0].message
    assert result.imported == 0
    assert snapshot(database) == before


@pytest.fixture
def filled(database, setup, tmp_path) -> Path:
    forms = make_forms(database, setup.round_id, tmp_path / "out")
    code = f"R{setup.round_id}-{setup.pair_ids[0]:04d}-E"
    return fill_with_pypdf(forms[code], tmp_path / "filled.pdf", ratings(4))


def test_not_a_pdf(database, setup, tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Dear coordinator, my answers are 4, 4, 5 …")
    _refused_alone(database, path, "not a PDF")


def test_a_damaged_pdf(database, filled, tmp_path):
    path = tmp_path / "cut.pdf"
    data = filled.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = snapshot(database)
    reviews, _ = collect(database, [path])
    assert reviews[0].status == "refused"
    assert any(w in reviews[0].message for w in ("damaged", "no form fields"))
    assert snapshot(database) == before


def test_an_encrypted_pdf(database, filled, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(filled))
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    _refused_alone(database, path, "password")


def test_a_pdf_without_form_fields(database, setup, tmp_path):
    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Mentoring survey: all fours")
    canvas.save()
    _refused_alone(database, path, "no form fields")


def test_a_form_from_another_database(database, setup, tmp_path):
    other = open_database(tmp_path / "other.sqlite3")
    try:
        from tests.factories import make_pair, make_program

        with other.transaction() as session:
            program = make_program(session, name="Elsewhere")
            make_pair(session, program)
            survey = surveys.plan_round(
                session, program.id, name="March check-up", kind="checkup",
                opens_on=date(2027, 3, 1), due_on=date(2027, 3, 31),
            )
        forms = make_forms(other, survey.id, tmp_path / "elsewhere")
    finally:
        other.close()
    (path,) = forms.values()
    filled = fill_with_pypdf(path, tmp_path / "elsewhere.pdf", ratings(4))
    _refused_alone(database, filled, "another MentorDesk database")


def _set_token(source: Path, target: Path, token: str, *, metadata: bool) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.update_page_form_field_values(
        writer.pages[0], {"mentordesk_token": token}, auto_regenerate=False
    )
    if metadata:
        writer.add_metadata({"/Keywords": f"mentordesk-survey-token:{token}"})
    writer.write(target)
    return target


def test_an_edited_token(database, setup, filled, tmp_path):
    token = PdfReader(filled).get_fields()["mentordesk_token"]["/V"]
    # Someone changes the pair number in the identity (and the metadata to match).
    parts = token.split(".")
    parts[3] = str(setup.pair_ids[1])
    edited = _set_token(filled, tmp_path / "edited.pdf", ".".join(parts), metadata=True)
    _refused_alone(database, edited, "edited")


def test_a_form_copied_to_answer_for_someone_else(database, setup, filled, tmp_path):
    with database.transaction() as session:
        specs = surveys.form_specs(session, setup.round_id)
    someone_else = next(s for s in specs if s.pair_id == setup.pair_ids[1])
    copied = _set_token(filled, tmp_path / "copied.pdf", someone_else.token, metadata=False)
    _refused_alone(database, copied, "copied from another person's form")


def test_a_100_mb_file(database, setup, tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(100 * 1024 * 1024)
    _refused_alone(database, path, "100 MB", "not one")


def test_a_folder_of_2000_files_is_refused_whole(database, setup, filled, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    data = filled.read_bytes()
    (folder / "0000.pdf").write_bytes(data)
    for number in range(1, 2000):
        (folder / f"{number:04d}.pdf").write_bytes(b"%PDF-1.4\n")
    before = snapshot(database)
    with pytest.raises(CollectProblem, match=f"more than {MAX_FILES:,} files"):
        gather([folder])
    assert snapshot(database) == before


def test_a_form_of_a_deleted_round(database, setup, filled):
    with database.transaction() as session:
        surveys.delete_round(session, setup.round_id)
    _refused_alone(database, filled, "round was deleted")


def test_answers_after_the_pair_ended(database, setup, tmp_path):
    forms = make_forms(database, setup.round_id, tmp_path / "out")
    with database.transaction() as session:
        end_pair(session, setup.pair_ids[0], end_date=date(2027, 3, 5))
    code = f"R{setup.round_id}-{setup.pair_ids[0]:04d}-E"
    late = fill_with_pypdf(forms[code], tmp_path / "late.pdf",
                           {**ratings(4), "answered_on": "2027-03-15"})
    _refused_alone(database, late, "after the pair ended")


def test_too_few_answers_in_a_dimension(database, setup, tmp_path):
    forms = make_forms(database, setup.round_id, tmp_path / "out")
    code = f"R{setup.round_id}-{setup.pair_ids[0]:04d}-E"
    answers = ratings(4)
    del answers["loyalty_1"], answers["loyalty_2"]
    thin = fill_with_pypdf(forms[code], tmp_path / "thin.pdf", answers)
    _refused_alone(database, thin, "Loyalty: fewer than two")


def test_one_bad_file_among_good_ones_is_named(database, setup, filled, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"GIF89a")
    reviews = check(database, [filled, bad])
    assert [(r.source, r.status) for r in reviews] == [
        ("filled.pdf", "new"), ("bad.pdf", "refused")
    ]
    assert os.path.exists(filled)
