"""Read a case from its JSON form (the `storepos policy evaluate` contract), refusing bad input plainly.

Every problem raises `InvalidCase` with the field path, so the command can say
"case 3: request.items[0]: the order has no item 'L9'". Whatever the JSON holds (numbers of any size,
lists where ids belong, lone surrogates), the answer is an `InvalidCase`, never another exception.
"""

from __future__ import annotations

from decimal import Decimal

from storepos.domain.dates import date
from storepos.domain.money import CENT
from storepos.domain.policy.model import Case, Condition, Inspection, Item, OrderFacts, Request
from storepos.domain.policy.shown import key_name, shown
from storepos.domain.vocabulary import Channel, Fulfillment, Reason, RequestType, StoreKind, Tag

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing and re are not imported at run time: `policy evaluate` starts in loops
    from enum import StrEnum
    from typing import Any, TypeVar

    E = TypeVar("E", bound=StrEnum)
# The largest sum the till's database holds (Numeric(12, 2)): anything larger is out of range.
MAX_AMOUNT = Decimal("9999999999.99")
MAX_ID_LENGTH = 100
_CONDITION_FIELDS = ("worn", "original_box", "packaging_intact", "proof_of_purchase", "original_card")
_INSPECTION_FIELDS = ("defect_confirmed", "wear_and_tear", "misuse")


class InvalidCase(ValueError):
    """A field of a case that cannot be used; `field` is empty when the case itself is not an object."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field, self.problem = field, problem


def _obj(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidCase(field, f"must be a JSON object, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "a number")


# Each kind's members by value, looked up without Enum.__call__'s own steps; held here because
# reading `kind._value2member_map_` through the enum's metaclass costs more than the look-up.
_MEMBERS: dict[type, dict[str, Any]] = {
    kind: kind._value2member_map_ for kind in (StoreKind, Channel, Fulfillment, Tag, RequestType, Reason)}


def _enum(value: Any, field: str, kind: type[E]) -> E:
    if type(value) is str:
        member = _MEMBERS[kind].get(value)
        if member is not None:
            return member  # type: ignore[no-any-return]
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(m.value for m in kind)
        raise InvalidCase(field, f"unknown value {shown(value)} (expected one of: {known})") from None


def _text(value: Any, field: str, what: str) -> str:
    """A name or id: a non-empty string of valid Unicode, short enough to print."""
    if not isinstance(value, str) or not value:
        raise InvalidCase(field, f"must be {what} (a non-empty string), not {shown(value)}")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidCase(field, f"is {len(value):,} characters long; at most {MAX_ID_LENGTH} are allowed")
    if not value.isascii() and _has_surrogate(value):
        raise InvalidCase(field, f"{shown(value)} is not valid Unicode text (it holds a lone surrogate)")
    return value


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")  # refuses a lone surrogate, and nothing else
    except UnicodeEncodeError:
        return True
    return False


def _is_iso_date(text: str) -> bool:
    """2025-02-01: four, two and two ASCII digits (str.isdigit alone takes full-width ones too)."""
    return (len(text) == 10 and text.isascii() and text[4] == "-" and text[7] == "-"
            and (text[:4] + text[5:7] + text[8:]).isdigit())


def _is_amount(text: str) -> bool:
    """-?[0-9]+(.[0-9]+)?: what Decimal() takes beyond this (1e3, 1_0, NaN, " 1") is refused."""
    body = text[1:] if text[:1] == "-" else text
    whole, dot, decimals = body.partition(".")
    return body.isascii() and whole.isdigit() and (not dot or decimals.isdigit())


# Amounts and dates already read, by their text: a thousand cases repeat most of theirs.
_DATES_READ: dict[str, date] = {}
_AMOUNTS_READ: dict[str, Decimal] = {}


def _date(value: Any, field: str) -> date:
    if type(value) is str:
        known = _DATES_READ.get(value)
        if known is not None:
            return known
    if not isinstance(value, str) or not _is_iso_date(value):
        raise InvalidCase(field, f"{shown(value)} is not a date like 2025-02-01")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidCase(field, f"{shown(value)} is not a real calendar date") from None
    if len(_DATES_READ) < 10_000:
        _DATES_READ[value] = day
    return day


def _money(value: Any, field: str) -> Decimal:
    """A decimal string (or JSON number) of at most two decimals, from 0 to MAX_AMOUNT."""
    if type(value) is str:
        known = _AMOUNTS_READ.get(value)
        if known is not None:
            return known
        if len(_AMOUNTS_READ) < 10_000:  # one run's distinct prices, not an unbounded memory
            _AMOUNTS_READ[value] = amount = _amount(value, field)
            return amount
    return _amount(value, field)


def _amount(value: Any, field: str) -> Decimal:
    if isinstance(value, str) and _is_amount(value.strip()):
        number = Decimal(value.strip())
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool) and Decimal(value).is_finite():
        number = Decimal(value)
    else:
        raise InvalidCase(field, f"{shown(value)} is not an amount like \"140.00\"")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidCase(field, f"{shown(value)} has more than two decimals")
    if number < 0:
        raise InvalidCase(field, f"{shown(value)} is negative")
    if number > MAX_AMOUNT:
        raise InvalidCase(field, f"{shown(value)} is out of range (at most {MAX_AMOUNT:,})")
    return abs(number).quantize(CENT)  # abs: "-0" is 0.00, never "-0.00"


def _flag(data: dict[str, Any], key: str, field: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise InvalidCase(f"{field}.{key}", "must be true or false")
    return value


# Conditions, inspections and items already read, by their JSON: a thousand cases repeat most of
# them, and these objects cannot change (their fields are Final), so the cases share them.
_CONDITIONS_READ: dict[tuple[Any, ...], Condition] = {}
_INSPECTIONS_READ: dict[tuple[Any, ...], Inspection] = {}
_ITEMS_READ: dict[tuple[Any, ...] | None, Item] = {}  # never holds None: get(None) finds none


def _checklist_key(value: Any) -> tuple[Any, ...] | None:
    """A checklist's JSON (a condition, an inspection) as a key to look it up: its names, values and
    each value's type (1 == True, but only true and false are valid); None when it is not an
    object. It may hold a list or an object: unhashable, never found, read in full."""
    if type(value) is not dict:
        return None
    values = tuple(value.values())
    return tuple(value), values, tuple(map(type, values))


def _checklist(raw: Any, field: str, names: tuple[str, ...], read: dict[Any, Any], make: Any) -> Any:
    """A Condition or an Inspection (`make`) from its JSON, the one read before when the JSON is the same."""
    key = _checklist_key(raw)
    try:
        known = read.get(key)
    except TypeError:  # a list or an object among its values: read in full
        key = known = None
    if known is None:
        known = make(**_flags(raw, field, names))
        if key is not None and len(read) < 10_000:
            read[key] = known
    return known


def _flags(value: Any, field: str, names: tuple[str, ...]) -> dict[str, bool]:
    data = _obj(value, field)
    for key in data:
        if key not in names:
            raise InvalidCase(f"{field}.{key_name(key)}", f"unknown field (expected: {', '.join(names)})")
    return {name: _flag(data, name, field) for name in names}


def parse_case(raw: Any, *, policy_override: str | None = None) -> Case:
    # Each object and name checked by its type first, the helper that words a refusal called only
    # for what is not one (a run reads thousands of cases: issue 15).
    data = raw if type(raw) is dict else _obj(raw, "")
    policy = policy_override if policy_override is not None else data.get("policy")
    if policy is None:
        raise InvalidCase("policy", "missing: name a policy in the case or with --policy")
    if not (type(policy) is str and 0 < len(policy) <= MAX_ID_LENGTH and policy.isascii()):
        policy = _text(policy, "--policy" if policy_override is not None else "policy", "a policy name")
    today = _date(data.get("today"), "today")
    store = data.get("store", _RETAIL)
    if type(store) is not dict:
        store = _obj(store, "store")
    store_kind = _enum(store.get("kind", "retail"), "store.kind", StoreKind)
    order = data.get("order")
    order = _order(order if type(order) is dict else _obj(order, "order"), today)
    items, item_ids = _items(data.get("items"))
    request = data.get("request")
    request = _request(request if type(request) is dict else _obj(request, "request"), item_ids)
    return Case(policy, today, store_kind, order, tuple(items), request)


_RETAIL: dict[str, Any] = {"kind": "retail"}  # a case that names no store (only read)


def _order(order_raw: dict[str, Any], today: date) -> OrderFacts:
    """The order's facts; its dates in order (placed, received, today)."""
    placed_on = _date(order_raw.get("placed_on"), "order.placed_on")
    if today < placed_on:
        raise InvalidCase("today", f"{today} is before the order was placed ({placed_on})")
    received_raw = order_raw.get("received_on")
    received_on = None if received_raw is None else _date(received_raw, "order.received_on")
    if received_on is not None and received_on < placed_on:
        raise InvalidCase("order.received_on", f"{received_on} is before the order was placed ({placed_on})")
    if received_on is not None and received_on > today:
        raise InvalidCase("order.received_on", f"{received_on} is after today ({today})")
    dispatched = order_raw.get("dispatched", received_on is not None)
    if not isinstance(dispatched, bool):
        raise InvalidCase("order.dispatched", "must be true or false")
    return OrderFacts(
        _enum(order_raw.get("channel"), "order.channel", Channel),
        _enum(order_raw.get("fulfillment"), "order.fulfillment", Fulfillment),
        placed_on,
        received_on,
        _money(order_raw.get("shipping_charged", "0.00"), "order.shipping_charged"),
        dispatched,
    )


def _items(items_raw: Any) -> tuple[list[Item], set[str]]:
    """The order's items, each with a unique id, and their ids."""
    if not isinstance(items_raw, list) or not items_raw:
        raise InvalidCase("items", f"must be a non-empty list of items, not {_kind(items_raw)}")
    items: list[Item] = []
    seen: set[str] = set()
    for i, item_raw in enumerate(items_raw):
        key = _item_key(item_raw)
        try:
            known = _ITEMS_READ.get(key)
        except TypeError:  # a list or an object among its parts: read in full
            key = known = None
        if known is not None:  # the same JSON read before: the same item (its id checked again below)
            if known.id in seen:
                raise InvalidCase(f"items[{i}].id", f"item {shown(known.id)} appears twice")
            seen.add(known.id)
            items.append(known)
            continue
        field = f"items[{i}]"
        item_data = _obj(item_raw, field)
        item_id = _text(item_data.get("id"), f"{field}.id", "an item id")
        if item_id in seen:
            raise InvalidCase(f"{field}.id", f"item {shown(item_id)} appears twice")
        seen.add(item_id)
        tags_raw = item_data.get("tags", [])
        if not isinstance(tags_raw, list):
            raise InvalidCase(f"{field}.tags", f"must be a list, not {_kind(tags_raw)}")
        items.append(Item(
            item_id,
            _money(item_data.get("price"), f"{field}.price"),
            _money(item_data.get("paid"), f"{field}.paid"),
            frozenset(_enum(t, f"{field}.tags[{j}]", Tag) for j, t in enumerate(tags_raw))
            if tags_raw else _NO_TAGS,
        ))
        if key is not None and len(_ITEMS_READ) < 10_000 and all(type(part) is str for part in key):
            _ITEMS_READ[key] = items[-1]  # only all-text keys: no number or true may pass for one
    return items, seen


def _item_key(item_raw: Any) -> tuple[Any, ...] | None:
    """An item's JSON as a key to look it up: what makes the item (its id, price, paid, tags; any
    other field is not read), or None when it cannot be one. Only keys of text alone are kept
    (`_items`), and text equals only text, so a key found is one whose parts are all text. It may
    hold a list or an object: unhashable, never found, read in full."""
    if type(item_raw) is not dict:
        return None
    tags = item_raw.get("tags", _NO_TAG_LIST)
    if type(tags) is not list:
        return None
    return (item_raw.get("id"), item_raw.get("price"), item_raw.get("paid"), *tags)


_NO_TAG_LIST: list[str] = []


_NO_TAGS: frozenset[Tag] = frozenset()
_NOTHING: dict[str, Any] = {}


def _request(request_raw: dict[str, Any], item_ids: set[str]) -> Request:
    """What the customer asks for, of which of the order's items, in what condition."""
    request_type = _enum(request_raw.get("type"), "request.type", RequestType)
    reason = _enum(request_raw.get("reason", "change_of_mind" if request_type is not RequestType.WARRANTY
                                   else "defective"), "request.reason", Reason)
    wanted = request_raw.get("items")
    if not isinstance(wanted, list) or not wanted:
        raise InvalidCase("request.items", "must list at least one item id")
    try:  # the common answer at once: each a different id of the order's (text equals only text)
        distinct = len(wanted) == len(set(wanted)) and item_ids.issuperset(wanted)
    except TypeError:  # a list or an object among them
        distinct = False
    if not distinct:
        _refuse_asked(wanted, item_ids)
    condition = _checklist(request_raw.get("condition", _NOTHING), "request.condition", _CONDITION_FIELDS,
                           _CONDITIONS_READ, Condition)
    inspection_raw = request_raw.get("inspection")
    inspection = None if inspection_raw is None else _checklist(
        inspection_raw, "request.inspection", _INSPECTION_FIELDS, _INSPECTIONS_READ, Inspection)
    return Request(request_type, reason, tuple(wanted), condition, inspection)


def _refuse_asked(wanted: list[Any], item_ids: set[str]) -> None:
    """Say which of the requested ids is wrong: not text, not the order's, or asked twice."""
    asked: set[str] = set()
    for j, item_id in enumerate(wanted):
        if not isinstance(item_id, str):
            raise InvalidCase(f"request.items[{j}]", f"must be an item id (a string), not {_kind(item_id)}")
        if item_id not in item_ids:
            raise InvalidCase(f"request.items[{j}]", f"the order has no item {shown(item_id)}")
        if item_id in asked:
            raise InvalidCase(f"request.items[{j}]", f"item {shown(item_id)} is requested twice")
        asked.add(item_id)
