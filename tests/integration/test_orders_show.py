"""`storepos orders show NUMBER --last-name NAME [--json]` on a demo till: the support desk's answer
to "can I return this?", decided by the counter's own policy evaluation."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from storepos.cli import main
from storepos.demo import generate_demo
from storepos.demo.recipes import default_recipes
from storepos.demo.scenarios import SHOWCASE
from storepos.demo.tour import returnable_order
from storepos.i18n import speaking
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.services.base.order_lookup import find_order
from storepos.services.base.till_identity import first_till_of, save_identity
from storepos.services.orders import support
from storepos.services.returns.eligibility import StoreNotFound, evaluate_order, load_store

HOME = default_recipes().stores[0].code
LINE_KEYS = {"line_no", "description", "quantity", "returnable_quantity", "decision", "allowed",
             "reasons", "refund_amount", "restocking_fee"}
AMOUNT = re.compile(r"^\d+\.\d\d$")


@pytest.fixture(scope="module")
def till(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo till database of the home store (the identity the app's first start saves)."""
    path = tmp_path_factory.mktemp("orders-show") / "store.db"
    engine = make_engine(str(path))
    upgrade(engine)
    generate_demo(engine, orders=len(SHOWCASE) + 60, seed=5, today=date.today())
    with make_session_factory(engine)() as session:
        home = first_till_of(session, HOME)
    engine.dispose()
    assert home is not None
    save_identity(path, home)
    return path


def show(capsys: pytest.CaptureFixture[str], till: Path, *args: str) -> tuple[int, str, str]:
    code = main(["orders", "show", *args, "--db", str(till)])
    out, err = capsys.readouterr()
    return code, out, err


def every_order(till: Path) -> list[tuple[str, str]]:
    engine = make_engine(str(till))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT number, billing_last_name FROM orders ORDER BY number"))
        found = [(r.number, r.billing_last_name) for r in rows]
    engine.dispose()
    return found


def answers(till: Path) -> list[support.OrderAnswer]:
    engine = make_engine(str(till))
    with make_session_factory(engine)() as session:
        done = [support.answer(session, HOME, n, name) for n, name in every_order(till)]
    engine.dispose()
    return done


def test_a_returnable_order_is_told_in_words_as_the_counter_decides_it(
        capsys: pytest.CaptureFixture[str], till: Path) -> None:
    engine = make_engine(str(till))
    with make_session_factory(engine)() as session:
        found = returnable_order(session, HOME)  # the order the demo's sign-in page suggests
        assert found is not None
        number, last_name = found
        counter = evaluate_order(find_order(session, number, last_name), load_store(session, HOME))
    engine.dispose()

    code, out, err = show(capsys, till, number, "--last-name", last_name.upper())

    assert code == 0 and err == ""
    assert out.startswith(f"Order {number}, placed ")
    assert f"at store {HOME}" in out
    returnable = [line for line in counter.lines if line.allowed]
    assert returnable
    for line in returnable:  # each line the counter would take back: its decision and amount
        assert f"{line.line.line_no}. {line.line.description}" in out
        assert f"returnable: {line.returnable} of {line.line.quantity}" in out
        assert f"{line.refund_amount:.2f} back" in out
        assert all(reason in out for reason in line.reasons)


def test_json_has_the_stable_shape_for_every_kind_of_line(
        capsys: pytest.CaptureFixture[str], till: Path) -> None:
    decided = answers(till)
    kinds = {line.decision: (order, line) for order in decided for line in order.lines}
    assert set(kinds) == {support.RETURNABLE, support.NOT_RETURNABLE, support.ALREADY_RETURNED}
    names = dict(every_order(till))
    for kind, (order, line) in kinds.items():
        code, out, err = show(capsys, till, order.number, "--last-name", names[order.number],
                              "--json")
        assert code == 0, err
        body = json.loads(out)
        assert set(body) == {"order_number", "placed_on", "store", "policy", "decided_on", "lines"}
        assert body["order_number"] == order.number
        assert date.fromisoformat(body["placed_on"]) == order.placed_on
        shown = next(x for x in body["lines"] if x["line_no"] == line.line_no)
        assert set(shown) == LINE_KEYS
        assert shown["decision"] == kind
        assert AMOUNT.match(shown["refund_amount"]) and AMOUNT.match(shown["restocking_fee"])
        assert shown["reasons"] and all(isinstance(r, str) and r for r in shown["reasons"])
        if kind == support.RETURNABLE:
            assert shown["allowed"] and shown["returnable_quantity"] > 0
            assert shown["refund_amount"] != "0.00" or shown["allowed"] != ["refund"]
        elif kind == support.ALREADY_RETURNED:
            assert shown["returnable_quantity"] == 0 and shown["refund_amount"] == "0.00"
            assert "came back earlier" in shown["reasons"][0]
        else:
            assert shown["allowed"] == [] and shown["refund_amount"] == "0.00"
            assert shown["returnable_quantity"] > 0


def test_a_line_not_returnable_says_why_in_words(capsys: pytest.CaptureFixture[str],
                                                 till: Path) -> None:
    order, line = next((o, ln) for o in answers(till) for ln in o.lines
                       if ln.decision == support.NOT_RETURNABLE)
    code, out, _ = show(capsys, till, order.number, "--last-name",
                        dict(every_order(till))[order.number])
    assert code == 0
    assert f"{line.line_no}. {line.description}" in out and "not returnable" in out
    assert line.reasons[0] in out


def test_a_wrong_name_and_an_unknown_order_get_the_same_one_line(
        capsys: pytest.CaptureFixture[str], till: Path) -> None:
    number, _ = every_order(till)[0]
    refusals = []
    for wanted, name in ((number, "Nobody"), ("99999999", "Nobody"), (number, "x' OR '1'='1")):
        code, out, err = show(capsys, till, wanted, "--last-name", name)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1
        refusals.append(err.replace(wanted, "N"))
    assert refusals[0] == refusals[1]  # nothing says whether order `number` exists
    assert refusals[2].startswith("No order N with last name")


def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], till: Path,
                                          tmp_path: Path) -> None:
    number, name = every_order(till)[0]
    card = "4111 1111 1111 1111"
    code, out, err = show(capsys, till, number, "--last-name", card)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "1111 1111" not in err  # a card number typed by mistake is not echoed
    code, _, err = show(capsys, till, number, "--last-name", name, "--store", "NOPE")
    assert code == 2 and err.strip() == "There is no store NOPE in this database."
    engine = make_engine(str(till))
    with make_session_factory(engine)() as session, speaking("fr_CA"), \
            pytest.raises(StoreNotFound) as unknown:
        load_store(session, "NOPE")
    engine.dispose()
    assert unknown.value.message == "Il n'y a aucun magasin NOPE dans cette base de données."
    code = main(["orders", "show", number, "--last-name", name, "--db", str(tmp_path / "no.db")])
    assert code == 2 and "No till database" in capsys.readouterr().err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    code = main(["orders", "show", number, "--last-name", name, "--db", str(junk)])
    err = capsys.readouterr().err
    assert code == 2 and "cannot be read" in err and len(err.strip().splitlines()) == 1
    bare = tmp_path / "bare.db"  # a database without a till set up: the store must be named
    bare.write_bytes(till.read_bytes())
    code = main(["orders", "show", number, "--last-name", name, "--db", str(bare)])
    assert code == 2 and "--store CODE" in capsys.readouterr().err
    code = main(["orders", "show", number, "--last-name", name, "--db", str(bare), "--store",
                 HOME.lower()])
    assert code == 0 and capsys.readouterr().out.startswith(f"Order {number}")
