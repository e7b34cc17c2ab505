"""`storepos policy evaluate` on large inputs: time and peak memory, next to json.loads of the same bytes.

Inputs: a 50 MB JSON array of cases (over the limit: refused, as a file and on standard input) and
the largest array under the limit (decided). Each run is its own process; peak memory is its
maximum resident set (wait4). The floor, in the same run: `python -c pass`, and a process that
only reads the same bytes and json.loads them.

Run: python benchmarks/policy_input_bench.py [--src OTHER_CHECKOUT/src]   (--src: measure that code)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from policy_bench import make_cases

MB = 1024 * 1024
FLOOR = "import json, sys; json.loads(open(sys.argv[1], 'rb').read())"


def cases_of_size(size: int) -> bytes:
    """A JSON array of varied valid cases, as close to `size` bytes as whole cases allow (not over)."""
    pool = [json.dumps(c).encode() for c in make_cases(1000)]
    parts, total, i = [], 2, 0
    while total + len(pool[i % len(pool)]) + 1 <= size:
        parts.append(pool[i % len(pool)])
        total += len(parts[-1]) + 1
        i += 1
    return b"[" + b",".join(parts) + b"]"


def measure(argv: list[str], env: dict[str, str], stdin_path: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one process, started by a small launcher process.

    A child's peak memory counts what it shared with its parent before exec, so this large process
    does not start the measured one itself: `_launch` (a fresh, small Python) does.
    """
    stdin = str(stdin_path) if stdin_path else ""
    out = subprocess.run([sys.executable, __file__, "--launch", stdin, *argv], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def _launch(stdin_path: str, argv: list[str]) -> None:
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115 - closed by exit
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    print(time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode)


def main() -> int:
    if sys.argv[1:2] == ["--launch"]:
        _launch(sys.argv[2], sys.argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", help="the src/ folder of the code to measure (default: this checkout's)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.src:
        env["PYTHONPATH"] = str(Path(args.src).resolve())
    probe = subprocess.run([sys.executable, "-c", "import storepos, sys; print(storepos.__file__)"],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    try:
        code = "from storepos.commands.policy import MAX_INPUT_BYTES; print(MAX_INPUT_BYTES)"
        limit = int(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                   check=True).stdout)
    except subprocess.CalledProcessError:
        limit = 10 * MB  # code without a limit: measure the same sizes
    print(describe_machine())
    print(f"storepos from {Path(probe).parent}; input limit {limit:,} bytes\n")
    command = [sys.executable, "-m", "storepos", "policy", "evaluate"]
    with tempfile.TemporaryDirectory() as tmp:
        big, under = Path(tmp) / "50mb.json", Path(tmp) / "under-limit.json"
        big.write_bytes(cases_of_size(50 * MB))
        under.write_bytes(cases_of_size(limit))
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            (f"floor: json.loads 50 MB ({big.stat().st_size:,} B)", [sys.executable, "-c", FLOOR, str(big)],
             None),
            ("evaluate 50 MB file", [*command, str(big)], None),
            ("evaluate 50 MB on standard input", [*command, "-"], big),
            (f"floor: json.loads under limit ({under.stat().st_size:,} B)",
             [sys.executable, "-c", FLOOR, str(under)], None),
            ("evaluate under-limit file", [*command, str(under)], None),
        ]
        print(f"{'run':<50} {'seconds':>8} {'peak MB':>8} {'exit':>5}")
        for label, argv, stdin in rows:
            seconds, peak, status = measure(argv, env, stdin)
            print(f"{label:<50} {seconds:>8.2f} {peak:>8.0f} {status:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
