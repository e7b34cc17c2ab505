"""Receipts, slips and PDF documents, and the printers they go to.

Import-light on purpose: the document model, layout, code-page fitting and the ESC/POS decoder use
the standard library only; python-escpos is imported on the first render (`escpos_lib`) and
reportlab on the first PDF, never at app start-up.

- documents: the document model (frozen dataclasses the services fill); codec: to/from JSON
- definitions: printer models from printers/*.toml; connections: how a till reaches its printer
- receipts + layout: a document as lines fitted to the paper; escpos_render: those lines as bytes
- escpos_decode: bytes back to lines (tests, preview); preview: a PNG of what the paper shows
- transports: sending bytes and asking the printer's status with short timeouts
- pdf: mail-back return form, warranty claim report, end-of-day returns report (reportlab)
"""
