"""Time reading, mapping and checking a 10,000-row messy tracker (three theme columns).

Run by hand: `.venv/bin/python benchmarks/spreadsheet_import.py`. Uses DATABASE_URL if set
(PostgreSQL), else a temporary SQLite file. Goal (issue 16): read, map and check in at most
10 s on 2 cores. Figures go in docs/benchmarks.md.
"""

import datetime
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = 10_000
THEMES = ("Domestic abuse", "Neglect", "Think family", "Mental health", "Substance misuse")
MONTHS = ("March 2021", "Mar 2022", "03/2023", "2020")


def workbook():
    from openpyxl import Workbook

    book = Workbook()
    lists = book.active
    lists.title = "Lists"
    for i, name in enumerate(THEMES, start=1):
        lists.cell(i, 1, name)
    sheet = book.create_sheet("Reviews")
    sheet.append(["Safeguarding reviews tracker"])
    sheet.append(["Kept by the designated nurses"])
    sheet.append([])
    header = [
        "Local reference", "StEIS number", "Status", "Date of incident", "Date Added",
        "Safeguarding Partnership Board", "Type of review", "Case information",
        "Theme 1", "Theme 2", "Theme 3", "Report Signed Off", "Publication date",
        "Publication link", "Comments", "Notes", "Designated professional",
        "Independent reviewer", "Method", "Referral source", "Inquest",
        "Criminal proceedings", "Lessons learnt", "Scope start", "Scope end",
    ]  # fmt: skip
    sheet.append(header)
    partnerships = ("Lancashire SCP", "Blackpool Safeguarding Children Partnership")
    for n in range(ROWS):
        sheet.append([
            f"BM-{n:05d}", f"2021/{n:05d}", "Open", datetime.date(2020, 1 + n % 12, 1 + n % 28),
            MONTHS[n % len(MONTHS)], partnerships[n % 2], ("CSPR", "RR", "LCSPR")[n % 3],
            f"Child {n}: synthetic case information", THEMES[n % 5], THEMES[(n + 1) % 5],
            THEMES[(n + 2) % 5], "", "", "", "Chair agreed", "Panel informed", "Nurse A",
            "Reviewer B", "Hybrid", "Police", "None", "None", "Learning text", "", "",
        ])  # fmt: skip
    sheet.append(["Total", "", "", "", "", "", f"=COUNTA(G5:G{ROWS + 4})"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main():
    env = os.environ
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    env.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_organisations"], env=env, check=True, capture_output=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from safeguarding.accounts.models import User
    from safeguarding.organisations.models import Organisation
    from safeguarding.spreadsheets import columns, importing, services

    icb = Organisation.objects.get(kind="icb", code="QE1")
    user = User.objects.create_user(
        username="bench", password="x" * 20, role="data_input", scope_level="organisation",
        organisation=icb, region=icb.region,
    )  # fmt: skip
    content = workbook()
    choices = {"partnership": {"Lancashire SCP": "Lancashire Safeguarding Children Partnership"}}
    start = time.perf_counter()
    sheet = services._read(content, "bench.xlsx")
    read = time.perf_counter() - start
    mapping = columns.suggest_mapping(sheet.header)
    rows = importing.rows_from_sheet(sheet, mapping)
    mapped = time.perf_counter() - start - read
    result = importing.Importer(user, choices=choices).validate(rows, mapping, sheet.problems)
    total = time.perf_counter() - start
    engine = env["DATABASE_URL"].split(":", 1)[0]
    print(
        f"{engine}: {len(sheet.rows)} rows ({len(content) / 1e6:.1f} MB), sheet "
        f"{sheet.sheet_name!r}, headings on row {sheet.header_line}, skipped "
        f"{[line for line, _ in sheet.skipped]}; read {read:.2f} s, map {mapped:.2f} s, "
        f"check {total - read - mapped:.2f} s, total {total:.2f} s; "
        f"{len(result.rows)} valid, {len(result.errors)} errors"
    )


if __name__ == "__main__":
    main()
