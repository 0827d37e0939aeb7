from django import template

from accounts.two_factor import needs_two_factor

register = template.Library()


@register.filter
def must_set_up_two_factor(user) -> bool:
    """Whether the member moderates and has no authenticator yet (while the rule is on)."""
    return needs_two_factor(user)


@register.filter
def in_groups_of_four(secret: str) -> str:
    """A key to type, as "ABCD EFGH ...": easier to read out and to check."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
