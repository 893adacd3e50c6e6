from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenBlacklistSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import Role, User
from accounts.services import SIGN_UP_ROLES, check_password, new_email


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = (
            "user_id",
            "email",
            "first_name",
            "last_name",
            "phone_number",
            "role",
            "created_at",
        )
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer[User]):
    """A new account: a guest, or a host who will list places. Never an admin. It checks
    the API's input with accounts/services.py's sign-up rules; the view then calls
    user_register."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    phone_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    role = serializers.ChoiceField(choices=SIGN_UP_ROLES, default=Role.GUEST)

    def validate_email(self, value: str) -> str:
        try:
            return new_email(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        names = {key: attrs[key] for key in ("email", "first_name", "last_name")}
        try:
            check_password(attrs["password"], **names)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from error
        return attrs


class OneUseRefreshToken(RefreshToken):
    """A refresh token that its first use blacklists. The blacklist row is unique per
    token, so of two requests racing with the same token only one inserts it: the other
    is refused, as a later reuse is."""

    def blacklist(self) -> BlacklistedToken:
        # simplejwt returns get_or_create's (row, created) pair, whatever its hint says.
        blacklisted, created = cast(tuple[BlacklistedToken, bool], super().blacklist())
        if not created:
            raise TokenError("Token is blacklisted")
        return blacklisted


class RefreshSerializer(TokenRefreshSerializer):
    """`POST /api/token/refresh/`: a new access token and a new refresh token; the one
    sent is blacklisted (ROTATE_REFRESH_TOKENS, BLACKLIST_AFTER_ROTATION). The token of a
    deleted or deactivated account is a 401, like an invalid one."""

    token_class = OneUseRefreshToken

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        try:
            return super().validate(attrs)
        except User.DoesNotExist as error:  # simplejwt looks the user up with .get()
            message = self.error_messages["no_active_account"]
            raise AuthenticationFailed(message, "no_active_account") from error


class LogoutSerializer(TokenBlacklistSerializer):
    """`POST /api/auth/logout/`: the refresh token blacklisted, so it refreshes no more."""

    token_class = OneUseRefreshToken
