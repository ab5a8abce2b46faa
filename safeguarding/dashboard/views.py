"""Dashboard pages: figures with charts and tables, filters, downloads and the records
behind each figure. Thin: the figures come from services (through the scope gate)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safeguarding.audit import services as audit
from safeguarding.reports.pdf import PDF_CONTENT_TYPE, render_pdf
from safeguarding.reports.xlsx import render_xlsx

from . import cache, dhr_page, downloads, figures, presenters, report, services
from .dhr_forms import DhrFilterForm
from .forms import ActionCellForm, FilterForm, ReviewCellForm

#: Above the owning organisation, fewer records than this are not listed behind a figure.
SMALL = 5

PAGES = {
    "overview": ("Overview", "dashboard:overview"),
    "themes": ("Themes", "dashboard:themes"),
    "progress": ("Recommendations and actions", "dashboard:progress"),
    "completeness": ("Data completeness", "dashboard:completeness"),
}


def _attachment(content, content_type, file_name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _page(request, page):
    form = FilterForm(request.GET, user=request.user)
    filters = form.filters()
    # Published (suppressed) figures and their charts, cached per scope, filters and facts.
    entry = cache.page_figures(request.user, page, filters)
    published = entry.published
    title = PAGES[page][0]
    download = request.GET.get("download", "")
    if download:
        response = _download(request, page, title, filters, published, download)
        if response is not None:
            return response
    return render(
        request,
        "dashboard/page.jinja",
        {
            "page": page,
            "pages": PAGES,
            "title": title,
            "form": form,
            "filters": filters,
            "published": published,
            "blocks": cache.page_blocks(entry, page),
            "query": presenters.query(filters),
            "suppressed": services.suppress_for(request.user),
            "description": presenters.describe(request.user, filters, form),
        },
    )


def _download(request, page, title, filters, published, fmt):
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        key = request.GET.get("figure", "")
        chosen = next((p for p in published if p.key == key), None)
        if chosen is None:
            return None
        services.audit_download(request.user, f"{page}/{key}", filters, fmt, request=request)
        return _attachment(downloads.figure_csv(chosen), downloads.CSV_TYPE, f"{key}-{stamp}.csv")
    description = presenters.describe(request.user, filters, None)
    if fmt == "pdf":
        services.audit_download(request.user, page, filters, fmt, request=request)
        document = report.page_report(request.user, title, filters, published)
        return _attachment(render_pdf(document), PDF_CONTENT_TYPE, f"dashboard-{page}-{stamp}.pdf")
    if fmt == "xlsx":
        services.audit_download(request.user, page, filters, fmt, request=request)
        content = downloads.figures_xlsx(
            f"Safeguarding dashboard: {title}",
            description,
            published,
            notes=presenters.notes(services.suppress_for(request.user)),
        )
        return _attachment(content, downloads.XLSX_TYPE, f"dashboard-{page}-{stamp}.xlsx")
    return None


def overview(request):
    return _page(request, "overview")


def themes(request):
    return _page(request, "themes")


def progress(request):
    return _page(request, "progress")


def completeness(request):
    return _page(request, "completeness")


def dhr(request):
    form = DhrFilterForm(request.GET, user=request.user, regions=services.region_choices())
    values = form.values()
    view = dhr_page.dhr_view(request.user, suppress=services.suppress_for(request.user), **values)
    if request.GET.get("download") in ("csv", "xlsx"):
        fmt = request.GET["download"]
        services.audit_download(request.user, f"dhr/{view.key}", None, fmt, request=request)
        stamp = timezone.localdate().isoformat()
        if fmt == "csv":
            return _attachment(
                downloads.figure_csv(view.counts), downloads.CSV_TYPE, f"dhr-{view.key}-{stamp}.csv"
            )
        content = downloads.figures_xlsx(
            "Domestic homicide reviews (DHRD)", view.title, [view.counts], notes=[view.citation]
        )
        return _attachment(content, downloads.XLSX_TYPE, f"dhr-{view.key}-{stamp}.xlsx")
    query = request.GET.copy()
    query.pop("download", None)
    return render(
        request,
        "dashboard/dhr.jinja",
        {
            "form": form,
            "view": view,
            "page": "dhr",
            "pages": PAGES,
            "query": "",
            "download_query": query.urlencode(),
            "chart": presenters.share_heatmap(view, "figure-dhr"),
            "suppressed": services.suppress_for(request.user),
        },
    )


def _records(request, find, cell_form_class, template, **extra):
    """The records behind a figure's cell: the page's filters and the cell's own. A cell
    value that no figure's link carries is a message on the page (400) and no records."""
    form = FilterForm(request.GET, user=request.user)
    filters = form.filters()
    audit.record_list(request.user, request.path, request, filters.params() | request.GET.dict())
    cell_form = cell_form_class(request.GET)
    cell = cell_form.cell()
    found = find(request.user, filters, cell) if cell_form.is_valid() else None
    # Above the owning organisation a selection of 1 to 4 records is a "<5" cell: it is not
    # listed, whatever link or address asked for it (docs/dashboard-suppression.md).
    too_few = (
        found is not None and services.suppress_for(request.user) and 0 < found.count() < SMALL
    )
    if found is None or too_few:
        found = []
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "filters": filters,
            "form": cell_form,
            "cell": presenters.cell_description(cell),
            "too_few": too_few,
            "query": presenters.query(filters),
            "description": presenters.describe(request.user, filters, form),
            **extra,
        },
        status=400 if cell_form.errors else 200,
    )


def review_records(request):
    return _records(
        request, figures.records_reviews, ReviewCellForm, "dashboard/review_records.jinja"
    )


def action_records(request):
    return _records(
        request,
        figures.records_actions,
        ActionCellForm,
        "dashboard/action_records.jinja",
        today=timezone.localdate(),
    )


def learning_report(request):
    """The "Themes and learning" report: choose the area and period, then download it."""
    form = FilterForm(request.GET, user=request.user)
    filters = form.filters()
    fmt = request.GET.get("download", "")
    if fmt in ("pdf", "xlsx"):
        document = report.themes_and_learning(request.user, filters)
        services.audit_download(request.user, "themes-and-learning", filters, fmt, request=request)
        stamp = timezone.localdate().isoformat()
        if fmt == "pdf":
            content, content_type = render_pdf(document), PDF_CONTENT_TYPE
        else:
            content, content_type = render_xlsx(document), downloads.XLSX_TYPE
        return _attachment(content, content_type, f"themes-and-learning-{stamp}.{fmt}")
    return render(
        request,
        "dashboard/report.jinja",
        {
            "form": form,
            "filters": filters,
            "query": presenters.query(filters),
            "page": "report",
            "pages": PAGES,
            "description": presenters.describe(request.user, filters, form),
        },
    )
