"""Uploading a report through the page: good files are stored and read; every refusal shows
the pipeline's plain message on the form and leaves nothing behind."""

import io
import zipfile

import pytest
from django.urls import reverse

from safeguarding.audit.models import AuditEvent
from safeguarding.documents.models import Document, DocumentPage
from tests.conftest import sign_in
from tests.documents.conftest import upload
from tests.documents.test_bad_files import _scan_pdf

MB = 1024 * 1024

HTML = b"""<!doctype html><html><head><title>SAR Adult C</title></head><body>
<h1>Safeguarding Adults Review: Adult C</h1>
<h2>Recommendations</h2>
<ol><li>The Board should seek assurance that agencies share information about risk.</li>
<li>The ICB should audit how mental capacity assessments are recorded.</li></ol>
</body></html>"""

TEXT = (
    b"Safeguarding Adults Review: Adult D\n\n# Recommendations\n\n"
    b"Recommendation 1: The Board should review the self-neglect protocol.\n\n"
    b"Recommendation 2: Partners should audit escalation of concerns.\n"
)


def _docx_zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(120):
                member.write(b" " * MB)
    return buffer.getvalue()


def stored_files(location):
    return [p for p in location.rglob("*") if p.is_file()] if location.exists() else []


def test_the_review_page_offers_the_upload_to_editors_only(client, people, review):
    sign_in(client, people["icb_a"])
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert '<h2 id="documents">Documents</h2>' in page
    assert "Upload a report" in page
    sign_in(client, people["region"])
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Documents" in page and "Upload a report" not in page
    assert client.get(reverse("documents:upload", args=[review.pk])).status_code == 403


def test_upload_form(editor, review):
    response = editor.get(reverse("documents:upload", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "up to 20 MB" in page


@pytest.mark.parametrize(
    ("name", "kind", "pages", "drafts"),
    [
        ("review.pdf", "pdf", 5, 5),
        ("review.docx", "docx", 5, 5),
        ("adult-c.html", "html", 1, 2),
        ("adult-d.txt", "text", 1, 2),
    ],
)
def test_upload_each_kind(
    editor,
    review,
    document_storage,
    review_pdf,
    review_docx,
    django_capture_on_commit_callbacks,
    name,
    kind,
    pages,
    drafts,
):
    data = {"pdf": review_pdf, "docx": review_docx, "html": HTML, "text": TEXT}[kind]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(editor, review, name, data)
    # Processing is queued once the upload has committed; search indexing once the document
    # is ready (its own commit), not inside the processing.
    assert [getattr(c, "__qualname__", "") for c in callbacks][1:] == ["_Batch.send"]
    document = Document.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("documents:detail", args=[document.pk])
    assert (document.filename, document.kind, document.size) == (name, kind, len(data))
    assert document.page_count == pages == DocumentPage.objects.filter(document=document).count()
    assert document.uploaded_by.username == "icb-a"
    files = stored_files(document_storage)
    assert len(files) == 1 and files[0].read_bytes() == data
    assert name not in str(files[0])  # stored under a name of our own, not the uploader's
    document.refresh_from_db()
    assert document.status == "ready" and document.progress == 100
    assert document.drafts.count() == drafts
    event = AuditEvent.objects.get(action="create", object_type="document")
    assert event.username == "icb-a"
    assert event.details["sha256"] == document.sha256
    assert event.details["pages"] == pages


def _bad_cases(review_pdf, review_docx, make_pdf):
    return {
        "encrypted": (
            "secret.pdf",
            make_pdf([("p", "Recommendation 1: Keep it safe.")], encrypt="pw"),
            "This PDF is protected by a password. Remove the password and upload it again.",
        ),
        "corrupt": (
            "review.pdf",
            review_pdf[: len(review_pdf) // 2],
            "This PDF is damaged or incomplete and cannot be read.",
        ),
        "empty": ("notes.txt", b"", "This file is empty: it has no text in it."),
        "blank": ("notes.txt", b"  \n\n ", "This file is empty: it has no text in it."),
        "image_only": (
            "scan.pdf",
            _scan_pdf(),
            "This PDF has no text layer: it looks like a scan or photographs of pages.",
        ),
        "zip_bomb": (
            "review.docx",
            _docx_zip_bomb(),
            "This Word document expands to far more data than a report would hold",
        ),
        "type_mismatch": (
            "report.docx",
            review_pdf,
            "The file is called report.docx but its content is a PDF. "
            "Check you chose the right file.",
        ),
        "unsupported": (
            "setup.exe",
            b"MZ\x90\x00",
            "setup.exe is not a type of file this service can read.",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "encrypted",
        "corrupt",
        "empty",
        "blank",
        "image_only",
        "zip_bomb",
        "type_mismatch",
        "unsupported",
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_kept(
    editor,
    review,
    document_storage,
    review_pdf,
    review_docx,
    make_pdf,
    django_capture_on_commit_callbacks,
    case,
):
    name, data, message = _bad_cases(review_pdf, review_docx, make_pdf)[case]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(editor, review, name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page  # the NHS.UK error summary
    assert message in page
    assert 'href="#id_file"' in page
    assert callbacks == []
    assert Document.objects.count() == 0
    assert DocumentPage.objects.count() == 0
    assert stored_files(document_storage) == []
    assert not AuditEvent.objects.filter(object_type="document").exists()


def test_oversized_file_is_a_field_error_not_a_server_error(
    editor, review, document_storage, settings, review_pdf
):
    settings.DOCUMENT_MAX_BYTES = 2048
    assert len(review_pdf) > 2048
    response = upload(editor, review, "review.pdf", review_pdf)
    assert response.status_code == 400
    page = response.content.decode()
    assert "over the 2 KB limit" in page
    assert "up to 2 KB" in page
    assert Document.objects.count() == DocumentPage.objects.count() == 0
    assert stored_files(document_storage) == []


def test_larger_than_djangos_memory_limits_is_still_read(
    editor, review, settings, django_capture_on_commit_callbacks
):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (spooled to a temporary file) and over
    # DATA_UPLOAD_MAX_MEMORY_SIZE: neither turns the upload into a 400.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    data = TEXT + b"\n\n" + b"More text about the review. " * 200
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor, review, "long.txt", data)
    assert response.status_code == 302
    assert Document.objects.get().size == len(data)


def test_no_file_chosen(editor, review):
    response = editor.post(reverse("documents:upload", args=[review.pk]), {})
    assert response.status_code == 400
    assert "Choose the review&#39;s report" in response.content.decode()


def test_read_only_roles_cannot_upload(client, people, review, review_pdf):
    sign_in(client, people["region"])
    assert upload(client, review, "review.pdf", review_pdf).status_code == 403
    assert Document.objects.count() == 0


def test_upload_command(people, review, tmp_path, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    path = tmp_path / "adult-d.txt"
    path.write_bytes(TEXT)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("upload_document", str(review.pk), str(path), user="icb-a", stdout=out)
    document = Document.objects.get(pk=int(out.getvalue()))
    assert document.status == "ready"
    assert document.drafts.count() == 2
