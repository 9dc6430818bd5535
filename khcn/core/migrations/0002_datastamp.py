from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("core", "DataStamp").objects.using(schema_editor.connection.alias).get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_job")]

    operations = [
        migrations.CreateModel(
            name="DataStamp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "data stamp", "db_table": "core_datastamp"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
