"""What travels between a till and the central database, as plain values (JSON-safe payloads).

Each value has to_json() (plain dicts, lists, strings and numbers) and from_json() that gives back
an equal value: the central service's HTTP API speaks these. Money travels as a string ("12.50"),
never a float; ids as their canonical text; times in ISO 8601 with their offset.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from storepos.domain.sync import EventStatus, ProblemKind

EVERYONE = uuid.UUID(int=0)  # change-log scope of rows every store pulls (online orders, cards)


@dataclass(frozen=True, slots=True)
class Event:
    """One outbox entry: an audit event and the rows it wrote, numbered per till without gaps."""

    event_id: uuid.UUID
    store_id: uuid.UUID
    till_id: uuid.UUID
    seq: int
    action: str  # "return.completed", "ledger.redeem", "pickup.collected", ...
    occurred_at: datetime
    payload: dict[str, Any]  # {"audit": {...}, "rows": {...}}

    @property
    def audit(self) -> dict[str, Any]:
        return self.payload.get("audit") or {}

    @property
    def rows(self) -> dict[str, Any]:
        return self.payload.get("rows") or {}

    def to_json(self) -> dict[str, Any]:
        return {"event_id": str(self.event_id), "store_id": str(self.store_id),
                "till_id": str(self.till_id), "seq": self.seq, "action": self.action,
                "occurred_at": self.occurred_at.isoformat(), "payload": self.payload}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], ids: dict[str, uuid.UUID] | None = None) -> Event:
        """A ValueError in words for anything but an event (a request body is anyone's).
        `ids`: the store and till ids read so far, shared by the events of one push (every event
        repeats them, and reading a uuid is most of the cost here)."""
        payload, seq = data["payload"], data["seq"]
        if not isinstance(payload, dict):
            raise ValueError("an event's payload is an object")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise ValueError("an event's seq is a whole number")
        known = {} if ids is None else ids
        return cls(_uuid(data["event_id"]), _known_uuid(data["store_id"], known),
                   _known_uuid(data["till_id"], known), seq, str(data["action"]),
                   datetime.fromisoformat(data["occurred_at"]), payload)


def events_from_json(items: Any) -> list[Event]:
    """The events of one push, from its JSON list."""
    if not isinstance(items, list):
        raise ValueError("the events are a list")
    ids: dict[str, uuid.UUID] = {}
    return [Event.from_json(_mapping(item), ids) for item in items]


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("an event is an object")
    return value


_new_object = object.__new__
_set_int = uuid.UUID.int.__set__  # type: ignore[misc,attr-defined]  # the slots' own setters
_set_safety = uuid.UUID.is_safe.__set__  # type: ignore[misc,attr-defined]
_SAFETY_UNKNOWN = uuid.SafeUUID.unknown  # an enum member looked up once, not on every id


def parse_uuid(text: str) -> uuid.UUID:
    """uuid.UUID(text), the same reading and the same ValueError, in about half its time (a push
    of 10,000 events reads some 50,000 ids): its keyword checks are skipped, not its rules. The
    usual 36 characters are read with one replace: when they make 32 that int() reads, the text
    held no "urn:", "uuid:" or brace (none of ':', '{', '}' is read by int()), so the full reading
    would have read the same digits."""
    if len(text) == 36:
        digits = text.replace("-", "")
        if len(digits) == 32:
            try:
                return _made(int(digits, 16))
            except ValueError:
                pass  # the full reading says why
    digits = text.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "")
    if len(digits) != 32:
        raise ValueError("badly formed hexadecimal UUID string")
    return _made(int(digits, 16))


def _made(number: int) -> uuid.UUID:
    value = _new_object(uuid.UUID)
    _set_int(value, number)
    _set_safety(value, _SAFETY_UNKNOWN)
    return value


def _uuid(value: Any) -> uuid.UUID:
    if not isinstance(value, str):
        raise ValueError("an id is text")
    return parse_uuid(value)


def _known_uuid(value: Any, known: dict[str, uuid.UUID]) -> uuid.UUID:
    found = known.get(value) if isinstance(value, str) else None
    if found is None:
        found = known[value] = _uuid(value)
    return found


@dataclass(frozen=True, slots=True)
class EventResult:
    """What the central side did with one event; a replay gets the stored result back."""

    event_id: uuid.UUID
    status: EventStatus
    reason: str = ""
    duplicate: bool = False  # already stored by an earlier push

    def to_json(self) -> dict[str, Any]:
        return {"event_id": str(self.event_id), "status": self.status.value,
                "reason": self.reason, "duplicate": self.duplicate}

    @classmethod
    def from_json(cls, data: Mapping[str, Any],
                  ids: Mapping[str, uuid.UUID] | None = None) -> EventResult:
        """`ids`: the event ids already known by their text (the ones the till sent)."""
        text = data["event_id"]
        known = ids.get(text) if ids is not None and isinstance(text, str) else None
        return cls(known or uuid.UUID(text), EventStatus(data["status"]),
                   str(data.get("reason", "")), bool(data.get("duplicate", False)))


@dataclass(frozen=True, slots=True, order=True)
class Cursor:
    """Where a till's pull stopped: (writing transaction, change id) of the last change it read."""

    tx: int = 0
    change: int = 0

    def to_json(self) -> dict[str, int]:
        return {"tx": self.tx, "change": self.change}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Cursor:
        return cls(int(data["tx"]), int(data["change"]))


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    """Rows changed centrally since the cursor, as they stand now, for one store."""

    cursor: Cursor
    accounts: list[dict[str, Any]] = field(default_factory=list)  # balance, held
    orders: list[dict[str, Any]] = field(default_factory=list)  # the order document
    pickups: list[dict[str, Any]] = field(default_factory=list)
    # the store's refused or flagged events a manager has settled: {event_id, resolved_at, resolution}
    settled: list[dict[str, Any]] = field(default_factory=list)
    # the store's employees head office added or changed: {id, store_id, number, name, role,
    # pin_hash (None: no PIN set yet, or reset), active}
    employees: list[dict[str, Any]] = field(default_factory=list)
    more: bool = False  # the limit was reached: pull again
    # the chain's catalogue: {id, handle, brand, name, tags} and
    # {id, product_id, sku, barcode, colour, size, price, tags} (a variant's product comes with it)
    products: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.accounts or self.orders or self.pickups or self.settled
                    or self.employees or self.products or self.variants)

    def to_json(self) -> dict[str, Any]:
        # Orders are the JSON documents the web shop wrote; the other rows are typed columns.
        return {"cursor": self.cursor.to_json(),
                "accounts": [_row_to_json(r) for r in self.accounts],
                "orders": self.orders,
                "pickups": [_row_to_json(r) for r in self.pickups],
                "settled": [_row_to_json(r) for r in self.settled],
                "employees": [_row_to_json(r) for r in self.employees],
                "products": [_row_to_json(r) for r in self.products],
                "variants": [_row_to_json(r) for r in self.variants],
                "more": self.more}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChangeBatch:
        return cls(Cursor.from_json(data["cursor"]),
                   accounts=[_row_from_json(r) for r in data.get("accounts", [])],
                   orders=list(data.get("orders", [])),
                   pickups=[_row_from_json(r) for r in data.get("pickups", [])],
                   settled=[_row_from_json(r) for r in data.get("settled", [])],
                   employees=[_row_from_json(r) for r in data.get("employees", [])],
                   more=bool(data.get("more", False)),
                   products=[_row_from_json(r) for r in data.get("products", [])],
                   variants=[_row_from_json(r) for r in data.get("variants", [])])


@dataclass(frozen=True, slots=True)
class Account:
    """A card account in the central ledger: what it holds, and what holds reserve of it."""

    id: uuid.UUID
    balance: Decimal
    held: Decimal
    seq: int

    @property
    def available(self) -> Decimal:
        return self.balance - self.held

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "balance": str(self.balance), "held": str(self.held),
                "seq": self.seq}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Account:
        return cls(uuid.UUID(data["id"]), Decimal(data["balance"]), Decimal(data["held"]),
                   int(data["seq"]))


@dataclass(frozen=True, slots=True)
class Hold:
    """Money of a card reserved centrally for a sale in progress, until captured or released."""

    id: uuid.UUID
    account_id: uuid.UUID
    amount: Decimal
    expires_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "account_id": str(self.account_id),
                "amount": str(self.amount), "expires_at": self.expires_at.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Hold:
        return cls(uuid.UUID(data["id"]), uuid.UUID(data["account_id"]), Decimal(data["amount"]),
                   datetime.fromisoformat(data["expires_at"]))


@dataclass(frozen=True, slots=True)
class LineHold:
    """Units of an online order line reserved centrally for a return in progress, until the
    return's event consumes them on push, or they are released (given back, or expired)."""

    id: uuid.UUID
    order_id: uuid.UUID
    order_line_id: uuid.UUID
    quantity: int
    expires_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "order_id": str(self.order_id),
                "order_line_id": str(self.order_line_id), "quantity": self.quantity,
                "expires_at": self.expires_at.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LineHold:
        return cls(uuid.UUID(data["id"]), uuid.UUID(data["order_id"]),
                   uuid.UUID(data["order_line_id"]), int(data["quantity"]),
                   datetime.fromisoformat(data["expires_at"]))


@dataclass(frozen=True, slots=True)
class CancelClaim:
    """An order's cancellation claimed centrally by one store's till, before it refunds anything;
    `known`: the central side has the order (its dispatch was checked), else only the claim
    itself stands (an order the central side never had, cancelled once all the same)."""

    id: uuid.UUID
    order_id: uuid.UUID
    known: bool

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "order_id": str(self.order_id), "known": self.known}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CancelClaim:
        return cls(uuid.UUID(data["id"]), uuid.UUID(data["order_id"]), bool(data["known"]))


@dataclass(frozen=True, slots=True)
class Movement:
    """What the central ledger moved for one redemption or credit."""

    taken: Decimal  # signed amount written to the ledger (0 when nothing was left)
    shortfall: Decimal  # what an offline redemption took that the card no longer had
    balance_after: Decimal
    entry_id: uuid.UUID | None

    def to_json(self) -> dict[str, Any]:
        return {"taken": str(self.taken), "shortfall": str(self.shortfall),
                "balance_after": str(self.balance_after),
                "entry_id": str(self.entry_id) if self.entry_id else None}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Movement:
        entry = data.get("entry_id")
        return cls(Decimal(data["taken"]), Decimal(data["shortfall"]),
                   Decimal(data["balance_after"]), uuid.UUID(entry) if entry else None)


@dataclass(frozen=True, slots=True)
class OpenProblem:
    """One event's open items of one kind, as a store manager decides them: together."""

    kind: ProblemKind
    store_id: uuid.UUID
    event_id: uuid.UUID
    till_id: uuid.UUID | None  # the till that pushed the event
    seq: int | None
    action: str  # what the till did: "return.completed", "ledger.redeem", ...
    text: str  # the central side's sentences
    at: datetime
    amount: Decimal | None = None  # money overdrawn (card overdrafts)
    quantity: int | None = None  # units refunded beyond what was sold (over-refunds)
    receipts: tuple[str, ...] = ()  # the return numbers linked (every receipt of that line)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "store_id": str(self.store_id),
                "event_id": str(self.event_id),
                "till_id": str(self.till_id) if self.till_id else None, "seq": self.seq,
                "action": self.action, "text": self.text, "at": self.at.isoformat(),
                "amount": str(self.amount) if self.amount is not None else None,
                "quantity": self.quantity, "receipts": list(self.receipts)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OpenProblem:
        till, amount, seq, quantity = (data.get(k) for k in ("till_id", "amount", "seq",
                                                              "quantity"))
        return cls(ProblemKind(data["kind"]), uuid.UUID(data["store_id"]),
                   uuid.UUID(data["event_id"]), uuid.UUID(till) if till else None,
                   int(seq) if seq is not None else None, str(data["action"]), str(data["text"]),
                   datetime.fromisoformat(data["at"]),
                   Decimal(amount) if amount is not None else None,
                   int(quantity) if quantity is not None else None,
                   tuple(str(r) for r in data.get("receipts", ())))


# The typed columns of pulled rows (accounts, pickups, settled events), by name: JSON has no
# uuid, Decimal or date, so each is sent as text and read back as its type.
_ROW_TYPES: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(("id", "customer_id", "issued_store_id", "store_id", "order_id",
                     "handed_over_by", "event_id", "product_id"), uuid.UUID),
    **dict.fromkeys(("balance", "held", "price"), Decimal),
    **dict.fromkeys(("arrived_at", "notified_at", "collected_at", "sent_back_at", "updated_at",
                     "resolved_at"), datetime.fromisoformat),
    "hold_until": date.fromisoformat,
}


def _value_to_json(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value


def _row_to_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _value_to_json(value) for key, value in row.items()}


def _row_from_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: (_ROW_TYPES[key](value) if key in _ROW_TYPES and isinstance(value, str)
                  else value) for key, value in row.items()}


# A pulled row on its own (the employees an enrolment answer carries, or a PIN set-up's).
row_to_json = _row_to_json
row_from_json = _row_from_json
