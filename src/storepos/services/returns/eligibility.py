"""What each line of an order may still become at this store, today: the policy engine per line.

The store where the customer stands decides the policy preset, the store kind and the calendar
date (its own time zone). Units already returned are taken off first: never more back than sold,
a fully returned line is reported without asking the engine, and the paid amount of each unit
comes from `allocate` over the line's units, so the units' shares always add up to what was paid.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.money import ZERO, allocate
from storepos.domain.policy import (
    Case,
    Condition,
    Decision,
    Inspection,
    Item,
    ItemDecision,
    OrderFacts,
    PaidWith,
    Policy,
    Request,
    evaluate,
)
from storepos.domain.vocabulary import Fulfillment, Reason, RequestType, StoreKind, Tag
from storepos.i18n import _, ngettext
from storepos.persistence.models import Store
from storepos.services.base.order_lookup import Db, LineView, OrderView, core_connection
from storepos.services.base.policy_book import get_policy
from storepos.wording.policy import CONTRACT, Figures, reason_text, reasons_text

# The best case, shown before staff tick the checklist: everything the policies may ask for.
ALL_SHOWN = Condition(
    worn=False, original_box=True, packaging_intact=True, proof_of_purchase=True,
    original_card=True,
)
_ONE = Decimal(1)


class StoreNotFound(StoreposError, LookupError):
    """No store with the code or id given."""


@dataclass(frozen=True, slots=True)
class StoreContext:
    """The store where the customer stands."""

    id: uuid.UUID
    code: str
    name: str
    kind: StoreKind
    policy: str
    time_zone: str
    currency: str | None = None  # ISO 4217: how the reasons write amounts (None: plain "9.95")

    @property
    def figures(self) -> Figures:
        return Figures(self.currency) if self.currency else CONTRACT


@dataclass(frozen=True, slots=True)
class LineEligibility:
    line: LineView
    requested: int  # units evaluated (0: not part of this request, or nothing left)
    unit_paid: tuple[Decimal, ...]  # each requested unit's share of the line's paid amount
    unit_decisions: tuple[ItemDecision, ...]  # one per requested unit, same order
    refund_amount: Decimal  # the requested units together
    restocking_fee: Decimal
    message: str  # one sentence for the screen
    figures: Figures = CONTRACT  # the store's currency, for the reasons' amounts

    @property
    def reasons(self) -> tuple[str, ...]:
        """The policy's sentences for this line, in the language of whoever asks."""
        decision = self.decision
        return reasons_text(decision.reasons, self.figures) if decision else (self.message,)

    @property
    def returnable(self) -> int:
        return self.line.remaining

    @property
    def fully_returned(self) -> bool:
        return self.line.remaining == 0

    @property
    def decision(self) -> ItemDecision | None:
        return self.unit_decisions[0] if self.unit_decisions else None

    @property
    def allowed(self) -> tuple[str, ...]:
        decision = self.decision
        return tuple(r.value for r in decision.allowed) if decision else ()


@dataclass(frozen=True, slots=True)
class OrderEligibility:
    order: OrderView
    store: StoreContext
    today: date  # the store's own calendar date
    policy: str
    lines: tuple[LineEligibility, ...]
    shipping_refund: Decimal
    needs_manager: bool

    @property
    def refund_amount(self) -> Decimal:
        return sum((line.refund_amount for line in self.lines), ZERO)


_s = Store.__table__
_STORE = select(_s.c.id, _s.c.code, _s.c.name, _s.c.kind, _s.c.policy, _s.c.time_zone, _s.c.currency)
_STORE_BY_CODE = _STORE.where(_s.c.code == bindparam("key"))
_STORE_BY_ID = _STORE.where(_s.c.id == bindparam("key"))


def load_store(db: Db, code_or_id: str | uuid.UUID) -> StoreContext:
    """A store by its code ("TOR", any case) or its id."""
    if isinstance(code_or_id, uuid.UUID):
        row = core_connection(db).execute(_STORE_BY_ID, {"key": code_or_id}).first()
    else:
        row = core_connection(db).execute(
            _STORE_BY_CODE, {"key": code_or_id.strip().upper()}
        ).first()
    if row is None:
        raise StoreNotFound(_("There is no store {store} in this database.").format(
            store=code_or_id))
    return StoreContext(row.id, row.code, row.name, row.kind, row.policy, row.time_zone, row.currency)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def store_today(store: StoreContext, now: datetime | None = None) -> date:
    """The calendar date at the store: policy days are counted in the store's own time zone."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(_zone(store.time_zone)).date()


@lru_cache(maxsize=256)
def _engine_tags(*tag_sets: frozenset[str]) -> frozenset[Tag]:
    """Line, variant and product tags as one set of Tags (few distinct combinations: cached)."""
    return frozenset(Tag(t) for tags in tag_sets for t in tags)


def unit_shares(paid: Decimal, quantity: int) -> list[Decimal]:
    """Each unit's part of a line's paid amount; the parts add up to `paid` to the cent."""
    if quantity == 1:
        return [paid]
    return allocate(paid, [_ONE] * quantity)


def order_facts(order: OrderView) -> OrderFacts:
    return OrderFacts(
        channel=order.channel,
        fulfillment=order.fulfillment,
        placed_on=order.placed_on,
        received_on=order.received_on,
        shipping_charged=order.shipping_charged,
        # A counter sale is handed over at once; an online order once it has left the warehouse.
        dispatched=order.dispatched_on is not None or order.fulfillment is Fulfillment.IN_STORE,
    )


def paid_with(order: OrderView) -> tuple[PaidWith, ...]:
    """The order's tenders as the policy engine sees them: what a refund goes back to, and
    whether there is an original card to ask for."""
    return tuple(PaidWith(t.kind, t.label) for t in order.tenders)


def _wanted(line: LineView, quantities: Mapping[int, int] | None) -> int:
    if quantities is None:
        return line.remaining
    wanted = quantities.get(line.line_no, 0)
    if wanted < 0:
        raise InvalidInput(_("Line {line}: a quantity cannot be negative.").format(
            line=line.line_no))
    if wanted > line.remaining:
        raise InvalidInput(
            _("Line {line} ({item}): {returned} of {bought} already returned, so at most "
              "{remaining} can come back, not {wanted}.").format(
                line=line.line_no, item=line.description, returned=line.quantity_returned,
                bought=line.quantity, remaining=line.remaining, wanted=wanted))
    return wanted


def _engine_items(line: LineView, wanted: int) -> tuple[list[Decimal], list[str], list[Item]]:
    """The wanted units' paid shares, each unit's engine item id, and one item per distinct amount."""
    start = line.quantity_returned
    shares = unit_shares(line.paid, line.quantity)[start:start + wanted]
    tags = _engine_tags(line.tags, line.variant_tags, line.product_tags)
    ids_by_amount: dict[Decimal, str] = {}
    items = []
    for amount in shares:
        if amount not in ids_by_amount:
            item_id = str(line.line_no) + "+" * len(ids_by_amount)
            ids_by_amount[amount] = item_id
            items.append(Item(item_id, line.list_price, amount, tags))
    return shares, [ids_by_amount[a] for a in shares], items


def _line_result(line: LineView, shares: list[Decimal], unit_ids: list[str],
                 decision: Decision | None, figures: Figures) -> LineEligibility:
    """One line's answer: its units' decisions added up, and the message for the cashier."""
    units = tuple(decision.items[i] for i in unit_ids) if decision else ()
    refund = fee = ZERO
    for unit in units:
        refund += unit.refund_amount
        fee += unit.restocking_fee
    return LineEligibility(
        line=line, requested=len(shares), unit_paid=tuple(shares), unit_decisions=units,
        refund_amount=refund, restocking_fee=fee, message=_message(line, units, figures),
        figures=figures,
    )


def evaluate_order(
    order: OrderView,
    store: StoreContext,
    *,
    request_type: RequestType = RequestType.RETURN,
    reason: Reason = Reason.CHANGE_OF_MIND,
    condition: Condition = ALL_SHOWN,
    inspection: Inspection | None = None,
    quantities: Mapping[int, int] | None = None,
    today: date | None = None,
    policy: Policy | None = None,
) -> OrderEligibility:
    """Decide every line: `quantities` maps line numbers to units asked for (default: all left).

    Units of one line can differ by a cent (allocate), so each distinct unit amount is one engine
    item ("3", and "3+" for the other amount); lines that were fully returned are not sent at all.
    """
    policy = policy or get_policy(store.policy)
    today = today or store_today(store)
    plans: list[tuple[LineView, list[Decimal], list[str]]] = []
    items: list[Item] = []
    for line in order.lines:
        wanted = _wanted(line, quantities)
        if wanted == 0:
            plans.append((line, [], []))
            continue
        shares, unit_ids, line_items = _engine_items(line, wanted)
        items.extend(line_items)
        plans.append((line, shares, unit_ids))

    decision = None
    if items:
        case = Case(
            policy=policy.name, today=today, store_kind=store.kind, order=order_facts(order),
            items=tuple(items),
            request=Request(
                request_type, reason, tuple(i.id for i in items), condition, inspection
            ),
            paid_with=paid_with(order),
        )
        decision = evaluate(policy, case)

    lines = tuple(_line_result(line, shares, unit_ids, decision, store.figures)
                  for line, shares, unit_ids in plans)
    return OrderEligibility(
        order=order, store=store, today=today, policy=policy.name, lines=lines,
        shipping_refund=decision.shipping_refund if decision else ZERO,
        needs_manager=decision.needs_manager if decision else False,
    )


def _message(line: LineView, units: tuple[ItemDecision, ...], figures: Figures) -> str:
    if line.remaining == 0:
        return ngettext("Already returned: the {n} unit of this line came back earlier.",
                        "Already returned: all {n} of this line came back earlier.",
                        line.quantity).format(n=line.quantity)
    if not units:
        return _("Not part of this request.")
    return reason_text(units[0].reasons[0], figures)
