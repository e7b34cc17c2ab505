"""The print queue and the till's printers.

A print job is written in the same transaction as the action it belongs to (a refund, a pickup), so
a completed action always has its paper, even if the app stops before the printer answers. The job
keeps its document as JSON (the document model), so a reprint, or a resend to a printer of another
width, is laid out again from the same facts; `payload` caches the bytes last rendered.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class PrintJobStatus(StrEnum):
    QUEUED = "queued"  # waiting for the worker
    SENDING = "sending"  # the worker has it (back to queued if the app stops mid-send)
    WAITING = "waiting"  # the printer was unreachable, out of paper or offline: retried later
    PRINTED = "printed"
    FAILED = "failed"  # cannot ever print as it is (unknown printer, bad document)
    CANCELLED = "cancelled"  # staff cancelled it


class PrinterSetting(UuidKey, Base):
    """A printer a till uses: its model (printers/*.toml) and how it is reached."""

    __tablename__ = "printer_settings"

    name: Mapped[str] = mapped_column(String(40), unique=True)  # "receipt", "back office"
    till_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tills.id"), index=True)
    model: Mapped[str] = mapped_column(String(40))
    connection: Mapped[str] = mapped_column(String(300))  # tcp://host:9100, usb://04b8:0202 ...
    is_default: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PrinterRoute(Base):
    """Which printer takes a class of documents ("slips", "reports"); receipts go to the default
    printer, and a class with no row follows them (services/printing/printers.py)."""

    __tablename__ = "printer_routes"

    document: Mapped[str] = mapped_column(String(20), primary_key=True)
    printer: Mapped[str] = mapped_column(String(40))  # a PrinterSetting name
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PrintJob(UuidKey, Base):
    __tablename__ = "print_jobs"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_print_jobs_status_next_attempt_at", "status", "next_attempt_at"),
    )

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    till_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tills.id"))
    kind: Mapped[str] = mapped_column(String(30))  # refund_receipt, return_slip ...
    reference: Mapped[str] = mapped_column(String(40), default="", index=True)  # Return ID ...
    title: Mapped[str] = mapped_column(String(120), default="")
    printer: Mapped[str] = mapped_column(String(40))  # a PrinterSetting name
    document: Mapped[dict[str, Any]]  # the document model as JSON
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)  # bytes last rendered
    rendered_for: Mapped[str | None] = mapped_column(String(40))  # the printer model of payload
    status: Mapped[PrintJobStatus] = mapped_column(
        str_enum(PrintJobStatus, "print_job_status"), default=PrintJobStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    printed_at: Mapped[datetime | None]
    reprint_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("print_jobs.id"))
    # Set (committed) just before the bytes first go to a printer: a job sent again after that
    # may be a second slip, and prints COPY with this time (services/printing/queue.copy_mark).
    first_sent_at: Mapped[datetime | None]
    # A staff reprint: when the original (the first job of the reprint chain) printed.
    original_printed_at: Mapped[datetime | None]
