"""The sync protocol's values survive JSON (the central service's wire format) unchanged."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storepos.domain.sync import EventStatus
from storepos.sync.protocol import (
    ChangeBatch,
    Cursor,
    Event,
    EventResult,
    LineHold,
    parse_uuid,
)


def _wire(value: object) -> Any:
    """Through real bytes, as over HTTP."""
    return orjson.loads(orjson.dumps(value))


def test_an_event_round_trips_with_its_time_zone_and_payload() -> None:
    event = Event(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), 42, "return.completed",
                  datetime(2026, 11, 3, 14, 5, 9, 123456, tzinfo=timezone(timedelta(hours=-5))),
                  {"audit": {"subject_id": str(uuid.uuid4()), "details": {"amount": "12.50"}},
                   "rows": {"returns": [{"id": str(uuid.uuid4()), "note": "élan"}]}})
    back = Event.from_json(_wire(event.to_json()))
    assert back == event
    assert back.occurred_at.utcoffset() == timedelta(hours=-5)


def test_an_event_with_a_payload_that_is_not_an_object_is_refused() -> None:
    data = Event(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), 1, "x", datetime.now(UTC),
                 {}).to_json()
    data["payload"] = ["not", "an", "object"]
    with pytest.raises(ValueError, match="payload"):
        Event.from_json(data)


@pytest.mark.parametrize("status", list(EventStatus))
def test_an_event_result_round_trips(status: EventStatus) -> None:
    result = EventResult(uuid.uuid4(), status, "The card had 3.00 less than taken.", True)
    assert EventResult.from_json(_wire(result.to_json())) == result


def test_a_change_batch_round_trips_with_typed_money_ids_and_dates() -> None:
    account = {"id": uuid.uuid4(), "kind": "gift_card", "number": "6000123412341234",
               "currency": "CAD", "customer_id": None, "issued_store_id": uuid.uuid4(),
               "balance": Decimal("120.50"), "held": Decimal("0.00"), "seq": 7}
    pickup = {"store_id": uuid.uuid4(), "id": uuid.uuid4(), "number": "P-0001",
              "order_id": uuid.uuid4(), "status": "arrived",
              "arrived_at": datetime(2026, 11, 2, 9, 0, tzinfo=UTC), "hold_until": date(2026, 11, 16),
              "notified_at": None, "collected_at": None, "sent_back_at": None,
              "handed_over_by": None, "id_checked": False,
              "updated_at": datetime(2026, 11, 2, 9, 0, tzinfo=UTC)}
    settled = {"event_id": uuid.uuid4(), "resolved_at": datetime(2026, 11, 4, tzinfo=UTC),
               "resolution": "refunded the customer (Ana)"}
    order = {"id": str(uuid.uuid4()), "number": "#1001", "lines": [{"id": "x", "quantity": 1}]}
    batch = ChangeBatch(Cursor(881, 12), accounts=[account], orders=[order], pickups=[pickup],
                        settled=[settled], more=True)
    back = ChangeBatch.from_json(_wire(batch.to_json()))
    assert back == batch
    assert isinstance(back.accounts[0]["balance"], Decimal)  # money never became a float
    assert Cursor.from_json(_wire(Cursor(5, 6).to_json())) == Cursor(5, 6)


def test_a_line_hold_round_trips() -> None:
    held = LineHold(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), 2,
                    datetime(2026, 11, 3, 14, 35, tzinfo=UTC))
    assert LineHold.from_json(_wire(held.to_json())) == held


def test_a_change_batch_carries_head_offices_employees() -> None:
    row = {"id": uuid.uuid4(), "store_id": uuid.uuid4(), "number": "1001", "name": "Ana Côté",
           "role": "cashier", "pin_hash": None, "active": False}
    batch = ChangeBatch(Cursor(3, 9), employees=[row])
    again = ChangeBatch.from_json(orjson.loads(orjson.dumps(batch.to_json())))
    assert again.employees == [row] and not again.empty
    assert ChangeBatch.from_json({"cursor": {"tx": 0, "change": 0}}).employees == []  # older service


_ID_TEXT = st.one_of(
    st.uuids().map(str), st.uuids().map(lambda u: u.hex), st.uuids().map(lambda u: u.urn),
    st.uuids().map(lambda u: "{" + str(u).upper() + "}"),
    st.text(alphabet="0123456789abcdefABCDEF-_+ {}:urnid\t", max_size=45), st.text(max_size=40),
    # 36 characters, as the usual form: read with one replace, then by the full reading if not
    st.text(alphabet="0123456789abcdefABCDEF-_+ {}:urnid\t", min_size=36, max_size=36),
    st.tuples(st.uuids(), st.integers(0, 35), st.characters()).map(
        lambda t: str(t[0])[:t[1]] + t[2] + str(t[0])[t[1] + 1:]),
    st.uuids().map(lambda u: "{" + u.hex + "}--"), st.uuids().map(lambda u: "+" + str(u)[1:]),
    st.uuids().map(lambda u: " " + str(u)[1:-1] + " "), st.uuids().map(lambda u: "0x" + u.hex[:30] + "----"))


@settings(max_examples=3000)
@given(_ID_TEXT)
def test_an_id_is_read_as_uuid_reads_it(text: str) -> None:
    """parse_uuid takes what uuid.UUID takes, gives the same id, and refuses what it refuses."""
    try:
        expected = uuid.UUID(text)
    except ValueError:
        with pytest.raises(ValueError):
            parse_uuid(text)
        return
    got = parse_uuid(text)
    assert got == expected and hash(got) == hash(expected) and str(got) == str(expected)
    assert got.is_safe is expected.is_safe and type(got) is uuid.UUID
