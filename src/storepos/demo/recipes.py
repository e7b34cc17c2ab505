"""The demo recipes shipped in resources/demo/*.toml, read into plain dataclasses."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from storepos.domain.money import parse_money
from storepos.domain.vocabulary import Role, StoreKind, Tag
from storepos.paths import resources_dir


@dataclass(frozen=True, slots=True)
class StoreRecipe:
    code: str
    name: str
    policy: str
    kind: StoreKind
    country: str
    time_zone: str
    currency: str
    locale: str
    address: str
    phone: str
    tills: int
    pickup: bool


@dataclass(frozen=True, slots=True)
class ColourRecipe:
    name: str
    price: Decimal
    tags: tuple[Tag, ...]


@dataclass(frozen=True, slots=True)
class StyleRecipe:
    code: str
    brand: str
    name: str
    sizes: tuple[str, ...]
    tags: tuple[Tag, ...]
    colours: tuple[ColourRecipe, ...]
    sold_by: tuple[str, ...]  # policy presets whose orders carry this style


@dataclass(frozen=True, slots=True)
class Recipes:
    stores: tuple[StoreRecipe, ...]
    pins: dict[Role, str]
    staff: dict[Role, int]
    styles: tuple[StyleRecipe, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    # A second manager at every store, after the staff above: no one approves their own decision
    # (issue 12), so a signed-in manager's decisions take another manager's PIN. None: none.
    second_manager: str | None = None


def _read(folder: Path, name: str) -> dict[str, Any]:
    with (folder / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _style(raw: dict[str, Any], sizes: dict[str, list[str]], sold_by: list[str]) -> StyleRecipe:
    base_price = parse_money(raw["price"])
    colours = tuple(
        ColourRecipe(
            name=colour,
            price=parse_money(spec.get("price", base_price)),
            tags=tuple(Tag(t) for t in spec.get("tags", ())),
        )
        for colour, spec in raw["colours"].items()
    )
    return StyleRecipe(
        code=raw["code"],
        brand=raw["brand"],
        name=raw["name"],
        sizes=tuple(sizes[raw["sizes"]]),
        tags=tuple(Tag(t) for t in raw.get("tags", ())),
        colours=colours,
        sold_by=tuple(raw.get("sold_by", sold_by)),
    )


def load_recipes(folder: Path | None = None) -> Recipes:
    """Read and check the recipes; an unknown tag, role or store kind fails here, not mid-run."""
    folder = folder or resources_dir() / "demo"
    stores_raw = _read(folder, "stores")
    catalog_raw = _read(folder, "catalog")
    names_raw = _read(folder, "names")
    stores = tuple(
        StoreRecipe(
            code=s["code"], name=s["name"], policy=s["policy"], kind=StoreKind(s["kind"]),
            country=s["country"], time_zone=s["time_zone"], currency=s["currency"],
            locale=s["locale"], address=s["address"], phone=s["phone"], tills=int(s["tills"]),
            pickup=bool(s["pickup"]),
        )
        for s in stores_raw["store"]
    )
    return Recipes(
        stores=stores,
        pins={Role(role): str(pin) for role, pin in stores_raw["pins"].items()},
        staff={Role(role): int(n) for role, n in stores_raw["staff"].items()},
        second_manager=stores_raw.get("second_manager", {}).get("name"),
        styles=tuple(
            _style(s, catalog_raw["sizes"], catalog_raw["default_sold_by"])
            for s in catalog_raw["style"]
        ),
        first_names=tuple(names_raw["first"]),
        last_names=tuple(names_raw["last"]),
    )


@cache
def default_recipes() -> Recipes:
    return load_recipes()
