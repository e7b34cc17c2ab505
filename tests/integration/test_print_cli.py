"""`storepos printer` and `storepos print` in-process, against files and a loopback printer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storepos.cli import main
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import PrintedQR, decode
from storepos.devices.printing.loopback import LoopbackPrinter


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "till.db"


def test_printer_list_shows_the_models(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["printer", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "tm-t88" in out and "512" in out and "42/56" in out and "CP1252 (ESC t 16)" in out
    assert "generic-58" in out and "384" in out and "32/42" in out
    assert "tm-t20" in out and "576" in out and "48/64" in out
    assert "No printers set up" in out


def test_print_demo_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "demo.bin"
    assert main(["print", "demo", "--printer", f"file:{out_file}", "--model", "tm-t20",
                 "--text", "--preview", str(tmp_path / "png"), "--pdf", str(tmp_path / "pdf"),
                 "--page-size", "A4"]) == 0
    out = capsys.readouterr().out
    assert "Printed 7 documents" in out and "TOTAL REFUNDED" in out and "CUSTOMER COPY" in out
    model = get_model("tm-t20")
    decoded = decode(out_file.read_bytes(), {16: "cp1252"})
    assert decoded.resets == 7 and decoded.code_pages == [16] * 7
    assert decoded.widest(model.columns_a, model.columns_b) <= 48
    assert decoded.of(PrintedQR)[0].data == "R-T01-000126"
    pngs = sorted(p.name for p in (tmp_path / "png").iterdir())
    assert len(pngs) == 7 and pngs[0] == "exchange-tm-t20.png"
    assert (tmp_path / "png" / "refund-tm-t20.png").read_bytes().startswith(b"\x89PNG")
    pdfs = sorted(p.name for p in (tmp_path / "pdf").iterdir())
    assert pdfs == ["end-of-day.pdf", "return-form.pdf", "warranty-report.pdf"]
    form = (tmp_path / "pdf" / "return-form.pdf").read_bytes()
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in form


def test_till_printer_setup_test_page_status_and_demo(db: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with LoopbackPrinter() as printer:
        assert main(["printer", "add", "receipt", "--model", "generic-58", "--connect",
                     printer.address, "--default", "--db", str(db)]) == 0
        assert main(["printer", "status", "receipt", "--db", str(db)]) == 0
        assert ": ready" in capsys.readouterr().out
        assert main(["printer", "test", "receipt", "--db", str(db)]) == 0
        page = decode(printer.wait_for_jobs(1)[0], {19: "cp858"})
        for sample in ["Côté", "Größe", "Peña", "€", "£", "Lódz Dvorák", "Moskva"]:
            assert sample in page.text, sample
        assert "?" not in page.text.replace("¿talla?", "")
        assert main(["print", "demo", "--printer", "receipt", "--locale", "fr_CA",
                     "--only", "refund", "--db", str(db)]) == 0
        refund = decode(printer.wait_for_jobs(2)[1], {19: "cp858"})
        assert "REMBOURSEMENT" in refund.text and refund.widest(32, 42) <= 32
        printer.set(paper="out")
        assert main(["printer", "status", "receipt", "--db", str(db)]) == 1
        assert "paper_out" in capsys.readouterr().out
        assert main(["print", "demo", "--printer", "receipt", "--db", str(db)]) == 1
        assert "Out of paper: load a new roll." in capsys.readouterr().err


def test_queue_commands(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from storepos.devices.printing.demo import demo_documents
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services.printing import queue as pq

    with LoopbackPrinter() as printer:
        assert main(["printer", "add", "receipt", "--model", "tm-t88", "--connect",
                     printer.address, "--db", str(db)]) == 0
        engine = make_engine(str(db))
        upgrade(engine)
        with make_session_factory(engine).begin() as s:
            job_id = pq.enqueue(s, demo_documents()[6], "receipt").id
        engine.dispose()
        assert main(["print", "jobs", "--db", str(db)]) == 0
        assert "queued" in capsys.readouterr().out
        assert main(["print", "run", "--db", str(db)]) == 0
        assert main(["print", "reprint", str(job_id), "--db", str(db)]) == 0
        assert "Warranty ticket W-T01-000031: printed" in capsys.readouterr().out
        assert len(printer.wait_for_jobs(2)) == 2
        assert main(["print", "jobs", "--db", str(db)]) == 0
        assert capsys.readouterr().out.count("printed") == 2


def test_unknown_printer_and_bad_connection(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["printer", "test", "nowhere", "--db", str(db)]) == 2
    assert "No printer called “nowhere”: this till has no database yet" in capsys.readouterr().err
    assert main(["printer", "add", "x", "--model", "tm-t88", "--connect", "ftp://x",
                 "--db", str(db)]) == 2
    assert "“ftp” is not a way to reach a printer" in capsys.readouterr().err


def test_the_cli_imports_no_printing_library_until_it_prints() -> None:
    code = ("import sys; from storepos.cli import build_parser\n"
            "for name in ('printer', 'print'): build_parser(only=name)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules}\n"
            "             & {'escpos', 'reportlab', 'PIL'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_print_jobs_in_french_keeps_the_id_and_status_code_first(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import re

    from storepos.devices.printing.demo import demo_documents
    from storepos.i18n import current_locale, set_language
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services.printing import queue as pq

    engine = make_engine(str(db))
    upgrade(engine)
    with make_session_factory(engine).begin() as s:  # no printer called "kitchen" on this till
        job_id = pq.enqueue(s, demo_documents()[6], "kitchen").id
    engine.dispose()
    assert main(["print", "run", "--db", str(db)]) == 0
    before = current_locale()
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")
    try:
        assert main(["print", "jobs", "--db", str(db)]) == 0
        line = capsys.readouterr().out.splitlines()[-1]
        assert main(["print", "reprint", str(job_id), "--db", str(db)]) == 1  # still no "kitchen"
        first, words = capsys.readouterr().out.splitlines()
    finally:
        set_language(before)
    assert first == "Fiche de garantie W-T01-000031: waiting"  # the code, for scripts
    assert words.startswith("  En attente (Aucune imprimante nommée")
    fields = line.split()
    assert fields[0] == str(job_id) and fields[1] in ("queued", "waiting", "failed")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", line)  # the time in French, not ISO
    assert re.search(r"\d{1,2} h \d{2}", line)
    assert "Aucune imprimante nommée «\u00a0kitchen\u00a0» n'est configurée sur cette caisse." in line
    assert ("En file" in line) or ("En attente" in line) or ("Impression impossible" in line)
