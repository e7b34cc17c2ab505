"""`storepos --self-test`: the check an installed till runs (installer/smoke.sh runs it on the
package). Here on the source checkout, as a real process, offscreen, on a fresh data folder."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each run opens the app and, the first time, makes the demo store

LINE = re.compile(r"^self-test ok: store (\w+) \([\w/]+ from tzdata, \d+ CA certificates\), "
                  r"signed in as .+ \((\d+)\), return (R-[\w-]+) of order (\d+), "
                  r"receipt (\d+) bytes to (.+)$")


def self_test(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, STOREPOS_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "storepos.cli", "--self-test", *args], env=env,
                          capture_output=True, text=True)


def returns_in(db: Path, number: str) -> int:
    with closing(sqlite3.connect(db)) as con:
        row = con.execute("SELECT count(*) FROM returns WHERE return_number = ?", (number,)).fetchone()
        return int(row[0])


def count_returns(db: Path) -> int:
    with closing(sqlite3.connect(db)) as con:
        return int(con.execute("SELECT count(*) FROM returns").fetchone()[0])


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("till-home")


def test_self_test_signs_in_returns_and_prints_on_a_fresh_data_folder(home: Path) -> None:
    receipt = home / "out" / "receipt.bin"
    done = self_test(home, "--receipt-file", str(receipt))

    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    found = LINE.match(lines[0])
    assert found, lines[0]
    number, return_number, size = found[2], found[3], int(found[5])
    staff = json.loads((home / "store.db.demo-staff.json").read_text(encoding="utf-8"))
    manager = next(p for p in staff if p["role"] == "manager")
    assert number == manager["number"]  # the demo manager, signed in with the demo PIN
    assert returns_in(home / "store.db", return_number) == 1  # a real return, in the user's data folder
    data = receipt.read_bytes()
    assert len(data) == size > 0
    assert data.startswith(b"\x1b@")  # ESC @: ESC/POS bytes, as a receipt printer gets them
    assert return_number.encode() in data


def test_a_second_run_reopens_the_same_store_and_makes_another_return(home: Path) -> None:
    first = self_test(home, "--receipt-file", str(home / "out" / "1.bin"))
    second = self_test(home, "--receipt-file", str(home / "out" / "2.bin"))

    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    one, two = (LINE.match(r.stdout.strip()) for r in (first, second))
    assert one and two and one[3] != two[3]
    assert returns_in(home / "store.db", one[3]) == returns_in(home / "store.db", two[3]) == 1


def test_a_receipt_that_cannot_be_written_fails_naming_the_step(home: Path) -> None:
    blocker = home / "a-file"
    blocker.write_text("not a folder")

    done = self_test(home, "--receipt-file", str(blocker / "receipt.bin"))

    assert done.returncode == 1
    assert done.stdout == ""
    assert "self-test failed at step 'print the receipt'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_store_that_is_not_the_demo_is_refused(home: Path, tmp_path: Path) -> None:
    """The self-test makes a real return: never on a store's real data (no demo staff file)."""
    till = tmp_path / "till"
    till.mkdir()
    (till / "store.db").write_bytes((home / "store.db").read_bytes())  # its data, no demo PINs
    before = count_returns(till / "store.db")

    done = self_test(till)

    assert done.returncode == 1
    assert "self-test failed at step 'open the demo store'" in done.stderr
    assert "only on a demo store" in done.stderr
    assert count_returns(till / "store.db") == before
