"""Returns and exchanges at the counter: each line decided by the store's policy, then completed
as one transaction (Return, lines, refunds per tender, exchanges, ledger, stock, audit).

    plan = preview_return(session, actor, request)      # decisions and amounts, nothing written
    summary = complete_return(session, actor, request, receipts=port)   # the caller commits

The order comes from `order_lookup`, each line's decision from `eligibility.evaluate_order` (which
takes units already returned into account); this module adds the counter's choices: resolution,
exchange variant, manager override, and where the money goes. Nothing here commits: any failure
leaves the caller's unit of work to roll back, so a return is never half-written. Before anything
is written, a return of an online order holds its lines centrally (line_holds.py): a second store
is refused there, before paying; offline, the offline limit per return decides.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.events import EventKind
from storepos.domain.ledger import mask_account_number
from storepos.domain.money import ZERO
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.refunds import (
    TenderRoom,
    settle_offline,
    short_reason,
    split_refund,
)
from storepos.domain.till_day import Movement, refund_movement
from storepos.domain.vocabulary import Reason, Resolution, ReturnStatus, TenderKind
from storepos.i18n import N_, SOURCE_LANGUAGE, _, ngettext, speaking
from storepos.i18n.formats import day
from storepos.persistence.base import table_of
from storepos.persistence.db import rows_changed
from storepos.persistence.models import (
    Customer,
    Exchange,
    Order,
    OrderLine,
    Refund,
    Return,
    ReturnLine,
    ValueAccount,
)
from storepos.services.base import journal, stock
from storepos.services.base.context import Actor
from storepos.services.base.numbering import next_number
from storepos.services.base.order_lookup import OrderView, TenderView, find_order
from storepos.services.base.policy_book import get_policy
from storepos.services.cards import value_accounts
from storepos.services.day.cash import handed_rounding, record_cash
from storepos.services.returns import line_holds
from storepos.services.returns.eligibility import (
    StoreContext,
    evaluate_order,
    load_store,
)
from storepos.services.returns.exchanges import collect_payment, plan_exchange
from storepos.services.returns.refund_words import worded
from storepos.services.returns.types import (
    LineRequest,
    Payment,
    PlannedLine,
    ReturnPlan,
    ReturnRequest,
    ReturnSummary,
    SummaryLine,
    TenderMove,
)
from storepos.services.staff import approvals
from storepos.services.staff.auth import require_counter
from storepos.wording.policy import CONTRACT, join_words, reasons_text, resolution_word

_RETURNABLE = (Resolution.REFUND, Resolution.EXCHANGE, Resolution.STORE_CREDIT)
_ACCOUNT_WORDS = {TenderKind.GIFT_CARD: N_("Gift card {number}"),
                  TenderKind.STORE_CREDIT: N_("Store credit {number}")}


class ReturnRefused(StoreposError):
    """The return cannot be completed as asked; `message` says why and what would make it work."""


class ReceiptPort(Protocol):
    """Called inside the completing transaction (e.g. to enqueue the refund receipt)."""

    def on_completed(self, session: Session, summary: ReturnSummary) -> None: ...


# -- reading: the order, the store, the decisions ------------------------------------------------

def _find_requested(session: Session, return_number: str) -> Return:
    number = str(parse_number(return_number))
    ret = session.scalars(select(Return).where(Return.return_number == number)).first()
    if ret is None:
        raise ReturnRefused(_("No return with Return ID {number}.").format(number=number))
    if ReturnStatus(ret.status) is ReturnStatus.COMPLETED:
        if ret.completed_at:
            raise ReturnRefused(_("Return {number} was already completed on {date}.").format(
                number=number, date=day(ret.completed_at.date())))
        raise ReturnRefused(_("Return {number} was already completed.").format(number=number))
    return ret


def _order(session: Session, request: ReturnRequest) -> tuple[OrderView, Return | None]:
    existing = _find_requested(session, request.return_number) if request.return_number else None
    order_id = existing.order_id if existing else request.order_id
    if order_id is None:
        raise InvalidInput(_("Find the order (or scan the Return ID) first."))
    if existing and request.order_id and request.order_id != existing.order_id:
        raise ReturnRefused(_("Return {number} is for another order.").format(
            number=existing.return_number))
    order = _load_order(session, order_id)
    if order is None:
        raise ReturnRefused(_("That order is not in the database."))
    return order, existing


def _load_order(session: Session, order_id: uuid.UUID) -> OrderView | None:
    # Adapter: order_lookup finds orders by number + billing last name (its public entry point),
    # read here inside the caller's transaction so quantities returned are current.
    row = session.execute(
        select(Order.number, Order.billing_last_name).where(Order.id == order_id)
    ).first()
    return find_order(session, row.number, row.billing_last_name) if row else None


def _check_requested_lines(existing: Return, order: OrderView,
                           lines: tuple[LineRequest, ...]) -> None:
    on_return = {rl.order_line_id: rl.quantity for rl in existing.lines}
    for req in lines:
        line = order.line(req.line_no)
        if line.id not in on_return:
            raise ReturnRefused(
                _("Line {line} is not on Return {number}; complete it as a new return "
                  "instead.").format(line=req.line_no, number=existing.return_number))
        if req.quantity > on_return[line.id]:
            raise ReturnRefused(
                ngettext("Return {number} covers {covered} of line {line}, not {quantity}.",
                         "Return {number} covers {covered} of line {line}, not {quantity}.",
                         on_return[line.id]).format(
                    number=existing.return_number, covered=on_return[line.id], line=req.line_no,
                    quantity=req.quantity))


def _plan_line(session: Session, actor: Actor, order: OrderView, store: StoreContext,
               policy_name: str, req: LineRequest) -> tuple[PlannedLine, Decimal]:
    """The line's plan, and what the policy refunds of the order's shipping."""
    try:
        line = order.line(req.line_no)
    except KeyError:
        raise InvalidInput(_("Order {number} has no line {line}.").format(
            number=order.number, line=req.line_no)) from None
    if req.quantity <= 0:
        raise InvalidInput(_("Line {line}: bring back at least one.").format(line=req.line_no))
    if req.resolution not in _RETURNABLE:
        raise InvalidInput(_("Replacement and repair go through a warranty claim, not a "
                             "return."))
    verdict = evaluate_order(
        order, store, reason=req.reason, condition=req.condition, inspection=req.inspection,
        quantities={req.line_no: req.quantity}, today=actor.today(),
        policy=get_policy(policy_name),
    )
    unit = next(le for le in verdict.lines if le.line.line_no == req.line_no)
    decision = unit.decision
    assert decision is not None  # at least one unit was asked for
    paid = sum(unit.unit_paid, ZERO)
    needs = req.resolution not in decision.allowed or verdict.needs_manager
    value = paid - unit.restocking_fee
    exchange = None
    if req.resolution is Resolution.EXCHANGE:
        exchange = plan_exchange(session, store.id, line.variant_id, req.exchange_variant_id,
                                 req.quantity, value)
    return PlannedLine(
        order_line_id=line.id, line_no=line.line_no, description=line.description, upc=line.upc,
        colour=line.colour, size=line.size, variant_id=line.variant_id, quantity=req.quantity,
        reason=req.reason, resolution=req.resolution, allowed=decision.allowed,
        reasons=unit.reasons, paid=paid, restocking_fee=unit.restocking_fee, value=value,
        needs_approval=needs, approval=req.override if needs else None,
        restock=not req.condition.worn and req.reason is not Reason.DEFECTIVE, exchange=exchange,
        explained=decision.reasons,
    ), verdict.shipping_refund


def _tender_label(tender: TenderView, numbers: dict[uuid.UUID, str]) -> str:
    number = numbers.get(tender.account_id) if tender.account_id else None
    if number and tender.kind in _ACCOUNT_WORDS:
        return _(_ACCOUNT_WORDS[tender.kind]).format(number=mask_account_number(number))
    return tender.label  # cards: brand ••••1234; anything else by name


def _split_over_tenders(session: Session, order: OrderView,
                        pool: Decimal) -> tuple[tuple[TenderMove, ...], Decimal]:
    """Refunds per original tender, and the share of unpaid ("pay offline") tenders."""
    if pool == 0:
        return (), ZERO
    ids = [t.id for t in order.tenders]
    refunded: dict[uuid.UUID | None, Decimal] = {}
    for tender_id, amount in session.execute(
        select(Refund.tender_id, Refund.amount).where(Refund.tender_id.in_(ids))
    ):
        refunded[tender_id] = refunded.get(tender_id, ZERO) + amount
    rooms = [TenderRoom(t.amount, refunded.get(t.id, ZERO), t.kind is not TenderKind.PAY_OFFLINE)
             for t in order.tenders]
    # Paid at pickup: the pay-offline tender stays on the order but no longer counts as unpaid.
    total = sum((line.paid for line in order.lines), ZERO) + order.shipping_charged
    rooms = settle_offline(total, rooms)
    parts = worded(split_refund, pool, rooms)
    account_ids = [t.account_id for t in order.tenders if t.account_id]
    numbers = {row.id: row.number for row in session.execute(
        select(ValueAccount.id, ValueAccount.number).where(ValueAccount.id.in_(account_ids))
    )} if account_ids else {}
    moves = tuple(
        TenderMove(t.kind, part, _tender_label(t, numbers), t.id, t.account_id,
                   numbers.get(t.account_id) if t.account_id else None,
                   t.card_brand, t.card_last4)
        for t, part in zip(order.tenders, parts, strict=True) if part > 0
    )
    return moves, pool - sum(parts, ZERO)


def _plan(session: Session, actor: Actor,
          request: ReturnRequest) -> tuple[ReturnPlan, OrderView, Return | None]:
    if not request.lines:
        raise InvalidInput(_("Choose at least one item that is coming back."))
    line_nos = [req.line_no for req in request.lines]
    if len(set(line_nos)) != len(line_nos):
        raise InvalidInput(_("Each order line once, please: put the quantity on one row."))
    order, existing = _order(session, request)
    store = load_store(session, actor.store_id)
    try:
        get_policy(store.policy)
    except KeyError:
        raise ReturnRefused(_("This store's return policy {name} is not installed.").format(
            name=repr(store.policy))) from None
    planned = [_plan_line(session, actor, order, store, store.policy, r) for r in request.lines]
    lines = tuple(line for line, _ in planned)
    if existing is not None:
        _check_requested_lines(existing, order, request.lines)

    pool = credit = collect = ZERO
    for line in lines:
        if line.resolution is Resolution.REFUND:
            pool += line.value
        elif line.resolution is Resolution.STORE_CREDIT:
            credit += line.value
        elif line.exchange and line.exchange.price_difference > 0:
            collect += line.exchange.price_difference
        elif line.exchange and line.exchange.price_difference < 0:
            # Money back on an exchange follows the policy: to the card only where a refund is.
            back = -line.exchange.price_difference
            if Resolution.REFUND in line.allowed:
                pool += back
            else:
                credit += back
    shipping = ZERO
    if pool > 0 and max(s for _, s in planned) > 0 and not _returned_before(session, order):
        shipping = max(s for _, s in planned)  # 0.00 under every shipped preset; once per order
    refunds, unpaid = _split_over_tenders(session, order, pool + shipping)
    plan = ReturnPlan(
        order_id=order.id, order_number=order.number, policy=store.policy, lines=lines,
        refunds=refunds, store_credit=credit, to_collect=collect, unpaid_not_refunded=unpaid,
        shipping_charged=order.shipping_charged, shipping_refunded=shipping,
    )
    return plan, order, existing


def _returned_before(session: Session, order: OrderView) -> bool:
    return bool(session.scalar(select(exists().where(
        Return.order_id == order.id, Return.status == ReturnStatus.COMPLETED))))


def preview_return(session: Session, actor: Actor, request: ReturnRequest) -> ReturnPlan:
    """The decisions, amounts and refunds per tender, without writing anything."""
    require_counter(actor, N_("process returns"))
    return _plan(session, actor, request)[0]


# -- writing: one transaction ---------------------------------------------------------------------

def _refusal(line: PlannedLine) -> str:
    asked = resolution_word(line.resolution)
    if not line.allowed:
        why = short_reason(line.reasons[0]) if line.reasons else ""
        return _("Line {line} ({item}): the policy refuses this return. {why} A manager can override "
                 "it with a reason.").format(line=line.line_no, item=line.description, why=why)
    if line.resolution in line.allowed:  # allowed, but the claim always needs a manager
        return _("Line {line} ({item}) needs a manager's approval.").format(
            line=line.line_no, item=line.description)
    offered = join_words(resolution_word(r) for r in line.allowed)
    return _("Line {line} ({item}): the policy allows {offered} here, not {asked}. A manager can "
             "approve a {asked} with a reason.").format(line=line.line_no, item=line.description,
                                                        offered=offered, asked=asked)


def _count_returned(session: Session, line: PlannedLine) -> None:
    # One guarded statement: a second till returning the same units finds nothing to update.
    table = table_of(OrderLine)
    changed = rows_changed(
        session,
        update(table)
        .where(table.c.id == line.order_line_id,
               table.c.quantity_returned + line.quantity <= table.c.quantity)
        .values(quantity_returned=table.c.quantity_returned + line.quantity)
    )
    if changed != 1:
        raise ReturnRefused(
            _("Line {line} ({item}) has already come back: never more back than sold.").format(
                line=line.line_no, item=line.description))


def _check_ready(plan: ReturnPlan, order: OrderView, request: ReturnRequest) -> uuid.UUID | None:
    """Refuse what may not complete yet; the customer any store credit goes to."""
    for line in plan.lines:
        if line.needs_approval and line.approval is None:
            raise ReturnRefused(_refusal(line))
    paid_in = sum((p.amount for p in request.payments), ZERO)
    if paid_in != plan.to_collect:
        raise ReturnRefused(_("The exchange needs {needed} paid; the payments add up to "
                              "{paid}.").format(needed=plan.to_collect, paid=paid_in))
    customer_id = order.customer_id or request.customer_id
    if order.customer_id and request.customer_id and request.customer_id != order.customer_id:
        raise ReturnRefused(_("Store credit goes to the customer on the order; it can't be "
                              "transferred to someone else."))
    if plan.store_credit > 0 and customer_id is None:
        raise ReturnRefused(_("This order has no customer on file, so store credit can't be "
                              "given. Add the customer, or choose a refund or exchange."))
    return customer_id


def _open_return(session: Session, actor: Actor, order: OrderView, existing: Return | None,
                 note: str, now: datetime) -> Return:
    """The Return row, completed now: a new number, or the Return ID the customer brought."""
    ret = existing or Return(
        return_number=next_number(session, actor.till_id, actor.till_prefix, NumberKind.RETURN),
        order_id=order.id, created_at=now,
    )
    ret.status, ret.completed_at = ReturnStatus.COMPLETED, now
    ret.store_id, ret.till_id, ret.employee_id = actor.store_id, actor.till_id, actor.employee_id
    if note:
        ret.note = note
    session.add(ret)
    session.flush()
    return ret


def _write_lines(session: Session, actor: Actor, ret: Return, request: ReturnRequest,
                 plan: ReturnPlan, existing: Return | None, now: datetime) -> None:
    """Each line back: counted as returned, written, its stock moved, its override recorded."""
    requested = {rl.order_line_id: rl for rl in existing.lines} if existing else {}
    for req, line in zip(request.lines, plan.lines, strict=True):
        _count_returned(session, line)
        row = requested.pop(line.order_line_id, None) or ReturnLine(
            return_id=ret.id, order_line_id=line.order_line_id)
        _fill_line(row, req, line)
        session.add(row)
        session.flush()
        _move_stock(session, actor, row, line, now)
        if line.approval:
            journal.record(
                session, actor, EventKind.RETURN_OVERRIDE, "return_line", row.id,
                {"return_number": ret.return_number, "line_no": line.line_no,
                 "resolution": line.resolution, "allowed": line.allowed,
                 "manager": line.approval.manager_number},
                approved_by=line.approval.manager_id, reason=line.approval.reason,
            )
    for dropped in requested.values():  # on the Return ID but not brought back
        session.delete(dropped)


def _fill_line(row: ReturnLine, req: LineRequest, line: PlannedLine) -> None:
    condition: dict[str, object] = req.condition.as_dict()
    if req.inspection is not None:
        condition["inspection"] = req.inspection.as_dict()
    row.quantity, row.reason, row.condition = line.quantity, line.reason, condition
    row.resolution, row.allowed = line.resolution, [r.value for r in line.allowed]
    row.reasons, row.restocking_fee, row.refund_amount = (
        _recorded(line), line.restocking_fee, line.value)
    if line.approval:
        row.override_by, row.override_reason = line.approval.manager_id, line.approval.reason


def _recorded(line: PlannedLine) -> list[str]:
    """The reasons as the return's record keeps them: the policy contract's English, whatever the
    screen spoke (the codes of a plan made elsewhere are unknown: its words are kept)."""
    if not line.explained:
        return list(line.reasons)
    with speaking(SOURCE_LANGUAGE):
        return list(reasons_text(line.explained, CONTRACT))


def _move_stock(session: Session, actor: Actor, row: ReturnLine, line: PlannedLine,
                now: datetime) -> None:
    """Back on the shelf when it can be sold again; the exchanged pair off it."""
    if line.restock:
        stock.put_back(session, actor.store_id, line.variant_id, line.quantity)
    if line.exchange:
        stock.take(session, actor.store_id, line.exchange.variant_id, line.quantity,
                   line.exchange.description)
        session.add(Exchange(return_line_id=row.id, new_variant_id=line.exchange.variant_id,
                             price_difference=line.exchange.price_difference, created_at=now))


def _pay_back(session: Session, actor: Actor, ret: Return, order: OrderView, plan: ReturnPlan,
              customer_id: uuid.UUID | None, now: datetime
              ) -> tuple[list[TenderMove], Decimal | None]:
    """Refunds to the original tenders and any store credit: the moves, and the credit balance."""
    refunds = list(plan.refunds)
    for move in plan.refunds:
        if move.account_id:  # a gift card or store credit that paid: back onto its account
            value_accounts.credit_account(session, actor, move.account_id, move.amount,
                                          return_id=ret.id, order_id=order.id, note="refund")
        session.add(Refund(return_id=ret.id, tender_id=move.tender_id, kind=move.kind,
                           amount=move.amount, account_id=move.account_id, created_at=now))
    if plan.store_credit <= 0:
        return refunds, None
    assert customer_id is not None
    moved = value_accounts.add_store_credit(session, actor, customer_id, plan.store_credit,
                                            return_id=ret.id, note="return")
    refunds.append(TenderMove(TenderKind.STORE_CREDIT, plan.store_credit, moved.account.label,
                              None, moved.account.id, moved.account.number))
    session.add(Refund(return_id=ret.id, kind=TenderKind.STORE_CREDIT,
                       amount=plan.store_credit, account_id=moved.account.id, created_at=now))
    return refunds, moved.account.balance


def complete_return(
    session: Session, actor: Actor, request: ReturnRequest, *, receipts: ReceiptPort | None = None,
) -> ReturnSummary:
    """Complete the return in the caller's transaction; the caller commits, or rolls back on error."""
    require_counter(actor, N_("process returns"))
    plan, order, existing = _plan(session, actor, request)
    customer_id = _check_ready(plan, order, request)
    _verify_overrides(session, actor, plan, order)
    reserved = _reserve_lines(actor, order, plan)  # before anything is written or paid
    try:
        summary = _complete(session, actor, request, plan, order, existing, customer_id, reserved)
    except BaseException:
        line_holds.release(actor, reserved)
        raise
    line_holds.release_unless_committed(session, actor, reserved)
    if receipts is not None:
        receipts.on_completed(session, summary)
    return summary


def override_binding(order_id: uuid.UUID, line_nos: tuple[int, ...], amount: Decimal) -> approvals.Binding:
    """What a manager approves when a return's lines need an override: these lines of this
    order, for at most this much (the lines' value)."""
    return approvals.Binding(approvals.RETURN_OVERRIDE, str(order_id), tuple(sorted(line_nos)),
                             amount)


def _verify_overrides(session: Session, actor: Actor, plan: ReturnPlan, order: OrderView) -> None:
    """Each override's token checked against the lines it is used on and their value, together."""
    used: dict[uuid.UUID | None, list[PlannedLine]] = {}
    for line in plan.lines:
        if line.approval is not None:
            used.setdefault(line.approval.token_id, []).append(line)
    for lines in used.values():
        approval = lines[0].approval
        amount = sum((ln.value for ln in lines), ZERO)
        approvals.verify(session, actor, approval,
                         override_binding(order.id, tuple(ln.line_no for ln in lines), amount))


def _reserve_lines(actor: Actor, order: OrderView, plan: ReturnPlan) -> line_holds.Reserved:
    """The online lines held centrally, or within the offline limit; refused in words."""
    try:
        return line_holds.reserve(actor, order, plan)
    except line_holds.LineHoldRefused as refused:
        raise ReturnRefused(refused.message) from None


def _complete(session: Session, actor: Actor, request: ReturnRequest, plan: ReturnPlan,
              order: OrderView, existing: Return | None, customer_id: uuid.UUID | None,
              reserved: line_holds.Reserved) -> ReturnSummary:
    now = actor.now()
    ret = _open_return(session, actor, order, existing, request.note, now)
    _write_lines(session, actor, ret, request, plan, existing, now)
    refunds, balance = _pay_back(session, actor, ret, order, plan, customer_id, now)
    collected = _collect_payments(session, actor, request.payments, order.id, customer_id, ret.id)
    refund_rounding, collected_rounding = _record_cash(session, actor, ret, plan, refunds,
                                                       collected)

    summary = ReturnSummary(
        return_id=ret.id, return_number=ret.return_number, order_id=order.id,
        order_number=order.number, completed_at=now, store_id=actor.store_id,
        till_prefix=actor.till_prefix, employee_name=actor.employee_name,
        customer_name=_customer_name(session, order), policy=plan.policy,
        lines=tuple(_summary_line(ln) for ln in plan.lines), refunds=tuple(refunds),
        collected=collected, restocking_fee=plan.restocking_fee,
        shipping_charged=plan.shipping_charged, shipping_refunded=plan.shipping_refunded,
        unpaid_not_refunded=plan.unpaid_not_refunded, store_credit_balance=balance,
        cash_rounding=refund_rounding, collected_rounding=collected_rounding,
    )
    journal.record(session, actor, EventKind.RETURN_COMPLETED, "return", ret.id, {
        "return_number": ret.return_number, "order_number": order.number, "policy": plan.policy,
        "lines": [{"line_no": ln.line_no, "quantity": ln.quantity, "resolution": ln.resolution,
                   "value": ln.value, "restocking_fee": ln.restocking_fee} for ln in plan.lines],
        "refunds": [{"kind": r.kind, "amount": r.amount, "label": r.label} for r in refunds],
        "collected": [{"kind": c.kind, "amount": c.amount, "label": c.label} for c in collected],
        "shipping_not_refunded": summary.shipping_not_refunded,
        **({"cash_rounding": refund_rounding} if refund_rounding else {}),
        **({"collected_rounding": collected_rounding} if collected_rounding else {}),
        **({"line_holds": reserved.details()} if reserved.holds else {}),
    })
    session.flush()
    return summary


def _record_cash(session: Session, actor: Actor, ret: Return, plan: ReturnPlan,
                 refunds: Sequence[TenderMove], collected: Sequence[TenderMove]
                 ) -> tuple[Decimal, Decimal]:
    """The drawer's side of the money: cash given back or taken, on the till's day, in this
    transaction (a closed day refuses it, and the whole return with it). The cash is handed over
    rounded to the currency's smallest coin: (the rounding of the cash given back, of the cash
    taken), each the cash handed over less the exact amount (-0.02: 12.47 owed, 12.45 handed)."""
    exchange = all(line.resolution is Resolution.EXCHANGE for line in plan.lines)
    back = sum((m.amount for m in refunds if m.kind is TenderKind.CASH), ZERO)
    taken = sum((m.amount for m in collected if m.kind is TenderKind.CASH), ZERO)
    rounding = []
    # One movement per direction: the customer is handed one sum of cash, rounded once; the
    # receipt shows the rounding the drawer's movement holds.
    for kind, amount in ((refund_movement(exchange), back), (Movement.EXCHANGE_COLLECTED, taken)):
        moved = record_cash(session, actor, kind, amount, reference=ret.return_number,
                            subject=("return", ret.id)) if amount > ZERO else None
        rounding.append(handed_rounding(moved) if moved is not None else ZERO)
    return rounding[0], rounding[1]


def _customer_name(session: Session, order: OrderView) -> str:
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    if customer is None:
        return order.billing_last_name
    return f"{customer.first_name} {customer.last_name}".strip()


def _summary_line(line: PlannedLine) -> SummaryLine:
    return SummaryLine(
        line_no=line.line_no, description=line.description, upc=line.upc, colour=line.colour,
        size=line.size, quantity=line.quantity, reason=line.reason, resolution=line.resolution,
        value=line.value, restocking_fee=line.restocking_fee, reasons=line.reasons,
        short_reasons=tuple(short_reason(r) for r in line.reasons),
        overridden_by=line.approval.manager_name if line.approval else None,
        override_reason=line.approval.reason if line.approval else None, exchange=line.exchange,
        explained=line.explained,
    )


def _collect_payments(session: Session, actor: Actor, payments: Sequence[Payment],
                      order_id: uuid.UUID, customer_id: uuid.UUID | None,
                      return_id: uuid.UUID) -> tuple[TenderMove, ...]:
    """Each payment toward an exchange, counting what cards already gave in this sale."""
    collected: list[TenderMove] = []
    from_cards = ZERO
    for payment in payments:
        move = collect_payment(session, actor, payment, order_id, customer_id, return_id,
                               from_cards_so_far=from_cards)
        if move.account_id is not None:
            from_cards += move.amount
        collected.append(move)
    return tuple(collected)


# -- for a refund decided elsewhere (an order cancelled before dispatch: services/orders) --------

def refunds_to_tenders(session: Session, order: OrderView,
                       pool: Decimal) -> tuple[tuple[TenderMove, ...], Decimal]:
    """`pool` split over the order's original tenders, as a return's refund is; and the share of
    unpaid ("pay offline") tenders that is not refunded."""
    return _split_over_tenders(session, order, pool)


def write_refund(session: Session, actor: Actor, request: ReturnRequest, plan: ReturnPlan,
                 order: OrderView, *, receipts: ReceiptPort | None = None) -> ReturnSummary:
    """Write a plan its caller decided and checked (lines, refunds per tender) exactly as a
    return is written: the Return and its lines counted back, refunds, ledger, audit, outbox, in
    the caller's transaction; then its paper queued."""
    summary = _complete(session, actor, request, plan, order, None, None, line_holds.NOTHING)
    if receipts is not None:
        receipts.on_completed(session, summary)
    return summary
