import logging
from datetime import datetime

from django.http import HttpResponseForbidden

logger = logging.getLogger("request_logger")
handler = logging.FileHandler("requests.log")
handler.setFormatter(logging.Formatter("%(message)s"))
logger.addHandler(handler)
logger.setLevel(logging.INFO)


class RequestLoggingMiddleware:
    """Bug: the path is left out of the line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        logger.info(f"{datetime.now()} - User: {request.user}")
        return self.get_response(request)


class RestrictAccessByTimeMiddleware:
    """Bug: office hours, 9AM to 6PM, instead of the program's hours."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hour = datetime.now().hour
        if hour < 9 or hour >= 18:
            return HttpResponseForbidden("Closed outside 9AM to 6PM.")
        return self.get_response(request)


class OffensiveLanguageMiddleware:
    """Bug: every request is counted, GETs included."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.requests = {}

    def __call__(self, request):
        ip = request.META.get("REMOTE_ADDR")
        now = datetime.now()
        recent = [t for t in self.requests.get(ip, []) if (now - t).total_seconds() < 60]
        if len(recent) >= 5:
            return HttpResponseForbidden("Too many messages.")
        recent.append(now)
        self.requests[ip] = recent
        return self.get_response(request)


class RolepermissionMiddleware:
    """Bug: only admins pass; moderators are refused too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        role = getattr(request.user, "role", None)
        if request.path.startswith("/api/moderation/") and role != "admin":
            return HttpResponseForbidden("Admins only.")
        return self.get_response(request)
