from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory, make_moderator


@pytest.fixture
def moderator(db):
    user = UserFactory(username="mod_maria", display_name="Maria Moderator")
    return make_moderator(user)


@pytest.fixture
def staff(db):
    return UserFactory(username="staff_sam", is_staff=True)


@pytest.fixture
def suspended(db):
    return UserFactory(
        username="suspended_sid",
        suspended_until=timezone.now() + timedelta(days=3),
        suspension_reason="Repeated off-topic advertising",
    )


@pytest.fixture
def seasoned(db):
    """A member past the new-member limits: over a day old with three posts."""
    from tests.factories import make_thread

    user = UserFactory(username="seasoned_sue")
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=30))
    for n in range(3):
        make_thread(
            title=f"Earlier question number {n}",
            author=user,
            created_at=timezone.now() - timedelta(days=3 - n),
        )
    user.refresh_from_db()
    return user
