"""`storepos report day` on a till database: the X report of an open day, the Z report of a closed
one (its figures as the service counted them), a PDF beside it, and bad input refused in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from storepos.cli import main
from storepos.services.day import days
from tests.integration import day_world as dw
from tests.pdf_text import pdf_text


def test_x_then_z_from_the_command_line(sqlite_engine: Engine, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "store.db")
    w = dw.build(sqlite_engine, orders=2)
    dw.open_day(w, {"20.00": 10})
    dw.cash_refund(w, w.orders[0])
    argv = ["report", "day", "--db", db, "--till", w.cashier.till_prefix, "--date", "2025-06-01"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("X report: the day so far")
    assert "Cash refunds" in out and "-$120.00" in out and "$80.00" in out

    w.run(lambda s, a: days.close_day(s, a, {"20.00": 4}))
    pdf = tmp_path / "z.pdf"
    assert main([*argv, "--pdf", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Z report: the day closed")
    assert "Counted" in out and "$80.00" in out and "Variance" in out
    assert "Z report: the day closed" in pdf_text(pdf.read_bytes())


def test_bad_input_is_refused_in_words(sqlite_engine: Engine, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "store.db")
    assert main(["report", "day", "--db", db, "--date", "2025-02-30"]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert main(["report", "day", "--db", db, "--till", "NOPE1"]) == 2
    assert "No till NOPE1" in capsys.readouterr().err
    assert main(["report", "day", "--db", str(tmp_path / "none.db")]) == 2
    assert "No till database" in capsys.readouterr().err
