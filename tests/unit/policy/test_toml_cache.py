"""The policy files' TOML tables kept between runs (issue 15): a policy reads exactly as from its
file, and a changed file, another Python or a damaged cache file means the file is read again."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storepos.domain.policy import PolicyFileError, PolicyLibrary, loader
from storepos.domain.policy.toml_cache import ParsedToml
from storepos.services.base.policy_book import policy_folders

PRESETS = ["itsmysoft", "shoeoftheweek", "softmoc", "softstar"]
SHIPPED = policy_folders()[0]


def kept_library(folder: Path, cache: Path) -> PolicyLibrary:
    return PolicyLibrary(folder, kept=ParsedToml(str(cache)))


def cache_file(cache: Path, policy_file: Path) -> Path:
    return Path(ParsedToml(str(cache)).file_for(str(policy_file)))


def no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, path: Path) -> object:
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(loader, "_parse_toml", refuse)


def test_kept_tables_give_the_same_policies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache" / "tables"
    plain = {name: PolicyLibrary(SHIPPED).get(name) for name in PRESETS}
    first = {name: kept_library(SHIPPED, cache).get(name) for name in PRESETS}  # parsed, then kept
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        cache_file(cache, SHIPPED / f"{name}.toml").name for name in PRESETS)
    no_toml(monkeypatch)
    second = {name: kept_library(SHIPPED, cache).get(name) for name in PRESETS}  # from the cache
    assert plain == first == second
    assert [repr(p) for p in plain.values()] == [repr(p) for p in second.values()]


def test_a_changed_file_is_read_again_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    folder, cache = tmp_path / "policies", tmp_path / "tables"
    folder.mkdir()
    path = folder / "softmoc.toml"
    text = (SHIPPED / "softmoc.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = kept_library(folder, cache).get("softmoc")
    stat = path.stat()
    changed = text.replace("days = 75", "days = 76", 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = kept_library(folder, cache).get("softmoc")
    days = [[w.days for w in o.windows] for o in after.returns.outcomes]
    assert days != [[w.days for w in o.windows] for o in before.returns.outcomes]
    assert 76 in days[0]


def test_the_same_text_under_another_name_is_checked_under_that_name(tmp_path: Path) -> None:
    cache = tmp_path / "tables"
    kept_library(SHIPPED, cache).get("softmoc")
    folder = tmp_path / "chain"
    folder.mkdir()
    (folder / "mychain.toml").write_text((SHIPPED / "softmoc.toml").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"is 'softmoc' but the file is named 'mychain\.toml'"):
        kept_library(folder, cache).get("mychain")


def test_a_broken_file_is_never_kept(tmp_path: Path) -> None:
    folder, cache = tmp_path / "policies", tmp_path / "tables"
    folder.mkdir()
    text = (SHIPPED / "softmoc.toml").read_text(encoding="utf-8").replace("days = 75", "days = -75", 1)
    (folder / "softmoc.toml").write_text(text, encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(PolicyFileError) as failed:
            kept_library(folder, cache).get("softmoc")
        messages.append(str(failed.value))
    assert messages[0] == messages[1] and "days" in messages[0]
    assert not cache.exists()


SOFTMOC_TEXT = (SHIPPED / "softmoc.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", [
    b"", b"not marshal at all", marshal.dumps((2, "another Python", str(SHIPPED / "softmoc.toml"),
                                                SOFTMOC_TEXT, {})),
    marshal.dumps([1, 2, 3]), marshal.dumps((2, sys.version, "/another/softmoc.toml", SOFTMOC_TEXT, {})),
    marshal.dumps((2, sys.version, str(SHIPPED / "softmoc.toml"), SOFTMOC_TEXT, ["x"])),
    marshal.dumps((1, sys.version, {str(SHIPPED / "softmoc.toml"): (SOFTMOC_TEXT, {})})),  # the old format
])
def test_a_damaged_or_foreign_cache_file_is_ignored_and_replaced(
        tmp_path: Path, damage: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "tables"
    cache.mkdir()
    cache_file(cache, SHIPPED / "softmoc.toml").write_bytes(damage)
    policy = kept_library(SHIPPED, cache).get("softmoc")
    assert policy == PolicyLibrary(SHIPPED).get("softmoc")
    no_toml(monkeypatch)
    assert kept_library(SHIPPED, cache).get("softmoc") == policy  # rewritten, then used


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    cache = blocked / "tables"  # under a file: nothing can be written there
    assert kept_library(SHIPPED, cache).get("softmoc") == PolicyLibrary(SHIPPED).get("softmoc")
    assert kept_library(SHIPPED, cache).get("softmoc") == PolicyLibrary(SHIPPED).get("softmoc")


def test_the_command_answers_the_same_with_and_without_kept_tables(tmp_path: Path) -> None:
    """Two runs in a fresh STOREPOS_HOME: the first parses and keeps, the second imports no tomllib."""
    case = {"policy": "shoeoftheweek", "today": "2025-02-01", "store": {"kind": "retail"},
            "order": {"channel": "online", "fulfillment": "ship_to_home", "placed_on": "2025-01-05",
                      "received_on": "2025-01-09", "shipping_charged": "9.95", "dispatched": True},
            "items": [{"id": "L1", "price": "140.00", "paid": "140.00", "tags": []}],
            "request": {"type": "return", "reason": "change_of_mind", "items": ["L1"],
                        "condition": {"worn": False, "original_box": True, "packaging_intact": True,
                                      "proof_of_purchase": True, "original_card": True}}}
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([case, {**case, "policy": "softmoc"}]), encoding="utf-8")
    env = {**os.environ, "STOREPOS_HOME": str(tmp_path / "home")}
    code = ("import sys, io\nsys.argv = ['storepos', 'policy', 'evaluate', sys.argv[1]]\n"
            "out, sys.stdout = sys.stdout, io.StringIO()\nfrom storepos.cli import main\nmain()\n"
            "answer, sys.stdout = sys.stdout.getvalue(), out\nprint('tomllib' in sys.modules)\n"
            "print(answer, end='')")
    runs = [subprocess.run([sys.executable, "-c", code, str(cases)], capture_output=True, text=True,
                           check=True, env=env).stdout.split("\n", 1) for _ in range(2)]
    assert [parsed for parsed, _ in runs] == ["True", "False"]
    assert runs[0][1] == runs[1][1] and json.loads(runs[0][1])[1]["policy"] == "softmoc"
    assert len(list((tmp_path / "home" / "cache" / "policy-tables").iterdir())) == 2  # the two it read


def test_a_run_reads_only_the_entries_of_the_files_it_loads(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Every checkout and test folder that ever ran kept its entries in one file, read whole by
    every run (41 entries after an hour of tests): now each file has its own."""
    cache = tmp_path / "tables"
    for copy in range(3):
        folder = tmp_path / f"checkout{copy}"
        folder.mkdir()
        (folder / "softmoc.toml").write_text(SOFTMOC_TEXT, encoding="utf-8")
        kept_library(folder, cache).get("softmoc")
    assert len(list(cache.iterdir())) == 3
    opened: list[str] = []
    real_open = open

    def spying_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    import builtins

    monkeypatch.setattr(builtins, "open", spying_open)
    kept_library(tmp_path / "checkout1", cache).get("softmoc")
    monkeypatch.undo()
    assert [p for p in opened if p.startswith(str(cache))] == [
        str(cache_file(cache, tmp_path / "checkout1" / "softmoc.toml"))]


def test_entries_not_written_for_a_month_are_removed_when_another_is_written(tmp_path: Path) -> None:
    cache = tmp_path / "tables"
    cache.mkdir()
    old, recent = cache / "%gone%softmoc.toml.marshal", cache / "%used%softmoc.toml.marshal"
    for stale in (old, recent):
        stale.write_bytes(b"x")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    kept_library(SHIPPED, cache).get("softmoc")
    assert not old.exists() and recent.exists()
    assert cache_file(cache, SHIPPED / "softmoc.toml").is_file()
