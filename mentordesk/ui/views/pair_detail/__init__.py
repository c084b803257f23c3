"""The pair page: one pair's people, trust, timeline, goals, ethics and flags.

- ``view.py`` builds the page and loads it in the worker;
- ``sections.py`` fills its sections (flags, trust, goals, ethics) from a PairPage;
- ``actions.py`` holds the nine undoable actions a coordinator takes there;
- ``layout.py`` settles the filled page's geometry before it paints;
- ``text.py`` writes scores, gaps and days the same way in every section.
"""

from mentordesk.ui.views.pair_detail.view import PairDetailView

__all__ = ["PairDetailView"]
