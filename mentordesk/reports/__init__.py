"""MentorDesk's PDFs, made with ReportLab (no Qt here, so the CLI and tests need no display).

- :mod:`.forms`: the workshop pack (paper forms filled in by hand).
- :mod:`.pair`: the report of one mentoring pair for its reviews.
- :mod:`.program`: the program report for a leadership review.

Every maker takes a Session (or the data), the output path and an optional
``progress(done, total) -> bool`` callback; returning False cancels with
:class:`ReportCancelled`.
"""

from reportlab import rl_config

# ReportLab checks every attribute set on a chart shape against its type ("a big
# help when developing", its settings say; a fifth of the time a chart took to
# build and draw). The charts set only numbers, colours and strings they work out
# themselves: the check is off, as ReportLab's settings allow. Set before any
# module here imports ReportLab's shapes, so that they skip it altogether.
rl_config.shapeChecking = 0

from mentordesk.reports.progress import ProgressCallback, ReportCancelled  # noqa: E402

__all__ = ["ProgressCallback", "ReportCancelled"]
