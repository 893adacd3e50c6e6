from __future__ import annotations

from config.cache import ScopedRateThrottle
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt.views import TokenBlacklistView, TokenObtainPairView

from accounts.serializers import RegisterSerializer, UserSerializer
from accounts.services import user_register


class RegisterView(generics.GenericAPIView[object]):
    """`POST /api/auth/register/`: the serializer checks the input, user_register writes;
    then a token pair from `/api/token/`."""

    permission_classes = (permissions.AllowAny,)
    authentication_classes = ()
    serializer_class = RegisterSerializer
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"

    @extend_schema(responses={201: UserSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_register(**serializer.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenObtainView(TokenObtainPairView):
    """`POST /api/token/`: a JWT pair; tries per client are limited (password guessing)."""

    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"


class LogoutView(TokenBlacklistView):
    """`POST /api/auth/logout/` {"refresh": ...}: the refresh token revoked (blacklisted),
    so it gets no new access token; an already revoked or invalid one is a 401. The
    access tokens already issued expire on their own (JWT_ACCESS_MINUTES)."""
