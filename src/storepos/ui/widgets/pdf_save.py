"""Save a document as PDF from any screen: ask where, make it on the worker, write it, say so.

    save_pdf(self, context.run, lambda s, a: door.report_pdf(s, a, number),
             suggested="claim-W-T01-000031.pdf",
             saved=_("The report of claim {number} is saved: {path}").format(number=number, path="{path}"),
             tell=view.show_status, fail=view.show_error)

Whole sentences, not pieces: ``saved`` keeps a ``{path}`` for the file (a translator words the
sentence around it); a failure names the file and the system's reason.

The file dialog is `ask_path`, a module function, so tests answer it without a modal dialog.
Nothing is written when the document cannot be made; a folder that cannot be written is said in
words and the document is not lost (ask again).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from storepos.i18n import _


def ask_path(parent: QWidget, suggested: str) -> str | None:
    path, _kind = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), str(Path.home() / suggested), _("PDF documents (*.pdf)"))
    return path or None


def save_pdf(parent: QWidget, run: Callable[..., None], produce: Callable[[Any, Any], bytes], *,
             suggested: str, saved: str, tell: Callable[[str], None],
             fail: Callable[[str], None], message_of: Callable[[Exception], str] = str) -> None:
    path = ask_path(parent, suggested)
    if not path:
        return
    target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")

    def write(pdf: bytes) -> None:
        try:
            target.write_bytes(pdf)
        except OSError as exc:
            fail(_("Nothing was saved: {path} could not be written ({why}). Choose another "
                   "folder.").format(path=target, why=exc.strerror or exc))
            return
        tell(saved.replace("{path}", str(target)))

    run(produce, write, lambda exc: fail(message_of(exc)), commit=False)
