"""Tags named only with symbols ("_", "_-_") were saved with an empty slug, which no URL can
hold: every page listing them failed. Give each such tag a slug of its own."""

from django.db import migrations

# As forum.models.EMPTY_TAG_SLUG; written out so this migration keeps its meaning.
EMPTY_TAG_SLUG = "tag"


def repair_empty_slugs(apps, schema_editor):
    Tag = apps.get_model("forum", "Tag")
    taken = set(Tag.objects.exclude(slug="").values_list("slug", flat=True))
    for tag in Tag.objects.filter(slug="").order_by("pk"):
        slug, suffix = EMPTY_TAG_SLUG, 0
        while slug in taken:
            suffix += 1
            slug = f"{EMPTY_TAG_SLUG}_{suffix}"
        taken.add(slug)
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("forum", "0004_thread_subscriber_count")]

    operations = [migrations.RunPython(repair_empty_slugs, migrations.RunPython.noop)]
