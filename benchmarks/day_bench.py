"""The X report of a busy day against a raw SQL sum of the same rows.

    python benchmarks/day_bench.py [--returns 2000] [--repeat 40]

Makes a SQLite till (a fresh file in a temporary folder) whose day holds a float and `--returns`
cash refunds completed through the returns service (one line each, the reasons in turn), then
times, interleaved (which goes first alternating):

- x: the X report as the Day screen asks for it: `report.day_report` (the day's cash, refunds by
  tender, returned value by each line's reason, fees, cards, pickups, warranty) and its sections
  worded (`day_words.sections`), on one Session;
- raw: plain sqlite3, the refunds of the same till and day summed by tender (`SELECT kind,
  sum(amount) FROM refunds JOIN returns ... GROUP BY kind`): the floor the issue names;
- raw_all: plain sqlite3 running every SELECT the report ran (captured from the first report),
  with the same parameters: the SQL alone, without building or wording anything.

Prints medians in milliseconds, the ratio and the machine. Figures go in benchmarks/day.md.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' world builders

from _machine import describe_machine
from sqlalchemy import event

from storepos.devices.printing.day_words import sections
from storepos.domain.vocabulary import Reason, Resolution
from storepos.persistence.db import make_engine
from storepos.persistence.migrate import upgrade
from storepos.persistence.uow import UnitOfWork
from storepos.services.day.report import day_report, window
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest
from tests.integration import day_world as dw

RAW = ("SELECT refunds.kind, sum(refunds.amount) FROM refunds JOIN returns "
       "ON returns.id = refunds.return_id WHERE returns.till_id = ? AND returns.status = "
       "'completed' AND returns.completed_at >= ? AND returns.completed_at < ? "
       "GROUP BY refunds.kind")
REASONS = (Reason.CHANGE_OF_MIND, Reason.WRONG_SIZE, Reason.WRONG_ITEM)


def build(path: Path, returns: int) -> dw.DayWorld:
    engine = make_engine(str(path))
    upgrade(engine)
    w = dw.build(engine, orders=returns)
    dw.open_day(w, {"100.00": 2000})  # enough float for every refund
    done = 0
    while done < returns:
        with UnitOfWork(w.factory) as uow:
            for order_id in w.orders[done:done + 200]:
                line = LineRequest(1, 1, REASONS[done % 3], ALL_SHOWN, Resolution.REFUND)
                complete_return(uow.session, w.cashier, ReturnRequest((line,), order_id=order_id))
                done += 1
            uow.commit()
    return w


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--returns", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "till.db"
        started = time.perf_counter()
        w = build(path, args.returns)
        print(f"built {args.returns} returns in {time.perf_counter() - started:.1f} s")
        actor = w.cashier
        today = actor.today()
        start, end = window(today, actor.store_time_zone)
        raw_args = (actor.till_id.hex, start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
                    end.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"))
        raw = sqlite3.connect(path)

        def x_report() -> object:
            with w.factory() as session:
                report = day_report(session, actor.store_id, actor.till_id, today,
                                    employee=actor.employee_name, now=actor.now())
                return report, sections(report)

        def raw_sum() -> object:
            return raw.execute(RAW, raw_args).fetchall()

        selects: list[tuple[str, object]] = []

        def capture(_conn: object, _cursor: object, statement: str, parameters: object,
                    _context: object, _many: bool) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                selects.append((statement, parameters))

        engine = w.factory.kw["bind"]
        event.listen(engine, "before_cursor_execute", capture)
        report, _words = x_report()  # type: ignore[misc]
        event.remove(engine, "before_cursor_execute", capture)

        def raw_all() -> object:
            return [raw.execute(st, p).fetchall() for st, p in selects]  # type: ignore[arg-type]

        totals = dict(raw_sum())  # type: ignore[arg-type]
        assert report.returns == args.returns, report.returns  # type: ignore[attr-defined]
        assert abs(float(report.refunded) - totals["cash"]) < 0.005  # type: ignore[attr-defined]
        times: dict[str, list[float]] = {"x": [], "raw": [], "raw_all": []}
        for i in range(args.repeat):
            order = (("x", x_report), ("raw", raw_sum), ("raw_all", raw_all))
            for name, run in order if i % 2 == 0 else reversed(order):
                t0 = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - t0)
        raw.close()
    x, floor = statistics.median(times["x"]) * 1000, statistics.median(times["raw"]) * 1000
    print(f"X report ({args.returns} returns): median {x:.2f} ms, best {min(times['x']) * 1000:.2f}")
    print(f"raw SQL sum of the same refunds: median {floor:.2f} ms, best "
          f"{min(times['raw']) * 1000:.2f}")
    every = statistics.median(times["raw_all"]) * 1000
    print(f"raw SQL of every query the report ran ({len(selects)}): median {every:.2f} ms, best "
          f"{min(times['raw_all']) * 1000:.2f}")
    print(f"ratio {x / floor:.2f}x the one sum, {x / every:.2f}x all its SQL")
    print(describe_machine())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
