"""`storepos central orders import`: a file of Shopify orders ({"order": {...}} or
{"orders": [...]}, the Admin REST shape) or of storepos orders (docs/order-format.md).

Each order is taken in its own transaction: a refused order is named with the reason, one line
each, and the others are imported all the same (a file exported from a shop is re-run whole once
fixed: re-importing updates, never duplicates). The command then exits 2."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from storepos.central.schema import webshop_orders, webshop_receipts
from storepos.sync.retry import in_transaction

from . import shopify, storepos_format
from .feed import Ingested, ingest
from .model import OrderRefused, WebOrder
from .text import refused

FORMATS: dict[str, tuple[Callable[[Any], WebOrder], Callable[[Any], str]]] = {
    "shopify": (shopify.read_order, shopify.order_name),
    "storepos": (storepos_format.read_order, storepos_format.order_name),
}


@dataclass
class Report:
    taken: list[Ingested] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [w for done in self.taken for w in done.warnings]


def read_file(path: Path) -> list[Any]:
    """The orders of the file; OrderRefused in words when it is not such a file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise refused(f"{path} cannot be read: {exc.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refused(f"{path} is not JSON ({exc}).") from None
    if isinstance(data, dict) and isinstance(data.get("orders"), list):
        return list(data["orders"])
    if isinstance(data, dict) and isinstance(data.get("order"), dict):
        return [data["order"]]
    raise refused(f'{path} holds neither {{"order": {{...}}}} nor {{"orders": [...]}}.')


def import_orders(engine: Engine, fmt: str, raws: list[Any]) -> Report:
    read, name = FORMATS[fmt]
    report = Report()
    for raw in raws:
        try:
            order = read(raw)
            report.taken.append(in_transaction(engine, functools.partial(_ingest, order)))
        except OrderRefused as exc:
            report.refused.append(str(exc) if str(exc) else name(raw))
    return report


def _ingest(order: WebOrder, conn: Connection) -> Ingested:
    return ingest(conn, order)


def warnings(engine: Engine) -> list[str]:
    """What head office should look at: each web order's warnings, and the webhook deliveries
    that were refused."""
    def read(conn: Any) -> list[str]:
        out = [w for (found,) in conn.execute(select(webshop_orders.c.warnings)
                                              .order_by(webshop_orders.c.imported_at))
               for w in found or []]
        out += [f"webhook {r.topic} ({r.webhook_id}, {r.received_at:%Y-%m-%d %H:%M}): {r.outcome}"
                for r in conn.execute(select(webshop_receipts).where(
                    webshop_receipts.c.outcome.like("refused%"))
                    .order_by(webshop_receipts.c.received_at))]
        return out

    return in_transaction(engine, read)
