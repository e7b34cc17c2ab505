"""`storepos --self-test`: what an installed till must be able to do, end to end, in one run.

Run on the app's own opened store (`storepos app --self-test` opens the window, offscreen or not,
and hands this module its Counter once the store is open): sign in with a demo PIN through the
real staff service, complete one return of a demo order through the real returns service, and
print its receipt through the real print queue to a file printer. It also finds the store's time
zone in `tzdata` and loads the CA bundle (a bundle could lack either). One line on success; on failure
the step that failed, exit 1. Only a demo store is accepted: the return is a real one, with its
money and audit rows.

No Qt here (commands stay headless): the window is storepos.app's.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from storepos.domain.errors import StoreposError

SELF_TEST_PRINTER = "self-test"  # a file printer of its own: the till's own printers stay as set up
PRINT_WAIT_SECONDS = 60.0

T = TypeVar("T")


class StepFailed(Exception):
    def __init__(self, step: str, why: str) -> None:
        super().__init__(f"self-test failed at step '{step}': {why}")
        self.step = step


@dataclass(frozen=True, slots=True)
class Outcome:
    employee: str
    store_code: str
    time_zone: str
    certificates: int
    return_number: str
    order_number: str
    receipt_bytes: int
    receipt_file: Path

    def summary(self) -> str:
        return (f"self-test ok: store {self.store_code} ({self.time_zone} from tzdata, "
                f"{self.certificates} CA certificates), signed in as {self.employee}, return "
                f"{self.return_number} of order {self.order_number}, receipt {self.receipt_bytes} bytes "
                f"to {self.receipt_file}")


def step(name: str, action: Callable[[], T]) -> T:
    """Run one step; anything it raises becomes StepFailed naming the step."""
    try:
        return action()
    except StepFailed:
        raise
    except StoreposError as exc:
        raise StepFailed(name, exc.message) from exc
    except Exception as exc:  # a broken bundle fails in any way: name the step and the error
        raise StepFailed(name, f"{type(exc).__name__}: {exc}") from exc


def bundled_data(time_zone: str) -> int:
    """The data a till reads outside the database: the store's time zone from the `tzdata`
    package (not the system's: Windows has none) and the CA bundle HTTPS to head office trusts.
    Returns how many CA certificates were loaded."""
    import ssl
    from importlib.resources import files
    from zoneinfo import ZoneInfo

    import certifi

    zone_file = files("tzdata.zoneinfo").joinpath(*time_zone.split("/"))
    if not zone_file.is_file():
        raise StepFailed("find the time zone and certificates", f"tzdata has no {time_zone}")
    with zone_file.open("rb") as data:
        ZoneInfo.from_file(data, key=time_zone)
    context = ssl.create_default_context(cafile=certifi.where())
    count = len(context.get_ca_certs())
    if count == 0:
        raise StepFailed("find the time zone and certificates", f"no CA certificates in {certifi.where()}")
    return count


def demo_manager(staff_file: Path) -> tuple[str, str, str]:
    """(number, name, PIN) of the demo store's manager, from the file the demo's first start wrote."""
    try:
        staff = json.loads(staff_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise StepFailed("open the demo store", f"no demo staff file at {staff_file}: the self-test "
                         "runs only on a demo store (point STOREPOS_HOME at an empty folder)") from None
    for person in staff:
        if person.get("role") == "manager":
            return str(person["number"]), str(person["name"]), str(person["pin"])
    raise StepFailed("open the demo store", f"{staff_file} names no manager")


def run_steps(counter: object, staff_file: Path, receipt_file: Path) -> Outcome:
    """The self-test on an opened store (`counter` is a storepos.services.counter.Counter)."""
    from sqlalchemy.orm import Session

    from storepos.demo.tour import returnable_order
    from storepos.domain.vocabulary import Reason, Resolution
    from storepos.persistence.models.print_jobs import PrintJob, PrintJobStatus
    from storepos.services.base.context import Actor
    from storepos.services.counter import Counter
    from storepos.services.printing import queue as print_queue
    from storepos.services.returns import api as returns
    from storepos.services.returns.eligibility import ALL_SHOWN
    from storepos.services.returns.types import LineRequest, ReturnRequest

    assert isinstance(counter, Counter)
    place = step("open the demo store", counter.place)
    certificates = step("find the time zone and certificates", lambda: bundled_data(place.time_zone))
    number, name, pin = demo_manager(staff_file)
    actor: Actor = step("sign in", lambda: counter.sign_in(number, pin))

    found = step("find a demo order", lambda: counter.read(
        lambda s: returnable_order(s, place.store_code)))
    if found is None:
        raise StepFailed("find a demo order", f"no order of store {place.store_code} can come back today")
    order_number, last_name = found

    def complete(session: Session, who: Actor) -> returns.Completed:
        loaded = returns.load_order(session, who, order_number, last_name)
        line = next(le for le in loaded.eligibility.lines if le.returnable and le.allowed)
        resolution = Resolution(line.allowed[0])
        request = ReturnRequest(
            (LineRequest(line.line.line_no, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN, resolution),),
            order_id=loaded.order.id)
        return returns.complete(session, who, request)

    completed = step("complete a return", lambda: counter.run(actor, complete))
    if not completed.jobs:
        raise StepFailed("complete a return", f"return {completed.summary.return_number} queued no receipt")

    def to_file_printer(session: Session, who: Actor) -> uuid.UUID:
        receipt_file.parent.mkdir(parents=True, exist_ok=True)
        receipt_file.unlink(missing_ok=True)  # what is there after the run was printed by it
        print_queue.configure_printer(session, SELF_TEST_PRINTER, "tm-t88", f"file:{receipt_file}")
        session.flush()
        return print_queue.send_to(session, completed.jobs[0].id, SELF_TEST_PRINTER).id

    job_id = step("print the receipt", lambda: counter.run(actor, to_file_printer))

    def printed() -> tuple[PrintJobStatus, str]:
        deadline = time.monotonic() + PRINT_WAIT_SECONDS
        while True:
            job = counter.read(lambda s: s.get(PrintJob, job_id))
            assert job is not None
            if job.status in (PrintJobStatus.PRINTED, PrintJobStatus.FAILED) or time.monotonic() > deadline:
                return job.status, job.last_error
            time.sleep(0.1)

    status, error = step("print the receipt", printed)
    if status is not PrintJobStatus.PRINTED:
        raise StepFailed("print the receipt", f"the print queue left the job {status.value}: {error or '-'}")
    size = receipt_file.stat().st_size if receipt_file.exists() else 0
    if size == 0:
        raise StepFailed("print the receipt", f"nothing was written to {receipt_file}")
    return Outcome(f"{name} ({number})", place.store_code, place.time_zone, certificates,
                   completed.summary.return_number, order_number, size, receipt_file)
