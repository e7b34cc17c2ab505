"""The central service as a till sees it over HTTPS: the same push, pull, problems and card
authority as the in-process `storepos.central.client.Central`, with the till's bearer token.

    central = HttpCentral("https://central.example:8443", token, ca_file="ca.pem")
    service = SyncService(local, central)          # push / pull
    gate = CardGate(central.cards, limits)         # hold / capture / release / balance
    lines = LineGate(central.lines, limit,         # online line holds: hold / release
                     cancellations=central.cancellations)  # an order's cancellation: claim

The store and till are the token's (the service ignores what a request says; the arguments are
kept so both clients have one shape). A card hold waits at most HOLD_TIMEOUT_S: a customer is at
the counter, and a slow answer means "go by the offline rules". An unreachable service raises
CentralUnavailable (the sync backs off as for a database); a 401 raises TillDisconnected. After a
failure, card calls stay offline without asking for a while (`offline`, sync/offline_window.py),
so a silent service costs one sale HOLD_TIMEOUT_S, not every sale.
"""

from __future__ import annotations

import ssl
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import httpx
import orjson

from storepos.domain.sync import OfflineLimits
from storepos.i18n import N_, _, current_locale
from storepos.sync.errors import (
    CancelRefused,
    CardRefused,
    CardShort,
    CardUnknown,
    CentralUnavailable,
    CertificateNotTrusted,
    LineRefused,
    LineTaken,
    LineUnknown,
    PinSetupRefused,
    TillDisconnected,
)
from storepos.sync.offline_window import OfflineWindow
from storepos.sync.protocol import (
    Account,
    CancelClaim,
    ChangeBatch,
    Cursor,
    Event,
    EventResult,
    Hold,
    LineHold,
    Movement,
    OpenProblem,
    row_from_json,
)

HOLD_TIMEOUT_S = 1.5
PIN_TIMEOUT_S = 10.0  # an employee waits at the till; the service hashes with Argon2id
SYNC_TIMEOUT_S = 60.0  # a push of 500 events, or a pull of 500 changes
CONNECT_TIMEOUT_S = 5.0
JSON_BODY = {"Content-Type": "application/json"}

# What a counter call was, in its refusal's whole sentence ({why}: the service's words).
REFUSED_CARD = N_("The central service refused a card request: {why}")
REFUSED_LINE = N_("The central service refused a line hold request: {why}")
REFUSED_CANCEL = N_("The central service refused an order cancellation: {why}")


def reader_headers() -> dict[str, str]:
    """The service words its refusals in the language of whoever reads them at this till."""
    return {"Accept-Language": current_locale().replace("_", "-")}


def tls_verify(ca_file: str | None) -> ssl.SSLContext | bool:
    """Head office's own CA when given, else the system's."""
    return ssl.create_default_context(cafile=ca_file) if ca_file else True


def unreachable(url: str, exc: httpx.TransportError) -> CentralUnavailable:
    """A failed connection in words; a certificate that does not verify is said as such."""
    if "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return CertificateNotTrusted(_(
            "The central service at {url} showed a certificate this till does not trust (wrong "
            "address, or not made by head office's CA): {problem}").format(url=url, problem=exc))
    return CentralUnavailable(_("The central service at {url} cannot be reached ({problem}).")
                              .format(url=url, problem=f"{type(exc).__name__}: {exc}"))


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

    def __init__(self, events: Sequence[Event], body: bytes | None = None,
                 ids: dict[str, uuid.UUID] | None = None) -> None:
        super().__init__(events)
        self.ids = {str(e.event_id): e.event_id for e in self} if ids is None else ids
        if body is None:
            body = orjson.dumps({"events": [e.to_json() for e in self]},
                                option=orjson.OPT_NON_STR_KEYS)
        self.body = body

    @classmethod
    def from_outbox(cls, entries: Sequence[tuple[Event, str]]) -> EncodedBatch:
        """The body made from outbox entries whose payloads are still the JSON text the till
        keeps (LocalTill.pending_text): each text goes into the body as it is, not decoded and
        encoded again. The events' own payloads are left empty."""
        if not entries:
            return cls([], b'{"events":[]}')
        first = entries[0][0]
        # Every event of a batch is the one till's: its ids are written once for all.
        ours = orjson.dumps({"store_id": str(first.store_id), "till_id": str(first.till_id)})[1:-1]
        parts, ids = [], {}
        for e, payload in entries:
            if e.store_id != first.store_id or e.till_id != first.till_id:
                raise ValueError("a push carries one till's own events")
            text = str(e.event_id)
            ids[text] = e.event_id
            head = orjson.dumps({"event_id": text, "seq": e.seq, "action": e.action,
                                 "occurred_at": e.occurred_at.isoformat()})
            parts.append(b"".join((head[:-1], b",", ours, b',"payload":',
                                   (payload or "null").encode(), b"}")))
        return cls([e for e, _ in entries], b"".join((b'{"events":[', b",".join(parts), b"]}")),
                   ids)

    def results(self, answer: Any) -> list[EventResult]:
        """The service's results; the ids this till sent are not read from text again."""
        return [EventResult.from_json(r, self.ids) for r in answer]


class HttpCentral:
    def __init__(self, url: str, token: str, *, ca_file: str | None = None,
                 transport: httpx.BaseTransport | None = None,
                 offline: OfflineWindow | None = None) -> None:
        self.url = url.rstrip("/")
        self.offline = offline or OfflineWindow()
        self._http = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {token}"},
            verify=tls_verify(ca_file), transport=transport,
            timeout=httpx.Timeout(SYNC_TIMEOUT_S, connect=CONNECT_TIMEOUT_S))
        self.cards = HttpCards(self)
        self.lines = HttpLines(self)
        self.cancellations = HttpCancellations(self)

    def request(self, method: str, path: str, *, timeout: float | None = None,
                counter: bool = False, **kwargs: Any) -> httpx.Response:
        """One call; a refusal for this till or an unreachable service as the sync's errors.
        Other answers (2xx, and card refusals) are the caller's to read. `counter`: a customer
        waits for it, so it is not even tried while the offline window is open."""
        if counter:
            self.offline.check()
        kwargs["headers"] = {**kwargs.get("headers", {}), **reader_headers()}
        try:
            answer = self._http.request(method, path, **kwargs, timeout=(
                httpx.Timeout(timeout) if timeout is not None else httpx.USE_CLIENT_DEFAULT))
        except httpx.TransportError as exc:
            failure = unreachable(self.url, exc)
            self.offline.failed(failure.message)
            raise failure from exc
        if answer.status_code >= 500:
            self.offline.failed(f"HTTP {answer.status_code}")
        else:
            self.offline.answered()
        if answer.status_code == 401:
            raise TillDisconnected(_("This till was disconnected by head office: {why}").format(
                why=_words(answer)))
        if answer.status_code >= 500:
            raise CentralUnavailable(_("The central service at {url} had a problem (HTTP "
                                       "{status}); the till retries later.").format(
                                           url=self.url, status=answer.status_code))
        return answer

    def counter_call(self, method: str, path: str, refusal: Callable[[httpx.Response], Exception],
                     what: str, **kwargs: Any) -> Any:
        """A call a customer waits for (a card or line hold): at most HOLD_TIMEOUT_S, not tried
        while the offline window is open; the service's refusal ({kind, message}, 404 or 409) as
        `refusal` makes it, any other failure CentralUnavailable in the sentence `what` (marked with
    N_, {why} the service's words)."""
        answer = self.request(method, path, timeout=HOLD_TIMEOUT_S, counter=True, **kwargs)
        if answer.status_code in (404, 409) and "kind" in answer.text:
            raise refusal(answer)
        if answer.status_code != 200:
            raise CentralUnavailable(_(what).format(why=_words(answer)))
        return answer.json()

    def _ok(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.request(method, path, **kwargs)
        if answer.status_code != 200:
            raise CentralUnavailable(_("The central service refused this till's request: {why}")
                                     .format(why=_words(answer)))
        try:
            return orjson.loads(answer.content)
        except orjson.JSONDecodeError as exc:
            raise CentralUnavailable(_("The central service at {url} answered something that is "
                                       "not JSON; the till retries later.").format(url=self.url)
                                     ) from exc

    def prepare(self, events: Sequence[Event]) -> EncodedBatch:
        """The events with their request body, encoded ahead of the push: SyncService calls this
        on its outbox thread while the batch before is at the service."""
        return EncodedBatch(events)

    def prepare_outbox(self, entries: Sequence[tuple[Event, str]]) -> EncodedBatch:
        """prepare() for outbox entries whose payloads are still JSON text."""
        return EncodedBatch.from_outbox(entries)

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

    def offline_share(self) -> OfflineLimits:
        """This till's share of its store's offline card limits, as head office has it now."""
        body = self._ok("GET", "/v1/till")
        try:
            return OfflineLimits.from_json(body["offline"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CentralUnavailable(_("The central service's answer about this till is not "
                                       "readable: {problem}").format(problem=exc)) from None

    def set_up_pin(self, number: str, code: str, pin: str) -> dict[str, Any]:
        """Spend head office's set-up code on the PIN the employee chose: the employee as the
        tills pull them (with the PIN's Argon2id hash). PinSetupRefused in the service's words;
        CentralUnavailable when it cannot be reached."""
        answer = self.request("POST", "/v1/staff/pin", timeout=PIN_TIMEOUT_S,
                              json={"number": number, "code": code, "pin": pin})
        if answer.status_code in (400, 403):
            raise PinSetupRefused(_words(answer))
        if answer.status_code != 200:
            raise CentralUnavailable(_("The central service refused the PIN set-up: {why}")
                                     .format(why=_words(answer)))
        try:
            return row_from_json(answer.json()["employee"])
        except (ValueError, KeyError, TypeError) as exc:
            raise CentralUnavailable(_("The central service's answer to the PIN set-up is not "
                                       "readable: {problem}").format(problem=exc)) from None

    def close(self) -> None:
        self._http.close()


class HttpCards:
    """The central ledger's card authority over HTTP (central.cards.CentralCards' shape)."""

    def __init__(self, central: HttpCentral) -> None:
        self._central = central

    def _card_call(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._central.counter_call(method, path, _card_refusal, REFUSED_CARD, **kwargs)

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


def _line_refusal(answer: httpx.Response) -> LineRefused:
    """The service's line hold refusal as the exception central/lines.py raises in-process."""
    try:
        body = answer.json()
        kind, message = body["kind"], str(body["message"])
        if kind == "taken":
            return LineTaken(message, available=int(body["available"]), reason=str(body["reason"]))
    except (ValueError, KeyError, TypeError):
        return LineRefused(_words(answer))
    return LineUnknown(message) if kind == "unknown" else LineRefused(message)


class HttpLines:
    """Online line holds over HTTP (central.lines.CentralLines' shape): a customer waits at the
    counter, so each call waits at most HOLD_TIMEOUT_S and is not tried while the offline window
    is open, like a card hold."""

    def __init__(self, central: HttpCentral) -> None:
        self._central = central

    def _line_call(self, path: str, **kwargs: Any) -> Any:
        return self._central.counter_call("POST", path, _line_refusal, REFUSED_LINE, **kwargs)

    def hold(self, order_id: uuid.UUID, line_id: uuid.UUID, quantity: int, *,
             store_id: uuid.UUID, till_id: uuid.UUID | None = None) -> LineHold:
        return LineHold.from_json(self._line_call(
            f"/v1/orders/{order_id}/lines/{line_id}/holds", json={"quantity": quantity}))

    def release(self, held: LineHold, *, store_id: uuid.UUID) -> bool:
        body = self._line_call(f"/v1/orders/{held.order_id}/holds/{held.id}/release")
        return bool(body["released"])


def _cancel_refusal(answer: httpx.Response) -> CancelRefused:
    """The service's refusal to cancel, as central/cancellations.py raises it in process."""
    try:
        body = answer.json()
        return CancelRefused(str(body["message"]), code=str(body["code"]),
                             params={str(k): str(v) for k, v in dict(body["params"]).items()})
    except (ValueError, KeyError, TypeError):
        return CancelRefused(_words(answer), code="refused")


class HttpCancellations:
    """Order cancellations over HTTP (central.cancellations.CentralCancellations' shape): a
    customer waits, so each call waits at most HOLD_TIMEOUT_S, like a line hold."""

    def __init__(self, central: HttpCentral) -> None:
        self._central = central

    def claim(self, order_id: uuid.UUID, cancellation_id: uuid.UUID, *, store_id: uuid.UUID,
              till_id: uuid.UUID | None = None) -> CancelClaim:
        return CancelClaim.from_json(self._central.counter_call(
            "POST", f"/v1/orders/{order_id}/cancellations/{cancellation_id}", _cancel_refusal,
            REFUSED_CANCEL))

    def release(self, order_id: uuid.UUID, cancellation_id: uuid.UUID, *,
                store_id: uuid.UUID) -> bool:
        body = self._central.counter_call(
            "POST", f"/v1/orders/{order_id}/cancellations/{cancellation_id}/release",
            _cancel_refusal, REFUSED_CANCEL)
        return bool(body["released"])
