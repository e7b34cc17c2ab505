"""Malformed policy files: refused at load in one line (file, line, field, problem), never a traceback;
`policy list` names each broken file and still loads the good ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storepos.domain.policy import PolicyFileError, load_policy_file
from storepos.services.base import policy_book
from tests.unit.policy.malformed import (
    POLICY,
    POLICY_EXTREMES,
    POLICY_FILES,
    Bad,
    Run,
    case,
    check_refusal,
    run_inprocess,
    write_policy,
)

PRESETS = {"itsmysoft": "itsmysoft", "shoeoftheweek": "Shoe of the Week", "softmoc": "SoftMoc",
           "softstar": "Soft Star"}


def ids(bads: list[Bad]) -> list[str]:
    return [bad.id for bad in bads]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A chain's own policy folder (STOREPOS_POLICY_DIR), read afresh by the command."""
    path = tmp_path / "policies"
    path.mkdir()
    monkeypatch.setenv("STOREPOS_POLICY_DIR", str(path))
    monkeypatch.setenv("STOREPOS_HOME", str(tmp_path / "home"))
    policy_book.library.cache_clear()
    yield path
    policy_book.library.cache_clear()


def test_the_corpus_covers_the_reporters_24_kinds() -> None:
    assert len(POLICY_FILES) >= 24 and len(set(ids(POLICY_FILES))) == len(POLICY_FILES)


@pytest.mark.parametrize("bad", POLICY_FILES, ids=ids(POLICY_FILES))
def test_loader_refuses_with_file_line_and_field(tmp_path: Path, bad: Bad) -> None:
    path = write_policy(tmp_path, bad.data)
    with pytest.raises(PolicyFileError) as caught:
        load_policy_file(path)
    message = str(caught.value)
    assert len(message.splitlines()) == 1 and len(message) <= 400, message[:600]
    assert message.startswith(bad.expect.format(file=path)), message[:600]


@pytest.mark.parametrize("bad", POLICY_FILES, ids=ids(POLICY_FILES))
def test_commands_answer_a_broken_policy_in_one_line(folder: Path, tmp_path: Path, bad: Bad) -> None:
    path = write_policy(folder, bad.data)
    expect = bad.expect.format(file=path)
    check_refusal(run_inprocess(["policy", "show", "mychain"]), expect)

    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(case()))
    run = run_inprocess(["policy", "evaluate", "--policy", "mychain", str(case_path)])
    check_refusal(run, "case: --policy: the policy file is broken: ")
    assert expect in run.err

    listed = run_inprocess(["policy", "list"])
    assert listed.crash is None, listed.crash
    assert listed.code == 0
    check_listing(listed, broken={"mychain": expect})


def check_listing(run: Run, broken: dict[str, str], good: dict[str, str] | None = None) -> None:
    """Every preset and good policy listed with its title; each broken one as broken, on one line."""
    lines = run.out.splitlines()
    for name, title in {**PRESETS, **(good or {})}.items():
        assert any(line.split()[:1] == [name] and title in line for line in lines), (name, run.out)
    for name, reason in broken.items():
        mine = [line for line in lines if line.startswith(name)]
        assert len(mine) == 1 and "broken: " in mine[0] and reason in mine[0], (name, run.out[:2000])
    assert len(lines) == len(PRESETS) + len(good or {}) + len(broken), run.out[:2000]


@pytest.mark.parametrize("bad", POLICY_EXTREMES, ids=ids(POLICY_EXTREMES))
def test_odd_but_valid_policy_loads_and_decides(folder: Path, tmp_path: Path, bad: Bad) -> None:
    write_policy(folder, bad.data)
    assert load_policy_file(folder / "mychain.toml").name == "mychain"
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps([case(), case(placed="9999-12-01", received="9999-12-02",
                                              today="9999-12-31")]))
    run = run_inprocess(["policy", "evaluate", "--policy", "mychain", str(case_path)])
    assert run.crash is None and run.code == 0, (run.crash, run.err)


def test_one_broken_file_leaves_every_other_policy_listed_and_usable(folder: Path, tmp_path: Path) -> None:
    write_policy(folder, POLICY.replace("mychain", "goodchain").encode(), name="goodchain")
    by_id = {bad.id: bad for bad in POLICY_FILES}
    write_policy(folder, by_id["utf16-le-with-bom"].data)
    write_policy(folder, by_id["outcomes-as-integers"].data.replace(b"mychain", b"intchain"), name="intchain")
    (folder / "My Policy.toml").write_text(POLICY)
    (folder / "adir.toml").mkdir()
    os.close(os.open(os.fsencode(folder) + b"/bad\xffname.toml", os.O_CREAT | os.O_WRONLY))

    run = run_inprocess(["policy", "list"])
    assert run.crash is None and run.code == 0, run.crash
    check_listing(run, good={"goodchain": "My Chain"}, broken={
        "mychain": f"{folder / 'mychain.toml'}: ",
        "intchain": f"{folder / 'intchain.toml'}:10: return.outcomes[0]: ",
        "My Policy": "file name",
        "adir": "not a regular file",
        "bad\\udcffname": "file name",
    })

    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(case()))
    good = run_inprocess(["policy", "evaluate", "--policy", "goodchain", str(case_path)])
    assert good.code == 0 and json.loads(good.out)["policy"] == "goodchain"
    preset = run_inprocess(["policy", "evaluate", str(case_path)])
    assert preset.code == 0 and json.loads(preset.out)["policy"] == "softmoc"


def test_list_through_the_real_command_with_a_broken_file(folder: Path) -> None:
    bad = next(b for b in POLICY_FILES if b.id == "latin1-title")
    path = write_policy(folder, bad.data)
    result = subprocess.run([sys.executable, "-m", "storepos", "policy", "list"], capture_output=True,
                            text=True, check=False, env={**os.environ})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    check_listing(Run(result.returncode, result.stdout, result.stderr, None),
                  broken={"mychain": bad.expect.format(file=path)})


def test_days_out_of_range_are_refused_at_load_not_at_evaluation(tmp_path: Path) -> None:
    path = write_policy(tmp_path, POLICY.replace("return_days = 30", "return_days = 36526").encode())
    with pytest.raises(PolicyFileError, match=r"settings\.return_days: must be a whole number"):
        load_policy_file(path)
    assert load_policy_file(write_policy(tmp_path, POLICY.replace("return_days = 30", "return_days = 36525")
                                         .encode())).settings == {"return_days": 36525}


def test_list_on_an_ascii_terminal_escapes_what_it_cannot_show(folder: Path) -> None:
    write_policy(folder, POLICY.replace("My Chain", "My Chain \U0001f600").encode())
    result = subprocess.run([sys.executable, "-m", "storepos", "policy", "list"], capture_output=True,
                            text=True, check=False, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "My Chain \\U0001f600" in result.stdout
