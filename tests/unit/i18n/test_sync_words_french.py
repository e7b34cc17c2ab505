"""A till's enrolment with head office refused in the reader's language: a missing token, settings
that can't be read, a database named where the service belongs, an address without a set-up
(what `storepos sync` and the app say at start). Files only; the service over HTTP is in
tests/integration/test_http_central.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storepos.domain.errors import StoreposError
from storepos.i18n import speaking
from storepos.sync.enrolment import load_enrolment, service_for, service_path


def refusal(locale: str, call: object) -> str:
    assert callable(call)
    with speaking(locale), pytest.raises(StoreposError) as refused:
        call()
    return refused.value.message


def test_a_missing_token_and_unreadable_settings(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    service_path(database).write_text(json.dumps({"url": "https://central.example:8443"}),
                                      encoding="utf-8")
    token = tmp_path / "store.db.token"
    assert refusal("en_CA", lambda: load_enrolment(database)) == (
        f"This till's token ({token}) is missing: set it up again with a new code from head "
        "office.")
    assert refusal("fr_CA", lambda: load_enrolment(database)) == (
        f"Le jeton de cette caisse ({token}) est introuvable : configurez-la de nouveau avec un "
        "nouveau code du siège social.")
    token.write_text("t" * 43, encoding="utf-8")
    service_path(database).write_text("{not json", encoding="utf-8")
    assert refusal("fr_CA", lambda: load_enrolment(database)) == (
        f"Les paramètres du service central dans {service_path(database)} sont illisibles; "
        "configurez cette caisse de nouveau.")


def test_a_database_or_an_address_without_a_set_up(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STOREPOS_CENTRAL_URL", raising=False)
    database = tmp_path / "store.db"
    said = refusal("fr_CA", lambda: service_for(database, "postgresql://head-office/central"))
    assert said.startswith("--central désigne une base de données; une caisse communique avec le "
                           "service du siège social : lancez storepos setup")
    said = refusal("fr_CA", lambda: service_for(database, "https://central.example:8443"))
    assert said == ("--central désigne le service central à https://central.example:8443, mais "
                    "cette caisse n'est pas configurée avec lui : lancez d'abord storepos setup "
                    "--central https://... --code ...")


def test_a_till_just_set_up_says_so_in_french() -> None:
    from storepos.services.sync.joining import Joined

    joined = Joined("TOR1", "SoftMoc Toronto", "TOR12", "Caisse 2", "https://central.example:8443")
    with speaking("fr_CA"):
        assert joined.sentence() == ("Cette caisse est TOR12 (Caisse 2) du magasin TOR1, SoftMoc "
                                     "Toronto; elle se synchronise avec https://central.example:8443.")
    assert joined.sentence().startswith("This till is TOR12 (Caisse 2) of store TOR1, ")
