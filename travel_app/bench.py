"""The capstone under load: requests per second and p50/p99 latency of the listing list
(page 20) cold and cached, of an availability search and of booking creation by CLIENTS
guests at once, side by side in one run; then no two live bookings of a listing overlap.

    cd travel_app && python bench.py
    DATABASE_URL=mysql://root@127.0.0.1:3306/travel_app_bench \\
        REDIS_URL=redis://127.0.0.1:6379/0 python bench.py
    make bench MODULE=travel_app            (from the repository root)

The database is MariaDB/MySQL when DATABASE_URL is set: the database it names if that
name ends in `_bench`, else `<name>_bench` beside it (the named one is never touched),
dropped and created again, and dropped at the end. Otherwise a temporary SQLite file.
The cache is REDIS_URL's Redis when set, under a key prefix of the run's own (its keys are
deleted at the end); otherwise local memory, which is per process: so, as in the other
modules' benches, the server is one gunicorn worker (gthread, CLIENTS threads) whatever
the backends. The first lines say which were used.

The data, bulk-inserted without signals: HOSTS hosts, GUESTS guests, LISTINGS listings
created over the past year, and STAYS bookings per listing (LISTINGS * STAYS in all), one
after the other with gaps (none overlapping, each within the model's CHECKs) from a
month or two ago to about a year ahead; some canceled, the past ones mostly confirmed,
the others pending or confirmed. No seeded booking ends after `free_from`.

One gunicorn server on loopback (production settings, DEBUG off, the booking throttle
raised out of the way) and a client of CLIENTS threads with keep-alive connections:

    cold      GET /api/listings/?page=20&miss=<n>, n new for every request (see cold_path)
    cached    GET /api/listings/?page=20, the same URL every time
    search    GET /api/listings/?check_in=...&check_out=..., dates new for every request
              (a search is cached like any page: new dates are what reaches the database)
    booking   POST /api/bookings/, each client a guest of its own with a JWT; every request
              the next free slot, a night after free_from on the next listing, so all succeed

Before measuring: the cold and cached pages are the same 20 listings of LISTINGS; a
listing inserted behind the app's back (no signal, so no new generation) counts on the
next cold request and not on the cached one; a search answers what the ORM counts.
ROUNDS rounds of ROUND_S seconds alternate the order of cold, cached and search (after
WARM_UP_S each); then BOOKING_ROUNDS rounds of booking creation. "Per second" counts the
answers with the scenario's expected status (200, or 201 for a booking), median over the
rounds; p50 and p99 are over every request of every round; any other answer is counted
as failed (warm-ups included) and does not stop the run. The load is bounded (CLIENTS
requests in flight at most) and one worker serves them, so a request's latency includes
its wait behind the others.

Then BURSTS times the CLIENTS guests ask for the same nights of one listing at the same
moment (behind a barrier): one 201 and the others 409 each time. Last, one query counts
the live bookings that overlap another live booking of their listing (must be 0), and
every 201 must be a row.

Then the booking e-mail, with a mail server that takes EMAIL_DELAY_S to accept each
message (the fake SMTP server of fakes/smtp.py on loopback, Django's real
SMTP backend talking to it). Two more servers like the first, on the same database, differ
in one setting only:

    celery    as deployed: the e-mail task is queued when the booking commits, and a
              Celery worker sends it (a thread in the server's process, on the broker
              CELERY_BROKER_URL names, else memory://; the run's own queue)
    inline    CELERY_TASK_ALWAYS_EAGER: the same task runs in the request, on commit,
              before the answer

Before measuring, one booking on each: the inline server answers after the mail server
accepted its e-mail, the celery server before (its e-mail arrives afterwards). Then
EMAIL_ROUNDS rounds alternate the two (after WARM_UP_S each) of booking creation by CLIENTS
guests, free nights. At the end no booking may have been mailed twice.

The last line is `RESULT cold_rps=... cached_rps=... search_rps=... booking_rps=...
celery_rps=... inline_rps=... cached_over_cold=... overlaps=... failed=... cold_p99_ms=...
cached_p99_ms=... search_p99_ms=... booking_p99_ms=... celery_p99_ms=... inline_p99_ms=...
celery_p50_ms=... inline_p50_ms=... inline_over_celery=... email_duplicates=...`
(inline_over_celery: the ratio of the p50s). On stderr, not as errors (the bench
measures, it does not judge): cached/cold short of GOAL, a celery p50 of EMAIL_GOAL_MS or
more, inline/celery short of EMAIL_GOAL, failed answers, a burst answered otherwise than
one 201 and 409s, and the exception of each server error the servers logged (their
django.request logger writes them to their output, which DEBUG off otherwise keeps
silent). A broken rule is an error, after the report, exit status 1: overlapping live
bookings, two 201s in one burst, a 201 without its row, or a booking mailed twice.

The servers load `bench:application()`, which points the settings at the bench's
database, cache and queue (and, for "inline", sets CELERY_TASK_ALWAYS_EAGER) before Django
starts, and for "celery" starts the worker thread: nothing in config/ knows about the bench.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

FOLDER = Path(__file__).resolve().parent
DATABASE = "BENCH_DATABASE_URL"  # mysql://... of the bench's database, or "" for SQLite
SQLITE = "BENCH_SQLITE"  # the temporary SQLite file (when BENCH_DATABASE_URL is "")
REDIS = "BENCH_REDIS_URL"  # REDIS_URL, or "" for local memory
KEY_PREFIX = "BENCH_KEY_PREFIX"  # the run's own cache keys, in case the Redis is shared
QUEUE = "BENCH_QUEUE"  # the run's own Celery queue, in case the RabbitMQ is shared
EMAIL = "BENCH_EMAIL"  # "celery" or "inline": how that server sends the booking e-mail
LISTINGS = 10_000
STAYS = 10  # seeded bookings per listing
HOSTS = 100
GUESTS = 1_000
BATCH = 2_000
PAGE = 20
PAGE_SIZE = 20  # REST_FRAMEWORK["PAGE_SIZE"]
SEARCH_DAYS, SEARCH_NIGHTS = 365, 30  # searches: check-in within a year, 1 to 30 nights
CLIENTS = 8
ROUNDS = 6
ROUND_S = 2.0
WARM_UP_S = 1.0  # per scenario; every client sends at least one request
BOOKING_ROUNDS = 3
BURSTS = 5
GOAL = 10.0
EMAIL_DELAY_S = 1.0  # the mail server's time to accept one message
EMAIL_ROUNDS = 3
EMAIL_FIRST_DAY = 40  # the e-mail rounds book nights from free_from + this many days
EMAIL_GOAL_MS = 100.0  # celery p50 under this
EMAIL_GOAL = 10.0  # inline p50 at least this many times celery's
EMAIL_MODES = ("celery", "inline")
SEED = 20260101
LIST_SCENARIOS = ("cold", "cached", "search")
EXPECTED = {
    "cold": 200,
    "cached": 200,
    "search": 200,
    "booking": 201,
    "celery": 201,
    "inline": 201,
}
LABELS = {
    "cold": f"listings page {PAGE}, cold (a new URL each time)",
    "cached": f"listings page {PAGE}, cached (the same URL)",
    "search": "availability search (new dates each time)",
    "booking": f"booking creation ({CLIENTS} guests, free nights)",
    "celery": "booking, e-mail through Celery (a worker)",
    "inline": "booking, e-mail sent inline (in the request)",
}

Request = tuple[str, str, bytes | None, dict[str, str]]  # method, path, body, headers
EXCEPTION = re.compile(r"[\w.]+(Error|Exception)\b")  # a traceback's last line


@dataclass(frozen=True)
class Fixture:
    """What the clients need from the seeded database."""

    listings: tuple[str, ...]
    tokens: tuple[str, ...]  # one guest per client
    today: date
    free_from: date  # no seeded booking ends after it


@dataclass(frozen=True)
class Scenario:
    name: str  # a key of EXPECTED
    request: Callable[[int], Request]  # the client's number -> its next request


@dataclass
class Measured:
    rounds: list[float] = field(default_factory=list)  # expected answers per second
    timings: list[float] = field(default_factory=list)  # every request's milliseconds
    answered: int = 0  # with the expected status
    failed: Counter[int] = field(default_factory=Counter)  # any other status: how many


# --- inside the server ----------------------------------------------------------------


def configure() -> None:
    """Before Django starts: the bench's database and cache, and server errors logged.
    The settings module is loaded as it is; only these values change."""
    from config.env import cache_from_url, database_from_url
    from django.conf import settings

    database = database_from_url(os.environ[DATABASE] or None, Path(os.environ[SQLITE]))
    # Persistent connections, as in production: reconnecting on every request would
    # measure the connection, not the page.
    settings.DATABASES["default"] = {**database, "CONN_MAX_AGE": 600}
    cache = cache_from_url(os.environ[REDIS] or None)
    settings.CACHES = {"default": {**cache, "KEY_PREFIX": os.environ[KEY_PREFIX]}}
    settings.CELERY_TASK_DEFAULT_QUEUE = os.environ[QUEUE]
    if os.environ.get(EMAIL) == "inline":
        settings.CELERY_TASK_ALWAYS_EAGER = True  # delay() runs the task here and now
    # A server error's traceback in the server's output (with DEBUG off, Django only mails
    # it to ADMINS, of which there are none), so that the bench can say what failed.
    request = {"handlers": ["console"], "level": "ERROR"}
    loggers = {**settings.LOGGING["loggers"], "django.request": request}
    settings.LOGGING = {**settings.LOGGING, "loggers": loggers}


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    configure()
    from django.core.wsgi import get_wsgi_application

    wsgi = get_wsgi_application()
    if os.environ.get(EMAIL) == "celery":
        from config.celery import start_worker_thread

        start_worker_thread()
    return wsgi


# --- the services: database and cache -------------------------------------------------


def bench_environment(folder: Path) -> dict[str, str]:
    """Production settings on loopback; the database and cache come from configure()."""
    outside = {"DATABASE_URL", "REDIS_URL", "POSTGRES_URL"}
    environment = {key: value for key, value in os.environ.items() if key not in outside}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        JWT_ACCESS_MINUTES="600",
        # 20 a minute per guest would stop the booking clients within a second: what is
        # measured is the booking, not the throttle refusing it (the throttle still runs).
        BOOKING_THROTTLE_RATE="1000000/minute",
        **{SQLITE: str(folder / "bench.sqlite3")},
    )
    return environment


@contextmanager
def bench_database(url: str | None) -> Iterator[str]:
    """The URL of the bench's MariaDB/MySQL database, empty, dropped at the end; "" (a
    SQLite file) without DATABASE_URL."""
    if not url:
        yield ""
        return
    parts = urlsplit(url)
    name = unquote(parts.path.strip("/"))
    if parts.scheme != "mysql" or not re.fullmatch(r"\w+", name):
        raise SystemExit(f"bench: DATABASE_URL must be mysql://user@host:port/name, got {url!r}")
    bench = name if name.endswith("_bench") else f"{name}_bench"
    mysql_admin(
        parts,
        f"DROP DATABASE IF EXISTS `{bench}`",
        f"CREATE DATABASE `{bench}` CHARACTER SET utf8mb4",
    )
    try:
        yield urlunsplit(parts._replace(path=f"/{bench}"))
    finally:
        close_connections()
        mysql_admin(parts, f"DROP DATABASE IF EXISTS `{bench}`")
        print(f"dropped the bench's database {bench}")


def mysql_admin(parts: SplitResult, *statements: str) -> None:
    try:
        import MySQLdb
    except ImportError:
        raise SystemExit("bench: DATABASE_URL needs mysqlclient (see requirements.txt)") from None
    try:
        connection = MySQLdb.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
        )
    except MySQLdb.Error as error:
        raise SystemExit(f"bench: cannot reach DATABASE_URL's server: {error}") from None
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def close_connections() -> None:
    """This process's own connections, if Django started."""
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


@contextmanager
def bench_cache(url: str | None, prefix: str) -> Iterator[str]:
    """How the cache is described; REDIS_URL's Redis loses the run's keys at the end."""
    if not url:
        yield "local memory (LocMemCache), the one worker's own"
        return
    import redis

    if not url.startswith(("redis://", "rediss://")):
        raise SystemExit(f"bench: REDIS_URL must start with redis://, got {url!r}")
    client = redis.Redis.from_url(url)
    try:
        version = client.info("server")["redis_version"]
    except redis.RedisError as error:
        raise SystemExit(f"bench: cannot reach REDIS_URL: {error}") from None
    try:
        yield f"Redis {version} at REDIS_URL, keys under the prefix {prefix}:"
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1_000))
        for start in range(0, len(keys), 1_000):
            client.delete(*keys[start : start + 1_000])
        client.close()
        print(f"deleted the bench's {len(keys):,} keys from REDIS_URL's Redis")


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}, a temporary file"
    with connection.cursor() as cursor:
        cursor.execute("SELECT VERSION()")
        version = cursor.fetchone()[0]
    where = f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT'] or 3306}"
    name = connection.settings_dict["NAME"]
    return f"MySQL/MariaDB {version}, database {name} on {where}, dropped at the end"


# --- the data -------------------------------------------------------------------------


def prepare_database() -> Fixture:
    """Migrate the bench's database and seed it (in this process)."""
    import django

    configure()
    django.setup()
    from django.core.management import call_command
    from rest_framework_simplejwt.tokens import AccessToken

    print(f"database: {describe_database()}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    listings, clients, today, free_from = seed(random.Random(SEED))
    print(
        f"seeded {HOSTS} hosts, {GUESTS + CLIENTS:,} guests, {LISTINGS:,} listings, "
        f"{LISTINGS * STAYS:,} bookings in {time.perf_counter() - started:.1f} s"
    )
    tokens = tuple(str(AccessToken.for_user(user)) for user in clients)
    return Fixture(tuple(str(listing.pk) for listing in listings), tokens, today, free_from)


def seed(rng: random.Random) -> tuple[list[Any], list[Any], date, date]:
    """The listings, the clients' guests, today, and the day after every seeded stay."""
    from django.db import transaction
    from django.utils import timezone

    today = timezone.localdate()
    with transaction.atomic():
        hosts, guests, clients = seed_users()
        listings = seed_listings(rng, hosts)
        free_from = seed_bookings(rng, listings, guests, today)
    check_seeded()
    return listings, clients, today, free_from


def seed_users() -> tuple[list[Any], list[Any], list[Any]]:
    """Hosts, guests who made the seeded bookings, and one guest per client."""
    from accounts.models import Role, User
    from django.contrib.auth.hashers import make_password

    password = make_password(None)  # unusable: the bench signs tokens directly

    def user(role: str, number: int) -> Any:
        return User(
            email=f"{role}{number}@bench.example",
            first_name=f"{role.title()}{number}",
            last_name="Bench",
            role=role,
            password=password,
        )

    hosts = [user(Role.HOST, number) for number in range(HOSTS)]
    guests = [user(Role.GUEST, number) for number in range(GUESTS + CLIENTS)]
    User.objects.bulk_create(hosts + guests, batch_size=BATCH)
    return hosts, guests[:GUESTS], guests[GUESTS:]


@contextmanager
def explicit_created_at() -> Iterator[None]:
    """Let bulk_create keep the created_at we give: auto_now_add would stamp every listing
    with the same now() (DateTimeField.pre_save runs for bulk inserts too)."""
    from listings.models import Listing

    created_at = Listing._meta.get_field("created_at")
    created_at.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        created_at.auto_now_add = True  # type: ignore[attr-defined]


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
    with explicit_created_at():
        return Listing.objects.bulk_create(listings, batch_size=BATCH)


def seed_bookings(rng: random.Random, listings: list[Any], guests: list[Any], today: date) -> date:
    """STAYS bookings a listing, one after the other from 30 to 60 days ago: 1 to 10
    nights, 0 to 30 free days between. The day after the last one ends."""
    from bookings.models import Booking

    bookings = []
    for listing in listings:
        day = today - timedelta(days=rng.randint(30, 60))
        for _ in range(STAYS):
            day += timedelta(days=rng.randint(0, 30))
            nights = rng.randint(1, 10)
            end = day + timedelta(days=nights)
            bookings.append(
                Booking(
                    listing_id=listing.pk,
                    guest_id=rng.choice(guests).pk,
                    start_date=day,
                    end_date=end,
                    guests=rng.randint(1, listing.max_guests),
                    total_price=listing.price_per_night * nights,
                    status=seeded_status(rng, end, today),
                )
            )
            day = end
    Booking.objects.bulk_create(bookings, batch_size=BATCH)
    return max(booking.end_date for booking in bookings) + timedelta(days=1)


def seeded_status(rng: random.Random, end: date, today: date) -> str:
    from bookings.models import Status

    if end <= today:
        return rng.choices((Status.CONFIRMED, Status.CANCELED), (9, 1))[0]
    return rng.choices((Status.PENDING, Status.CONFIRMED, Status.CANCELED), (9, 9, 2))[0]


def check_seeded() -> None:
    from bookings.models import Booking
    from listings.models import Listing

    counts = Listing.objects.count(), Booking.objects.count()
    if counts != (LISTINGS, LISTINGS * STAYS) or (overlapping := overlaps()):
        raise SystemExit(f"bench: seeded (listings, bookings) {counts}, {overlapping} overlapping")


def overlaps() -> int:
    """Live bookings that share a night with another live booking of their listing: one
    query, the rule's own lookup (BookingQuerySet.overlapping) correlated to each row."""
    from bookings.models import LIVE, Booking
    from django.db.models import Exists, OuterRef

    other = Booking.objects.overlapping(
        OuterRef("listing"), OuterRef("start_date"), OuterRef("end_date")
    ).exclude(pk=OuterRef("pk"))
    return Booking.objects.filter(status__in=LIVE).filter(Exists(other)).count()


# --- the requests ---------------------------------------------------------------------


def cold_path(numbers: Iterator[int]) -> Callable[[int], Request]:
    """Page PAGE on a URL no request used before. The page's cache key is the URL under
    the current generation, so a new URL misses: the server reads the generation, misses,
    counts, queries, serializes and stores the page, which is what the first visitor of a
    page pays after any listing or booking write. `miss` is read by no filter and no
    paginator, so the answer is the page's. Bumping the generation instead would need a
    write per request (and another client could still hit the page one built), clearing
    the cache would drop the throttle counters too (and is not possible from outside with
    local memory), and DummyCache would skip the cache's own round trips."""

    def request(client: int) -> Request:
        return "GET", f"/api/listings/?page={PAGE}&miss={next(numbers)}", None, {}

    return request


def cached_path(client: int) -> Request:
    return "GET", f"/api/listings/?page={PAGE}", None, {}


def search_path(numbers: Iterator[int], today: date) -> Callable[[int], Request]:
    """Page 1 of the listings free for a stay no request asked for before: check-in
    within the next SEARCH_DAYS days (where the seeded bookings are), 1 to SEARCH_NIGHTS
    nights. New dates are a new cache key, and a new query."""

    def request(client: int) -> Request:
        number = next(numbers)
        if number >= SEARCH_DAYS * SEARCH_NIGHTS:
            raise RuntimeError("ran out of new dates to search: the next would be cached")
        check_in = today + timedelta(days=1 + number % SEARCH_DAYS)
        check_out = check_in + timedelta(days=1 + number // SEARCH_DAYS)
        return "GET", f"/api/listings/?check_in={check_in}&check_out={check_out}", None, {}

    return request


def booking_request(
    fixture: Fixture, slots: Iterator[int], first_day: int = 1
) -> Callable[[int], Request]:
    """The client's guest books the next slot: one night on the next listing, on a
    night after every seeded stay (`first_day` after free_from); each next round of the
    listings two days later."""

    def request(client: int) -> Request:
        slot = next(slots)
        start = fixture.free_from + timedelta(days=first_day + 2 * (slot // LISTINGS))
        return booking_post(fixture, client, fixture.listings[slot % LISTINGS], start)

    return request


def booking_post(fixture: Fixture, client: int, listing: str, start: date) -> Request:
    body = {"listing": listing, "start_date": str(start), "end_date": str(start + timedelta(1))}
    headers = {
        "Authorization": f"Bearer {fixture.tokens[client]}",
        "Content-Type": "application/json",
    }
    return "POST", "/api/bookings/", json.dumps(body).encode(), headers


def scenarios(fixture: Fixture) -> dict[str, Scenario]:
    # itertools.count: next() is atomic under the GIL, so no two clients share a number.
    return {
        "cold": Scenario("cold", cold_path(itertools.count())),
        "cached": Scenario("cached", cached_path),
        "search": Scenario("search", search_path(itertools.count(), fixture.today)),
        "booking": Scenario("booking", booking_request(fixture, itertools.count())),
    }


# --- the server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(environment: dict[str, str], folder: Path, name: str = "server") -> Iterator[int]:
    """One gunicorn worker of CLIENTS threads, answering; its port. Stopped at the end.
    Its output goes to `name`.out in the folder."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "bench:application()"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    command += ["--worker-class", "gthread", "--threads", str(CLIENTS), "--keep-alive", "30"]
    with (folder / f"{name}.out").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=FOLDER, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_answering(port, process)
            yield port
        finally:
            stop(process)


def send(port: int, request: Request) -> tuple[int, bytes]:
    """One request on a fresh connection: the status and the body."""
    method, path, body, headers = request
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_answering(port: int, process: subprocess.Popen[bytes]) -> None:
    """Any HTTP answer will do (a 404 is cheap): the worker has loaded the application."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("bench: the server exited (see its output)")
        try:
            send(port, ("GET", "/bench-probe/", None, {}))
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("bench: the server did not answer in 30 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the checks -----------------------------------------------------------------------


def page(port: int, request: Request) -> dict[str, Any]:
    status, body = send(port, request)
    data = json.loads(body) if status == 200 else None
    if not isinstance(data, dict) or {"count", "results"} - data.keys():
        raise SystemExit(f"bench: {request[0]} {request[1]} answered {status}: {body[:300]!r}")
    return data


def check_pages(port: int, cold: Scenario) -> None:
    """The cold and cached pages hold the same PAGE_SIZE listings of LISTINGS; a listing
    inserted without a signal (so the generation stays) counts on the next cold request
    and not on the cached one, and is deleted the same way."""
    cached = page(port, cached_path(0))
    if page(port, cold.request(0))["results"] != cached["results"]:
        raise SystemExit("bench: the cold and cached pages differ")
    if (cached["count"], len(cached["results"])) != (LISTINGS, PAGE_SIZE):
        raise SystemExit(f"bench: {cached['count']} listings, {len(cached['results'])} a page")
    extra = insert_listing()
    try:
        counts = page(port, cold.request(0))["count"], page(port, cached_path(0))["count"]
    finally:
        delete_listing(extra)
    if counts != (LISTINGS + 1, LISTINGS):
        raise SystemExit(f"bench: cold and cached counts after an insert: {counts}")


def insert_listing() -> Any:
    from listings.models import Listing

    host = Listing.objects.values_list("host_id", flat=True).first()
    extra = Listing(host_id=host, title="probe", description="x", location="x")
    extra.price_per_night = Decimal("1.00")
    Listing.objects.bulk_create([extra])  # no post_save: the generation stays
    return extra.pk


def delete_listing(pk: Any) -> None:
    """Raw SQL: a queryset delete would send post_delete, and drop the cached pages."""
    from django.db import connection
    from listings.models import Listing

    table = connection.ops.quote_name(Listing._meta.db_table)
    column = connection.ops.quote_name(Listing._meta.pk.column)
    value = Listing._meta.pk.get_db_prep_value(pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [value])


def check_search(port: int, fixture: Fixture) -> None:
    """A search answers the number of free listings the ORM counts for those nights."""
    from listings.models import Listing
    from listings.selectors import available

    check_in = fixture.today + timedelta(days=30)
    check_out = check_in + timedelta(days=SEARCH_NIGHTS + 1)  # a stay no measured search asks
    path = f"/api/listings/?check_in={check_in}&check_out={check_out}"
    served = page(port, ("GET", path, None, {}))["count"]
    expected = available(Listing.objects.all(), check_in, check_out).count()
    if served != expected or expected in (0, LISTINGS):
        raise SystemExit(f"bench: a search answered {served} free listings, the ORM {expected}")


def burst(port: int, fixture: Fixture, number: int) -> list[int]:
    """CLIENTS guests ask for the same nights of one listing at the same moment: the
    statuses, sorted."""
    start = fixture.free_from + timedelta(days=100 + 3 * number)
    listing = fixture.listings[-1 - number]
    barrier = threading.Barrier(CLIENTS)
    statuses = [0] * CLIENTS

    def client(index: int) -> None:
        method, path, body, headers = booking_post(fixture, index, listing, start)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.connect()
            barrier.wait()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses[index] = response.status
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def bench_bookings(fixture: Fixture) -> int:
    from bookings.models import Booking

    return Booking.objects.filter(start_date__gt=fixture.free_from).count()


# --- the load -------------------------------------------------------------------------


def load(port: int, scenario: Scenario, seconds: float, measured: Measured) -> float:
    """CLIENTS keep-alive threads send the scenario's requests for `seconds` (a request
    under way then is finished and counted). Into `measured`: every request's
    milliseconds and how it was answered. Returns the expected answers per second."""
    timings: list[list[float]] = [[] for _ in range(CLIENTS)]
    statuses: list[Counter[int]] = [Counter() for _ in range(CLIENTS)]
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < stop_at:
                method, path, body, headers = scenario.request(index)
                sent = time.perf_counter()
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                timings[index].append((time.perf_counter() - sent) * 1000)
                statuses[index][response.status] += 1
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"bench: {scenario.name}: {errors[0]!r}")
    answers = sum(statuses, Counter[int]())
    answered = answers.pop(EXPECTED[scenario.name], 0)
    measured.timings.extend(timing for mine in timings for timing in mine)
    measured.answered += answered
    measured.failed.update(answers)
    return answered / elapsed


def measure(port: int, found: dict[str, Scenario]) -> dict[str, Measured]:
    """Per scenario: each round's expected answers per second, every request's
    milliseconds, and the answers (a warm-up's count, its timings do not)."""
    results = {name: Measured() for name in found}
    warm = {name: Measured() for name in found}
    for name in LIST_SCENARIOS:
        load(port, found[name], WARM_UP_S, warm[name])
    for number in range(ROUNDS):
        # Alternate the order, so that no scenario always meets a warmer machine.
        for name in LIST_SCENARIOS if number % 2 == 0 else reversed(LIST_SCENARIOS):
            results[name].rounds.append(load(port, found[name], ROUND_S, results[name]))
        line = "   ".join(f"{name} {results[name].rounds[-1]:7.1f}" for name in LIST_SCENARIOS)
        print(f"round {number + 1}: {line} rps")
    booking = results["booking"]
    load(port, found["booking"], WARM_UP_S, warm["booking"])
    for number in range(BOOKING_ROUNDS):
        booking.rounds.append(load(port, found["booking"], ROUND_S, booking))
        print(f"booking round {number + 1}: {booking.rounds[-1]:7.1f} rps")
    for name, measured in warm.items():
        results[name].answered += measured.answered
        results[name].failed.update(measured.failed)
    return results


# --- the run --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    results: dict[str, Measured]
    bursts: list[list[int]]
    rows: int  # the bench's bookings in the database
    overlaps: int
    server_errors: Counter[str]
    email_duplicates: int  # bookings the mail server received more than one e-mail about

    @property
    def made(self) -> int:
        """Bookings answered 201."""
        booked = ("booking", *EMAIL_MODES)
        return sum(self.results[name].answered for name in booked) + sum(
            s.count(201) for s in self.bursts
        )


def main() -> int:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-travel-")))
        prefix = f"bench-{secrets.token_hex(4)}"
        database = stack.enter_context(bench_database(os.environ.get("DATABASE_URL")))
        redis_url = os.environ.get("REDIS_URL") or ""
        cache_note = stack.enter_context(bench_cache(redis_url, prefix))
        broker_note = stack.enter_context(
            bench_queues(os.environ.get("CELERY_BROKER_URL"), prefix)
        )
        environment = bench_environment(folder)
        environment.update({DATABASE: database, REDIS: redis_url, KEY_PREFIX: prefix})
        environment[QUEUE] = prefix
        os.environ.update(environment)
        print(f"cache: {cache_note}")
        print(f"broker: {broker_note}")
        fixture = prepare_database()
        outcome = run_server(environment, folder, fixture)
    return report(outcome)


def run_server(environment: dict[str, str], folder: Path, fixture: Fixture) -> Outcome:
    """Check the server, load it, burst it; then count the bookings."""
    found = scenarios(fixture)
    with server(environment, folder) as port:
        print(f"gunicorn: 1 worker, gthread, {CLIENTS} threads, keep-alive; DEBUG off")
        check_pages(port, found["cold"])
        print("cold and cached pages agree; a listing inserted without a signal counted on")
        print("  the next cold request and not on the cached one")
        check_search(port, fixture)
        print("a search answers the free listings the ORM counts")
        results = measure(port, found)
        bursts = [burst(port, fixture, number) for number in range(BURSTS)]
    email, duplicates = measure_email(environment, folder, fixture)
    results.update(email)
    rows = bench_bookings(fixture)
    return Outcome(results, bursts, rows, overlaps(), server_errors(folder), duplicates)


def server_errors(folder: Path) -> Counter[str]:
    """The exception that ended each server error the servers logged, and how often."""
    found: Counter[str] = Counter()
    for log in sorted(folder.glob("*.out")):
        for error in log.read_text(errors="replace").split("Internal Server Error: ")[1:]:
            last = [line for line in error.splitlines() if EXCEPTION.match(line)]
            found[last[-1] if last else "(no exception logged)"] += 1
    return found


# --- the booking e-mail: through Celery versus inline -----------------------------------


@contextmanager
def bench_queues(url: str | None, prefix: str) -> Iterator[str]:
    """How the broker is described. The servers use queues of the run's own (`prefix`,
    and `prefix`-email for the celery server); on CELERY_BROKER_URL's RabbitMQ they are
    deleted at the end, with the messages no worker took."""
    if not url or url.startswith("memory://"):
        yield "memory://, in each server's process (the celery server's worker is a thread there)"
        return
    from kombu import Connection

    try:
        yield f"CELERY_BROKER_URL, queues {prefix} and {prefix}-email (the worker: a thread)"
    finally:
        with Connection(url, connect_timeout=10) as connection:
            channel = connection.default_channel
            for name in (prefix, f"{prefix}-email"):
                channel.queue_delete(name)
                channel.exchange_delete(name)
        print(f"deleted the bench's queues {prefix} and {prefix}-email from the broker")


def measure_email(
    environment: dict[str, str], folder: Path, fixture: Fixture
) -> tuple[dict[str, Measured], int]:
    """Booking creation on the celery and inline servers, side by side, with a mail
    server that takes EMAIL_DELAY_S per message: each one's measurements (the check's
    booking and the warm-ups counted as answers), and the bookings mailed twice."""
    from fakes.smtp import FakeSMTP

    smtp = FakeSMTP().start()
    smtp.delay = EMAIL_DELAY_S
    mail = {**environment, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port)}
    mail[QUEUE] = f"{environment[QUEUE]}-email"
    request = booking_request(fixture, itertools.count(), EMAIL_FIRST_DAY)
    found = {mode: Scenario(mode, request) for mode in EMAIL_MODES}
    results = {mode: Measured() for mode in EMAIL_MODES}
    warm = {mode: Measured() for mode in EMAIL_MODES}
    try:
        with ExitStack() as servers:
            ports = {
                mode: servers.enter_context(server({**mail, EMAIL: mode}, folder, mode))
                for mode in EMAIL_MODES
            }
            print(f"mail server: a fake SMTP server on loopback, {EMAIL_DELAY_S:.0f} s a message")
            check_email(ports, found, smtp)
            for mode in EMAIL_MODES:
                load(ports[mode], found[mode], WARM_UP_S, warm[mode])
            for number in range(EMAIL_ROUNDS):
                for mode in EMAIL_MODES if number % 2 == 0 else reversed(EMAIL_MODES):
                    results[mode].rounds.append(
                        load(ports[mode], found[mode], ROUND_S, results[mode])
                    )
                line = "   ".join(
                    f"{mode} {results[mode].rounds[-1]:7.1f}" for mode in EMAIL_MODES
                )
                print(f"e-mail round {number + 1}: {line} rps")
    finally:
        smtp.stop()
    for mode in EMAIL_MODES:
        results[mode].answered += warm[mode].answered + 1  # + the check's booking
        results[mode].failed.update(warm[mode].failed)
    return results, duplicates(smtp)


def check_email(ports: dict[str, int], found: dict[str, Scenario], smtp: Any) -> None:
    """One booking on each server: inline answers once the mail server has accepted its
    e-mail; celery answers before, and its worker's e-mail follows."""
    for mode in EMAIL_MODES:
        status, body = send(ports[mode], found[mode].request(0))
        if status != 201:
            raise SystemExit(f"bench: {mode}: a booking answered {status}: {body[:300]!r}")
        booking = json.loads(body)["booking_id"]
        if mode == "inline" and not mailed(smtp, booking):
            raise SystemExit("bench: the inline server answered before its e-mail was sent")
        if mode == "celery":
            if mailed(smtp, booking):
                raise SystemExit("bench: the celery server answered after its e-mail was sent")
            deadline = time.monotonic() + 30
            while not mailed(smtp, booking):
                if time.monotonic() > deadline:
                    raise SystemExit("bench: the celery server's worker sent no e-mail in 30 s")
                time.sleep(0.05)
    print("inline answered after the mail server had accepted its e-mail; celery before it,")
    print("  and its worker's e-mail followed")


BOOKING_LINE = re.compile(r"^Booking:\s+([0-9a-f-]{36})$", re.MULTILINE)


def booking_ids(smtp: Any) -> list[str]:
    """The booking each e-mail the mail server accepted is about."""
    return [
        found[1]
        for message in list(smtp.messages)
        if (found := BOOKING_LINE.search(message.get_content()))
    ]


def mailed(smtp: Any, booking: str) -> bool:
    return booking in booking_ids(smtp)


def duplicates(smtp: Any) -> int:
    return sum(count - 1 for count in Counter(booking_ids(smtp)).values())


def percentile(timings: list[float], share: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[share - 1]


def report(outcome: Outcome) -> int:
    rows = {
        name: (statistics.median(m.rounds), percentile(m.timings, 50), percentile(m.timings, 99))
        for name, m in outcome.results.items()
    }
    print(
        f"{LISTINGS:,} listings, {LISTINGS * STAYS:,} bookings; {CLIENTS} keep-alive clients; "
        f"per second: answers as expected, median of the rounds of {ROUND_S} s; "
        "latency: every request; failed: any other answer, warm-ups included"
    )
    print(
        f"{'scenario':<46} {'per second':>10} {'p50 ms':>8} {'p99 ms':>8} {'requests':>8} failed"
    )
    for name, (rps, p50, p99) in rows.items():
        measured = outcome.results[name]
        count, failed = len(measured.timings), sum(measured.failed.values())
        print(f"{LABELS[name]:<46} {rps:>10.1f} {p50:>8.1f} {p99:>8.1f} {count:>8} {failed:>6}")
    ratio = rows["cached"][0] / rows["cold"][0]
    print(f"cached/cold: {ratio:.1f}x requests per second (goal: at least {GOAL:.0f})")
    print(f"same nights, {CLIENTS} guests at once, {BURSTS} times: {burst_summary(outcome)}")
    print(
        f"bookings made by the bench: {outcome.made:,} answered 201, {outcome.rows:,} rows; "
        f"live bookings overlapping another: {outcome.overlaps}"
    )
    celery_p50, inline_p50 = rows["celery"][1], rows["inline"][1]
    email_ratio = inline_p50 / celery_p50
    print(
        f"booking with a {EMAIL_DELAY_S:.0f} s e-mail: inline/celery {email_ratio:.1f}x p50 "
        f"(goal: at least {EMAIL_GOAL:.0f}); celery p50 {celery_p50:.1f} ms "
        f"(goal: under {EMAIL_GOAL_MS:.0f}); bookings mailed twice: {outcome.email_duplicates}"
    )
    per_second = " ".join(f"{name}_rps={rows[name][0]:.1f}" for name in rows)
    p99s = " ".join(f"{name}_p99_ms={rows[name][2]:.1f}" for name in rows)
    failed = sum(sum(m.failed.values()) for m in outcome.results.values())
    print(
        f"RESULT {per_second} cached_over_cold={ratio:.2f} overlaps={outcome.overlaps} "
        f"failed={failed} {p99s} celery_p50_ms={celery_p50:.1f} "
        f"inline_p50_ms={inline_p50:.1f} inline_over_celery={email_ratio:.1f} "
        f"email_duplicates={outcome.email_duplicates}"
    )
    return judge(ratio, outcome, celery_p50, email_ratio)


def burst_summary(outcome: Outcome) -> str:
    return "; ".join(
        ", ".join(f"{n} x {status}" for status, n in sorted(Counter(statuses).items()))
        for statuses in outcome.bursts
    )


def judge(ratio: float, outcome: Outcome, celery_p50: float, email_ratio: float) -> int:
    """On stderr: a missed goal and failed requests (the bench goes on), and a broken
    rule (exit status 1)."""
    notes = []
    if ratio < GOAL:
        short = f"short by {GOAL - ratio:.2f} ({1 - ratio / GOAL:.0%})"
        notes.append(
            f"the goal of cached/cold at least {GOAL:.0f} was not met: {ratio:.2f}, {short}"
        )
    if celery_p50 >= EMAIL_GOAL_MS:
        notes.append(f"the goal of a celery p50 under {EMAIL_GOAL_MS:.0f} ms was not met")
    if email_ratio < EMAIL_GOAL:
        notes.append(f"the goal of inline/celery at least {EMAIL_GOAL:.0f} was not met")
    for name, measured in outcome.results.items():
        if measured.failed:
            answers = ", ".join(f"{n} x {status}" for status, n in sorted(measured.failed.items()))
            notes.append(f"{name}: answers other than {EXPECTED[name]}: {answers}")
    expected = [201] + [409] * (CLIENTS - 1)
    if any(statuses != expected for statuses in outcome.bursts):
        notes.append(f"a burst answered other than one 201 and {CLIENTS - 1} 409s")
    notes += [f"the server logged {n} x {error}" for error, n in outcome.server_errors.items()]
    broken = []
    if any(statuses.count(201) > 1 for statuses in outcome.bursts):
        broken.append("a burst booked the same nights twice")
    if outcome.overlaps:
        broken.append(f"{outcome.overlaps} live bookings overlap another")
    if outcome.made != outcome.rows:
        broken.append(f"{outcome.made} bookings answered 201, {outcome.rows} are rows")
    if outcome.email_duplicates:
        broken.append(f"{outcome.email_duplicates} bookings were mailed more than once")
    for problem in notes + broken:
        print(f"bench: {problem}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
