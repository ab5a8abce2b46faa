"""Errors the pipeline raises for files it cannot read, each with a plain-English message.

Every refusal is a `DocumentError`: `code` is stable (for logs, tests and the upload page's
choice of wording) and `message` is written for the person who uploaded the file. Nothing
is stored when one is raised; the caller shows `message` and asks for another file.
"""

from __future__ import annotations

CODES = (
    "too_large",
    "empty",
    "encrypted",
    "corrupt",
    "image_only",
    "zip_bomb",
    "type_mismatch",
    "unsupported_type",
)


class DocumentError(Exception):
    """A file the pipeline refuses. `code` is one of CODES; `message` is for the uploader."""

    def __init__(self, code: str, message: str):
        if code not in CODES:
            raise ValueError(f"unknown document error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"DocumentError({self.code!r}, {self.message!r})"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        value = n / (1024 * 1024)
        return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def too_large(size: int, limit: int) -> DocumentError:
    return DocumentError(
        "too_large",
        f"This file is {_size(size)}, which is over the {_size(limit)} limit. "
        "Upload a smaller file, for example the report without its appendices.",
    )


def too_many_pages(pages: int, limit: int) -> DocumentError:
    return DocumentError(
        "too_large",
        f"This PDF has {pages:,} pages, which is over the {limit:,} page limit. "
        "Upload the report without its appendices.",
    )


def empty(what: str = "file") -> DocumentError:
    return DocumentError("empty", f"This {what} is empty: it has no text in it.")


def encrypted_pdf() -> DocumentError:
    return DocumentError(
        "encrypted",
        "This PDF is protected by a password. Remove the password and upload it again.",
    )


def encrypted_docx() -> DocumentError:
    return DocumentError(
        "encrypted",
        "This Word document is protected by a password. Remove the password and upload it again.",
    )


def corrupt(what: str) -> DocumentError:
    return DocumentError(
        "corrupt",
        f"This {what} is damaged or incomplete and cannot be read. "
        "Open it on your computer to check it, save a fresh copy and upload that.",
    )


def image_only() -> DocumentError:
    return DocumentError(
        "image_only",
        "This PDF has no text layer: it looks like a scan or photographs of pages. "
        "Upload a version with text, or ask for the original document.",
    )


def zip_bomb() -> DocumentError:
    return DocumentError(
        "zip_bomb",
        "This Word document expands to far more data than a report would hold, "
        "so it has not been opened. Save a fresh copy from Word and upload that.",
    )


def type_mismatch(filename: str, content: str) -> DocumentError:
    return DocumentError(
        "type_mismatch",
        f"The file is called {filename} but its content is {content}. "
        "Check you chose the right file.",
    )


def unsupported_type(filename: str, detail: str = "") -> DocumentError:
    text = f"{filename} is not a type of file this service can read. "
    if detail:
        text += detail + " "
    return DocumentError(
        "unsupported_type", text + "Upload a PDF, Word (.docx), web page or text file."
    )
