"""A small OpenID Connect provider for the sign-in tests, run on loopback in a subprocess.

django-oauth-toolkit with its OpenID Connect support (discovery, authorize, token, userinfo,
JWKS), a fresh RSA key and a temporary SQLite database each run, and the people and client
applications the tests describe in a JSON file (tests/accounts/oidc.py starts and stops it).
"""
