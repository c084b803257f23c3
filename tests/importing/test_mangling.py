"""The rule that tells a spreadsheet's conversion of a stored value (0042 → 42) from a
real change (issue 19, item 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentordesk.importing.mangling import StoredNumbers, spreadsheet_conversion


@pytest.mark.parametrize(
    ("stored", "found", "words"),
    [
        ("0042", "42", "dropped its leading zeros"),
        ("007", "7", "dropped its leading zeros"),
        ("1E5", "100000", "scientific notation"),
        ("1E5", "1.00E+05", "scientific notation"),
        ("123456789012", "1.23457E+11", "12-digit number in scientific notation"),
        ("1234567890123456789", "1234567890123450000", "only 15 digits"),
        ("2027-03-05", "05/03/2027", "as a date and wrote it in another format"),
        ("2027-03-05", "3/5/2027", "as a date and wrote it in another format"),
        ("2027-03-05", "46451", "serial number"),
        ("3-12", "12-Mar", "took it for a date"),
        ("1.50", "1.5", "wrote it differently"),
    ],
)
def test_spreadsheet_conversions_are_recognised_and_explained(stored, found, words):
    why = spreadsheet_conversion(stored, found)
    assert why is not None and words in why


@pytest.mark.parametrize(
    ("stored", "found"),
    [
        ("E1042", "E1043"),  # a real new id
        ("42", "0042"),  # zeros added: a person did that, not a spreadsheet
        ("1042", "2042"),
        ("Platform", "Platform 2"),
        ("123456789012", "1.3E+11"),  # not the stored number, rounded
        ("2027-03-05", "2027-03-06"),
        ("", "42"),
        ("0042", ""),
    ],
)
def test_real_changes_are_not_taken_for_conversions(stored, found):
    assert spreadsheet_conversion(stored, found) is None


@given(st.text(max_size=20))
def test_an_unchanged_value_is_never_a_conversion(value):
    assert spreadsheet_conversion(value, value) is None


@given(st.integers(min_value=1, max_value=10**10), st.integers(min_value=1, max_value=6))
def test_any_number_with_leading_zeros_loses_them(number, zeros):
    stored = "0" * zeros + str(number)
    why = spreadsheet_conversion(stored, str(number))
    assert why is not None and "leading zeros" in why
    assert StoredNumbers.of([stored, "E77"]).origins(str(number)) == [(stored, why)]


@given(st.integers(min_value=10**11, max_value=10**15 - 1))
def test_any_long_id_in_scientific_notation_is_found_again(number):
    stored = str(number)
    shown = f"{number:.5E}"  # what a spreadsheet's General format shows: 1.23457E+11
    why = spreadsheet_conversion(stored, shown)
    assert why is not None and "scientific notation" in why
    assert (stored, why) in StoredNumbers.of([stored]).origins(shown)


@given(
    st.integers(min_value=0, max_value=10**11 - 1),
    st.integers(min_value=0, max_value=10**11 - 1),
)
def test_two_different_plain_numbers_are_a_real_change(first, second):
    if first != second:
        assert spreadsheet_conversion(str(first), str(second)) is None
