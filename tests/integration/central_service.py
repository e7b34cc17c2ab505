"""`storepos central serve` for tests: a central database made by `storepos central init`, the
service in its own process on a free loopback port, and head office's steps on the command line
(stores, enrolment codes)."""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.sync.protocol import EVERYONE, Event


def storepos(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storepos.cli", *args], capture_output=True,
                          text=True, check=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A central database made by `storepos central init`: an SQLite file, or a fresh PostgreSQL."""
    url = (str(tmp_path / "central.db") if request.param == "sqlite"
           else request.getfixturevalue("central_pg"))
    done = storepos("central", "init", "--db", url)
    assert done.returncode == 0, done.stderr
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Service:
    url: str
    db: str
    verify: ssl.SSLContext | bool = True
    process: subprocess.Popen[str] | None = None  # for the fault tests, which kill it

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, verify=self.verify)


@contextlib.contextmanager
def serving(db: str, *options: str, host: str = "127.0.0.1",
            verify: ssl.SSLContext | bool = True, port: int | None = None,
            own_group: bool = False) -> Iterator[Service]:
    """`storepos central serve` in its own process, until it answers on its port (a given port
    to restart it where its tills know it; `own_group`: in a process group of its own, which a
    test may signal as a terminal's Ctrl+C does)."""
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "storepos.cli", "central", "serve", "--db", db,
                             "--port", str(port), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=own_group)
    url = f"{'https' if '--certfile' in options else 'http'}://{host}:{port}"
    try:
        while True:  # until it answers, or dies
            if proc.poll() is not None:
                pytest.fail(f"the service stopped: {proc.stdout.read() if proc.stdout else ''}")
            try:
                if httpx.get(f"{url}/v1/health", verify=verify).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield Service(url, db, verify, proc)
    finally:
        proc.terminate()  # SIGTERM: uvicorn finishes what is in flight and stops
        proc.wait()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A till's data folder (STOREPOS_HOME), empty, with no central address in the environment."""
    folder = tmp_path / "till-home"
    monkeypatch.setenv("STOREPOS_HOME", str(folder))
    monkeypatch.delenv("STOREPOS_CENTRAL_URL", raising=False)
    return folder


@pytest.fixture
def service(central_db: str) -> Iterator[Service]:
    with serving(central_db) as running:
        yield running


def add_store(db: str, code: str) -> None:
    done = storepos("central", "store", "add", "--db", db, "--code", code, "--name",
                    f"SoftMoc {code}", "--locale", "en_CA", "--currency", "CAD", "--timezone",
                    "America/Toronto", "--policy", "softmoc")
    assert done.returncode == 0, done.stderr


def enrol_code(db: str, store: str, till: str) -> str:
    done = storepos("central", "enrol-code", "--db", db, "--store", store, "--till", till)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def enrol(service: Service, store: str, till: str) -> dict[str, Any]:
    with service.client() as http:
        answer = http.post("/v1/enrol", json={"code": enrol_code(service.db, store, till)})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def note(store_id: str, till_id: str, seq: int) -> Event:
    return Event(uuid.uuid4(), uuid.UUID(store_id), uuid.UUID(till_id), seq, "test.note",
                 datetime.now(UTC), {"audit": {"subject_type": "test", "details": {"n": seq}}})


def gift_card(db: str, amount: str) -> uuid.UUID:
    """A gift card the web shop sold, loaded in the central ledger."""
    card_id = uuid.uuid4()
    engine = make_central_engine(db)
    with engine.begin() as conn:
        web_shop.issue_card(conn, {"id": card_id, "kind": "gift_card",
                                   "number": f"G-WEB-{card_id.hex[:6]}", "currency": "CAD",
                                   "customer_id": None, "issued_store_id": None},
                            Decimal(amount), store_id=EVERYONE)
    engine.dispose()
    return card_id
