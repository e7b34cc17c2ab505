"""A till's share of its store's offline card limits, and the offline window that keeps a silent
central service from stalling every sale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storepos.domain.sync import OfflineLimits, share_of
from storepos.sync.errors import CentralUnavailable
from storepos.sync.offline_window import OfflineWindow

D = Decimal


@pytest.mark.parametrize(("tills", "per_card"), [
    (1, "100.00"), (2, "50.00"), (3, "33.33"), (7, "14.28"), (0, "100.00"),
])
def test_the_per_card_limit_is_split_between_the_stores_tills_never_above_it(
        tills: int, per_card: str) -> None:
    store = OfflineLimits(per_sale=D("60.00"), per_card=D("100.00"))
    share = share_of(store, tills)
    assert share == OfflineLimits(per_sale=D("60.00"), per_card=D(per_card))
    assert share.per_card * max(tills, 1) <= store.per_card  # the shares never add up to more


def test_limits_round_trip_as_json_and_refuse_what_is_not_an_amount() -> None:
    limits = OfflineLimits(D("50.00"), D("33.33"))
    assert OfflineLimits.from_json(limits.to_json()) == limits
    for bad in ({"per_sale": "lots", "per_card": "1"}, {"per_sale": "-1", "per_card": "1"},
                {"per_sale": "NaN", "per_card": "1"}, {"per_sale": "Infinity", "per_card": "1"}):
        with pytest.raises(ValueError):
            OfflineLimits.from_json(bad)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_opens_on_a_failure_doubles_to_its_most_and_closes_on_an_answer() -> None:
    clock = Clock()
    window = OfflineWindow(first=30.0, most=300.0, clock=clock)
    window.check()  # closed: the till asks
    spans = []
    for _ in range(6):
        window.failed("timed out")
        spans.append(window.seconds_left())
    assert spans == [30.0, 60.0, 120.0, 240.0, 300.0, 300.0]
    with pytest.raises(CentralUnavailable, match=r"works offline for 300 more seconds \(timed out\)"):
        window.check()
    clock.now += 299.0
    assert window.is_open()
    clock.now += 1.0
    window.check()  # the time is up: the next call asks again
    window.failed("timed out")
    assert window.seconds_left() == 300.0  # still failing: it does not start over at 30 s
    window.answered()
    assert not window.is_open() and window.reason == ""
    window.failed("no connection")
    assert window.seconds_left() == 30.0
