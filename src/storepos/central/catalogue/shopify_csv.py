"""Shopify's product export CSV, read row by row (the file is streamed, never held whole).

Columns read (by their header name; any others, and their order, do not matter):
    Handle, Title, Vendor, Tags, Option1..3 Name / Value, Variant SKU, Variant Barcode,
    Variant Price, Variant Compare At Price.
Shopify writes the product's fields (Title, Vendor, Tags ...) only on a handle's first row; the
next rows of that handle carry one variant each. Rows with no variant at all (an extra image of
the product) are passed over. Size and colour come from whichever option is named Size / Taille /
Pointure and Color / Colour / Couleur (in any case).

Each row is checked on its own and against the rows before it (a SKU or barcode twice in the
file); what is wrong comes back as a BadRow with its line number and the reason in words.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from storepos.domain.cards import contains_card_number
from storepos.i18n import _, ngettext

MAX_PRICE = Decimal("9999999999.99")  # Numeric(12, 2)
LIMITS = {"Handle": 255, "Title": 255, "Vendor": 120, "Variant SKU": 64,
          "Variant Barcode": 64, "colour": 60, "size": 30}
SIZE_NAMES = {"size", "taille", "pointure", "shoe size"}
COLOUR_NAMES = {"color", "colour", "couleur"}
URL_COLUMNS = ("Image Src", "Variant Image")  # addresses of pictures: read, never stored
REQUIRED = ("Handle", "Title", "Variant SKU", "Variant Price")
_PRICE = re.compile(r"(-?)(\d{1,16})(?:\.(\d{1,2}))?")
_VARIANT_FIELDS = ("Option1 Value", "Variant SKU", "Variant Price", "Variant Barcode")
_SHOWN = 40  # how much of a bad value a message repeats
# 13 digits with nothing but non-letters between them: what any card number has (domain.cards
# reads it closely after this cheap look)
_CANDIDATE = re.compile(r"\d(?:[\W_]*\d){12}")
# bytes that were no UTF-8 (kept as surrogates), and NUL, which no text holds (PostgreSQL refuses it)
_UNDECODED = re.compile("[\udc80-\udcff\x00]")


class CatalogueFileError(ValueError):
    """The whole file cannot be read as a Shopify export (no header, a needed column missing)."""


@dataclass(frozen=True, slots=True)
class ProductRow:
    line: int
    handle: str
    brand: str
    name: str
    shop_tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VariantRow:
    line: int
    handle: str
    sku: str
    barcode: str | None
    colour: str
    size: str
    price: Decimal
    compare_at_price: Decimal | None


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str

    def sentence(self) -> str:
        return _("line {line}: {reason}").format(line=self.line, reason=self.reason)


Row = ProductRow | VariantRow | BadRow


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


def parse_price(text: str, column: str) -> Decimal:
    """An amount like 12.50 (at most two decimals, 0 or more); ValueError in words."""
    match = _PRICE.fullmatch(text.strip())
    if match is None:
        raise ValueError(_("the {column} {value} is not an amount like 12.50").format(
            column=column, value=_shown(text)))
    amount = Decimal(text.strip())
    if match.group(1):
        raise ValueError(_("the {column} {value} is negative").format(column=column,
                                                                     value=text.strip()))
    if amount > MAX_PRICE:
        raise ValueError(_("the {column} {value} is too large").format(column=column,
                                                                      value=text.strip()))
    return amount.quantize(Decimal("0.01"))


def is_gtin(code: str) -> bool:
    """A GTIN-8/12/13/14 (EAN, UPC) with a right check digit: a product's barcode, not a card."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


class _Lines:
    """The file as text lines for csv, undecodable bytes kept (as surrogates) so the row that
    holds them is refused by its line number instead of the whole file failing."""

    def __init__(self, stream: BinaryIO) -> None:
        self._text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape",
                                      newline="")

    def __iter__(self) -> Iterator[str]:
        return iter(self._text)


def _not_utf8(row: list[str]) -> bool:
    return _UNDECODED.search("".join(row)) is not None


class ShopifyExport:
    """Iterate to get the rows in file order: a ProductRow before its first VariantRow."""

    def __init__(self, stream: BinaryIO) -> None:
        self._reader = csv.reader(_Lines(stream), strict=False)
        self.skus: dict[str, int] = {}  # SKU -> its line
        self.barcodes: dict[str, tuple[str, int]] = {}  # barcode -> (SKU, line)
        # handle -> its Option1..3 Name: Shopify writes them on the handle's first row only
        self.options: dict[str, tuple[str, str, str]] = {}
        self.rows_read = 0
        self._urls: set[int] | None = None
        self.image_rows = 0

    def _header(self) -> dict[str, int]:
        try:
            header = next(self._reader)
        except StopIteration:
            raise CatalogueFileError(_("The file is empty: export the products from Shopify "
                                       "(Products > Export > CSV).")) from None
        except csv.Error as exc:
            raise CatalogueFileError(_("The first line is not a CSV header ({problem}).").format(
                problem=exc)) from None
        if _not_utf8(header):
            raise CatalogueFileError(_("The first line is not UTF-8 text: save the file as "
                                       "CSV UTF-8."))
        columns = {name.strip(): i for i, name in reversed(list(enumerate(header)))}
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise CatalogueFileError(ngettext(
                "This is not a Shopify product export: the header has no {columns} column.",
                "This is not a Shopify product export: the header has no {columns} "
                "columns.", len(missing)).format(columns=", ".join(missing)))
        self._width = len(header)
        return columns

    def __iter__(self) -> Iterator[Row]:
        columns = self._header()
        reader = self._reader
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield BadRow(start, _("the line cannot be read as CSV ({problem})").format(
                    problem=exc))
                continue
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # a blank line
            self.rows_read += 1
            yield from self._row(start, fields, columns)

    def _row(self, line: int, fields: list[str], columns: dict[str, int]) -> Iterator[Row]:
        if len(fields) != self._width:
            if len(fields) > self._width:
                said = ngettext("it has {n} field, more than the header's {width} (a comma too "
                                "many or a quote missing?)",
                                "it has {n} fields, more than the header's {width} (a comma too "
                                "many or a quote missing?)", len(fields))
            else:
                said = ngettext("it has {n} field, fewer than the header's {width} (a comma "
                                "too many or a quote missing?)",
                                "it has {n} fields, fewer than the header's {width} (a comma "
                                "too many or a quote missing?)", len(fields))
            yield BadRow(line, said.format(n=len(fields), width=self._width))
            return
        if _not_utf8(fields):
            yield BadRow(line, _("it is not UTF-8 text, or holds a NUL character (save the "
                                 "file as CSV UTF-8)"))
            return

        def get(name: str) -> str:
            at = columns.get(name)
            return fields[at].strip() if at is not None else ""

        handle = get("Handle")
        if not handle:
            yield BadRow(line, _("it has no Handle"))
            return
        barcode = get("Variant Barcode").lstrip("'")  # spreadsheets keep leading zeros so
        card = self._card_column(fields, columns, barcode)
        if card:
            self.options.setdefault(handle, ("", "", ""))  # its next rows: "no good Title row"
            yield BadRow(line, _("the {column} column holds a full card number; card numbers "
                                 "are never stored").format(column=card))
            return
        for column, value in (("Handle", handle), ("Title", get("Title")),
                              ("Vendor", get("Vendor"))):
            if len(value) > LIMITS[column]:
                yield BadRow(line, _("the {column} is longer than {limit} characters").format(
                    column=column, limit=LIMITS[column]))
                return
        if handle not in self.options:
            self.options[handle] = (get("Option1 Name").casefold(),
                                    get("Option2 Name").casefold(),
                                    get("Option3 Name").casefold())
            title = get("Title")
            if not title:
                yield BadRow(line, _("it is the first row of {handle} but has no Title").format(
                    handle=_shown(handle)))
            else:
                tags = tuple(t.strip() for t in get("Tags").split(",") if t.strip())
                yield ProductRow(line, handle, get("Vendor"), title, tags)
        if not any(get(name) for name in _VARIANT_FIELDS):
            self.image_rows += 1  # an extra image of the product: no variant on it
            return
        found = self._variant(line, handle, barcode, get)
        if found is not None:
            yield found

    def _card_column(self, fields: list[str], columns: dict[str, int], barcode: str) -> str:
        """The name of a column holding a card number, or "". A product barcode with its check
        digit right is no card; the image addresses (never stored) are passed over, as
        Shopify's own ones read like one (.../files/1/0612/3456/7890/...)."""
        skipped = set(self._passed_over(columns))
        if is_gtin(barcode):
            skipped.add(columns.get("Variant Barcode", -1))
        # One look at the whole row first (a letter between fields keeps them apart): most rows
        # have no 13 digits in a row at all, and are done here.
        probe = fields.copy()
        for i in skipped:
            if 0 <= i < len(probe):
                probe[i] = ""
        if not _CANDIDATE.search("x".join(probe)):
            return ""
        for i, value in enumerate(fields):
            if len(value) < 12 or i in skipped:
                continue
            if contains_card_number(value):
                return next((n for n, at in columns.items() if at == i),
                            _("column {n}").format(n=i + 1))
        return ""

    def _passed_over(self, columns: dict[str, int]) -> set[int]:
        if self._urls is None:
            self._urls = {columns[c] for c in URL_COLUMNS if c in columns}
        return self._urls

    def _variant(self, line: int, handle: str, barcode: str,
                 get: Callable[[str], str]) -> Row | None:
        sku = get("Variant SKU")
        if not sku:
            return BadRow(line, _("the variant has no Variant SKU"))
        if len(sku) > LIMITS["Variant SKU"]:
            return BadRow(line, _("the {column} is longer than {limit} characters").format(
                column="Variant SKU", limit=LIMITS["Variant SKU"]))
        if len(barcode) > LIMITS["Variant Barcode"]:
            return BadRow(line, _("the {column} is longer than {limit} characters").format(
                column="Variant Barcode", limit=LIMITS["Variant Barcode"]))
        price_text = get("Variant Price")
        if not price_text:
            return BadRow(line, _("the variant {sku} has no Variant Price").format(sku=_shown(sku)))
        try:
            price = parse_price(price_text, "Variant Price")
            compare_text = get("Variant Compare At Price")
            compare = parse_price(compare_text, "Variant Compare At Price") if compare_text \
                else None
        except ValueError as exc:
            return BadRow(line, str(exc))
        size = colour = ""
        for n, first_name in enumerate(self.options[handle], start=1):
            name = get(f"Option{n} Name").casefold() or first_name
            value = get(f"Option{n} Value")
            if name in SIZE_NAMES and not size:
                size = value
            elif name in COLOUR_NAMES and not colour:
                colour = value
        if len(size) > LIMITS["size"] or len(colour) > LIMITS["colour"]:
            return BadRow(line, _("the size or colour of {sku} is too long (size at most {size}, "
                                  "colour {colour} characters)").format(
                sku=_shown(sku), size=LIMITS["size"], colour=LIMITS["colour"]))
        first = self.skus.get(sku)
        if first is not None:
            return BadRow(line, _("the SKU {sku} is on line {first} already").format(
                sku=_shown(sku), first=first))
        if barcode:
            holder = self.barcodes.get(barcode)
            if holder is not None:
                return BadRow(line, _("the barcode {barcode} is on SKU {sku} (line {first}) "
                                      "already").format(barcode=_shown(barcode),
                                                        sku=_shown(holder[0]), first=holder[1]))
            self.barcodes[barcode] = (sku, line)
        self.skus[sku] = line
        return VariantRow(line, handle, sku, barcode or None, colour, size, price, compare)
