"""Printer models: one TOML definition per model in printers/ (shipped inside the wheel).

Standard library only, so `storepos printer list` and the layout code never import escpos.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from storepos.paths import printers_dir

CUTTERS = ("none", "full", "partial")


class PrinterModelError(ValueError):
    """A printer definition file that is missing a field or has a wrong value."""


class UnknownPrinterModel(PrinterModelError):
    """No printer model of that name in printers/ (`name`, `known`: for the services' words)."""

    def __init__(self, message: str, name: str, known: str) -> None:
        super().__init__(message)
        self.name, self.known = name, known


@dataclass(frozen=True)
class PrinterModel:
    name: str
    title: str
    profile: str  # python-escpos profile name (dimensions, fonts)
    paper_mm: int
    dots: int  # dots per line
    columns_a: int
    columns_b: int
    code_page: str  # Python codec of the one page used for every job: cp1252, cp858, cp437 ...
    code_page_table: int  # its number for ESC t n on this mechanism
    cutter: str = "partial"
    drawer: bool = True
    drawer_pin: int = 2
    barcode: bool = True  # hardware CODE128
    qr: bool = True  # native QR
    status: bool = True  # answers DLE EOT real-time status requests

    def columns(self, font: str = "a") -> int:
        return self.columns_a if font == "a" else self.columns_b

    @property
    def has_cutter(self) -> bool:
        return self.cutter != "none"


_FIELDS = {
    "name": str, "title": str, "profile": str, "paper_mm": int, "dots": int,
    "columns_a": int, "columns_b": int, "code_page": str, "code_page_table": int,
    "cutter": str, "drawer": bool, "drawer_pin": int, "barcode": bool, "qr": bool, "status": bool,
}
_REQUIRED = ("name", "profile", "paper_mm", "dots", "columns_a", "columns_b", "code_page",
             "code_page_table")


def parse_model(data: dict[str, object], source: str = "<definition>") -> PrinterModel:
    unknown = set(data) - set(_FIELDS)
    if unknown:
        raise PrinterModelError(f"{source}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in _REQUIRED:
        if key not in data:
            raise PrinterModelError(f"{source}: missing field {key!r}")
    for key, value in data.items():
        expected = _FIELDS[key]
        if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise PrinterModelError(f"{source}: {key} must be an integer")
        if not isinstance(value, expected):
            raise PrinterModelError(f"{source}: {key} must be {expected.__name__}")
    values: dict[str, Any] = dict(data)  # each value checked against _FIELDS above
    values.setdefault("title", values["name"])
    model = PrinterModel(**values)
    if model.cutter not in CUTTERS:
        raise PrinterModelError(f"{source}: cutter must be one of {', '.join(CUTTERS)}")
    if model.drawer_pin not in (2, 5):
        raise PrinterModelError(f"{source}: drawer_pin must be 2 or 5")
    if not 0 <= model.code_page_table <= 255:
        raise PrinterModelError(f"{source}: code_page_table must be 0-255")
    if model.columns_a < 24 or model.columns_b < model.columns_a:
        raise PrinterModelError(f"{source}: columns_a >= 24 and columns_b >= columns_a")
    try:
        "€".encode(model.code_page, errors="ignore")
    except LookupError:
        raise PrinterModelError(f"{source}: unknown code page {model.code_page!r}") from None
    return model


def load_model_file(path: Path) -> PrinterModel:
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise PrinterModelError(f"{path.name}: {exc}") from None
    return parse_model(data, path.name)


@lru_cache(maxsize=4)
def _load_all(folder: str) -> dict[str, PrinterModel]:
    models: dict[str, PrinterModel] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        model = load_model_file(path)
        if model.name in models:
            raise PrinterModelError(f"{path.name}: printer model {model.name!r} defined twice")
        models[model.name] = model
    return models


def printer_models(folder: Path | None = None) -> dict[str, PrinterModel]:
    """Every printer model defined in printers/, by name."""
    return dict(_load_all(str(folder or printers_dir())))


def get_model(name: str, folder: Path | None = None) -> PrinterModel:
    models = printer_models(folder)
    try:
        return models[name]
    except KeyError:
        known = ", ".join(sorted(models)) or "none"
        raise UnknownPrinterModel(f"unknown printer model {name!r} (known: {known})", name,
                                  known) from None


DEFAULT_MODEL = "tm-t88"
