"""The capstone under load: requests per second and p50/p99 latency of the listing list
(page 20) cold and cached, of an availability search and of booking creation; then of
booking creation with a slow mail server, the e-mail sent by a Celery worker or inline.

    cd travel_app && python bench.py [--smoke]
    DATABASE_URL=mysql://root@127.0.0.1:3306/travel_app REDIS_URL=redis://127.0.0.1:6379/0 \\
        CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672/ python bench.py
    make bench MODULE=travel_app            (from the repository root)

Services when their variables are set, cleaned up at the end: a database of the run's own
beside DATABASE_URL's (`<name>_bench`), else a SQLite file; REDIS_URL's Redis, else local
memory (per process: every server is one gunicorn worker of CLIENTS threads);
CELERY_BROKER_URL's broker, else memory://. Seeded: LISTINGS listings, STAYS bookings each
up to about a year ahead. CLIENTS keep-alive clients, in alternating rounds:

    cold      GET /api/v1/listings/?page=20&miss=<n>, n new for every request (see cold())
    cached    GET /api/v1/listings/?page=20, the same URL every time
    search    GET /api/v1/listings/?check_in=...&check_out=..., dates new for every request
    booking   POST /api/v1/bookings/, a free night (apart: a booking drops the cached pages)
    celery    the same, with a mail server that takes EMAIL_DELAY_S a message
              (fakes/smtp.py): as deployed, a Celery worker (a thread) sends the e-mail
    inline    the same, but the e-mail task runs in the request, before the answer

An answer other than 200 (201 for a booking) is failed. On stderr: a missed goal
(cached/cold at least GOAL, inline/celery at least EMAIL_GOAL, a celery p50 under
EMAIL_GOAL_MS) and the exception of each server error the servers logged. The last line
is `RESULT cold_rps=... cached_rps=... search_rps=... booking_rps=... celery_rps=...
inline_rps=... cached_over_cold=... failed=... cold_p99_ms=... cached_p99_ms=...
search_p99_ms=... booking_p99_ms=... celery_p99_ms=... inline_p99_ms=... celery_p50_ms=...
inline_p50_ms=... inline_over_celery=...` (the ratio of the p50s).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import secrets
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from bench_support import (
    PRODUCTION_ON_LOOPBACK,
    Measured,
    Request,
    Scenario,
    gunicorn,
    measure,
    result_line,
    short_of_goal,
    sized,
    table,
)

FOLDER = Path(__file__).resolve().parent
PREFIX = "BENCH_PREFIX"  # the run's cache keys, read by configure()
QUEUE = "BENCH_QUEUE"  # the server's Celery queue, read by configure()
EMAIL = "BENCH_EMAIL"  # one of MODES, read by application()
MODES = ("celery", "inline")
LISTINGS = sized(10_000, 500)  # page 20 needs 381
STAYS = 10  # seeded bookings per listing
HOSTS, GUESTS = LISTINGS // 100, LISTINGS // 10
BATCH = 2_000
PAGE = 20
SEARCH_DAYS, SEARCH_NIGHTS = 365, 30  # searches: check-in within a year, 1 to 30 nights
CLIENTS = 8
ROUNDS = sized(6, 1)
BOOKING_ROUNDS = EMAIL_ROUNDS = sized(3, 1)
ROUND_S = sized(2.0, 0.2)
WARM_UP_S = sized(1.0, 0.1)  # per scenario
GOAL = 10.0
EMAIL_DELAY_S = sized(1.0, 0.1)  # the mail server's time to accept one message
EMAIL_FIRST_DAY = 40  # the e-mail servers book nights from free_from + this many days
EMAIL_GOAL_MS = 100.0  # celery p50 under this
EMAIL_GOAL = 10.0  # inline p50 at least this many times celery's
SEED = 20260101
LABELS = {
    "cold": f"listings page {PAGE}, cold (a new URL each time)",
    "cached": f"listings page {PAGE}, cached (the same URL)",
    "search": "availability search (new dates each time)",
    "booking": f"booking creation ({CLIENTS} guests, free nights)",
    "celery": "booking, e-mail through Celery (a worker)",
    "inline": "booking, e-mail sent inline (in the request)",
}
EXCEPTION = re.compile(r"[\w.]+(Error|Exception)\b")  # a traceback's last line


@dataclass(frozen=True)
class Fixture:
    """What the clients need from the seeded database."""

    listings: tuple[str, ...]
    tokens: tuple[str, ...]  # one guest per client
    today: date
    free_from: date  # no seeded booking ends after it


# --- inside the server ----------------------------------------------------------------


def configure() -> None:
    """Before Django starts: the settings module as it is, but for these values."""
    from django.conf import settings

    # Persistent connections: reconnecting on every request would measure the connection.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 600
    settings.CACHES["default"]["KEY_PREFIX"] = os.environ[PREFIX]
    settings.CELERY_TASK_DEFAULT_QUEUE = os.environ[QUEUE]
    # A server error's traceback in the server's output (with DEBUG off, Django only mails
    # it to ADMINS, of which there are none), so that the bench can say what failed.
    request = {"handlers": ["console"], "level": "ERROR"}
    settings.LOGGING["loggers"] = {**settings.LOGGING["loggers"], "django.request": request}


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    configure()
    from django.core.wsgi import get_wsgi_application

    wsgi = get_wsgi_application()
    from config.celery import app, start_worker_thread

    if os.environ.get(EMAIL) == "celery":
        start_worker_thread()
    elif os.environ.get(EMAIL) == "inline":
        # The outbox hands its message over with send_task, which CELERY_TASK_ALWAYS_EAGER
        # does not reach: the task runs here instead, on commit, before the answer.
        app.loader.import_default_modules()  # the tasks, as a worker finds them
        app.send_task = lambda name, args=(), **options: app.tasks[name].apply(args=args)
    return wsgi


# --- the services ---------------------------------------------------------------------


def bench_environment(database: str, prefix: str) -> dict[str, str]:
    """Production settings on loopback, the bench's database, the run's keys and queue."""
    environment = {key: value for key, value in os.environ.items() if key != "POSTGRES_URL"}
    environment.update(
        PRODUCTION_ON_LOOPBACK,
        DATABASE_URL=database,
        JWT_ACCESS_MINUTES="600",
        # 20 a minute per guest would stop the booking clients within a second: what is
        # measured is the booking, not the throttle refusing it (the throttle still runs).
        BOOKING_THROTTLE_RATE="1000000/minute",
        **{PREFIX: prefix, QUEUE: prefix},
    )
    return environment


@contextmanager
def bench_database(url: str | None, folder: Path) -> Iterator[str]:
    """The URL of an empty database of the bench's own, dropped at the end: beside
    DATABASE_URL's on its MariaDB/MySQL server (never that one), else a SQLite file."""
    if not url:
        print("database: SQLite, a temporary file")
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    parts = urlsplit(url)
    name = unquote(parts.path.strip("/"))
    if parts.scheme != "mysql" or not re.fullmatch(r"\w+", name):
        raise SystemExit(f"bench: DATABASE_URL must be mysql://user@host:port/name, got {url!r}")
    bench = name if name.endswith("_bench") else f"{name}_bench"
    drop = f"DROP DATABASE IF EXISTS `{bench}`"
    mysql(parts, drop, f"CREATE DATABASE `{bench}` CHARACTER SET utf8mb4")
    print(f"database: {bench} on DATABASE_URL's server")
    try:
        yield urlunsplit(parts._replace(path=f"/{bench}"))
    finally:
        if "django.db" in sys.modules:  # this process's connection would hold the drop up
            from django.db import connections

            connections.close_all()
        mysql(parts, drop)
        print(f"dropped the bench's database {bench}")


def mysql(server: SplitResult, *statements: str) -> None:
    import MySQLdb

    user, password = unquote(server.username or "root"), unquote(server.password or "")
    host, port = server.hostname or "127.0.0.1", server.port or 3306
    connection = MySQLdb.connect(host=host, port=port, user=user, password=password)
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


@contextmanager
def bench_keys_and_queues(redis: str | None, broker: str | None, prefix: str) -> Iterator[None]:
    """At the end, the run's keys deleted from REDIS_URL's Redis, and its queues from
    CELERY_BROKER_URL's broker with the messages no worker took: `prefix`, and
    `prefix`-email for the e-mail servers (so that the celery worker takes no booking of
    the first server)."""
    queues = (prefix, f"{prefix}-email")
    named = " and ".join(queues)
    broker = None if broker and broker.startswith("memory://") else broker
    print(f"cache: {f'REDIS_URL, keys under {prefix}:' if redis else 'local memory'}")
    print(f"broker: {f'CELERY_BROKER_URL, queues {named}' if broker else 'memory://'}")
    try:
        yield
    finally:
        if redis:
            from redis import Redis

            with Redis.from_url(redis) as client:
                keys = list(client.scan_iter(match=f"{prefix}:*", count=1_000))
                if keys:
                    client.delete(*keys)
            print(f"deleted the bench's {len(keys):,} keys from REDIS_URL's Redis")
        if broker:
            from kombu import Connection

            with Connection(broker, connect_timeout=10) as connection:
                for name in queues:
                    connection.default_channel.queue_delete(name)
                    connection.default_channel.exchange_delete(name)
            print(f"deleted the bench's queues {named} from CELERY_BROKER_URL's broker")


# --- the data -------------------------------------------------------------------------


def prepare_database() -> Fixture:
    """Migrate the bench's database and seed it (in this process)."""
    import django

    configure()
    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    call_command("migrate", verbosity=0)
    rng, today = random.Random(SEED), timezone.localdate()
    with transaction.atomic():
        hosts, guests, clients = seed_users()
        listings = seed_listings(rng, hosts)
        free_from = seed_bookings(rng, listings, guests, today)
    print(f"seeded {LISTINGS:,} listings, {LISTINGS * STAYS:,} bookings", flush=True)
    tokens = tuple(str(AccessToken.for_user(user)) for user in clients)
    return Fixture(tuple(str(listing.pk) for listing in listings), tokens, today, free_from)


def seed_users() -> tuple[list[Any], list[Any], list[Any]]:
    """Hosts, guests who made the seeded bookings, and one guest per client."""
    from accounts.models import Role, User
    from django.contrib.auth.hashers import make_password

    password = make_password(None)  # unusable: the bench signs tokens directly

    def user(role: str, number: int) -> Any:
        email, name = f"{role}{number}@bench.example", f"{role.title()}{number}"
        return User(email=email, first_name=name, last_name="Bench", role=role, password=password)

    hosts = [user(Role.HOST, number) for number in range(HOSTS)]
    guests = [user(Role.GUEST, number) for number in range(GUESTS + CLIENTS)]
    User.objects.bulk_create(hosts + guests, batch_size=BATCH)
    return hosts, guests[:GUESTS], guests[GUESTS:]


def seed_listings(rng: random.Random, hosts: list[Any]) -> list[Any]:
    """LISTINGS listings in a few cities, created at random times over the past year."""
    from django.utils import timezone
    from listings.models import Listing

    cities = ("Addis Ababa", "Nairobi", "Lisbon", "Kyoto", "Cape Town", "Oaxaca", "Tbilisi")
    now = timezone.now()
    listings = []
    for number in range(LISTINGS):
        city, guests = rng.choice(cities), rng.randint(1, 8)
        listings.append(
            Listing(
                host_id=hosts[number % len(hosts)].pk,
                title=f"Place {number} in {city} for {guests}",
                description=f"A place in {city}, {guests} guests at most. " * 3,
                location=city,
                price_per_night=Decimal(rng.randrange(3_000, 40_000)) / 100,
                max_guests=guests,
                amenities=sorted(rng.sample(("wifi", "kitchen", "pool", "washer", "desk"), 3)),
                created_at=now - timedelta(seconds=rng.uniform(0, 365 * 86_400)),
            )
        )
    # auto_now_add would stamp every listing with the same now(): bulk inserts run it too.
    created_at = Listing._meta.get_field("created_at")
    created_at.auto_now_add = False  # type: ignore[attr-defined]
    try:
        return Listing.objects.bulk_create(listings, batch_size=BATCH)
    finally:
        created_at.auto_now_add = True  # type: ignore[attr-defined]


def seed_bookings(rng: random.Random, listings: list[Any], guests: list[Any], today: date) -> date:
    """STAYS bookings a listing, one after the other from 30 to 60 days ago: 1 to 10
    nights, 0 to 30 free days between; past ones mostly confirmed, later ones pending or
    confirmed, some canceled. The day after the last one ends."""
    from bookings.models import Booking, Status

    statuses = (Status.PENDING, Status.CONFIRMED, Status.CANCELED)
    bookings = []
    for listing in listings:
        day = today - timedelta(days=rng.randint(30, 60))
        for _ in range(STAYS):
            day += timedelta(days=rng.randint(0, 30))
            nights = rng.randint(1, 10)
            end = day + timedelta(days=nights)
            status = rng.choices(statuses, (0, 9, 1) if end <= today else (9, 9, 2))[0]
            bookings.append(
                Booking(
                    listing_id=listing.pk,
                    guest_id=rng.choice(guests).pk,
                    start_date=day,
                    end_date=end,
                    guests=rng.randint(1, listing.max_guests),
                    total_price=listing.price_per_night * nights,
                    status=status,
                )
            )
            day = end
    Booking.objects.bulk_create(bookings, batch_size=BATCH)
    return max(booking.end_date for booking in bookings) + timedelta(days=1)


# --- the requests ---------------------------------------------------------------------


def list_scenarios(port: int, fixture: Fixture) -> list[Scenario]:
    # itertools.count: next() is atomic under the GIL, so no two clients share a number.
    misses, searches = itertools.count(), itertools.count()

    def cold(client: int, number: int) -> Request:
        """Page PAGE on a URL no request used before: a page's cache key is its URL, so
        the server misses, counts, queries, serializes and stores the page, as the first
        visitor after any write does. No filter or paginator reads `miss`. (Bumping the
        generation instead would be a write a request; DummyCache would skip the cache's
        own round trips.)"""
        return "GET", f"/api/v1/listings/?page={PAGE}&miss={next(misses)}", None, {}

    def cached(client: int, number: int) -> Request:
        return "GET", f"/api/v1/listings/?page={PAGE}", None, {}

    def search(client: int, number: int) -> Request:
        """The listings free for a stay no request asked for before: a new query."""
        asked = next(searches)
        if asked >= SEARCH_DAYS * SEARCH_NIGHTS:
            raise RuntimeError("ran out of new dates to search: the next would be cached")
        check_in = fixture.today + timedelta(days=1 + asked % SEARCH_DAYS)
        check_out = check_in + timedelta(days=1 + asked // SEARCH_DAYS)
        return "GET", f"/api/v1/listings/?check_in={check_in}&check_out={check_out}", None, {}

    requests = {"cold": cold, "cached": cached, "search": search}
    return [Scenario(name, port, request) for name, request in requests.items()]


def booking(fixture: Fixture, first_day: int) -> Callable[[int, int], Request]:
    """The client's guest books the next slot: one night on the next listing, `first_day`
    after free_from; each next round of the listings two days later."""
    slots = itertools.count()

    def request(client: int, number: int) -> Request:
        slot = next(slots)
        start = fixture.free_from + timedelta(days=first_day + 2 * (slot // LISTINGS))
        stay = {"start_date": str(start), "end_date": str(start + timedelta(days=1))}
        body = json.dumps({"listing": fixture.listings[slot % LISTINGS], **stay}).encode()
        token = f"Bearer {fixture.tokens[client]}"
        headers = {"Authorization": token, "Content-Type": "application/json"}
        return "POST", "/api/v1/bookings/", body, headers

    return request


# --- the run --------------------------------------------------------------------------


def main() -> int:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-travel-")))
        prefix = f"bench-{secrets.token_hex(4)}"
        database = stack.enter_context(bench_database(os.environ.get("DATABASE_URL"), folder))
        services = os.environ.get("REDIS_URL"), os.environ.get("CELERY_BROKER_URL")
        stack.enter_context(bench_keys_and_queues(*services, prefix))
        environment = bench_environment(database, prefix)
        os.environ.update(environment)
        fixture = prepare_database()
        results = measure_pages_and_bookings(environment, folder, fixture)
        results |= measure_email(environment, folder, fixture)
        errors = server_errors(folder)
    report(results, errors)
    return 0


def serve(environment: dict[str, str], folder: Path, name: str) -> Any:
    """A server of CLIENTS threads, its output in `name`.log in the folder."""
    return gunicorn(FOLDER, environment, folder / f"{name}.log", threads=CLIENTS)


def measure_in_turn(scenarios: list[Scenario], rounds: int) -> dict[str, Measured]:
    return measure(scenarios, clients=CLIENTS, rounds=rounds, seconds=ROUND_S, warm_up=WARM_UP_S)


def measure_pages_and_bookings(
    environment: dict[str, str], folder: Path, fixture: Fixture
) -> dict[str, Measured]:
    with serve(environment, folder, "server") as port:
        results = measure_in_turn(list_scenarios(port, fixture), ROUNDS)
        created = Scenario("booking", port, booking(fixture, 1), expect=201)
        return results | measure_in_turn([created], BOOKING_ROUNDS)


def measure_email(
    environment: dict[str, str], folder: Path, fixture: Fixture
) -> dict[str, Measured]:
    """Booking creation on the celery and inline servers, with a mail server that takes
    EMAIL_DELAY_S a message."""
    from fakes.smtp import FakeSMTP

    smtp = FakeSMTP().start()
    smtp.delay = EMAIL_DELAY_S
    mail = {**environment, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port)}
    mail[QUEUE] = f"{environment[QUEUE]}-email"
    request = booking(fixture, EMAIL_FIRST_DAY)
    try:
        with ExitStack() as servers:
            scenarios = []
            for mode in MODES:
                port = servers.enter_context(serve({**mail, EMAIL: mode}, folder, mode))
                scenarios.append(Scenario(mode, port, request, expect=201))
            return measure_in_turn(scenarios, EMAIL_ROUNDS)
    finally:
        smtp.stop()


def server_errors(folder: Path) -> Counter[str]:
    """The exception that ended each server error the servers logged, and how often."""
    found: Counter[str] = Counter()
    for log in sorted(folder.glob("*.log")):
        for error in log.read_text(errors="replace").split("Internal Server Error: ")[1:]:
            last = [line for line in error.splitlines() if EXCEPTION.match(line)]
            found[last[-1] if last else "(no exception logged)"] += 1
    return found


def report(results: dict[str, Measured], errors: Counter[str]) -> None:
    print(f"{CLIENTS} keep-alive clients, one gunicorn worker of {CLIENTS} threads, DEBUG off")
    table(results, LABELS)
    ratio = results["cached"].rps / results["cold"].rps
    celery_p50, inline_p50 = results["celery"].percentile(50), results["inline"].percentile(50)
    email_ratio = inline_p50 / celery_p50
    print(f"cached/cold: {ratio:.1f}x requests per second (goal: at least {GOAL:g})")
    print(
        f"booking with a {EMAIL_DELAY_S:g} s e-mail: inline/celery {email_ratio:.1f}x p50 "
        f"(goal: at least {EMAIL_GOAL:g}); celery p50 {celery_p50:.1f} ms "
        f"(goal: under {EMAIL_GOAL_MS:g})"
    )
    values = {f"{name}_rps": f"{measured.rps:.1f}" for name, measured in results.items()}
    values["cached_over_cold"] = f"{ratio:.2f}"
    values["failed"] = str(sum(sum(m.failed.values()) for m in results.values()))
    values |= {f"{name}_p99_ms": f"{m.percentile(99):.1f}" for name, m in results.items()}
    values["celery_p50_ms"], values["inline_p50_ms"] = f"{celery_p50:.1f}", f"{inline_p50:.1f}"
    values["inline_over_celery"] = f"{email_ratio:.1f}"
    print(result_line(values))
    for error, count in errors.items():
        print(f"bench: the servers logged {count} x {error}", file=sys.stderr)
    short_of_goal("cached/cold", ratio, GOAL)
    short_of_goal("inline/celery", email_ratio, EMAIL_GOAL)
    if celery_p50 >= EMAIL_GOAL_MS:
        message = f"a celery p50 under {EMAIL_GOAL_MS:g} ms was not met: {celery_p50:.1f}"
        print(f"bench: the goal of {message}", file=sys.stderr)
    if inline_p50 < EMAIL_DELAY_S * 1000:  # then the comparison compares nothing
        print("bench: inline answered before the mail server accepted its e-mail", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
