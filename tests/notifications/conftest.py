import pytest

from tests.faults.smtp import mail_server, smtp_settings  # noqa: F401 (fixtures)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a write queues for after commit (tasks run at once with the test backend)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture
def database_task_queue(settings):
    """Tasks go to the database queue, as in production, until a worker takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
