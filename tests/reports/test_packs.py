"""The program's paper in one go: every pair's pack, one PDF or one per pair, and a
sign-in sheet per workshop (issue 12)."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from mentordesk.cli import main
from mentordesk.domain.vocabularies import MentorshipModel, PairStatus
from mentordesk.reports.packs import program_pack, sign_in_sheets
from mentordesk.services.roster import roster_rows
from mentordesk.services.workshops import attendees, list_workshops
from tests.reports.conftest import fill_demo
from tests.reports.pdfcheck import all_text, page_texts, squashed


def _active(database, model=None):
    with database.transaction() as session:
        rows = roster_rows(session, 1)
    return [
        row
        for row in rows
        if row.status is PairStatus.ACTIVE and (model is None or row.model is model)
    ]


def test_one_pdf_holds_every_active_pairs_pack_with_a_bookmark_each(database, tmp_path):
    fill_demo(database)
    path = tmp_path / "packs.pdf"
    with database.transaction() as session:
        written = program_pack(session, path, model="peer", made_on=date(2027, 6, 30))
    assert written == [path]
    pairs = _active(database, MentorshipModel.PEER)
    assert pairs
    reader = PdfReader(str(path))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [f"{row.mentee_name} with {row.mentor_name}" for row in pairs]
    assert reader.metadata.title.startswith("Workshop packs — ")
    text = squashed(all_text(path))
    for row in pairs:
        assert squashed(row.mentee_name)[:8] in text


def test_one_file_per_pair_or_chosen_pairs(database, tmp_path):
    fill_demo(database)
    pairs = _active(database)[:3]
    with database.transaction() as session:
        written = program_pack(
            session,
            tmp_path / "pack.pdf",
            pair_ids=[row.pair_id for row in pairs],
            one_per_pair=True,
        )
    assert len(written) == 3
    for path, row in zip(written, pairs, strict=True):
        assert path.is_file() and str(row.pair_id) in path.name
        assert squashed(row.mentor_name)[:8] in squashed(all_text(path))


def test_a_sign_in_sheet_per_workshop_with_names_and_signatures(database, tmp_path):
    fill_demo(database)
    path = tmp_path / "sign-in.pdf"
    with database.transaction() as session:
        sign_in_sheets(session, path, made_on=date(2027, 6, 30))
        workshops = list_workshops(session, 1)
        first = attendees(session, workshops[0].id)
    texts = page_texts(path)
    assert len(texts) >= len(workshops)
    whole = squashed("".join(texts))
    for workshop in workshops:
        assert squashed(workshop.title) in whole
    assert "#NameSignature" in whole
    for person in first:
        assert squashed(person.name)[:8] in whole


def test_the_command_line_writes_packs_and_refuses_mixed_choices(database, tmp_path, capsys):
    fill_demo(database)
    db = database.url.render_as_string(hide_password=False)
    out = tmp_path / "packs.pdf"
    assert main(["--db", db, "forms", "--all-pairs", "--model", "formal", "--out", str(out)]) == 0
    assert out.is_file()
    assert main(["--db", db, "forms", "--one-per-pair", "--out", str(out)]) == 2
    assert "go with --all-pairs" in capsys.readouterr().err
    sheets = tmp_path / "sheets.pdf"
    assert main(["--db", db, "sign-in", "--out", str(sheets)]) == 0
    assert sheets.is_file()
