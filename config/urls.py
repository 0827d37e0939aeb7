from django.contrib import admin
from django.urls import include, path, re_path

from accounts.views import avatar_file
from config.observability import metrics
from forum.image_views import post_image_file
from forum.views import healthz
from jobs.views import ready

urlpatterns = [
    # Before the forum's URLs: /threads/<id>/subscribe/ must not be read as a thread slug.
    path("", include("notifications.urls")),
    path("", include("moderation.urls")),
    path("", include("forum.urls")),
    path("", include("accounts.urls")),
    path("", include("search.urls")),
    path("", include("writing.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", ready, name="healthz_ready"),
    # Prometheus metrics, behind METRICS_TOKEN (a 404 when no token is set).
    path("metrics", metrics, name="metrics"),
]

# A database outage answers 503 with Retry-After; any other failure the usual 500 page.
handler500 = "config.errors.server_error"

# Uploads (avatars, images in posts) are re-encoded images, served with nosniff like every
# response. A front proxy may serve MEDIA_ROOT itself instead; see docs/deploy.md.
urlpatterns += [
    re_path(r"^media/(?P<path>avatars/[\w-]+\.webp)$", avatar_file, name="media"),
    re_path(
        r"^media/(?P<path>post-images/[\w-]+\.(?:png|jpg|webp))$",
        post_image_file,
        name="post_image",
    ),
]
