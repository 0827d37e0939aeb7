from django.urls import path, re_path

from accounts import oidc, views

app_name = "accounts"

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/<str:username>/", views.member_detail, name="member"),
    # Under /accounts/ beside allauth's pages; config/urls.py includes these first.
    path("accounts/profile/", views.profile_edit, name="profile"),
    path("accounts/delete/", views.account_delete_confirm, name="delete"),
    path("accounts/watch-list/", views.watch_list_edit, name="watch_list"),
    path("accounts/time-zone/", views.time_zone_answer_view, name="time_zone"),
    # Same address as allauth's page (reverse("account_confirm_email") still works); this one
    # resolves first.
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", views.email_confirm, name="email_confirm"
    ),
    # A provider's answer to a sign-in (accounts/oidc.py): allauth's address, our stricter view.
    re_path(
        r"^accounts/oidc/(?P<provider_id>[^/]+)/login/callback/$",
        oidc.callback,
        name="oidc_callback",
    ),
]
