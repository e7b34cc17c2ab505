"""Pickup life cycle, hold period, overdue, ID check and amount due: pure rules, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from storepos.domain.errors import InvalidInput
from storepos.domain.pickups import (
    MOVES,
    PickupListStatus,
    PickupMoveRefused,
    amount_due,
    check_move,
    check_payment,
    days_overdue,
    hold_until,
    id_matches,
    is_overdue,
    list_status,
)
from storepos.domain.vocabulary import PickupStatus as S
from storepos.i18n import speaking
from storepos.services.pickups import words as pickup_words

D = Decimal
ARRIVED_ON = date(2025, 6, 1)
HOLD = date(2025, 6, 15)


@pytest.mark.parametrize(("current", "target"), [
    (S.IN_TRANSIT, S.ARRIVED), (S.ARRIVED, S.READY), (S.READY, S.NOTIFIED),
    (S.NOTIFIED, S.COLLECTED), (S.READY, S.COLLECTED), (S.NOTIFIED, S.NOTIFIED),
])
def test_forward_moves_are_allowed(current: S, target: S) -> None:
    check_move("P-1", current, target)


@pytest.mark.parametrize(("current", "target", "words"), [
    (S.ARRIVED, S.IN_TRANSIT, "can't go back to in transit"),
    (S.READY, S.ARRIVED, "can't go back to arrived"),
    (S.NOTIFIED, S.READY, "can't go back to ready"),
    (S.IN_TRANSIT, S.READY, "Scan it in as arrived first"),
    (S.IN_TRANSIT, S.COLLECTED, "can't be handed over yet"),
    (S.ARRIVED, S.COLLECTED, "Mark it ready first"),
    (S.ARRIVED, S.NOTIFIED, "Mark it ready first"),
    (S.COLLECTED, S.COLLECTED, "Pickup P-1 is already collected."),
    (S.COLLECTED, S.SENT_BACK, "already collected; it can't be sent back"),
    (S.SENT_BACK, S.COLLECTED, "already sent back; it can't be handed over"),
    (S.ARRIVED, S.ARRIVED, "already arrived"),
])
def test_backward_skipping_and_repeated_moves_are_refused(current: S, target: S,
                                                           words: str) -> None:
    with pytest.raises(PickupMoveRefused) as refused:
        check_move("P-1", current, target)
    assert words in str(pickup_words.refusal(refused.value))  # worded above the domain


def test_the_move_table_has_no_backward_edge() -> None:
    rank = [S.IN_TRANSIT, S.ARRIVED, S.READY, S.NOTIFIED, S.COLLECTED]
    for current, targets in MOVES.items():
        for target in targets:
            if target is S.SENT_BACK:
                assert current in (S.ARRIVED, S.READY, S.NOTIFIED)
            else:
                assert rank.index(target) >= rank.index(current)
    assert not MOVES[S.COLLECTED] and not MOVES[S.SENT_BACK]


def test_hold_until_counts_from_the_arrival_day() -> None:
    assert hold_until(ARRIVED_ON, 14) == HOLD
    assert hold_until(ARRIVED_ON, None) == HOLD  # the default is 14 days
    assert hold_until(ARRIVED_ON, 0) == ARRIVED_ON
    with pytest.raises(InvalidInput):
        hold_until(ARRIVED_ON, -1)


@pytest.mark.parametrize("status", [S.ARRIVED, S.READY, S.NOTIFIED])
def test_overdue_only_after_the_hold_day(status: S) -> None:
    assert not is_overdue(status, HOLD, HOLD)  # the hold day itself: still waiting
    assert list_status(status, HOLD, HOLD) is PickupListStatus(status.value)
    assert is_overdue(status, HOLD, date(2025, 6, 16))
    assert list_status(status, HOLD, date(2025, 6, 16)) is PickupListStatus.OVERDUE
    assert days_overdue(status, HOLD, date(2025, 6, 18)) == 3


@pytest.mark.parametrize("status", [S.IN_TRANSIT, S.COLLECTED, S.SENT_BACK])
def test_in_transit_and_finished_pickups_are_never_overdue(status: S) -> None:
    assert not is_overdue(status, HOLD, date(2026, 1, 1))
    assert days_overdue(status, HOLD, date(2026, 1, 1)) == 0


def test_sending_back_waits_for_the_end_of_the_hold() -> None:
    with pytest.raises(PickupMoveRefused, match=r"pickup_held \(.*hold=2025-06-15\)") as held:
        check_move("P-1", S.NOTIFIED, S.SENT_BACK, hold=HOLD, today=HOLD)
    with speaking("fr_CA"):  # worded above the domain, in the reader's language
        assert pickup_words.refusal(held.value) == (
            "Le colis P-1 est gardé pour le client jusqu'au 15 juin 2025; il pourra être "
            "retourné après cette date.")
    check_move("P-1", S.NOTIFIED, S.SENT_BACK, hold=HOLD, today=date(2025, 6, 16))
    with pytest.raises(PickupMoveRefused):
        check_move("P-1", S.IN_TRANSIT, S.SENT_BACK, hold=None, today=date(2025, 6, 16))


@pytest.mark.parametrize(("typed", "billing", "same"), [
    ("cote", "Côté", True), ("CÔTÉ", "Côté", True), ("  Côté ", "côté", True),
    ("O'Brien", "OBrien", True), ("Smith Jones", "Smith-Jones", True),
    ("Coté", "Cotes", False), ("", "Côté", False), ("Smith", "Smith-Jones", False),
])
def test_id_name_is_compared_without_case_or_accents(typed: str, billing: str,
                                                     same: bool) -> None:
    assert id_matches(typed, billing) is same


def test_amount_due_and_the_exact_payment() -> None:
    assert amount_due(D("249.95"), [D("120.00")]) == D("129.95")
    assert amount_due(D("120.00"), [D("120.00")]) == D("0.00")
    assert check_payment("W1", D("129.95"), [D("100.00"), D("29.95")]) == D("129.95")
    with pytest.raises(InvalidInput, match=r"pickup_payment_mismatch \(.*due=129.95, given=129.90"
                       ) as short:
        check_payment("W1", D("129.95"), [D("129.90")])
    assert pickup_words.refusal(short.value) == ("Order W1 has 129.95 to pay; the payments add up to "
                                          "129.90.")
    with pytest.raises(InvalidInput, match="pickup_already_paid"):
        check_payment("W1", D("0.00"), [D("5.00")])
    check_payment("W1", D("0.00"), [])
