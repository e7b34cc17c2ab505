"""The central service for real: `storepos central ...` on the command line, and `storepos central
serve` (uvicorn) on a free loopback port, over the embedded SQLite central and PostgreSQL.

Tried as an insider would: a till of store A pushing events that name store B, forged and revoked
tokens, used and expired enrolment codes."""

from __future__ import annotations

import ssl
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import trustme
from sqlalchemy import select

from storepos.central.engine import make_central_engine
from storepos.central.enrolment import make_enrolment_code
from storepos.central.schema import enrolment_codes, events, quarantine, till_tokens
from tests.integration.central_service import (
    Service,
    add_store,
    central_db,
    enrol,
    enrol_code,
    gift_card,
    note,
    service,
    serving,
    storepos,
)
from tests.integration.sync_world import central_pg

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name


def test_a_till_enrols_end_to_end_through_the_cli_and_the_service(service: Service) -> None:
    with service.client() as http:
        assert http.get("/v1/health").json() == {"status": "ok"}
    add_store(service.db, "TOR1")
    enrolled = enrol(service, "TOR1", "Till 1")

    assert enrolled["store"]["code"] == "TOR1"
    assert enrolled["store"]["currency"] == "CAD"
    assert enrolled["till"]["name"] == "Till 1"
    assert len(enrolled["token"]) >= 43  # 256 random bits, URL-safe base64
    with service.client(enrolled["token"]) as http:
        assert http.get("/v1/problems").json() == {"problems": []}
        pulled = http.get("/v1/pull", params={"tx": 0, "change": 0}).json()
        assert pulled["cursor"] == {"tx": 0, "change": 0}
    listed = storepos("central", "tills", "--db", service.db)
    assert "Till 1" in listed.stdout and "TOR1" in listed.stdout and "never" not in listed.stdout
    # Only hashes are kept: neither the token nor the code is in the database.
    engine = make_central_engine(service.db)
    with engine.connect() as conn:
        hashes = set(conn.scalars(select(till_tokens.c.token_hash)))
        assert enrolled["token"] not in hashes and len(next(iter(hashes))) == 64
        assert conn.scalars(select(enrolment_codes.c.used_at)).one() is not None
    engine.dispose()


def test_revoked_and_forged_tokens_get_401_in_words(service: Service) -> None:
    add_store(service.db, "TOR1")
    enrolled = enrol(service, "TOR1", "Till 1")
    with service.client("A" * 43) as forged:
        refused = forged.get("/v1/problems")
    assert refused.status_code == 401 and "disconnected" in refused.json()["message"]
    with service.client() as nobody:
        assert nobody.post("/v1/push", json={"events": []}).status_code == 401

    done = storepos("central", "revoke", "--db", service.db, enrolled["till"]["id"][:8])
    assert done.returncode == 0, done.stderr
    with service.client(enrolled["token"]) as http:
        answer = http.get("/v1/problems")
    assert answer.status_code == 401
    assert "disconnected by head office" in answer.json()["message"]
    assert "REVOKED" in storepos("central", "tills", "--db", service.db).stdout


def test_a_used_an_unknown_and_an_expired_code_are_refused_in_words(service: Service) -> None:
    add_store(service.db, "TOR1")
    code = enrol_code(service.db, "TOR1", "Till 1")
    engine = make_central_engine(service.db)
    expired = make_enrolment_code(engine, "TOR1", "Till 2",
                                  now=datetime.now(UTC) - timedelta(hours=24, minutes=1))
    engine.dispose()
    with service.client() as http:
        assert http.post("/v1/enrol", json={"code": code.lower()}).status_code == 200
        again = http.post("/v1/enrol", json={"code": code})
        late = http.post("/v1/enrol", json={"code": expired})
        unknown = http.post("/v1/enrol", json={"code": "AAAA-BBBB-CCCC-DDDD"})
    assert again.status_code == 403 and "already used" in again.json()["message"]
    assert late.status_code == 403 and "expired" in late.json()["message"]
    assert unknown.status_code == 403 and "not known" in unknown.json()["message"]


def test_a_till_of_store_a_cannot_push_events_of_store_b(service: Service) -> None:
    """The insider: a genuine token of store A, events that name store B (and another till)."""
    add_store(service.db, "AAA")
    add_store(service.db, "BBB")
    a = enrol(service, "AAA", "Till 1")
    b = enrol(service, "BBB", "Till 1")
    a_store, a_till = a["store"]["id"], a["till"]["id"]
    own = note(a_store, a_till, 1)
    of_b = note(b["store"]["id"], b["till"]["id"], 2)
    other_till = note(a_store, b["till"]["id"], 3)
    with service.client(a["token"]) as http:
        answer = http.post("/v1/push", json={"events": [e.to_json()
                                                        for e in (own, of_b, other_till)]})
    assert answer.status_code == 200, answer.text
    results = {r["event_id"]: r for r in answer.json()["results"]}
    assert results[str(own.event_id)]["status"] == "applied"
    assert results[str(of_b.event_id)]["status"] == "quarantined"
    assert "another store" in results[str(of_b.event_id)]["reason"]
    assert results[str(other_till.event_id)]["status"] == "quarantined"
    assert "another till" in results[str(other_till.event_id)]["reason"]

    engine = make_central_engine(service.db)
    with engine.connect() as conn:
        in_b = conn.scalars(select(events.c.event_id)
                            .where(events.c.store_id == uuid.UUID(b["store"]["id"]))).all()
        held = conn.execute(select(quarantine.c.store_id, quarantine.c.till_id, quarantine.c.reason)
                            .where(quarantine.c.event_id == of_b.event_id)).one()
    engine.dispose()
    assert in_b == []  # nothing was written in store B's name
    assert held.store_id == uuid.UUID(a_store) and held.till_id == uuid.UUID(a_till)
    with service.client(a["token"]) as http:  # A's manager sees what was refused
        problems = http.get("/v1/problems").json()["problems"]
    assert {p["event_id"] for p in problems} == {str(of_b.event_id), str(other_till.event_id)}
    with service.client(b["token"]) as http:
        assert http.get("/v1/problems").json()["problems"] == []


def test_a_push_replayed_over_http_gets_the_stored_result(service: Service) -> None:
    add_store(service.db, "TOR1")
    a = enrol(service, "TOR1", "Till 1")
    batch = {"events": [note(a["store"]["id"], a["till"]["id"], n).to_json() for n in (1, 2)]}
    with service.client(a["token"]) as http:
        first = http.post("/v1/push", json=batch).json()["results"]
        again = http.post("/v1/push", json=batch).json()["results"]
    assert [r["duplicate"] for r in first] == [False, False]
    assert [r["duplicate"] for r in again] == [True, True]


def test_a_push_of_malformed_events_is_refused_in_words_and_stores_nothing(
        service: Service) -> None:
    """Anyone with a token can send any JSON: ids that are numbers or objects, a seq that is a
    fraction (read as another whole number, it would take someone else's place) or text."""
    add_store(service.db, "TOR1")
    a = enrol(service, "TOR1", "Till 1")
    good = note(a["store"]["id"], a["till"]["id"], 1).to_json()
    bad = [dict(good, event_id=5), dict(good, store_id=["x"]), dict(good, till_id={"id": 1}),
           dict(good, event_id=None), dict(good, seq=1.7), dict(good, seq="1"),
           dict(good, seq=True), dict(good, occurred_at=5), dict(good, payload=[]), 5, None]
    with service.client(a["token"]) as http:
        answers = [http.post("/v1/push", json={"events": [good, event]}) for event in bad]
        answers += [http.post("/v1/push", json=body)
                    for body in ({"events": 5}, {}, {"events": [{"seq": 1}]})]
        with service.client() as nobody:  # no token: refused as such, whatever the body
            unknown = nobody.post("/v1/push", content=b"[not json")
        assert http.get("/v1/problems").status_code == 200  # the service carries on
    assert [r.status_code for r in answers] == [400] * len(answers), [r.text for r in answers]
    assert all(r.json()["message"].startswith("An event in this push ") for r in answers)
    assert "has no" in answers[-1].json()["message"]
    assert unknown.status_code == 401
    engine = make_central_engine(service.db)
    with engine.connect() as conn:
        assert conn.scalars(select(events.c.event_id)).all() == []
    engine.dispose()


def test_bad_input_on_the_command_line_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "central.db")
    assert storepos("central", "init", "--db", db).returncode == 0
    for args, words in (
        (("central", "enrol-code", "--db", db, "--store", "NOPE", "--till", "T"), "no store"),
        (("central", "tills", "--db", "postgresql+psycopg://x@127.0.0.1:1/none"), "could not"),
        (("central", "tills", "--db", "nosuchdialect://x"), "not a database URL"),
        (("central", "tills", "--db", str(tmp_path / "empty.db")), "central init"),
        (("central", "revoke", "--db", db, "Till 9"), "no enrolled till"),
        (("central", "serve", "--db", db, "--host", "0.0.0.0"), "plain HTTP"),
    ):
        done = storepos(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_the_service_speaks_tls_and_a_client_refuses_a_certificate_for_another_host(
        tmp_path: Path) -> None:
    db = str(tmp_path / "central.db")
    assert storepos("central", "init", "--db", db).returncode == 0
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    right = ca.issue_cert("localhost")
    right.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    right.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    trusting = ssl.create_default_context(cafile=str(tmp_path / "ca.pem"))
    with serving(db, "--certfile", str(tmp_path / "cert.pem"), "--keyfile",
                 str(tmp_path / "key.pem"), host="localhost", verify=trusting) as running:
        assert httpx.get(f"{running.url}/v1/health", verify=trusting).status_code == 200
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(f"{running.url}/v1/health")  # the system's CAs do not know this one
        by_address = running.url.replace("localhost", "127.0.0.1")
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(f"{by_address}/v1/health", verify=trusting)  # a name it was not made for


def test_card_holds_over_http_keep_the_ledgers_rules_and_stay_with_their_store(
        service: Service) -> None:
    """The insider: store B's genuine token trying to capture and release store A's hold."""
    add_store(service.db, "AAA")
    add_store(service.db, "BBB")
    a, b = enrol(service, "AAA", "Till 1"), enrol(service, "BBB", "Till 1")
    card = gift_card(service.db, "30.00")
    with service.client(a["token"]) as till_a, service.client(b["token"]) as till_b:
        held = till_a.post(f"/v1/cards/{card}/holds", json={"amount": "20.00"})
        assert held.status_code == 200, held.text
        hold_id = held.json()["id"]
        short = till_b.post(f"/v1/cards/{card}/holds", json={"amount": "10.01"})
        assert short.status_code == 409
        assert short.json()["kind"] == "short" and short.json()["available"] == "10.00"
        unknown = till_a.post(f"/v1/cards/{uuid.uuid4()}/holds", json={"amount": "1.00"})
        assert unknown.status_code == 404 and unknown.json()["kind"] == "unknown"

        assert till_b.post(f"/v1/cards/holds/{hold_id}/release").json() == {"released": False}
        stolen = till_b.post(f"/v1/cards/holds/{hold_id}/capture", json={})
        assert stolen.status_code == 409 and stolen.json()["kind"] == "refused"
        assert till_a.get(f"/v1/cards/{card}").json()["held"] == "20.00"  # still A's hold

        taken = till_a.post(f"/v1/cards/holds/{hold_id}/capture", json={"note": "sale"})
        assert taken.status_code == 200 and taken.json()["balance_after"] == "10.00"
        again = till_a.post(f"/v1/cards/holds/{hold_id}/capture", json={})
        assert again.status_code == 409 and "already captured" in again.json()["message"]
        assert till_b.get(f"/v1/cards/{card}").json() | {"seq": 0} == {
            "id": str(card), "balance": "10.00", "held": "0.00", "seq": 0}
        assert till_a.post(f"/v1/cards/{card}/holds",
                           json={"amount": "lots"}).status_code == 400
    with service.client() as nobody:
        assert nobody.get(f"/v1/cards/{card}").status_code == 401
