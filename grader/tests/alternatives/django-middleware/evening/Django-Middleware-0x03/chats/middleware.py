from collections import defaultdict, deque
from datetime import datetime, time

from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone


class RequestLoggingMiddleware:
    """Appends `<time> - User: <user> - Path: <path>` to requests.log next to manage.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user.username if request.user.is_authenticated else "AnonymousUser"
        with open("requests.log", "a", encoding="utf-8") as log_file:
            log_file.write(f"{datetime.now()} - User: {user} - Path: {request.path}\n")
        return self.get_response(request)


class RestrictAccessByTimeMiddleware:
    """The chat opens at 6 PM and closes at 9 PM (9 PM itself still allowed)."""

    OPENS = time(18, 0)
    CLOSES = time(21, 0)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.localtime().time()
        if not (self.OPENS <= now <= self.CLOSES):
            return HttpResponseForbidden("The chat is open between 6PM and 9PM.")
        return self.get_response(request)


class OffensiveLanguageMiddleware:
    """Sliding window of the last 60 seconds per IP, kept in memory."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.sent = defaultdict(deque)

    def __call__(self, request):
        if request.method == "POST" and "messages" in request.path:
            ip = request.META.get("REMOTE_ADDR", "")
            now = timezone.now()
            history = self.sent[ip]
            while history and (now - history[0]).total_seconds() >= 60:
                history.popleft()
            if len(history) >= 5:
                return HttpResponseForbidden("You can only send 5 messages per minute.")
            history.append(now)
        return self.get_response(request)


class RolepermissionMiddleware:
    """Every signed-in user must be an admin (a superuser) or a moderator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            is_admin = user.is_superuser
            is_moderator = user.groups.filter(name="moderator").exists()
            if not (is_admin or is_moderator):
                return HttpResponse("Forbidden: admins and moderators only.", status=403)
        return self.get_response(request)
