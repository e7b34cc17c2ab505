"""Count malformed inputs tried on `storepos policy` and the tracebacks they caused (goal: 0).

The reporter's corpus (tests/unit/policy/malformed.py) and the property tests' generated inputs
(tests/unit/policy/strategies.py), run through the command in process (cases, `policy list`) and
the loader. A traceback is an exception that escaped; a wrong answer is any other answer than a
decision or exit 2 with one line naming the case/field or the file/line/field.

Run: python benchmarks/policy_malformed_count.py [--examples 300]
To count on another checkout's code: PYTHONPATH=/that/checkout/src python benchmarks/...
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from storepos.services.base import policy_book  # noqa: E402
from tests.unit.policy import malformed as m  # noqa: E402
from tests.unit.policy import strategies as s  # noqa: E402

tally: Counter[str] = Counter()
kinds: Counter[str] = Counter()
samples: list[str] = []  # the first few wrong answers, to read


def record(group: str, check: Callable[[], object]) -> None:
    """Run one input's check; count it as answered, a traceback, or a wrong answer."""
    tally[f"{group} tried"] += 1
    try:
        check()
    except m.Crashed as crash:
        tally[f"{group} tracebacks"] += 1
        kinds[f"{group}: {crash.kind}"] += 1
    except AssertionError as exc:
        tally[f"{group} wrong answers"] += 1
        if len(samples) < 5:
            samples.append(f"{group}: {str(exc)[:300]}")
    except Exception as exc:  # noqa: BLE001 - the loader called directly: this is the traceback
        tally[f"{group} tracebacks"] += 1
        kinds[f"{group}: {type(exc).__name__}"] += 1


def case_check(data: bytes, expect: str | None) -> Callable[[], object]:
    def check() -> None:
        run = s.evaluate_case_bytes(data)
        if run.crash is not None:
            raise m.Crashed(run.crash)
        if expect is None:
            s.check_case_answer(run)
        elif expect:
            m.check_refusal(run, expect.format(file="standard input"))
        else:
            assert run.code == 0, run.err
    return check


def policy_check(data: bytes, folder: Path) -> Callable[[], object]:
    def check() -> None:
        path = m.write_policy(folder, data)
        s.check_policy_file(path)  # refused in one line, or loads and decides; anything else escapes
        listed = m.run_inprocess(["policy", "list"])
        if listed.crash is not None:
            raise m.Crashed(listed.crash)
        assert listed.code == 0 and len(listed.out.splitlines()) == 5
    return check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="generated inputs per kind")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="policy-count-"))
    os.environ["STOREPOS_POLICY_DIR"] = str(folder)
    os.environ["STOREPOS_HOME"] = str(folder / "home")
    policy_book.library.cache_clear()

    for bad in m.CASES:
        record("case corpus", case_check(bad.data, bad.expect))
    for bad in m.EXTREMES:
        record("case corpus", case_check(bad.data, ""))
    for bad in m.POLICY_FILES + m.POLICY_EXTREMES:
        record("policy corpus", policy_check(bad.data, folder))

    run = settings(max_examples=args.examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))
    run(given(s.malformed_cases())(lambda data: record("case generated", case_check(data, None))))()
    run(given(s.malformed_policies())(lambda data: record("policy generated", policy_check(data, folder))))()

    print(f"python {sys.version.split()[0]}; storepos from {Path(policy_book.__file__).parents[3]}")
    for group in ("case corpus", "case generated", "policy corpus", "policy generated"):
        print(f"{group:<17} tried {tally[group + ' tried']:>4}  tracebacks {tally[group + ' tracebacks']:>3}"
              f"  other wrong answers {tally[group + ' wrong answers']:>3}")
    total = sum(v for k, v in tally.items() if k.endswith(" tried"))
    crashes = sum(v for k, v in tally.items() if k.endswith(" tracebacks"))
    print(f"total             tried {total:>4}  tracebacks {crashes:>3}")
    for kind, count in kinds.most_common():
        print(f"  {count:>4} x {kind}")
    for sample in samples:
        print(f"  wrong answer: {sample}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
