# chats/middleware.py
import logging
import time
from datetime import datetime

from django.core.cache import cache
from django.http import HttpResponseForbidden, JsonResponse

# Configure logging to requests.log (at import, as the project starts)
logging.basicConfig(
    filename="requests.log",
    level=logging.INFO,
    format="%(message)s",
)


class RequestLoggingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else "Anonymous"
        logging.info(f"{datetime.now()} - User:{user} - Path:{request.path}")
        return self.get_response(request)


class RestrictAccessByTimeMiddleware:
    """Chat allowed from 6AM to 9PM only (denied between 9PM and 6AM)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current_hour = datetime.now().hour
        if current_hour < 6 or current_hour >= 21:
            return HttpResponseForbidden("Access to chats is restricted during these hours.")
        return self.get_response(request)


class OffensiveLanguageMiddleware:
    """5 messages per minute per IP, counted in the cache for the current clock minute."""

    LIMIT = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            ip = self.get_client_ip(request)
            minute = time.strftime("%Y%m%d%H%M", time.gmtime())
            key = f"messages:{ip}:{minute}"
            cache.add(key, 0, timeout=120)
            if cache.incr(key) > self.LIMIT:
                return JsonResponse(
                    {"error": "Message limit exceeded: 5 messages per minute."}, status=429
                )
        return self.get_response(request)

    def get_client_ip(self, request):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if forwarded:
            return forwarded.split(",")[0].strip()
        return request.META.get("REMOTE_ADDR")


class RolepermissionMiddleware:
    """Only admins and moderators may use the moderation pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/moderation/"):
            user = request.user
            role = getattr(user, "role", None)
            if not user.is_authenticated or role not in ("admin", "moderator"):
                return HttpResponseForbidden("You do not have permission to perform this action.")
        return self.get_response(request)
