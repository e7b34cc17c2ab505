"""Employee PINs at the till: the Argon2id hasher lives in sync/pins.py, shared with the central
service, which hashes a PIN an employee chooses at first sign-in (central/staff.py) with the same
parameters, so a pulled hash verifies here and needs no rehash."""

from storepos.sync.pins import MAX_LENGTH, MIN_LENGTH, check_pin, hash_pin, needs_rehash, verify_pin

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "check_pin", "hash_pin", "needs_rehash", "verify_pin"]
