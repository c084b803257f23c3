"""The welcome page says where the sample files are and how to try an import with them."""

from __future__ import annotations

import re

from mentordesk.program_file import FILE_SUFFIX
from mentordesk.resources import resource_path


def test_the_welcome_page_points_to_the_sample_files(make_window) -> None:
    window = make_window()
    assert window.showing_welcome()
    text = re.sub(r"<[^>]+>", "", window.welcome.samples_label.text())
    assert "Try a sample file in File → Import roster…" in text
    assert "File → Import program file…" in text
    assert str(resource_path("samples")) in text
    for name in ("hr-export.csv", "hr-export.xlsx", f"sample-program{FILE_SUFFIX}"):
        assert name in text
        assert resource_path("samples", name).is_file()
