"""A set-up till as the counter app runs it (its background sync and card gate, from StoreOpener),
and gift cards sold by the web shop in the central ledger, for the tests of a till against a real
central service."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from storepos.app import StoreOpener
from storepos.central import orders as web_shop
from storepos.domain.numbers import NumberKind, format_number
from storepos.services.cards.redemption import CardGate, Redemption, redeem_card
from storepos.sync.protocol import EVERYONE
from tests.integration import sync_world


class App:
    """The app's wiring for a till (its background sync, its card gate), as the counter runs it."""

    def __init__(self, till: sync_world.Till) -> None:
        self.till = till
        self.opener = StoreOpener(Path(till.path), print_queue=False, sync=True)
        self.counter = self.opener(lambda _words: None)
        assert isinstance(self.counter.card_gate, CardGate)
        self.gate: CardGate = self.counter.card_gate

    def redeem(self, number: str, amount: str) -> Redemption:
        """A sale paid with the card, in the counter's unit of work."""
        return self.counter.run(self.till.actor, lambda session, actor: redeem_card(
            session, actor, self.gate, number, amount))

    def close(self) -> None:
        self.opener.close()


def web_card(central: Engine, amount: str) -> tuple[uuid.UUID, str]:
    """A gift card the web shop sold, in the central ledger (every till pulls it)."""
    card_id = uuid.uuid4()
    number = format_number(NumberKind.GIFT_CARD, "WEB", int(str(card_id.int)[:6]) or 1)
    with central.begin() as conn:
        web_shop.issue_card(conn, {"id": card_id, "kind": "gift_card", "number": number,
                                   "currency": "CAD", "customer_id": None,
                                   "issued_store_id": None}, Decimal(amount), store_id=EVERYONE)
    return card_id, number
