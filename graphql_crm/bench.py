"""What prefetching buys the order list: requests per second, p50/p99 latency and SQL
queries per request of `allOrders(first: 50)` with each order's customer and products,
from two gunicorn servers side by side (production settings, DEBUG off):

    prefetched   the app as it is: crm.selectors.orders_with_details joins the customer
                 (select_related) and prefetches the products
    naive        the same app with that function turned into a no-op by the bench: each
                 order costs a query for its customer and one for its products

    cd graphql_crm && python bench.py           (--smoke: 100 orders, one short round)
    make bench MODULE=graphql_crm               (from the repository root)

The data: a temporary SQLite database filled by `manage.py seed_db` (CUSTOMERS customers,
PRODUCTS products, ORDERS orders of 1 to 4 products). Both servers must answer the same
bytes. Each counts the SQL queries of a request sent with the header COUNT_HEADER, and
answers that request with the statements instead of the page: the count is the measured
server's own. The last line is `RESULT prefetched_rps=... naive_rps=... speedup=...
prefetched_queries=... naive_queries=...` (speedup: prefetched/naive requests per second).
No goal was set: the bench reports, it does not judge.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

from bench_support import (
    PRODUCTION_ON_LOOPBACK,
    Measured,
    Scenario,
    gunicorn,
    measure,
    result_line,
    send,
    sized,
    table,
)

FOLDER = Path(__file__).resolve().parent
PROFILE = "BENCH_PROFILE"  # "prefetched" or "naive", read by application()
SQLITE = "BENCH_SQLITE"  # the temporary database, read by configure()
COUNT_HEADER = "X-Bench-Count-Queries"
PAGE = 50
QUERY = (
    f"{{ allOrders(first: {PAGE}) {{ edges {{ node {{ id totalAmount orderDate "
    "customer { name email } products { edges { node { name price } } } } } } }"
)
ORDERS_PAGE = ("POST", "/graphql", json.dumps({"query": QUERY}).encode())
JSON = {"Content-Type": "application/json"}
CUSTOMERS = sized(1_000, 20)
PRODUCTS = sized(200, 20)
ORDERS = sized(10_000, 100)
CLIENTS = 4
ROUNDS = sized(6, 1)
ROUND_S = sized(3.0, 0.3)
WARM_UP_S = sized(1.0, 0.1)  # per scenario; every client sends at least one request
LABELS = {
    "prefetched": "prefetched (select_related + prefetch_related)",
    "naive": "naive (a query per customer and per product list)",
}


# --- inside the servers -------------------------------------------------------------


def configure() -> None:
    """Before Django starts: the temporary database, with persistent connections as in
    production (reconnecting on every request would blur what is measured)."""
    from django.conf import settings

    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ[SQLITE]}
    settings.DATABASES["default"] = {**database, "CONN_MAX_AGE": 600}


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    configure()
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    if os.environ[PROFILE] == "naive":
        from crm import selectors

        # Looked up on every call by OrderType.get_queryset: neither joined nor prefetched.
        selectors.orders_with_details = lambda orders: orders
    return counting(app)


def counting(app: Callable[..., Any]) -> Callable[..., Any]:
    """The app; a request with COUNT_HEADER is answered with the SQL it ran (a JSON list)."""
    from django.db import connection

    asked = "HTTP_" + COUNT_HEADER.upper().replace("-", "_")

    def served(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if asked not in environ:
            return app(environ, start_response)
        statements: list[str] = []
        statuses: list[str] = []

        def record(execute: Callable[..., Any], sql: str, *rest: Any) -> Any:
            statements.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(record):
            answer = app(environ, lambda status, *rest: statuses.append(status))
        answer.close()  # Django's request_finished, as after any request
        start_response(statuses[0], list(JSON.items()))
        return [json.dumps(statements).encode()]

    return served


# --- the run --------------------------------------------------------------------------


def prepare_database(folder: Path) -> None:
    """Production settings on loopback and the temporary database, seeded, in this
    process's environment (the servers inherit it)."""
    for outside in ("DATABASE_URL", "REDIS_URL"):  # the bench's own database, no cache
        os.environ.pop(outside, None)
    os.environ.update(
        PRODUCTION_ON_LOOPBACK,
        **{SQLITE: str(folder / "bench.sqlite3")},
    )
    import django

    configure()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_db", customers=CUSTOMERS, products=PRODUCTS, orders=ORDERS, seed=1)


def same_page(ports: dict[str, int]) -> None:
    """Both servers answer the same bytes: the same work, done two ways."""
    answers = {send(port, (*ORDERS_PAGE, JSON)) for port in ports.values()}
    (status, body), *others = answers
    if others or status != 200:
        raise SystemExit(f"bench: the servers answer {sorted(s for s, _ in answers)}, or differ")
    print(f"both servers answer the same {PAGE} orders, {len(body):,} bytes")


def statements_of_one_page(port: int) -> list[str]:
    """The SQL the server runs for one request of the page."""
    status, body = send(port, (*ORDERS_PAGE, {**JSON, COUNT_HEADER: "yes"}))
    if status != 200:
        raise SystemExit(f"bench: the server on port {port} answered {status} to the count")
    return list(json.loads(body))


def breakdown(statements: list[str]) -> str:
    """How many read which table: "1 count crm_order, 1 crm_order, 50 crm_customer"."""
    kinds: Counter[str] = Counter()
    for sql in statements:
        table_read = re.search(r'\bFROM "(\w+)"', sql)
        name = table_read.group(1) if table_read else sql.split()[0]
        kinds[f"count {name}" if sql.startswith("SELECT COUNT(*)") else name] += 1
    return ", ".join(f"{number} {kind}" for kind, number in kinds.items())


def server(name: str, folder: Path) -> AbstractContextManager[int]:
    """The gunicorn server of this scenario; its port."""
    environment = {**os.environ, PROFILE: name}
    return gunicorn(FOLDER, environment, folder / f"{name}.out", threads=CLIENTS)


def run_servers(folder: Path) -> tuple[dict[str, Measured], dict[str, int]]:
    """Each scenario's measures, and its SQL queries per request."""
    with ExitStack() as servers:
        ports = {name: servers.enter_context(server(name, folder)) for name in LABELS}
        same_page(ports)
        counts = {}
        for name, port in ports.items():
            statements = statements_of_one_page(port)
            counts[name] = len(statements)
            print(f"SQL queries per request, {name}: {counts[name]} ({breakdown(statements)})")
        request = (*ORDERS_PAGE, JSON)
        scenarios = [
            Scenario(name, port, lambda client, number: request) for name, port in ports.items()
        ]
        results = measure(
            scenarios, clients=CLIENTS, rounds=ROUNDS, seconds=ROUND_S, warm_up=WARM_UP_S
        )
    return results, counts


def report(results: dict[str, Measured], counts: dict[str, int]) -> None:
    print(
        f"POST /graphql allOrders(first: {PAGE}) of {ORDERS:,} orders, {CLIENTS} keep-alive "
        f"clients; requests/s: median of {ROUNDS} rounds of {ROUND_S} s; latency: every "
        "request of every round"
    )
    table(results, {name: f"{label}, {counts[name]} queries" for name, label in LABELS.items()})
    prefetched, naive = results["prefetched"].rps, results["naive"].rps
    values = {"prefetched_rps": f"{prefetched:.1f}", "naive_rps": f"{naive:.1f}"}
    values["speedup"] = f"{prefetched / naive:.2f}"
    values |= {f"{name}_queries": str(count) for name, count in counts.items()}
    print(result_line(values))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-graphql-crm-") as scratch:
        prepare_database(Path(scratch))
        results, counts = run_servers(Path(scratch))
    report(results, counts)


if __name__ == "__main__":
    main()
