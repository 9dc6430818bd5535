from django.db import migrations

DEFAULT_DAYS = (-3, 1, 3)  # three days before the deadline, then one and three days late


def create(apps, schema_editor):
    rule = apps.get_model("reporting", "ReminderRule")
    for days in DEFAULT_DAYS:
        rule.objects.get_or_create(days_from_due=days)


def remove(apps, schema_editor):
    apps.get_model("reporting", "ReminderRule").objects.filter(days_from_due__in=DEFAULT_DAYS).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_reminders")]

    operations = [migrations.RunPython(create, remove)]
