"""The counter app's one door to the services: each user action is one unit of work.

The UI never opens sessions itself. It hands a service call to `Counter.run`, on a worker thread,
and gets plain dataclasses or a StoreposError back:

    counter.run(actor, lambda s, a: value_accounts.find_account(s, a, number))
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.i18n import _
from storepos.persistence.models import Store, Till
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor, system_clock
from storepos.services.staff import approvals, auth, pin_setup

T = TypeVar("T")
SYNC_WAIT_S = 120.0  # a sign-in waits at most this long for sync's gates (started after "ready")


@dataclass(frozen=True, slots=True)
class StorePlace:
    """The store and till this app runs at: what every screen shows and formats with."""

    store_id: uuid.UUID
    store_code: str
    store_name: str
    store_kind: str
    locale: str
    currency: str
    time_zone: str
    policy: str
    till_id: uuid.UUID
    till_prefix: str
    till_name: str


class Counter:
    def __init__(self, sessions: sessionmaker[Session], till_prefix: str, *,
                 clock: Callable[[], datetime] = system_clock,
                 auth_settings: auth.AuthSettings = auth.DEFAULT_SETTINGS,
                 card_gate: Any = None, line_gate: Any = None, sync_link: Any = None,
                 card_caps: Any = None, pin_link: pin_setup.PinLink | None = None,
                 sync_pending: bool = False) -> None:
        self._sessions = sessions
        self._till_prefix = till_prefix
        self.clock = clock
        self.auth_settings = auth_settings
        self.card_gate = card_gate  # card_redemption.CardGate when the till syncs with a central ledger
        self.line_gate = line_gate  # returns.line_holds.LineGate when it syncs (online line holds)
        self.sync_link = sync_link  # sync_problems.SyncLink when the till syncs (else None)
        self.card_caps = card_caps  # domain.card_value.CardCaps (None: the defaults)
        self.pin_link = pin_link  # HttpCentral.set_up_pin when set up with head office's service
        # With `sync_pending` the gates come later (`attach_sync`, once sync has started behind a
        # ready sign-in): a sign-in checks the PIN at once but hands out its actor only with them,
        # so nobody sells with a card or line gate missing.
        self._sync_ready = threading.Event()
        self._sync_problem: BaseException | None = None
        if not sync_pending:
            self._sync_ready.set()

    def attach_sync(self, card_gate: Any, line_gate: Any, sync_link: Any) -> None:
        self.card_gate, self.line_gate, self.sync_link = card_gate, line_gate, sync_link
        self._sync_ready.set()

    def sync_failed(self, problem: BaseException) -> None:
        """Sync could not start: every sign-in from now on is refused with `problem`."""
        self._sync_problem = problem
        self._sync_ready.set()

    def wait_for_sync(self, timeout: float = SYNC_WAIT_S) -> None:
        """Returns once sync's gates are attached (at once when they were given or not wanted)."""
        if not self._sync_ready.wait(timeout):
            raise StoreposError(_("The store is still opening. Try again in a moment."))
        problem = self._sync_problem
        if isinstance(problem, StoreposError):
            raise problem
        if problem is not None:
            raise StoreposError(_("The store's sync could not start ({problem}). Restart the app; "
                                  "if it happens again, call support.").format(
                problem=f"{type(problem).__name__}: {problem}")) from problem

    def place(self) -> StorePlace:
        with self._sessions() as session:
            row = session.execute(
                select(Store, Till).join(Till, Till.store_id == Store.id)
                .where(Till.prefix == self._till_prefix)
            ).first()
            if row is None:
                raise StoreposError(_("Till {prefix} is not set up in this database.").format(
                    prefix=self._till_prefix))
            store, till = row
            return StorePlace(store.id, store.code, store.name, store.kind.value, store.locale,
                              store.currency, store.time_zone, store.policy, till.id, till.prefix, till.name)

    def sign_in(self, employee_number: str, pin: str, language: str | None = None) -> Actor:
        """The PIN check runs its own transactions (see services/auth.py): a wrong PIN counts.
        `language` ("fr", "en"): chosen on the sign-in page, remembered for this employee at
        this till; None keeps what they chose before (the actor's `language`, or None)."""
        if language is not None and language not in auth.LANGUAGES:  # before the PIN counts
            raise InvalidInput(_("No language {language} at this till.").format(language=language))
        actor = auth.sign_in(self._sessions, self.place().till_id, employee_number, pin,
                             clock=self.clock, settings=self.auth_settings)
        if language is not None and language != actor.language:
            auth.remember_language(self._sessions, actor.employee_id, language)
        self.wait_for_sync()
        return replace(actor, card_gate=self.card_gate, line_gate=self.line_gate,
                       card_caps=self.card_caps, language=language or actor.language)

    def set_up_pin(self, employee_number: str, code: str, pin: str, pin_again: str,
                   language: str | None = None) -> Actor:
        """An employee's first sign-in (or after a PIN reset): head office's set-up code and the
        PIN they chose, twice; signed in with it once the service has it (see staff/pin_setup)."""
        pin_setup.set_up_pin(self._sessions, self.pin_link, employee_number, code, pin, pin_again)
        return self.sign_in(employee_number, pin, language)

    def still_active(self, actor: Actor) -> bool:
        """False once head office deactivated the signed-in employee (known after a pull)."""
        with self._sessions() as session:
            return auth.is_active(session, actor)

    def approve(self, actor: Actor, manager_number: str, pin: str, reason: str,
                binding: approvals.Binding) -> approvals.Approval:
        """A manager's PIN-verified approval for `binding`, asked before the unit of work that
        uses it; the service that acts verifies it."""
        return auth.approve(self._sessions, actor, manager_number, pin, reason, binding,
                            settings=self.auth_settings)

    def run(self, actor: Actor, action: Callable[[Session, Actor], T], *, commit: bool = True) -> T:
        """Run one service call in its own transaction; nothing is saved if it raises."""
        try:
            with UnitOfWork(self._sessions, writes=commit) as uow:
                auth.require_active(uow.session, actor)
                result = action(uow.session, actor)
                if commit:
                    uow.commit()
                return result
        except approvals.ApprovalRefused as refused:  # audited once the action is rolled back
            approvals.record_refusal(self._sessions, actor, refused)
            raise

    def read(self, action: Callable[[Session], T]) -> T:
        """A read that needs no signed-in employee (e.g. the store's own settings)."""
        with self._sessions() as session:
            return action(session)
