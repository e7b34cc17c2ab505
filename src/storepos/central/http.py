"""The central service's HTTP API (FastAPI), version 1. Stateless: every request carries the
till's token and every answer comes from the database, so N processes can serve one database.

    GET  /v1/health                       no token
    POST /v1/enrol   {code, till_name?}   no token: spends a one-time code, answers the till token
                                          and the till's share of its store's offline limits
    GET  /v1/till                         -> {store_id, till_id, offline: {per_sale, per_card}}
    POST /v1/push    {events: [...]}      -> {results: [...]}
    GET  /v1/pull?tx=&change=&limit=      -> a ChangeBatch
    GET  /v1/problems                     -> {problems: [...]}
    POST /v1/staff/pin {number, code, pin}  -> {employee: {...}}: an employee of the token's store
                                          spends head office's set-up code on the PIN they chose
    POST /v1/cards/{account}/holds {amount}   -> a Hold (for the token's store and till)
    POST /v1/cards/holds/{hold}/capture {note?}  -> a Movement
    POST /v1/cards/holds/{hold}/release   -> {released: bool}
    GET  /v1/cards/{account}              -> an Account (balance, held)
    POST /v1/orders/{order}/lines/{line}/holds {quantity}  -> a LineHold (the token's store)
    POST /v1/orders/{order}/holds/{hold}/release           -> {released: bool}
    POST /v1/webhooks/shopify             no till token: Shopify's signed order webhooks
                                          (central/webshop/webhook.py)

A card refusal is {kind: "short" | "unknown" | "refused", message, available?} (409, 404 for an
unknown card), so the till raises the same CardShort / CardUnknown / CardRefused as the central
ledger does in its own process. A hold is the store's that took it: another store's is not found.
A line hold refusal is {kind: "taken" | "unknown" | "refused", message, available?, reason?} (409,
404 for a line the central side does not count): LineTaken / LineUnknown / LineRefused at the till.
A line hold is consumed by the push of its return's event, never by a route of its own.

Every route but health and enrol needs `Authorization: Bearer <token>`; the store and till are the
token's, never the request's, and on PostgreSQL the route's transactions run in that store's
context (store_context.for_store: row-level security as a second wall). Bodies are the sync
protocol's to_json/from_json.
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import orjson
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from storepos.central import review
from storepos.central.cancellations import CentralCancellations
from storepos.central.cards import NOT_IN_LEDGER, CentralCards
from storepos.central.engine import make_central_engine
from storepos.central.enrolment import Refused, TillIdentity, enrol, identify, offline_share
from storepos.central.lines import CentralLines
from storepos.central.pull import pull_changes
from storepos.central.push import push_from_till
from storepos.central.staff import set_pin, staff_rows
from storepos.central.store_context import for_store
from storepos.central.webshop import webhook
from storepos.domain.errors import InvalidInput
from storepos.i18n import N_, _, speaking
from storepos.sync.errors import (
    CancelRefused,
    CardRefused,
    CardShort,
    CardUnknown,
    LineRefused,
    LineTaken,
    LineUnknown,
)
from storepos.sync.protocol import Cursor, Hold, events_from_json, row_to_json
from storepos.sync.retry import in_transaction

ENV_DB = "STOREPOS_SERVICE_DB"  # how `storepos central serve` hands the URL to uvicorn's workers
MAX_LIMIT = 5000
YOUNG_GENERATION = 50_000  # new objects between two passes of the cyclic collector (app_from_env)


AMOUNT_AS_TEXT = N_("Send the amount to hold as text, like \"12.50\".")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z]{2})?")


def reader_of(accept_language: str) -> str | None:
    """The till's language from its Accept-Language ("fr-CA" -> "fr_CA"); None: the service's."""
    first = accept_language.split(",", 1)[0].split(";", 1)[0].strip()
    return first.replace("-", "_") if _LANGUAGE_TAG.fullmatch(first) else None


class ReaderLanguage:
    """Refusals in the words of the till that asked (its Accept-Language): an employee at the
    till reads them. Pure ASGI, so the language is set for the whole request, threads included
    (Starlette copies the context into run_in_threadpool)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers") or ()).get(b"accept-language", b"")
        with speaking(reader_of(raw.decode("latin-1"))):
            await self.app(scope, receive, send)


def _json(value: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(value), status_code=status_code, media_type="application/json")


def _refused(status_code: int, message: str) -> HTTPException:
    return HTTPException(status_code, message)


async def _body(request: Request) -> dict[str, Any]:
    return _object(await request.body())


def _object(raw: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _refused(400, _("The request body is not JSON.")) from None
    if not isinstance(data, dict):
        raise _refused(400, _("The request body must be a JSON object."))
    return data


def card_refusal(exc: CardRefused) -> Response:
    """A card refusal as JSON the till turns back into the same exception."""
    if isinstance(exc, CardShort):
        return _json({"kind": "short", "message": exc.message,
                      "available": str(exc.available)}, 409)
    if isinstance(exc, CardUnknown):
        return _json({"kind": "unknown", "message": exc.message}, 404)
    return _json({"kind": "refused", "message": exc.message}, 409)


def _amount(data: dict[str, Any]) -> Decimal:
    try:
        amount = Decimal(str(data["amount"]))
    except (KeyError, InvalidOperation):
        raise _refused(400, _(AMOUNT_AS_TEXT)) from None
    if not amount.is_finite():
        raise _refused(400, _(AMOUNT_AS_TEXT))
    return amount


async def _till(request: Request) -> TillIdentity:
    """The caller, from its bearer token: 401 in words when it has none, or a revoked one."""
    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, _("This till has no token: enrol it with a code from head "
                                   "office."), {"WWW-Authenticate": "Bearer"})
    who = await run_in_threadpool(identify, request.app.state.engine, token.strip())
    if who is None:
        raise HTTPException(401, _("This till was disconnected by head office, or its token is "
                                   "not known: enrol it again with a new code."),
                            {"WWW-Authenticate": "Bearer"})
    return who


Till = Annotated[TillIdentity, Depends(_till)]


def make_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="storepos central service", version="1", docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.engine = engine
    app.add_middleware(ReaderLanguage)

    @app.exception_handler(HTTPException)
    async def _in_words(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"message": str(exc.detail)}, status_code=exc.status_code,
                            headers=exc.headers)

    @app.get("/v1/health")
    async def health() -> Response:
        return _json({"status": "ok"})

    @app.post("/v1/enrol")
    async def enrol_till(request: Request) -> Response:
        data = await _body(request)
        code, name = data.get("code"), data.get("till_name")
        if not isinstance(code, str) or (name is not None and not isinstance(name, str)):
            raise _refused(400, _("Send the enrolment code as text."))
        try:
            done = await run_in_threadpool(enrol, engine, code, name)
        except Refused as exc:
            raise _refused(403, str(exc)) from None
        # The store's staff as they stand, so a new till signs people in at once; later changes
        # come by pull (the change log is read from the start).
        people = await run_in_threadpool(
            in_transaction, for_store(engine, done.store.id),
            lambda conn: staff_rows(conn, done.store.id))
        return _json({"token": done.token, "store": done.store.to_json(),
                      "till": done.till.to_json(), "offline": done.offline.to_json(),
                      "staff": [row_to_json(p) for p in people]})

    @app.get("/v1/till")
    async def till(who: Till) -> Response:
        """The calling till as head office has it now: its share of the store's offline card
        limits (asked at every sync, so a revoked or added till changes the others' shares)."""
        share = await run_in_threadpool(
            in_transaction, engine, lambda conn: offline_share(conn, who.store_id))
        return _json({"store_id": str(who.store_id), "till_id": str(who.till_id),
                      "offline": share.to_json()})

    @app.post("/v1/push")
    async def push(request: Request) -> Response:
        # The token is checked while the body arrives (the one waits on the database, the other
        # on the network); a bad token is still refused before the body is looked at.
        checking = asyncio.ensure_future(_till(request))
        try:
            raw = await request.body()
        except BaseException:
            checking.cancel()
            raise
        who = await checking
        data = _object(raw)
        try:
            batch = events_from_json(data.get("events"))
        except KeyError as exc:
            raise _refused(400, f"An event in this push has no {exc.args[0]}.") from None
        except (TypeError, ValueError) as exc:
            raise _refused(400, f"An event in this push is not readable: {exc}.") from None
        results = await run_in_threadpool(push_from_till, for_store(engine, who.store_id),
                                          who.store_id, who.till_id, batch)
        return _json({"results": [r.to_json() for r in results]})

    @app.get("/v1/pull")
    async def pull(who: Till, tx: Annotated[int, Query(ge=0)] = 0,
                   change: Annotated[int, Query(ge=0)] = 0,
                   limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500) -> Response:
        batch = await run_in_threadpool(pull_changes, for_store(engine, who.store_id),
                                        who.store_id, Cursor(tx, change), limit=limit)
        return _json(batch.to_json())

    @app.get("/v1/problems")
    async def problems(who: Till) -> Response:
        found = await run_in_threadpool(
            in_transaction, for_store(engine, who.store_id),
            lambda conn: review.open_problems(conn, who.store_id))
        return _json({"problems": [p.to_json() for p in found]})

    @app.post("/v1/staff/pin")
    async def staff_pin(request: Request, who: Till) -> Response:
        """Exactly {number, code, pin}: the PIN is hashed here, never taken as a hash."""
        data = await _body(request)
        if set(data) != {"number", "code", "pin"} or not all(
                isinstance(v, str) for v in data.values()):
            raise _refused(400, _("Send the employee number, the set-up code and the PIN, as "
                                  "text, and nothing else."))
        try:
            row = await run_in_threadpool(set_pin, for_store(engine, who.store_id), who.store_id,
                                          data["number"], data["code"], data["pin"])
        except InvalidInput as exc:  # the domain's fixed sentence, in the catalogue as it is
            raise _refused(400, _(exc.message)) from None
        except Refused as exc:
            raise _refused(403, str(exc)) from None
        return _json({"employee": row_to_json(row)})

    _routes = (health, enrol_till, till, push, pull, problems, staff_pin)  # by decorators
    _card_routes(app, engine)
    _line_routes(app, engine)
    _cancel_routes(app, engine)
    _webshop_routes(app, engine)
    return app


def _webshop_routes(app: FastAPI, engine: Engine) -> None:
    """The web shop's webhooks: signed by the shop, not by a till; head office's work, so the
    service's own engine (no store context)."""

    @app.post("/v1/webhooks/shopify")
    async def shopify_webhook(request: Request) -> Response:
        # Anyone may post here before the signature is checked: a body past the cap is refused
        # before it is held in memory whole.
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > webhook.MAX_BODY:
            raise _refused(413, "The webhook's body is too large.")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > webhook.MAX_BODY:
                raise _refused(413, "The webhook's body is too large.")
            chunks.append(chunk)
        raw = b"".join(chunks)  # the raw bytes: the signature is over them, as sent
        answer = await run_in_threadpool(webhook.receive, engine, request.headers, raw)
        return _json(answer.body, answer.status)

    _routes = (shopify_webhook,)  # registered by its decorator


def _card_routes(app: FastAPI, engine: Engine) -> None:
    """The card authority online: the central ledger's own rules (central/cards.py), scoped to
    the token's store."""

    def of(who: TillIdentity) -> CentralCards:
        return CentralCards(for_store(engine, who.store_id))

    async def _store_hold(who: TillIdentity, hold_id: uuid.UUID) -> Hold:
        held = await run_in_threadpool(of(who).hold_of_store, hold_id, who.store_id)
        if held is None:
            raise CardRefused(_("That hold was already captured or released, or is not this "
                                "store's."))
        return held

    @app.exception_handler(CardRefused)
    async def _card_refused(_request: Request, exc: CardRefused) -> Response:
        return card_refusal(exc)

    @app.post("/v1/cards/{account_id}/holds")
    async def hold(account_id: uuid.UUID, request: Request, who: Till) -> Response:
        amount = _amount(await _body(request))
        held = await run_in_threadpool(lambda: of(who).hold(
            account_id, amount, store_id=who.store_id, till_id=who.till_id))
        return _json(held.to_json())

    @app.post("/v1/cards/holds/{hold_id}/capture")
    async def capture(hold_id: uuid.UUID, request: Request, who: Till) -> Response:
        note = (await _body(request)).get("note") or ""
        held = await _store_hold(who, hold_id)
        moved = await run_in_threadpool(lambda: of(who).capture(
            held, store_id=who.store_id, till_id=who.till_id, note=str(note)[:300]))
        return _json(moved.to_json())

    @app.post("/v1/cards/holds/{hold_id}/release")
    async def release(hold_id: uuid.UUID, who: Till) -> Response:
        cards = of(who)
        held = await run_in_threadpool(cards.hold_of_store, hold_id, who.store_id)
        released = held is not None and await run_in_threadpool(cards.release, held)
        return _json({"released": released})

    @app.get("/v1/cards/{account_id}")
    async def balance(account_id: uuid.UUID, who: Till) -> Response:
        account = await run_in_threadpool(of(who).balance, account_id)
        if account is None:
            raise CardUnknown(_(NOT_IN_LEDGER))
        return _json(account.to_json())

    _routes = (_card_refused, hold, capture, release, balance)  # registered by decorators


def line_refusal(exc: LineRefused) -> Response:
    """A line hold refusal as JSON the till turns back into the same exception."""
    if isinstance(exc, LineTaken):
        return _json({"kind": "taken", "message": exc.message, "available": exc.available,
                      "reason": exc.reason}, 409)
    if isinstance(exc, LineUnknown):
        return _json({"kind": "unknown", "message": exc.message}, 404)
    return _json({"kind": "refused", "message": exc.message}, 409)


def _quantity(data: dict[str, Any]) -> int:
    quantity = data.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise _refused(400, _("Send the quantity to hold as a whole number, like 1."))
    return quantity


def _line_routes(app: FastAPI, engine: Engine) -> None:
    """Online line holds (central/lines.py), scoped to the token's store: a store releases only its
    own holds, and only its own pushed return consumes one."""

    def of(who: TillIdentity) -> CentralLines:
        return CentralLines(for_store(engine, who.store_id))

    @app.exception_handler(LineRefused)
    async def _line_refused(_request: Request, exc: LineRefused) -> Response:
        return line_refusal(exc)

    @app.post("/v1/orders/{order_id}/lines/{line_id}/holds")
    async def hold_line(order_id: uuid.UUID, line_id: uuid.UUID, request: Request,
                        who: Till) -> Response:
        quantity = _quantity(await _body(request))
        held = await run_in_threadpool(lambda: of(who).hold(
            order_id, line_id, quantity, store_id=who.store_id, till_id=who.till_id))
        return _json(held.to_json())

    @app.post("/v1/orders/{order_id}/holds/{hold_id}/release")
    async def release_line(order_id: uuid.UUID, hold_id: uuid.UUID, who: Till) -> Response:
        released = await run_in_threadpool(lambda: of(who).release_id(order_id, hold_id,
                                                                    store_id=who.store_id))
        return _json({"released": released})

    _routes = (_line_refused, hold_line, release_line)  # registered by their decorators


def _cancel_routes(app: FastAPI, engine: Engine) -> None:
    """Order cancellations (central/cancellations.py), for the token's store and till: the body's
    own store or till, if any, is never read."""

    def of(who: TillIdentity) -> CentralCancellations:
        return CentralCancellations(for_store(engine, who.store_id))

    @app.exception_handler(CancelRefused)
    async def _cancel_refused(_request: Request, exc: CancelRefused) -> Response:
        return _json({"kind": "cancel_refused", "code": exc.code, "params": exc.params,
                      "message": exc.message}, 409)

    @app.post("/v1/orders/{order_id}/cancellations/{cancellation_id}")
    async def claim_cancel(order_id: uuid.UUID, cancellation_id: uuid.UUID,
                           who: Till) -> Response:
        claimed = await run_in_threadpool(lambda: of(who).claim(
            order_id, cancellation_id, store_id=who.store_id, till_id=who.till_id))
        return _json(claimed.to_json())

    @app.post("/v1/orders/{order_id}/cancellations/{cancellation_id}/release")
    async def release_cancel(order_id: uuid.UUID, cancellation_id: uuid.UUID,
                             who: Till) -> Response:
        released = await run_in_threadpool(lambda: of(who).release(
            order_id, cancellation_id, store_id=who.store_id))
        return _json({"released": released})

    _routes = (_cancel_refused, claim_cancel, release_cancel)  # registered by decorators


def app_from_env() -> FastAPI:
    """uvicorn's factory in each worker process: the database named by STOREPOS_SERVICE_DB."""
    app = make_app(make_central_engine(os.environ[ENV_DB]))
    # What is loaded by now (FastAPI, SQLAlchemy, psycopg: most of the heap) lives as long as the
    # process: keep it out of the cyclic collector's full passes. A push's decoded batch lives
    # across a database round trip, reaches the oldest generation and set off full collections
    # of the whole heap: measured, 3 of them took 0.23 to 0.42 s of a 10,000-event push, 0.015 s
    # after this.
    gc.collect()
    gc.freeze()
    # A push's batch is some 100,000 objects made and freed by reference counting within its
    # request (few cycles). Collected every 700 new objects, as by default, the collector ran 250
    # times a push of 10,000 events and moved each batch's live objects into the older
    # generations to be walked again: 45 to 110 ms of the push's CPU (gc.callbacks), 0 to 27 ms
    # with this. Cyclic garbage still goes, after at most this many objects (a few MB).
    gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])
    return app


__all__ = ["app_from_env", "card_refusal", "line_refusal", "make_app"]
