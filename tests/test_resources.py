"""resources/ is the mentordesk.resources package: resource_path finds every shipped file
from the source tree (the editable install), from an installed wheel, and the bundle's
self-test checks the same list (tests/test_selftest.py; CI runs it inside the bundle)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mentordesk
from mentordesk.resources import RESOURCES, missing_resources, resource_path, shipped_files
from mentordesk.selftest import check_resources

ROOT = Path(__file__).resolve().parent.parent
# Files of resources/ that are the package itself, not shipped resources.
PACKAGE_FILES = {"__init__.py", "shipped-files.txt"}


def files_in(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    } - PACKAGE_FILES


def test_the_shipped_list_names_every_file_in_resources_and_no_other() -> None:
    listed = shipped_files(ROOT / "resources")
    assert len(listed) == len(set(listed)), "a file is listed twice in shipped-files.txt"
    on_disk = files_in(ROOT / "resources")
    assert not on_disk - set(listed), (
        f"add these to resources/shipped-files.txt: {sorted(on_disk - set(listed))}"
    )
    assert not set(listed) - on_disk, (
        f"remove these from resources/shipped-files.txt: {sorted(set(listed) - on_disk)}"
    )
    kinds = {name.split("/")[0] for name in listed}
    assert {"icons", "fonts", "samples", "app-icon.svg", "mentordesk.desktop"} <= kinds


def test_resource_path_from_the_source_tree() -> None:
    # The editable install maps mentordesk.resources onto the checkout's resources/.
    assert RESOURCES == ROOT / "resources"
    assert Path(mentordesk.__file__).resolve().parent == ROOT / "mentordesk"
    assert not (ROOT / "mentordesk" / "resources").exists(), "the old folder would shadow it"
    assert missing_resources() == []
    assert resource_path("fonts", "DejaVuSans.ttf").is_file()
    assert resource_path("samples", "hr-export.csv").is_file()


_PROBE = """
import json, sys
import mentordesk
from mentordesk.resources import RESOURCES, missing_resources, resource_path, shipped_files
names = shipped_files()
print(json.dumps({
    "package": mentordesk.__file__,
    "resources": str(RESOURCES),
    "listed": names,
    "missing": missing_resources(),
    "found": [name for name in names if resource_path(*name.split("/")).is_file()],
}))

"""


@pytest.mark.slow  # about 6 s: a wheel is built and installed
def test_resource_path_from_an_installed_wheel(tmp_path: Path) -> None:
    # Built from a copy of the files a release is made of, so the checkout stays untouched;
    # without build isolation, so no index is needed (the test extra has setuptools).
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("mentordesk", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "--quiet"]
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(wheels)]
    subprocess.run([*build, str(source)], check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = wheels.glob("mentordesk-*.whl")
    target = tmp_path / "installed"
    install = [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True, cwd=tmp_path)
    shutil.rmtree(source)  # nothing may come from the copy the wheel was built from

    probe = f"import sys; sys.path.insert(0, {str(target)!r})\n{_PROBE}"
    result = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    found = json.loads(result.stdout)

    assert Path(found["package"]).is_relative_to(target)
    assert Path(found["resources"]) == target / "mentordesk" / "resources"
    assert found["listed"] == shipped_files(ROOT / "resources")
    assert found["missing"] == []
    assert found["found"] == found["listed"]
    # Every package of the source tree went into the wheel (setup.py finds them).
    assert packages_in(target / "mentordesk") == packages_in(ROOT / "mentordesk") | {"resources"}


def packages_in(folder: Path) -> set[str]:
    return {
        init.parent.relative_to(folder).as_posix()
        for init in folder.rglob("__init__.py")
        if init.parent != folder and "migrations" not in init.parts
    }


def test_the_self_test_names_missing_and_empty_resources(tmp_path: Path) -> None:
    copy = tmp_path / "resources"
    shutil.copytree(RESOURCES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    listed = shipped_files()
    icons, fonts, samples = (
        sum(name.startswith(f"{folder}/") for name in listed)
        for folder in ("icons", "fonts", "samples")
    )
    assert check_resources(copy) == (
        f"{len(listed)} files: {icons} icons, {fonts} fonts and licences, {samples} sample "
        "files, app-icon.svg, mentordesk.desktop"
    )

    (copy / "icons" / "add.svg").unlink()
    (copy / "samples" / "hr-export.xlsx").write_bytes(b"")  # a copy that failed half way
    with pytest.raises(RuntimeError) as missing:
        check_resources(copy)
    assert str(missing.value) == (
        f"2 of {len(shipped_files())} resources missing in {copy}: "
        "icons/add.svg, samples/hr-export.xlsx"
    )

    (copy / "shipped-files.txt").unlink()
    with pytest.raises(RuntimeError, match="the list of shipped files cannot be read"):
        check_resources(copy)
