"""Window reasons are worded from templates filled once per shape (issue 15): the day and its start
are all that change between them, and a policy's own text (its title, a clause) goes in as it is,
braces and all."""

from __future__ import annotations

from storepos.domain.dates import date
from storepos.domain.policy.reasons import Explanation, Why, WindowCount
from storepos.domain.policy.rules import Anchor
from storepos.domain.vocabulary import Resolution
from storepos.i18n import speaking
from storepos.wording.policy import ReasonWords


def _passed(day: int, start: date, title: str = "SoftMoc", clause: str = "Returns") -> Explanation:
    count = WindowCount(Anchor.PURCHASE, start, day, 30, 0, date(2025, 2, 4), False)
    return Explanation(Why.WINDOW_PASSED, title, clause, {"allow": (Resolution.REFUND,), "windows": (count,)})


def test_reasons_of_one_shape_differ_by_their_day_and_start() -> None:
    with speaking("en_CA"):
        words = ReasonWords()
        first = words.sentence(_passed(31, date(2025, 1, 5)))
        second = words.sentence(_passed(45, date(2024, 12, 22)))
    assert first == ("Refund not possible: day 31 is past the 30-day window from purchase on 2025-01-05 "
                     "(SoftMoc: Returns).")
    assert second == ("Refund not possible: day 45 is past the 30-day window from purchase on 2024-12-22 "
                      "(SoftMoc: Returns).")


def test_a_policy_text_with_braces_is_cited_as_it_is() -> None:
    for locale in ("en_CA", "fr_CA"):
        with speaking(locale):
            words = ReasonWords()
            said = [words.sentence(_passed(day, date(2025, 1, 5), "Shop {day}", "Rule {start} }{"))
                    for day in (31, 32)]
        assert all("Shop {day}" in s and "Rule {start} }{" in s for s in said), said
        assert "31" in said[0] and "32" in said[1]


def test_a_clause_holding_the_writers_own_marks_is_still_cited_as_it_is() -> None:
    """The filled sentence is cut where the day and the start go, at marks no policy text holds;
    a text that holds them all the same is worded through the template, and says what it says."""
    from storepos.wording.policy import _DAY_MARK, _START_MARK

    clause = f"Rule {_START_MARK} {_DAY_MARK}"
    with speaking("en_CA"):
        said = ReasonWords().sentence(_passed(31, date(2025, 1, 5), clause=clause))
    assert said == (f"Refund not possible: day 31 is past the 30-day window from purchase on 2025-01-05 "
                    f"(SoftMoc: {clause}).")
