"""Items, conditions and inspections read once per run and shared (issue 15): a case that differs
from one read before only in a value's type, or in a third decimal, is still refused."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from storepos.domain.policy import InvalidCase, parse_case
from tests.unit.policy.cases import make_case

GOOD = make_case("softmoc", day=10)


def variant(edit: str, value: object) -> dict[str, object]:
    case = copy.deepcopy(GOOD)
    where, _, key = edit.rpartition(".")
    target: dict[str, object] = case
    for step in where.split("."):
        target = target[step] if not step.isdigit() else target[int(step)]  # type: ignore[index,assignment]
    target[key] = value
    return case


@pytest.mark.parametrize(("edit", "value", "field"), [
    ("request.condition.worn", 0, "request.condition.worn"),
    ("request.condition.original_box", 1, "request.condition.original_box"),
    ("items.0.price", Decimal("140.000"), "items[0].price"),
    ("items.0.paid", 140, None),  # a whole number of dollars is an amount: accepted
    ("items.0.tags", ["final_sale", 1], "items[0].tags[1]"),
    ("items.0.tags", "final_sale", "items[0].tags"),
    ("items.0.id", ["L1"], "items[0].id"),
])
def test_a_case_read_after_its_valid_twin_is_judged_on_its_own(edit: str, value: object,
                                                                field: str | None) -> None:
    first = parse_case(GOOD)
    assert parse_case(GOOD) == first  # read again: the same, shared objects
    assert parse_case(GOOD).items[0] is first.items[0] and parse_case(GOOD).request.condition is \
        first.request.condition
    if field is None:
        assert parse_case(variant(edit, value)).items[0].paid == Decimal("140.00")
        return
    with pytest.raises(InvalidCase) as refused:
        parse_case(variant(edit, value))
    assert refused.value.field == field


def test_a_repeated_item_is_refused_even_when_read_before() -> None:
    case = copy.deepcopy(GOOD)
    case["items"] = [case["items"][0], copy.deepcopy(case["items"][0])]  # type: ignore[index]
    parse_case(GOOD)
    with pytest.raises(InvalidCase, match=r"items\[1\]\.id: item 'L1' appears twice"):
        parse_case(case)


def test_true_never_passes_for_the_number_one_read_before() -> None:
    """An item priced 1 (a JSON number) read first; the same item priced true is refused, not
    taken for it (True == 1 in Python: the items kept for reuse are those of text alone)."""
    ones = variant("items.0.price", 1)
    ones["items"][0]["paid"] = 1  # type: ignore[index]
    assert parse_case(ones).items[0].price == Decimal("1.00")
    trues = copy.deepcopy(ones)
    trues["items"][0]["price"] = True  # type: ignore[index]
    with pytest.raises(InvalidCase) as refused:
        parse_case(trues)
    assert refused.value.field == "items[0].price"


@pytest.mark.parametrize(("wanted", "message"), [
    (["L1", "L1"], r"request\.items\[1\]: item 'L1' is requested twice"),
    (["L1", ["L1"]], r"request\.items\[1\]: must be an item id \(a string\), not a list"),
    (["L9"], r"request\.items\[0\]: the order has no item 'L9'"),
    ([1], r"request\.items\[0\]: must be an item id \(a string\), not a number"),
])
def test_a_wrong_requested_id_is_named_after_good_requests(wanted: list[object], message: str) -> None:
    parse_case(GOOD)
    with pytest.raises(InvalidCase, match=message):
        parse_case(variant("request.items", wanted))
