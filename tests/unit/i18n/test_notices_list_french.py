"""Head office's list of customers' notices (storepos central notices) a row per notice in
STOREPOS_LANG: what it tells and its state in words, tries counted, the time by CLDR; the mail
server's error as it said it."""

from __future__ import annotations

from datetime import UTC, datetime

from storepos.central.notices.outbox import NoticeRow
from storepos.commands.central import notice_row
from storepos.i18n import speaking

AT = datetime(2026, 12, 6, 15, 5, tzinfo=UTC)


def row(state: str, attempts: int, sent: datetime | None = None, error: str = "") -> NoticeRow:
    return NoticeRow("TOR1", "P-000555", "arrived", state, attempts, "ann@example.com", AT, AT,
                     sent, error)


def test_a_failed_and_a_sent_notice_in_french() -> None:
    with speaking("fr_CA"):
        assert notice_row(row("failed", 3, error="could not be reached")) == (
            "TOR1 P-000555 colis arrivé, en échec, 3 essais, à ann@example.com  "
            "could not be reached")
        said = notice_row(row("sent", 1, sent=AT))
    assert said.startswith("TOR1 P-000555 colis arrivé, envoyé, 1 essai, à ann@example.com "
                           "envoyé le 6 déc. 2026")
    assert said.endswith("15 h 05 UTC")


def test_english() -> None:
    with speaking("en_CA"):
        assert notice_row(row("pending", 1)).startswith(
            "TOR1 P-000555 parcel arrived, waiting, 1 try, to ann@example.com next try Dec 6, 2026")
        assert notice_row(row("failed", 2)) == (
            "TOR1 P-000555 parcel arrived, failed, 2 tries, to ann@example.com")
