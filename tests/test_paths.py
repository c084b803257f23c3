"""MentorDesk's folders: read on Linux without platformdirs, they are the ones it names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from mentordesk import APP_NAME
from mentordesk.paths import config_dir, data_dir, log_dir

VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


def platformdirs_folders() -> tuple[Path, Path, Path]:
    return (
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


@pytest.mark.parametrize(
    ("home", "xdg"),
    [
        ("/home/coordinator", None),  # the usual desktop: no XDG variable
        ("/home/coordinator/", None),
        ("/", None),
        ("/home/coordinator", "/srv/xdg"),  # every variable set
        ("/home/coordinator", "relative/xdg"),  # not absolute: ignored, as the rule says
        ("/home/coordinator", ""),
        ("relative-home", None),  # left to platformdirs
        (None, None),
        (None, "/srv/xdg"),
    ],
)
def test_the_folders_are_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, home: str | None, xdg: str | None
) -> None:
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    for variable in VARIABLES:
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, f"{xdg}/{variable.lower()}" if xdg else "")
    assert (data_dir(), config_dir(), log_dir()) == platformdirs_folders()


def test_the_settings_and_data_folders_load_no_platformdirs_on_linux(tmp_path: Path) -> None:
    """platformdirs is seven modules: the window paints before it would be needed."""
    code = (
        "import sys; from mentordesk.paths import data_dir, log_dir; "
        "from mentordesk.ui.settings import settings_path; "
        "print(data_dir(), log_dir(), settings_path()); "
        "print('platformdirs' in sys.modules)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    folders, loaded = shown.stdout.splitlines()
    assert folders.split() == [
        f"{tmp_path}/.local/share/{APP_NAME}",
        f"{tmp_path}/.local/state/{APP_NAME}/log",
        f"{tmp_path}/.config/{APP_NAME}/mentordesk.ini",
    ]
    assert loaded == ("True" if not sys.platform.startswith("linux") else "False")
