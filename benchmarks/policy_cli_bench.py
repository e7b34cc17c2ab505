"""`storepos policy evaluate` on 1,000 cases as a whole process, next to `python -c pass` in the
same run, with where its time goes: the phases (import, read, parse, evaluate, write) and
`python -X importtime` summed by module.

Each timed run is a fresh process started through the `storepos` command (the console script the
package installs), alternating with the floor, so a busy moment of the machine hits both alike.
Both wall time and CPU time (user + system, from the child's rusage) are reported: on a shared,
loaded machine CPU time is the steadier of the two. Bytecode is compiled first (as an installed
package has it) and the children may write it.

Run: python benchmarks/policy_cli_bench.py [--runs 31] [--before SRC] [--write]
(--before SRC also times the storepos whose src/ folder is SRC, e.g. a `git archive` of main;
--write updates benchmarks/policy_cli.md)
"""

from __future__ import annotations

import argparse
import collections
import compileall
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from policy_bench import make_cases

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
RESULTS = HERE / "policy_cli.md"
COMMAND = Path(sys.executable).with_name("storepos")  # the installed console script

# The same work as the command, in phases, timed by CPU clock inside one fresh process.
PHASES = """
import gc, time
gc.disable()  # as the command runs (storepos.cli._policy_evaluate)
clock = time.process_time
t0 = clock()
import sys
from storepos.commands import policy as command
from storepos.domain.policy import evaluate
from storepos.i18n import SOURCE_LANGUAGE, speaking
from storepos.wording.policy import CONTRACT, ReasonWords
t1 = clock()
text = command._read_text(sys.argv[1], "cases")
t2 = clock()
cases, single = command._read_cases(text, "cases", None)  # the JSON scanned case by case, each parsed
t3 = clock()
with speaking(SOURCE_LANGUAGE):  # as the command words them (no catalogue looked for)
    decided = [evaluate(policy, case) for policy, case in cases]  # (the command: 50 at a time)
    t4 = clock()
    words, out = ReasonWords(CONTRACT), []
    command._write_decisions(decided, words.sentence, False, out.append)
t5 = clock()
import json
print(json.dumps({"import": t1 - t0, "read the file": t2 - t1, "read JSON + parse cases": t3 - t2,
                  "evaluate": t4 - t3, "word + write JSON": t5 - t4}))
"""


def env_for(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    return env


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{argv} exited {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def importtime(argv: list[str], env: dict[str, str]) -> dict[str, int]:
    """Microseconds of import each module cost itself (`-X importtime`'s self column)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env, check=True)
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \| (\s*)(\S+)", line)
        if match:
            found[match[3]] = found.get(match[3], 0) + int(match[1])
    return found


def group_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "storepos":
        return ".".join(parts[:3])
    return parts[0].lstrip("_") or module


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--before", type=Path, default=None, metavar="SRC")
    parser.add_argument("--write", action="store_true", help=f"update {RESULTS.name}")
    args = parser.parse_args(argv)
    for tree in [SRC, *([args.before] if args.before else [])]:
        compileall.compile_dir(str(tree), quiet=1)
    command = [str(COMMAND)] if COMMAND.exists() else [sys.executable, "-m", "storepos"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.json"
        path.write_text(json.dumps(make_cases(1000)), encoding="utf-8")
        kinds: list[tuple[str, list[str], dict[str, str]]] = [
            ("python -c pass", [sys.executable, "-c", "pass"], env_for(None)),
            ("storepos policy evaluate", [*command, "policy", "evaluate", str(path)], env_for(None)),
        ]
        if args.before:
            kinds.append(("before: storepos policy evaluate",
                          [*command, "policy", "evaluate", str(path)], env_for(args.before)))
        for _, argv_, env in kinds:  # warm the file cache and the bytecode, untimed
            timed(argv_, env)
        wall: dict[str, list[float]] = collections.defaultdict(list)
        cpu: dict[str, list[float]] = collections.defaultdict(list)
        for index in range(args.runs):
            for name, argv_, env in kinds[index % len(kinds):] + kinds[:index % len(kinds)]:
                w, c = timed(argv_, env)
                wall[name].append(w)
                cpu[name].append(c)
        phase_runs = [json.loads(subprocess.run([sys.executable, "-c", PHASES, str(path)],
                                                capture_output=True, text=True, env=env_for(None),
                                                check=True).stdout) for _ in range(max(5, args.runs // 3))]
        floor_modules = importtime(["-c", "pass"], env_for(None))
        script = [str(COMMAND)] if COMMAND.exists() else ["-m", "storepos"]
        imports = [importtime([*script, "policy", "evaluate", str(path)], env_for(None))
                   for _ in range(max(5, args.runs // 3))]
    med = statistics.median
    floor_wall, floor_cpu = med(wall["python -c pass"]), med(cpu["python -c pass"])
    lines = [
        f"Machine: {describe_machine()}; load average at the end {os.getloadavg()[0]:.1f}; "
        f"{args.runs} runs of each, alternating; 1,000 cases (`policy_bench.make_cases`). "
        "Run: `python benchmarks/policy_cli_bench.py --write"
        + (" --before SRC" if args.before else "") + "`.",
        "",
        "| whole process | median wall ms | vs floor | median CPU ms | vs floor |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, _, _ in kinds:
        w, c = med(wall[name]), med(cpu[name])
        lines.append(f"| {name} | {ms(w)} | {w / floor_wall:.1f}x | {ms(c)} | {c / floor_cpu:.1f}x |")
    lines += ["", "Where the command's time goes (CPU ms inside one process, median of "
              f"{len(phase_runs)} fresh processes; the interpreter's own start is the floor above):", "",
              "| phase | CPU ms |", "| --- | ---: |"]
    for phase in phase_runs[0]:
        lines.append(f"| {phase} | {ms(med([run[phase] for run in phase_runs]))} |")
    # -X importtime: the self time of each module the command imports beyond `python -c pass`'s.
    per_module: dict[str, list[int]] = collections.defaultdict(list)
    for run in imports:
        for module, micros in run.items():
            if module not in floor_modules:
                per_module[module].append(micros)
    module_median = {m: med(v + [0] * (len(imports) - len(v))) for m, v in per_module.items()}
    groups: dict[str, float] = collections.defaultdict(float)
    for module, micros in module_median.items():
        groups[group_of(module)] += micros
    total = sum(module_median.values())
    lines += ["", f"`python -X importtime` (self time summed by package, median of {len(imports)} "
              f"runs; {len(module_median)} modules beyond the floor's, {total / 1000:.0f} ms in all; "
              "importtime's own overhead included):", "",
              "| package | ms | share |", "| --- | ---: | ---: |"]
    for group, micros in sorted(groups.items(), key=lambda item: -item[1])[:15]:
        lines.append(f"| `{group}` | {micros / 1000:.1f} | {micros / total:.0%} |")
    print("\n".join(lines))
    if args.write:
        write(lines)
    return 0


def write(lines: list[str]) -> None:
    """Between the markers of policy_cli.md; what is written around them stays."""
    start, end = "<!-- policy_cli_bench -->", "<!-- /policy_cli_bench -->"
    block = "\n".join([start, *lines, end])
    text = (RESULTS.read_text(encoding="utf-8") if RESULTS.exists()
            else "# `storepos policy evaluate`: start-up and import time\n")
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
