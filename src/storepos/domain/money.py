"""Money is Decimal, two places, rounded half up once at the rule that creates the amount."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class MoneyError(ValueError):
    """An amount that is not a valid, non-negative sum of money with at most two decimals."""


def parse_money(text: object, *, allow_negative: bool = False) -> Decimal:
    """Parse a decimal string ("12.5", "140.00") exactly; floats are refused."""
    if isinstance(text, (bool, float)):
        raise MoneyError(f"{text!r} is not a decimal string")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, (str, int)):
        try:
            value = Decimal(str(text).strip())
        except InvalidOperation:
            raise MoneyError(f"{text!r} is not an amount") from None
    else:
        raise MoneyError(f"{text!r} is not an amount")
    if not value.is_finite():
        raise MoneyError(f"{text!r} is not an amount")
    exponent = value.as_tuple().exponent  # an int: the value is finite
    if isinstance(exponent, int) and exponent < -2:
        raise MoneyError(f"{text!r} has more than two decimals")
    if value < 0 and not allow_negative:
        raise MoneyError(f"{text!r} is negative")
    return value.quantize(CENT)


def round_cents(value: Decimal) -> Decimal:
    """Round half up to the cent (0.005 -> 0.01)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return round_cents(amount * percent / Decimal(100))


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split `total` in proportion to `weights`, to the cent, the parts always summing to `total`.

    Largest-remainder method: each part is rounded down, then the leftover cents go to the parts
    that lost the most (ties to the earliest), so split tenders and partial lines never drift.
    """
    if not weights:
        return []
    weight_sum = sum(weights, ZERO)
    if weight_sum <= 0:
        raise MoneyError("cannot allocate over weights that sum to zero")
    cents_total = int((total / CENT).to_integral_value())
    exact = [Decimal(cents_total) * w / weight_sum for w in weights]
    floors = [int(e) for e in exact]
    leftover = cents_total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


# Cash is handed over in the smallest coin the currency still has: Canada withdrew its 1-cent coin
# in 2013, Australia its 1 and 2-cent coins in 1992, so cash there rounds to 5 cents (card and
# store credit stay exact). Every other currency rounds cash to the cent, the penny kept.
CASH_STEP: dict[str, Decimal] = {"CAD": Decimal("0.05"), "AUD": Decimal("0.05")}


def cash_step(currency: str) -> Decimal:
    return CASH_STEP.get(currency.upper(), CENT)


def cash_rounding(amount: Decimal, currency: str) -> tuple[Decimal, Decimal]:
    """(cash handed over, adjustment = handed over - owed) for an amount owed in cash.

    To the nearest step (no tie can occur on whole cents): in CAD 12.41, 12.42 -> 12.40; 12.43,
    12.44 -> 12.45; 12.46, 12.47 -> 12.45; 12.48, 12.49 -> 12.50. A negative amount rounds as its
    opposite does.
    """
    owed = parse_money(amount, allow_negative=True)
    step = cash_step(currency)
    rounded = ((owed / step).to_integral_value(rounding=ROUND_HALF_UP) * step).quantize(CENT)
    return rounded, rounded - owed


def format_money(value: Decimal) -> str:
    """Plain two-decimal text ("140.00"); the UI formats with the store's locale."""
    return f"{value.quantize(CENT):.2f}"
