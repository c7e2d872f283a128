"""Calendar arithmetic: months that are shorter than the day asked for, and weeks."""

from datetime import date as D

from core.dates import add_months, clamped_date, days_in_month, week_of


def test_add_months_clamps_to_the_end_of_month():
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_add_months_counts_backwards_across_the_year():
    assert add_months(D(2026, 3, 31), -13) == D(2025, 2, 28)
    assert add_months(D(2026, 1, 15), -60) == D(2021, 1, 15)


def test_a_day_the_month_does_not_have_becomes_its_last_day():
    assert clamped_date(2027, 4, 31) == D(2027, 4, 30)
    assert clamped_date(2028, 2, 29) == D(2028, 2, 29)
    assert clamped_date(2027, 2, 29) == D(2027, 2, 28)
    assert days_in_month(2024, 2) == 29


def test_a_week_is_named_by_its_monday():
    assert week_of(D(2026, 11, 22)) == D(2026, 11, 16)  # a Sunday
    assert week_of(D(2026, 11, 16)) == D(2026, 11, 16)
