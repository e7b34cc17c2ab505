"""The demo chain's fixed parts: stores, tills, staff, catalogue, stock and customers.

Head office's parts (stores, staff, the catalogue as a Shopify product export) are described here
for demo/head_office.py, which brings them in through head office's own functions; the till's own
rows (stock counts, customers it knows) are plain row dicts for Core bulk inserts. With the small
in-memory context the order generator draws from. Every id comes from the seeded random generator
or, for what the web shop feed and the catalogue import name, from their own uuid5 mappings, so a
seed gives the same database.
"""

from __future__ import annotations

import csv
import io
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from storepos.central.catalogue.importer import variant_id_for
from storepos.central.webshop.ids import customer_uuid
from storepos.central.webshop.shopify import SOURCE
from storepos.demo.recipes import Recipes, StoreRecipe
from storepos.domain.text import fold
from storepos.domain.vocabulary import Role, StoreKind

FIRST_CUSTOMER = 7_100_000_000  # the web shop's customer ids (Shopify's are numbers)
Row = dict[str, Any]  # one row for a Core executemany: column name -> value of that column's type

# Which customers shop with which retailer: (country, share). SoftMoc has US stores too.
CUSTOMER_COUNTRIES: dict[str, tuple[tuple[str, float], ...]] = {
    "softmoc": (("CA", 0.8), ("US", 0.2)),
    "softstar": (("US", 1.0),),
    "itsmysoft": (("US", 1.0),),
    "shoeoftheweek": (("AU", 1.0),),
}
CURRENCY = {"CA": "CAD", "US": "USD", "AU": "AUD"}
# Area codes for demo phones, all on the fictional 555 exchange (AU: the 02 5550 range).
AREA_CODES = {
    "CA": ("416", "647", "514", "438", "905", "613", "604", "403"),
    "US": ("212", "718", "716", "541", "503", "312", "617", "415"),
    "AU": ("02",),
}


def upc_a(body11: str) -> str:
    """A 12-digit UPC-A: eleven digits and their GS1 check digit."""
    odd = sum(int(c) for c in body11[0::2])
    even = sum(int(c) for c in body11[1::2])
    return body11 + str((10 - (odd * 3 + even) % 10) % 10)


class DemoRandom(random.Random):
    """The seeded generator behind every demo row, ids included.

    Ids are laid out like UUID version 7, with a running count where version 7 keeps the time:
    each table's keys only grow, so SQLite appends to its indexes instead of inserting at random
    places all over them (the difference between minutes and much longer for a million orders).
    """

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self._count = 0

    def new_id(self) -> uuid.UUID:
        self._count += 1
        return uuid.UUID(int=(self._count << 80) | (0x7 << 76) | (self.getrandbits(12) << 64)
                         | (0b10 << 62) | self.getrandbits(62))


_MINUTES = tuple(timedelta(minutes=m) for m in range(480))


def at_noon(day: date, rng: DemoRandom) -> datetime:
    """A UTC timestamp on `day` during opening hours (demo rows need no exact clock)."""
    return _opening(day) + _MINUTES[int(rng.random() * 480)]


@lru_cache(maxsize=2048)
def _opening(day: date) -> datetime:
    return datetime.combine(day, time(14, 0), tzinfo=UTC)


@dataclass(slots=True)
class StoreCtx:
    id: uuid.UUID
    code: str
    policy: str
    kind: StoreKind
    country: str
    currency: str
    time_zone: str
    pickup: bool
    hold_days: int
    tills: list[tuple[uuid.UUID, str]]  # (id, prefix)
    recipe: StoreRecipe
    staff: dict[Role, list[uuid.UUID]] = field(default_factory=dict)


@dataclass(slots=True)
class VariantCtx:
    id: uuid.UUID
    price: Decimal
    tags: tuple[str, ...]  # the policy tags the till will see on it (its own and its product's)
    accessory: bool
    sku: str = ""
    title: str = ""  # the product's, as a web order line names it
    variant_title: str = ""  # "Colour / Size"
    vendor: str = ""


@dataclass(slots=True)
class CustomerCtx:
    id: uuid.UUID
    last_name: str
    country: str
    source_id: int = 0  # the web shop's customer id (the id is its uuid5 mapping)
    row: Row = field(default_factory=dict)  # name, e-mail, phone


@dataclass(frozen=True, slots=True)
class DemoEmployee:
    """What the command prints so people can sign in: the PIN in clear, demo data only."""

    number: str
    name: str
    role: Role
    store_code: str
    pin: str


@dataclass(frozen=True, slots=True)
class StaffCtx:
    """An employee as head office brings them in: with the id they keep."""

    id: uuid.UUID
    person: DemoEmployee


@dataclass(slots=True)
class World:
    stores: list[StoreCtx]
    variants_by_policy: dict[str, list[VariantCtx]]
    customers_by_policy: dict[str, list[CustomerCtx]]
    employees: list[DemoEmployee]
    rows: dict[str, list[Row]]  # the till's own rows: table name -> rows, in insert order
    staff: list[StaffCtx] = field(default_factory=list)
    catalogue_csv: bytes = b""  # the chain's catalogue as a Shopify product export

    def stores_of(self, policy: str) -> list[StoreCtx]:
        return [s for s in self.stores if s.policy == policy]


def _stores(recipes: Recipes, rng: DemoRandom) -> list[StoreCtx]:
    stores: list[StoreCtx] = []
    for recipe in recipes.stores:
        ctx = StoreCtx(
            id=rng.new_id(), code=recipe.code, policy=recipe.policy, kind=recipe.kind,
            country=recipe.country, currency=recipe.currency, time_zone=recipe.time_zone,
            pickup=recipe.pickup, hold_days=14,
            tills=[], recipe=recipe,
        )
        for n in range(1, recipe.tills + 1):
            # The prefix enrolment gives a till named "Till n" (till_identity.till_prefix).
            ctx.tills.append((rng.new_id(), f"{recipe.code}{n}"))
        stores.append(ctx)
    return stores


def _staff(recipes: Recipes, rng: DemoRandom, stores: list[StoreCtx]) -> list[StaffCtx]:
    staff: list[StaffCtx] = []
    for index, store in enumerate(stores, start=1):
        seat = 0
        for role, count in recipes.staff.items():
            for _ in range(count):
                seat += 1
                number = f"{index}{seat:02d}"
                name = f"{rng.choice(recipes.first_names)} {rng.choice(recipes.last_names)}"
                employee_id = rng.new_id()
                store.staff.setdefault(role, []).append(employee_id)
                staff.append(StaffCtx(employee_id, DemoEmployee(
                    number, name, role, store.code, recipes.pins[role])))
        if recipes.second_manager:
            # Outside the random stream (a fixed name, an id from the store's code), so adding
            # them changes no other demo row.
            number, employee_id = f"{index}{seat + 1:02d}", uuid.uuid5(store.id, "second manager")
            staff.append(StaffCtx(employee_id, DemoEmployee(
                number, recipes.second_manager, Role.MANAGER, store.code,
                recipes.pins[Role.MANAGER])))
    return staff


CSV_HEADER = ("Handle", "Title", "Vendor", "Tags", "Option1 Name", "Option1 Value",
              "Option2 Name", "Option2 Value", "Variant SKU", "Variant Barcode", "Variant Price",
              "Variant Compare At Price")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in fold(text).upper()).strip("-")


def _catalog(
    recipes: Recipes, rng: DemoRandom, stores: list[StoreCtx], rows: dict[str, list[Row]]
) -> tuple[dict[str, list[VariantCtx]], bytes]:
    """The catalogue as the chain's Shopify product export, and the stock each store counts.

    A colour on sale has the style's price as its compare-at price (the import's "sale"); a colour
    with other policy tags (clearance, final sale) is a product of its own with those tags, as a
    shop tags such items in Shopify, whose tags belong to products."""
    by_policy: dict[str, list[VariantCtx]] = {s.policy: [] for s in stores}
    out = io.StringIO()
    sheet = csv.writer(out, lineterminator="\n")
    sheet.writerow(CSV_HEADER)
    upc_seq = 0
    base_of = {style.code: max(c.price for c in style.colours) for style in recipes.styles}
    for style in recipes.styles:
        product_tags = sorted(t.value for t in style.tags)
        groups: dict[str, list[Any]] = {style.code: []}
        for colour in style.colours:
            own = sorted(t.value for t in colour.tags if t.value != "sale")
            handle = f"{style.code}-{_slug(colour.name)}"[:30] if own else style.code
            groups.setdefault(handle, []).append((colour, own))
        for handle, colours in groups.items():
            if not colours:
                continue
            tags = sorted({*product_tags, *colours[0][1]})
            first = True
            for colour, _own in colours:
                for size in style.sizes:
                    upc_seq += 1
                    upc, sku = upc_a(f"06{upc_seq:09d}"), f"{style.code}-{upc_seq:05d}"
                    on_sale = any(t.value == "sale" for t in colour.tags)
                    compare_at = base_of[style.code] if on_sale else None
                    sheet.writerow((
                        handle, style.name if first else "", style.brand if first else "",
                        ", ".join(tags) if first else "", "Color" if first else "",
                        colour.name, "Size" if first else "", size, sku, upc,
                        f"{colour.price:.2f}", f"{compare_at:.2f}" if compare_at else ""))
                    first = False
                    variant = VariantCtx(
                        id=variant_id_for(sku), price=colour.price,
                        tags=tuple(sorted({*(["sale"] if on_sale else []), *colours[0][1]})),
                        accessory="accessory" in product_tags, sku=sku, title=style.name,
                        variant_title=f"{colour.name} / {size}", vendor=style.brand,
                    )
                    for policy in style.sold_by:
                        by_policy.setdefault(policy, []).append(variant)
                    for store in stores:
                        if store.policy in style.sold_by:
                            rows["stock_levels"].append({
                                "store_id": store.id, "variant_id": variant.id,
                                "on_hand": rng.choice((0, 1, 2, 3, 4, 6, 8, 12)),
                            })
    return by_policy, out.getvalue().encode("utf-8")


def _phone(country: str, index: int) -> str:
    """Digits only, as Customer's validator stores them; unique per index up to 80,000 a country."""
    areas = AREA_CODES[country]
    area, line = areas[(index // 10_000) % len(areas)], index % 10_000
    return f"{area}5550{line:04d}" if country == "AU" else f"{area}555{line:04d}"


def _email_part(name: str) -> str:
    return "".join(c for c in fold(name) if c.isalnum())


def customer_rows(
    recipes: Recipes, rng: DemoRandom, count: int, today: date
) -> tuple[list[Row], dict[str, list[CustomerCtx]]]:
    """`count` customers shared out across the retailers, with e-mails and phones."""
    rows: list[Row] = []
    by_policy: dict[str, list[CustomerCtx]] = {p: [] for p in CUSTOMER_COUNTRIES}
    policies = list(CUSTOMER_COUNTRIES)
    shares = (0.55, 0.1, 0.15, 0.2)  # softmoc, softstar, itsmysoft, shoeoftheweek
    for index in range(count):
        # The first four cover every retailer, so even the smallest demo has a customer for each.
        policy = policies[index] if index < len(policies) else rng.choices(policies, shares)[0]
        countries = CUSTOMER_COUNTRIES[policy]
        country = rng.choices([c for c, _ in countries], [w for _, w in countries])[0]
        first, last = rng.choice(recipes.first_names), rng.choice(recipes.last_names)
        # Known to the web shop by its own id: a web order brings the customer under its uuid5.
        source_id = FIRST_CUSTOMER + index
        tld = {"CA": "ca", "US": "com", "AU": "com.au"}[country]
        row: Row = {
            "id": customer_uuid(SOURCE, str(source_id)), "first_name": first, "last_name": last,
            "email": f"{_email_part(first)}.{_email_part(last)}.{index + 1}@example.{tld}",
            "phone": _phone(country, index),
            "created_at": at_noon(today - timedelta(days=rng.randrange(560, 900)), rng),
        }
        customer = CustomerCtx(id=row["id"], last_name=last, country=country,
                               source_id=source_id, row=row)
        rows.append(row)
        by_policy[policy].append(customer)
    return rows, by_policy


def build_world(recipes: Recipes, rng: DemoRandom, customers: int, today: date) -> World:
    rows: dict[str, list[Row]] = {"stock_levels": []}
    stores = _stores(recipes, rng)
    staff = _staff(recipes, rng, stores)
    variants, catalogue = _catalog(recipes, rng, stores, rows)
    customer_list, by_policy = customer_rows(recipes, rng, customers, today)
    rows["customers"] = customer_list
    return World(stores, variants, by_policy, [s.person for s in staff], rows, staff, catalogue)
