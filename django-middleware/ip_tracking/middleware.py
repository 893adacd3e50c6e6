"""The IP tracking unit's three middlewares (settings.MIDDLEWARE says where each sits):

IPBlocklistMiddleware             403 for a blocked address, before sessions or users are
                                  loaded: refusing costs no query (the list is cached)
IPLoggingMiddleware               one RequestLog row per request: one INSERT
SensitivePathRateLimitMiddleware  IP_RATE_LIMIT_USER requests per signed-in user, and
                                  IP_RATE_LIMIT_ANONYMOUS per address, every
                                  IP_RATE_LIMIT_WINDOW seconds on IP_RATE_LIMITED_PATHS

Each reads the client's address through ip_tracking.addresses.client_ip.
"""

from __future__ import annotations

from chats.middleware.common import GetResponse, json_error, path_in
from chats.middleware.rate_limit import client_key, limited, whole_number
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ip_tracking import selectors, services
from ip_tracking.addresses import IPAddress, anonymize, client_ip
from ip_tracking.geolocation import geolocate


class IPBlocklistMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_ip(request)
        if address is not None and selectors.is_blocked(address):
            return json_error(403, "requests from this address are blocked")
        return self.get_response(request)


def stored_address(address: IPAddress) -> IPAddress:
    """What is kept of the address: all of it, or its network with IP_ANONYMIZE on."""
    return anonymize(address) if settings.IP_ANONYMIZE else address


class IPLoggingMiddleware:
    """Below AuthenticationMiddleware (and RequestLoggingMiddleware, which has loaded
    request.user already): the user costs no query of its own here."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_ip(request)
        if address is not None:  # a Unix socket's peer has no address to log
            user = getattr(request, "user", None)
            country, city = geolocate(address)  # from the whole address, before anonymizing
            services.request_log_create(
                ip_address=stored_address(address),
                path=request.path,  # never the query string: it may carry a token
                method=request.method or "",
                user_id=user.pk if user is not None and user.is_authenticated else None,
                timestamp=timezone.now(),
                country=country,
                city=city,
            )
        return self.get_response(request)


def rate_limit_bucket(request: HttpRequest) -> tuple[str, int]:
    """(cache key, limit): the signed-in user's own, else the client address's (an IPv6
    client's /64, see chats.middleware.rate_limit.client_key)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"ip-sensitive:user:{user.pk}", settings.IP_RATE_LIMIT_USER
    address = client_key(client_ip(request))
    return f"ip-sensitive:address:{address}", settings.IP_RATE_LIMIT_ANONYMOUS


class SensitivePathRateLimitMiddleware:
    """Any method counts: reading the moderation list or probing /admin/ is what is
    rationed. Past the limit, 429 with Retry-After; cache unreachable, 503 (fail closed):
    chats.middleware.rate_limit.limited, the chat's sliding window."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        for name in ("IP_RATE_LIMIT_USER", "IP_RATE_LIMIT_ANONYMOUS", "IP_RATE_LIMIT_WINDOW"):
            whole_number(name, getattr(settings, name))  # a bad setting fails at startup

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not path_in(request, settings.IP_RATE_LIMITED_PATHS):
            return self.get_response(request)
        key, limit = rate_limit_bucket(request)
        window = settings.IP_RATE_LIMIT_WINDOW
        too_many = f"too many requests to this page: at most {limit} every {window} seconds"
        refusal = limited(key, limit, window, too_many)
        if refusal is not None:
            return refusal
        return self.get_response(request)
