"""Sync rules without a database: forward-only status moves and the offline floor limits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storepos.domain import pickups, warranty
from storepos.domain.sync import (
    OfflineLimitExceeded,
    OfflineLimits,
    check_offline_redemption,
    reachable,
)
from storepos.domain.vocabulary import PickupStatus as P
from storepos.domain.vocabulary import WarrantyStatus as W

D = Decimal


@pytest.mark.parametrize(("current", "target", "ok"), [
    (P.IN_TRANSIT, P.IN_TRANSIT, True), (P.IN_TRANSIT, P.COLLECTED, True),
    (P.READY, P.NOTIFIED, True), (P.NOTIFIED, P.NOTIFIED, True), (P.ARRIVED, P.SENT_BACK, True),
    (P.READY, P.ARRIVED, False), (P.COLLECTED, P.READY, False), (P.SENT_BACK, P.COLLECTED, False),
    (P.COLLECTED, P.SENT_BACK, False),
])
def test_a_pickup_only_moves_forward(current: P, target: P, ok: bool) -> None:
    assert reachable(pickups.MOVES, current, target) is ok


@pytest.mark.parametrize(("current", "target", "ok"), [
    (W.OPEN, W.COMPLETED, True), (W.SUBMITTED, W.DENIED, True), (W.APPROVED, W.COMPLETED, True),
    (W.DENIED, W.SUBMITTED, False), (W.COMPLETED, W.APPROVED, False),
    (W.DENIED, W.COMPLETED, False),
])
def test_a_warranty_claim_only_moves_forward(current: W, target: W, ok: bool) -> None:
    assert reachable(warranty.MOVES, current, target) is ok


def test_offline_limits_per_sale_and_per_card() -> None:
    limits = OfflineLimits(per_sale=D("50.00"), per_card=D("80.00"))
    check_offline_redemption(limits, D("50.00"))
    check_offline_redemption(limits, D("30.00"), sale_so_far=D("20.00"), card_unsynced=D("50.00"))
    with pytest.raises(OfflineLimitExceeded, match=r"50\.00 .*per sale .*\(10\.00 left"):
        check_offline_redemption(limits, D("30.00"), sale_so_far=D("40.00"))
    with pytest.raises(OfflineLimitExceeded, match=r"at most 5\.00 more"):
        check_offline_redemption(limits, D("10.00"), card_unsynced=D("75.00"))
    with pytest.raises(OfflineLimitExceeded):  # limits of zero: no cards while offline
        check_offline_redemption(OfflineLimits(D("0"), D("0")), D("0.01"))
    with pytest.raises(ValueError):
        OfflineLimits(per_sale=D("-1"))
