"""The words and number formats printed on documents, in the store's language (English, French).

Standard library only. Amounts follow the store's locale and currency ("$140.00", "140,00 $",
"£9.95", "140,00 €"); times are shown in the store's own zone.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from storepos.domain.locale_format import format_money

EN: dict[str, str] = {
    "refund_receipt": "REFUND", "cancellation_receipt": "ORDER CANCELLED",
    "cancellation_fee": "Cancellation fee", "exchange_receipt": "EXCHANGE", "gift_card": "GIFT CARD",
    "store_credit": "STORE CREDIT", "return_slip": "RETURN SLIP", "pickup_receipt": "PICKUP",
    "warranty_ticket": "WARRANTY CLAIM", "test_page": "PRINTER TEST",
    "date": "Date", "till": "Till", "staff": "Staff", "return_id": "Return ID",
    "order": "Order", "customer": "Customer", "pickup": "Pickup", "claim": "Claim",
    "qty": "Qty", "size": "Size", "colour": "Colour", "reason": "Reason", "decision": "Decision",
    "items": "Items", "restocking_fee": "Restocking fee", "shipping_refunded": "Shipping refunded",
    "shipping_not_refunded": "Shipping not refunded", "total_refunded": "TOTAL REFUNDED",
    "unpaid_not_refunded": "Unpaid (pay offline), not refunded",
    "refunded_to": "Refunded to", "returned": "Returned", "issued": "New items",
    "credit": "Credit", "charge": "New items total", "to_pay": "CUSTOMER PAYS",
    "to_refund": "REFUNDED", "even": "EVEN EXCHANGE", "paid_with": "Paid with",
    "amount": "Amount", "balance": "BALANCE", "expires": "Expires",
    "never_expires": "Never expires",
    "card_number": "Number", "store_copy": "STORE COPY", "customer_copy": "CUSTOMER COPY",
    "keep_slip": "Keep this slip: it is proof of your balance.",
    "ship_to": "Send to", "write_id": "Write the Return ID on the outside of the box.",
    "collected_by": "Collected by", "id_checked": "Photo ID checked",
    "id_not_checked": "ID not checked",
    "signature": "Signature", "received_in_order": "I received the items above in good order.",
    "purchased": "Purchased", "proof": "Proof of purchase", "defect": "Defect",
    "reported": "Customer reports", "findings": "Inspection", "status": "Status",
    "outcome": "Outcome", "next_steps": "Next steps", "photos": "Photos on file",
    "note": "Note", "thank_you": "Thank you!",
    "copy": "COPY", "reprint": "REPRINT", "original_printed": "Original printed",
    "not_a_new_card": "NOT A NEW CARD", "card_issued": "Card issued",
    "balance_at_issue": "BALANCE AT ISSUE",
    "reason.change_of_mind": "Change of mind", "reason.wrong_size": "Wrong size",
    "reason.wrong_item": "Wrong item sent", "reason.defective": "Defective",
    "decision.refund": "Refund", "decision.exchange": "Exchange",
    "decision.store_credit": "Store credit", "decision.replacement": "Replacement",
    "decision.repair": "Repair", "decision.denied": "Not accepted",
    "tender.card": "Card", "tender.paypal": "PayPal", "tender.gift_card": "Gift card",
    "tender.store_credit": "Store credit", "tender.cash": "Cash", "tender.interac": "Interac",
    "tender.cheque": "Cheque", "tender.money_order": "Money order",
    "tender.pay_offline": "Pay offline",
    "status.open": "Open", "status.submitted": "Submitted", "status.approved": "Approved",
    "status.denied": "Denied", "status.completed": "Completed",
}

FR: dict[str, str] = {
    "refund_receipt": "REMBOURSEMENT", "cancellation_receipt": "COMMANDE ANNULÉE",
    "cancellation_fee": "Frais d'annulation", "exchange_receipt": "ÉCHANGE", "gift_card": "CARTE-CADEAU",
    "store_credit": "CRÉDIT MAGASIN", "return_slip": "BORDEREAU DE RETOUR",
    "pickup_receipt": "RAMASSAGE", "warranty_ticket": "RÉCLAMATION GARANTIE",
    "test_page": "TEST IMPRIMANTE",
    "date": "Date", "till": "Caisse", "staff": "Employé", "return_id": "No de retour",
    "order": "Commande", "customer": "Client", "pickup": "Ramassage", "claim": "Réclamation",
    "qty": "Qté", "size": "Pointure", "colour": "Couleur", "reason": "Motif",
    "decision": "Décision", "items": "Articles", "restocking_fee": "Frais de restockage",
    "shipping_refunded": "Livraison remboursée",
    "shipping_not_refunded": "Livraison non remboursée",
    "total_refunded": "TOTAL REMBOURSÉ",
    "unpaid_not_refunded": "Non payé (paiement différé), non remboursé",
    "refunded_to": "Remboursé sur", "returned": "Retournés",
    "issued": "Nouveaux articles", "credit": "Crédit", "charge": "Total nouveaux articles",
    "to_pay": "À PAYER", "to_refund": "REMBOURSÉ", "even": "ÉCHANGE ÉGAL", "paid_with": "Payé par",
    "amount": "Montant", "balance": "SOLDE", "expires": "Expire le",
    "never_expires": "N'expire jamais",
    "card_number": "Numéro", "store_copy": "COPIE MAGASIN", "customer_copy": "COPIE CLIENT",
    "keep_slip": "Conservez ce reçu : il atteste votre solde.",
    "ship_to": "Envoyer à", "write_id": "Inscrivez le no de retour sur la boîte d'expédition.",
    "collected_by": "Récupéré par", "id_checked": "Pièce d'identité vérifiée",
    "id_not_checked": "Pièce d'identité non vérifiée", "signature": "Signature",
    "received_in_order": "J'ai reçu les articles ci-dessus en bon état.",
    "purchased": "Acheté le", "proof": "Preuve d'achat", "defect": "Défaut",
    "reported": "Selon le client", "findings": "Inspection", "status": "Statut",
    "outcome": "Résultat", "next_steps": "Prochaines étapes", "photos": "Photos au dossier",
    "note": "Note", "thank_you": "Merci!",
    "copy": "COPIE", "reprint": "RÉIMPRESSION", "original_printed": "Original imprimé le",
    "not_a_new_card": "PAS UNE NOUVELLE CARTE", "card_issued": "Carte émise le",
    "balance_at_issue": "SOLDE À L'ÉMISSION",
    "reason.change_of_mind": "Changement d'avis", "reason.wrong_size": "Mauvaise pointure",
    "reason.wrong_item": "Mauvais article envoyé", "reason.defective": "Défectueux",
    "decision.refund": "Remboursement", "decision.exchange": "Échange",
    "decision.store_credit": "Crédit magasin", "decision.replacement": "Remplacement",
    "decision.repair": "Réparation", "decision.denied": "Refusé",
    "tender.card": "Carte", "tender.paypal": "PayPal", "tender.gift_card": "Carte-cadeau",
    "tender.store_credit": "Crédit magasin", "tender.cash": "Comptant", "tender.interac": "Interac",
    "tender.cheque": "Chèque", "tender.money_order": "Mandat",
    "tender.pay_offline": "Paiement différé",
    "status.open": "Ouverte", "status.submitted": "Soumise", "status.approved": "Approuvée",
    "status.denied": "Refusée", "status.completed": "Terminée",
}

_LANGUAGES = {"en": EN, "fr": FR}

# Locales whose languages write 1 234,56 € (symbol after, decimal comma).


class Wording:
    """Labels and formats for one store."""

    def __init__(self, locale: str = "en_US", currency: str = "USD", time_zone: str = "UTC"):
        self.locale = locale
        self.language = locale.split("_")[0].lower()
        self.labels = {**EN, **_LANGUAGES.get(self.language, {})}
        self.currency = currency
        self.zone = ZoneInfo(time_zone)

    def __getitem__(self, key: str) -> str:
        return self.labels.get(key, key)

    def term(self, group: str, value: str) -> str:
        """A vocabulary value in words: term("reason", "wrong_size") -> "Wrong size"."""
        if not value:
            return ""
        return self.labels.get(f"{group}.{value}", value.replace("_", " ").capitalize())

    @property
    def tender_names(self) -> dict[str, str]:
        return {k.split(".", 1)[1]: v for k, v in self.labels.items() if k.startswith("tender.")}

    def money(self, value: Decimal) -> str:
        return format_money(value, self.locale, self.currency)

    def local_time(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def timestamp(self, when: datetime) -> str:
        """2025-02-01 14:05 EST: unambiguous in every language, in the store's zone."""
        local = self.local_time(when)
        return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
