"""The account services keep files and rows in step, even when a write fails."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from accounts.avatars import avatar_from_upload
from accounts.models import User
from accounts.services import profile_update
from tests.accounts.helpers import image_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def picture():
    return avatar_from_upload(SimpleUploadedFile("a.png", image_file()))


def test_a_failed_profile_save_leaves_no_stray_file_and_keeps_the_old_avatar():
    member = UserFactory(display_name="Before")
    profile_update(
        user=member, display_name="Before", headline="", location="", bio="", avatar=picture()
    )
    old = member.avatar.name

    with (
        mock.patch.object(User, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        profile_update(
            user=member, display_name="After", headline="", location="", bio="", avatar=picture()
        )

    assert default_storage.listdir("avatars")[1] == [old.removeprefix("avatars/")]
    stored = User.objects.get(pk=member.pk)
    assert stored.avatar.name == old and stored.display_name == "Before"
