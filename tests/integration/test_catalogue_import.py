"""`storepos central catalogue import`: Shopify's product export into the chain's catalogue, on
PostgreSQL and SQLite; wrong rows by line, all or nothing; re-import updates; the tag mapping; the
pull to a till, where the imported barcode then scans."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, insert, select, text, update

from storepos.central.catalogue.importer import (
    NothingImported,
    import_catalogue,
    product_id_for,
    variant_id_for,
)
from storepos.central.catalogue.shopify_csv import CatalogueFileError
from storepos.central.catalogue.tag_mapping import TagMappingError, load_mapping
from storepos.central.engine import make_central_engine
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.pull import pull_changes
from storepos.central.schema import catalogue_products, catalogue_variants, changes
from storepos.cli import main
from storepos.domain.errors import InvalidInput
from storepos.services.base.item_lookup import find_item
from storepos.services.base.scan import NothingMatches
from storepos.sync.protocol import ChangeBatch, Cursor
from tests.integration.central_service import (
    Service,
    add_store,
    central_db,
    enrol_code,
    home,
    service,
    storepos,
)
from tests.integration.sync_world import central_pg, make_till, store_engine

__all__ = ["central_db", "central_pg", "home", "service"]  # the fixtures, used by name
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "shopify_products.csv"
HEADER = FIXTURE.read_text("utf-8").splitlines()[0]
WIDTH = HEADER.count(",") + 1
COLUMNS = HEADER.split(",")


def csv_row(**values: str) -> str:
    """One data line of the fixture's layout; keys are column names with _ for spaces."""
    cells = {c: "" for c in COLUMNS}
    for key, value in values.items():
        name = key.replace("_", " ")
        assert name in cells, name
        cells[name] = value
    return ",".join(f'"{v}"' if "," in v else v for v in cells.values())


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = str(tmp_path / "central.db")
        upgrade_central(url)
    else:
        url = request.getfixturevalue("central_pg")
    engine = make_central_engine(url)
    yield engine
    engine.dispose()


def run_import(engine: Engine, data: bytes, **kwargs: object):  # type: ignore[no-untyped-def]
    return import_catalogue(engine, io.BytesIO(data), load_mapping(), **kwargs)  # type: ignore[arg-type]


def variants(engine: Engine) -> dict[str, dict[str, object]]:
    with engine.connect() as conn:
        return {r.sku: dict(r._mapping) for r in conn.execute(select(catalogue_variants))}


def products(engine: Engine) -> dict[str, dict[str, object]]:
    with engine.connect() as conn:
        return {r.handle: dict(r._mapping) for r in conn.execute(select(catalogue_products))}


# -- the fixture imports --------------------------------------------------------------------------

def test_the_shopify_export_becomes_products_and_variants(central: Engine) -> None:
    report = run_import(central, FIXTURE.read_bytes())
    assert report.imported and not report.bad
    assert (report.products, report.variants, report.image_rows) == (5, 9, 1)
    made = products(central)
    assert set(made) == {"birkenstock-arizona-soft-footbed-suede", "blundstone-550-chelsea-boot",
                         "veja-v10-sample-white-natural", "mocassins-cuir-ete", "shoe-care-kit"}
    boot = made["blundstone-550-chelsea-boot"]
    assert (boot["brand"], boot["name"]) == ("Blundstone", "550 Chelsea Boot")
    assert boot["tags"] == ["clearance", "final_sale"]  # "Final Sale" and "clearance" mapped
    assert made["veja-v10-sample-white-natural"]["tags"] == ["one_of_a_kind"]
    assert made["shoe-care-kit"]["tags"] == ["accessory", "bundle"]
    assert made["mocassins-cuir-ete"]["name"] == "Mocassins en cuir été"
    assert boot["id"] == product_id_for("blundstone-550-chelsea-boot")
    got = variants(central)
    assert len(got) == 9
    # Option names only on the handle's first row (as Shopify writes them), in either order
    mocha = got["BIR-ARZ-MOC-40"]
    assert (mocha["colour"], mocha["size"], mocha["barcode"]) == ("Mocha", "40", "4040887703409")
    assert (got["BLU-550-RB-9"]["size"], got["BLU-550-RB-9"]["colour"]) == ("9", "Rustic Brown")
    assert (got["MCE-42-COG"]["size"], got["MCE-42-COG"]["colour"]) == ("42", "Cognac")  # Pointure
    assert got["BLU-550-RB-9"]["barcode"] is None
    assert got["BLU-550-RB-8"]["price"] == Decimal("179.95")
    assert got["BLU-550-RB-8"]["compare_at_price"] == Decimal("239.95")
    assert got["BLU-550-RB-8"]["tags"] == ["sale"]  # compare-at above the price
    assert got["VEJ-V10-SMP-01"]["price"] == Decimal("95.00")
    assert (got["VEJ-V10-SMP-01"]["size"], got["VEJ-V10-SMP-01"]["colour"]) == ("", "")
    assert got["BIR-ARZ-TAU-38"]["id"] == variant_id_for("BIR-ARZ-TAU-38")
    assert set(report.unmapped_tags) >= {"boots", "sandals", "winter"}


def test_re_importing_updates_and_never_duplicates(central: Engine) -> None:
    run_import(central, FIXTURE.read_bytes())
    ids = {sku: v["id"] for sku, v in variants(central).items()}
    with central.connect() as conn:
        logged = conn.execute(select(func.count()).select_from(changes)).scalar_one()
    again = run_import(central, FIXTURE.read_bytes())
    assert (again.products_written, again.variants_written) == (0, 0)
    with central.connect() as conn:  # nothing changed: nothing more for the tills to pull
        assert conn.execute(select(func.count()).select_from(changes)).scalar_one() == logged
    changed = FIXTURE.read_text("utf-8").replace("179.95", "169.95").replace(
        "550 Chelsea Boot", "550 Chelsea Boot (Rustic)")
    report = run_import(central, changed.encode())
    assert (report.products_written, report.variants_written) == (1, 2)
    got = variants(central)
    assert len(got) == 9 and {sku: v["id"] for sku, v in got.items()} == ids
    assert got["BLU-550-RB-9"]["price"] == Decimal("169.95")
    assert products(central)["blundstone-550-chelsea-boot"]["name"] == "550 Chelsea Boot (Rustic)"
    assert len(products(central)) == 5


def test_a_variant_the_order_feed_made_keeps_its_id_when_the_catalogue_brings_it(
        central: Engine) -> None:
    """Ids that tills already hold (from an order line with an unknown SKU) are kept."""
    first, pid = uuid.uuid4(), uuid.uuid4()
    with central.begin() as conn:
        conn.execute(insert(catalogue_products).values(
            id=pid, handle="from-an-order", name="Boot", tags=[], updated_at=datetime.now(UTC)))
        conn.execute(insert(catalogue_variants).values(
            id=first, product_id=pid, sku="BLU-550-RB-9", price=Decimal("1.00"), tags=[],
            from_order=True, updated_at=datetime.now(UTC)))
    run_import(central, FIXTURE.read_bytes())
    boot = variants(central)["BLU-550-RB-9"]
    assert boot["id"] == first and boot["from_order"] is False
    assert boot["product_id"] == product_id_for("blundstone-550-chelsea-boot")


# -- wrong rows -----------------------------------------------------------------------------------

GOOD = csv_row(Handle="good-boot", Title="Good Boot", Vendor="Acme", Option1_Name="Size",
               Option1_Value="9", Variant_SKU="GB-9", Variant_Price="100.00")


def bad_file(card: str) -> bytes:
    return csv_file(
        GOOD,                                                                           # line 2
        csv_row(Handle="good-boot", Option1_Value="10", Variant_Price="100.00"),        # 3 no SKU
        csv_row(Handle="good-boot", Option1_Value="11", Variant_SKU="GB-11",
                Variant_Price="12,5O"),                                                 # 4 price
        csv_row(Handle="good-boot", Option1_Value="12", Variant_SKU="GB-12",
                Variant_Price="-5.00"),                                                 # 5 negative
        csv_row(Handle="good-boot", Option1_Value="13", Variant_SKU="GB-9",
                Variant_Price="100.00"),                                                # 6 dup SKU
        csv_row(Handle="good-boot", Option1_Value="14", Variant_SKU="GB-14",
                Variant_Price="100.00", Variant_Barcode="0000000000017"),               # 7 barcode
        csv_row(Handle="good-boot", Option1_Value="15", Variant_SKU="GB-15",
                Variant_Price="100.00", SEO_Description=f"card {card}"),                # 8 card
        csv_row(Handle="good-boot", Option1_Value="16", Variant_SKU="GB-16",
                Variant_Price="100.00") + ",extra",                                     # 9 columns
        csv_row(Handle="good-boot", Option1_Value="17", Variant_SKU="GB-17",
                Variant_Price="110.00"),                                                # 10 good
    ).replace(b"GB-17,", b"GB-17,", 1) + "bad-utf8,Bad \xff\xfe,".encode("latin-1") + (
        b"," * (WIDTH - 3)) + b"\n"                                                      # 11 utf-8


EXPECTED = {3: "no Variant SKU", 4: "'12,5O' is not an amount", 5: "negative",
            6: "on line 2 already", 7: "is on SKU 'OTHER-1' in the catalogue already",
            8: "full card number", 9: "more than the header's", 11: "not UTF-8"}


def _with_barcode_elsewhere(central: Engine) -> None:
    pid = uuid.uuid4()
    with central.begin() as conn:
        conn.execute(insert(catalogue_products).values(
            id=pid, handle="other", name="Other", tags=[], updated_at=datetime.now(UTC)))
        conn.execute(insert(catalogue_variants).values(
            id=uuid.uuid4(), product_id=pid, sku="OTHER-1", barcode="0000000000017",
            price=Decimal("1.00"), tags=[], updated_at=datetime.now(UTC)))


def test_wrong_rows_are_listed_by_line_and_nothing_is_imported(central: Engine) -> None:
    _with_barcode_elsewhere(central)
    card = "4111 1111 1111 1111"
    with pytest.raises(NothingImported) as refused:
        run_import(central, bad_file(card))
    bad = {b.line: b.reason for b in refused.value.report.bad}
    assert set(bad) == set(EXPECTED), bad
    for line, words in EXPECTED.items():
        assert words in bad[line], (line, bad[line])
    assert all(card not in r and "4111" not in r for r in bad.values())  # never repeated
    assert "good-boot" not in products(central) and set(variants(central)) == {"OTHER-1"}


def test_skip_bad_rows_imports_the_good_ones_and_lists_the_rest(central: Engine) -> None:
    _with_barcode_elsewhere(central)
    report = run_import(central, bad_file("4111-1111-1111-1111"), skip_bad_rows=True)
    assert report.imported and {b.line for b in report.bad} == set(EXPECTED)
    assert set(variants(central)) == {"OTHER-1", "GB-9", "GB-17"}
    with central.connect() as conn:
        assert not conn.execute(text("SELECT 1 FROM catalogue_variants WHERE sku = 'GB-15'")
                                ).first()


def test_a_file_that_is_no_shopify_export_is_refused_whole(central: Engine) -> None:
    with pytest.raises(CatalogueFileError, match="no Handle, Title, Variant SKU, Variant Price columns"):
        run_import(central, b"Name,Price\nBoot,12.00\n")
    with pytest.raises(CatalogueFileError, match="empty"):
        run_import(central, b"")


def test_the_command_says_it_in_words_and_exits_2(central: Engine, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    url = central.url.render_as_string(hide_password=False)
    if central.dialect.name == "sqlite":
        url = central.url.database or ""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(GOOD, csv_row(Handle="good-boot", Option1_Value="10",
                                           Variant_Price="100.00")))
    assert main(["central", "catalogue", "import", "--db", url, str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 3: the variant has no Variant SKU" in err
    assert "Nothing was imported: 1 row of" in err and "--skip-bad-rows" in err
    assert main(["central", "catalogue", "import", "--db", url, "--skip-bad-rows",
                 str(bad)]) == 0
    out = capsys.readouterr()
    assert "1 wrong row was left out" in out.out and "line 3:" in out.err
    assert main(["central", "catalogue", "import", "--db", url, str(FIXTURE)]) == 0
    assert "7 shop tags are not policy tags" in capsys.readouterr().out
    assert main(["central", "catalogue", "import", "--db", url,
                 str(tmp_path / "missing.csv")]) == 2
    assert "cannot be read" in capsys.readouterr().err


# -- the tag mapping ------------------------------------------------------------------------------

def test_the_chains_tag_mapping_overrides_the_default(central: Engine, tmp_path: Path) -> None:
    mapping = tmp_path / "tags.toml"
    mapping.write_text('[tags]\n"Winter" = "final_sale"\n"clearance" = ""\n'
                       '"Soldes d\'été" = "sale"\n', "utf-8")
    report = import_catalogue(central, io.BytesIO(FIXTURE.read_bytes()),
                              load_mapping(mapping))
    made = products(central)
    assert made["blundstone-550-chelsea-boot"]["tags"] == ["final_sale"]  # clearance dropped
    assert made["mocassins-cuir-ete"]["tags"] == ["sale"]
    assert "winter" not in report.unmapped_tags
    as_json = tmp_path / "tags.json"
    as_json.write_text('{"tags": {"Boots": "accessory"}}', "utf-8")
    assert load_mapping(as_json).policy_tags(["BOOTS", "final-sale"]) == ["accessory",
                                                                            "final_sale"]


@pytest.mark.parametrize("content, words", [
    ('[tags]\n"Winter" = "free_returns"\n', "not a policy tag"),
    ("[tags\n", "is not TOML"),
    ('[other]\nx = "sale"\n', "no table of tags"),
])
def test_a_wrong_mapping_file_is_refused_in_words(tmp_path: Path, content: str,
                                                  words: str) -> None:
    path = tmp_path / "tags.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(TagMappingError, match=words):
        load_mapping(path)


# -- the pull to a till, and the scan -------------------------------------------------------------

def _pull_all(engine: Engine, store_id: uuid.UUID, till: object) -> int:
    cursor, applied = Cursor(), 0
    while True:
        batch = pull_changes(engine, store_id, cursor, limit=4)  # several batches
        batch = ChangeBatch.from_json(batch.to_json())  # as it travels
        applied += till.local.apply_changes(batch, datetime.now(UTC))  # type: ignore[attr-defined]
        cursor = batch.cursor
        if not batch.more:
            return applied


def test_an_imported_barcode_scans_at_a_till_after_its_pull(central: Engine,
                                                            tmp_path: Path) -> None:
    run_import(central, FIXTURE.read_bytes())
    till = make_till(tmp_path / "till.db")
    store = till.actor.store_id
    # On PostgreSQL the pull runs as the service runs it for the till: in the store's context.
    engine = (store_engine(central.url.render_as_string(hide_password=False), store)
              if central.dialect.name == "postgresql" else central)
    with till.sessions() as s, pytest.raises(NothingMatches):
        find_item(s, "4040887703409")
    assert _pull_all(engine, store, till) >= 14  # a variant's product comes with it each time
    with till.sessions() as s:
        assert s.execute(text("SELECT count(*) FROM products WHERE style_code IN "
                              "('shoe-care-kit', 'mocassins-cuir-ete', 'blundstone-550-chelsea-"
                              "boot', 'veja-v10-sample-white-natural', 'birkenstock-arizona-"
                              "soft-footbed-suede')")).scalar_one() == 5
        item = find_item(s, " 4040887703409 ")
        assert item.description == "Birkenstock Arizona Soft Footbed Suede, Mocha, size 40"
        assert item.list_price == Decimal("155.00")
        assert item.variant_id == variant_id_for("BIR-ARZ-MOC-40")
        no_barcode = find_item(s, "BLU-550-RB-9")  # no barcode: the SKU scans
        assert no_barcode.tags == ("clearance", "final_sale", "sale")
        assert find_item(s, "931235500808").code == "931235500808"  # UPC-A
        assert find_item(s, "0931235500808").code == "931235500808"  # read as EAN-13
        with pytest.raises(InvalidInput):
            find_item(s, "4111 1111 1111 1111")  # a card number is no product code
    # A price change reaches the till at the next pull; nothing is duplicated there.
    run_import(central, FIXTURE.read_text("utf-8").replace("155.00", "139.00").encode())
    _pull_all(engine, store, till)
    with till.sessions() as s:
        assert find_item(s, "4040887703409").list_price == Decimal("139.00")
        assert s.execute(text("SELECT count(*) FROM variants WHERE upc LIKE '40408877%'")
                         ).scalar_one() == 3


def test_head_office_imports_and_a_set_up_till_scans_after_sync_over_http(
        service: Service, home: Path) -> None:
    """The real path: the command on the central database, the service on loopback, a till set
    up with an enrolment code, `storepos sync --once`, then the barcode at the counter."""
    from storepos.paths import default_database_path
    from storepos.persistence.db import make_engine, make_session_factory

    imported = storepos("central", "catalogue", "import", "--db", service.db, str(FIXTURE))
    assert imported.returncode == 0, imported.stderr
    assert "5 products and 9 variants" in imported.stdout
    add_store(service.db, "TOR1")
    done = storepos("setup", "--central", service.url, "--code",
                    enrol_code(service.db, "TOR1", "Till 1"))
    assert done.returncode == 0, done.stderr
    synced = storepos("sync", "--once")
    assert synced.returncode == 0, synced.stderr
    engine = make_engine(str(default_database_path()))
    try:
        with make_session_factory(engine)() as s:
            item = find_item(s, "3000000000427")
            assert item.description == "Maison Côté Mocassins en cuir été, Cognac, size 42"
            assert item.list_price == Decimal("129.00")
            assert find_item(s, "3780227900013").tags == ("one_of_a_kind",)
            assert find_item(s, "BLU-550-RB-9").code == "BLU-550-RB-9"  # no barcode: its SKU
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_store_cannot_write_the_catalogue(central_pg: str) -> None:
    """The pull reads the catalogue in the store's context; that context writes none of it."""
    central = make_central_engine(central_pg)
    run_import(central, FIXTURE.read_bytes())
    store = store_engine(central_pg, uuid.uuid4())
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(catalogue_variants)).scalar_one() == 9
    from sqlalchemy.exc import ProgrammingError
    with pytest.raises(ProgrammingError, match="permission denied"), store.begin() as conn:
        conn.execute(update(catalogue_variants).values(price=Decimal("0.01")))
    central.dispose()


# -- never a traceback ----------------------------------------------------------------------------

CELLS = st.sampled_from(["", "x", "9", "12.50", "12,5O", "-1", '"', "a,b", "\n", "Size", "Color",
                         "4111111111111111", "\xff", "\x00", "good-boot", "GB-1", "0000000000017",
                         "Final Sale, clearance", "é" * 300])
LINES = st.one_of(st.binary(max_size=80),
                  st.lists(CELLS, max_size=WIDTH + 2).map(lambda c: ",".join(c).encode("utf-8")),
                  st.lists(CELLS, min_size=WIDTH, max_size=WIDTH).map(
                      lambda c: ",".join(c).encode("utf-8")))


def _import_anything(engine: Engine, data: bytes, skip: bool) -> None:
    """Whatever the bytes: a report, NothingImported or CatalogueFileError, in words."""
    try:
        report = run_import(engine, data, skip_bad_rows=skip)
    except NothingImported as refused:
        report = refused.report
        assert refused.report.bad
    except CatalogueFileError as exc:
        assert str(exc)
        return
    assert all(b.line >= 2 and b.reason for b in report.bad)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINES, max_size=8), skip=st.booleans())
def test_any_rows_after_the_header_never_traceback(central: Engine, lines: list[bytes],
                                                   skip: bool) -> None:
    _import_anything(central, HEADER.encode() + b"\n" + b"\n".join(lines), skip)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_at_all_never_traceback(central: Engine, data: bytes) -> None:
    _import_anything(central, data, True)


# -- the till's migration -------------------------------------------------------------------------

def test_a_till_with_stock_takes_the_catalogue_lengths_in_place(tmp_path: Path) -> None:
    """0007 on SQLite rewrites the declared lengths: a rebuild of `variants` would be refused by
    the foreign keys of the stock that points at it."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import storepos.persistence.models  # noqa: F401
    from storepos.persistence.base import Base
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import current_revision
    from storepos.persistence.migrate import upgrade as upgrade_till
    from storepos.persistence.models import Product, Variant
    from tests.factories import make_product, make_store

    engine = make_engine(str(tmp_path / "old-till.db"))
    upgrade_till(engine, "0007b_chain_key")  # the revision before 0007_catalogue
    sessions = make_session_factory(engine)
    with sessions() as s:
        make_product(s, make_store(s))  # variants with stock levels pointing at them
        s.commit()
    upgrade_till(engine, "0007_catalogue")
    assert current_revision(engine) == "0007_catalogue"
    upgrade_till(engine)  # and on to the head, with the stock still pointing at its variants
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    with sessions() as s:
        product = Product(style_code="h" * 255, brand="b" * 120, name="n" * 255)
        s.add(product)
        s.flush()
        s.add(Variant(product_id=product.id, colour="c" * 60, size="s" * 30, upc="U" * 64,
                      list_price=Decimal("1.00")))
        s.commit()
        assert s.scalar(select(func.count()).select_from(Variant)) == 4
    engine.dispose()


# -- card numbers, wherever they hide -------------------------------------------------------------

def _luhn_valid_ean13() -> str:
    """An EAN-13 barcode that also passes the Luhn check and starts like a Visa card."""
    from storepos.central.catalogue.shopify_csv import is_gtin
    from storepos.domain.cards import luhn_ok
    for n in range(400000000000, 400000001000):
        body = str(n)
        for check in "0123456789":
            if is_gtin(body + check) and luhn_ok(body + check):
                return body + check
    raise AssertionError("none found")


@pytest.mark.parametrize("column, value", [
    ("Variant_Barcode", "4111111111111111"),  # 16 digits: no GTIN length
    ("Title", "Boot \uff14\uff11\uff11\uff11 1111 1111 1111"),  # full-width digits
    ("Tags", "vip, 5500-0000-0000-0004"),
    ("Body_(HTML)", "<p>paid with 4111\u200b1111\u200b1111\u200b1111</p>"),
])
def test_a_card_number_in_any_column_refuses_the_row(column: str, value: str) -> None:
    from storepos.central.catalogue.shopify_csv import BadRow, ShopifyExport
    values = {"Handle": "good-boot", "Title": "Good Boot", "Variant_SKU": "GB-1",
              "Variant_Price": "10.00", column.replace(" ", "_"): value}
    rows = list(ShopifyExport(io.BytesIO(csv_file(csv_row(**values)))))
    assert [type(r) for r in rows] == [BadRow]
    assert "full card number" in rows[0].reason and value not in rows[0].reason


def test_a_barcode_that_happens_to_pass_luhn_is_still_a_barcode() -> None:
    from storepos.central.catalogue.shopify_csv import ShopifyExport, VariantRow
    code = _luhn_valid_ean13()
    rows = list(ShopifyExport(io.BytesIO(csv_file(csv_row(
        Handle="good-boot", Title="Good Boot", Variant_SKU="GB-1", Variant_Price="10.00",
        Variant_Barcode=code)))))
    assert any(isinstance(r, VariantRow) and r.barcode == code for r in rows)


def test_a_nul_character_is_a_wrong_row_not_a_database_error(central: Engine) -> None:
    """PostgreSQL refuses NUL in text: the row is refused by its line before it gets there."""
    data = csv_file(GOOD, csv_row(Handle="nul-boot", Title="Boot\x00", Variant_SKU="NB-1",
                                  Variant_Price="10.00"))
    report = run_import(central, data, skip_bad_rows=True)
    assert [(b.line, "NUL" in b.reason) for b in report.bad] == [(3, True)]
    assert set(variants(central)) == {"GB-9"}


def test_a_shoe_the_till_had_under_another_id_is_updated_not_doubled(central: Engine,
                                                                     tmp_path: Path) -> None:
    """A till that knew a barcode already (an order document brought the shoe) keeps its own row
    under its own id, which takes the catalogue's style, colour, size and price: one row a code."""
    from storepos.persistence.models import Product, Variant
    from tests.factories import make_product

    till = make_till(tmp_path / "till.db")
    with till.sessions() as s:
        shoes = make_product(s, None, sizes=("38", "99"), price="1.00")
        mine = shoes["38"]
        mine.upc = "4040887702389"  # BIR-ARZ-TAU-38's barcode, under the till's own id
        shoes["99"].upc = "4040887702396"  # BIR-ARZ-TAU-39's barcode, on another style here
        s.commit()
        mine_id, other_product = mine.id, mine.product_id
    run_import(central, FIXTURE.read_bytes())
    _pull_all(central if central.dialect.name == "sqlite" else store_engine(
        central.url.render_as_string(hide_password=False), till.actor.store_id),
        till.actor.store_id, till)
    with till.sessions() as s:
        item = find_item(s, "4040887702389")
        assert item.variant_id == mine_id and item.list_price == Decimal("155.00")
        assert item.product_id == product_id_for("birkenstock-arizona-soft-footbed-suede")
        assert s.scalar(select(func.count()).select_from(Variant)
                        .where(Variant.upc == "4040887702389")) == 1
        # the till's size "99" row held TAU-39's barcode: it becomes TAU-39, not a second row
        assert s.scalar(select(func.count()).select_from(Variant)
                        .where(Variant.upc == "4040887702396")) == 1
        assert find_item(s, "4040887702396").size == "39"
        assert find_item(s, "BLU-550-RB-9").list_price == Decimal("179.95")
        assert s.get(Product, other_product) is not None


def test_a_barcode_another_shoe_of_the_till_holds_is_left_and_the_rest_applies(
        central: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from tests.factories import make_product

    till = make_till(tmp_path / "till.db")
    engine = central if central.dialect.name == "sqlite" else store_engine(
        central.url.render_as_string(hide_password=False), till.actor.store_id)
    run_import(central, FIXTURE.read_bytes())
    _pull_all(engine, till.actor.store_id, till)
    with till.sessions() as s:
        theirs = make_product(s, None, sizes=("1",))["1"]
        theirs.upc = "0012345678905"  # a shoe of the till's own, outside the catalogue
        s.commit()
    moved = FIXTURE.read_text("utf-8").replace("4040887702389", "0012345678905").replace(
        "129.00", "99.00")
    run_import(central, moved.encode())
    with caplog.at_level("WARNING"):
        _pull_all(engine, till.actor.store_id, till)
    assert "its code or size is another's here" in caplog.text
    with till.sessions() as s:
        assert find_item(s, "0012345678905").variant_id == theirs.id  # not taken over
        assert find_item(s, "4040887702389").variant_id == variant_id_for("BIR-ARZ-TAU-38")
        assert find_item(s, "3000000000410").list_price == Decimal("99.00")  # the rest applied
