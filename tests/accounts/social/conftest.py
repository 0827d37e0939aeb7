from tests.accounts.social.provider import (  # noqa: F401 (fixtures)
    browser_for,
    member_browser,
    oidc_provider,
    sign_in_providers,
)
