"""Employee PINs: Argon2id hashes with the OWASP parameters (19 MiB, 2 passes, 1 lane), one
hasher for the till (services/staff/pins.py) and the central service (central/staff.py).

A 4-8 digit PIN has little entropy, so the hash must be slow and memory-hard; lockout after
repeated failures (Employee.failed_pin_attempts / locked_until) is what really protects it.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from storepos.domain.errors import InvalidInput
from storepos.i18n import _

MIN_LENGTH, MAX_LENGTH = 4, 8

# OWASP Password Storage Cheat Sheet: Argon2id, m=19456 KiB, t=2, p=1.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, type=Type.ID)


def check_pin(pin: str) -> str:
    """Return the PIN if it is 4-8 ASCII digits, else raise InvalidInput in plain words."""
    # isascii(): str.isdigit() also accepts digits like "٣" or "²" that no keypad types.
    if not (isinstance(pin, str) and pin.isascii() and pin.isdigit()):
        raise InvalidInput(_("A PIN is {least} to {most} digits, numbers only.").format(
            least=MIN_LENGTH, most=MAX_LENGTH))
    if not MIN_LENGTH <= len(pin) <= MAX_LENGTH:
        raise InvalidInput(_("A PIN is {least} to {most} digits long.").format(
            least=MIN_LENGTH, most=MAX_LENGTH))
    return pin


def hash_pin(pin: str) -> str:
    """The encoded hash to store (it carries its own salt and parameters)."""
    return _HASHER.hash(check_pin(pin))


def verify_pin(pin_hash: str, pin: str) -> bool:
    """True only when `pin` matches; a malformed PIN or hash is simply no match."""
    try:
        check_pin(pin)
        return _HASHER.verify(pin_hash, pin)
    except (InvalidInput, VerificationError, InvalidHashError):
        return False


def needs_rehash(pin_hash: str) -> bool:
    """True when the stored hash uses older parameters: re-hash it after a successful sign-in."""
    return _HASHER.check_needs_rehash(pin_hash)
