"""How static files are stored for production: hashed names, compressed copies."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, which also rewrites the relative imports between the ES modules in
    static/js to their hashed names: a page's module and the modules it imports always come
    from the same release, and all of them may be cached for good."""

    support_js_module_import_aggregation = True
