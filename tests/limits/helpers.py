"""Settings for tests that take Redis away."""

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "KEY_PREFIX": "pmforum-test",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}
