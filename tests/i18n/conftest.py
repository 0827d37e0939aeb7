import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from tests.i18n.catalogues import PSEUDO_LANGUAGE, run_makemessages, write_pseudo_catalogue


@pytest.fixture(scope="session")
def makemessages_run(tmp_path_factory):
    """One makemessages run per test session, over a copy of the project: (.po, stderr)."""
    return run_makemessages(tmp_path_factory.mktemp("makemessages"))


@pytest.fixture(scope="session")
def pseudo_locale_dir(tmp_path_factory, makemessages_run):
    """A locale directory holding the compiled pseudo-locale catalogue."""
    locale_dir = tmp_path_factory.mktemp("pseudo-locale")
    write_pseudo_catalogue(makemessages_run[0], locale_dir)
    return locale_dir


@pytest.fixture
def pseudo_locale(pseudo_locale_dir):
    """The site with a second language, the pseudo-locale, as a visitor's browser asks."""
    middleware = list(settings.MIDDLEWARE)
    if "django.middleware.locale.LocaleMiddleware" not in middleware:
        middleware.insert(
            middleware.index("config.replica.ReplicaReadsMiddleware"),
            "django.middleware.locale.LocaleMiddleware",
        )
    with override_settings(
        LANGUAGES=[*settings.LANGUAGES, (PSEUDO_LANGUAGE, "Pseudo")],
        LOCALE_PATHS=[pseudo_locale_dir, *settings.LOCALE_PATHS],
        MIDDLEWARE=middleware,
    ):
        yield
    translation.activate(settings.LANGUAGE_CODE)
