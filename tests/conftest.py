import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True, scope="session")
def _uploads_in_tmp(tmp_path_factory):
    """Whatever a test uploads (images in posts, the demo's chart) goes to a throwaway folder,
    never into var/media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with no cached counts, so query counts do not depend on test order."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser (behind `admin_client`), with the authenticator app that
    staff must have before the admin opens (accounts/two_factor.py)."""
    from tests.factories import give_two_factor

    give_two_factor(admin_user)
    return admin_user


@pytest.fixture
def member(db):
    from tests.factories import UserFactory

    return UserFactory(display_name="Priya Raman", headline="PMO lead", location="Pune, India")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def redis_relay():
    """A relay to the real-server tests' Redis (tests/scaleout/servers.py), cut at the end."""
    from tests.scaleout.servers import redis_relay_started

    relay = redis_relay_started()
    yield relay
    relay.cut()
