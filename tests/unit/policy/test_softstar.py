"""Soft Star: no stated window (preset: 30 days from receipt, a setting); one-of-a-kind not returnable."""

from __future__ import annotations

import pytest

from storepos.domain.policy import evaluate, parse_case
from storepos.domain.policy.rules import Policy, Section
from storepos.services.base.policy_book import get_policy
from tests.unit.policy.cases import CONFIRMED, allowed, make_case

ALL = ["refund", "exchange", "store_credit"]


@pytest.mark.parametrize(("day", "expected"), [(0, ALL), (30, ALL), (31, [])])
def test_thirty_days_from_receipt(day: int, expected: list[str]) -> None:
    assert allowed(make_case("softstar", day=day, from_="receipt")) == expected


@pytest.mark.parametrize("tag", ["one_of_a_kind", "final_sale"])
def test_one_of_a_kind_and_final_sale_have_no_returns_or_exchanges(tag: str) -> None:
    assert allowed(make_case("softstar", day=3, from_="receipt", tags=[tag])) == []


@pytest.mark.parametrize("tag", ["sale", "clearance", "discounted"])
def test_limited_quantity_sale_shoes_are_returnable(tag: str) -> None:
    assert allowed(make_case("softstar", day=3, from_="receipt", tags=[tag], paid="100.00")) == ALL


def with_window_setting(policy: Policy, name: str, days: int) -> Policy:
    """A copy of `policy` with a named window setting changed (e.g. a store's own return window)."""
    if name not in policy.settings:
        raise KeyError(name)

    def swap(section: Section) -> Section:
        outcomes = tuple(
            o.replace(windows=tuple(w.replace(days=days) if w.setting == name else w
                                     for w in o.windows))
            for o in section.outcomes
        )
        return section.replace(outcomes=outcomes)

    return policy.replace(returns=swap(policy.returns), wrong_item=swap(policy.wrong_item),
                   fault=swap(policy.fault), settings={**policy.settings, name: days})


def test_window_is_a_setting() -> None:
    policy = with_window_setting(get_policy("softstar"), "return_window_days", 60)
    case = parse_case(make_case("softstar", day=45, from_="receipt"))
    assert [r.value for r in evaluate(policy, case).items["L1"].allowed] == ALL
    assert allowed(make_case("softstar", day=45, from_="receipt")) == []


def test_confirmed_defect_within_the_window() -> None:
    case = make_case("softstar", day=20, from_="receipt", type_="warranty", reason="defective",
                     inspection=CONFIRMED)
    assert allowed(case) == ["refund", "replacement", "repair"]
