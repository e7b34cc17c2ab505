"""Row-level security and a login role per store, on the central PostgreSQL database.

    install_rls(conn)                             once, as the owner, after the migrations
    create_store_role(conn, store_id, "storepos_store_tor1")   one per store
    drop_store_role(conn, "storepos_store_tor1")

The policies are in rls.sql. DDL takes no bind parameters: role names are checked against a strict
pattern and always quoted; everything else is a bound parameter. Passwords are not handled here:
set one with psql's \\password (it never sends the password in clear) or use certificates.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from sqlalchemy import Connection, delete, insert, text
from sqlalchemy.exc import ProgrammingError

from storepos.central.schema import store_roles

GROUP_ROLE = "storepos_store"
RLS_SQL = Path(__file__).resolve().parent / "rls.sql"
ME = "(SELECT sr.store_id FROM store_roles sr WHERE sr.role_name = current_user)"
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


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
    """The group role, its grants and every policy (idempotent)."""
    if conn.dialect.name != "postgresql":
        raise RuntimeError("row-level security is a PostgreSQL feature; SQLite serves one store")
    _create_role(conn, group, "NOLOGIN")
    conn.exec_driver_sql(rls_script(conn, group))


def create_store_role(conn: Connection, store_id: uuid.UUID, role: str,
                      group: str = GROUP_ROLE) -> str:
    """A login role for one store, a member of the group role, mapped to the store."""
    _create_role(conn, role, "LOGIN")
    conn.execute(text(f"GRANT {quote_role(conn, group)} TO {quote_role(conn, role)}"))
    conn.execute(delete(store_roles).where(store_roles.c.role_name == role))
    conn.execute(insert(store_roles).values(role_name=role, store_id=store_id))
    return role


def drop_store_role(conn: Connection, role: str) -> None:
    conn.execute(delete(store_roles).where(store_roles.c.role_name == role))
    if _role_exists(conn, role):
        conn.execute(text(f"DROP OWNED BY {quote_role(conn, role)}"))
        conn.execute(text(f"DROP ROLE {quote_role(conn, role)}"))
