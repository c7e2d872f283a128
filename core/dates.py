"""Calendar arithmetic that ``datetime`` leaves out: months, days of a month, weeks.

Due dates, validities, review dates and retention periods are counted in months, and a
month has no fixed length: these helpers decide once what "six months after 31 August"
is (the last day of February), so every rule that counts in months agrees.
"""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def clamped_date(year: int, month: int, day: int) -> datetime.date:
    """The date, or the last day of the month if it has no such day (31 April -> 30)."""
    return datetime.date(year, month, min(day, days_in_month(year, month)))


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week ``day`` is in."""
    return day - datetime.timedelta(days=day.weekday())
