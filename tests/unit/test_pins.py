"""PIN hashing: Argon2id with the OWASP parameters; bad PINs refused in plain words."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.services.staff.pins import check_pin, hash_pin, needs_rehash, verify_pin


def test_hash_is_argon2id_with_owasp_parameters() -> None:
    encoded = hash_pin("4821")
    assert encoded.startswith("$argon2id$")
    params = extract_parameters(encoded)
    assert params.type is Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19456, 2, 1)


def test_hash_verifies_the_right_pin_only() -> None:
    encoded = hash_pin("4821")
    assert verify_pin(encoded, "4821") is True
    assert verify_pin(encoded, "4822") is False
    assert verify_pin(encoded, "48210") is False
    assert verify_pin(encoded, "") is False
    assert verify_pin("not a hash", "4821") is False


def test_same_pin_gets_a_new_salt_each_time() -> None:
    assert hash_pin("12345678") != hash_pin("12345678")


def test_needs_rehash_for_weaker_parameters() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID).hash("4821")
    assert needs_rehash(weak) is True
    assert needs_rehash(hash_pin("4821")) is False
    assert verify_pin(weak, "4821") is True  # still signs in, then gets re-hashed


@pytest.mark.parametrize(
    "pin", ["123", "123456789", "", "12a4", "12 34", "١٢٣٤", "12.4", "-1234", "²²²²"]
)
def test_bad_pins_are_refused_in_plain_words(pin: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        hash_pin(pin)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, StoreposError)
    assert caught.value.message.startswith("A PIN is 4 to 8 digits")
    assert str(caught.value) == caught.value.message


@pytest.mark.parametrize("pin", ["0000", "1234", "12345678", "00123"])
def test_good_pins_pass(pin: str) -> None:
    assert check_pin(pin) == pin

