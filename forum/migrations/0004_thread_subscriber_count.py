from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_subscribers(apps, schema_editor):
    """Start the stored counter from the subscriptions that exist."""
    Thread = apps.get_model("forum", "Thread")
    Subscription = apps.get_model("notifications", "Subscription")
    per_thread = (
        Subscription.objects.filter(thread=OuterRef("pk"))
        .values("thread")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Thread.objects.update(subscriber_count=Coalesce(Subquery(per_thread), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_post_hidden_reason_thread_hidden_reason"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="thread",
            name="subscriber_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_subscribers, migrations.RunPython.noop, elidable=True),
    ]
