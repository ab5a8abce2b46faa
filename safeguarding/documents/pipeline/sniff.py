"""Work out what a file really is from its bytes, and refuse it when the name says otherwise.

The extension says what the uploader meant; the first bytes (and, for a ZIP, the names of
its members, read from the central directory without decompressing anything) say what it
is. `check()` returns the kind to read it as: "pdf", "docx", "html" or "text".

Text and HTML are one family: a .txt file is read as text and a .html or .htm file as HTML,
whatever markup it holds, as long as it is text. Only a binary file under a text name, or a
file of another kind under a .pdf or .docx name, is a mismatch.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass

from . import errors

EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
}

_LEGACY = {
    ".doc": "Old-style Word files (.doc) cannot be read: open it in Word and save it as .docx.",
    ".rtf": "Rich Text files cannot be read: open it in Word and save it as .docx.",
    ".odt": "OpenDocument files cannot be read: save it as .docx or PDF.",
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"),
    (b"II*\x00", "an image (TIFF)"),
    (b"MM\x00*", "an image (TIFF)"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a compressed archive (gzip)"),
    (b"7z\xbc\xaf\x27\x1c", "a compressed archive (7-Zip)"),
    (b"Rar!", "a compressed archive (RAR)"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


@dataclass(frozen=True)
class Content:
    """What the bytes are: `kind` is pdf, docx, text or other; `description` reads in a sentence."""

    kind: str
    description: str


def extension_kind(filename: str) -> str:
    """The kind the name promises, or raise unsupported_type."""
    name = display_name(filename)
    ext = os.path.splitext(name)[1].lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if ext in _LEGACY:
        raise errors.unsupported_type(name, _LEGACY[ext])
    raise errors.unsupported_type(name)


def display_name(filename: str) -> str:
    """The base name, without any folder a browser sent, shortened for messages."""
    name = re.split(r"[\\/]", filename or "")[-1].strip() or "The file"
    name = _CONTROL.sub("", name)
    return name if len(name) <= 80 else name[:60] + "…" + name[-15:]


def decode_text(data: bytes) -> str | None:
    """Decode text: a BOM (UTF-8 or UTF-16) wins, then UTF-8, then Windows-1252.

    Returns None for binary data: NUL bytes without a UTF-16 BOM, or more than 1 % control
    characters (other than tab, newline, carriage return, form feed and escape).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:65536]:
        return None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        return None
    return text


def content_of(data: bytes) -> Content:
    """Identify the bytes, without decompressing or parsing more than a ZIP directory."""
    head = data[:1024]
    if b"%PDF-" in head:
        return Content("pdf", "a PDF")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_content(data)
    if data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data:
            return Content("encrypted_office", "a password-protected Office document")
        return Content("other", "an old-style Office document (.doc, .xls or .ppt)")
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            return Content("other", description)
    if decode_text(data) is None:
        return Content("other", "binary data, not text")
    if _HTML.search(data[:4096]):
        return Content("text", "a web page (HTML)")
    return Content("text", "plain text")


def _zip_content(data: bytes) -> Content:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return Content("broken_zip", "a damaged ZIP archive")
    if "word/document.xml" in names:
        return Content("docx", "a Word document (.docx)")
    if "xl/workbook.xml" in names:
        return Content("other", "an Excel workbook")
    if "ppt/presentation.xml" in names:
        return Content("other", "a PowerPoint presentation")
    if "content.xml" in names:
        return Content("other", "an OpenDocument file")
    return Content("other", "a ZIP archive")


def check(data: bytes, filename: str) -> str:
    """Return the kind to read the file as, or raise DocumentError when it cannot be read."""
    expected = extension_kind(filename)
    name = display_name(filename)
    content = content_of(data)
    if expected == "pdf":
        if content.kind == "pdf":
            return "pdf"
        raise errors.type_mismatch(name, content.description)
    if expected == "docx":
        if content.kind == "docx":
            return "docx"
        if content.kind == "encrypted_office":
            raise errors.encrypted_docx()
        if content.kind == "broken_zip":
            raise errors.corrupt("Word document")
        raise errors.type_mismatch(name, content.description)
    if content.kind == "text":
        return expected
    raise errors.type_mismatch(name, content.description)
