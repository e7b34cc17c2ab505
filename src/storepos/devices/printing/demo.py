"""A demo transaction: one of every document, filled the way the counter services will fill them.

Used by `storepos print demo`, the tests and the benchmarks. The names and products are made up;
they carry the accents and symbols the stores print (é, ü, ß, €, £). A French store's demo
(`locale` fr_*) is made of French facts (products, notes, the policy's sentences), as a Québec
store's own records are: its documents are then French from top to bottom.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from storepos.devices.printing import documents as d

D = Decimal


def _in(french: bool, english: str, french_text: str) -> str:
    return french_text if french else english


def demo_store(locale: str = "en_CA") -> d.StoreInfo:
    french = locale.startswith("fr")
    return d.StoreInfo(
        name="SoftMoc Côte-des-Neiges" if french else "SoftMoc Eaton Centre",
        address=("5150 ch. de la Côte-des-Neiges\nMontréal QC H3T 1X8" if french
                 else "220 Yonge St, Unit 1127\nToronto ON M5B 2H1"),
        phone="514 555-0199" if french else "416-555-0134",
        time_zone="America/Toronto",
        locale=locale,
        currency="CAD",
        banner="SoftMoc",
        returns_address=_returns_centre(french),
        website="softmoc.example",
        footer=("Remboursement sous 75 jours avec reçu." if french
                else "Refunds within 75 days with your receipt."),
    )


def demo_header(locale: str = "en_CA", when: datetime | None = None) -> d.Header:
    return d.Header(
        store=demo_store(locale),
        when=when or datetime(2025, 2, 1, 19, 5, 30, tzinfo=UTC),
        till="T01",
        employee="Hélène Côté",
    )


def demo_documents(locale: str = "en_CA", when: datetime | None = None) -> list[object]:
    """Refund, exchange, store credit, gift card, return slip, pickup, warranty: in that order."""
    h = demo_header(locale, when)
    fr = locale.startswith("fr")
    refund, exchange = _return_receipts(h, fr)
    credit, gift = _value_card_slips(h, french=fr)
    return [refund, exchange, credit, gift, _return_slip(h, fr), _pickup_receipt(h, fr),
            _warranty_ticket(h, fr)]


def _returns_centre(fr: bool) -> str:
    return (_in(fr, "SoftMoc Returns Centre", "Centre des retours SoftMoc")
            + "\n1400 Castlefield Ave\nToronto ON M6B 4C4")


def _return_receipts(h: d.Header, fr: bool) -> tuple[d.RefundReceipt, d.ExchangeReceipt]:
    """A refund of two lines (one with a restocking fee) to two tenders; an exchange for a size up."""
    boots = d.Item(
        _in(fr, "Blundstone 500 Chelsea Boot — Rustic Brown",
            "Botte Chelsea Blundstone 500 — brun rustique"), sku="BLU-500-RB", size="9",
        colour=_in(fr, "Brown", "Brun"),
        amount=D("151.96"), restocking_fee=D("37.99"), reason="change_of_mind", decision="refund",
        policy_reasons=(
            _in(fr, "Returned 27 days after purchase, within the 75-day refund window.",
                "Retourné 27 jours après l'achat, dans le délai de remboursement de 75 jours."),
            _in(fr, "Change of mind: a 20 % restocking fee applies.",
                "Changement d'avis : des frais de remise en stock de 20 % s'appliquent.")),
    )
    sneakers = d.Item(
        "Über Leicht Runner Größe 42", sku="UL-RUN-42", size="42 EU", colour="Weiß",
        amount=D("89.00"), reason="wrong_size", decision="refund",
        policy_reasons=(_in(fr, "Wrong size, unworn and in the original box: full refund.",
                            "Mauvaise pointure, jamais portée, dans sa boîte d'origine : "
                            "remboursement complet."),),
    )
    refund = d.RefundReceipt(
        h, return_id="R-T01-000123", order_number="SM-100234", items=(boots, sneakers),
        tenders=(d.TenderLine("card", D("200.00"), card_brand="VISA", card_last4="1234"),
                 d.TenderLine("cash", D("40.96"))),
        customer="Amélie Müller-Straße", shipping_not_refunded=D("9.95"),
    )
    exchange = d.ExchangeReceipt(
        h, return_id="R-T01-000124", order_number="SM-100240",
        returned=(d.Item("Dr. Martens 1460 Smooth", sku="DM-1460-BK", size="8",
                         colour=_in(fr, "Black", "Noir"),
                         amount=D("189.99"), reason="wrong_size"),),
        issued=(d.Item("Dr. Martens 1460 Smooth", sku="DM-1460-BK", size="9",
                       colour=_in(fr, "Black", "Noir"),
                       amount=D("199.99")),),
        collected=(d.TenderLine("card", D("10.00"), card_brand="MASTERCARD",
                                card_last4="4417"),),
        customer="François Lefèvre",
    )
    return refund, exchange


def _value_card_slips(h: d.Header, *, french: bool) -> tuple[d.ValueCardSlip, d.ValueCardSlip]:
    """Store credit from a return and a gift card sold, their terms in the store's language."""
    credit = d.ValueCardSlip(
        h, account_kind="store_credit", number="SC-T01-00004217", amount=D("64.50"),
        balance=D("64.50"), customer="Amélie Müller-Straße", return_id="R-T01-000125",
        terms=(("Le crédit en magasin n'expire jamais et n'est pas transférable.",) if french
               else ("Store credit never expires and is not transferable.",)),
    )
    gift = d.ValueCardSlip(
        h, account_kind="gift_card", number="GC-T01-00001029", amount=D("50.00"),
        balance=D("50.00"),
        terms=(("Valable dans tout magasin SoftMoc et en ligne. Non monnayable.",) if french
               else ("Use in any SoftMoc store or online. Not redeemable for cash.",)),
    )
    return credit, gift


def _return_slip(h: d.Header, fr: bool) -> d.ReturnSlip:
    return d.ReturnSlip(
        h, return_id="R-T01-000126", order_number="SM-100251",
        items=(d.Item(_in(fr, "Birkenstock Arizona — Taupe Suède", "Birkenstock Arizona — suède taupe"),
                      sku="BIR-AZ-TP", size="39", reason="defective", decision="replacement",
                      policy_reasons=(_in(fr, "Defect confirmed at the counter: replacement.",
                                          "Défaut confirmé au comptoir : remplacement."),)),),
        customer="Zoë O'Brien", ship_to=_returns_centre(fr),
        instructions=(_in(fr, "Put this slip inside the parcel, on top of the shoe box.",
                          "Mettez ce bordereau dans le colis, sur la boîte à chaussures."),),
    )


def _pickup_receipt(h: d.Header, fr: bool) -> d.PickupReceipt:
    return d.PickupReceipt(
        h, pickup_number="P-T01-000077", order_number="SM-100262",
        items=(d.Item(_in(fr, "UGG Classic Mini II — Chestnut", "UGG Classic Mini II — châtaigne"),
                      sku="UGG-CM2-CH", size="7"),
               d.Item(_in(fr, "Shoe care kit", "Trousse d'entretien pour chaussures"),
                      sku="ACC-CARE-01")),
        customer="Søren Kierkegaard", collected_by="Anna Kierkegaard", id_checked=True,
        id_kind=_in(fr, "driver's licence", "permis de conduire"),
        tenders=(d.TenderLine("cash", D("24.95")),),
    )


def _warranty_ticket(h: d.Header, fr: bool) -> d.WarrantyTicket:
    return d.WarrantyTicket(
        h, claim_number="W-T01-000031",
        item=d.Item(_in(fr, "Timberland 6-inch Premium Boot", "Botte Timberland 6 po Premium"),
                    sku="TB-6IN-WH", size="10", colour=_in(fr, "Wheat", "Blé")),
        customer="Jürgen Weiß", order_number="SM-099871", purchased_on=date(2024, 9, 3),
        proof_of_purchase=_in(fr, "Receipt SM-099871", "Reçu SM-099871"),
        defect=_in(fr, "Sole separation", "Décollement de la semelle"),
        description=_in(fr, "Left sole separating at the toe after five months of normal wear.",
                        "La semelle gauche se décolle au bout après cinq mois d'usage normal."),
        findings=((
            "Semelle décollée sur 4 cm au bout renforcé.",
            "Aucune trace de mauvais usage ni de dommage par la chaleur.",
            "Usure normale pour l'âge de la botte.") if fr else (
            "Sole separated 4 cm at the toe cap.", "No sign of misuse or heat damage.",
            "Normal wear for the age.")),
        status="submitted",
        next_steps=(("Un gérant décide d'ici 2 jours ouvrables.",
                     "Nous vous appelons au numéro à votre dossier.") if fr else (
                    "A manager decides within 2 business days.",
                    "We call you at the number on file.")),
        photos=3,
    )


def _demo_photo(label: str, hue: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    """A made-up inspection photo (Pillow, imported only here): a sole with a marked defect."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (235, 232, 226))
    pen = ImageDraw.Draw(image)
    w, h = size
    pen.rounded_rectangle([w * 0.12, h * 0.2, w * 0.88, h * 0.8], radius=int(h * 0.25), fill=hue,
                          outline=(60, 50, 40), width=4)
    pen.rounded_rectangle([w * 0.16, h * 0.3, w * 0.84, h * 0.7], radius=int(h * 0.18),
                          fill=tuple(min(255, c + 40) for c in hue))
    pen.ellipse([w * 0.7, h * 0.3, w * 0.9, h * 0.55], outline=(200, 30, 30), width=6)
    pen.text((12, 10), label, fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def demo_reports(locale: str = "en_CA", when: datetime | None = None) -> list[object]:
    """Mail-back return form, warranty claim report (with photos), end-of-day returns report."""
    from storepos.devices.printing import reports as r

    h = demo_header(locale, when)
    fr = locale.startswith("fr")
    docs = demo_documents(locale, when)
    refund, slip, ticket = docs[0], docs[4], docs[6]
    assert isinstance(refund, d.RefundReceipt) and isinstance(slip, d.ReturnSlip)
    assert isinstance(ticket, d.WarrantyTicket)
    form = r.MailBackReturnForm(
        h, return_id=slip.return_id, order_number=slip.order_number,
        items=(*slip.items, d.Item(_in(fr, "Merino wool socks, 2-pack",
                                       "Chaussettes en laine mérinos — lot de 2"), sku="ACC-SOCK-2",
                                   size="M", reason="change_of_mind", decision="refund")),
        customer=slip.customer,
        customer_address="17 Rue Saint-Paul Ouest, app. 4\nMontréal QC H2Y 1Y6",
        return_by=date(2025, 3, 3),
        instructions=(_in(fr, "Free returns: use the prepaid label we e-mailed you, or any carrier.",
                          "Retour gratuit : utilisez l'étiquette prépayée reçue par courriel, ou "
                          "le transporteur de votre choix."),),
    )
    photos = tuple(
        r.Photo(f"claim-photo-{n}.jpg", "image/jpeg",
                _demo_photo(f"W-T01-000031 photo {n}", hue, (800, 600)), caption)
        for n, hue, caption in (
            (1, (120, 84, 50), _in(fr, "Left boot, sole separated at the toe (4 cm)",
                                   "Botte gauche, semelle décollée au bout (4 cm)")),
            (2, (110, 80, 48), _in(fr, "Toe cap from below: no cuts or heat marks",
                                   "Bout renforcé vu de dessous : ni coupure ni marque de chaleur")),
            (3, (128, 90, 56), _in(fr, "Right boot for comparison: normal wear",
                                   "Botte droite pour comparer : usure normale")),
        )
    )
    claim = r.WarrantyClaimReport(
        h, claim_number=ticket.claim_number, item=ticket.item, customer=ticket.customer,
        order_number=ticket.order_number, purchased_on=ticket.purchased_on,
        proof_of_purchase=ticket.proof_of_purchase, defect=ticket.defect,
        description=ticket.description, findings=ticket.findings, defect_confirmed=True,
        inspected_by="Hélène Côté", status="approved", outcome="replacement",
        decided_by=_in(fr, "Marc-André Gagné (manager)", "Marc-André Gagné (gérant)"),
        decision_reason=_in(fr, "Manufacturing defect within the one-year warranty; no misuse.",
                            "Défaut de fabrication couvert par la garantie d'un an; aucun "
                            "mauvais usage."),
        photos=photos,
    )
    rows = [
        r.ReturnRow(h.when, refund.return_id, "Hélène Côté", "change_of_mind", refund.tenders,
                    items=2, restocking_fee=refund.restocking_fee, till="T01"),
        r.ReturnRow(h.when.replace(hour=15, minute=12), "R-T01-000127", "Hélène Côté",
                    "wrong_size", (d.TenderLine("card", D("129.99"), "MASTERCARD", "4417"),),
                    till="T01"),
        r.ReturnRow(h.when.replace(hour=16, minute=40), "R-T02-000041", "Jonas Weiß", "defective",
                    (d.TenderLine("gift_card", D("74.50"), account_number="GC-T02-00000981"),),
                    till="T02"),
        r.ReturnRow(h.when.replace(hour=18, minute=2), "R-T02-000042", "Jonas Weiß",
                    "wrong_item", (d.TenderLine("paypal", D("59.00"), reference="PP-7H2K9"),),
                    till="T02"),
        r.ReturnRow(h.when.replace(hour=20, minute=31), "R-T01-000128", "Priya Natarajan",
                    "change_of_mind", (d.TenderLine("cash", D("34.20")),),
                    restocking_fee=D("8.55"), till="T01"),
        r.ReturnRow(h.when.replace(hour=21, minute=15), "R-T01-000129", "Priya Natarajan",
                    "wrong_size", (d.TenderLine("card", D("80.00"), "VISA", "0067"),
                                   d.TenderLine("store_credit", D("19.95"),
                                                account_number="SC-T01-00004300")),
                    items=1, till="T01"),
    ]
    report = r.EndOfDayReturnsReport(h, business_date=date(2025, 2, 1), rows=tuple(rows))
    return [form, claim, report]


def demo_day_report(locale: str = "en_CA", when: datetime | None = None) -> d.DayReport:
    """A closed day (a Z report) with every section filled: for `print demo` and the layout tests."""
    h = demo_header(locale, when)
    fr = locale.startswith("fr")
    return d.DayReport(
        header=h, business_date=date(2025, 2, 1), closed=True, opened=True,
        float_total=Decimal("200.00"),
        movements=(d.Tally("float", 1, Decimal("200.00")),
                   d.Tally("cash_refund", 3, Decimal("-289.97")),
                   d.Tally("exchange_collected", 1, Decimal("15.00")),
                   d.Tally("pickup_balance", 1, Decimal("64.99")),
                   d.Tally("paid_in", 1, Decimal("100.00")),
                   d.Tally("paid_out", 1, Decimal("-12.50"))),
        expected=Decimal("77.52"),
        paid=(d.PaidLine("paid_in", Decimal("100.00"),
                         _in(fr, "Change from the bank", "Monnaie de la banque"), "Marc Gagnon"),
              d.PaidLine("paid_out", Decimal("-12.50"),
                         _in(fr, "Window cleaner", "Nettoyant à vitres"), "Marc Gagnon")),
        returns=5, items=6,
        by_tender=(d.Tally("card", 2, Decimal("279.98")), d.Tally("cash", 3, Decimal("289.97"))),
        by_reason=(d.Tally("wrong_size", 3, Decimal("344.97")),
                   d.Tally("change_of_mind", 2, Decimal("189.98")),
                   d.Tally("defective", 1, Decimal("35.00"))),
        restocking_fees=Decimal("15.00"),
        cards=(d.Tally("gift_card.issue", 1, Decimal("50.00")),
               d.Tally("gift_card.redeem", 2, Decimal("-45.00")),
               d.Tally("store_credit.credit", 1, Decimal("89.99"))),
        pickups=2, pickups_paid=Decimal("64.99"),
        warranty=(d.Tally("denied", 1), d.Tally("replacement", 1)),
        counts=(d.Tally("50.00", 1, Decimal("50.00")), d.Tally("20.00", 1, Decimal("20.00")),
                d.Tally("5.00", 1, Decimal("5.00")), d.Tally("2.00", 1, Decimal("2.00")),
                d.Tally("0.25", 2, Decimal("0.50"))),
        counted=Decimal("77.50"), variance=Decimal("-0.02"), variance_limit=Decimal("5.00"),
        closed_by="Hélène Côté", closed_at=datetime(2025, 2, 1, 23, 10, tzinfo=UTC),
    )
