"""The one sentence every screen says about queued paper, from the job's real state."""

from __future__ import annotations

import pytest

from storepos.i18n import speaking
from storepos.services.printing.status import (
    Paper,
    paper_sentence,
    problem_action,
    problem_words,
)

TICKET = "Warranty ticket W-T01-000004"


def said(status: str, *, set_up: bool = True, problem: str = "", already: bool = False,
         printer: str = "Front counter") -> str:
    return paper_sentence([Paper(TICKET, printer, status, set_up, problem, already)])


@pytest.mark.parametrize(("status", "set_up", "problem", "sentence"), [
    ("queued", False, "", f"{TICKET} is waiting in the print queue: no printer called “Front "
                          "counter” is set up on this till."),
    ("waiting", False, "no printer named 'Front counter'",
     f"{TICKET} is waiting in the print queue: no printer called “Front counter” is set up on "
     "this till."),
    ("queued", True, "", f"{TICKET} is in the print queue for “Front counter”."),
    ("sending", True, "", f"{TICKET} is being sent to “Front counter”."),
    ("waiting", True, "cannot connect to tcp://10.0.0.9:9100: [Errno 111] Connection refused",
     f"{TICKET} is waiting: the printer “Front counter” is not answering; it will print as soon "
     "as the printer is ready."),
    ("waiting", True, "printer reports: out of paper (out)",
     f"{TICKET} is waiting: the printer “Front counter” is out of paper; it will print as soon as "
     "the printer is ready."),
    ("waiting", True, "no printer named 'Front counter'",  # it was set up after the last try
     f"{TICKET} is waiting: the printer “Front counter” has only just been set up; it will print "
     "as soon as the printer is ready."),
    ("printed", True, "", f"{TICKET} printed on “Front counter”."),
    ("failed", True, "cannot print: no layout for this document",
     f"{TICKET} can't be printed on “Front counter”: this till has no layout for this kind of "
     "document."),
    ("cancelled", True, "", f"{TICKET} was cancelled, so it won't print."),
])
def test_each_state_in_one_sentence(status: str, set_up: bool, problem: str, sentence: str) -> None:
    assert said(status, set_up=set_up, problem=problem) == sentence


def test_the_usual_printer_name_reads_as_the_receipt_printer() -> None:
    assert said("queued", set_up=False, printer="receipt") == (
        f"{TICKET} is waiting in the print queue: no receipt printer is set up on this till.")


def test_a_copy_still_waiting_is_said_and_not_queued_twice() -> None:
    assert said("queued", set_up=False, printer="receipt", already=True) == (
        f"{TICKET} is already waiting in the print queue: no receipt printer is set up on this "
        "till; no second copy was queued.")


def test_papers_in_the_same_state_share_one_sentence() -> None:
    papers = [Paper(TICKET, "receipt", "queued", False),
              Paper("Gift card slip ••••0091", "receipt", "queued", False)]
    assert paper_sentence(papers) == (
        f"{TICKET} and gift card slip ••••0091 are waiting in the print queue: no receipt printer "
        "is set up on this till.")
    papers[1] = Paper("Gift card slip ••••0091", "receipt", "printed", True)
    assert paper_sentence(papers) == (
        f"{TICKET} is waiting in the print queue: no receipt printer is set up on this till. "
        "Gift card slip ••••0091 printed on “receipt”.")


def test_problems_in_words_and_what_to_do() -> None:
    refused = "cannot connect to tcp://10.0.0.9:9100: [Errno 111] Connection refused"
    assert problem_words(refused) == ("The printer is not answering: is it switched on and "
                                      "plugged in?")
    assert problem_action(refused) == "Is it switched on and plugged in?"
    assert problem_action("something odd") == ""


def test_the_queue_s_reasons_said_in_french() -> None:
    with speaking("fr_CA"):
        failed = said("failed", problem="cannot print: printer connection: no host in 'tcp://'")
        waiting = said("waiting", problem="error: division by zero")
    assert failed.endswith("\xa0: le paramètre de connexion de l'imprimante est inutilisable.")
    assert "division" not in waiting
    assert "n'a pas pu recevoir la tâche à cause d'une erreur inattendue" in waiting
