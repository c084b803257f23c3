"""People: adding and editing, uniqueness, reporting lines, the directory and pairs."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from mentordesk.domain.vocabularies import MentorshipModel, PairStatus
from mentordesk.errors import ChangedElsewhere, FieldProblem, NotFound
from mentordesk.services import people
from mentordesk.services.people import PersonFields
from tests.factories import make_pair, make_person, make_program


def add(database, **values: object) -> people.PersonDetails:
    values.setdefault("name", "Ana Ruiz")
    with database.transaction() as session:
        return people.add_person(session, PersonFields(**values))  # type: ignore[arg-type]


def refused_add(database, **values: object) -> FieldProblem:
    with pytest.raises(FieldProblem) as caught:
        add(database, **values)
    return caught.value


def update(database, person: people.PersonDetails, **changes: object) -> people.PersonDetails:
    with database.transaction() as session:
        return people.update_person(
            session, person.id, dataclasses.replace(person.fields(), **changes)
        )


def refused_update(database, person: people.PersonDetails, **changes: object) -> FieldProblem:
    with pytest.raises(FieldProblem) as caught:
        update(database, person, **changes)
    return caught.value


def test_adding_a_person_cleans_every_field(database) -> None:
    boss = add(database, name="Boss Lady")
    person = add(
        database,
        name="  Ana   Ruiz ",
        email=" Ana.Ruiz@Example.ORG ",
        employee_id=" E-17 ",
        department=" Finance ",
        title="",
        manager_id=boss.id,
        location="Lyon",
        skills=[" Python ", "python", "public  speaking", "", "SQL"],
        can_mentor=True,
    )
    assert person.name == "Ana Ruiz"
    assert person.email == "ana.ruiz@example.org"
    assert person.employee_id == "E-17"
    assert person.department == "Finance"
    assert person.title is None
    assert (person.manager_id, person.manager_name) == (boss.id, "Boss Lady")
    assert person.location == "Lyon"
    assert person.skills == ("Python", "public speaking", "SQL")
    assert person.capacity == 1  # the default for someone who can mentor
    assert person.active
    assert person.active_mentees == 0


def test_capacity_defaults_to_none_for_someone_who_does_not_mentor(database) -> None:
    assert add(database).capacity == 0
    assert add(database, name="Big", can_mentor=True, capacity=5).capacity == 5


def test_skills_can_be_typed_as_one_comma_separated_text(database) -> None:
    assert add(database, skills="negotiation, Finance ,, finance").skills == (
        "negotiation",
        "Finance",
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "   "}, "name", "Give the person's name."),
        ({"name": "x" * 201}, "name", "The name is too long (at most 200 characters)."),
        ({"email": "ana at example"}, "email", "'ana at example' is not an email address."),
        ({"email": "ana@example"}, "email", "'ana@example' is not an email address."),
        (
            {"capacity": 51},
            "capacity",
            "The mentee capacity must be a whole number from 0 to 50, not 51.",
        ),
        (
            {"capacity": -1},
            "capacity",
            "The mentee capacity must be a whole number from 0 to 50, not -1.",
        ),
        ({"manager_id": 999}, "manager", "There is no person number 999 to be the manager."),
        (
            {"skills": ["y" * 61]},
            "skills",
            "The tag 'yyyyyyyyyyyyyyyyyyyy…' is too long (at most 60 characters).",
        ),
        (
            {"skills": [f"tag {n}" for n in range(51)]},
            "skills",
            "A person can have at most 50 skill tags.",
        ),
        (
            {"department": "d" * 201},
            "department",
            "The department is too long (at most 200 characters).",
        ),
    ],
)
def test_bad_values_are_refused_naming_the_field(
    database, values: dict[str, object], field: str, message: str
) -> None:
    problem = refused_add(database, **values)
    assert (problem.field, str(problem)) == (field, message)


def test_email_is_unique_ignoring_case(database) -> None:
    add(database, name="Ana Ruiz", email="ana@example.org")
    problem = refused_add(database, name="Other Ana", email="ANA@example.org")
    assert (problem.field, str(problem)) == (
        "email",
        "The email ana@example.org is already used by Ana Ruiz.",
    )
    # No email at all is fine for any number of people.
    add(database, name="No Mail 1", email="  ")
    assert add(database, name="No Mail 2").email is None


def test_employee_id_is_unique(database) -> None:
    add(database, name="Ana Ruiz", employee_id="E-1")
    problem = refused_add(database, name="Ben", employee_id="e-1")
    assert (problem.field, str(problem)) == (
        "employee_id",
        "The employee id e-1 is already used by Ana Ruiz.",
    )


def test_a_person_keeps_their_own_email_when_saved_again(database) -> None:
    ana = add(database, email="ana@example.org", employee_id="E-1")
    saved = update(database, ana, title="Lead")
    assert (saved.email, saved.employee_id, saved.title) == ("ana@example.org", "E-1", "Lead")
    assert saved.version == ana.version + 1


def test_nobody_is_their_own_manager(database) -> None:
    ana = add(database)
    problem = refused_update(database, ana, manager_id=ana.id)
    assert (problem.field, str(problem)) == ("manager", "Ana Ruiz cannot be their own manager.")


def test_the_manager_picker_refuses_a_circle_and_names_the_line(database) -> None:
    top = add(database, name="Tess Top")
    middle = add(database, name="Mo Middle", manager_id=top.id)
    bottom = add(database, name="Bea Bottom", manager_id=middle.id)
    direct = refused_update(database, top, manager_id=middle.id)
    assert str(direct) == (
        "Tess Top cannot report to Mo Middle: Mo Middle already reports to Tess Top "
        "(Mo Middle → Tess Top)."
    )
    further = refused_update(database, top, manager_id=bottom.id)
    assert further.field == "manager"
    assert str(further) == (
        "Tess Top cannot report to Bea Bottom: Bea Bottom already reports to Tess Top "
        "(Bea Bottom → Mo Middle → Tess Top)."
    )
    # Moving someone sideways, or clearing a manager, is fine.
    assert update(database, bottom, manager_id=top.id).manager_name == "Tess Top"
    assert update(database, middle, manager_id=None).manager_id is None


def test_a_stale_edit_is_refused(database) -> None:
    ana = add(database)
    update(database, ana, department="Sales")
    with database.transaction() as session, pytest.raises(ChangedElsewhere):
        people.update_person(session, ana.id, ana.fields(), expected_version=ana.version)


def test_leaving_the_company_and_coming_back(database) -> None:
    ana = add(database, can_mentor=True)
    left = update(database, ana, active=False)
    assert not left.active
    assert update(database, left, active=True).active


def test_unknown_people_are_not_found(database) -> None:
    with database.transaction() as session:
        with pytest.raises(NotFound) as caught:
            people.get_person(session, 77)
        assert str(caught.value) == "There is no person number 77; they may have been removed."
        with pytest.raises(NotFound, match="There is no person number 77"):
            people.update_person(session, 77, PersonFields(name="X"))
        with pytest.raises(NotFound) as by_mail:
            people.person_by_email(session, "Who@Example.org")
        assert str(by_mail.value) == "Nobody in the directory has the email who@example.org."


def test_person_by_email_ignores_case(database) -> None:
    ana = add(database, email="ana@example.org")
    with database.transaction() as session:
        assert people.person_by_email(session, " ANA@example.org ").id == ana.id


def test_directory_search_and_filters(database) -> None:
    with database.transaction() as session:
        ana = make_person(
            session, name="Ana Ruiz", email="ana@corp.test", department="Finance", can_mentor=True
        )
        bo = make_person(session, name="Bo Li", email="bo@corp.test", department="Sales_EU")
        cy = make_person(
            session, name="Cy Day", email="cy@else.test", department="Finance", active=False
        )
        boss = make_person(session, name="Zed Boss", email=None, department=None)
        bo.manager_id = boss.id
        program = make_program(session)
        make_pair(session, program, ana, bo)
        make_pair(session, program, ana, cy, status="completed")

    def names(search: str = "", **options: object) -> list[str]:
        with database.transaction() as session:
            return [row.name for row in people.directory(session, search, **options)]

    assert names() == ["Ana Ruiz", "Bo Li", "Cy Day", "Zed Boss"]
    assert names("FINANCE") == ["Ana Ruiz", "Cy Day"]
    assert names("corp.test finance") == ["Ana Ruiz"]
    assert names("s_e") == ["Bo Li"]  # underscore taken literally
    assert names("s%e") == []
    assert names(include_left=False) == ["Ana Ruiz", "Bo Li", "Zed Boss"]
    assert names(can_mentor=True) == ["Ana Ruiz"]
    with database.transaction() as session:
        rows = {row.name: row for row in people.directory(session)}
    assert rows["Ana Ruiz"].active_mentees == 1  # the completed pair does not count
    assert rows["Bo Li"].manager_name == "Zed Boss"
    assert not rows["Cy Day"].active


def test_a_persons_pairs_from_their_side(database) -> None:
    with database.transaction() as session:
        program = make_program(session, name="Spring")
        ana = make_person(session, name="Ana", can_mentor=True, capacity=3)
        bo = make_person(session, name="Bo", can_mentor=True)
        cy = make_person(session, name="Cy")
        mentoring = make_pair(session, program, ana, cy, start_date=date(2027, 3, 1))
        mentored = make_pair(
            session, program, bo, ana, model="peer", status="paused", start_date=date(2027, 1, 1)
        )
        make_pair(session, program, bo, cy, status="completed")  # not Ana's; Cy has one open
    with database.transaction() as session:
        pairs = people.person_pairs(session, ana.id)
    assert pairs == [
        people.PersonPair(
            pair_id=mentoring.id,
            program_id=program.id,
            program_name="Spring",
            as_mentor=True,
            other_id=cy.id,
            other_name="Cy",
            model=MentorshipModel.INFORMAL,
            status=PairStatus.ACTIVE,
            start_date=date(2027, 3, 1),
            planned_end=None,
        ),
        people.PersonPair(
            pair_id=mentored.id,
            program_id=program.id,
            program_name="Spring",
            as_mentor=False,
            other_id=bo.id,
            other_name="Bo",
            model=MentorshipModel.PEER,
            status=PairStatus.PAUSED,
            start_date=date(2027, 1, 1),
            planned_end=None,
        ),
    ]


def test_managers_map_lists_everyone(database) -> None:
    top = add(database, name="Top")
    below = add(database, name="Below", manager_id=top.id)
    with database.transaction() as session:
        assert people.managers_map(session) == {top.id: None, below.id: top.id}


def test_someone_just_added_can_be_taken_back_until_they_have_ties(database) -> None:
    from mentordesk.errors import MentorDeskError
    from mentordesk.store.models import Person

    with database.transaction() as session:
        alone = make_person(session, name="Al One")
        boss = make_person(session, name="Bo Boss", can_mentor=True)
        make_person(session, name="Rae Report", manager_id=boss.id)
        make_pair(session, mentor=boss)
        session.flush()
        alone_id, boss_id = alone.id, boss.id
    with database.transaction() as session:
        people.delete_new_person(session, alone_id)
    with database.transaction() as session:
        with pytest.raises(MentorDeskError, match="Bo Boss is in a pair and manages someone"):
            people.delete_new_person(session, boss_id)
    with database.transaction() as session:
        assert session.get(Person, alone_id) is None
        assert session.get(Person, boss_id) is not None
