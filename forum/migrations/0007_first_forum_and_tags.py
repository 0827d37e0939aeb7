"""A new site starts with one forum and two tags, so the first question can be asked without
an operator visiting the admin first. Made only where missing: sites that already have them
(or that ran seed_demo, which makes the same ones) keep theirs."""

from django.db import migrations

FIRST_FORUM = {
    "slug": "project-management",
    "name": "Project Management",
    "description": "Planning, scoping, stakeholders and delivery, whether the project is "
    "for your own organisation or for a paying client.",
}
FIRST_TAGS = [
    {
        "slug": "estimating",
        "name": "Estimating",
        "description": "Sizing work, building ranges and contingency, and turning effort into "
        "dates and prices.",
    },
    {
        "slug": "information-technology",
        "name": "Information Technology",
        "description": "Software builds, system rollouts, infrastructure and other IT-heavy "
        "projects.",
    },
]


def add_first_forum_and_tags(apps, schema_editor):
    Forum = apps.get_model("forum", "Forum")
    Tag = apps.get_model("forum", "Tag")
    if not Forum.objects.filter(name=FIRST_FORUM["name"]).exists():
        Forum.objects.get_or_create(slug=FIRST_FORUM["slug"], defaults=FIRST_FORUM)
    for spec in FIRST_TAGS:
        if not Tag.objects.filter(name__iexact=spec["name"]).exists():
            Tag.objects.get_or_create(slug=spec["slug"], defaults=spec)


class Migration(migrations.Migration):
    dependencies = [("forum", "0006_postrevision_tags")]

    operations = [migrations.RunPython(add_first_forum_and_tags, migrations.RunPython.noop)]
