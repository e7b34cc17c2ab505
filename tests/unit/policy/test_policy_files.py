"""Policy files: the shipped presets load; a malformed file is refused with file, line and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storepos.domain.policy import PolicyFileError, PolicyLibrary, load_policy_file
from storepos.services.base.policy_book import library, policy_folders
from storepos.wording.policy_show import describe_policy

PRESETS = ["itsmysoft", "shoeoftheweek", "softmoc", "softstar"]
SOFTMOC = (policy_folders()[0] / "softmoc.toml").read_text()


def test_presets_ship_and_load() -> None:
    assert [n for n in library().names() if n in PRESETS] == PRESETS
    for name in PRESETS:
        policy = library().get(name)
        assert policy.name == name and policy.returns.outcomes and policy.fault.outcomes


def write(tmp_path: Path, text: str, name: str = "softmoc") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth - 1]


@pytest.mark.parametrize(("old", "new", "field", "needle", "nth"), [
    ('days = 90 }', 'days = -5 }', "return.outcomes[1].windows[0].days", "days = -5", 1),
    ('allow = ["exchange", "store_credit"]', 'allow = ["exchange", "voucher"]', "return.outcomes[1].allow",
     'allow = ["exchange", "voucher"]', 1),
    ('excluded_tags = ["final_sale"]', 'excluded_tags = ["finale"]', "return.excluded_tags", "finale", 1),
    ('from = "purchase", years = 1', 'from = "delivery", years = 1', "fault.outcomes[1].windows[0].from",
     '"delivery"', 1),
    ('fee_percent = "0"', 'fee_percent = "150"', "cancel.fee_percent", 'fee_percent = "150"', 1),
    ('store_kind = "outlet"', 'store_kind = "warehouse"', "return.store_restrictions[0].store_kind",
     '"warehouse"', 1),
])
def test_malformed_field_named_with_file_and_line(tmp_path: Path, old: str, new: str, field: str,
                                                  needle: str, nth: int) -> None:
    assert old in SOFTMOC
    text = SOFTMOC.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(PolicyFileError) as caught:
        load_policy_file(path)
    error = caught.value
    assert error.field == field
    assert error.line == line_of(text, needle, nth)
    assert str(error).startswith(f"{path}:{error.line}: {field}: ")


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    text = SOFTMOC.replace('[cancel]\n', '[cancel]\nrefund_everything = true\n')
    with pytest.raises(PolicyFileError) as caught:
        load_policy_file(write(tmp_path, text))
    assert caught.value.field == "cancel.refund_everything"
    assert caught.value.line == line_of(text, "refund_everything")


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = SOFTMOC.replace('title = "SoftMoc"', 'title = "SoftMoc')
    with pytest.raises(PolicyFileError) as caught:
        load_policy_file(write(tmp_path, text))
    assert caught.value.line == line_of(text, 'title = "SoftMoc')


def test_name_must_match_the_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="must match"):
        load_policy_file(write(tmp_path, SOFTMOC, name="mychain"))


def test_missing_section_is_named(tmp_path: Path) -> None:
    text = SOFTMOC[: SOFTMOC.index("[cancel]")] + SOFTMOC[SOFTMOC.index("[shipping]"):]
    with pytest.raises(PolicyFileError) as caught:
        load_policy_file(write(tmp_path, text))
    assert caught.value.field == "cancel"


def test_a_chain_adds_a_policy_without_code(tmp_path: Path) -> None:
    text = SOFTMOC.replace('name = "softmoc"', 'name = "mychain"')
    text = text.replace('title = "SoftMoc"', 'title = "My Chain"')
    text = text.replace("days = 75", "days = 30")
    write(tmp_path, text, name="mychain")
    lib = PolicyLibrary(policy_folders()[0], tmp_path)
    assert "mychain" in lib.names()
    policy = lib.get("mychain")
    assert policy.title == "My Chain" and policy.returns.outcomes[0].windows[0].days == 30


def test_cli_evaluates_a_chains_own_policy(tmp_path: Path) -> None:
    text = SOFTMOC.replace('name = "softmoc"', 'name = "mychain"')
    write(tmp_path, text, name="mychain")
    case = Path(__file__).parents[2] / "data" / "policy_examples" / "softmoc-refund-day27.case.json"
    result = subprocess.run(
        [sys.executable, "-m", "storepos", "policy", "evaluate", "--policy", "mychain", str(case)],
        capture_output=True, text=True, env={"STOREPOS_POLICY_DIR": str(tmp_path), "PATH": ""}, check=False)
    assert result.returncode == 0, result.stderr
    assert '"policy": "mychain"' in result.stdout


@pytest.mark.parametrize("name", PRESETS)
def test_show_explains_every_rule_in_words(name: str) -> None:
    text = describe_policy(library().get(name))
    policy = library().get(name)
    for section in policy.sections().values():
        for outcome in section.outcomes:
            assert outcome.clause in text
    assert "Shipping: never refunded" in text


def test_show_and_list_commands() -> None:
    shown = subprocess.run([sys.executable, "-m", "storepos", "policy", "show", "softmoc"],
                           capture_output=True, text=True, check=True).stdout
    assert "75 days from purchase" in shown and "90 days from purchase" in shown and "outlet" in shown
    listed = subprocess.run([sys.executable, "-m", "storepos", "policy", "list"],
                            capture_output=True, text=True, check=True).stdout
    assert all(name in listed for name in PRESETS)
    unknown = subprocess.run([sys.executable, "-m", "storepos", "policy", "show", "nope"],
                             capture_output=True, text=True, check=False)
    assert unknown.returncode == 2 and "unknown policy 'nope'" in unknown.stderr
