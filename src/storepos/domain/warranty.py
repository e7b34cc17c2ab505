"""Warranty claims: the life cycle, photo limits, the manager's choice.

Pure rules, standard library only, and no words: a refusal is a code and its params, worded in the
reader's language above (services/warranty/words.py); its `message` is a line for the logs. A
claim moves forward only:

    open -> submitted -> approved -> completed   (approved waits only for a repair to come back)
                      \\-> completed              (refund, replacement, credit: done at approval)
                      \\-> denied
"""

from __future__ import annotations

from enum import StrEnum

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.errors import refusal as _refused
from storepos.domain.vocabulary import Resolution, WarrantyStatus

W = WarrantyStatus

MOVES: dict[WarrantyStatus, frozenset[WarrantyStatus]] = {
    W.OPEN: frozenset({W.SUBMITTED}),
    W.SUBMITTED: frozenset({W.APPROVED, W.DENIED, W.COMPLETED}),
    W.APPROVED: frozenset({W.COMPLETED}),
    W.DENIED: frozenset(),
    W.COMPLETED: frozenset(),
}

# What a warranty claim can end in: an exchange is a return, not a claim.
OUTCOMES = (Resolution.REFUND, Resolution.REPLACEMENT, Resolution.STORE_CREDIT, Resolution.REPAIR)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 8
NOTES_MAX = 2000
ITEM_MAX = 200
ITEM_PREFIX = "Item: "


class DefectCategory(StrEnum):
    SOLE_SEPARATION = "sole_separation"
    STITCHING = "stitching"
    UPPER_TEAR = "upper_tear"
    HARDWARE_ZIP = "hardware_zip"
    LINING = "lining"
    HEEL = "heel"
    OTHER = "other"


class ClaimRefused(StoreposError):
    """The claim cannot move or be decided as asked: `code` says why, `params` the facts."""


# Why a claim, a photo or a text is refused (the error's `code`; the layers above word it:
# services/warranty/words.py). Params: number, status, target; asked, allowed (Resolutions);
# filename, size, most, declared, found; what, limit.
ALREADY, STILL_OPEN, FINISHED, NOT_EDITABLE = (
    "claim_already", "claim_still_open", "claim_finished", "claim_not_editable")
NOT_AN_OUTCOME, NO_ORDER, POLICY_DENIES, POLICY_ALLOWS = (
    "claim_not_an_outcome", "claim_no_order", "claim_policy_denies", "claim_policy_allows")
PHOTO_EMPTY, PHOTO_TOO_LARGE, TOO_MANY_PHOTOS, NOT_A_PHOTO, PHOTO_MISLABELLED = (
    "photo_empty", "photo_too_large", "too_many_photos", "not_a_photo", "photo_mislabelled")
TEXT_TOO_LONG = "text_too_long"


def check_move(number: str, current: WarrantyStatus, target: WarrantyStatus) -> None:
    if target in MOVES[current]:
        return
    said = {"number": number, "status": current, "target": target}
    if current is target:
        raise _refused(ClaimRefused, ALREADY, said)
    if current is W.OPEN:
        raise _refused(ClaimRefused, STILL_OPEN, said)
    raise _refused(ClaimRefused, FINISHED, said)


def check_editable(number: str, current: WarrantyStatus) -> None:
    """The inspection form can change only while the claim is open."""
    if current is not W.OPEN:
        raise _refused(ClaimRefused, NOT_EDITABLE, {"number": number, "status": current})


def check_outcome(
    chosen: Resolution, allowed: tuple[Resolution, ...], *, has_order: bool, override: bool,
) -> bool:
    """Is this choice allowed? True when it goes beyond the policy (a manager override)."""
    if chosen not in OUTCOMES:
        raise _refused(ClaimRefused, NOT_AN_OUTCOME, {"asked": chosen})
    if not has_order:
        if not override:
            raise _refused(ClaimRefused, NO_ORDER, {"asked": chosen})
        return True
    if chosen in allowed:
        return False
    if override:
        return True
    if not allowed:
        raise _refused(ClaimRefused, POLICY_DENIES, {"asked": chosen})
    raise _refused(ClaimRefused, POLICY_ALLOWS, {"asked": chosen, "allowed": tuple(allowed)})


def compose_notes(item: str, notes: str) -> str:
    """A claim with no order keeps the item staff described in its first notes line."""
    return f"{ITEM_PREFIX}{item}\n{notes}".rstrip() if item else notes


def split_notes(text: str) -> tuple[str, str]:
    """(item described at opening, the inspection notes)."""
    if text.startswith(ITEM_PREFIX):
        first, _, rest = text.partition("\n")
        return first[len(ITEM_PREFIX):], rest
    return "", text


def clean_text(text: str, *, what: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise _refused(InvalidInput, TEXT_TOO_LONG, {"what": what, "limit": limit})
    return text


_SIGNATURES: tuple[tuple[str, bytes, int], ...] = (
    ("image/jpeg", b"\xff\xd8\xff", 0),
    ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/webp", b"WEBP", 8),
    ("image/heic", b"ftypheic", 4),
    ("image/heic", b"ftypheix", 4),
    ("image/heic", b"ftypmif1", 4),
)


def sniff_media_type(content: bytes) -> str | None:
    for media, magic, at in _SIGNATURES:
        if content[at:at + len(magic)] == magic and (media != "image/webp"
                                                     or content[:4] == b"RIFF"):
            return media
    return None


def check_photo_size(filename: str, size: int) -> None:
    if size <= 0:
        raise _refused(InvalidInput, PHOTO_EMPTY, {"filename": filename})
    if size > MAX_PHOTO_BYTES:
        raise _refused(InvalidInput, PHOTO_TOO_LARGE,
                       {"filename": filename, "size": size, "most": MAX_PHOTO_BYTES})


def check_photo(filename: str, content: bytes, media_type: str | None, already: int) -> str:
    """The photo's media type, after the size, count and content checks."""
    if already >= MAX_PHOTOS:
        raise _refused(InvalidInput, TOO_MANY_PHOTOS, {"most": MAX_PHOTOS})
    check_photo_size(filename, len(content))
    found = sniff_media_type(content)
    if found is None:
        raise _refused(InvalidInput, NOT_A_PHOTO, {"filename": filename})
    declared = (media_type or "").strip().lower().replace("image/jpg", "image/jpeg")
    if declared and declared != found:
        raise _refused(InvalidInput, PHOTO_MISLABELLED,
                       {"filename": filename, "declared": declared, "found": found})
    return found
