from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "scope",
                    models.CharField(
                        max_length=100, primary_key=True, serialize=False, verbose_name="scope"
                    ),
                ),
                ("number", models.BigIntegerField(default=0, verbose_name="number")),
            ],
            options={
                "verbose_name": "content version",
                "verbose_name_plural": "content versions",
            },
        ),
    ]
