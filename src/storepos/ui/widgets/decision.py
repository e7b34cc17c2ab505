"""What a manager is asked to decide, in the approval dialog's words (plain Python, so presenters
build it without Qt).

    Decision("Deny warranty claim W-TOR1-000002-1", "Deny claim",
             "The reason is printed on the claim ticket for the customer.")

The dialog's heading is the title, its button says the decision, and the details line says what
follows from it: a manager never confirms one thing under the words of another.
"""

from __future__ import annotations

from dataclasses import dataclass

from storepos.i18n import _
from storepos.services.staff.approvals import Binding


@dataclass(frozen=True, slots=True)
class Decision:
    title: str  # what is being decided, with its number: "Deny warranty claim W-TOR1-000002-1"
    button: str  # the decision itself, on the button: "Deny claim"
    details: str = ""  # what follows from it, or what to type
    # What the manager's token is bound to (the service checks it against what it then does);
    # None: a bare approval no service takes.
    binding: Binding | None = None

    @classmethod
    def approve(cls, what: str) -> Decision:
        """A plain request to approve `what` ("Refund outside the return window")."""
        return cls(what, _("Approve"))
