"""Views stay thin: they never query models directly, so every query of safeguarding
data goes through a service and its scope gate."""

import ast
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


def _imports(path):
    """Every module a file imports, at any depth (a function's own imports too), relative
    imports resolved against the file's package."""
    package = ".".join(("safeguarding", *path.relative_to(APPS).parent.parts))
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_reviews_do_not_import_search():
    # Search listens for changed records (safeguarding/indexing.py); reviews never call it.
    offenders = {
        str(path.relative_to(APPS)): sorted(
            name for name in _imports(path) if name.startswith("safeguarding.search")
        )
        for path in sorted((APPS / "reviews").glob("**/*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_services_do_not_import_tasks():
    # A task imports its service, never the reverse (no import circle through the worker).
    offenders = {
        str(path.relative_to(APPS)): sorted(
            name for name in _imports(path) if name.split(".")[-1] == "tasks"
        )
        for path in sorted(APPS.glob("**/services.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_import_check_sees_relative_and_nested_imports(tmp_path):
    app = APPS / "documents"
    names = _imports(app / "tasks.py")
    assert "safeguarding.documents.services" in names
    nested = {
        name for name in _imports(app / "services.py") if name.startswith("safeguarding.themes")
    }
    assert "safeguarding.themes.services" in nested  # imported inside a function
