"""The return-policy engine: policies as data, cases in, explained decisions out. Standard library only."""

from storepos.domain.policy.case_json import InvalidCase, parse_case
from storepos.domain.policy.engine import decide_item, evaluate
from storepos.domain.policy.loader import PolicyFileError, PolicyLibrary, load_policy_file
from storepos.domain.policy.model import (
    Case,
    Condition,
    Decision,
    Inspection,
    Item,
    ItemDecision,
    OrderFacts,
    PaidWith,
    Request,
)
from storepos.domain.policy.rules import Policy

__all__ = [
    "Case", "Condition", "Decision", "Inspection", "InvalidCase", "Item", "ItemDecision",
    "OrderFacts", "PaidWith", "Policy", "PolicyFileError", "PolicyLibrary", "Request", "decide_item",
    "evaluate", "load_policy_file", "parse_case",
]
