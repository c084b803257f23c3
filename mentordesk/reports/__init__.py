"""MentorDesk's PDFs, made with ReportLab (no Qt here, so the CLI and tests need no display).

- :mod:`.forms`: the workshop pack (paper forms filled in by hand).
- :mod:`.pair`: the report of one mentoring pair for its reviews.
- :mod:`.program`: the program report for a leadership review.

Every maker takes a Session (or the data), the output path and an optional
``progress(done, total) -> bool`` callback; returning False cancels with
:class:`ReportCancelled`.
"""

from mentordesk.reports.progress import ProgressCallback, ReportCancelled

__all__ = ["ProgressCallback", "ReportCancelled"]
