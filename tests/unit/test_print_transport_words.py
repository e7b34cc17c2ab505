"""A print transport's failure in words by its code, in the reader's language (a command, the test
page); its machine text, kept as a job's last error, still worded by the queue's patterns."""

from __future__ import annotations

import socket

import pytest

from storepos.devices.printing.connections import parse_connection
from storepos.devices.printing.transports import PrinterUnavailable, send_job
from storepos.i18n import speaking
from storepos.services.printing.status import problem_words


def _closed_port() -> int:
    with socket.socket() as sock:  # bound, never listening: a connection is refused
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_printer_that_refuses_the_connection_in_french() -> None:
    conn = parse_connection(f"tcp://127.0.0.1:{_closed_port()}?timeout=1")
    with pytest.raises(PrinterUnavailable) as caught:
        send_job(conn, b"x")
    assert caught.value.code == "connect"
    assert str(caught.value).startswith("cannot connect to tcp://127.0.0.1:")  # kept as last_error
    with speaking("fr_CA"):
        assert caught.value.words() == (f"Impossible de joindre l'imprimante à {conn} : vérifiez "
                                        "l'alimentation et le câble.")


@pytest.mark.parametrize(("stored", "french"), [
    ("tcp://10.0.0.9:9100: write failed ([Errno 32] Broken pipe)",
     "L'imprimante s'est arrêtée en cours de tâche; elle sera relancée."),
    ("no transport for bt:printer", "Cette caisse n'a aucun moyen de joindre l'imprimante : "
                                    "vérifiez sa connexion dans Imprimantes."),
    ("usb:04b8:0202: cannot use its driver (pyusb backend not found)",
     "Cet ordinateur ne peut pas utiliser l'imprimante : son pilote est absent ou défectueux."),
])
def test_the_stored_reasons_the_patterns_missed_are_worded(stored: str, french: str) -> None:
    with speaking("fr_CA"):
        assert problem_words(stored) == french
