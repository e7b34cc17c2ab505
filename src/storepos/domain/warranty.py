"""Warranty claims: the life cycle, the inspection form's words, photo limits, the manager's choice.

Pure rules, standard library only. A claim moves forward only:

    open -> submitted -> approved -> completed   (approved waits only for a repair to come back)
                      \\-> completed              (refund, replacement, credit: done at approval)
                      \\-> denied
"""

from __future__ import annotations

from enum import StrEnum

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.policy import Inspection
from storepos.domain.policy.wording import RESOLUTION_WORDS, join_words
from storepos.domain.vocabulary import Resolution, WarrantyStatus

W = WarrantyStatus

MOVES: dict[WarrantyStatus, frozenset[WarrantyStatus]] = {
    W.OPEN: frozenset({W.SUBMITTED}),
    W.SUBMITTED: frozenset({W.APPROVED, W.DENIED, W.COMPLETED}),
    W.APPROVED: frozenset({W.COMPLETED}),
    W.DENIED: frozenset(),
    W.COMPLETED: frozenset(),
}
STATUS_WORDS = {
    W.OPEN: "open (being inspected)", W.SUBMITTED: "submitted to a manager",
    W.APPROVED: "approved", W.DENIED: "denied", W.COMPLETED: "completed",
}
_DOING = {W.SUBMITTED: "submitted", W.APPROVED: "approved", W.DENIED: "denied",
          W.COMPLETED: "completed"}

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


DEFECT_WORDS = {
    DefectCategory.SOLE_SEPARATION: "Sole separation",
    DefectCategory.STITCHING: "Stitching",
    DefectCategory.UPPER_TEAR: "Upper tear",
    DefectCategory.HARDWARE_ZIP: "Hardware / zip",
    DefectCategory.LINING: "Lining",
    DefectCategory.HEEL: "Heel",
    DefectCategory.OTHER: "Other",
}


class ClaimRefused(StoreposError):
    """The claim cannot move or be decided as asked; `message` says why and what would work."""


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
        raise ClaimRefused(f"Warranty claim {number} is already {STATUS_WORDS[current]}.",
                           code=ALREADY, params=said)
    if current is W.OPEN:
        raise ClaimRefused(f"Warranty claim {number} is still open: submit it to a manager first.",
                           code=STILL_OPEN, params=said)
    raise ClaimRefused(
        f"Warranty claim {number} is already {STATUS_WORDS[current]}; it can't be "
        f"{_DOING.get(target, 'reopened')}.", code=FINISHED, params=said,
    )


def check_editable(number: str, current: WarrantyStatus) -> None:
    """The inspection form can change only while the claim is open."""
    if current is not W.OPEN:
        raise ClaimRefused(
            f"Warranty claim {number} is {STATUS_WORDS[current]}; its inspection can no longer "
            "be changed.", code=NOT_EDITABLE, params={"number": number, "status": current},
        )


def findings_words(inspection: Inspection) -> tuple[str, ...]:
    """The inspection in words, for the ticket and the manager's queue."""
    words = ["Defect confirmed" if inspection.defect_confirmed else "Defect not confirmed"]
    if inspection.wear_and_tear:
        words.append("Wear and tear")
    if inspection.misuse:
        words.append("Misuse")
    return tuple(words)


def check_outcome(
    chosen: Resolution, allowed: tuple[Resolution, ...], *, has_order: bool, override: bool,
) -> bool:
    """Is this choice allowed? True when it goes beyond the policy (a manager override)."""
    if chosen not in OUTCOMES:
        raise ClaimRefused("A warranty claim ends in a refund, a replacement, store credit or a "
                           "repair; an exchange is a return.", code=NOT_AN_OUTCOME)
    if not has_order:
        if not override:
            raise ClaimRefused(
                "This claim has no order on file, so the policy can't check its dates: approve "
                "it only as a manager override, with the reason.", code=NO_ORDER,
            )
        return True
    if chosen in allowed:
        return False
    if override:
        return True
    asked = RESOLUTION_WORDS[chosen]
    if not allowed:
        raise ClaimRefused(f"The policy denies this claim, so {asked} is not possible. Deny it, "
                           "or approve it as a manager override with the reason.",
                           code=POLICY_DENIES, params={"asked": chosen})
    offered = join_words(RESOLUTION_WORDS[r] for r in allowed)
    raise ClaimRefused(f"The policy allows {offered} for this claim, not {asked}. Choose one of "
                       "those, or approve it as a manager override with the reason.",
                       code=POLICY_ALLOWS, params={"asked": chosen, "allowed": tuple(allowed)})


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
        raise InvalidInput(f"Keep {what} under {limit} characters.", code=TEXT_TOO_LONG,
                           params={"what": what, "limit": limit})
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


def _megabytes(size: int) -> str:
    # Rounded up to a tenth, so a file just over the limit never reads as exactly the limit.
    tenths = -(-size * 10 // (1024 * 1024))
    return f"{tenths // 10}.{tenths % 10} MB"


def check_photo_size(filename: str, size: int) -> None:
    if size <= 0:
        raise InvalidInput(f"{filename} is empty; choose the photo again.", code=PHOTO_EMPTY,
                           params={"filename": filename})
    if size > MAX_PHOTO_BYTES:
        raise InvalidInput(
            f"{filename} is {_megabytes(size)}; a claim photo can be at most "
            f"{_megabytes(MAX_PHOTO_BYTES)}. Take it again at a lower resolution.",
            code=PHOTO_TOO_LARGE, params={"filename": filename, "size": size,
                                          "most": MAX_PHOTO_BYTES},
        )


def check_photo(filename: str, content: bytes, media_type: str | None, already: int) -> str:
    """The photo's media type, after the size, count and content checks."""
    if already >= MAX_PHOTOS:
        raise InvalidInput(f"A claim holds at most {MAX_PHOTOS} photos.", code=TOO_MANY_PHOTOS,
                           params={"most": MAX_PHOTOS})
    check_photo_size(filename, len(content))
    found = sniff_media_type(content)
    if found is None:
        raise InvalidInput(f"{filename} is not a JPEG, PNG, WebP or HEIC photo.", code=NOT_A_PHOTO,
                           params={"filename": filename})
    declared = (media_type or "").strip().lower().replace("image/jpg", "image/jpeg")
    if declared and declared != found:
        raise InvalidInput(f"{filename} says it is {declared}, but it is a {found} file.",
                           code=PHOTO_MISLABELLED,
                           params={"filename": filename, "declared": declared, "found": found})
    return found
