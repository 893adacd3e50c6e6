"""Sign-up, JWT sign-in, refresh and log-out (config/urls.py includes this under /api/)."""

from django.urls import path
from rest_framework_simplejwt.views import TokenRefreshView

from accounts.views import LogoutView, RegisterView, TokenObtainView

urlpatterns = [
    path("auth/register/", RegisterView.as_view(), name="register"),
    path("auth/logout/", LogoutView.as_view(), name="logout"),
    path("token/", TokenObtainView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
]
