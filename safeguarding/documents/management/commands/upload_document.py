"""Upload a report file for a review as a given person, as the upload page does.

    manage.py upload_document REVIEW_ID path/to/report.pdf --user icb-a

The file is read and checked at once (a refusal prints its message and nothing is stored),
then queued for processing: inline when REDIS_URL is unset, otherwise on the Celery queue.
Prints the new document's number.
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from safeguarding.accounts.models import User
from safeguarding.documents import services
from safeguarding.documents.pipeline import DocumentError
from safeguarding.reviews.services import NotAllowed


class Command(BaseCommand):
    help = "Upload a report file for a review, as the named person."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="username of the person uploading")

    def handle(self, *args, review_id, path, user, **options):
        person = User.objects.filter(username__iexact=user, is_active=True).first()
        if person is None:
            raise CommandError(f"No active person with the username {user!r}")
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"No file at {path}")
        with file_path.open("rb") as handle:
            try:
                document = services.upload_document(
                    person, review_id, File(handle, name=file_path.name)
                )
            except DocumentError as error:
                raise CommandError(error.message) from None
            except Http404:
                raise CommandError(f"{user} cannot see review {review_id}") from None
            except NotAllowed as error:
                raise CommandError(str(error)) from None
        self.stdout.write(str(document.pk))
