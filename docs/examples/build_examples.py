"""Write the sample messy tracker and the corpus of messy trackers for the import tests.

    .venv/bin/python docs/examples/build_examples.py           # write every file
    .venv/bin/python docs/examples/build_examples.py --check   # also check the labels

Writes:

- docs/examples/messy-tracker.xlsx and messy-tracker-fixed.xlsx (the sample a new user has,
  before and after fixing its five mistakes in the file);
- tests/spreadsheets/trackers/{tuning,held_out}/<name>.{xlsx,csv} and, beside each,
  <name>.expected.json (the sheet, heading row, number of reviews, what each heading means,
  the values a person must map, the real mistakes and the lines to skip).

Everything is synthetic: invented case names ("Child T", "Adult B"), invented references,
example.org links. The partnerships are the service's reference data for NHS Lancashire and
South Cumbria ICB, the ICB of the demo user ``icb-a``, so the demo user may record them.

Deterministic: no randomness, fixed workbook timestamps, and the zip entries rewritten with
a fixed date, so running it twice writes the same bytes. Needs only openpyxl.
"""

import argparse
import csv
import datetime
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
TRACKERS = ROOT / "tests" / "spreadsheets" / "trackers"
FIXED_TIME = datetime.datetime(2024, 3, 28, 9, 0, 0)
D = datetime.date

# --- demo names (reference data: local authorities of ICB QE1) ----------------------------

ICB_A = "NHS Lancashire and South Cumbria Integrated Care Board"
ICB_A_CODE = "QE1"
LANCS_SCP = "Lancashire Safeguarding Children Partnership"
LANCS_SAB = "Lancashire Safeguarding Adults Board"
LANCS_CSP = "Lancashire Community Safety Partnership"
BPL_SCP = "Blackpool Safeguarding Children Partnership"
BPL_SAB = "Blackpool Safeguarding Adults Board"
BPL_CSP = "Blackpool Community Safety Partnership"
BWD_SCP = "Blackburn with Darwen Safeguarding Children Partnership"
BWD_SAB = "Blackburn with Darwen Safeguarding Adults Board"
BWD_CSP = "Blackburn with Darwen Community Safety Partnership"
WF_SCP = "Westmorland and Furness Safeguarding Children Partnership"
WF_SAB = "Westmorland and Furness Safeguarding Adults Board"
WF_CSP = "Westmorland and Furness Community Safety Partnership"
IN_SCOPE = {
    LANCS_SCP, LANCS_SAB, LANCS_CSP, BPL_SCP, BPL_SAB, BPL_CSP,
    BWD_SCP, BWD_SAB, BWD_CSP, WF_SCP, WF_SAB, WF_CSP,
}  # fmt: skip
# Cumberland is in NHS North East and North Cumbria ICB (QHM): not icb-a's.
OUT_OF_SCOPE_SCP = "Cumberland Safeguarding Children Partnership"

# What each local name means (the person maps these once; the check uses them).
ALIASES = {
    "Lancashire SCP": LANCS_SCP,
    "LSCP": LANCS_SCP,
    "Blackpool SCP": BPL_SCP,
    "Blackburn with Darwen SCP": BWD_SCP,
    "Lancs SAB": LANCS_SAB,
    "W&F CSP": WF_CSP,
    "BSAB": BPL_SAB,
    "BwD Children's Partnership": BWD_SCP,
    "Lancashire Children's Safeguarding Partnership": LANCS_SCP,
    "Safer Lancashire": LANCS_CSP,
    "Westmorland & Furness SAB": WF_SAB,
}
# Type spellings a person writes that an import should know without asking.
KNOWN_TYPES = {
    "cspr": "lcspr", "lcspr": "lcspr", "local child safeguarding practice review": "lcspr",
    "rapid review": "rapid", "rr": "rapid", "rapid": "rapid",
    "sar": "sar", "safeguarding adults review": "sar",
    "dhr": "dhr", "domestic homicide review": "dhr",
    "dhr child": "dhr_child", "dhr_child": "dhr_child",
    "leder": "leder", "leder review": "leder",
    "scr": "scr", "serious case review": "scr",
    "sin": "sin", "cdr": "cdr", "child death review": "cdr",
}  # fmt: skip
# Unusual local types: a person chooses what they mean.
MAPPED_TYPES = {
    "Child practice review": "lcspr",
    "SAR (discretionary)": "sar",
    "DARDR": "dhr",
    "LD mortality review": "leder",
    "SAR - discretionary": "sar",
    "Local learning review": "lcspr",
    "Multi-agency learning review": "lcspr",
    "Child safeguarding practice review": "lcspr",
    "DHR (16-17)": "dhr_child",
    "Joint SAR/DHR": "dhr",
}
# A copy of the labels of safeguarding/themes/taxonomy.py (kept plain so this script needs
# no Django); --check compares them with the taxonomy when it can import it.
THEME_LABELS = (
    "Information sharing", "Risk assessment and decision-making", "Professional curiosity",
    "Critical thinking, challenge and escalation",
    "Voice and lived experience of the child or adult",
    "Disguised compliance, non-engagement, was not brought",
    "Think family: whole family, fathers and men", "Multi-agency working and coordination",
    "Record keeping", "Mental capacity", "Transitions between services or areas", "Neglect",
    "Self-neglect", "Physical abuse", "Sexual abuse", "Emotional abuse",
    "Domestic abuse, coercive control, stalking", "Financial abuse", "Organisational abuse",
    "Discriminatory abuse", "Modern slavery", "Exploitation and extrafamilial harm",
    "Online harm", "Mental health", "Substance misuse", "Learning disability and autism",
    "Disability and complex health needs", "Babies and infants",
    "Education and children not in school", "Housing and homelessness",
    "Suicide and self-harm", "Race, culture, faith and identity",
    "Leadership, supervision and workforce", "Training and awareness",
)  # fmt: skip


def short_form(label):
    """The label's first clause: 'Domestic abuse, coercive control, stalking' → 'Domestic abuse'."""
    return re.split(r"[,:]", label, maxsplit=1)[0].strip()


THEME_NAMES = {name.casefold() for label in THEME_LABELS for name in (label, short_form(label))}

# --- a tracker file -----------------------------------------------------------------------


@dataclass
class Col:
    id: str  # short id used by the rows below
    heading: str | None  # None: a fully blank column (no heading, no values)
    key: str | None = None  # tracker field key, or None if not importable
    width: int = 16
    date_format: str = "dd/mm/yyyy"


@dataclass
class Tracker:
    name: str
    split: str  # "tuning", "held_out" or "examples"
    fmt: str  # "xlsx" or "csv"
    columns: list
    rows: list  # dicts: column id → value; "_mistake": (column id, why); "_fix": {id: value}
    sheet: str = ""
    above: list = field(default_factory=list)  # rows above the headings (lists of cells)
    merges: list = field(default_factory=list)  # ranges such as "A1:L1"
    below: list = field(default_factory=list)  # rows under the data: {col id or "A": value}
    sheets_before: list = field(default_factory=list)  # (name, rows) written first
    sheets_after: list = field(default_factory=list)
    validations: list = field(default_factory=list)  # (column id, formula)
    trailing_blank: int = 0  # formatted but empty columns after the last heading
    delimiter: str = ","
    encoding: str = "utf-8"
    values_to_map: dict = field(default_factory=dict)
    notes: str = ""  # what the file exercises (for the README and the reply)

    @property
    def heading_row(self):
        return len(self.above) + 1

    def line(self, index):
        return self.heading_row + 1 + index

    def filename(self):
        return f"{self.name}.{self.fmt}"

    def cells(self, row):
        return [None if c.heading is None else row.get(c.id) for c in self.columns]

    def fixed(self):
        rows = []
        for row in self.rows:
            row = dict(row)
            fix = row.pop("_fix", None)
            if fix is not None:
                row.update(fix)
                row.pop("_mistake", None)
            rows.append(row)
        return Tracker(**{**self.__dict__, "rows": rows})

    def expected(self):
        mistakes = []
        for index, row in enumerate(self.rows):
            if "_mistake" in row:
                col_id, why = row["_mistake"]
                heading = next(c.heading for c in self.columns if c.id == col_id)
                mistakes.append({"line": self.line(index), "column": heading, "why": why})
        last = self.line(len(self.rows) - 1)
        return {
            "sheet": self.sheet if self.fmt == "xlsx" else "",
            "heading_row": self.heading_row,
            "rows": len(self.rows),
            "columns": {c.heading: c.key for c in self.columns if c.heading is not None},
            "values_to_map": self.values_to_map,
            "mistakes": mistakes,
            "skipped_lines": [last + 1 + i for i, _ in enumerate(self.below)],
        }


# --- writing ------------------------------------------------------------------------------

HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
HEAD_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _write_plain_sheet(ws, rows):
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    ws.column_dimensions["A"].width = 40


def _column_letter(tracker, col_id):
    if len(col_id) <= 2 and col_id.isupper():
        return col_id  # a letter given directly
    ids = [c.id for c in tracker.columns]
    return get_column_letter(ids.index(col_id) + 1)


def write_xlsx(tracker, path):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in tracker.sheets_before:
        _write_plain_sheet(wb.create_sheet(name), rows)
    ws = wb.create_sheet(tracker.sheet)
    for r, values in enumerate(tracker.above, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(r, c, value)
                cell.font = TITLE_FONT if r == 1 else Font(italic=True)
    for r in range(1, len(tracker.above) + 1):
        if any(m.split(":")[0][1:] == str(r) for m in tracker.merges):
            ws.row_dimensions[r].height = 30  # a merged title row drawn taller
    for cell_range in tracker.merges:
        ws.merge_cells(cell_range)
        first = ws[cell_range.split(":")[0]]
        first.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    hr = tracker.heading_row
    total_columns = len(tracker.columns) + tracker.trailing_blank
    for c, col in enumerate(tracker.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = col.width if col.heading else 4
        if col.heading is not None:
            cell = ws.cell(hr, c, col.heading)
            cell.fill, cell.font, cell.border = HEAD_FILL, HEAD_FONT, BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, row in enumerate(tracker.rows):
        r = tracker.line(index)
        for c, (col, value) in enumerate(
            zip(tracker.columns, tracker.cells(row), strict=False), start=1
        ):
            if value is None or value == "":
                if col.heading is not None:
                    ws.cell(r, c).border = BOX
                continue
            cell = ws.cell(r, c, value)
            cell.border = BOX
            if isinstance(value, datetime.date):
                cell.number_format = col.date_format
            elif isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Trailing columns that look part of the table (borders) but hold nothing.
    for c in range(len(tracker.columns) + 1, total_columns + 1):
        for r in range(hr, tracker.line(len(tracker.rows))):
            ws.cell(r, c).border = BOX
    last = tracker.line(len(tracker.rows) - 1)
    for i, below in enumerate(tracker.below):
        for col_id, value in below.items():
            cell = ws[f"{_column_letter(tracker, col_id)}{last + 1 + i}"]
            cell.value = value
            cell.font = Font(bold=True)
    for col_id, formula in tracker.validations:
        letter = _column_letter(tracker, col_id)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.add(f"{letter}{hr + 1}:{letter}{last}")
        ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(hr + 1, 1)
    ws.auto_filter.ref = f"A{hr}:{get_column_letter(len(tracker.columns))}{last}"
    for name, rows in tracker.sheets_after:
        _write_plain_sheet(wb.create_sheet(name), rows)
    wb.properties.creator = "Safeguarding examples"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(content):
    """The same workbook with fixed entry dates and a fixed 'modified' time."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2024-03-28T09:00:00Z\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 28, 9, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def write_csv(tracker, path):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=tracker.delimiter, lineterminator="\r\n")
    width = len(tracker.columns) + tracker.trailing_blank
    pad = [""] * tracker.trailing_blank
    for values in tracker.above:
        writer.writerow([_csv_text(v) for v in values] + [""] * (width - len(values)))
    writer.writerow([c.heading or "" for c in tracker.columns] + pad)
    for row in tracker.rows:
        writer.writerow([_csv_text(v) for v in tracker.cells(row)] + pad)
    for below in tracker.below:
        cells = [""] * width
        for col_id, value in below.items():
            letter = _column_letter(tracker, col_id)
            index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letter))) - 1
            cells[index] = str(value)
        writer.writerow(cells)
    path.write_bytes(out.getvalue().encode(tracker.encoding))


def write(tracker, directory, name=None):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (name or tracker.filename())
    (write_xlsx if tracker.fmt == "xlsx" else write_csv)(tracker, path)
    return path


def write_expected(tracker, directory):
    path = directory / f"{tracker.name}.expected.json"
    path.write_text(json.dumps(tracker.expected(), indent=2, ensure_ascii=False) + "\n")
    return path


# --- the sample: docs/examples/messy-tracker.xlsx ------------------------------------------

LIST_TYPES = ("CSPR", "LCSPR", "RR", "SAR", "DHR", "DHR child", "Child practice review")
LIST_STATUSES = ("Open", "Closed")
LIST_PARTNERSHIPS = (
    "Lancashire SCP", LANCS_SAB, BPL_SCP, BPL_SAB, BWD_CSP, WF_SCP, WF_CSP,
)  # fmt: skip
LIST_THEMES = (
    "Babies and infants", "Domestic abuse", "Disguised compliance", "Education and children not in school",
    "Exploitation and extrafamilial harm", "Financial abuse", "Housing and homelessness",
    "Information sharing", "Learning disability and autism", "Mental capacity", "Mental health",
    "Multi-agency working and coordination", "Neglect", "Online harm", "Organisational abuse",
    "Professional curiosity", "Record keeping", "Self-neglect", "Substance misuse",
    "Suicide and self-harm", "Think family", "Transitions between services or areas",
    "Voice and lived experience of the child or adult",
)  # fmt: skip


def _lists_sheet():
    lists = (("Type of review", LIST_TYPES), ("Status", LIST_STATUSES),
             ("Partnership", LIST_PARTNERSHIPS), ("Theme", LIST_THEMES))  # fmt: skip
    height = max(len(values) for _, values in lists) + 1
    rows = [[None] * (len(lists) * 2 - 1) for _ in range(height)]
    for i, (heading, values) in enumerate(lists):
        rows[0][i * 2] = heading
        for r, value in enumerate(values, start=1):
            rows[r][i * 2] = value
    return rows


def messy_tracker():
    columns = [
        Col("ref", "Local reference", "reference", 14),
        Col("steis", "StEIS number", "steis_number", 13),
        Col("status", "Status", "scrt_status", 9),
        Col("incident", "Date of incident", "incident_date", 13),
        Col("added", "Date Added", "decision_date", 13),
        Col("partnership", "Safeguarding Partnership Board", "partnership", 34),
        Col("type", "Type of review", "review_type", 14),
        Col("case", "Case information", "case_information", 48),
        Col("t1", "Theme 1", "primary_themes", 22),
        Col("t2", "Theme 2", "primary_themes", 22),
        Col("t3", "Theme 3", "primary_themes", 22),
        Col("gap", None),
        Col("signed", "Report Signed Off", "signed_off_date", 13),
        Col("pubdate", "Publication date", "published_date", 13),
        Col("link", "Publication link", "publication_url", 36),
        Col("comments", "Comments", "comments", 30),
        Col("notes", "Notes", "comments", 30),
        Col("update", "Update from partnership", "comments", 30),
    ]
    rows = [
        {  # line 5
            "ref": "NS-21-001", "steis": "2020/18734", "status": "Closed",
            "incident": D(2020, 6, 14), "added": "March 2021", "partnership": "Lancashire SCP",
            "type": "CSPR",
            "case": "Child T: baby of 7 months with unexplained bruising; a parent known to "
            "adult mental health services.",
            "t1": "Babies and infants", "t2": "Professional curiosity", "t3": "Think family",
            "signed": D(2021, 11, 20), "pubdate": D(2022, 2, 1),
            "link": "https://example.org/lancashire-scp/cspr-child-t",
            "comments": "7-minute briefing shared with GP practices.",
            "update": "Learning event held March 2022.",
        },
        {  # line 6
            "ref": "NS-21-002", "status": "Closed", "added": "Mar 2021",
            "partnership": BPL_SAB, "type": "SAR",
            "case": "Adult B: man in his 60s living alone; self-neglect and hoarding, "
            "declined support.",
            "t1": "Self-neglect", "t2": "Mental capacity",
            "signed": "15/11/2021", "comments": "Embargoed until the inquest.",
        },
        {  # line 7: mistake
            "ref": "NS-21-003", "status": "Open", "incident": D(2021, 1, 9),
            "added": "31/02/2021", "partnership": BWD_CSP, "type": "DHR",
            "case": "Adult C: woman killed by her partner; earlier reports of controlling "
            "behaviour.",
            "t1": "Domestic abuse", "t2": "Substance misuse",
            "notes": "Chair appointed.",
            "_mistake": ("added", "31/02/2021 is not a real date (February has 28 days in 2021)"),
            "_fix": {"added": "28/02/2021"},
        },
        {  # line 8
            "ref": "NS-21-004", "steis": "2021/04412", "status": "Closed",
            "incident": D(2021, 2, 22), "added": "03/2021", "partnership": "Lancashire SCP",
            "type": "RR",
            "case": "Child D: 15-year-old admitted after an overdose; not attending school.",
            "t1": "Suicide and self-harm", "t2": "Education and children not in school",
            "t3": "Mental health", "signed": "15/05/2021",
            "comments": "Panel agreed no LCSPR needed.",
        },
        {  # line 9: mistake
            "ref": "NS-21-002", "status": "Open", "added": D(2021, 6, 8),
            "partnership": BPL_SCP, "type": "LCSPR",
            "case": "Child E: 6-year-old, long-standing neglect; family often missed health "
            "appointments.",
            "t1": "Neglect", "t2": "Disguised compliance",
            "notes": "Independent reviewer commissioned.",
            "_mistake": ("ref", "NS-21-002 is already the reference of line 6; each review "
                         "needs its own (this one is NS-21-005)"),
            "_fix": {"ref": "NS-21-005"},
        },
        {  # line 10
            "ref": "NS-21-006", "status": "Open", "incident": D(2021, 7, 3),
            "added": "September 2021", "partnership": BWD_CSP, "type": "DHR child",
            "case": "Young person F: aged 17, killed by a former partner.",
            "t1": "Domestic abuse, coercive control, stalking",
            "t2": "Exploitation and extrafamilial harm",
            "t3": "Voice and lived experience of the child or adult",
            "update": "Awaiting the criminal trial.",
        },
        {  # line 11: mistake
            "ref": "NS-21-007", "status": "Open", "added": "15/10/2021",
            "partnership": LANCS_SAB,
            "case": "Adult G: woman with a learning disability in supported living; weight "
            "loss not acted on.",
            "t1": "Learning disability and autism", "t2": "Organisational abuse",
            "comments": "Provider has an improvement plan.",
            "_mistake": ("type", "The type of review is missing (required): this is a SAR"),
            "_fix": {"type": "SAR"},
        },
        {  # line 12
            "ref": "NS-22-001", "steis": "2022/00318", "status": "Closed",
            "incident": D(2022, 1, 11), "added": D(2022, 1, 19), "partnership": BPL_SCP,
            "type": "RR",
            "case": "Child H: baby of 3 months with a skull fracture; father's role not "
            "known to services.",
            "t1": "Babies and infants", "t2": "Information sharing", "t3": "Think family",
            "signed": D(2022, 2, 1), "comments": "Converted to an LCSPR.",
        },
        {  # line 13
            "ref": "NS-22-002", "status": "Open", "added": "Mar 2022",
            "partnership": WF_SCP, "type": "Child practice review",
            "case": "Child J: 9-year-old, neglect over several years; frequent school moves.",
            "t1": "Neglect", "t2": "Transitions between services or areas",
            "t3": "Record keeping",
            "notes": "Local name for an LCSPR.",
        },
        {  # line 14: mistake
            "ref": "NS-22-003", "status": "Closed", "added": D(2022, 5, 16),
            "partnership": BPL_SAB, "type": "SAR",
            "case": "Adult K: older man with dementia; financial abuse by a lodger.",
            "t1": "Financial abuse", "t2": "Mental capacity", "t3": "Professional curiosity",
            "signed": "12/04/2022", "pubdate": D(2023, 6, 30),
            "link": "https://example.org/blackpool-sab/sar-adult-k",
            "update": "Action plan monitored by the SAB.",
            "_mistake": ("signed", "Signed off 12/04/2022, before the review was added "
                         "(16/05/2022): the year is wrong, it was 12/04/2023"),
            "_fix": {"signed": "12/04/2023"},
        },
        {  # line 15
            "ref": "NS-22-004", "status": "Open", "added": "15/06/2022",
            "partnership": "Lancashire SCP", "type": "CSPR",
            "case": "Child L: 4-year-old, parental substance misuse; father not known to "
            "services.",
            "t1": "Substance misuse", "t2": "Think family",
        },
        {  # line 16
            "ref": "NS-22-005", "status": "Open", "incident": D(2022, 8, 20),
            "added": "November 2022", "partnership": WF_CSP, "type": "DHR",
            "case": "Adult M: man killed by his adult son; both known to mental health "
            "services.",
            "t1": "Domestic abuse", "t2": "Mental health",
            "t3": "Multi-agency working and coordination",
            "comments": "Home Office notified.",
        },
        {  # line 17: mistake
            "ref": "NS-23-001", "steis": "2023/02217", "status": "Closed",
            "incident": D(2023, 2, 4), "added": D(2023, 2, 14), "partnership": "Lancashire SCP",
            "type": "RR",
            "case": "Child N: 2-year-old found alone in a cold flat; family in temporary "
            "housing.",
            "t1": "Neglect", "t2": "Poverty", "signed": D(2023, 3, 6),
            "_mistake": ("t2", "'Poverty' is not a theme of the service's list: the team "
                         "meant 'Housing and homelessness'"),
            "_fix": {"t2": "Housing and homelessness"},
        },
        {  # line 18
            "ref": "NS-23-002", "status": "Open", "added": "Jun 2023",
            "partnership": LANCS_SAB, "type": "SAR",
            "case": "Adult P: woman in her 40s, alcohol use and repeated hospital "
            "admissions.",
            "t1": "Substance misuse", "t2": "Self-neglect", "t3": "Mental capacity",
        },
        {  # line 19
            "ref": "NS-23-003", "steis": "2023/11902", "status": "Open",
            "incident": D(2023, 9, 2), "added": "12/2023", "partnership": "Lancashire SCP",
            "type": "CSPR",
            "case": "Child Q: 14-year-old groomed online, then criminally exploited.",
            "t1": "Online harm", "t2": "Exploitation and extrafamilial harm",
            "t3": "Education and children not in school",
            "notes": "Scoping meeting booked.",
        },
    ]  # fmt: skip
    return Tracker(
        name="messy-tracker",
        split="examples",
        fmt="xlsx",
        sheet="Reviews",
        columns=columns,
        rows=rows,
        above=[
            ["Northshire safeguarding reviews tracker"],
            ["Maintained by the designated nurses. Last updated March 2024."],
            [],
        ],
        below=[
            {
                "A": "Total",
                "type": "=COUNTA(G5:G19)",
                "signed": "=COUNTA(M5:M19)",
                "pubdate": "=COUNTA(N5:N19)",
            }
        ],  # fmt: skip
        sheets_before=[("Lists", _lists_sheet())],
        validations=[
            ("status", "=Lists!$C$2:$C$3"),
            ("partnership", "=Lists!$E$2:$E$8"),
            ("type", "=Lists!$A$2:$A$8"),
        ],
        values_to_map={"partnership": ["Lancashire SCP"], "review_type": ["Child practice review"]},
        notes="The sample a new user has: Lists sheet first, title and note above the "
        "headings (row 4), S-CRT wording, Theme 1-3, three notes columns, a blank column, "
        "totals row, five mistakes.",
    )


# --- tuning split ------------------------------------------------------------------------


def t1_scrt_layout():
    headings = [
        ("steis", "StEIS number", "steis_number"), ("ref", "Local reference", "reference"),
        ("status", "Status", "scrt_status"), ("incident", "Date of incident", "incident_date"),
        ("added", "Date added", "decision_date"),
        ("dp", "Designated professional", "designated_professional"),
        ("partnership", "Safeguarding partnership board", "partnership"),
        ("case", "Case information", "case_information"),
        ("t1", "Theme 1", "primary_themes"), ("t2", "Theme 2", "primary_themes"),
        ("t3", "Theme 3", "primary_themes"), ("type", "Type of review", "review_type"),
        ("signed", "Report signed off date", "signed_off_date"),
        ("comments", "Comments", "comments"), ("pubdate", "Publication date", "published_date"),
        ("link", "Publication link", "publication_url"), ("stage", "Current stage", None),
    ]  # fmt: skip
    rows = [
        dict(steis="2020/10021", ref="SC-001", status="Closed", incident=D(2020, 3, 2),
             added=D(2020, 4, 6), dp="Jo Example (designated nurse)", partnership=LANCS_SCP,
             case="Child A: toddler with burns; delayed presentation.",
             t1="Babies and infants", t2="Professional curiosity", type="LCSPR",
             signed=D(2020, 12, 1), pubdate=D(2021, 2, 15),
             link="https://example.org/lscp/child-a", stage="Published"),
        dict(ref="SC-002", status="Closed", added=D(2020, 9, 14), dp="Sam Placeholder",
             partnership=BPL_SAB, case="Adult B: self-neglect in a privately rented flat.",
             t1="Self-neglect", t2="Housing and homelessness", type="SAR",
             signed=D(2021, 6, 30), stage="Report signed off"),
        dict(steis="2021/00410", ref="SC-003", status="Closed", incident=D(2021, 1, 4),
             added=D(2021, 1, 12), partnership=BPL_SCP,
             case="Child C: infant, unsafe sleeping arrangement.", t1="Babies and infants",
             type="Rapid review", signed=D(2021, 1, 28), stage="Report signed off"),
        dict(ref="SC-004", status="Open", incident=D(2021, 2, 20), added=D(2021, 4, 1),
             partnership=BWD_CSP, case="Adult D: woman killed by her husband.",
             t1="Domestic abuse, coercive control, stalking", t2="Race, culture, faith and identity",
             type="DHR", stage="Review in progress", comments="Interpreter needed for family."),
        dict(ref="SC-005", status="Closed", added=D(2021, 5, 10), partnership=LANCS_SAB,
             case="Adult E: care home resident, pressure ulcers.",
             t1="Organisational abuse", t2="Neglect", type="SAR", signed=D(2022, 1, 20),
             pubdate=D(2021, 11, 30), link="https://example.org/lsab/adult-e",
             stage="Published",
             _mistake=("pubdate", "Published 30/11/2021, before the report was signed off "
                       "(20/01/2022)")),
        dict(steis="2021/07731", ref="SC-006", status="Open", incident=D(2021, 8, 8),
             added=D(2021, 9, 2), partnership=WF_SCP,
             case="Child F: 12-year-old, physical abuse by a step-parent.",
             t1="Physical abuse", t2="Voice and lived experience of the child or adult",
             t3="Think family: whole family, fathers and men", type="LCSPR",
             stage="Review in progress"),
        dict(ref="SC-007", status="Closed", added=D(2021, 10, 18), partnership=LANCS_SAB,
             case="Adult G: man with autism, transition from children's services.",
             t1="Learning disability and autism", t2="Transitions between services or areas",
             type="SAR", signed=D(2022, 5, 4), pubdate=D(2022, 7, 1),
             link="on the SAB website", stage="Published",
             _mistake=("link", "'on the SAB website' is not a web address: give the link "
                       "starting https://")),
        dict(steis="2022/01207", ref="SC-008", status="Closed", incident=D(2022, 2, 1),
             added=D(2022, 2, 9), partnership=LANCS_SCP,
             case="Child H: 16-year-old missing from home, criminal exploitation.",
             t1="Exploitation and extrafamilial harm", type="Rapid review",
             signed=D(2022, 2, 25), stage="Report signed off"),
        dict(ref="SC-009", status="Open", incident=D(2022, 3, 30), added=D(2032, 5, 12),
             partnership=WF_CSP, case="Adult J: older woman killed by her grandson.",
             t1="Domestic abuse, coercive control, stalking", t2="Substance misuse",
             type="DHR", stage="Decision to review",
             _mistake=("added", "12/05/2032 is in the future: the year was typed wrong "
                       "(12/05/2022)")),
        dict(ref="SC-010", status="Open", added=D(2022, 11, 7), partnership=BPL_SCP,
             case="Child K: 8-year-old, emotional abuse and parental mental ill health.",
             t1="Emotional abuse", t2="Mental health", type="LCSPR",
             stage="Review in progress"),
        dict(ref="SC-011", status="Open", added=D(2023, 1, 16), partnership=BWD_SAB,
             case="Adult L: financial abuse by a neighbour.", t1="Financial abuse",
             t2="Mental capacity", type="SAR", stage="Decision to review"),
        dict(steis="2023/03391", ref="SC-012", status="Open", incident=D(2023, 3, 3),
             added=D(2023, 3, 20), partnership=LANCS_SCP,
             case="Child M: 15-year-old, suicide attempt after online bullying.",
             t1="Suicide and self-harm", t2="Online harm", type="LCSPR",
             stage="Review in progress"),
    ]  # fmt: skip
    return Tracker(
        name="scrt-layout",
        split="tuning",
        fmt="xlsx",
        sheet="S-CRT",
        columns=[Col(i, h, k, 18) for i, h, k in headings],
        rows=rows,
        notes="The S-CRT layout exactly as the service exports it: headings on row 1, Excel "
        "date cells, exact theme labels and partnership names; Status is read, Current "
        "stage is derived and not importable. Three mistakes.",
    )


def t2_nurse_tracker():
    headings = [
        ("ref", "Ref", "reference", 10),
        ("type", "Review type", "review_type", 12),
        ("partnership", "Partnership", "partnership", 30),
        ("who", "Child / adult", None, 10),
        ("case", "Case summary", "case_information", 40),
        ("decision", "Date of decision", "decision_date", 14),
        ("signed", "Sign off date", "signed_off_date", 14),
        ("pubdate", "Publication date", "published_date", 14),
        ("t1", "Theme 1", "primary_themes", 20),
        ("t2", "Theme 2", "primary_themes", 20),
        ("t3", "Theme 3", "primary_themes", 20),
        ("notes", "Notes", "comments", 30),
        ("actions", "Actions update", "comments", 30),
    ]
    rows = [
        dict(ref="L21-01", type="CSPR", partnership="LSCP", who="Child",
             case="Child A: 10-week-old, non-accidental injury.", decision="March 2021",
             signed="June 2021", t1="Babies and infants", t2="Information sharing",
             notes="Shared at the safeguarding forum."),
        dict(ref="L21-02", type="RR", partnership="Blackpool SCP", who="Child",
             case="Child B: 13-year-old, sexual abuse by a family friend.",
             decision="Apr 2021", signed="May 2021", t1="Sexual abuse",
             t2="Voice and lived experience of the child or adult"),
        dict(ref="L21-03", type="SAR", partnership=BPL_SAB, who="Adult",
             case="Adult C: man with alcohol dependence; died in a house fire.",
             decision="Jun 2021", signed="Feb 2022", pubdate="Apr 2022",
             t1="Substance misuse", t2="Self-neglect", t3="Risk assessment and decision-making",
             actions="All health actions complete."),
        dict(ref="L21-04", type="CSPR", partnership="LSCP", who="Child",
             case="Child D: 5-year-old, neglect and home conditions.", decision="30/02/2022",
             t1="Neglect", t2="Disguised compliance",
             _mistake=("decision", "30/02/2022 is not a real date")),
        dict(ref="L21-05", type="SCR", partnership=BPL_SCP, who="Child",
             case="Child E: legacy serious case review, physical abuse.",
             decision="Jul 2019", signed="Oct 2020", pubdate="Jan 2021",
             t1="Physical abuse", t2="Critical thinking", notes="Legacy SCR."),
        dict(ref="L22-01", type="RR", partnership="LSCP", who="Child",
             case="Child F: infant death, unsafe sleep.", decision="Jan 2022", signed="Feb 2022",
             t1="Babies and infants", t2="Substance misuse"),
        dict(ref="L22-02", type="LCSPR", partnership="LSCP", who="Child",
             case="Child F: the LCSPR after the rapid review.", decision="March 2022",
             t1="Babies and infants", t2="Think family",
             actions="ICB safe sleep audit under way."),
        dict(ref="L22-03", type="SAR", partnership=LANCS_SAB, who="Adult",
             case="Adult G: older woman, neglect by a paid carer.", decision="May 2022",
             t1="Neglect", t2="Bullying",
             _mistake=("t2", "'Bullying' is not a theme of the service's list")),
        dict(ref="L22-04", type="CSPR", partnership="Blackpool SCP", who="Child",
             case="Child H: 16-year-old, county lines.", decision="Aug 2022",
             t1="Exploitation and extrafamilial harm", t2="Education and children not in school"),
        dict(ref="L22-05", type="RR", partnership=BPL_SCP, who="Child",
             case="Child J: 2-year-old, ingestion of a parent's medication.",
             decision="Oct 2022", signed="Nov 2022", t1="Substance misuse",
             t2="Babies and infants"),
        dict(ref="L22-04", type="SAR", partnership=BPL_SAB, who="Adult",
             case="Adult K: young man, suicide after leaving care.", decision="Dec 2022",
             t1="Suicide and self-harm", t2="Transitions between services or areas",
             _mistake=("ref", "L22-04 is already used on line 12; this review is L22-06")),
        dict(ref="L23-01", type="CSPR", partnership="LSCP", who="Child",
             case="Child L: 11-year-old, emotional abuse.", decision="Feb 2023",
             t1="Emotional abuse", t2="Domestic abuse"),
        dict(ref="L23-02", type="SAR", partnership=LANCS_SAB, who="Adult",
             case="Adult M: woman with complex health needs, missed appointments.",
             decision="Apr 2023", t1="Disability and complex health needs",
             t2="Disguised compliance"),
        dict(ref="L23-03", type="RR", partnership="Blackpool SCP", who="Child",
             case="Child N: 14-year-old, self-harm, on a waiting list.", decision="Jul 2023",
             signed="Aug 2023", t1="Suicide and self-harm", t2="Mental health"),
    ]  # fmt: skip
    return Tracker(
        name="nurse-tracker",
        split="tuning",
        fmt="xlsx",
        sheet="Tracker",
        columns=[Col(i, h, k, w) for i, h, k, w in headings],
        rows=rows,
        above=[["Designated nurses: case review tracker"], ["Do not add names. Months only."]],
        below=[{"A": "Total", "ref": "=COUNTA(A4:A17)", "signed": "=COUNTA(G4:G17)"}],
        sheets_after=[
            ("Dropdowns", [["Review type"], ["CSPR"], ["LCSPR"], ["RR"], ["SAR"], ["SCR"]])
        ],  # fmt: skip
        validations=[("type", "=Dropdowns!$A$2:$A$6")],
        values_to_map={"partnership": ["LSCP", "Blackpool SCP"]},
        notes="Title and note rows, headings on row 3, month-year dates only ('March 2021', "
        "'Apr 2021'), short theme names, two aliases, a 'Child / adult' column that is not "
        "importable, totals row, drop-down sheet after the data. Three mistakes.",
    )


def t3_rapid_reviews_csv():
    headings = [
        ("ref", "Local ref", "reference"),
        ("steis", "StEIS ref", "steis_number"),
        ("type", "Type", "review_type"),
        ("partnership", "Partnership name", "partnership"),
        ("notified", "Date notified", "notification_date"),
        ("decision", "Date of decision", "decision_date"),
        ("panel", "Panel response date", "panel_response_date"),
        ("themes", "Themes", "primary_themes"),
        ("comments", "Comments", "comments"),
    ]
    rows = [
        dict(ref="RR-2021-01", steis="2021/00101", type="RR", partnership=BWD_SCP,
             notified="2021-01-11", decision="2021-01-25", panel="2021-02-15",
             themes="Babies and infants; Think family"),
        dict(ref="RR-2021-02", type="Rapid review", partnership="Blackburn with Darwen SCP",
             notified="03/2021", decision="20/04/2021", panel="05/2021",
             themes="Neglect; Record keeping", comments="No further review."),
        dict(ref="RR-2021-03", steis="2021/00377", type="rapid review", partnership=LANCS_SCP,
             notified="07/06/2021", decision="21/06/2021", panel="15/13/2021",
             themes="Sexual abuse",
             _mistake=("panel", "15/13/2021 has no month 13 (it was 15/07/2021)")),
        dict(ref="RR-2021-04", type="RR", partnership="Blackburn with Darwen SCP",
             notified="02/08/2021", decision="16/08/2021", panel="06/09/2021",
             themes="Exploitation and extrafamilial harm; Education and children not in school"),
        dict(ref="RR-2021-05", type="RR", partnership=BPL_SCP, notified="04/10/2021",
             decision="18/10/2021", panel="20/09/2021",
             themes="Domestic abuse; Mental health",
             _mistake=("panel", "The Panel responded on 20/09/2021, before the notification "
                       "(04/10/2021)")),
        dict(ref="RR-2022-01", steis="2022/00044", type="Rapid Review", partnership=LANCS_SCP,
             notified="10/01/2022", decision="24/01/2022", panel="14/02/2022",
             themes="Babies and infants"),
        dict(ref="RR-2022-02", type="RR", partnership="", notified="07/03/2022",
             decision="21/03/2022", themes="Online harm; Sexual abuse",
             _mistake=("partnership", "The partnership is missing (required)")),
        dict(ref="RR-2022-03", type="RR", partnership=WF_SCP, notified="09/05/2022",
             decision="23/05/2022", panel="13/06/2022", themes="Physical abuse; Information sharing"),
        dict(ref="RR-2022-04", type="RR", partnership="Blackburn with Darwen SCP",
             notified="2022-07-04", decision="2022-07-18", panel="2022-08-08",
             themes="Neglect; Disguised compliance", comments="Became an LCSPR."),
        dict(ref="RR-2022-05", type="Rapid review", partnership=BPL_SCP, notified="12/09/2022",
             decision="26/09/2022", panel="17/10/2022", themes="Suicide and self-harm"),
        dict(ref="RR-2023-01", steis="2023/00090", type="RR", partnership=LANCS_SCP,
             notified="16/01/2023", decision="30/01/2023", panel="20/02/2023",
             themes="Babies and infants; Professional curiosity"),
        dict(ref="RR-2023-02", type="RR", partnership=WF_SCP, notified="06/03/2023",
             decision="20/03/2023", themes="Emotional abuse", comments="Awaiting Panel."),
    ]  # fmt: skip
    return Tracker(
        name="rapid-reviews",
        split="tuning",
        fmt="csv",
        encoding="utf-8-sig",
        columns=[Col(i, h, k) for i, h, k in headings],
        rows=rows,
        values_to_map={"partnership": ["Blackburn with Darwen SCP"]},
        notes="A CSV (comma, UTF-8 with BOM) of rapid reviews: headings on line 1, ISO and "
        "DD/MM/YYYY and MM/YYYY dates, several theme names in one cell separated by ';', "
        "type written 'RR', 'Rapid review', 'rapid review'. Three mistakes.",
    )


def t4_sab_log():
    headings = [
        ("ref", "SAR ref", "reference", 10),
        ("type", "Type of review", "review_type", 18),
        ("board", "Board", "partnership", 30),
        ("case", "Case name", "title", 12),
        ("aware", "Referral received", "aware_date", 14),
        ("source", "Referred by", "referral_source", 16),
        ("added", "Date Added", "decision_date", 14),
        ("reviewer", "Independent reviewer", "independent_reviewer", 22),
        ("method", "Method", "method", 22),
        ("t1", "Theme 1", "primary_themes", 22),
        ("t2", "Theme 2", "primary_themes", 22),
        ("gap1", None),
        ("gap2", None),
        ("signed", "Report Signed Off", "signed_off_date", 14),
        ("status", "Status", "scrt_status", 10),
        ("comments", "Comments", "comments", 30),
    ]
    rows = [
        dict(ref="SAR01", type="SAR", board="Lancs SAB", case="Adult A", aware=D(2021, 2, 3),
             source="Adult social care", added=D(2021, 3, 18), reviewer="Pat Example",
             method="Practitioner learning event", t1="Self-neglect", t2="Mental capacity",
             signed=D(2021, 12, 9), status="Closed"),
        dict(ref="SAR02", type="Safeguarding adults review", board=BWD_SAB, case="Adult B",
             aware=D(2021, 4, 12), source="Police", added=D(2021, 5, 20),
             t1="Financial abuse", t2="Exploitation and extrafamilial harm", status="Open"),
        dict(ref="SAR03", type="SAR (discretionary)", board="Lancs SAB", case="Adult C",
             aware=D(2021, 6, 1), source="Health", added=D(2021, 7, 15),
             method="Appreciative inquiry", t1="Mental health", t2="Suicide and self-harm",
             signed=D(2022, 3, 2), status="Closed"),
        dict(ref="SAR04", type="SAR", board=BPL_SAB, case="Adult D", aware=D(2021, 9, 27),
             source="Adult social care", added=D(2021, 8, 30),
             t1="Organisational abuse", t2="Learning disability and autism", status="Open",
             _mistake=("added", "The decision (30/08/2021) is before the referral was "
                       "received (27/09/2021): it was 30/09/2021")),
        dict(ref="SAR05", type="SAR", board=WF_SAB, case="Adult E", aware=D(2021, 11, 8),
             source="Family or friend", added=D(2021, 12, 13), reviewer="Lee Sample",
             method="Hybrid", t1="Neglect", t2="Disability and complex health needs",
             status="Open", comments="Family want to contribute."),
        dict(ref="SAR06", type="SAR (discretionary)", board=LANCS_SAB, case="Adult F",
             aware=D(2022, 1, 10), source="Housing", added=D(2022, 2, 14),
             t1="Housing and homelessness", t2="Substance misuse", signed=D(2022, 9, 29),
             status="Closed"),
        dict(ref="SAR07", type="SAR", board="Lancs SAB", case="Adult G", aware=D(2022, 3, 7),
             source="Police", added=D(2022, 4, 11), t1="Modern slavery",
             t2="Exploitation and extrafamilial harm", status="Open"),
        dict(ref="SAR08", type="Safeguarding adults review", board=BPL_SAB, case="Adult H",
             aware=D(2022, 5, 16), source="Health", added=D(2022, 6, 20),
             signed=D(2032, 1, 12), t1="Self-neglect", t2="Professional curiosity",
             status="Closed",
             _mistake=("signed", "12/01/2032 is in the future: it was 12/01/2023")),
        dict(ref="SAR09", type="SAR", board=BWD_SAB, case="Adult J", aware=D(2022, 8, 1),
             source="Adult social care", added=D(2022, 9, 5), t1="Discriminatory abuse",
             t2="Race, culture, faith and identity", status="Open"),
        dict(ref="SAR10", type="SAR", board=WF_SAB, case="Adult K", aware=D(2022, 10, 3),
             source="Coroner", added=D(2022, 11, 7), t1="Mental capacity",
             t2="Multi-agency working and coordination", status="Open"),
        dict(ref="SAR11", type="SAR", board="Lancs SAB", case="Adult L", aware=D(2023, 1, 9),
             source="Voluntary sector", added=D(2023, 2, 13), t1="Domestic abuse",
             t2="Think family", status="Open"),
        dict(ref="SAR12", type="SAR (discretionary)", board=BPL_SAB, case="Adult M",
             aware=D(2023, 3, 6), source="Health", added=D(2023, 4, 17),
             t1="Transitions between services or areas", status="Open"),
    ]  # fmt: skip
    return Tracker(
        name="sab-sar-log",
        split="tuning",
        fmt="xlsx",
        sheet="SAR log",
        columns=[Col(*h) if len(h) == 2 else Col(h[0], h[1], h[2], h[3]) for h in headings],
        rows=rows,
        above=[["Safeguarding Adults Reviews log"], ["Board business unit"], [], []],
        values_to_map={"partnership": ["Lancs SAB"], "review_type": ["SAR (discretionary)"]},
        notes="A SAB's log: two title rows then two blank rows, headings on row 5, a 'Case "
        "name' column (the title), referral source and method as labels, two fully blank "
        "columns, Excel dates. Two mistakes.",
    )


def t5_dhr_log():
    headings = [
        ("ref", "DHR number", "reference", 12),
        ("type", "Review type", "review_type", 12),
        ("csp", "CSP", "partnership", 34),
        ("death", "Date of death", "incident_date", 13),
        ("notified", "Date notified", "notification_date", 13),
        ("decision", "Decision date", "decision_date", 13),
        ("chair", "Chair / author", "independent_reviewer", 20),
        ("ho", "Submitted to Home Office", None, 13),
        ("inquest", "Inquest", "inquest", 12),
        ("criminal", "Criminal proceedings", "criminal_proceedings", 12),
        ("themes", "Main themes", "primary_themes", 40),
        ("comments", "Comments", "comments", 30),
    ]
    rows = [
        dict(ref="DHR-01", type="DHR", csp=LANCS_CSP, death=D(2020, 11, 2),
             notified=D(2020, 11, 20), decision=D(2020, 12, 15), chair="Chris Example",
             ho=D(2021, 11, 1), inquest="Concluded", criminal="Concluded",
             themes="Domestic abuse; Risk assessment and decision-making"),
        dict(ref="DHR-02", type="DARDR", csp="W&F CSP", death=D(2021, 3, 14),
             notified=D(2021, 3, 29), decision="Apr 2021", inquest="Under way",
             criminal="Concluded", themes="Domestic abuse; Mental health",
             comments="Renamed DARDR locally."),
        dict(ref="DHR-03", type="DHR child", csp=BWD_CSP, death=D(2021, 6, 5),
             notified=D(2021, 6, 21), decision=D(2021, 7, 19), chair="Robin Specimen",
             inquest="Concluded", criminal="Under way",
             themes="Domestic abuse; Exploitation and extrafamilial harm"),
        dict(ref="DHR-04", type="DHR", csp=BPL_CSP, death=D(2021, 9, 30),
             notified=D(2021, 10, 18), decision=D(2021, 9, 1), inquest="Under way",
             criminal="Under way", themes="Domestic abuse; Substance misuse",
             _mistake=("decision", "The decision (01/09/2021) is before the death "
                       "(30/09/2021) and the notification: it was 01/11/2021")),
        dict(ref="DHR-05", type="DHR", csp="W&F CSP", death=D(2022, 1, 8),
             notified=D(2022, 1, 24), decision="Feb 2022", chair="Chris Example",
             ho=D(2022, 12, 5), inquest="Concluded", criminal="None",
             themes="Domestic abuse; Suicide and self-harm",
             comments="Suicide after domestic abuse."),
        dict(ref="DHR-06", type="DARDR", csp=LANCS_CSP, death=D(2022, 4, 17),
             notified=D(2022, 5, 3), decision=D(2022, 6, 1), inquest="Under way",
             criminal="Concluded", themes="Domestic abuse; Race, culture, faith and identity"),
        dict(ref="DHR-07", type="DHR", csp="", death=D(2022, 7, 22), notified=D(2022, 8, 8),
             decision=D(2022, 9, 5), inquest="Under way", criminal="Under way",
             themes="Domestic abuse",
             _mistake=("csp", "The CSP is missing (required): Blackburn with Darwen")),
        dict(ref="DHR-08", type="DHR child", csp=BPL_CSP, death=D(2022, 10, 1),
             notified=D(2022, 10, 17), decision="Nov 2022", inquest="Under way",
             criminal="Under way", themes="Domestic abuse; Voice and lived experience of the child or adult"),
        dict(ref="DHR-09", type="DHR", csp=WF_CSP, death=D(2023, 1, 19),
             notified=D(2023, 2, 6), decision=D(2023, 3, 6), chair="Robin Specimen",
             inquest="Under way", criminal="None", themes="Domestic abuse; Mental capacity"),
        dict(ref="DHR-10", type="DARDR", csp=LANCS_CSP, death=D(2023, 5, 28),
             notified=D(2023, 6, 12), decision=D(2023, 7, 10), inquest="Under way",
             criminal="Under way", themes="Domestic abuse; Financial abuse"),
    ]  # fmt: skip
    return Tracker(
        name="csp-dhr-log",
        split="tuning",
        fmt="xlsx",
        sheet="DHRs",
        columns=[Col(i, h, k, w, "d mmm yyyy") for i, h, k, w in headings],
        rows=rows,
        above=[["Domestic homicide reviews: community safety partnerships"]],
        below=[{"A": "Total DHRs", "type": "=COUNTA(B3:B12)"}],
        sheets_after=[
            (
                "Lookup",
                [
                    ["Review type", "CSP"],
                    ["DHR", LANCS_CSP],
                    ["DHR child", BPL_CSP],
                    ["DARDR", "W&F CSP"],
                ],
            )
        ],  # fmt: skip
        values_to_map={"partnership": ["W&F CSP"], "review_type": ["DARDR"]},
        notes="A CSP's DHR log: one title row, headings on row 2, 'Date of death', inquest and "
        "criminal proceedings as labels, themes in one cell separated by ';', 'DARDR' (the "
        "2024 name), a 'Submitted to Home Office' date that is not importable, totals row, "
        "lookup sheet after. Two mistakes.",
    )


def t6_leder():
    headings = [
        ("ref", "Reference", "reference", 12),
        ("type", "Review type", "review_type", 18),
        ("icb", "ICB", "icb", 10),
        ("partnership", "Partnership", "partnership", 32),
        ("notified", "Date notified", "notification_date", 13),
        ("start", "Start date", "start_date", 13),
        ("signed", "Date signed off", "signed_off_date", 13),
        ("reviewer", "Reviewer", "independent_reviewer", 18),
        ("learning", "Learning", "learning_summary", 40),
        ("comments", "Comments", "comments", 24),
        ("notes", "Notes", "comments", 24),
    ]
    rows = [
        dict(ref="LD-21-01", type="LeDeR", icb=ICB_A_CODE, partnership=LANCS_SAB,
             notified=D(2021, 2, 8), start=D(2021, 3, 1), signed=D(2021, 7, 26),
             reviewer="Ali Example", learning="Reasonable adjustments not recorded."),
        dict(ref="LD-21-02", type="LD mortality review", icb=ICB_A_CODE, partnership=BPL_SAB,
             notified=D(2021, 5, 10), start=D(2021, 6, 7), signed=D(2021, 11, 15),
             learning="Annual health check missed twice."),
        dict(ref="LD-21-03", type="LeDeR", icb=ICB_A, partnership=BWD_SAB,
             notified=D(2021, 8, 16), start=D(2021, 7, 12), reviewer="Ali Example",
             _mistake=("start", "The review started (12/07/2021) before the notification "
                       "(16/08/2021): it was 12/09/2021")),
        dict(ref="LD-22-01", type="LeDeR", icb=ICB_A_CODE, partnership=WF_SAB,
             notified=D(2022, 1, 17), start=D(2022, 2, 14), signed=D(2022, 6, 20),
             learning="Dysphagia care plan not shared with the care home.",
             notes="Focused review."),
        dict(ref="LD-22-02", type="LD mortality review", icb=ICB_A_CODE, partnership=LANCS_SAB,
             notified=D(2022, 4, 4), start=D(2022, 5, 3), signed=D(2022, 10, 10)),
        dict(ref="LD-22-03", type="LeDeR", icb="NHS Greater Manchester Integrated Care Board",
             partnership=LANCS_SAB, notified=D(2022, 7, 11), start=D(2022, 8, 8),
             comments="Person lived in Lancashire.",
             _mistake=("icb", "Greater Manchester ICB is not one this team may record for: "
                       "the ICB is Lancashire and South Cumbria (QE1)")),
        dict(ref="LD-22-04", type="LeDeR", icb=ICB_A_CODE, partnership=BPL_SAB,
             notified=D(2022, 10, 3), start=D(2022, 10, 31), signed=D(2023, 3, 27),
             learning="Constipation risk not recognised."),
        dict(ref="LD-23-01", type="Child death review", icb=ICB_A_CODE, partnership=BPL_SCP,
             notified=D(2023, 1, 9), start=D(2023, 2, 6), comments="CDOP review."),
        dict(ref="LD-23-02", type="LeDeR", icb=ICB_A_CODE, partnership=WF_SAB,
             notified=D(2023, 4, 17), start=D(2023, 5, 15), reviewer="Kim Placeholder"),
        dict(ref="LD-23-03", type="LeDeR", icb=ICB_A_CODE, partnership=LANCS_SAB,
             notified=D(2023, 7, 3), start=D(2023, 7, 31), notes="Autistic adult."),
    ]  # fmt: skip
    return Tracker(
        name="leder-reviews",
        split="tuning",
        fmt="xlsx",
        sheet="LeDeR",
        columns=[Col(i, h, k, w) for i, h, k, w in headings],
        rows=rows,
        above=[["LeDeR and child death reviews (ICB)"], []],
        values_to_map={"review_type": ["LD mortality review"]},
        notes="An ICB's LeDeR list: title and blank row, headings on row 3, an ICB column with "
        "ODS code or name, 'Learning' and two notes columns. Two mistakes.",
    )


# --- held-out split ------------------------------------------------------------------------


def h1_semicolon_cp1252():
    headings = [
        ("ref", "Case ref", "reference"),
        ("type", "Category of review", "review_type"),
        ("board", "Board/Partnership", "partnership"),
        ("commissioned", "Date commissioned", "decision_date"),
        ("approved", "Date report approved", "signed_off_date"),
        ("published", "Date published on website", "published_date"),
        ("web", "Web link", "publication_url"),
        ("summary", "Brief summary", "case_information"),
        ("primary", "Primary theme", "primary_themes"),
        ("other", "Other themes", "other_themes"),
        ("progress", "Progress update", "comments"),
        ("health", "Health actions", "comments"),
    ]
    rows = [
        dict(ref="BSAB/19/1", type="SAR", board="BSAB", commissioned="2019",
             approved="Mar-21", published="Sept 2021", web="https://example.org/bsab/adult-a",
             summary="Adult A – man in his 50s, street homeless; died in hospital.",
             primary="Housing and homelessness", other="Substance misuse / Mental health",
             progress="Closed – all actions signed off", health="GP outreach in place"),
        dict(ref="BSAB/20/1", type="SAR - discretionary", board="BSAB", commissioned="2020",
             approved="Nov-21", summary="Adult B – woman with MS, carer’s stress.",
             primary="Disability and complex health needs", other="Think family",
             progress="Report with the Board"),
        dict(ref="BSAB/21/1", type="SAR", board=BPL_SAB, commissioned="Jun-21",
             approved="31/09/2022", summary="Adult C – care home, falls and pressure ulcers.",
             primary="Organisational abuse", other="Neglect / Record keeping",
             _mistake=("approved", "31/09/2022 is not a real date (September has 30 days)")),
        dict(ref="BSAB/21/2", type="Safeguarding adults review", board="BSAB",
             commissioned="Sept 2021", summary="Adult D – older man, scammed of £30,000.",
             primary="Financial abuse", other="Mental capacity",
             progress="Panel meets monthly"),
        dict(ref="BSAB/21/3", type="SAR", board="BSAB", commissioned="Dec-21",
             approved="Oct-22", published="Jan-23", web="https://example.org/bsab/adult-e",
             summary="Adult E – young woman, eating disorder, ‘not brought’ to clinic.",
             primary="Mental health", other="Disguised compliance / Transitions between services or areas",
             health="Eating disorder pathway reviewed"),
        dict(ref="BSAB/22/1", type="SAR - discretionary", board="BSAB", commissioned="Mar-22",
             summary="Adult F – man with learning disability, hate crime.",
             primary="Discriminatory abuse", other="Learning disability and autism"),
        dict(ref="BSAB/22/2", type="SAR", board=BPL_SAB, commissioned="May-22",
             summary="Adult G – fire in a cluttered home.", primary="Fire risk",
             other="Self-neglect",
             _mistake=("primary", "'Fire risk' is not a theme of the service's list: it was "
                       "'Self-neglect', already under other themes, so move it")),
        dict(ref="BSAB/22/3", type="SAR", board="BSAB", commissioned="Aug-22",
             summary="Adult H – exploited by people using his flat (cuckooing).",
             primary="Exploitation and extrafamilial harm", other="Substance misuse",
             progress="Police lead"),
        dict(ref="BSAB/21/2", type="SAR", board="BSAB", commissioned="Oct-22",
             summary="Adult J – domestic abuse by an adult grandson.", primary="Domestic abuse",
             other="Financial abuse",
             _mistake=("ref", "BSAB/21/2 is already line 7's reference; this one is "
                       "BSAB/22/4")),
        dict(ref="BSAB/23/1", type="SAR", board="BSAB", commissioned="Jan-23",
             summary="Adult K – died after discharge home without care.",
             primary="Transitions between services or areas", other="Information sharing",
             health="Discharge audit by the ICB"),
        dict(ref="BSAB/23/2", type="SAR - discretionary", board="BSAB", commissioned="Apr-23",
             summary="Adult L – modern slavery in a car wash.", primary="Modern slavery",
             other="Race, culture, faith and identity"),
        dict(ref="BSAB/23/3", type="SAR", board=BPL_SAB, commissioned="2023",
             summary="Adult M – older woman, neglect by family carer.", primary="Neglect",
             other="Think family"),
    ]  # fmt: skip
    return Tracker(
        name="bsab-semicolon",
        split="held_out",
        fmt="csv",
        delimiter=";",
        encoding="cp1252",
        columns=[Col(i, h, k) for i, h, k in headings],
        rows=rows,
        above=[["Blackpool Safeguarding Adults Board – SAR tracker (exported from Excel)"], []],
        trailing_blank=3,
        values_to_map={"partnership": ["BSAB"], "review_type": ["SAR - discretionary"]},
        notes="CSV with ';' and Windows-1252 text (en dash, curly quotes, £), a title line "
        "and a blank line, headings on line 3, three empty fields at the end of every line, "
        "'Primary theme' / 'Other themes' (other themes separated by ' / '), year-only "
        "('2019'), 'Mar-21' (mmm-yy = March 2021) and 'Sept 2021' dates, two comment "
        "columns. Year-only and month dates in one row never fall in the same period. "
        "Three mistakes.",
    )


def h2_row7_merged():
    headings = [
        ("ref", "Our ref", "reference", 10),
        ("steis", "SIN / StEIS no.", "steis_number", 14),
        ("partnership", "Children's partnership", "partnership", 30),
        ("incident", "Incident date", "incident_date", 12),
        ("sin", "SIN date", "notification_date", 12),
        ("meeting", "RR meeting date", "start_date", 12),
        ("panel", "National Panel response", "panel_response_date", 12),
        ("kind", "Kind of review", "review_type", 16),
        ("outcome", "Outcome of RR", None, 18),
        ("nurse", "Nurse lead", "designated_professional", 16),
        ("primary", "Primary theme", "primary_themes", 22),
        ("other", "Other themes", "other_themes", 30),
        ("rag", "RAG", None, 6),
        ("board", "Update for board", "comments", 26),
        ("health", "Health comments", "comments", 26),
        ("team", "Safeguarding team notes", "comments", 26),
    ]
    rows = [
        dict(ref="C21/01", steis="2021/02211", partnership="BwD Children's Partnership",
             incident=D(2021, 2, 9), sin=D(2021, 2, 12), meeting=D(2021, 3, 3),
             panel=D(2021, 3, 24), kind="Rapid Review", outcome="No further review",
             nurse="Designated nurse A", primary="Babies and infants",
             other="Information sharing\nProfessional curiosity", rag="G"),
        dict(ref="C21/02", steis="2021/03870", partnership=LANCS_SCP, incident=D(2021, 4, 20),
             sin=D(2021, 4, 23), meeting=D(2021, 5, 12), panel=D(2021, 6, 2), kind="Rapid Review",
             outcome="LCSPR", nurse="Designated nurse B", primary="Neglect",
             other="Disguised compliance", rag="A", board="LCSPR commissioned"),
        dict(ref="C21/03", steis="2021/05102", partnership="Lancashire Children's Safeguarding Partnership",
             incident=D(2021, 6, 1), sin=D(2021, 6, 4), kind="SIN", nurse="Designated nurse B",
             primary="Physical abuse", rag="G", health="Paediatric review done"),
        dict(ref="C21/04", partnership="BwD Children's Partnership", incident=D(2021, 8, 14),
             sin=D(2021, 8, 18), meeting=D(2021, 9, 8), panel=D(2021, 8, 1), kind="Rapid Review",
             primary="Exploitation and extrafamilial harm", other="Education and children not in school",
             rag="R",
             _mistake=("panel", "The Panel response (01/08/2021) is before the SIN date "
                       "(18/08/2021): it was 01/10/2021")),
        dict(ref="C21/05", partnership=LANCS_SCP, sin=D(2021, 10, 5), meeting=D(2021, 11, 2),
             kind="Local learning review", nurse="Designated nurse A",
             primary="Voice and lived experience of the child or adult", other="Record keeping",
             team="Non-statutory: partnership's own learning review"),
        dict(ref="C22/01", steis="2022/00312", partnership=BPL_SCP, incident=D(2022, 1, 2),
             sin=D(2022, 1, 6), meeting=D(2022, 1, 26), panel=D(2022, 2, 16), kind="Rapid Review",
             outcome="LCSPR", primary="Babies and infants", other="Substance misuse\nThink family",
             rag="A"),
        dict(ref="C22/02", partnership="Cumberland Safeguarding Children Partnership",
             incident=D(2022, 3, 11), sin=D(2022, 3, 15), kind="SIN", primary="Online harm",
             rag="G", team="Child lives in Carlisle",
             _mistake=("partnership", "Cumberland is in NHS North East and North Cumbria ICB, "
                       "not one this team may record for: remove the row (or give the "
                       "review to that ICB)")),
        dict(ref="C22/03", partnership="Lancashire Children's Safeguarding Partnership",
             incident=D(2022, 5, 7), sin=D(2022, 5, 10), meeting=D(2022, 6, 1),
             panel=D(2022, 6, 22), kind="LCSPR", nurse="Designated nurse B",
             primary="Sexual abuse", other="Voice and lived experience of the child or adult",
             rag="A"),
        dict(ref="C22/04", partnership=WF_SCP, incident=D(2022, 7, 19), sin=D(2022, 7, 22),
             meeting=D(2022, 8, 10), primary="Suicide and self-harm", other="Mental health",
             rag="R", board="Type to be confirmed",
             _mistake=("kind", "The kind of review is missing (required): it was a rapid "
                       "review")),
        dict(ref="C22/05", partnership="BwD Children's Partnership", incident=D(2022, 9, 3),
             sin=D(2022, 9, 7), meeting=D(2022, 9, 28), panel=D(2022, 10, 19),
             kind="Rapid Review", primary="Domestic abuse", other="Think family",
             rag="G", health="MARAC referral made"),
        dict(ref="C23/01", steis="2023/00158", partnership=LANCS_SCP, incident=D(2023, 1, 14),
             sin=D(2023, 1, 18), meeting=D(2023, 2, 8), panel=D(2023, 3, 1), kind="SIN",
             primary="Babies and infants", rag="G"),
        dict(ref="C23/02", partnership=BPL_SCP, sin=D(2023, 4, 3), meeting=D(2023, 5, 2),
             kind="Local learning review", primary="Education and children not in school",
             other="Transitions between services or areas", rag="A"),
    ]  # fmt: skip
    columns = [Col(i, h, k, w, "mmm-yy") for i, h, k, w in headings]
    return Tracker(
        name="children-partnership-row7",
        split="held_out",
        fmt="xlsx",
        sheet="SIN and RR",
        columns=columns,
        rows=rows,
        above=[
            ["OFFICIAL-SENSITIVE"],
            ["Serious incident notifications and rapid reviews"],
            ["Children's safeguarding partnerships across the ICB"],
            [None],
            ["Key: R = overdue, A = due within 5 days, G = on track"],
            [None],
        ],
        merges=["A1:P1", "A2:P2", "A3:P3", "A5:P5"],
        trailing_blank=4,
        below=[{"A": "Count", "kind": "=COUNTA(H8:H19)", "panel": "=COUNT(G8:G19)"}],
        values_to_map={
            "partnership": [
                "BwD Children's Partnership",
                "Lancashire Children's Safeguarding Partnership",
            ],
            "review_type": ["Local learning review"],
        },  # fmt: skip
        notes="Headings on row 7 under a six-row block (protective marking, merged title "
        "cells, a key line), Excel dates shown as 'mmm-yy', two themes in one cell on "
        "separate lines, 'Primary theme'/'Other themes', three comment columns, a RAG and an "
        "'Outcome of RR' column that are not importable, four formatted but empty columns "
        "after the last heading, a 'Count' row. Three mistakes.",
    )


def h3_notes_sheet_first():
    headings = [
        ("id", "Identifier", "reference", 12),
        ("child", "Child", "title", 10),
        ("category", "Review category", "review_type", 22),
        ("board", "Safeguarding board", "partnership", 34),
        ("agreed", "Date review agreed", "decision_date", 14),
        ("final", "Final report agreed", "signed_off_date", 14),
        ("pub", "Date of publication", "published_date", 14),
        ("report", "Published report", "publication_url", 34),
        ("learning", "Key learning", "learning_summary", 40),
        ("themes", "Theme(s)", "primary_themes", 30),
        ("additional", "Additional comments", "comments", 26),
        ("plan", "Action plan update", "comments", 26),
    ]
    rows = [
        dict(id="WF-2018-1", child="Child A", category="Serious Case Review", board=WF_SCP,
             agreed="2018", final=D(2019, 11, 4), pub=D(2020, 1, 20),
             report="https://example.org/wf-scp/scr-child-a",
             learning="Bruising in a non-mobile baby must always be referred.",
             themes="Babies and infants\nInformation sharing", plan="Complete"),
        dict(id="WF-2019-1", child="Child B", category="SCR", board=WF_SCP, agreed="2019",
             final=D(2020, 9, 14), pub=D(2020, 11, 2),
             report="https://example.org/wf-scp/scr-child-b",
             themes="Neglect\nDisguised compliance", plan="Complete"),
        dict(id="WF-2020-1", child="Child C", category="Multi-agency learning review",
             board=WF_SCP, agreed=D(2020, 6, 15), final=D(2021, 2, 1),
             learning="Fathers were not asked about.", themes="Think family",
             additional="Non-statutory review"),
        dict(id="WF-2020-2", child="Child D", category="Local child safeguarding practice review",
             board=WF_SCP, agreed=D(2020, 10, 5), final=D(2021, 6, 28), pub=D(2021, 5, 10),
             report="https://example.org/wf-scp/child-d",
             themes="Sexual abuse\nOnline harm",
             _mistake=("pub", "Published (10/05/2021) before the final report was agreed "
                       "(28/06/2021): it was published 10/08/2021")),
        dict(id="WF-2021-1", child="Child E", category="Child safeguarding practice review",
             board=WF_SCP, agreed=D(2021, 3, 8), final=D(2021, 12, 6), pub=D(2022, 2, 14),
             report="Published on website", themes="Emotional abuse\nMental health",
             _mistake=("report", "'Published on website' is not a link: give the address "
                       "starting https://")),
        dict(id="WF-2021-2", child="Child F", category="Multi-agency learning review",
             board=BPL_SCP, agreed=D(2021, 7, 12), themes="Education and children not in school",
             additional="Shared with schools"),
        dict(id="WF-2022-1", child="Child G", category="Local child safeguarding practice review",
             board=WF_SCP, agreed=D(2022, 1, 17), final=D(2022, 10, 3), pub=D(2022, 12, 12),
             report="https://example.org/wf-scp/child-g",
             learning="Escalation was not used when a plan drifted.",
             themes="Critical thinking, challenge and escalation\nNeglect"),
        dict(id="WF-2022-2", child="Child H", category="Child safeguarding practice review",
             board=WF_SCP, agreed="29/02/2023", themes="Physical abuse",
             _mistake=("agreed", "29/02/2023 is not a real date (2023 is not a leap year)")),
        dict(id="WF-2023-1", child="Child J", category="Local child safeguarding practice review",
             board=BPL_SCP, agreed=D(2023, 4, 24), themes="Exploitation and extrafamilial harm\nOnline harm",
             plan="Scoping"),
        dict(id="WF-2023-2", child="Child K", category="Multi-agency learning review",
             board=WF_SCP, agreed=D(2023, 9, 11),
             themes="Transitions between services or areas"),
    ]  # fmt: skip
    read_me = [
        ["About this workbook"],
        [None],
        ["This workbook lists the case reviews of the children's partnerships."],
        ["The 'Case reviews' sheet has one line per review; do not add names."],
        ["Legacy serious case reviews only have the year the review was agreed."],
        ["Questions to the partnership business unit."],
    ]
    key = [["Term", "Meaning"], ["SCR", "Serious case review (before 2019)"],
           ["LCSPR", "Local child safeguarding practice review"],
           ["MALR", "Multi-agency learning review (non-statutory)"]]  # fmt: skip
    return Tracker(
        name="notes-sheet-first",
        split="held_out",
        fmt="xlsx",
        sheet="Case reviews",
        columns=[Col(i, h, k, w, "d mmmm yyyy") for i, h, k, w in headings],
        rows=rows,
        above=[["Children's case reviews"], [None], ["Updated quarterly"], [None]],
        merges=["A1:L2"],
        sheets_before=[("Read me", read_me), ("Key", key)],
        values_to_map={
            "review_type": ["Multi-agency learning review", "Child safeguarding practice review"]
        },
        notes="Two notes sheets ('Read me', 'Key') before the data, a title merged over two "
        "rows (A1:L2), headings on row 5, year-only dates for legacy SCRs, themes on separate "
        "lines of one cell, a "
        "'Child' column (the title), two comment columns. Three mistakes.",
    )


def h4_dhr_return():
    headings = [
        ("ref", "CSP reference", "reference", 12),
        ("review", "Review (DHR / DARDR)", "review_type", 14),
        ("csp", "Commissioning CSP", "partnership", 32),
        ("homicide", "Date of homicide", "incident_date", 12),
        ("aware", "Date CSP notified", "aware_date", 12),
        ("decision", "Date of decision to hold review", "decision_date", 12),
        ("met", "Date panel first met", "start_date", 12),
        ("signed", "Date report signed off by CSP", "signed_off_date", 12),
        ("qa", "Home Office QA panel date", None, 12),
        ("primary", "Primary theme", "primary_themes", 22),
        ("other", "Other themes", "other_themes", 30),
        ("inquest", "Inquest status", "inquest", 12),
        ("criminal", "Criminal trial", "criminal_proceedings", 12),
        ("chair", "Chair", "independent_reviewer", 16),
    ]
    rows = [
        dict(ref="SL-DHR-20", review="DHR", csp="Safer Lancashire", homicide=D(2020, 5, 3),
             aware=D(2020, 5, 11), decision=D(2020, 6, 8), met=D(2020, 9, 1),
             signed=D(2021, 6, 7), qa=D(2021, 10, 13), primary="Domestic abuse",
             other="Mental health, Substance misuse", inquest="Concluded", criminal="Concluded",
             chair="Independent chair 1"),
        dict(ref="SL-DHR-21", review="DHR (16-17)", csp="Safer Lancashire",
             homicide=D(2021, 1, 17), aware=D(2021, 1, 25), decision=D(2021, 2, 22),
             met="Mar-21", signed="Nov-21", primary="Domestic abuse",
             other="Voice and lived experience of the child or adult", inquest="Concluded",
             criminal="Concluded"),
        dict(ref="BP-DHR-21", review="DHR", csp=BPL_CSP, homicide=D(2021, 4, 2),
             aware=D(2021, 3, 12), decision=D(2021, 5, 10), primary="Domestic abuse",
             other="Financial abuse", inquest="Under way", criminal="Under way",
             _mistake=("aware", "The CSP was notified (12/03/2021) before the homicide "
                       "(02/04/2021): it was 12/04/2021")),
        dict(ref="SL-DHR-22", review="DARDR", csp="Safer Lancashire", homicide=D(2021, 11, 20),
             aware=D(2021, 11, 29), decision=D(2021, 12, 20), met="Feb-22", signed="Dec-22",
             primary="Domestic abuse", other="Suicide and self-harm", inquest="Concluded",
             criminal="None", chair="Independent chair 2"),
        dict(ref="WF-DHR-22", review="DHR", csp=WF_CSP, homicide=D(2022, 2, 14),
             aware=D(2022, 2, 21), decision=D(2022, 3, 21), met="May-22",
             primary="Domestic abuse", other="Think family, Information sharing",
             inquest="Under way", criminal="Concluded"),
        dict(ref="BW-DHR-22", review="Domestic homicide review", csp=BWD_CSP,
             homicide=D(2022, 6, 9), aware=D(2022, 6, 17), decision=D(2022, 7, 18),
             met=D(2022, 9, 5), primary="Domestic abuse", other="Race, culture, faith and identity",
             inquest="Under way", criminal="Awaiting sentence",
             _mistake=("criminal", "'Awaiting sentence' is not a status of criminal "
                       "proceedings: use 'Under way'")),
        dict(ref="SL-DHR-23", review="DARDR", csp="Safer Lancashire", homicide=D(2022, 10, 1),
             aware=D(2022, 10, 10), decision=D(2022, 11, 7), met="Jan-23",
             primary="Domestic abuse", other="Mental health", inquest="Under way",
             criminal="Under way"),
        dict(ref="BP-DHR-23", review="DHR (16-17)", csp=BPL_CSP, homicide=D(2023, 1, 28),
             aware=D(2023, 2, 6), decision=D(2023, 3, 6), met=D(2033, 5, 2),
             primary="Domestic abuse", other="Exploitation and extrafamilial harm",
             inquest="Under way", criminal="Under way",
             _mistake=("met", "02/05/2033 is in the future: it was 02/05/2023")),
        dict(ref="WF-DHR-23", review="DARDR", csp=WF_CSP, homicide=D(2023, 6, 24),
             aware=D(2023, 7, 3), decision=D(2023, 7, 31), primary="Domestic abuse",
             other="Disability and complex health needs", inquest="Under way",
             criminal="Under way"),
        dict(ref="SL-DHR-24", review="DHR", csp="Safer Lancashire", homicide=D(2023, 9, 16),
             aware=D(2023, 9, 25), decision=D(2023, 10, 23), primary="Domestic abuse",
             other="Substance misuse", inquest="Under way", criminal="Under way"),
    ]  # fmt: skip
    return Tracker(
        name="dhr-annual-return",
        split="held_out",
        fmt="xlsx",
        sheet="Return 2023-24",
        columns=[Col(i, h, k, w, "dd-mmm-yy") for i, h, k, w in headings],
        rows=rows,
        above=[
            ["Domestic homicide reviews: annual return to the ICB 2023-24"],
            ["Community safety partnerships in the ICB area"],
        ],  # fmt: skip
        merges=["A1:N1", "A2:N2"],
        trailing_blank=2,
        below=[{"A": "Grand total", "review": "=COUNTA(B4:B13)"}],
        values_to_map={
            "partnership": ["Safer Lancashire"],
            "review_type": ["DHR (16-17)", "DARDR"],
        },
        notes="Two merged title rows, headings on row 3, long headings ('Date of decision to "
        "hold review', 'Date report signed off by CSP'), Excel dates in dd-mmm-yy and text "
        "'Mar-21' in the same columns, other themes separated by ', ', a Home Office QA date "
        "that is not importable, two empty formatted columns, a 'Grand total' row. "
        "Three mistakes.",
    )


def h5_leder_csv():
    headings = [
        ("id", "Notification ID", "reference"),
        ("programme", "Programme", "review_type"),
        ("area", "Local area board", "partnership"),
        ("icb", "ICB code", "icb"),
        ("notified", "Date notified to LeDeR", "notification_date"),
        ("allocated", "Allocated", "start_date"),
        ("completed", "Completed", "signed_off_date"),
        ("reviewer", "Reviewer", "independent_reviewer"),
        ("themes", "Learning themes", "primary_themes"),
        ("n1", "Notes 1", "comments"),
        ("n2", "Notes 2", "comments"),
    ]
    rows = [
        dict(id="N-3101", programme="LeDeR", area=LANCS_SAB, icb="QE1", notified="Jan-21",
             allocated="Mar-21", completed="Jul-21", reviewer="Reviewer 1",
             themes="Learning disability and autism, Disability and complex health needs"),
        dict(id="N-3102", programme="LeDeR", area=BPL_SAB, icb="QE1", notified="2021",
             completed="Mar-22", themes="Learning disability and autism",
             n1="Year only on the old list"),
        dict(id="N-3103", programme="LeDeR review", area=WF_SAB, icb="QE1",
             notified="Jun-21", allocated="Aug-21", completed="Dec-21",
             themes="Mental capacity, Record keeping"),
        dict(id="N-3104", programme="LeDeR", area=BWD_SAB, icb="QE1", notified="Sep-21",
             allocated="Nov-21", completed="Oct-21", reviewer="Reviewer 2",
             themes="Learning disability and autism",
             _mistake=("completed", "Completed (Oct-21) before it was allocated (Nov-21): it "
                       "was completed Feb-22")),
        dict(id="N-3105", programme="LeDeR", area=LANCS_SAB, icb="QE1", notified="Jan-22",
             allocated="Mar-22", themes="Transitions between services or areas",
             n2="Focused review requested"),
        dict(id="N-3106", programme="LeDeR", area=LANCS_SAB, icb="Q1E", notified="Apr-22",
             allocated="Jun-22", themes="Learning disability and autism, Mental health",
             _mistake=("icb", "'Q1E' is not an ICB code: the code is QE1")),
        dict(id="N-3107", programme="LeDeR", area=BPL_SAB, icb="QE1", notified="Jul-22",
             allocated="Sep-22", completed="Jan-23", reviewer="Reviewer 1",
             themes="Disability and complex health needs"),
        dict(id="N-3108", programme="LeDeR review", area=WF_SAB, icb="QE1", notified="Oct-22",
             allocated="Dec-22", themes="Professional curiosity"),
        dict(id="N-3109", programme="", area=BWD_SAB, icb="QE1", notified="Feb-23",
             allocated="Apr-23", themes="Learning disability and autism",
             _mistake=("programme", "The programme (type of review) is missing: LeDeR")),
        dict(id="N-3110", programme="LeDeR", area=LANCS_SAB, icb="QE1", notified="May-23",
             allocated="Jul-23", themes="Learning disability and autism, Neglect"),
        dict(id="N-3111", programme="LeDeR", area=BPL_SAB, icb="QE1", notified="2023",
             themes="Mental health", n1="Awaiting allocation"),
    ]  # fmt: skip
    return Tracker(
        name="leder-quarterly",
        split="held_out",
        fmt="csv",
        columns=[Col(i, h, k) for i, h, k in headings],
        rows=rows,
        above=[["LeDeR notifications, quarterly report"], ["Source: ICB LeDeR team"], []],
        trailing_blank=2,
        notes="CSV (comma, UTF-8, no BOM) with two title lines and a blank line, headings "
        "on line 4, every date 'Mmm-yy' text or year only, two empty fields at the end of "
        "each line, themes separated by ', ', 'Notes 1'/'Notes 2'. Nothing to map. "
        "Three mistakes.",
    )


def h6_master_grouped():
    headings = [
        ("no", "No.", None, 5),
        ("local", "Local ID", "reference", 10),
        ("steis", "StEIS", "steis_number", 11),
        ("review", "Review", "review_type", 14),
        ("pb", "Partnership / board", "partnership", 32),
        ("incident", "Incident", "incident_date", 11),
        ("aware", "Became aware", "aware_date", 11),
        ("decision", "Decision", "decision_date", 11),
        ("signed", "Report signed", "signed_off_date", 11),
        ("published", "Published", "published_date", 11),
        ("main", "Main theme", "primary_themes", 22),
        ("further", "Further themes", "other_themes", 30),
        ("icbu", "Update (ICB)", "comments", 24),
        ("lau", "Update (LA)", "comments", 24),
        ("pol", "Update (Police)", "comments", 24),
    ]
    rows = [
        dict(no=1, local="M-001", steis="2021/11220", review="CSPR", pb=LANCS_SCP,
             incident=D(2021, 1, 5), aware=D(2021, 1, 6), decision=D(2021, 2, 1),
             signed=D(2021, 10, 4), published=D(2021, 12, 6), main="Babies and infants",
             further="Professional curiosity; Think family", icbu="Complete"),
        dict(no=2, local="M-002", review="SAR", pb="Westmorland & Furness SAB",
             aware=D(2021, 3, 1), decision="Apr-21", main="Self-neglect",
             further="Mental capacity", lau="Adult social care lead"),
        dict(no=3, local="M-003", review="Joint SAR/DHR", pb=BWD_CSP, incident=D(2021, 5, 9),
             aware=D(2021, 5, 14), decision="Jul-21", main="Domestic abuse",
             further="Self-neglect; Substance misuse", pol="Joint terms of reference agreed"),
        dict(no=4, local="M-004", review="LeDeR", pb=LANCS_SAB, aware=D(2021, 8, 2),
             decision=D(2021, 8, 30), main="Learning disability and autism", icbu="LeDeR team"),
        dict(no=5, local="M-005", review="RR", pb=BPL_SCP, incident=D(2021, 10, 2),
             aware=D(2021, 10, 4), decision=D(2021, 10, 20), signed=D(2021, 10, 25),
             main="Physical abuse", further="Information sharing"),
        dict(no=6, local="M-006", review="DHR", pb=WF_CSP, incident=D(2021, 12, 12),
             aware=D(2021, 12, 20), decision="2022", main="Domestic abuse",
             further="Transitions between services or areas",
             pol="Trial listed"),
        dict(no=7, local="M-007", review="SAR", pb="Westmorland & Furness SAB",
             aware=D(2022, 3, 7), decision=D(2022, 4, 11), main="Neglect", further="Neglect",
             _mistake=("further", "Neglect is both the main theme and a further theme: "
                       "remove it from further themes")),
        dict(no=8, local="M-008", review="CSPR", pb=BWD_SCP, incident=D(2022, 5, 20),
             aware=D(2022, 5, 23), decision="Jun-22", main="Exploitation and extrafamilial harm",
             further="Education and children not in school; Online harm"),
        dict(no=9, local="M-009", review="RR", pb=LANCS_SCP, incident=D(2022, 8, 8),
             aware=D(2022, 8, 9), decision=D(2022, 8, 24), signed=D(2022, 8, 30),
             main="Babies and infants", lau="No LCSPR"),
        dict(no=10, local="M-010", review="SAR", pb=BPL_SAB, aware=D(2022, 10, 3),
             decision=D(2022, 11, 14), signed=D(2023, 6, 5), published="Jun-22",
             main="Financial abuse", further="Mental capacity",
             _mistake=("published", "Published 'Jun-22', a year before the report was "
                       "signed off (05/06/2023): it was Jun-23")),
        dict(no=11, local="M-011", review="Joint SAR/DHR", pb=LANCS_CSP,
             incident=D(2023, 1, 2), aware=D(2023, 1, 9), decision=D(2023, 2, 6),
             main="Domestic abuse", further="Mental health"),
        dict(no=12, local="M-012", review="CSPR", pb=WF_SCP, incident=D(2023, 4, 1),
             aware=D(2023, 4, 3), decision=D(2023, 4, 1), main="Neglect",
             further="Housing and homelessness",
             _mistake=("decision", "The decision (01/04/2023) is before the partnership "
                       "became aware (03/04/2023): it was 01/05/2023")),
        dict(no=13, local="M-013", review="LeDeR", pb=BPL_SAB, aware=D(2023, 6, 12),
             decision=D(2023, 7, 3), main="Learning disability and autism",
             further="Disability and complex health needs"),
        dict(no=14, local="M-014", review="SAR", pb=LANCS_SAB, aware=D(2023, 9, 4),
             decision="Oct-23", main="Organisational abuse", further="Leadership, supervision and workforce"),
    ]  # fmt: skip
    summary = [
        ["ICB case review summary"],
        [None],
        ["Reviews on the master sheet", "=COUNTA(Master!B3:B16)"],
        ["Published", "=COUNT(Master!J3:J16)"],
    ]
    return Tracker(
        name="icb-master-grouped",
        split="held_out",
        fmt="xlsx",
        sheet="Master",
        columns=[Col(i, h, k, w, "dd.mm.yy") for i, h, k, w in headings],
        rows=rows,
        above=[
            [
                "CASE DETAILS",
                None,
                None,
                None,
                None,
                "DATES",
                None,
                None,
                None,
                None,
                "THEMES",
                None,
                "UPDATES",
            ]
        ],  # fmt: skip
        merges=["A1:E1", "F1:J1", "K1:L1", "M1:O1"],
        below=[{"A": "Totals", "review": "=COUNTA(D3:D16)", "published": "=COUNT(J3:J16)"}],
        sheets_before=[("Summary", summary)],
        sheets_after=[
            (
                "Lists",
                [["Review"], ["CSPR"], ["RR"], ["SAR"], ["DHR"], ["LeDeR"], ["Joint SAR/DHR"]],
            )
        ],  # fmt: skip
        values_to_map={
            "partnership": ["Westmorland & Furness SAB"],
            "review_type": ["Joint SAR/DHR"],
        },
        notes="An ICB master workbook: a Summary sheet of formulas first, the data on "
        "'Master' under a row of merged group headings (CASE DETAILS, DATES, THEMES, "
        "UPDATES) so the headings are on row 2, a running 'No.' column, terse headings "
        "('Incident', 'Decision'), Excel dates shown dd.mm.yy, 'Mmm-yy' text and a year, "
        "'Main theme'/'Further themes', three update columns, a Lists sheet last, a "
        "'Totals' row. Three mistakes.",
    )


TUNING = (t1_scrt_layout, t2_nurse_tracker, t3_rapid_reviews_csv, t4_sab_log, t5_dhr_log,
          t6_leder)  # fmt: skip
HELD_OUT = (h1_semicolon_cp1252, h2_row7_merged, h3_notes_sheet_first, h4_dhr_return,
            h5_leder_csv, h6_master_grouped)  # fmt: skip


# --- the check: every problem found is a declared mistake, and the other way round ----------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTHS["sept"] = 9


def _month_end(year, month):
    nxt = D(year + month // 12, month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def date_range(value):
    """(first day, last day) a value can mean, or raise ValueError."""
    if isinstance(value, datetime.date):
        return value, value
    text = str(value).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        day = D(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day = D(int(m[3]), int(m[2]), int(m[1]))
        return day, day
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        year, month = int(m[2]), int(m[1])
        return D(year, month, 1), _month_end(year, month)
    if m := re.fullmatch(r"([A-Za-z]+)[ -](\d{2}|\d{4})", text):
        month = _MONTHS[m[1][:4].lower() if m[1].lower().startswith("sept") else m[1][:3].lower()]
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return D(year, month, 1), _month_end(year, month)
    if m := re.fullmatch(r"(\d{4})", text):
        return D(int(m[1]), 1, 1), D(int(m[1]), 12, 31)
    raise ValueError(text)


ORDER = ("incident_date", "aware_date", "notification_date", "decision_date", "start_date",
         "signed_off_date", "published_date")  # fmt: skip
CHOICES = {
    "referral_source": {"police", "health", "children's social care", "adult social care",
                        "education", "probation", "housing", "voluntary sector",
                        "family or friend", "coroner", "national panel", "other"},
    "method": {"hybrid", "appreciative inquiry", "practitioner learning event", "other"},
    "inquest": {"none", "under way", "concluded"},
    "criminal_proceedings": {"none", "under way", "concluded"},
}  # fmt: skip


CHECK_TODAY = D(2024, 3, 28)


def problems(tracker, today=CHECK_TODAY):
    """{(line, heading)} of everything wrong once the values to map are mapped."""
    found = set()
    to_map = {k: set(v) for k, v in tracker.values_to_map.items()}
    seen_refs = {}
    for index, row in enumerate(tracker.rows):
        line = tracker.line(index)
        dates, primary, other = {}, [], []
        by_key = {}
        for col in tracker.columns:
            if col.heading is None or col.key is None:
                continue
            value = row.get(col.id)
            by_key.setdefault(col.key, []).append((col, value))
            bad = lambda line=line, col=col: found.add((line, col.heading))  # noqa: E731
            if value in (None, ""):
                continue
            if col.key == "partnership":
                if value not in IN_SCOPE and not (
                    value in to_map.get("partnership", ()) and ALIASES.get(value) in IN_SCOPE
                ):
                    bad()
            elif col.key == "review_type":
                if value.casefold() not in KNOWN_TYPES and not (
                    value in to_map.get("review_type", ()) and value in MAPPED_TYPES
                ):
                    bad()
            elif col.key == "icb":
                if value not in (ICB_A, ICB_A_CODE):
                    bad()
            elif col.key in ("primary_themes", "other_themes"):
                names = [n.strip() for n in re.split(r"[;\n/]|, (?=[A-Z])", value) if n.strip()]
                if any(n.casefold() not in THEME_NAMES for n in names):
                    bad()
                (primary if col.key == "primary_themes" else other).extend(
                    (n.casefold(), col.heading) for n in names
                )
            elif col.key in ORDER or col.key == "panel_response_date":
                try:
                    first, last = date_range(value)
                except ValueError:
                    bad()
                    continue
                if last > today:
                    bad()
                    continue
                dates[col.key] = (first, last, col.heading)
            elif col.key == "publication_url":
                if not re.fullmatch(r"https?://[^\s]+\.[^\s]+", value):
                    bad()
            elif col.key in CHOICES:
                if value.casefold() not in CHOICES[col.key]:
                    bad()
            elif col.key == "reference":
                if value.casefold() in seen_refs:
                    bad()
                seen_refs.setdefault(value.casefold(), line)
        for key in ("review_type", "partnership"):
            cols = by_key.get(key, [])
            if cols and all(v in (None, "") for _, v in cols):
                found.add((line, cols[0][0].heading))
        # dates in order: an error only if certainly out of order; ambiguity is a failure
        earlier = []
        for key in ORDER:
            if key not in dates:
                continue
            first, last, heading = dates[key]
            for e_first, e_last, _ in earlier:
                if last < e_first:
                    found.add((line, heading))
                elif first < e_last:
                    found.add((line, heading + " (ambiguous)"))
            earlier.append(dates[key])
        if "panel_response_date" in dates and "notification_date" in dates:
            p, n = dates["panel_response_date"], dates["notification_date"]
            if p[1] < n[0]:
                found.add((line, p[2]))
            elif p[0] < n[1]:
                found.add((line, p[2] + " (ambiguous)"))
        primary_names = {n for n, _ in primary}
        if len(primary_names) > 3:
            found.add((line, primary[0][1]))
        for name, heading in other:
            if name in primary_names:
                found.add((line, heading))
    return found


def check(tracker):
    declared = {(m["line"], m["column"]) for m in tracker.expected()["mistakes"]}
    lines = [m["line"] for m in tracker.expected()["mistakes"]]
    errors = []
    if len(lines) != len(set(lines)):
        errors.append("two mistakes on one line")
    found = problems(tracker)
    for item in sorted(found - declared):
        errors.append(f"undeclared problem at line {item[0]}, {item[1]!r}")
    for item in sorted(declared - found):
        errors.append(f"declared mistake not found at line {item[0]}, {item[1]!r}")
    fixed = tracker.fixed()
    if any("_fix" in r for r in tracker.rows) and problems(fixed):
        errors.append(f"the fixed version still has problems: {sorted(problems(fixed))}")
    for key, values in tracker.values_to_map.items():
        used = {row.get(c.id) for row in tracker.rows for c in tracker.columns if c.key == key}
        for value in values:
            if value not in used:
                errors.append(f"value to map {value!r} is not in the file")
    if not 10 <= len(tracker.rows) <= 40:
        errors.append(f"{len(tracker.rows)} rows")
    return errors


def check_taxonomy():
    sys.path.insert(0, str(ROOT))
    try:
        from safeguarding.themes.taxonomy import DEFAULT_THEMES
    except Exception:  # pragma: no cover - run without the project on the path
        return []
    labels = tuple(t.label for t in DEFAULT_THEMES)
    return [] if labels == THEME_LABELS else ["THEME_LABELS differ from the taxonomy"]


# --- main ----------------------------------------------------------------------------------


def build(run_check=False):
    written = []
    sample = messy_tracker()
    written.append(write(sample, EXAMPLES))
    written.append(write(sample.fixed(), EXAMPLES, "messy-tracker-fixed.xlsx"))
    trackers = [sample]
    for split, makers in (("tuning", TUNING), ("held_out", HELD_OUT)):
        for make in makers:
            tracker = make()
            directory = TRACKERS / split
            written.append(write(tracker, directory))
            written.append(write_expected(tracker, directory))
            trackers.append(tracker)
    failures = []
    if run_check:
        failures += check_taxonomy()
        for tracker in trackers:
            failures += [f"{tracker.name}: {e}" for e in check(tracker)]
        mistakes = sample.expected()["mistakes"]
        if len(mistakes) != 5 or [m["line"] for m in mistakes] != sorted(
            {m["line"] for m in mistakes}
        ):
            failures.append("messy-tracker: must have five mistakes on five lines")
    return written, failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the labels as well")
    args = parser.parse_args(argv)
    written, failures = build(args.check)
    for path in written:
        print(path.relative_to(ROOT))
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
