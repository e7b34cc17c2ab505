"""PINs for the till's staff: the rules live in sync.pins (the central side checks them too);
a PIN refused here is worded in the language of the moment."""

from storepos.domain.errors import InvalidInput
from storepos.i18n import _
from storepos.sync.pins import MAX_LENGTH, MIN_LENGTH, hash_pin, needs_rehash, verify_pin
from storepos.sync.pins import check_pin as _check_pin

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "check_pin", "hash_pin", "needs_rehash", "verify_pin"]


def check_pin(pin: str) -> str:
    """The PIN if it is 4 to 8 digits; InvalidInput in words otherwise."""
    try:
        return _check_pin(pin)
    except InvalidInput:
        if isinstance(pin, str) and pin.isascii() and pin.isdigit():
            raise InvalidInput(_("A PIN is {least} to {most} digits long.").format(
                least=MIN_LENGTH, most=MAX_LENGTH)) from None
        raise InvalidInput(_("A PIN is {least} to {most} digits, numbers only.").format(
            least=MIN_LENGTH, most=MAX_LENGTH)) from None
