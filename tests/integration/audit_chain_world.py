"""A till file with a little of everything the audit chain covers, and the attacker's tools:
`sqlite3` (the standard library module) on the till's file, and `storepos audit verify`.

    till = build(tmp_path / "till.db")   # 2 refused PINs, a card issued and redeemed, a return
    edit(till.path, "UPDATE ledger_entries SET amount = '-3.00' WHERE kind = 'redeem'")
    code, out, err = verify(till.path)
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from storepos import cli
from storepos.domain.vocabulary import Reason, Resolution, TenderKind
from storepos.persistence.models import Store
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import sold
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest
from storepos.services.staff import auth
from tests.factories import card, make_order, make_product
from tests.integration.sync_world import Till, make_till, queue_notes


def refuse_pin(till: Till) -> None:
    with pytest.raises(auth.SignInRefused):
        auth.sign_in(till.sessions, till.actor.till_id, till.actor.employee_number, "0000",
                     clock=till.actor.clock)


def sold_in_store(till: Till) -> Any:
    with UnitOfWork(till.sessions) as uow:
        s: Session = uow.session
        store = s.get(Store, till.actor.store_id)
        shoe = make_product(s, store, price="120.00")
        order = make_order(s, [(shoe["8"], 1, "120.00")], tenders=[card("120.00")], store=store,
                           placed_on=date(2025, 5, 25))
        uow.commit()
        return order.id


def return_it(till: Till, order_id: Any) -> None:
    with UnitOfWork(till.sessions) as uow:
        complete_return(uow.session, till.actor, ReturnRequest(
            (LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN, Resolution.REFUND),),
            order_id=order_id))
        uow.commit()


def card_issued_and_redeemed(till: Till) -> str:
    with UnitOfWork(till.sessions) as uow:
        issued = va.issue_gift_card(uow.session, till.actor, Decimal("100.00"), sold(TenderKind.INTERAC))
        number = issued.account.number
        va.redeem(uow.session, till.actor, number, Decimal("30.00"))
        uow.commit()
    return number


def build(path: Path) -> Till:
    till = make_till(path)
    refuse_pin(till)
    refuse_pin(till)
    card_issued_and_redeemed(till)
    return_it(till, sold_in_store(till))
    queue_notes(till, 3)
    return till


def edit(path: Path | str, *statements: str) -> None:
    """What a dishonest employee does: plain SQL on the till's file, no storepos code at all."""
    db = sqlite3.connect(str(path))
    try:
        for sql in statements:
            db.execute(sql)
        db.commit()
    finally:
        db.close()


def one(path: Path | str, sql: str) -> Any:
    db = sqlite3.connect(str(path))
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


def verify(path: Path | str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["audit", "verify", "--db", str(path)])
    return code, out.getvalue(), err.getvalue()
