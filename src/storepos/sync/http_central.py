"""The central service as a till sees it over HTTPS: the same push, pull, problems and card
authority as the in-process `storepos.central.client.Central`, with the till's bearer token.

    central = HttpCentral("https://central.example:8443", token, ca_file="ca.pem")
    service = SyncService(local, central)          # push / pull
    gate = CardGate(central.cards, limits)         # hold / capture / release / balance

The store and till are the token's (the service ignores what a request says; the arguments are
kept so both clients have one shape). A card hold waits at most HOLD_TIMEOUT_S: a customer is at
the counter, and a slow answer means "go by the offline rules". An unreachable service raises
CentralUnavailable (the sync backs off as for a database); a 401 raises TillDisconnected.
"""

from __future__ import annotations

import ssl
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import httpx
import orjson

from storepos.sync.errors import (
    CardRefused,
    CardShort,
    CardUnknown,
    CentralUnavailable,
    TillDisconnected,
)
from storepos.sync.protocol import (
    Account,
    ChangeBatch,
    Cursor,
    Event,
    EventResult,
    Hold,
    Movement,
    OpenProblem,
)

HOLD_TIMEOUT_S = 1.5
SYNC_TIMEOUT_S = 60.0  # a push of 500 events, or a pull of 500 changes
CONNECT_TIMEOUT_S = 5.0
JSON_BODY = {"Content-Type": "application/json"}


def tls_verify(ca_file: str | None) -> ssl.SSLContext | bool:
    """Head office's own CA when given, else the system's."""
    return ssl.create_default_context(cafile=ca_file) if ca_file else True


def unreachable(url: str, exc: httpx.TransportError) -> CentralUnavailable:
    """A failed connection in words; a certificate that does not verify is said as such."""
    if "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return CentralUnavailable(
            f"The central service at {url} showed a certificate this till does not trust "
            f"(wrong address, or not made by head office's CA): {exc}")
    return CentralUnavailable(f"The central service at {url} cannot be reached "
                              f"({type(exc).__name__}: {exc}).")


def _words(answer: httpx.Response) -> str:
    try:
        return str(answer.json()["message"])
    except (ValueError, KeyError, TypeError):
        return answer.text[:300] or f"HTTP {answer.status_code}"


def _card_refusal(answer: httpx.Response) -> CardRefused:
    """The service's card refusal as the exception the central ledger raises in-process."""
    try:
        body = answer.json()
        kind, message = body["kind"], str(body["message"])
    except (ValueError, KeyError, TypeError):
        return CardRefused(_words(answer))
    if kind == "short":
        return CardShort(message, available=Decimal(body["available"]))
    return CardUnknown(message) if kind == "unknown" else CardRefused(message)


class EncodedBatch(list[Event]):
    """Events to push with their request body, encoded once (orjson, not httpx's json=: the
    standard library's encoder was 13 % of a push's time)."""

    def __init__(self, events: Sequence[Event]) -> None:
        super().__init__(events)
        sent = [e.to_json() for e in self]
        self.ids = {d["event_id"]: e.event_id for d, e in zip(sent, self, strict=True)}
        self.body = orjson.dumps({"events": sent}, option=orjson.OPT_NON_STR_KEYS)

    def results(self, answer: Any) -> list[EventResult]:
        """The service's results; the ids this till sent are not read from text again."""
        return [EventResult.from_json(r, self.ids) for r in answer]


class HttpCentral:
    def __init__(self, url: str, token: str, *, ca_file: str | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {token}"},
            verify=tls_verify(ca_file), transport=transport,
            timeout=httpx.Timeout(SYNC_TIMEOUT_S, connect=CONNECT_TIMEOUT_S))
        self.cards = HttpCards(self)

    def request(self, method: str, path: str, *, timeout: float | None = None,
                **kwargs: Any) -> httpx.Response:
        """One call; a refusal for this till or an unreachable service as the sync's errors.
        Other answers (2xx, and card refusals) are the caller's to read."""
        try:
            answer = self._http.request(method, path, **kwargs, timeout=(
                httpx.Timeout(timeout) if timeout is not None else httpx.USE_CLIENT_DEFAULT))
        except httpx.TransportError as exc:
            raise unreachable(self.url, exc) from exc
        if answer.status_code == 401:
            raise TillDisconnected(
                f"This till was disconnected by head office: {_words(answer)}")
        if answer.status_code >= 500:
            raise CentralUnavailable(f"The central service at {self.url} had a problem "
                                     f"(HTTP {answer.status_code}); the till retries later.")
        return answer

    def _ok(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.request(method, path, **kwargs)
        if answer.status_code != 200:
            raise CentralUnavailable(f"The central service refused this till's request: "
                                     f"{_words(answer)}")
        try:
            return orjson.loads(answer.content)
        except orjson.JSONDecodeError as exc:
            raise CentralUnavailable(f"The central service at {self.url} answered something "
                                     "that is not JSON; the till retries later.") from exc

    def prepare(self, events: Sequence[Event]) -> EncodedBatch:
        """The events with their request body, encoded ahead of the push: SyncService calls this
        on its outbox thread while the batch before is at the service."""
        return EncodedBatch(events)

    def push(self, store_id: uuid.UUID, till_id: uuid.UUID,
             events: Sequence[Event]) -> list[EventResult]:
        batch = events if isinstance(events, EncodedBatch) else EncodedBatch(events)
        body = self._ok("POST", "/v1/push", headers=JSON_BODY, content=batch.body)
        return batch.results(body["results"])

    def pull(self, store_id: uuid.UUID, cursor: Cursor, limit: int = 500) -> ChangeBatch:
        body = self._ok("GET", "/v1/pull",
                        params={"tx": cursor.tx, "change": cursor.change, "limit": limit})
        return ChangeBatch.from_json(body)

    def open_problems(self, store_id: uuid.UUID) -> list[OpenProblem]:
        body = self._ok("GET", "/v1/problems")
        return [OpenProblem.from_json(p) for p in body["problems"]]

    def close(self) -> None:
        self._http.close()


class HttpCards:
    """The central ledger's card authority over HTTP (central.cards.CentralCards' shape)."""

    def __init__(self, central: HttpCentral) -> None:
        self._central = central

    def _card_call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self._central.request(method, path, timeout=HOLD_TIMEOUT_S, **kwargs)
        if answer.status_code in (404, 409) and "kind" in answer.text:
            raise _card_refusal(answer)
        if answer.status_code != 200:
            raise CentralUnavailable(f"The central service refused a card request: "
                                     f"{_words(answer)}")
        return answer.json()

    def hold(self, account_id: uuid.UUID, amount: Decimal, *, store_id: uuid.UUID,
             till_id: uuid.UUID | None = None) -> Hold:
        return Hold.from_json(self._card_call("POST", f"/v1/cards/{account_id}/holds",
                                              json={"amount": str(amount)}))

    def capture(self, held: Hold, *, store_id: uuid.UUID, till_id: uuid.UUID | None = None,
                note: str = "") -> Movement:
        return Movement.from_json(self._card_call("POST", f"/v1/cards/holds/{held.id}/capture",
                                                  json={"note": note}))

    def release(self, held: Hold) -> bool:
        body = self._card_call("POST", f"/v1/cards/holds/{held.id}/release")
        return bool(body["released"])

    def balance(self, account_id: uuid.UUID) -> Account | None:
        try:
            return Account.from_json(self._card_call("GET", f"/v1/cards/{account_id}"))
        except CardUnknown:
            return None
