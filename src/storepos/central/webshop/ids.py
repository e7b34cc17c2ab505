"""Stable ids: the same source order (line, payment, customer) always gets the same uuid, so a
re-import or a repeated webhook updates the order instead of adding a second one. Shopify's ids
are unique across shops, so the shop is not part of the name."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6d1f3c1e-3b0a-5d7e-9c4b-2f8a1e5d0c13")  # storepos web-shop feed


def _id(source: str, kind: str, source_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{source}/{kind}/{source_id}")


def order_uuid(source: str, source_id: str) -> uuid.UUID:
    return _id(source, "order", source_id)


def line_uuid(source: str, source_id: str) -> uuid.UUID:
    return _id(source, "line", source_id)


def tender_uuid(source: str, source_id: str) -> uuid.UUID:
    return _id(source, "tender", source_id)


def customer_uuid(source: str, source_id: str) -> uuid.UUID:
    return _id(source, "customer", source_id)


def pickup_uuid(source: str, source_id: str) -> uuid.UUID:
    return _id(source, "pickup", source_id)
