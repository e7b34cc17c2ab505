"""Head office reads the catalogue and web shop import errors in STOREPOS_LANG: Québec French here,
the file's own column and key names left as the file has them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from storepos.central.catalogue.shopify_csv import BadRow, CatalogueFileError, ShopifyExport
from storepos.central.catalogue.tag_mapping import TagMappingError, load_mapping
from storepos.central.webshop import storepos_format
from storepos.central.webshop.model import OrderRefused
from storepos.i18n import speaking

HEADER = b"Handle,Title,Vendor,Tags,Variant SKU,Variant Price,Variant Barcode\n"


def test_a_shopify_export_s_rows_refused_in_french() -> None:
    data = HEADER + (b"boot,Boot,Acme,,B-1,10.00,\n"
                     b"boot,,,,B-1,11.00,\n"
                     b"boot,,,,B-2,-5.00,\n"
                     b"shoe,Shoe,Acme,,S-1,12.00\n")
    with speaking("fr_CA"):
        said = [row.sentence() for row in ShopifyExport(io.BytesIO(data))
                if isinstance(row, BadRow)]
    assert said == [
        "ligne 3 : l'UGS 'B-1' est déjà à la ligne 2",
        "ligne 4 : la valeur -5.00 de Variant Price est négative",
        "ligne 5 : elle a 6 champs, moins que les 7 de l'en-tête (une virgule de trop ou un "
        "guillemet manquant?)",
    ]


def test_a_file_that_is_no_export_and_a_bad_tag_file_in_french(tmp_path: Path) -> None:
    with speaking("fr_CA"), pytest.raises(CatalogueFileError) as caught:
        list(ShopifyExport(io.BytesIO(b"Name,Price\nx,1\n")))
    assert str(caught.value).startswith("Ce n'est pas une exportation de produits Shopify : "
                                        "l'en-tête n'a aucune des colonnes Handle, Title")
    tags = tmp_path / "tags.toml"
    tags.write_text('[tags]\n"Clearance" = "nope"\n', encoding="utf-8")
    with speaking("fr_CA"), pytest.raises(TagMappingError) as refused:
        load_mapping(tags)
    assert f"{tags} : l'étiquette de boutique 'Clearance' correspond à 'nope', qui n'est pas" in str(
        refused.value)


def test_a_web_order_refused_in_french() -> None:
    order = {"id": "7", "number": "1001", "billing_last_name": "Roy", "placed_on": "2026-12-01",
             "lines": [{"id": "1", "sku": "B-1", "quantity": 1, "price": "12.555"}]}
    with speaking("fr_CA"), pytest.raises(OrderRefused) as caught:
        storepos_format.read_order(order)
    assert str(caught.value) == "commande 1001 : le prix de la ligne 1 : '12.555' a plus de deux décimales"


def test_a_shopify_order_refused_or_warned_about_in_french() -> None:
    from storepos.central.webshop import shopify

    order = {"id": 42, "name": "#1002", "billing_address": {"last_name": "Roy"},
             "created_at": "2026-12-01T10:00:00-05:00",
             "line_items": [{"id": 1, "sku": "B-1", "quantity": 1, "price": "20.00",
                             "vendor": "4111 1111 1111 1111"}],
             "transactions": [{"kind": "sale", "status": "success", "amount": "twenty",
                               "gateway": "shopify_payments"}]}
    with speaking("fr_CA"), pytest.raises(OrderRefused) as caught:
        shopify.read_order(order)
    assert str(caught.value) == (
        "commande #1002 : le montant de la transaction 1 : 'twenty' n'est pas un montant")
    order["transactions"] = []
    order["line_items"][0]["quantity"] = 0  # type: ignore[index]
    with speaking("fr_CA"), pytest.raises(OrderRefused) as caught:
        shopify.read_order(order)
    assert str(caught.value) == (
        "commande #1002 : la ligne 1 a la quantité 0, pas un nombre entier de 1 ou plus")
    order["line_items"][0]["quantity"] = 1  # type: ignore[index]
    del order["created_at"]
    with speaking("fr_CA"), pytest.raises(OrderRefused) as caught:
        shopify.read_order(order)
    assert str(caught.value) == "commande #1002 : son created_at n'est pas une date et une heure"
    order["created_at"] = "2026-12-01T10:00:00-05:00"
    with speaking("fr_CA"):
        read = shopify.read_order(order)
        assert shopify.order_name([]) == "une commande qui n'est pas un objet JSON"
    assert read.warnings == [
        "commande #1002 : le fournisseur de la ligne 1 contenait ce qui ressemble à un numéro de "
        "carte complet; ce champ a été omis."]


def test_what_an_order_import_did_each_count_in_its_plural() -> None:
    from storepos.commands.central_webshop import imported_words

    with speaking("fr_CA"):
        assert imported_words(3, 1, 2, 0, 1, 4) == (
            "3 commandes importées : 1 nouvelle, 2 mises à jour, 0 plus ancienne que ce qui était "
            "là (laissée telle quelle); 1 commande refusée; 4 avertissements")
    assert imported_words(1, 1, 0, 0, 0, 1) == (
        "Imported 1 order: 1 new, 0 updated, 0 older than what was here (left as they were); "
        "0 refused orders; 1 warning")


def test_what_a_catalogue_import_did_each_count_in_its_plural() -> None:
    from storepos.commands.central import catalogue_imported_words

    with speaking("fr_CA"):
        assert catalogue_imported_words("p.csv", 5, 1, 0, 1, 2) == (
            "p.csv importé : 5 produits et 1 variante; 0 produit et 1 variante ajoutés ou "
            "modifiés, le reste inchangé; 2 lignes d'image ignorées. Les caisses reçoivent les "
            "changements à leur prochaine réception de données.")
    assert catalogue_imported_words("p.csv", 1, 2, 1, 2, 0).startswith(
        "Imported p.csv: 1 product and 2 variants; 1 product and 2 variants added or changed")
