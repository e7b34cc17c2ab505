"""Demo tenders, gift card / store credit accounts with their ledgers, and refunds per tender.

Cards keep brand, last four and the authorisation reference only, as the till does. A gift card
or store credit tender gets its own account, issued before the order and redeemed by it, so every
ledger balances: issue (+), redeem (-), and a credit (+) when a return pays back onto it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from storepos.demo.reference import DemoRandom, Row, at_noon
from storepos.domain.money import allocate, round_cents
from storepos.domain.numbers import NumberKind, format_number
from storepos.domain.vocabulary import AccountKind, LedgerKind, TenderKind

CARD_BRANDS = ("VISA", "Mastercard", "AMEX")
FACE_VALUES = tuple(Decimal(v) for v in ("25", "50", "100", "150", "200", "250", "500"))
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


class Numbers:
    """Per-till sequences for the numbers the demo hands out, counted in memory (no upsert per
    row); the totals become NumberSequence rows at the end so the tills carry on after them."""

    def __init__(self) -> None:
        self.used: Counter[tuple[NumberKind, str]] = Counter()

    def next(self, kind: NumberKind, prefix: str) -> str:
        self.used[kind, prefix] += 1
        return format_number(kind, prefix, self.used[kind, prefix])


@dataclass(slots=True)
class TenderCtx:
    id: uuid.UUID
    kind: TenderKind
    amount: Decimal
    account_id: uuid.UUID | None


@dataclass(slots=True)
class Account:
    id: uuid.UUID
    seq: int
    balance: Decimal


class Payments:
    def __init__(self, rng: DemoRandom, numbers: Numbers, rows: dict[str, list[Row]]) -> None:
        self.rng, self.numbers, self.rows = rng, numbers, rows
        self.accounts: dict[uuid.UUID, Account] = {}  # this order's accounts, for refunds

    def ledger(
        self, account: Account, kind: LedgerKind, amount: Decimal, day: date, *,
        order_id: uuid.UUID | None = None, return_id: uuid.UUID | None = None,
        store_id: uuid.UUID | None = None, note: str = "",
    ) -> None:
        account.seq += 1
        account.balance += amount
        self.rows["ledger_entries"].append({
            "id": self.rng.new_id(), "account_id": account.id, "seq": account.seq,
            "kind": kind.value, "amount": amount, "balance_after": account.balance,
            "created_at": at_noon(day, self.rng), "store_id": store_id, "till_id": None,
            "employee_id": None, "return_id": return_id, "order_id": order_id,
            "corrects_entry_id": None, "note": note,
        })

    def open_account(
        self, kind: AccountKind, value: Decimal, day: date, prefix: str, currency: str,
        customer_id: uuid.UUID | None, store_id: uuid.UUID | None,
        return_id: uuid.UUID | None = None,
    ) -> Account:
        account = Account(self.rng.new_id(), 0, Decimal("0.00"))
        self.rows["value_accounts"].append({
            "id": account.id, "kind": kind.value,
            "number": self.numbers.next(NumberKind(kind.value), prefix),
            "customer_id": customer_id, "currency": currency,
            "issued_at": at_noon(day, self.rng), "issued_store_id": store_id,
        })
        first = LedgerKind.ISSUE if kind is AccountKind.GIFT_CARD else LedgerKind.CREDIT
        self.ledger(account, first, value, day, store_id=store_id, return_id=return_id)
        self.accounts[account.id] = account
        return account

    def pay(
        self, order_id: uuid.UUID, kinds: tuple[TenderKind, ...], total: Decimal, placed: date,
        *, prefix: str, currency: str, customer_id: uuid.UUID, store_id: uuid.UUID | None,
        tender_ids: list[uuid.UUID] | None = None,
    ) -> list[TenderCtx]:
        """Tender rows for `total`; with two kinds the first (often a gift card) pays a part.
        `tender_ids`: the ids they must have (a web order's: the feed's mapping)."""
        rng = self.rng
        self.accounts = {}
        amounts = [total]
        if len(kinds) == 2:
            first = round_cents(total * Decimal(rng.randrange(20, 61)) / 100)
            amounts = [first, total - first]
        tenders = []
        for n, (kind, amount) in enumerate(zip(kinds, amounts, strict=True)):
            row: Row = {
                "id": tender_ids[n] if tender_ids else rng.new_id(), "order_id": order_id,
                "kind": kind.value, "amount": amount,
                "card_brand": None, "card_last4": None, "auth_ref": None, "reference": None,
                "account_id": None,
            }
            if kind in (TenderKind.CARD, TenderKind.INTERAC):
                interac = kind is TenderKind.INTERAC
                row["card_brand"] = "Interac" if interac else rng.choice(CARD_BRANDS)
                row["card_last4"] = f"{rng.randrange(10_000):04d}"
                row["auth_ref"] = f"{rng.getrandbits(24):06X}"
            elif kind is TenderKind.PAYPAL:
                # letters only: a long digit run could pass for a card number
                row["reference"] = "PAYID-" + "".join(rng.choices(_LETTERS, k=12))
            elif kind in (TenderKind.CHEQUE, TenderKind.MONEY_ORDER):
                row["reference"] = f"No. {rng.randrange(100, 99_999)}"
            elif kind in (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT):
                account_kind = AccountKind(kind.value)
                face = next((v for v in FACE_VALUES if v >= amount), amount)
                account = self.open_account(
                    account_kind, face, placed - timedelta(days=rng.randrange(5, 120)), prefix,
                    currency, customer_id, store_id,
                )
                self.ledger(account, LedgerKind.REDEEM, -amount, placed, order_id=order_id,
                            store_id=store_id)
                row["account_id"] = account.id
            self.rows["tenders"].append(row)
            tenders.append(TenderCtx(row["id"], kind, amount, row["account_id"]))
        return tenders

    def refund(
        self, return_id: uuid.UUID, tenders: list[TenderCtx], amount: Decimal, day: date,
        store_id: uuid.UUID,
    ) -> None:
        """Pay `amount` back onto the order's tenders in proportion to what each paid."""
        parts = allocate(amount, [t.amount for t in tenders])
        for tender, part in zip(tenders, parts, strict=True):
            if part <= 0:
                continue
            self.refund_row(return_id, tender.kind, part, day, tender.id, tender.account_id)
            if tender.account_id is not None:  # back onto the gift card or store credit
                self.ledger(self.accounts[tender.account_id], LedgerKind.CREDIT, part, day,
                            return_id=return_id, store_id=store_id)

    def refund_row(
        self, return_id: uuid.UUID, kind: TenderKind, amount: Decimal, day: date,
        tender_id: uuid.UUID | None, account_id: uuid.UUID | None,
    ) -> None:
        self.rows["refunds"].append({
            "id": self.rng.new_id(), "return_id": return_id, "tender_id": tender_id,
            "kind": kind.value, "amount": amount, "account_id": account_id,
            "created_at": at_noon(day, self.rng),
        })
