"""What a second service process adds: the load of sync_service_stores.py (100 stores, 1,000
events each, in rounds back to back: the machine saturated) against `storepos central serve
--workers 1` and `--workers 2`, alternating, each on a fresh database; events/s and the push
request round trip of each, every event counted centrally (0 lost, 0 duplicated).

On a machine with only a few cores the tills' processes, the service's and PostgreSQL share them:
read the figure as what a second process adds on this machine, not on a server of its own.

Run: python benchmarks/sync_service_workers.py [--stores 100] [--events 1000] [--runs 1]
     [--processes 4] [--quick] [--write]
(--quick: 10 stores, 100 events each; STOREPOS_BENCH_PG_URL names the server.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from sync_push_bench import _write_section
from sync_service_stores import RESULTS, Result, cuts, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stores", type=int, default=100)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=1, help="runs of each, alternating")
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--quick", action="store_true", help="10 stores x 100 events")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.stores, args.events, args.processes = 10, 100, 2
    results: dict[int, list[Result]] = {1: [], 2: []}
    for _ in range(args.runs):
        for workers in results:
            done = run(args.stores, args.events, args.rounds, 0.0, args.processes, workers)
            if not done.ok:
                raise SystemExit(f"--workers {workers}: {done.counted} {done.timings.errors[:5]}")
            results[workers].append(done)
    rows = []
    for workers, runs in results.items():
        rate = statistics.median(r.rate for r in runs)
        pushes = [p for r in runs for p in r.timings.pushes]
        p50, p99, _ = cuts(pushes)
        lost = sum(r.counted.lost for r in runs)
        duplicated = sum(r.counted.duplicated for r in runs)
        busy = statistics.median(r.service_cpu / r.wall for r in runs)
        tills = statistics.median(sum(r.timings.cpu) / r.wall for r in runs)
        rows.append(f"| `--workers {workers}` | {rate:,.0f} | {p50:.2f} / {p99:.2f} s | "
                    f"{busy:.2f} / {tills:.2f} | {lost} / {duplicated} | "
                    f"{', '.join(f'{r.rate:,.0f}' for r in runs)} |")
    one = statistics.median(r.rate for r in results[1])
    two = statistics.median(r.rate for r in results[2])
    table = "\n".join([
        (f"What a second service process adds: {args.stores} stores x "
         f"{args.events:,} events through the service, rounds back to back (saturated), "
         f"tills as threads in {args.processes} client processes; median of {args.runs} "
         f"run(s) each, alternating."),
        "",
        ("| service | events/s | push round trip p50 / p99 | cores busy: service / tills | "
         "lost / duplicated | runs (events/s) |"),
        "| --- | ---: | --- | --- | --- | --- |",
        *rows,
        "",
        (f"Two processes: {two / one:.2f}x one. This machine has {os.cpu_count()} cores, shared "
         f"by the tills' processes, the service and PostgreSQL."),
        f"Machine: {describe_machine()}.",
    ])
    print(table)
    if args.write and not args.quick:
        _write_section(RESULTS, "service-workers", table)


if __name__ == "__main__":
    main()
