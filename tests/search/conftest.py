from functools import partial

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the services queue for after their transaction
    commits (the search index among it) when the block ends, as a real commit would."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def search(client):
    """GET /search/ with these parameters."""

    def get(q: str = "", **params):
        return client.get("/search/", {"q": q, **params})

    return get
