"""The day/month/year date field: anything a person can type gets a field message."""

import pytest
from django import forms

from safeguarding.fields import DateField


class _Form(forms.Form):
    when = DateField(label="Date from", required=False)


@pytest.mark.parametrize(
    "day,month,year",
    [
        ("1", "2147483648", "2026"),
        ("99999999999999999999", "1", "2026"),
        ("1", "1", "9999"),
        ("31", "2", "2026"),
        ("²", "1", "2026"),
    ],
)
def test_out_of_range_parts_are_a_field_error_not_a_crash(day, month, year):
    form = _Form({"when[day]": day, "when[month]": month, "when[year]": year})
    valid = form.is_valid()
    if not valid:
        assert "when" in form.errors


def test_month_of_two_to_the_31_is_refused_with_a_message():
    form = _Form({"when[day]": "1", "when[month]": "2147483648", "when[year]": "2026"})
    assert not form.is_valid()
    assert form.errors["when"] == ["The date from must be a real date"]
