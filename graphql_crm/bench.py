"""What prefetching buys the order list: requests per second, p50/p99 latency and SQL
queries per request of `allOrders(first: 50)` with each order's customer and products,
as the app serves it and with the prefetching turned off, side by side in one run.

    cd graphql_crm && python bench.py
    make bench MODULE=graphql_crm            (from the repository root)

Seeds one temporary, migrated SQLite database with bulk inserts: CUSTOMERS customers,
PRODUCTS products and ORDERS orders of 1 to MAX_ITEMS distinct products each, their
totals the sum of the prices, their dates spread over SPAN_DAYS days. Every request is
POST /graphql of QUERY: the 50 newest orders, each with its customer and its products.

Two gunicorn servers on loopback (one worker, gthread, CLIENTS threads, keep-alive,
production settings with DEBUG off) serve the same database:

    prefetched   the app as it is: OrderType.get_queryset joins the customer
                 (select_related) and prefetches the products, and resolve_products
                 reads the prefetched list
    naive        the same app with that turned off by the bench: get_queryset returns
                 the queryset unchanged and resolve_products `self.products.all()`,
                 so each order costs a query for its customer and one for its products

SQL queries per request are counted in this process, with CaptureQueriesContext around
the schema's execution of QUERY, once as the app is and once with the same patch as the
naive server. graphene binds resolve_* functions when a schema is built, so the naive
count runs on a schema built while the patch is applied (config.schema.schema itself was
built without it), and the naive server applies the patch before config.schema is first
imported. To check that the servers run what was counted, both count the queries of each
request too (a WSGI wrapper, the same on both, adds them as the header QUERIES_HEADER).

Before measuring, both servers must answer 200 with the same data, no `errors`, equal to
this process's answer: 50 orders, newest first, each with a customer and at least one
product, each total the sum of its products' prices; and each server's query count must
equal this process's count for its variant.

A client of CLIENTS threads with keep-alive connections runs each scenario for ROUND_S
seconds, after WARM_UP_S of warm-up each; ROUNDS rounds alternate the order of the
scenarios. Requests per second are the median over the rounds; p50 and p99 are over
every request of every round. One worker process serves CLIENTS requests at a time (and
holds the GIL), so a request's latency includes its wait behind the others.

The last line is `RESULT prefetched_rps=... naive_rps=... speedup=...
prefetched_queries=... naive_queries=...` (speedup: prefetched/naive requests per
second). No goal was set: the bench reports, it does not judge.

The servers load `bench:application()`, which points the settings at the temporary
database and, for "naive", patches OrderType before Django serves: nothing in config/ or
crm/ knows about the bench.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
PROFILE = "BENCH_PROFILE"  # "prefetched" or "naive", read by application()
SQLITE = "BENCH_SQLITE"  # the temporary database, read by configure()
QUERIES_HEADER = "X-Bench-Queries"
SCENARIOS = ("prefetched", "naive")
LABELS = {
    "prefetched": "prefetched (select_related + prefetch_related)",
    "naive": "naive (a query per customer and per product list)",
}
PATH = "/graphql"
PAGE = 50
QUERY = (
    f"{{ allOrders(first: {PAGE}) {{ edges {{ node {{ id totalAmount orderDate "
    "customer { name email } products { edges { node { name price } } } } } } }"
)
BODY = json.dumps({"query": QUERY}).encode()
HEADERS = {"Content-Type": "application/json"}
CUSTOMERS = 1_000
PRODUCTS = 200
ORDERS = 10_000
MAX_ITEMS = 5
SPAN_DAYS = 365
BATCH = 5_000
CLIENTS = 4
ROUNDS = 6
ROUND_S = 3.0
WARM_UP_S = 1.0  # per scenario; every client sends at least one request
SEED = 20240601

Results = dict[str, tuple[list[float], list[float]]]


@dataclass(frozen=True)
class Counted:
    """QUERY executed in this process: its data and the SQL it ran."""

    data: dict[str, Any]
    queries: list[str]


@dataclass(frozen=True)
class Answer:
    status: int
    queries: int
    body: Any


# --- inside the servers -------------------------------------------------------------


def configure() -> None:
    """Before Django starts: the temporary database. The settings module is loaded as it
    is; only this value changes."""
    from django.conf import settings

    settings.DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ[SQLITE],
        # Persistent connections, as in production: reconnecting (and SQLite's per-
        # connection setup) on every request would blur what is measured.
        "CONN_MAX_AGE": 600,
    }


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    configure()
    django.setup()
    if os.environ.get(PROFILE) == "naive":
        if "config.schema" in sys.modules:  # its resolvers would be bound already
            raise RuntimeError("bench: config.schema was imported before the patch")
        unprefetch()
    from django.core.wsgi import get_wsgi_application

    return counting(get_wsgi_application())


def unprefetched_queryset(cls: type, queryset: Any, info: Any) -> Any:
    return queryset


def unprefetched_products(self: Any, info: Any, **kwargs: Any) -> Any:
    return self.products.all()


def unprefetch() -> Callable[[], None]:
    """Turn OrderType's prefetching off; the function that turns it back on. A schema
    built before this call keeps the old resolve_products (graphene binds it then)."""
    from crm.schema import OrderType

    saved = OrderType.__dict__["get_queryset"], OrderType.__dict__["resolve_products"]
    OrderType.get_queryset = classmethod(unprefetched_queryset)  # type: ignore[assignment]
    OrderType.resolve_products = unprefetched_products  # type: ignore[method-assign]

    def undo() -> None:
        OrderType.get_queryset, OrderType.resolve_products = saved  # type: ignore[method-assign]

    return undo


def counting(app: Callable[..., Any]) -> Callable[..., Any]:
    """The app, with the number of SQL queries of each request in QUERIES_HEADER."""
    from django.db import connection

    def counted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        tally = [0]

        def count(execute: Callable[..., Any], *args: Any) -> Any:
            tally[0] += 1
            return execute(*args)

        def start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            return start_response(status, [*headers, (QUERIES_HEADER, str(tally[0]))], *rest)

        # Django builds the whole response before it calls start_response.
        with connection.execute_wrapper(count):
            return app(environ, start)

    return counted


# --- the database ---------------------------------------------------------------------


def bench_environment(folder: Path) -> dict[str, str]:
    """Production settings on loopback, no outside database or cache."""
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        **{SQLITE: str(folder / "bench.sqlite3")},
    )
    return environment


def prepare_database() -> None:
    """Migrate the temporary database and seed it (in this process)."""
    import django

    configure()
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        items = seed_orders(rng, seed_customers(), seed_products(rng))
    print(
        f"seeded {CUSTOMERS:,} customers, {PRODUCTS} products, {ORDERS:,} orders "
        f"({items:,} order lines) in {time.perf_counter() - started:.1f} s"
    )


def seed_customers() -> list[Any]:
    from crm.models import Customer

    customers = (
        Customer(
            name=f"Customer {number:04d}",
            email=f"customer{number}@bench.example",
            phone=f"+1555{number:07d}",
        )
        for number in range(CUSTOMERS)
    )
    return Customer.objects.bulk_create(customers, batch_size=BATCH)


def seed_products(rng: random.Random) -> list[Any]:
    from crm.models import Product

    products = (
        Product(
            name=f"Product {number:03d}",
            price=Decimal(rng.randint(100, 50_000)) / 100,
            stock=rng.randint(0, 100),
        )
        for number in range(PRODUCTS)
    )
    return Product.objects.bulk_create(products, batch_size=BATCH)


def seed_orders(rng: random.Random, customers: list[Any], products: list[Any]) -> int:
    """ORDERS orders of 1 to MAX_ITEMS distinct products, at random times over SPAN_DAYS
    days; the number of order lines."""
    from crm.models import Order

    start = datetime.now(UTC) - timedelta(days=SPAN_DAYS)
    orders, lines = [], []
    for _ in range(ORDERS):
        chosen = rng.sample(products, rng.randint(1, MAX_ITEMS))
        orders.append(
            Order(
                customer_id=rng.choice(customers).pk,
                total_amount=sum((product.price for product in chosen), Decimal("0")),
                order_date=start + timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86_400.0)),
            )
        )
        lines.append(chosen)
    Order.objects.bulk_create(orders, batch_size=BATCH)  # SQLite returns the new ids
    through = Order.products.through
    rows = [
        through(order_id=order.pk, product_id=product.pk)
        for order, chosen in zip(orders, lines, strict=True)
        for product in chosen
    ]
    through.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


# --- the queries, counted in this process ---------------------------------------------


def execute_counted(naive: bool) -> Counted:
    """QUERY run by the schema as the app is, or with the prefetching turned off (on a
    schema built under the patch, so that its resolve_products is the patched one)."""
    import config.schema  # built now, before any patch, so unpatched
    import graphene
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    schema, undo = config.schema.schema, None
    if naive:
        undo = unprefetch()
        schema = graphene.Schema(query=config.schema.Query, mutation=config.schema.Mutation)
    try:
        with CaptureQueriesContext(connection) as captured:
            result = schema.execute(QUERY)
    finally:
        if undo:
            undo()
    if result.errors:
        raise SystemExit(f"bench: in process, naive={naive}: {result.errors}")
    return Counted(result.data or {}, [query["sql"] for query in captured.captured_queries])


def breakdown(queries: Iterable[str]) -> str:
    """How many queries read which table: "1 count crm_order, 1 crm_order, 50 crm_customer"."""
    kinds: Counter[str] = Counter()
    for sql in queries:
        table = re.search(r'\bFROM "(\w+)"', sql)
        name = table.group(1) if table else sql.split()[0]
        kinds[f"count {name}" if re.match(r"SELECT COUNT\(\*\)", sql) else name] += 1
    return ", ".join(f"{number} {kind}" for kind, number in kinds.items())


# --- the servers ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(profile: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "bench:application()"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    command += ["--worker-class", "gthread", "--threads", str(CLIENTS), "--keep-alive", "30"]
    # Unused here, and both servers would share its default path under ~/.gunicorn.
    command += ["--no-control-socket"]
    return subprocess.Popen(
        command,
        cwd=FOLDER,
        env={**bench_environment(folder), PROFILE: profile},
        stdout=(folder / f"{profile}.out").open("wb"),
        stderr=subprocess.STDOUT,
    )


def post(port: int, body: bytes = BODY) -> Answer:
    """One request on a fresh connection: the status, query count and decoded JSON."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", PATH, body=body, headers=HEADERS)
        response = connection.getresponse()
        raw = response.read()
        queries = int(response.getheader(QUERIES_HEADER) or -1)
        try:
            decoded = json.loads(raw) if raw else None
        except ValueError:
            decoded = raw[:200]
        return Answer(response.status, queries, decoded)
    finally:
        connection.close()


def wait_until_answering(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    """Any HTTP answer will do: the worker has loaded the application."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: the {name} server exited (see its output)")
        try:
            post(port, b"{}")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: the {name} server did not answer in 30 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the checks -----------------------------------------------------------------------


def served(port: int, name: str) -> Answer:
    answer = post(port)
    if answer.status != 200 or not isinstance(answer.body, dict):
        raise SystemExit(f"bench: {name}: POST {PATH} answered {answer.status}: {answer.body}")
    if answer.body.get("errors"):
        raise SystemExit(f"bench: {name}: errors: {answer.body['errors']}")
    return answer


def check_page(data: dict[str, Any]) -> None:
    """PAGE orders, newest first, each with a customer and products summing to its total."""
    nodes = [edge["node"] for edge in data["allOrders"]["edges"]]
    if len(nodes) != PAGE:
        raise SystemExit(f"bench: {len(nodes)} orders on the page, not {PAGE}")
    dates = [node["orderDate"] for node in nodes]
    if dates != sorted(dates, reverse=True):
        raise SystemExit("bench: the orders are not newest first")
    for node in nodes:
        prices = [Decimal(edge["node"]["price"]) for edge in node["products"]["edges"]]
        if not node["customer"] or not node["customer"]["email"] or not prices:
            raise SystemExit(f"bench: order {node['id']} lacks its customer or products")
        if sum(prices, Decimal("0")) != Decimal(node["totalAmount"]):
            raise SystemExit(f"bench: order {node['id']}: products do not sum to its total")


def check_servers(ports: dict[str, int], counted: dict[str, Counted]) -> None:
    """Both servers answer this process's data, and run as many queries as counted here."""
    if counted["naive"].data != counted["prefetched"].data:
        raise SystemExit("bench: in process, the naive and prefetched data differ")
    check_page(counted["prefetched"].data)
    for name in SCENARIOS:
        answer = served(ports[name], name)
        if answer.body["data"] != counted[name].data:
            raise SystemExit(f"bench: the {name} server answers other data than this process")
        if answer.queries != len(counted[name].queries):
            raise SystemExit(
                f"bench: the {name} server ran {answer.queries} queries, "
                f"{len(counted[name].queries)} in this process"
            )


# --- the load -------------------------------------------------------------------------


def load(port: int, seconds: float) -> tuple[float, list[float]]:
    """Requests per second and each request's milliseconds, from CLIENTS keep-alive
    threads for `seconds` (a request under way then is finished and counted)."""
    timings: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = timings[index]
        try:
            while time.perf_counter() < stop_at:
                sent = time.perf_counter()
                connection.request("POST", PATH, body=BODY, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                mine.append((time.perf_counter() - sent) * 1000)
                if response.status != 200:
                    raise RuntimeError(f"POST {PATH} answered {response.status}")
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
        raise SystemExit(f"bench: port {port}: {errors[0]!r}")
    everything = [timing for mine in timings for timing in mine]
    return len(everything) / elapsed, everything


def measure(ports: dict[str, int]) -> Results:
    """Per scenario: requests per second of each round, and every request's milliseconds."""
    for name in SCENARIOS:
        load(ports[name], WARM_UP_S)
    results: Results = {name: ([], []) for name in SCENARIOS}
    for number in range(ROUNDS):
        # Alternate the order, so that no scenario always meets a warmer machine.
        for name in SCENARIOS if number % 2 == 0 else reversed(SCENARIOS):
            rps, timings = load(ports[name], ROUND_S)
            results[name][0].append(rps)
            results[name][1].extend(timings)
        line = "   ".join(f"{name} {rounds[-1]:7.1f}" for name, (rounds, _) in results.items())
        print(f"round {number + 1}: {line} rps")
    return results


# --- the run --------------------------------------------------------------------------


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-graphql-crm-") as scratch:
        folder = Path(scratch)
        os.environ.update(bench_environment(folder))
        prepare_database()
        counted = {name: execute_counted(naive=name == "naive") for name in SCENARIOS}
        for name in SCENARIOS:
            queries = counted[name].queries
            print(f"SQL queries per request, {name}: {len(queries)} ({breakdown(queries)})")
        results = run_servers(folder, counted)
    return report(results, {name: len(counted[name].queries) for name in SCENARIOS})


def run_servers(folder: Path, counted: dict[str, Counted]) -> Results:
    """Start the servers, check them, load them; stop them."""
    ports = {name: free_port() for name in SCENARIOS}
    servers = {name: start_server(name, port, folder) for name, port in ports.items()}
    try:
        for name, server in servers.items():
            wait_until_answering(ports[name], server, name)
        check_servers(ports, counted)
        print(
            f"both servers answer the same {PAGE} orders, each with its customer and products, "
            "with the query counts above"
        )
        return measure(ports)
    finally:
        for server in servers.values():
            stop(server)


def percentile(timings: Sequence[float], share: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[share - 1]


def report(results: Results, queries: dict[str, int]) -> int:
    rows = {
        name: (statistics.median(rounds), percentile(timings, 50), percentile(timings, 99))
        for name, (rounds, timings) in results.items()
    }
    print(
        f"POST {PATH} allOrders(first: {PAGE}) of {ORDERS:,} orders, {CLIENTS} keep-alive "
        f"clients; requests/s: median of {ROUNDS} rounds of {ROUND_S} s; latency: every "
        "request of every round"
    )
    header = f"{'scenario':<52} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8}"
    print(header)
    for name, (rps, p50, p99) in rows.items():
        print(f"{LABELS[name]:<52} {rps:>10.1f} {p50:>8.1f} {p99:>8.1f} {queries[name]:>8}")
    prefetched, naive = rows["prefetched"][0], rows["naive"][0]
    speedup = prefetched / naive
    print(
        f"prefetched/naive: {speedup:.2f}x requests per second, "
        f"{queries['prefetched']} against {queries['naive']} SQL queries per request"
    )
    print(
        f"RESULT prefetched_rps={prefetched:.1f} naive_rps={naive:.1f} speedup={speedup:.2f} "
        f"prefetched_queries={queries['prefetched']} naive_queries={queries['naive']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
