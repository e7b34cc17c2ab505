"""The shops whose webhooks the service accepts: a name, the shop's myshopify.com domain and the
secret Shopify signs its deliveries with (read by `storepos central shop add` from an environment
variable, never from the command line)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, select

from storepos.central.schema import webshop_shops
from storepos.central.sql import Batch, insert_ignore

from .text import refused

_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$")


@dataclass(frozen=True, slots=True)
class Shop:
    id: uuid.UUID
    name: str
    domain: str
    secret: str


def normal_domain(text: str) -> str:
    return text.strip().lower().removeprefix("https://").rstrip("/")


def add_shop(conn: Connection, name: str, domain: str, secret: str) -> Shop:
    """Register a shop, or give a registered one a new name and secret (a rotated secret)."""
    domain, name = normal_domain(domain), " ".join(name.split())
    if not _DOMAIN.match(domain):
        raise refused(f"{domain!r} is not a shop domain like my-shop.myshopify.com.")
    if not name:
        raise refused("Give the shop a name with --name.")
    if not secret.strip():
        raise refused("The shop's webhook secret is empty.")
    conn.execute(insert_ignore(conn, webshop_shops), {
        "id": uuid.uuid4(), "name": name[:120], "domain": domain, "secret": secret,
        "created_at": datetime.now(UTC)})
    conn.execute(webshop_shops.update().where(webshop_shops.c.domain == domain)
                 .values(name=name[:120], secret=secret))
    shop = shop_by_domain(conn, domain)
    assert shop is not None
    return shop


# The shop of `domain` (normal_domain), built once: the webhook sends it with its BEGIN (Batch).
SHOP_BY_DOMAIN = select(webshop_shops.c.id, webshop_shops.c.name, webshop_shops.c.domain,
                        webshop_shops.c.secret).where(
    webshop_shops.c.domain == bindparam("domain", type_=webshop_shops.c.domain.type))


def shop_by_domain(conn: Connection, domain: str) -> Shop | None:
    batch = Batch(conn)
    batch.add(SHOP_BY_DOMAIN, {"domain": normal_domain(domain)})
    rows = batch.run()[0]
    return Shop(rows[0].id, rows[0].name, rows[0].domain, rows[0].secret) if rows else None


def list_shops(conn: Connection) -> list[Shop]:
    return [Shop(r.id, r.name, r.domain, "") for r in conn.execute(
        select(webshop_shops.c.id, webshop_shops.c.name, webshop_shops.c.domain)
        .order_by(webshop_shops.c.domain))]
