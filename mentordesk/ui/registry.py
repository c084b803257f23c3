"""The views of the window, in navigation order: one line per view.

The main window, the ``screenshot`` command and the tests all take the views
from here. A view is named by its dotted class path, so adding one is one line
below and nothing else; the classes are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import cache

from mentordesk.ui.views.base import View

#: In the order of the navigation list.
VIEW_CLASSES: tuple[str, ...] = (
    "mentordesk.ui.views.dashboard.DashboardView",
    "mentordesk.ui.views.pairs.PairsView",
    "mentordesk.ui.views.pair_detail.PairDetailView",
    "mentordesk.ui.views.people.PeopleView",
    "mentordesk.ui.views.conflicts.ConflictsView",
    "mentordesk.ui.views.ethics.EthicsView",
    "mentordesk.ui.views.models.ModelsView",
    "mentordesk.ui.views.workshops.WorkshopsView",
    "mentordesk.ui.views.reports.ReportsView",
    "mentordesk.ui.views.audit.AuditView",
)

#: Shown instead of the navigation while the database holds no program.
WELCOME_VIEW = "mentordesk.ui.views.welcome.WelcomeView"

#: The view Ctrl+P shows, when one by this name is registered.
REPORTS_VIEW_NAME = "reports"


def _load(dotted: str) -> type[View]:
    module_name, _, class_name = dotted.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, View)):
        raise TypeError(f"{dotted} is not a View")
    for attribute in ("name", "title", "icon"):
        if not getattr(cls, attribute, None):
            raise TypeError(f"{dotted} has no {attribute}")
    return cls


def each_view_class() -> Iterator[type[View]]:
    """The navigation's view classes, in order, each imported when it is reached: the
    window starts reading its first view while the others are still loading."""
    names: set[str] = set()
    for dotted in VIEW_CLASSES:
        cls = _load(dotted)
        if cls.name in names:
            raise TypeError(f"Two views share a name: {cls.name}")
        names.add(cls.name)
        yield cls


@cache
def view_classes() -> tuple[type[View], ...]:
    """The navigation's view classes, in order; names are unique."""
    return tuple(each_view_class())


def welcome_class() -> type[View]:
    return _load(WELCOME_VIEW)


def view_names() -> list[str]:
    """Every name ``mentordesk screenshot --view`` accepts, in navigation order."""
    return [cls.name for cls in view_classes()] + [welcome_class().name]


def view_class(name: str) -> type[View] | None:
    """The class of the view called ``name``, if registered."""
    for cls in (*view_classes(), welcome_class()):
        if cls.name == name:
            return cls
    return None
