from django.urls import include, path

urlpatterns = [path("", include("chats.urls"))]

# Errors Django answers itself come back as JSON too (chats/errors.py).
handler400 = "chats.errors.bad_request"
handler403 = "chats.errors.forbidden"
handler404 = "chats.errors.not_found"
handler500 = "chats.errors.server_error"
