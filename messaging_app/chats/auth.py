"""Sign-up and JWT: `POST /api/auth/register/`, `/api/token/`, `/api/token/refresh/`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.views import TokenObtainPairView

from chats import services
from chats.serializers import RegisterSerializer, UserSerializer


class RegisterView(generics.GenericAPIView[object]):
    """Create an account; then obtain a token pair at /api/token/ with the same e-mail."""

    permission_classes = (permissions.AllowAny,)
    authentication_classes = ()
    serializer_class = RegisterSerializer
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"

    @extend_schema(responses={201: UserSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class EmailTokenObtainPairSerializer(TokenObtainPairSerializer):
    """An access and a refresh token for an e-mail and password."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        """The e-mail as sign-up stored it (trimmed, lower case), so that signing in does
        not depend on the database's collation: SQLite compares case-sensitively, MySQL
        does not. simplejwt then checks the password and makes the pair (401 if wrong)."""
        email = str(attrs[self.username_field]).strip().lower()
        return super().validate({**attrs, self.username_field: email})


class TokenObtainView(TokenObtainPairView):
    """A token pair for an e-mail and password; tries per client are limited (password
    guessing), counted in the shared cache."""

    serializer_class = EmailTokenObtainPairSerializer
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"
