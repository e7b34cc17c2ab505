"""The engine's value classes, written out rather than dataclasses (issue 15: start-up): they still
cannot be changed once made, compare and hash by their fields, and copy with replace()."""

from __future__ import annotations

import pytest

from storepos.domain.policy import evaluate, model, parse_case, rules
from storepos.domain.record import Frozen, Record
from storepos.services.base.policy_book import get_policy
from storepos.wording.policy import Figures
from tests.unit.policy.cases import make_case

PER_CASE = [model.OrderFacts, model.Item, model.PaidWith, model.Condition, model.Inspection,
            model.Request, model.Case, model.ItemDecision, model.Decision]
SHARED = [rules.Window, rules.Outcome, rules.StoreRestriction, rules.Section, rules.CancelRule,
          rules.Policy, Figures]


@pytest.mark.parametrize("cls", PER_CASE, ids=lambda c: c.__name__)
def test_every_field_of_a_per_case_class_is_final(cls: type[Record]) -> None:
    """Frozen by declaration: mypy (strict, run on every change) refuses any assignment to a Final
    field outside __init__, at no cost to the thousands of cases a run makes."""
    annotations = cls.__annotations__
    assert cls.__slots__ and set(cls.__slots__) == set(annotations)
    for name in cls.__slots__:
        assert annotations[name].startswith("Final["), (cls.__name__, name)
    assert not hasattr(cls(*[None] * _required(cls)), "__dict__")  # no stray attribute either


@pytest.mark.parametrize("cls", SHARED, ids=lambda c: c.__name__)
def test_a_shared_class_refuses_changes_at_run_time(cls: type[Frozen]) -> None:
    """A loaded policy is shared by every case of a run (and the library's cache): never changed."""
    made = cls(*[None] * _required(cls))
    name = cls.__slots__[0]
    with pytest.raises(AttributeError, match="cannot assign"):
        setattr(made, name, "changed")
    with pytest.raises(AttributeError, match="cannot delete"):
        delattr(made, name)
    with pytest.raises(AttributeError):
        made.anything_else = 1  # type: ignore[attr-defined]


def _required(cls: type[Record]) -> int:
    defaults = cls.__init__.__defaults__ or ()
    return len(cls.__slots__) - len(defaults)


def test_equality_hash_repr_replace_as_dict() -> None:
    item = model.Item("L1", price=rules.Decimal("1.00"), paid=rules.Decimal("1.00"))
    same = model.Item("L1", rules.Decimal("1.00"), rules.Decimal("1.00"), frozenset())
    assert item == same and hash(item) == hash(same) and item != ("L1",)
    assert repr(item) == "Item(id='L1', price=Decimal('1.00'), paid=Decimal('1.00'), tags=frozenset())"
    cheaper = item.replace(paid=rules.Decimal("0.50"))
    assert cheaper.paid == rules.Decimal("0.50") and item.paid == rules.Decimal("1.00") and cheaper != item
    with pytest.raises(TypeError, match="has no field colour"):
        item.replace(colour="red")
    assert model.Condition(worn=True).as_dict() == {
        "worn": True, "original_box": False, "packaging_intact": False, "proof_of_purchase": False,
        "original_card": False}
    assert model.Condition() != model.Inspection() and model.Decision("softmoc").items == {}
    with pytest.raises(TypeError):
        hash(model.Decision("softmoc"))  # holds a dict, as the dataclass did


def test_evaluating_changes_neither_the_case_nor_the_policy() -> None:
    policy = get_policy("shoeoftheweek")
    case = parse_case(make_case("shoeoftheweek", day=3, from_="receipt"))
    before = (repr(policy), repr(case))
    evaluate(policy, case)
    evaluate(policy, case)
    assert (repr(policy), repr(case)) == before
