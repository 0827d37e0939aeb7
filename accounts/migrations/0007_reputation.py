import accounts.models
import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_accepted_answers(apps, schema_editor):
    """Each member's accepted answers as the services count them (forum.models
    Thread.answer_credit, ThreadQuerySet.credited_answers): answers everyone can read, in a
    thread that shows, accepted by someone other than their author."""
    User = apps.get_model("accounts", "User")
    Thread = apps.get_model("forum", "Thread")
    credited = (
        Thread.objects.filter(
            accepted_post__author=OuterRef("pk"),
            is_hidden=False,
            accepted_post__is_hidden=False,
            accepted_post__is_deleted=False,
        )
        .exclude(author=F("accepted_post__author"))
        .order_by()
        .values("accepted_post__author")
        .annotate(total=Count("pk"))
        .values("total")
    )
    # Only the authors of accepted answers: everyone else starts at the column's 0.
    authors = Thread.objects.filter(accepted_post__isnull=False).values("accepted_post__author")
    User.objects.filter(pk__in=authors).update(accepted_count=Coalesce(Subquery(credited), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_confidential_watch_list"),
        ("forum", "0003_post_hidden_reason_thread_hidden_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="accepted_count",
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                condition=models.Q(("is_active", True)),
                fields=["-accepted_count", "-id"],
                name="member_accepted",
            ),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                django.db.models.functions.text.Lower(
                    django.db.models.functions.comparison.Coalesce(
                        accounts.models.BlankAsNull("display_name"), "username"
                    )
                ),
                models.F("id"),
                condition=models.Q(("is_active", True)),
                name="member_name",
            ),
        ),
        migrations.RunPython(count_accepted_answers, migrations.RunPython.noop),
    ]
