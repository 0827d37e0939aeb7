import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with no cached counts, so query counts do not depend on test order."""
    cache.clear()
    yield
    cache.clear()


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
