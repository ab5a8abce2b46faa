from django.db import migrations


def seed(apps, schema_editor):
    from safeguarding.themes.services import sync_default_themes

    sync_default_themes(apps.get_model("themes", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
