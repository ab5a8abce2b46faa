"""Bad input: each case gets a DocumentError with a clear code and message, never a crash."""

import io
import random
import zipfile

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from safeguarding.documents.pipeline import DocumentError, process
from safeguarding.documents.pipeline.extract import extract

MAX = 10 * 1024 * 1024
MB = 1024 * 1024


def _refused(data, filename, **limits):
    limits.setdefault("max_bytes", MAX)
    with pytest.raises(DocumentError) as caught:
        process(data, filename, **limits)
    return caught.value


def test_encrypted_pdf(make_pdf):
    data = make_pdf([("h1", "Secret"), ("p", "Recommendation 1: Keep it safe.")], encrypt="pw")
    assert b"/Encrypt" in data
    error = _refused(data, "review.pdf")
    assert error.code == "encrypted"
    assert error.message == (
        "This PDF is protected by a password. Remove the password and upload it again."
    )


def test_encrypted_docx_is_recognised_by_its_container():
    # A password-protected .docx is an OLE2 compound file holding an "EncryptedPackage"
    # stream; this is the signature and stream name such a file carries.
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    error = _refused(data + b"\x00" * 1024, "review.docx")
    assert error.code == "encrypted"
    assert "Word document is protected by a password" in error.message


def test_corrupt_pdf_truncated(review_pdf):
    error = _refused(review_pdf[: len(review_pdf) // 2], "review.pdf")
    assert error.code == "corrupt"
    assert error.message.startswith("This PDF is damaged or incomplete and cannot be read.")


def test_corrupt_pdf_garbage_after_the_header():
    error = _refused(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "review.pdf")
    assert error.code == "corrupt"


def test_corrupt_docx(review_docx):
    assert _refused(review_docx[:-200], "review.docx").code == "corrupt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    error = _refused(buffer.getvalue(), "review.docx")
    assert error.code == "corrupt"
    assert "Word document is damaged" in error.message


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"", "review.pdf"), (b"", "review.docx"), (b"", "notes.txt"), (b" \n\t\r\n", "notes.txt")],
)
def test_empty_files(data, filename):
    error = _refused(data, filename)
    assert error.code == "empty"
    assert error.message == "This file is empty: it has no text in it."


def test_empty_docx_and_html(make_docx):
    error = _refused(make_docx([("p", "")]), "blank.docx")
    assert (error.code, error.message) == (
        "empty",
        "This Word document is empty: it has no text in it.",
    )
    assert _refused(b"<html><body><script>x()</script></body></html>", "a.html").code == "empty"


def test_blank_pdf_is_empty_not_image_only():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.showPage()
    pdf.save()
    error = _refused(buffer.getvalue(), "blank.pdf")
    assert (error.code, error.message) == ("empty", "This PDF is empty: it has no text in it.")


def _scan_pdf(pages=2) -> bytes:
    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 16):  # lines of "text" as a scanner would see them
        draw.rectangle([30, y, 370, y + 6], fill=40)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for _ in range(pages):
        pdf.drawImage(ImageReader(image), 50, 100, width=480, height=672)
        pdf.rect(40, 90, 500, 690)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_image_only_pdf():
    data = _scan_pdf()
    error = _refused(data, "scan.pdf")
    assert error.code == "image_only"
    assert error.message == (
        "This PDF has no text layer: it looks like a scan or photographs of pages. "
        "Upload a version with text, or ask for the original document."
    )


def test_pdf_with_some_scanned_pages_is_read_with_a_warning():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Recommendations")
    pdf.drawString(72, 700, "1. Read the scanned appendix.")
    pdf.showPage()
    image = Image.new("L", (100, 100), 128)
    for _ in range(3):
        pdf.drawImage(ImageReader(image), 72, 300, width=300, height=300)
        pdf.showPage()
    pdf.save()
    document = extract(buffer.getvalue(), "mixed.pdf", max_bytes=MAX)
    assert document.warnings == [
        "3 of 4 pages have no text layer (pages 2-4); anything on them was not read."
    ]


def test_oversized(review_pdf):
    error = _refused(review_pdf, "review.pdf", max_bytes=2048)
    assert error.code == "too_large"
    assert "over the 2 KB limit" in error.message


def test_too_many_pages(review_pdf):
    error = _refused(review_pdf, "review.pdf", max_pages=3)
    assert error.code == "too_large"
    assert error.message.startswith("This PDF has 5 pages, which is over the 3 page limit.")


@pytest.fixture(scope="module")
def docx_zip_bomb() -> bytes:
    """A .docx whose word/document.xml is 200 MB of spaces, written in 1 MB chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * MB
            for _ in range(200):
                member.write(chunk)
    return buffer.getvalue()


def test_docx_zip_bomb_is_refused_before_decompressing(docx_zip_bomb):
    assert len(docx_zip_bomb) < 1 * MB
    error = _refused(docx_zip_bomb, "review.docx")
    assert error.code == "zip_bomb"
    assert "expands to far more data than a report would hold" in error.message


def test_docx_over_the_uncompressed_limit(review_docx):
    # an ordinary document, refused only because the limit is set below its size
    error = _refused(review_docx, "review.docx", max_uncompressed=10_000)
    assert error.code == "zip_bomb"


def test_docx_that_is_really_a_pdf(review_pdf):
    error = _refused(review_pdf, "report.docx")
    assert error.code == "type_mismatch"
    assert error.message == (
        "The file is called report.docx but its content is a PDF. Check you chose the right file."
    )


def test_pdf_that_is_really_a_docx(review_docx):
    error = _refused(review_docx, "C:\\Users\\lead\\report.pdf")
    assert error.code == "type_mismatch"
    assert error.message.startswith(
        "The file is called report.pdf but its content is a Word document (.docx)."
    )


def test_program_named_txt():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 8
    error = _refused(exe, "notes.txt")
    assert error.code == "type_mismatch"
    assert error.message == (
        "The file is called notes.txt but its content is a Windows program. "
        "Check you chose the right file."
    )


def test_binary_named_txt():
    noise = random.Random(3).randbytes(4096)
    error = _refused(noise, "notes.txt")
    assert error.code == "type_mismatch"
    assert "its content is binary data, not text" in error.message


@pytest.mark.parametrize(
    ("filename", "hint"),
    [
        ("setup.exe", "Upload a PDF, Word (.docx), web page or text file."),
        ("review.doc", "save it as .docx"),
        ("review", "Upload a PDF"),
    ],
)
def test_unsupported_types(filename, hint):
    error = _refused(b"anything at all", filename)
    assert error.code == "unsupported_type"
    assert hint in error.message


def test_damaged_files_never_raise_anything_else(review_pdf, review_docx):
    """Flip bytes at random in real files: each is read or refused, never a crash."""
    rng = random.Random(7)
    outcomes = set()
    for data, name in ((review_pdf, "r.pdf"), (review_docx, "r.docx")):
        for _ in range(25):
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 40)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            try:
                process(bytes(damaged), name, max_bytes=MAX)
                outcomes.add("read")
            except DocumentError as error:
                outcomes.add(error.code)
    assert outcomes <= {"read", "corrupt", "empty", "image_only", "type_mismatch", "zip_bomb"}
