"""Progress and cancelling for report making, so the window can run it in a worker.

A report function takes ``progress(done, total) -> bool``; returning False asks
it to stop, and it then raises :class:`ReportCancelled` (the half-made file is
removed). ``done`` only grows and reaches ``total`` when the PDF is written.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int], bool | None]

TOTAL = 1000


class ReportCancelled(Exception):
    """The person cancelled the report before it was finished; no file was left."""


class Progress:
    """Turns the stages of making a report into calls of one callback.

    Work is split into stages, each a share of ``TOTAL``; inside a stage the
    maker reports fractions. A callback that returns False cancels.
    """

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._done = 0
        self._stage_start = 0
        self._stage_end = 0

    @property
    def done(self) -> int:
        return self._done

    def stage(self, until_percent: float) -> None:
        """Start the next stage, which ends at ``until_percent`` of the whole."""
        self._stage_start = self._done
        self._stage_end = max(self._done, min(TOTAL, round(TOTAL * until_percent / 100)))
        self.check()

    def fraction(self, share: float) -> None:
        """Report that ``share`` (0..1) of the current stage is done."""
        share = min(max(share, 0.0), 1.0)
        value = self._stage_start + round((self._stage_end - self._stage_start) * share)
        self._done = max(self._done, value)
        self.check()

    def check(self) -> None:
        """Tell the callback where we are; raise ReportCancelled when it says stop."""
        if self._callback is not None and self._callback(self._done, TOTAL) is False:
            raise ReportCancelled("The report was cancelled.")

    def finish(self) -> None:
        """The file is written: report the full total."""
        self._done = TOTAL
        if self._callback is not None:
            # Too late to cancel: the PDF exists, so the answer is ignored.
            self._callback(TOTAL, TOTAL)
