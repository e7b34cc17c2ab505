"""A refusal by role is one whole sentence in the reader's language: the services name what was
tried as a verb phrase marked N_(), worded by require_role; none passes raw English."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest

from storepos.domain.vocabulary import Role
from storepos.i18n import N_, speaking
from storepos.services.base.context import Actor
from storepos.services.staff.auth import PermissionDenied, require_counter, require_role

SRC = Path(__file__).resolve().parents[3] / "src/storepos"
CALLERS = {"require_role": "doing", "require_counter": 1, "_manager": 1}


def _actor(role: Role) -> Actor:
    return Actor(employee_id=uuid.uuid4(), employee_number="E9", employee_name="Sam Roy", role=role,
                 store_id=uuid.uuid4(), store_time_zone="America/Toronto", till_id=uuid.uuid4(),
                 till_prefix="T1")


def test_a_stock_clerk_is_refused_in_french() -> None:
    with speaking("fr_CA"), pytest.raises(PermissionDenied) as refused:
        require_role(_actor(Role.STOCK), Role.MANAGER, doing=N_("close the till"))
    assert refused.value.message == (
        "Seul un gérant peut fermer la caisse. Sam Roy est connecté comme magasinier.")
    with speaking("fr_CA"), pytest.raises(PermissionDenied) as refused:
        require_counter(_actor(Role.STOCK), N_("sell gift cards"))
    assert refused.value.message == ("Il faut être caissier ou gérant pour vendre des "
                                     "cartes-cadeaux; Sam Roy est connecté comme magasinier.")


def test_english_refusal_is_unchanged() -> None:
    with speaking("en_CA"), pytest.raises(PermissionDenied) as refused:
        require_role(_actor(Role.CASHIER), Role.MANAGER, doing=N_("close the till"))
    assert refused.value.message.startswith("Only a manager can close the till. Sam Roy is signed in as")


def _phrase(call: ast.Call, where: str | int) -> ast.expr | None:
    if isinstance(where, int):
        return call.args[where] if len(call.args) > where else None
    return next((k.value for k in call.keywords if k.arg == where), None)


def test_every_caller_marks_what_was_tried_for_translation() -> None:
    raw = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in CALLERS:
                continue
            phrase = _phrase(node, CALLERS[name])
            if isinstance(phrase, ast.Constant) or (
                    isinstance(phrase, ast.Call) and getattr(phrase.func, "id", "") == "_"):
                raw.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert raw == [], "mark the phrase N_(...), require_role words it: " + ", ".join(raw)
