"""Row-level security on the central PostgreSQL database: the store context's role and policies.

    install_rls(conn)      as the owner, after the migrations (migrate.upgrade runs it); idempotent
    check_rls(engine)      the service's start: a sentence when it cannot take a store's context

The store context is a role without LOGIN (store_context.STORE_ROLE) that the service takes for
each till's transaction; the policies are in rls.sql. No role logs in as a store: the login roles
of earlier versions (one per store, listed in store_roles) are altered NOLOGIN and lose the group.
DDL takes no bind parameters: role names are checked against a strict pattern and always quoted.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from storepos.central.schema import store_roles
from storepos.central.store_context import STORE_ROLE

GROUP_ROLE = STORE_ROLE
RLS_SQL = Path(__file__).resolve().parent / "rls.sql"
ME = "(NULLIF(current_setting('storepos.store_id', true), '')::uuid)"
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_SET_PRIVILEGE = "SET"  # PostgreSQL 16: may SET ROLE to it (MEMBER also counts ADMIN alone)


def quote_role(conn: Connection, name: str) -> str:
    if not _ROLE.fullmatch(name):
        raise ValueError(f"not a role name storepos makes: {name!r}")
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"),
                        {"name": name}).first() is not None


def _create_role(conn: Connection, name: str, options: str) -> None:
    if _role_exists(conn, name):
        return
    savepoint = conn.begin_nested()
    try:
        conn.execute(text(f"CREATE ROLE {quote_role(conn, name)} {options}"))
        savepoint.commit()
    except ProgrammingError:  # created by someone else at the same moment
        savepoint.rollback()
        if not _role_exists(conn, name):
            raise


def rls_script(conn: Connection, group: str = GROUP_ROLE) -> str:
    return RLS_SQL.read_text(encoding="utf-8").format(group=quote_role(conn, group), me=ME)


def install_rls(conn: Connection, group: str = GROUP_ROLE) -> None:
    """The store context's role, its grants and every policy; earlier store roles retired."""
    if conn.dialect.name != "postgresql":
        raise RuntimeError("row-level security is a PostgreSQL feature; SQLite serves one store")
    _create_role(conn, group, "NOLOGIN")
    role = quote_role(conn, group)
    me = conn.execute(text(
        "SELECT u.rolsuper, g.rolcanlogin, pg_has_role(u.oid, g.oid, :can) AS can_set "
        "FROM pg_roles u, pg_roles g WHERE u.rolname = current_user AND g.rolname = :group"),
        {"group": group, "can": _SET_PRIVILEGE if _pg16(conn) else "MEMBER"}).one()
    if me.rolcanlogin:
        conn.execute(text(f"ALTER ROLE {role} NOLOGIN"))
    if not (me.rolsuper or me.can_set):  # the service connects as this role and takes the group
        conn.execute(text(f"GRANT {role} TO CURRENT_USER"))
    conn.exec_driver_sql(rls_script(conn, group))
    retire_store_roles(conn, group)


def _pg16(conn: Connection) -> bool:
    return int(conn.scalar(text("SHOW server_version_num")) or 0) >= 160000


def retire_store_roles(conn: Connection, group: str = GROUP_ROLE) -> list[str]:
    """The per-store login roles of earlier versions (listed in store_roles): NOLOGIN and out of
    the group. The names of those it changed."""
    names = [n for n in conn.scalars(select(store_roles.c.role_name)) if _ROLE.fullmatch(n)]
    if not names:
        return []
    found = conn.execute(text(
        "SELECT r.rolname, r.rolcanlogin, pg_has_role(r.oid, g.oid, 'MEMBER') AS member "
        "FROM pg_roles r, pg_roles g WHERE g.rolname = :group AND r.rolname = ANY(:names) "
        "AND r.rolname <> current_user AND NOT r.rolsuper ORDER BY r.rolname"),
        {"group": group, "names": names}).all()
    retired = []
    for r in found:
        if not (r.rolcanlogin or r.member):
            continue
        role = quote_role(conn, r.rolname)
        conn.execute(text(f"ALTER ROLE {role} NOLOGIN"))
        if r.member:
            conn.execute(text(f"REVOKE {quote_role(conn, group)} FROM {role}"))
        retired.append(r.rolname)
    return retired


def check_rls(engine: Engine, group: str = GROUP_ROLE) -> str | None:
    """None when the service can run a till's transactions in a store's context here; else why
    not, in one sentence."""
    if engine.dialect.name != "postgresql":
        return None
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT set_config('role', :group, true)"), {"group": group})
            ready = conn.scalar(text("SELECT has_table_privilege(current_user, 'events', "
                                     "'INSERT')"))
    except DBAPIError as exc:
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return (f"The central database has no row-level security for the service's role yet "
                f"({first}): run `storepos central init` on it as its owner.")
    if not ready:
        return ("The central database's row-level security is not installed: run "
                "`storepos central init` on it as its owner.")
    return None
