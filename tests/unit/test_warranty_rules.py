"""Warranty claim rules: forward-only statuses, the manager's choice against the policy, notes with
the described item, photo checks. No database. The domain refuses in codes and facts (no words);
services/warranty/words.py says them, in English and in Québec French."""

from __future__ import annotations

import pytest

from storepos.domain.errors import InvalidInput
from storepos.domain.policy import Inspection
from storepos.domain.vocabulary import Resolution as R  # noqa: N817 - short in the tables below
from storepos.domain.vocabulary import WarrantyStatus as W
from storepos.domain.warranty import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    ClaimRefused,
    DefectCategory,
    check_editable,
    check_move,
    check_outcome,
    check_photo,
    compose_notes,
    sniff_media_type,
    split_notes,
)
from storepos.i18n import speaking
from storepos.services.warranty import words

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20
HEIC = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20


@pytest.mark.parametrize(("current", "target"), [
    (W.OPEN, W.SUBMITTED), (W.SUBMITTED, W.APPROVED), (W.SUBMITTED, W.DENIED),
    (W.SUBMITTED, W.COMPLETED), (W.APPROVED, W.COMPLETED),
])
def test_forward_moves(current: W, target: W) -> None:
    check_move("W-1", current, target)


def said(exc: pytest.ExceptionInfo[Exception], locale: str = "en_CA") -> str:
    """The refusal as a person reads it, in `locale`."""
    assert isinstance(exc.value, (ClaimRefused, InvalidInput))
    with speaking(locale):
        sentence = words.refusal(exc.value)
    assert sentence is not None, exc.value.code
    return sentence


@pytest.mark.parametrize(("current", "target", "code", "english"), [
    (W.OPEN, W.APPROVED, "claim_still_open", "still open: submit it to a manager first"),
    (W.SUBMITTED, W.SUBMITTED, "claim_already", "already submitted to a manager"),
    (W.DENIED, W.APPROVED, "claim_finished", "already denied; it can't be approved"),
    (W.COMPLETED, W.DENIED, "claim_finished", "already completed; it can't be denied"),
    (W.APPROVED, W.SUBMITTED, "claim_finished", "already approved; it can't be submitted"),
])
def test_backward_or_skipping_moves_are_refused(current: W, target: W, code: str,
                                                english: str) -> None:
    with pytest.raises(ClaimRefused) as refused:
        check_move("W-1", current, target)
    assert refused.value.code == code
    assert refused.value.params == {"number": "W-1", "status": current, "target": target}
    assert english in said(refused)


def test_the_domain_says_no_words_the_edge_says_them_in_french() -> None:
    with pytest.raises(ClaimRefused) as refused:
        check_move("W-1", W.DENIED, W.APPROVED)
    assert refused.value.message == "claim_finished (number=W-1, status=denied, target=approved)"
    assert said(refused, "fr_CA") == ("La réclamation de garantie W-1 est déjà refusée; elle ne "
                                      "peut pas être approuvée.")


def test_the_inspection_is_editable_only_while_open() -> None:
    check_editable("W-1", W.OPEN)
    with pytest.raises(ClaimRefused) as refused:
        check_editable("W-1", W.SUBMITTED)
    assert "can no longer be changed" in said(refused)


def test_the_choice_within_the_policy_is_no_override() -> None:
    allowed = (R.REFUND, R.REPLACEMENT)
    assert check_outcome(R.REPLACEMENT, allowed, has_order=True, override=False) is False
    assert check_outcome(R.REPLACEMENT, allowed, has_order=True, override=True) is False


def test_a_choice_outside_the_policy_needs_an_override() -> None:
    allowed = (R.STORE_CREDIT, R.REPLACEMENT)
    with pytest.raises(ClaimRefused) as refused:
        check_outcome(R.REFUND, allowed, has_order=True, override=False)
    assert refused.value.params == {"asked": R.REFUND, "allowed": allowed}
    assert "allows store credit or replacement for this claim, not refund" in said(refused)
    assert check_outcome(R.REFUND, allowed, has_order=True, override=True) is True
    with pytest.raises(ClaimRefused) as refused:
        check_outcome(R.REFUND, (), has_order=True, override=False)
    assert said(refused).startswith("The policy denies this claim")


def test_no_order_means_override_only_and_exchange_is_never_a_claim_outcome() -> None:
    with pytest.raises(ClaimRefused) as refused:
        check_outcome(R.REPLACEMENT, (), has_order=False, override=False)
    assert "no order on file" in said(refused)
    assert check_outcome(R.REPLACEMENT, (), has_order=False, override=True) is True
    with pytest.raises(ClaimRefused) as refused:
        check_outcome(R.EXCHANGE, (R.EXCHANGE,), has_order=True, override=True)
    assert "an exchange is a return" in said(refused)


def test_findings_in_words() -> None:
    assert words.finding_ids(Inspection(defect_confirmed=True)) == ("Defect confirmed",)
    assert words.finding_ids(Inspection(wear_and_tear=True, misuse=True)) == (
        "Defect not confirmed", "Wear and tear", "Misuse")
    with speaking("fr_CA"):
        assert words.findings(Inspection(misuse=True)) == ("Défaut non confirmé", "Mauvais usage")


def test_every_defect_category_has_words() -> None:
    assert set(words.DEFECTS) == set(DefectCategory)
    assert words.DEFECTS[DefectCategory.HARDWARE_ZIP] == "Hardware / zip"


def test_the_described_item_survives_the_notes() -> None:
    text = compose_notes("Ugg Mini, 7", "Seam open\nat the heel")
    assert split_notes(text) == ("Ugg Mini, 7", "Seam open\nat the heel")
    assert split_notes(compose_notes("", "Only notes")) == ("", "Only notes")
    assert split_notes(compose_notes("Boot", "")) == ("Boot", "")


@pytest.mark.parametrize(("content", "media"), [
    (JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp"), (HEIC, "image/heic"),
    (b"RIFF\x00\x00\x00\x00WAVE", None), (b"GIF89a", None),
])
def test_photos_are_recognised_by_their_content(content: bytes, media: str | None) -> None:
    assert sniff_media_type(content) == media


def test_photo_limits_are_plain() -> None:
    assert check_photo("a.jpg", JPEG, "image/jpg", 0) == "image/jpeg"
    with pytest.raises(InvalidInput) as refused:
        check_photo("a.jpg", b"", None, 0)
    assert said(refused).startswith("a.jpg is empty")
    with pytest.raises(InvalidInput) as refused:
        check_photo("a.jpg", JPEG + b"\x00" * MAX_PHOTO_BYTES, None, 0)
    assert "is 5.1 MB; a claim photo can be at most 5.0 MB" in said(refused)
    with pytest.raises(InvalidInput) as refused:
        check_photo("a.jpg", JPEG, None, MAX_PHOTOS)
    assert f"at most {MAX_PHOTOS} photos" in said(refused)
