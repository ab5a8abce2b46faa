"""Logging filters."""

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A refused request (4xx) is one warning line: no traceback, the user named.

    Django logs PermissionDenied with the exception attached, which prints a traceback for
    what is an ordinary answer; a 404 from a scope check is just as ordinary."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                record.msg = f"{record.msg} (user {user.pk})"
        return True
