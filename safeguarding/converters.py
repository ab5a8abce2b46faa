"""Path converters. Record ids are at most 18 digits, so a longer number is a 404, not a
database overflow."""

from django.urls import register_converter


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


def register():
    register_converter(RecordIdConverter, "id")
