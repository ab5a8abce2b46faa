"""The keyed chain's scheme column, and the actions for refusals, second factors, anchors.

``scheme`` is nullable with no default, so adding it is a plain ``ADD COLUMN`` on SQLite and
PostgreSQL: no existing row is updated (the append-only triggers would refuse) and the table
is not rebuilt (which on SQLite would drop the triggers). Existing rows keep an empty scheme:
plain SHA-256, still verified as before.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="scheme",
            field=models.CharField(blank=True, max_length=20, null=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("create", "Created"),
                    ("change", "Changed"),
                    ("delete", "Deleted"),
                    ("export", "Exported"),
                    ("import", "Imported"),
                    ("sign_in", "Signed in"),
                    ("sign_in_failed", "Sign-in failed"),
                    ("sign_out", "Signed out"),
                    ("two_factor_failed", "Second factor failed"),
                    ("not_found", "Not found (refused)"),
                    ("anchor", "Chain anchored"),
                ],
                max_length=20,
            ),
        ),
    ]
