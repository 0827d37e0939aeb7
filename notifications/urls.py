from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("threads/<int:thread_id>/subscribe/", views.subscribe, name="subscribe"),
    path("threads/<int:thread_id>/unsubscribe/", views.unsubscribe, name="unsubscribe_thread"),
    path("threads/<int:thread_id>/watch/", views.watch_thread, name="watch_thread"),
    path("tags/<str:slug>/watch/", views.watch_tag, name="watch_tag"),
    path("tags/<str:slug>/follow/", views.follow_tag, name="follow_tag"),
    path("tags/<str:slug>/unfollow/", views.unfollow_tag, name="unfollow_tag"),
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.notifications_read, name="read"),
    path("subscriptions/", views.subscription_list, name="subscriptions"),
    path("unsubscribe/<str:token>/", views.unsubscribe_by_token, name="unsubscribe"),
]
