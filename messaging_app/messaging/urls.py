"""The unit's views under /api/direct/.

Only the routes whose view messaging/views.py defines: the program names delete_user
alone, so another implementation of that file (graded with --against) keeps the rest of
the project's URLs working instead of failing to import."""

from django.urls import path

from messaging import views

ROUTES = (
    ("account/", "delete_user"),
    ("messages/<int:message_id>/thread/", "threaded_conversation"),
    ("inbox/unread/", "unread_inbox"),
    ("conversations/<uuid:user_id>/", "conversation"),
)

urlpatterns = [
    path(route, getattr(views, name), name=name)
    for route, name in ROUTES
    if callable(getattr(views, name, None))
]
