"""PySide6 without its reading of every module's source.

For its ``__feature__`` switches (snake_case, true_property), PySide6 asks of each
module imported after it whether the module uses PySide6, by reading the module's whole
source through :func:`inspect.getsource` and looking for the word (PYSIDE-2029). That
source stays in Python's line cache: for the 600 modules the window loads, 0.1 to 0.2 s
of the start and 25 MB kept for nothing (MentorDesk uses no feature). The same question
is answered here from the file's bytes, which are not kept.
"""

from __future__ import annotations

import linecache
from types import ModuleType


def read_sources_without_keeping() -> None:
    """Have PySide6 look for its name in each module's file without caching the text
    (and drop what it cached so far). Where PySide6 has no such check, nothing changes."""
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:  # PySide6 not loaded, or arranged differently
        return
    asked = getattr(feature, "_mod_uses_pyside", None)
    if asked is None or getattr(asked, "reads_bytes", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(asked(module))  # compiled only (the bundle), built in: as before
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(asked(module))

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside
    linecache.clearcache()
