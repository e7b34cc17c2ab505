"""An employee chooses their PIN at a till: head office's one-time set-up code, the PIN twice.

The PIN goes to the central service (over the till's HTTPS link), which checks the code against
the till's store, hashes the PIN with Argon2id and logs the change for every till of the store;
this till writes the answer at once, so the employee signs in now and offline from then on. The
till never makes a PIN hash of its own for head office's staff: without the service there is no
PIN to set, and the employee is told so in words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.i18n import N_, _
from storepos.persistence.uow import UnitOfWork
from storepos.services.staff.pins import check_pin
from storepos.services.staff.roster import apply_employees
from storepos.sync.errors import CentralUnavailable, TillDisconnected

log = logging.getLogger(__name__)

# (employee number, set-up code, PIN) -> the employee as the tills pull them (HttpCentral)
PinLink = Callable[[str, str, str], dict[str, Any]]

OFFLINE = N_("Setting a PIN needs head office's service to be reachable, and it is not right now. "
             "Try again once the till is back online; a PIN already set works offline.")
NOT_SET_UP = N_("This till is not set up with head office's service, so PINs are not set here. "
                 "Ask a manager.")


def set_up_pin(sessions: sessionmaker[Session], link: PinLink | None, number: str, code: str,
               pin: str, pin_again: str) -> None:
    """Refused in words: a form not filled, two different PINs, a PIN that is not 4 to 8 digits,
    the service's refusal (PinSetupRefused), or no service."""
    number, code = number.strip(), code.strip()
    if not number:
        raise InvalidInput(_("Type your employee number."))
    if not code:
        raise InvalidInput(_("Type the set-up code head office gave you."))
    check_pin(pin)
    if pin != pin_again:
        raise InvalidInput(_("The two PINs are not the same. Type your new PIN twice."))
    if link is None:
        raise StoreposError(_(NOT_SET_UP))
    try:
        row = link(number, code, pin)
    except TillDisconnected:
        raise
    except CentralUnavailable as exc:
        log.info("PIN set-up: head office not reachable: %s", exc.message)
        raise StoreposError(_(OFFLINE)) from exc
    with UnitOfWork(sessions, writes=True) as uow:
        apply_employees(uow.session, [row])
        uow.commit()
