"""Windows counted in months end on the month's last day when the day does not exist there; the
month lengths are the engine's own (no calendar module on `policy evaluate`'s start-up path)."""

from __future__ import annotations

import calendar
from datetime import date

from storepos.domain.policy.rules import add_months, days_in_month


def test_month_lengths_are_the_calendars_for_every_year() -> None:
    for year in range(1, 10000):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_the_31st_and_29_february_fall_back_to_the_months_last_day() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(1900, 1, 29), 1) == date(1900, 2, 28)
    assert add_months(date(2000, 1, 29), 1) == date(2000, 2, 29)
