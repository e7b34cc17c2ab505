"""The central service's HTTP API (FastAPI), version 1. Stateless: every request carries the
till's token and every answer comes from the database, so N processes can serve one database.

    GET  /v1/health                       no token
    POST /v1/enrol   {code, till_name?}   no token: spends a one-time code, answers the till token
    POST /v1/push    {events: [...]}      -> {results: [...]}
    GET  /v1/pull?tx=&change=&limit=      -> a ChangeBatch
    GET  /v1/problems                     -> {problems: [...]}

Every route but health and enrol needs `Authorization: Bearer <token>`; the store and till are the
token's, never the request's. Bodies are the sync protocol's to_json/from_json.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import orjson
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from storepos.central import review
from storepos.central.engine import make_central_engine
from storepos.central.enrolment import Refused, TillIdentity, enrol, identify
from storepos.central.pull import pull_changes
from storepos.central.push import push_from_till
from storepos.sync.protocol import Cursor, Event
from storepos.sync.retry import in_transaction

ENV_DB = "STOREPOS_SERVICE_DB"  # how `storepos central serve` hands the URL to uvicorn's workers
MAX_LIMIT = 5000


def _json(value: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(value), status_code=status_code, media_type="application/json")


def _refused(status_code: int, message: str) -> HTTPException:
    return HTTPException(status_code, message)


async def _body(request: Request) -> dict[str, Any]:
    try:
        data = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        raise _refused(400, "The request body is not JSON.") from None
    if not isinstance(data, dict):
        raise _refused(400, "The request body must be a JSON object.")
    return data


def problem_to_json(p: review.OpenProblem) -> dict[str, Any]:
    return {"kind": p.kind.value, "store_id": str(p.store_id), "event_id": str(p.event_id),
            "till_id": str(p.till_id) if p.till_id else None, "seq": p.seq, "action": p.action,
            "text": p.text, "at": p.at.isoformat(),
            "amount": str(p.amount) if p.amount is not None else None, "quantity": p.quantity,
            "receipts": list(p.receipts)}


async def _till(request: Request) -> TillIdentity:
    """The caller, from its bearer token: 401 in words when it has none, or a revoked one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "This till has no token: enrol it with a code from head office.",
                            {"WWW-Authenticate": "Bearer"})
    who = await run_in_threadpool(identify, request.app.state.engine, token.strip())
    if who is None:
        raise HTTPException(401, "This till was disconnected by head office, or its token is not "
                                 "known: enrol it again with a new code.",
                            {"WWW-Authenticate": "Bearer"})
    return who


Till = Annotated[TillIdentity, Depends(_till)]


def make_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="storepos central service", version="1", docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.engine = engine

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
            raise _refused(400, "Send the enrolment code as text.")
        try:
            done = await run_in_threadpool(enrol, engine, code, name)
        except Refused as exc:
            raise _refused(403, str(exc)) from None
        return _json({"token": done.token, "store": done.store.to_json(),
                      "till": done.till.to_json()})

    @app.post("/v1/push")
    async def push(request: Request, who: Till) -> Response:
        data = await _body(request)
        try:
            batch = [Event.from_json(e) for e in data["events"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise _refused(400, f"An event in this push is not readable: {exc}") from None
        results = await run_in_threadpool(push_from_till, engine, who.store_id, who.till_id,
                                          batch)
        return _json({"results": [r.to_json() for r in results]})

    @app.get("/v1/pull")
    async def pull(who: Till, tx: Annotated[int, Query(ge=0)] = 0,
                   change: Annotated[int, Query(ge=0)] = 0,
                   limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500) -> Response:
        batch = await run_in_threadpool(pull_changes, engine, who.store_id, Cursor(tx, change),
                                        limit=limit)
        return _json(batch.to_json())

    @app.get("/v1/problems")
    async def problems(who: Till) -> Response:
        found = await run_in_threadpool(
            in_transaction, engine, lambda conn: review.open_problems(conn, who.store_id))
        return _json({"problems": [problem_to_json(p) for p in found]})

    _ = (health, enrol_till, push, pull, problems)  # registered by their decorators
    return app


def app_from_env() -> FastAPI:
    """uvicorn's factory in each worker process: the database named by STOREPOS_SERVICE_DB."""
    return make_app(make_central_engine(os.environ[ENV_DB]))


__all__ = ["app_from_env", "make_app", "problem_to_json"]
