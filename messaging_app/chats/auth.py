"""Sign-up and JWT: `POST /api/auth/register/`, `/api/token/`, `/api/token/refresh/`,
`/api/auth/logout/`."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import (
    TokenBlacklistView,
    TokenObtainPairView,
    TokenRefreshView,
)

from chats import services
from chats.models import User
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


class SingleUseRefreshToken(RefreshToken):
    """A refresh token that is revoked once only. simplejwt checks the blacklist when it
    reads the token, then blacklists it with get_or_create: two requests with the same
    token at once would both pass. The unique blacklist row decides which one wins."""

    def blacklist(self) -> tuple[BlacklistedToken, bool]:  # type: ignore[override]
        try:
            with transaction.atomic():
                entry, created = super().blacklist()  # type: ignore[misc]
        except IntegrityError:  # the other request's row, committed meanwhile
            created = False
        if not created:
            raise TokenError("Token is blacklisted")
        return entry, created


class RotatingRefreshSerializer(TokenRefreshSerializer):
    """A new access token and a new refresh token; the one sent is blacklisted
    (ROTATE_REFRESH_TOKENS, BLACKLIST_AFTER_ROTATION), so reusing it is a 401."""

    token_class = SingleUseRefreshToken

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        """simplejwt looks the token's user up with .get(): a deleted account would be a
        server error. It is a 401, like an inactive one."""
        try:
            return super().validate(attrs)
        except User.DoesNotExist as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error


class RefreshView(TokenRefreshView):
    """A refresh token for a new pair; the refresh token sent can not be used again."""

    serializer_class = RotatingRefreshSerializer


class LogoutSerializer(TokenBlacklistSerializer):
    token_class = SingleUseRefreshToken


class LogoutView(TokenBlacklistView):
    """Sign out: revoke a refresh token, which can no longer be refreshed. The access
    tokens made from it stay valid until they expire (JWT_ACCESS_MINUTES)."""

    serializer_class = LogoutSerializer

    @extend_schema(responses={204: None})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        super().post(request, *args, **kwargs)
        return Response(status=status.HTTP_204_NO_CONTENT)
