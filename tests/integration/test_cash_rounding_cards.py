"""A gift card sold for cash where cash rounds to 5 cents (CAD, AUD): the card holds its exact
value, the drawer takes the cash rounded to the nearest 5 cents (the same rule as every other cash,
domain.money.cash_rounding), and the slip says so as a refund or pickup receipt does: the rounding
and the cash handed over, on both copies, in the slip's language."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from storepos.devices.printing import documents as d
from storepos.devices.printing.codec import from_json
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import CashMovement, TillDay
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.base.context import Actor
from storepos.services.cards import api
from storepos.services.cards import value_accounts as va
from storepos.services.cards.slips import queue_value_card_slip
from storepos.services.cards.value_source import sold
from storepos.services.day import days
from tests.factories import actor_for, make_employee, make_store

D = Decimal
MODEL = get_model("tm-t88")


def slip_text(slip: d.ValueCardSlip, language: str | None = None) -> str:
    if language:
        slip = dataclasses.replace(slip, header=dataclasses.replace(slip.header, language=language))
    data = render(layout_document(slip, MODEL), MODEL)
    return decode(data, {MODEL.code_page_table: MODEL.code_page}).text


def ending(text: str, label: str) -> list[str]:
    """What each line holding `label` ends with (one per copy of the slip)."""
    return [ln.rstrip().rsplit(" ", 1)[-1] for ln in text.splitlines() if label in ln]


def cashier(engine: Engine, currency: str) -> tuple[object, Actor]:
    factory = make_session_factory(engine)
    with factory.begin() as s:
        store = make_store(s, currency=currency)
        actor = actor_for(make_employee(s, store, Role.CASHIER), store)
        days.open_day(s, actor, {"20.00": 5})
    return factory, actor


def sell(factory: object, actor: Actor, amount: str, tender: TenderKind) -> d.ValueCardSlip:
    with factory.begin() as s:  # type: ignore[attr-defined]
        job = queue_value_card_slip(s, actor, va.issue_gift_card(s, actor, amount, sold(tender)))
        job_id = job.id
    with factory() as s:  # type: ignore[operator]
        slip = from_json(s.get(PrintJob, job_id).document)  # as the queue will print it
    assert isinstance(slip, d.ValueCardSlip)
    return slip


def drawer(factory: object, actor: Actor) -> list[tuple[Decimal, Decimal]]:
    with factory() as s:  # type: ignore[operator]
        return [(D(str(a)), D(str(r))) for a, r in s.execute(
            select(CashMovement.amount, CashMovement.rounding)
            .join(TillDay, TillDay.id == CashMovement.day_id)
            .where(TillDay.till_id == actor.till_id, CashMovement.kind == Movement.GIFT_CARD_SOLD))]


@pytest.mark.parametrize(("value", "handed", "rounding", "french"), [
    ("10.02", "$10.00", "-$0.02", ("10,00\xa0$", "-0,02\xa0$")),  # the customer pays 2 cents less
    ("10.03", "$10.05", "+$0.02", ("10,05\xa0$", "+0,02\xa0$")),  # ... or 2 cents more
])
def test_a_cad_card_sold_for_cash_prints_the_rounding_and_the_cash(
        sqlite_engine: Engine, value: str, handed: str, rounding: str,
        french: tuple[str, str]) -> None:
    factory, actor = cashier(sqlite_engine, "CAD")
    slip = sell(factory, actor, value, TenderKind.CASH)
    assert slip.amount == slip.balance == D(value)  # the card holds its exact value
    assert slip.cash_rounding == D(rounding.replace("$", ""))
    taken = D(handed.strip("$"))
    assert drawer(factory, actor) == [(taken, taken - D(value))]  # the slip's rounding is the drawer's

    text = slip_text(slip)
    assert ending(text, "Amount") == [f"${value}"] * 2
    assert ending(text, "Cash rounding") == [rounding] * 2  # store copy and customer copy
    assert ending(text, "Cash handed over") == [handed] * 2
    lines = text.splitlines()
    first_amount = next(i for i, ln in enumerate(lines) if "Amount" in ln)
    first_balance = next(i for i, ln in enumerate(lines) if "BALANCE" in ln)
    assert first_amount < next(i for i, ln in enumerate(lines) if "Cash rounding" in ln) < first_balance

    text = slip_text(slip, "fr_CA")
    assert ending(text, "Espèces remises") == [french[0]] * 2
    assert ending(text, "Arrondi (espèces)") == [french[1]] * 2
    assert "Cash" not in text


@pytest.mark.parametrize(("currency", "value", "tender"), [
    ("CAD", "10.00", TenderKind.CASH),  # on the 5-cent grid: nothing to round
    ("CAD", "10.02", TenderKind.INTERAC),  # a debit payment is exact
    ("USD", "10.02", TenderKind.CASH),  # the US keeps the penny
])
def test_no_rounding_no_line(sqlite_engine: Engine, currency: str, value: str,
                             tender: TenderKind) -> None:
    factory, actor = cashier(sqlite_engine, currency)
    slip = sell(factory, actor, value, tender)
    assert slip.cash_rounding == 0
    text = slip_text(slip)
    assert "Cash rounding" not in text and "Cash handed over" not in text


def test_the_screen_says_the_cash_to_take(sqlite_engine: Engine) -> None:
    factory, actor = cashier(sqlite_engine, "CAD")
    with factory.begin() as s:  # type: ignore[attr-defined]
        issued = api.CardsServices().issue(s, actor, "10.02", TenderKind.CASH)
    assert issued.amount == D("10.02") and issued.cash_rounding == D("-0.02")
