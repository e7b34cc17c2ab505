"""Why the engine decided as it did, as codes and parameters: no words, no language.

Each reason is an `Explanation`: what happened (`Why`), the facts that go into its sentence
(`params`: amounts, dates, resolutions, tags, requirements, window counts) and the policy clause it
applies. The layer above words it (`storepos.wording.policy`) in the reader's language; the
`storepos policy evaluate` contract's English comes from the same words.
"""

from __future__ import annotations

from collections import namedtuple
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from storepos.domain.dates import date
from storepos.domain.policy.model import PaidWith
from storepos.domain.policy.rules import Anchor, Finding, Requirement
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag, TenderKind

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, NamedTuple


class Why(StrEnum):
    """Every kind of sentence the engine can give; each has its wording above the domain."""

    NOT_RECEIVED = "not_received"  # not delivered or picked up yet: only a cancellation
    STORE_RESTRICTED = "store_restricted"  # fulfillment, store_kind
    TAGS_EXCLUDED = "tags_excluded"  # tags, change_of_mind; paid and price when a discount is inferred
    NO_INSPECTION = "no_inspection"  # a faulty-item claim with no staff inspection recorded
    FINDING = "finding"  # finding: what the inspection found that denies the claim
    CLAIM_NEEDS = "claim_needs"  # needs, paid_with: what the whole section requires
    ALLOWED = "allowed"  # allow, windows (counts that hold; may be empty)
    WINDOW_PASSED = "window_passed"  # allow (what is lost), windows (the counts that are past)
    NEEDS = "needs"  # allow (what is lost), needs, paid_with
    REFUND_TO = "refund_to"  # paid_with: where an allowed refund goes
    RESTOCKING_FEE = "restocking_fee"  # percent, fee, paid
    SHIPPING_KEPT = "shipping_kept"  # amount: shipping charged, never refunded
    NO_RESOLUTION = "no_resolution"
    CANCEL_RECEIVED = "cancel_received"
    CANCEL_DISPATCHED = "cancel_dispatched"
    CANCEL_NOT_ALLOWED = "cancel_not_allowed"
    CANCEL_ALLOWED = "cancel_allowed"  # allow


if TYPE_CHECKING:
    class WindowCount(NamedTuple):
        """One window as counted on the case's day: day `day` from `start`, open through `through`.

        (A named tuple, as Explanation: a run of the contract makes thousands.)"""

        anchor: Anchor
        start: date
        day: int
        days: int
        months: int
        through: date
        holds: bool

    class Explanation(NamedTuple):
        """One reason: `why` with its `params`, citing `clause` of the policy titled `policy`.

        `clause` is the policy file's own text ("" cites the policy as a whole)."""

        why: Why
        policy: str
        clause: str
        params: Mapping[str, Any] = MappingProxyType({})

        def __hash__(self) -> int: ...
else:  # the same, without importing typing (`policy evaluate` is started in loops: issue 15)
    WindowCount = namedtuple("WindowCount", "anchor start day days months through holds")

    _NO_PARAMS = MappingProxyType({})

    class Explanation(namedtuple("Explanation", "why policy clause params", defaults=(_NO_PARAMS,))):
        __slots__ = ()

        def __hash__(self):  # params (a dict) take part in ==, not in the hash
            return hash((self.why, self.policy, self.clause))


# -- as JSON: a reason kept with a record (a claim's decision, a print job) is worded when read ----

def _enum_list(kind: type[StrEnum]) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    return (lambda values: [str(v) for v in values], lambda values: tuple(kind(v) for v in values))


def _decimal() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    return (str, Decimal)


def _window_json(count: WindowCount) -> dict[str, Any]:
    return {"anchor": str(count.anchor), "start": count.start.isoformat(), "day": count.day,
            "days": count.days, "months": count.months, "through": count.through.isoformat(),
            "holds": count.holds}


def _window_back(data: dict[str, Any]) -> WindowCount:
    return WindowCount(Anchor(data["anchor"]), date.fromisoformat(data["start"]), int(data["day"]),
                       int(data["days"]), int(data["months"]), date.fromisoformat(data["through"]),
                       bool(data["holds"]))


# Each parameter's name fixes its type: nothing else is read back.
_PARAMS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "allow": _enum_list(Resolution),
    "tags": _enum_list(Tag),
    "needs": _enum_list(Requirement),
    "windows": (lambda counts: [_window_json(c) for c in counts],
                lambda data: tuple(_window_back(d) for d in data)),
    "paid_with": (lambda tenders: [[str(t.kind), t.label] for t in tenders],
                  lambda data: tuple(PaidWith(TenderKind(k), str(label)) for k, label in data)),
    "change_of_mind": (bool, bool),
    "paid": _decimal(), "price": _decimal(), "percent": _decimal(), "fee": _decimal(),
    "amount": _decimal(),
    "fulfillment": (str, Fulfillment),
    "store_kind": (str, StoreKind),
    "finding": (str, Finding),
}


def explanation_to_json(reason: Explanation) -> dict[str, Any]:
    return {"why": str(reason.why), "policy": reason.policy, "clause": reason.clause,
            "params": {name: _PARAMS[name][0](value) for name, value in reason.params.items()}}


def explanation_from_json(data: Mapping[str, Any]) -> Explanation:
    """Raises ValueError (or KeyError) on anything `explanation_to_json` does not write."""
    params = {name: _PARAMS[name][1](value) for name, value in dict(data["params"]).items()}
    return Explanation(Why(data["why"]), str(data["policy"]), str(data["clause"]), params)
