"""Head office's staff (issue 13), through the real service on loopback: `storepos central staff
...` adds an employee, a till set up with `storepos setup` gets the store's staff, the employee sets
their PIN at one till with head office's set-up code, and every till of the store pulls it and signs
them in offline; deactivated or reset, the tills refuse them after their next pull.

The insider's tries are refused with nothing changed: a used code, an expired one, another store's
employee's code with this store's till token, a PIN hash sent instead of a PIN, a replayed request,
and (PostgreSQL) the same by hand in a store's context under row-level security."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import ProgrammingError

from storepos.central import staff as head_office
from storepos.central.engine import make_central_engine
from storepos.central.schema import changes, staff
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import Employee, Till
from storepos.services.counter import Counter
from storepos.services.staff.auth import (
    DEACTIVATED,
    WRONG_PIN,
    EmployeeDeactivated,
    SignInRefused,
)
from storepos.services.staff.pin_setup import OFFLINE
from storepos.sync.enrolment import load_enrolment
from storepos.sync.errors import PinSetupRefused
from storepos.sync.pins import needs_rehash
from tests.integration.central_service import (
    Service,
    add_store,
    central_db,
    enrol,
    enrol_code,
    service,
    serving,
    storepos,
)
from tests.integration.sync_world import central_pg, store_engine

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name
PIN, NEW_PIN = "482915", "7351"


def add_employee(db: str, store: str, name: str, role: str = "cashier",
                 number: str | None = None) -> tuple[str, str]:
    """(employee number, set-up code) as `staff add` prints them: the code is its last line."""
    done = storepos("central", "staff", "add", "--db", db, "--store", store, "--name", name,
                    "--role", role, *(("--number", number) if number else ()))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert "valid 7 days" in lines[-2]
    return lines[0].split()[2], lines[-1]


class TillApp:
    """A till set up with `storepos setup --db`, and its Counter as the app makes it."""

    def __init__(self, service: Service, path: Path, store: str, till: str) -> None:
        done = storepos("setup", "--central", service.url, "--code",
                        enrol_code(service.db, store, till), "--db", str(path))
        assert done.returncode == 0, done.stderr
        self.path = path
        self.engine = make_engine(str(path))
        self.sessions = make_session_factory(self.engine)
        enrolment = load_enrolment(path)
        assert enrolment is not None
        self.http = enrolment.connect()
        with self.sessions() as s:
            prefix = s.scalars(select(Till.prefix)).one()
        self.counter = Counter(self.sessions, prefix, pin_link=self.http.set_up_pin)

    def sync(self) -> None:
        done = storepos("sync", "--once", "--db", str(self.path))
        assert done.returncode == 0, done.stderr

    def employee(self, number: str) -> Employee:
        with self.sessions() as s:
            found = s.scalars(select(Employee).where(Employee.number == number)).one()
            s.expunge(found)
            return found

    def close(self) -> None:
        self.http.close()
        self.engine.dispose()


@pytest.fixture
def tills(service: Service, tmp_path: Path) -> Iterator[list[TillApp]]:
    made: list[TillApp] = []
    yield made
    for till in made:
        till.close()


def _staff_and_log(db: str) -> tuple[Any, ...]:
    """Everything a refused PIN set-up must leave as it was."""
    engine = make_central_engine(db)
    with engine.connect() as conn:
        seen = (conn.execute(select(staff).order_by(staff.c.number)).all(),
                conn.scalar(select(func.count()).select_from(changes)))
    engine.dispose()
    return seen


def test_staff_from_head_office_sign_in_at_every_till_of_their_store(
        service: Service, tills: list[TillApp], tmp_path: Path) -> None:
    add_store(service.db, "TOR1")
    number, code = add_employee(service.db, "TOR1", "Ana Côté")
    till_a = TillApp(service, tmp_path / "a.db", "TOR1", "Till 1")
    tills.append(till_a)
    # At enrolment the till gets the store's staff: Ana is there, with no PIN yet.
    ana = till_a.employee(number)
    assert (ana.name, ana.role, ana.active, ana.pin_hash) == ("Ana Côté", "cashier", True, "")
    with pytest.raises(SignInRefused, match=WRONG_PIN):
        till_a.counter.sign_in(number, PIN)

    actor = till_a.counter.set_up_pin(number, code, PIN, PIN)  # her first sign-in
    assert actor.employee_number == number and actor.role.value == "cashier"
    assert not needs_rehash(till_a.employee(number).pin_hash)  # the till's own parameters

    # A till set up now gets her PIN with the staff; one set up before gets it by pull.
    till_b = TillApp(service, tmp_path / "b.db", "TOR1", "Till 2")
    tills.append(till_b)
    assert till_b.employee(number).pin_hash == till_a.employee(number).pin_hash
    till_a.sync()
    port = service.url.rsplit(":", 1)[1]
    assert service.process is not None
    service.process.terminate()  # head office is gone: the tills sign her in offline
    service.process.wait()
    for till in (till_a, till_b):
        assert till.counter.sign_in(number, PIN).employee_number == number
        with pytest.raises(SignInRefused, match=WRONG_PIN):
            till.counter.sign_in(number, "000000")
    # Setting a PIN needs head office: said so in words.
    with pytest.raises(Exception, match="needs head office's service to be reachable"):
        till_b.counter.set_up_pin(number, code, PIN, PIN)
    assert OFFLINE.startswith("Setting a PIN needs")
    with serving(service.db, port=int(port)):
        signed_in = till_b.counter.sign_in(number, PIN)
        # Deactivated: refused at every till after its next pull, and a signed-in Ana is out.
        off = storepos("central", "staff", "deactivate", "--db", service.db, number)
        assert off.returncode == 0, off.stderr
        assert till_b.counter.still_active(signed_in)
        till_b.sync()
        assert not till_b.counter.still_active(signed_in)
        # Refused like an unknown number (the screen never tells which numbers exist) ...
        with pytest.raises(SignInRefused, match=WRONG_PIN):
            till_b.counter.sign_in(number, PIN)
        # ... and the signed-in Ana is refused at her next action, told why.
        with pytest.raises(EmployeeDeactivated) as refused:
            till_b.counter.run(signed_in, lambda _s, _a: None)
        assert refused.value.message == DEACTIVATED.format(number=number)


def test_a_reset_pin_stops_the_old_one_after_the_next_pull(
        service: Service, tills: list[TillApp], tmp_path: Path) -> None:
    add_store(service.db, "TOR1")
    number, code = add_employee(service.db, "TOR1", "Bea Roy", "manager", number="M-7")
    till = TillApp(service, tmp_path / "a.db", "TOR1", "Till 1")
    tills.append(till)
    assert number == "M-7"
    till.counter.set_up_pin(number, code, PIN, PIN)
    reset = storepos("central", "staff", "reset-pin", "--db", service.db, number)
    assert reset.returncode == 0, reset.stderr
    new_code = reset.stdout.strip().splitlines()[-1]
    assert till.counter.sign_in(number, PIN).role.value == "manager"  # until the pull
    till.sync()
    with pytest.raises(SignInRefused, match=WRONG_PIN):
        till.counter.sign_in(number, PIN)
    with pytest.raises(PinSetupRefused, match="do not match"):
        till.counter.set_up_pin(number, code, NEW_PIN, NEW_PIN)  # the old code is replaced
    assert till.counter.set_up_pin(number, new_code, NEW_PIN, NEW_PIN).employee_number == number
    listed = storepos("central", "staff", "list", "--db", service.db, "--store", "TOR1").stdout
    assert "M-7" in listed and "PIN set" in listed and "1 employee." in listed


def _post(service: Service, token: str, body: dict[str, Any]) -> httpx.Response:
    with service.client(token) as http:
        return http.post("/v1/staff/pin", json=body)


def test_the_insiders_tries_are_refused_and_change_nothing(service: Service) -> None:
    add_store(service.db, "TOR1")
    add_store(service.db, "OTT1")
    toronto = enrol(service, "TOR1", "Till 1")["token"]
    ottawa_number, ottawa_code = add_employee(service.db, "OTT1", "Oli Ottawa")
    number, code = add_employee(service.db, "TOR1", "Ana Côté")
    engine = make_central_engine(service.db)
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    stale, stale_code = head_office.add_staff(engine, store_code="TOR1", name="Old Code",
                                              role="stock", now=ten_days_ago)
    engine.dispose()
    argon = ("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
             "qHZzGzPPmIIeN0yAoLqkBJ5kA3X4+ZtO/y07+pe0QxU")
    before = _staff_and_log(service.db)
    tries: list[tuple[str, dict[str, Any], int, str]] = [
        ("another store's employee", {"number": ottawa_number, "code": ottawa_code, "pin": PIN},
         403, "do not match"),
        ("another store's code on this store's number", {"number": number, "code": ottawa_code,
                                                         "pin": PIN}, 403, "do not match"),
        ("an expired code", {"number": stale.number, "code": stale_code, "pin": PIN}, 403,
         "expired"),
        ("a made-up code", {"number": number, "code": "AAAA-BBBB-CCCC-DDDD", "pin": PIN}, 403,
         "do not match"),
        ("a PIN hash instead of a PIN", {"number": number, "code": code, "pin_hash": argon}, 400,
         "nothing else"),
        ("a PIN hash beside the PIN", {"number": number, "code": code, "pin": PIN,
                                       "pin_hash": argon}, 400, "nothing else"),
        ("a PIN hash as the PIN", {"number": number, "code": code, "pin": argon}, 400,
         "digits"),
        ("a PIN as a number", {"number": number, "code": code, "pin": 482915}, 400, "as text"),
    ]
    for what, body, status, words in tries:
        answer = _post(service, toronto, body)
        assert (answer.status_code, words in answer.json()["message"]) == (status, True), (
            what, answer.text)
    with service.client() as http:  # no till token at all
        assert http.post("/v1/staff/pin", json={"number": number, "code": code,
                                                "pin": PIN}).status_code == 401
    assert _staff_and_log(service.db) == before

    done = _post(service, toronto, {"number": number, "code": code, "pin": PIN})
    assert done.status_code == 200, done.text
    employee = done.json()["employee"]
    assert employee["number"] == number and employee["pin_hash"].startswith("$argon2id$")
    assert "setup_code_hash" not in employee
    after = _staff_and_log(service.db)
    replayed = _post(service, toronto, {"number": number, "code": code, "pin": "999999"})
    assert replayed.status_code == 403 and "used already" in replayed.json()["message"]
    assert _staff_and_log(service.db) == after  # the replay changed nothing


def test_deactivated_staff_cannot_spend_their_code(service: Service) -> None:
    add_store(service.db, "TOR1")
    token = enrol(service, "TOR1", "Till 1")["token"]
    number, code = add_employee(service.db, "TOR1", "Gone Soon")
    assert storepos("central", "staff", "deactivate", "--db", service.db, number).returncode == 0
    answer = _post(service, token, {"number": number, "code": code, "pin": PIN})
    assert answer.status_code == 403
    assert storepos("central", "staff", "reset-pin", "--db", service.db, number).returncode == 2


def test_bad_staff_commands_are_one_line_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "central.db")
    assert storepos("central", "init", "--db", db).returncode == 0
    add_store(db, "TOR1")
    add_employee(db, "TOR1", "Ana", number="1001")
    for args, words in (
        (("add", "--db", db, "--store", "NOPE", "--name", "A", "--role", "cashier"),
         "no store with the code NOPE"),
        (("add", "--db", db, "--store", "TOR1", "--name", "A", "--role", "cashier",
          "--number", "1001"), "taken already"),
        (("add", "--db", db, "--store", "TOR1", "--name", "A", "--role", "boss"),
         "not a role"),
        (("add", "--db", db, "--store", "TOR1", "--name", "A", "--role", "stock",
          "--number", "no spaces"), "not an employee number"),
        (("add", "--db", db, "--store", "TOR1", "--name", " ", "--role", "stock"),
         "employee's name"),
        (("deactivate", "--db", db, "9999"), "no employee 9999"),
        (("reset-pin", "--db", db, "9999"), "no employee 9999"),
        (("list", "--db", db, "--store", "ZZZ"), "no store with the code ZZZ"),
        (("list", "--db", "nope://x"), "not a database URL"),
        (("list", "--db", str(tmp_path / "empty.db")), "no central schema"),
    ):
        done = storepos("central", "staff", *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    listed = storepos("central", "staff", "list", "--db", db)
    assert listed.returncode == 0 and "1 employee." in listed.stdout


# -- the second wall: a store's context on PostgreSQL --------------------------------------------

@pytest.mark.postgres
def test_a_stores_context_reads_and_sets_only_its_own_staffs_pins(central_pg: str) -> None:
    admin = make_central_engine(central_pg)
    add_store(central_pg, "TOR1")
    add_store(central_pg, "OTT1")
    mine, _ = head_office.add_staff(admin, store_code="TOR1", name="Ana", role="cashier")
    theirs, theirs_code = head_office.add_staff(admin, store_code="OTT1", name="Oli",
                                                role="manager")
    with admin.connect() as conn:
        ids = dict(conn.execute(select(staff.c.number, staff.c.store_id)).all())
    toronto: Engine = store_engine(central_pg, ids[mine.number])
    try:
        before = _staff_and_log(central_pg)
        with toronto.begin() as conn:  # its own staff only
            assert set(conn.scalars(select(staff.c.number))) == {mine.number}
            hidden = conn.execute(update(staff).where(staff.c.number == theirs.number)
                                  .values(pin_hash="x"))
            assert hidden.rowcount == 0  # another store's employee is not there to change
        attempts = [
            update(staff).values(role="manager"),  # a cashier made manager
            update(staff).values(active=True),
            update(staff).values(store_id=ids[theirs.number]),
            update(staff).values(name="Someone Else"),
            insert(staff).values(store_id=ids[mine.number], id=uuid.uuid4(), number="X1",
                                 name="Ghost", role="manager", active=True,
                                 updated_at=datetime.now(UTC)),
        ]
        for statement in attempts:
            with pytest.raises(ProgrammingError, match="permission denied"), \
                    toronto.begin() as conn:
                conn.execute(statement)
        assert _staff_and_log(central_pg) == before
        # Through the service's own function, in Toronto's context: Ottawa's code is no use.
        with pytest.raises(head_office.Refused, match="do not match"):
            head_office.set_pin(toronto, ids[mine.number], theirs.number, theirs_code, PIN)
        assert _staff_and_log(central_pg) == before
    finally:
        toronto.dispose()
        admin.dispose()
