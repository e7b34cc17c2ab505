"""No full card number is stored centrally in clear, whatever a till sends.

A till refuses card numbers where staff type and again at its outbox writer; an older till, or a
till database edited by hand, could still send one. Such an event is stored with every card number
masked (••••1111) as the evidence for the manager, quarantined with the reason, never applied.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import orjson

from storepos.domain.cards import carries_card_number, json_may_carry_card_number, mask_payload
from storepos.sync.protocol import Event

CARD_NUMBER_REFUSED = ("Refused: this event carried a full card number, stored here masked; a "
                       "card number is never kept, so the change was not applied.")


def screen_card_numbers(e: Event, refused: dict[uuid.UUID, str]) -> Event:
    """`e` as it may be stored: unchanged, or masked with its refusal added to `refused`."""
    if not may_carry_card_number(e.payload) or not carries_card_number(e.payload):
        return e
    refused.setdefault(e.event_id, CARD_NUMBER_REFUSED)
    return replace(e, payload=mask_payload(e.payload))


def may_carry_card_number(payload: Any) -> bool:
    """The payload's JSON text looked at in C first (domain.cards.json_may_carry_card_number):
    walking every event's payload in Python was a quarter of the service's time on a push. A
    payload orjson cannot write as plain JSON is walked."""
    try:
        text = orjson.dumps(payload)
    except TypeError:  # orjson.JSONEncodeError: a value it cannot write, an int past 64 bits
        return True
    return json_may_carry_card_number(text)
