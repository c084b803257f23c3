"""Test isolation: every test gets its own data folders, settings and database file."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set before Qt is imported anywhere: the tests never need a real display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every per-user folder (data, logs, settings) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    for variable, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(variable, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("MENTORDESK_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "program.sqlite3"


PG_URL_VARIABLE = "MENTORDESK_TEST_PG_URL"
PG_SKIP_REASON = (
    f"PostgreSQL runs need {PG_URL_VARIABLE}; `make test` starts a throwaway server and sets it"
)
_pg_counter = itertools.count()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses the ``database`` fixture on SQLite and on PostgreSQL.

    Tests that also use the SQLite file itself (``db_path``), drive the window
    (``qtbot``) or are marked ``sqlite_only`` run on SQLite alone.
    """
    if "database" not in metafunc.fixturenames:
        return
    sqlite_only = (
        "db_path" in metafunc.fixturenames
        or "qtbot" in metafunc.fixturenames
        or metafunc.definition.get_closest_marker("sqlite_only") is not None
    )
    backends = ["sqlite"] if sqlite_only else ["sqlite", "postgresql"]
    if metafunc.definition.get_closest_marker("postgresql_only") is not None:
        backends = ["postgresql"]
    metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


def _worker() -> str:
    """The pytest-xdist worker's name ("gw0", ...), or "main" without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per test process; each test's database is a copy.

    Copying the file is what a coordinator's own file is to the program: a database
    already at the newest schema, so open_database checks it and migrates nothing.
    """
    from mentordesk.store.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).close()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[tuple[str, str] | None]:
    """A migrated PostgreSQL database that each test's database is copied from
    (one per xdist worker, so workers never drop each other's template)."""
    url = os.environ.get(PG_URL_VARIABLE)
    if not url:
        yield None
        return
    from sqlalchemy import create_engine, make_url, text

    from mentordesk.store.database import open_database

    template = f"mentordesk_template_{_worker()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {template}"))
        connection.execute(text(f"CREATE DATABASE {template}"))
    template_url = make_url(url).set(database=template)
    open_database(template_url.render_as_string(hide_password=False)).close()
    yield url, template
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator:
    """A real database opened exactly the way the program opens it: a SQLite file in
    ``tmp_path``, or a fresh PostgreSQL database; both copied from a migrated template."""
    import shutil

    from mentordesk.store.database import open_database

    if backend == "sqlite":
        path = tmp_path / "program.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        db = open_database(path)
        yield db
        db.close()
        return
    pg_template = request.getfixturevalue("pg_template")
    if pg_template is None:
        pytest.skip(PG_SKIP_REASON)
    from sqlalchemy import create_engine, make_url, text

    server, template = pg_template
    name = f"mentordesk_t{os.getpid()}_{next(_pg_counter)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    db = open_database(make_url(server).set(database=name).render_as_string(False))
    yield db
    db.close()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()
