from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("forum", "0005_repair_empty_tag_slugs")]

    operations = [
        migrations.AddField(
            model_name="postrevision",
            name="tags",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
