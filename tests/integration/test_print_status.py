"""Every screen that queues paper says the same sentence, from what the queue really holds.

Each screen's own door to the services (the returns api, the pickups and warranty doors (services/*/api.py),
the gift card and print jobs doors) runs against a real database; no printer is set up, so
the paper waits, and every screen says so the same way. With a loopback printer set up, "printed"
is said only once the printer has the bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.pickups import NotifyChannel
from storepos.domain.vocabulary import Resolution, TenderKind
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.cards.api import CardsServices
from storepos.services.pickups.api import PickupsServices
from storepos.services.pickups.status import (
    mark_arrived,
    mark_ready,
    record_notification,
)
from storepos.services.printing import queue as pq
from storepos.services.printing.api import PrintingServices
from storepos.services.printing.status import queued_sentence
from storepos.services.returns import api as returns
from storepos.services.returns.types import ReturnRequest
from storepos.services.warranty.api import WarrantyServices
from tests.integration import pickup_world, returns_world, warranty_world

WAITS = "waiting in the print queue: no receipt printer is set up on this till."


def titles(factory, kind: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    with factory() as s:
        query = select(PrintJob.title).order_by(PrintJob.created_at, PrintJob.kind)
        return list(s.scalars(query.where(PrintJob.kind == kind) if kind else query))


def w_run(w: returns_world.World, action):  # type: ignore[no-untyped-def]
    with w.factory.begin() as s:
        return action(s)


def handed_over(w: pickup_world.PickupWorld) -> str:
    w.run(lambda s: mark_arrived(s, w.stock, w.order_number))
    w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    w.run(lambda s: record_notification(s, w.cashier, w.pickup_number, NotifyChannel.SMS))
    done = w.run(lambda s: PickupsServices().hand_over(
        s, w.cashier, w.pickup_number, id_last_name="Cote", photo_id_checked=True, payments=(),
        approval=None, mark_ready_first=False))
    return done.paper.sentence


def test_returns_screen_says_the_receipt_waits(sqlite_engine: Engine) -> None:
    w = returns_world.build(sqlite_engine)
    request = ReturnRequest((returns_world.line(1),), order_id=w.order_id)
    done = w_run(w, lambda s: returns.complete(s, w.cashier, request))
    (receipt,) = titles(w.factory)
    assert receipt == f"Refund receipt {done.summary.return_number}"
    assert done.printing == f"{receipt} is {WAITS}"


def test_returns_with_store_credit_say_it_of_both_papers(sqlite_engine: Engine) -> None:
    w = returns_world.build(sqlite_engine)
    request = ReturnRequest((returns_world.line(1, Resolution.STORE_CREDIT),), order_id=w.order_id)
    done = w_run(w, lambda s: returns.complete(s, w.cashier, request))
    number = done.summary.return_number
    assert done.printing == (f"Refund receipt {number} and store credit slip {number} are "
                             "waiting in the print queue: no receipt printer is set up on this "
                             "till.")


def test_pickup_hand_over_says_the_receipt_waits(sqlite_engine: Engine) -> None:
    w = pickup_world.build(sqlite_engine)
    assert handed_over(w) == f"Pickup receipt {w.pickup_number} is {WAITS}"


def test_a_warranty_decision_says_both_papers_wait(sqlite_engine: Engine) -> None:
    w = warranty_world.build(sqlite_engine)
    number = w.claim()
    done = w.run(lambda s: WarrantyServices().approve(
        s, w.manager, number, Resolution.STORE_CREDIT,
        w.approve(number=number, outcome=Resolution.STORE_CREDIT, override=True), override=True,
        credit_amount=None))
    (slip,) = titles(w.factory, "value_card_slip")
    assert slip.startswith("Gift card slip ••••") and done.ticket.gift_card_number not in slip
    assert done.paper is not None
    assert done.paper.sentence == (f"Warranty ticket {number} and {slip[:1].lower()}{slip[1:]} "
                                   f"are {WAITS}")


def test_print_ticket_three_times_queues_one_ticket(sqlite_engine: Engine) -> None:
    """One claim ended with three copies of its ticket queued: now the waiting copy is named."""
    w = warranty_world.build(sqlite_engine)
    number = w.claim()
    first = w.run(lambda s: WarrantyServices().approve(
        s, w.manager, number, Resolution.REFUND,
        w.approve(number=number, outcome=Resolution.REFUND), override=False,
        credit_amount=None))
    assert first.paper is not None and first.paper.sentence == f"Warranty ticket {number} is {WAITS}"
    for actor in (w.manager, w.cashier, w.cashier):  # clicked again, by whoever is at the till
        again = w.run(lambda s, actor=actor: WarrantyServices().print_ticket(s, actor, number))
        assert again.paper is not None and again.paper.job_ids == first.paper.job_ids
        assert again.paper.sentence == (f"Warranty ticket {number} is already {WAITS[:-1]}; "
                                        "no second copy was queued.")
    assert titles(w.factory) == [f"Warranty ticket {number}"]


def test_a_sold_gift_card_says_its_slip_waits(sqlite_engine: Engine) -> None:
    w = warranty_world.build(sqlite_engine)
    issued = w.run(lambda s: CardsServices().issue(s, w.cashier, "25.00", TenderKind.CASH))
    (slip,) = titles(w.factory)
    number = issued.state.history.account.number
    assert slip == f"Gift card slip ••••{number.replace('-', '')[-4:]}"
    assert issued.printing == f"{slip} is {WAITS}"


def test_print_jobs_reprint_of_a_waiting_slip_queues_nothing_more(sqlite_engine: Engine) -> None:
    w = warranty_world.build(sqlite_engine)
    job_id = w.run(lambda s: CardsServices().issue(s, w.cashier, "25.00", TenderKind.CASH)).job_id
    for _ in range(3):
        ref = w.run(lambda s: PrintingServices().reprint(s, w.cashier, job_id))
        assert ref.id == job_id and "already waiting in the print queue" in ref.sentence
    (slip,) = titles(w.factory)
    assert ref.sentence == f"{slip} is already {WAITS[:-1]}; no second copy was queued."


# -- with a printer ------------------------------------------------------------------------------
@pytest.fixture
def printer() -> Iterator[LoopbackPrinter]:
    with LoopbackPrinter() as lp:
        yield lp


def sentence_now(factory, job_ids) -> str:  # type: ignore[no-untyped-def]
    with factory() as s:
        return queued_sentence(s, [s.get(PrintJob, job_id) for job_id in job_ids])


def test_printed_is_said_only_once_the_printer_has_it(sqlite_engine: Engine,
                                                     printer: LoopbackPrinter) -> None:
    w = pickup_world.build(sqlite_engine)
    with w.factory.begin() as s:
        pq.configure_printer(s, "Front counter", "tm-t88", printer.address, default=True)
    receipt = f"Pickup receipt {w.pickup_number}"
    assert handed_over(w) == f"{receipt} is in the print queue for “Front counter”."
    with w.factory() as s:
        job_ids = list(s.scalars(select(PrintJob.id)))
    assert printer.connections == []  # nothing sent yet, and nothing said about printing

    printer.set(paper="out")
    queue = pq.PrintQueue(w.factory, status_timeout=0.2, warm_up=False)
    queue.run_once()
    assert sentence_now(w.factory, job_ids) == (
        f"{receipt} is waiting: the printer “Front counter” is out of paper; it will print as "
        "soon as the printer is ready.")

    printer.set(paper="ok")
    with w.factory.begin() as s:  # the next try is due now rather than after its backoff
        s.get(PrintJob, job_ids[0]).next_attempt_at = pq._now()
    queue.run_once()
    assert len(printer.wait_for_jobs(1)) == 1
    assert sentence_now(w.factory, job_ids) == f"{receipt} printed on “Front counter”."


def test_a_reprint_after_printing_is_a_new_copy(sqlite_engine: Engine,
                                               printer: LoopbackPrinter) -> None:
    w = warranty_world.build(sqlite_engine)
    with w.factory.begin() as s:
        pq.configure_printer(s, "receipt", "tm-t88", printer.address, default=True)
    job_id = w.run(lambda s: CardsServices().issue(s, w.cashier, "25.00", TenderKind.CASH)).job_id
    pq.PrintQueue(w.factory, status_timeout=0.2, warm_up=False).run_once()
    assert len(printer.wait_for_jobs(1)) == 1
    ref = w.run(lambda s: PrintingServices().reprint(s, w.cashier, job_id))
    assert ref.id != job_id and isinstance(ref.id, uuid.UUID)
    assert ref.sentence == f"{titles(w.factory)[0]} is in the print queue for “receipt”."
    again = w.run(lambda s: PrintingServices().reprint(s, w.cashier, job_id))
    assert again.id == ref.id and "no second copy was queued" in again.sentence
