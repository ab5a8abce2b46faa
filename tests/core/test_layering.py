"""Views stay thin: they never query models directly, so every query of safeguarding
data goes through a service and its scope gate."""

import re
from pathlib import Path

APPS = Path(__file__).resolve().parents[2] / "safeguarding"
DIRECT_QUERY = re.compile(r"\b[A-Z]\w*\.objects\b")


def test_views_do_not_query_models_directly():
    offenders = []
    for path in sorted(APPS.glob("**/*views.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if DIRECT_QUERY.search(line):
                offenders.append(f"{path.relative_to(APPS)}:{number}: {line.strip()}")
    assert offenders == [], "Move these queries into a service:\n" + "\n".join(offenders)


def test_services_never_import_views():
    offenders = [
        str(path.relative_to(APPS))
        for path in APPS.glob("**/services.py")
        if re.search(
            r"^\s*(from\s+[\w.]+\s+import\s+.*\bviews\b|(from|import)\s+[\w.]*\bviews\b)",
            path.read_text(),
            re.M,
        )
    ]
    assert offenders == []


def test_pure_cores_have_no_django_import():
    pure = [
        "reviews/types.py",
        "reviews/dates.py",
        "timescales/calendar.py",
        "timescales/clocks.py",
        "themes/taxonomy.py",
        "themes/evaluation.py",
        "dashboard/suppression.py",
        "dashboard/tables.py",
        "dashboard/periods.py",
        "reports/document.py",
        *(str(f.relative_to(APPS)) for f in (APPS / "themes" / "engine").glob("*.py")),
        *(str(f.relative_to(APPS)) for f in (APPS / "documents" / "pipeline").glob("*.py")),
        *(str(f.relative_to(APPS)) for f in (APPS / "meaning").glob("*.py")),
        *(str(f.relative_to(APPS)) for f in (APPS / "charts").glob("*.py")),
    ]
    offenders = [
        p for p in pure if re.search(r"^\s*(from|import)\s+django", (APPS / p).read_text(), re.M)
    ]
    assert offenders == []
