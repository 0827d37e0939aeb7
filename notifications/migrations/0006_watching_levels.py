"""Watching levels: a thread's Subscription gets a level (Watching, Tracking, Muted; no row is
Normal) in place of its e-mail switch, and a TagFollow gets one (Watching first post, Watching,
Muted). Subscriptions that were e-mailed become Watching, those that were not become Tracking
(notices in the site only); tag follows, which told of new questions, become Watching first
post. Going back turns Watching into e-mail on, Tracking into e-mail off, and drops what the
old schema cannot say (muted threads and tags; a watched tag becomes a plain follow)."""

from django.db import migrations, models


def email_to_level(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    Subscription.objects.filter(email=True).update(level="watching")
    Subscription.objects.filter(email=False).update(level="tracking")


def level_to_email(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    TagFollow = apps.get_model("notifications", "TagFollow")
    # Muted rows never counted as subscribers, so the thread counters stay right.
    Subscription.objects.filter(level="muted").delete()
    Subscription.objects.filter(level="tracking").update(email=False)
    Subscription.objects.exclude(level="tracking").update(email=True)
    TagFollow.objects.filter(level="muted").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_notice_kinds_outcomes_and_mentions"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="level",
            field=models.CharField(
                choices=[
                    ("watching", "Watching"),
                    ("tracking", "Tracking"),
                    ("normal", "Normal"),
                    ("muted", "Muted"),
                ],
                default="watching",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="tagfollow",
            name="level",
            field=models.CharField(
                choices=[
                    ("first_post", "Watching first post"),
                    ("watching", "Watching"),
                    ("normal", "Normal"),
                    ("muted", "Muted"),
                ],
                default="first_post",
                max_length=10,
            ),
        ),
        migrations.RunPython(email_to_level, level_to_email),
        migrations.RemoveField(model_name="subscription", name="email"),
        migrations.AlterField(
            model_name="emaildelivery",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reply", "Reply"),
                    ("question", "New question"),
                    ("digest", "Daily digest"),
                    ("mention", "Mention"),
                    ("quote", "Reply to your post"),
                    ("prompt", "Outcome reminder"),
                ],
                default="reply",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reply", "New reply"),
                    ("question", "New question with a tag you follow"),
                    ("mention", "Mentioned you"),
                    ("quote", "Replied to your post"),
                    ("outcome", "Outcome posted"),
                    ("prompt", "How did it go?"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddIndex(
            model_name="subscription",
            index=models.Index(
                condition=models.Q(("level", "muted")), fields=["user"], name="subscription_muted"
            ),
        ),
        migrations.AddIndex(
            model_name="tagfollow",
            index=models.Index(
                condition=models.Q(("level", "muted")), fields=["user"], name="tag_follow_muted"
            ),
        ),
    ]
