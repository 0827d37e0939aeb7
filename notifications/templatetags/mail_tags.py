from django import template

from notifications.models import Preferences

register = template.Library()


def bouncing(user) -> Preferences | None:
    """The member's preferences when their current address refused our mail for good."""
    if not user.is_authenticated or not user.email:
        return None
    return Preferences.objects.filter(user=user, bounced_address=user.email).first()


@register.inclusion_tag("notifications/_bounce_notice.html")
def bounce_notice(user):
    return {"bounce": bouncing(user)}
