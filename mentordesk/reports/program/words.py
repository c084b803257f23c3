"""Numbers in words for the program report: thousands separators, plurals,
shares, changes and the "two in three" a director reads at a glance."""

from __future__ import annotations

from fractions import Fraction

_IRREGULAR = {"activity": "activities", "person": "people", "was": "were", "has": "have"}
_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(value: int) -> str:
    """1234 as "1,234"."""
    return f"{value:,}"


def plural(word: str, count: int) -> str:
    if count == 1:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def count(value: int, word: str) -> str:
    """"1 pair", "1,234 pairs"."""
    return f"{number(value)} {plural(word, value)}"


def share(value: float | None, places: int = 0) -> str:
    """0.473 as "47 %"; None as a dash."""
    if value is None:
        return "—"
    return f"{value * 100:.{places}f} %"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def part_of(part: int, whole: int) -> str:
    """How much of ``whole`` ``part`` is, in words a reader takes in at once:
    "all", "none", "two in three", "about one in five"."""
    if whole <= 0 or part <= 0:
        return "none"
    if part >= whole:
        return "all"
    ratio = Fraction(part, whole)
    candidates = [Fraction(n, d) for d in (2, 3, 4, 5, 10) for n in range(1, d)]
    best = min(candidates, key=lambda c: (abs(c - ratio), c.denominator))
    words = f"{_SMALL[best.numerator]} in {_SMALL[best.denominator]}"
    return words if best == ratio else f"about {words}"


def change_words(before: float, after: float, *, up: str = "rose", down: str = "fell") -> str:
    if after > before:
        return up
    if after < before:
        return down
    return "held"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def fit(text: str, width: float, size: float = 8) -> str:
    """``text`` cut (with an ellipsis) to print on one line within a table column of
    ``width`` points, so a long list keeps one line per row."""
    from mentordesk.reports.fonts import shorten, text_width

    room = width - 12
    if text_width(text, size) <= room:
        return text
    # The longest cut that fits, found by halving (a long outcome is measured
    # about seven times, not once per tenth it loses).
    low, high = 4, len(text) - 1
    best = shorten(text, 4)
    while low <= high:
        limit = (low + high) // 2
        cut = shorten(text, limit)
        if text_width(cut, size) <= room:
            best, low = cut, limit + 1
        else:
            high = limit - 1
    return best
