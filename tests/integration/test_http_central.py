"""The till's client of the central service, HttpCentral, against a real `storepos central serve`
on loopback (SQLite and PostgreSQL central databases): the same answers and the same exceptions
as the in-process Central, a revoked till told so in words, and TLS that checks the host."""

from __future__ import annotations

import ssl
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import trustme

from storepos.central.client import Central
from storepos.central.http import reader_of
from storepos.i18n import speaking
from storepos.sync.enrolment import EnrolmentRefused, enrol_till
from storepos.sync.errors import (
    CardRefused,
    CardShort,
    CardUnknown,
    CentralUnavailable,
    PinSetupRefused,
    TillDisconnected,
)
from storepos.sync.http_central import HttpCentral
from storepos.sync.protocol import Cursor
from tests.integration.central_service import (
    Service,
    add_store,
    central_db,
    enrol,
    enrol_code,
    free_port,
    gift_card,
    note,
    service,
    serving,
    storepos,
)
from tests.integration.sync_world import central_pg

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name
D = Decimal


def _till(service: Service, store: str = "TOR1") -> tuple[HttpCentral, dict[str, str]]:
    """An enrolled till's client and its store and till ids."""
    add_store(service.db, store)
    enrolled = enrol(service, store, "Till 1")
    ids = {"store_id": enrolled["store"]["id"], "till_id": enrolled["till"]["id"]}
    return HttpCentral(service.url, enrolled["token"]), ids


def test_a_card_is_held_and_captured_through_the_till_client(service: Service) -> None:
    central, ids = _till(service)
    store_id, till_id = uuid.UUID(ids["store_id"]), uuid.UUID(ids["till_id"])
    card = gift_card(service.db, "30.00")
    try:
        held = central.cards.hold(card, D("12.50"), store_id=store_id, till_id=till_id)
        assert held.account_id == card and held.amount == D("12.50")
        with pytest.raises(CardShort) as short:
            central.cards.hold(card, D("20.00"), store_id=store_id)
        assert short.value.available == D("17.50") and "17.50 available" in short.value.message
        with pytest.raises(CardUnknown):
            central.cards.hold(uuid.uuid4(), D("1.00"), store_id=store_id)
        with pytest.raises(CardRefused, match=r"more than 0\.00"):
            central.cards.hold(card, D("0"), store_id=store_id)

        moved = central.cards.capture(held, store_id=store_id, till_id=till_id, note="sale")
        assert moved.taken == D("-12.50") and moved.balance_after == D("17.50")
        assert central.cards.release(held) is False  # captured already
        second = central.cards.hold(card, D("5.00"), store_id=store_id)
        assert central.cards.release(second) is True
        account = central.cards.balance(card)
        assert account is not None and (account.balance, account.held) == (D("17.50"), D("0"))
        assert central.cards.balance(uuid.uuid4()) is None
    finally:
        central.close()
    direct = Central.connect(service.db)  # what the ledger itself says
    try:
        assert direct.cards.balance(card) == account
    finally:
        direct.close()


def test_push_pull_and_problems_answer_as_the_direct_central_does(service: Service) -> None:
    central, ids = _till(service)
    store_id, till_id = uuid.UUID(ids["store_id"]), uuid.UUID(ids["till_id"])
    stranger = note(str(uuid.uuid4()), ids["till_id"], 2)  # names another store: quarantined
    try:
        results = central.push(store_id, till_id, [note(ids["store_id"], ids["till_id"], 1),
                                                   stranger])
        assert [r.status.value for r in results] == ["applied", "quarantined"]
        problems = central.open_problems(store_id)
        batch = central.pull(store_id, Cursor())
    finally:
        central.close()
    direct = Central.connect(service.db)
    try:
        assert problems == direct.open_problems(store_id)
        assert [p.event_id for p in problems] == [stranger.event_id]
        assert batch == direct.pull(store_id, Cursor())
    finally:
        direct.close()


def test_a_revoked_till_is_told_in_words(service: Service) -> None:
    central, ids = _till(service)
    try:
        assert central.open_problems(uuid.UUID(ids["store_id"])) == []
        done = storepos("central", "revoke", "--db", service.db, ids["till_id"][:8])
        assert done.returncode == 0, done.stderr
        with pytest.raises(TillDisconnected,
                           match="This till was disconnected by head office") as refused:
            central.pull(uuid.UUID(ids["store_id"]), Cursor())
        assert isinstance(refused.value, CentralUnavailable)  # the sync backs off as offline
        with speaking("fr_CA"), pytest.raises(TillDisconnected) as refused:
            central.pull(uuid.UUID(ids["store_id"]), Cursor())
        assert refused.value.message.startswith("Le siège social a déconnecté cette caisse : ")
    finally:
        central.close()


def test_an_unreachable_service_is_central_unavailable() -> None:
    central = HttpCentral(f"http://127.0.0.1:{free_port()}", "A" * 43)
    try:
        with pytest.raises(CentralUnavailable, match="cannot be reached"):
            central.pull(uuid.uuid4(), Cursor())
        with pytest.raises(CentralUnavailable):
            central.cards.hold(uuid.uuid4(), D("1.00"), store_id=uuid.uuid4())
    finally:
        central.close()


def test_an_unreachable_service_is_said_in_french_to_a_french_reader() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    central = HttpCentral(url, "A" * 43)
    try:
        with speaking("fr_CA"), pytest.raises(CentralUnavailable) as refused:
            central.open_problems(uuid.uuid4())
        assert refused.value.message.startswith(f"Le service central à {url} est injoignable (")
        # A customer waits for a card hold: the window the failure opened answers, in French too.
        with speaking("fr_CA"), pytest.raises(CentralUnavailable) as refused:
            central.cards.hold(uuid.uuid4(), D("1.00"), store_id=uuid.uuid4())
        assert refused.value.message.startswith("Le service central n'a pas répondu il y a un "
                                                "instant")
    finally:
        central.close()


def test_the_till_refuses_a_certificate_made_for_another_host(tmp_path: Path) -> None:
    db = str(tmp_path / "central.db")
    assert storepos("central", "init", "--db", db).returncode == 0
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    cert = ca.issue_cert("localhost")
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    ca_file = str(tmp_path / "ca.pem")
    with serving(db, "--certfile", str(tmp_path / "cert.pem"), "--keyfile",
                 str(tmp_path / "key.pem"), host="localhost",
                 verify=ssl.create_default_context(cafile=ca_file)) as running:
        add_store(db, "TOR1")
        token = enrol(running, "TOR1", "Till 1")["token"]
        trusting = HttpCentral(running.url, token, ca_file=ca_file)
        by_address = HttpCentral(running.url.replace("localhost", "127.0.0.1"), token,
                                 ca_file=ca_file)
        try:
            assert trusting.open_problems(uuid.uuid4()) == []
            with pytest.raises(CentralUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
                by_address.open_problems(uuid.uuid4())
        finally:
            trusting.close()
            by_address.close()


def test_the_service_refuses_in_the_language_of_the_till_that_asks(service: Service) -> None:
    """The till sends its reader's language (Accept-Language); the service's refusals come back
    in it: a spent enrolment code at set-up, a PIN set-up code that does not match."""
    add_store(service.db, "TOR1")
    code = enrol_code(service.db, "TOR1", "Till 1")
    enrol_till(service.url, code)
    with speaking("fr_CA"), pytest.raises(EnrolmentRefused) as refused:
        enrol_till(service.url, code)
    assert refused.value.message.startswith(
        "Le service central a refusé le code : Ce code d'inscription a déjà été utilisé le ")
    with pytest.raises(EnrolmentRefused, match="This enrolment code was already used on "):
        enrol_till(service.url, code)  # an English till, English words
    central, _ids = _till(service, "MTL1")
    try:
        with speaking("fr_CA"), pytest.raises(PinSetupRefused) as pin:
            central.set_up_pin("E-404", "ABCD-EFGH-JKLM-NPQR", "4321")
        assert pin.value.message == ("Ce numéro d'employé et ce code de création ne correspondent "
                                     "pas : vérifiez-les, ou demandez un nouveau code au siège "
                                     "social.")
    finally:
        central.close()


def test_a_language_tag_the_service_cannot_read_is_its_own_language() -> None:
    assert reader_of("fr-CA,fr;q=0.9,en;q=0.8") == "fr_CA"
    assert reader_of("en") == "en"
    assert reader_of("") is None and reader_of("../../etc/passwd") is None
