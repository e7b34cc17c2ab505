"""A silent central service never stalls the counter (issue 11): a card hold waits for it at most
HOLD_TIMEOUT_S once, then the till stays offline for a back-off period without asking, and its
header says offline; any answer from the service (a sync that gets through) brings cards back
online. Against a socket that accepts and never answers, and a real `storepos central serve`
stopped with SIGSTOP."""

from __future__ import annotations

import signal
import socket
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storepos.central.engine import make_central_engine
from storepos.central.schema import card_holds
from storepos.domain.sync import OfflineLimits
from storepos.domain.vocabulary import TenderKind
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts
from storepos.services.cards.redemption import CardGate, redeem_card
from storepos.services.cards.value_source import sold
from storepos.sync.http_central import HttpCentral
from tests.integration.central_service import Service, add_store, central_db, service
from tests.integration.sync_world import central_pg, make_till
from tests.integration.test_http_sync_faults import set_up_till
from tests.integration.till_app import App, web_card

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name
D = Decimal


class Relay:
    """A TCP relay in front of the service that counts the HTTP requests going through it; with
    no service behind it, a socket that takes every request and never answers."""

    def __init__(self, upstream: tuple[str, int] | None = None) -> None:
        self._upstream = upstream
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._received = b""
        self._open: list[socket.socket] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self._open.append(conn)
            far = socket.create_connection(self._upstream) if self._upstream else None
            if far is not None:
                self._open.append(far)
                threading.Thread(target=self._pump, args=(far, conn, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(conn, far, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket | None, count: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if count:
                    with self._lock:
                        self._received += chunk
                if sink is not None:
                    sink.sendall(chunk)
        except OSError:
            pass
        for end in (source, sink):
            if end is not None:
                end.close()

    def requests(self, ending: bytes = b"") -> int:
        """How many HTTP requests went through (each starts with its request line), of those
        whose path ends with `ending`."""
        with self._lock:
            return self._received.count(ending + b" HTTP/1.1\r\n")

    def close(self) -> None:
        try:  # on Linux only a shutdown wakes the thread blocked in accept(); close alone does not
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        self._acceptor.join(timeout=5)
        for conn in self._open:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


def test_a_silent_service_costs_one_sale_one_wait_not_every_sale(tmp_path: Path) -> None:
    till = make_till(tmp_path / "till.db")
    with UnitOfWork(till.sessions, writes=True) as uow:
        number = value_accounts.issue_gift_card(
            uow.session, till.actor, "100.00", sold(TenderKind.CASH)).account.number
        uow.commit()
    silent = Relay()
    central = HttpCentral(silent.url, "A" * 43)
    gate = CardGate(central.cards, OfflineLimits(per_sale=D("50.00"), per_card=D("100.00")))
    sync = till.service(central, offline=central.offline)
    try:
        taken = []
        for _ in range(3):
            with UnitOfWork(till.sessions, writes=True) as uow:
                taken.append(redeem_card(uow.session, till.actor, gate, number, "10.00"))
                uow.commit()
            if len(taken) == 1:
                assert silent.requests() == 1  # the first sale asked, and waited for no answer
        assert all(t.offline for t in taken)  # every sale went by the offline rules
        assert silent.requests() == 1  # the second and third sales did not even ask
        assert central.offline.is_open()
        status = sync.status()
        assert status.online is False and status.label.startswith("offline")
        assert "cannot be reached" in status.last_error  # why, from the failed hold
    finally:
        central.close()
        silent.close()
        till.close()


def _holds(db: str, card_id: object) -> int:
    engine = make_central_engine(db)
    with engine.connect() as conn:
        found = int(conn.scalar(select(func.count()).select_from(card_holds)
                                .where(card_holds.c.account_id == card_id)) or 0)
    engine.dispose()
    return found


def test_a_stopped_service_is_asked_once_then_cards_are_online_again_after_a_sync(
        service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_store(service.db, "TOR1")
    central = make_central_engine(service.db)
    card_id, number = web_card(central, "100.00")
    central.dispose()
    till = set_up_till(service, tmp_path / "till", "TOR1", "Till 1")
    relay = Relay(("127.0.0.1", int(service.url.rsplit(":", 1)[1])))
    monkeypatch.setenv("STOREPOS_CENTRAL_URL", relay.url)  # the till reaches it through the relay
    app = App(till)
    assert service.process is not None
    try:
        app.opener.sync_and_wait()  # online; the card is on the till
        status = app.opener.sync_status()
        assert status is not None and status.online
        service.process.send_signal(signal.SIGSTOP)  # the service stops answering
        try:
            holds = relay.requests(b"/holds")  # the background sync never asks for one
            first = app.redeem(number, "10.00")  # waits for the hold, then goes offline
            assert relay.requests(b"/holds") == holds + 1
            status = app.opener.sync_status()
            assert status is not None and status.online is False  # the header says offline
            second = app.redeem(number, "10.00")  # no wait: it does not ask
            assert relay.requests(b"/holds") == holds + 1
        finally:
            service.process.send_signal(signal.SIGCONT)
        assert first.offline and second.offline
        app.opener.sync_and_wait()  # the service answers again: the window closes
        status = app.opener.sync_status()
        assert status is not None and status.online and status.queued == 0, status
        assert _holds(service.db, card_id) <= 1  # the first sale's, if the service took it
        third = app.redeem(number, "10.00")
        assert not third.offline  # held centrally again
    finally:
        app.close()
        till.close()
        relay.close()
