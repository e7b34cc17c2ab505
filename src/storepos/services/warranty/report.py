"""The warranty claim report of a real claim: the claim ticket's facts, the inspection's findings,
the decision and who made it, and the claim's photos, as a PDF in the store's language.

    pdf = claim_report_pdf(session, actor, "W-T01-000031")
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from storepos.devices.printing.reports import Photo, WarrantyClaimReport
from storepos.i18n import speaking
from storepos.services.base.context import Actor
from storepos.services.warranty.claims import claim_photos, get_claim
from storepos.services.warranty.decisions import claim_ticket
from storepos.services.warranty.ticket import warranty_ticket


def claim_report(session: Session, actor: Actor, number: str) -> WarrantyClaimReport:
    """Built from the claim as saved: the ticket's wording, the inspection's ticks, every photo."""
    ticket = claim_ticket(session, actor, number)
    printed = warranty_ticket(session, actor, ticket)
    claim = get_claim(session, actor, number)
    photos = tuple(Photo(photo.filename, photo.media_type, photo.content)
                   for photo in claim_photos(session, actor, number))
    return WarrantyClaimReport(
        printed.header, claim_number=ticket.claim_number, item=printed.item,
        customer=ticket.customer_name, order_number=ticket.order_number or "",
        purchased_on=ticket.purchased_on, proof_of_purchase=ticket.proof_of_purchase,
        defect=ticket.defect, description=ticket.notes, findings=ticket.findings,
        defect_confirmed=claim.inspection.defect_confirmed,
        wear_and_tear=claim.inspection.wear_and_tear, misuse=claim.inspection.misuse,
        inspected_by=ticket.inspected_by or "", status=ticket.status.value,
        outcome=ticket.outcome.value if ticket.outcome else "",
        decided_by=ticket.decided_by or "", decision_reason=ticket.decision_reason or "",
        photos=photos,
    )


def claim_report_pdf(session: Session, actor: Actor, number: str) -> bytes:
    """The report as a PDF, in the store's language and paper size."""
    from storepos.devices.printing.pdf import render_pdf

    report = claim_report(session, actor, number)
    with speaking(report.header.store.locale):
        return render_pdf(report)
