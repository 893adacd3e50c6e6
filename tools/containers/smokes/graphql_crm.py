"""graphql_crm: over HTTP at /graphql, mutations make a customer, two products and an
order, which a filtered query finds (and a stricter filter does not). Beat has loaded its
schedule (generate-crm-report, Mondays 06:00, in django-celery-beat's tables); the report
task, sent once by hand rather than waiting for a Monday, runs on the worker, which
appends its line to crm_report_log.txt on its job-logs volume. After `down` and `up`, the
order and the report's line are read back."""

from __future__ import annotations

import subprocess
import threading
from typing import Any

from tools.containers.smokes import Smoke, mariadb_query, web_json
from tools.containers.stack import Stack, StackError

CUSTOMER = {"name": "Smoke Carol", "email": "carol@smoke.example", "phone": "+1234567890"}
PRODUCTS = (
    {"name": "Smoke Laptop", "price": "999.99"},
    {"name": "Smoke Phone", "price": "499.50"},
)
TOTAL = "1499.49"
# The end of the report's line once the order is made (the start is the time).
REPORTED = f"- Report: 1 customers, 1 orders, {TOTAL} revenue"
CREATE_CUSTOMER = "mutation($c: CustomerInput!) { createCustomer(input: $c) { customer { id } } }"
CREATE_PRODUCT = "mutation($p: ProductInput!) { createProduct(input: $p) { product { id } } }"
CREATE_ORDER = "mutation($o: OrderInput!) { createOrder(input: $o) { order { id totalAmount } } }"
# A customer's orders of at least `minimum`: Carol's one order at 1000, none at 1500.
ORDERS = (
    "query($name: String, $minimum: Decimal) { allOrders(filter: {customerName: $name,"
    " totalAmountGte: $minimum}) { totalCount edges { node { products { edges { node { name"
    " } } } } } } }"
)
BEAT_ENTRY = (
    "SELECT p.task, c.minute, c.hour, c.day_of_week FROM graphql_crm.django_celery_beat_"
    "periodictask p JOIN graphql_crm.django_celery_beat_crontabschedule c ON c.id = p.crontab_id"
    " WHERE p.name = 'generate-crm-report' AND p.enabled"
)
# Sent from the web's container, run by the worker's: the answer is the worker's line.
SEND_REPORT = (
    "from crm.tasks import generate_crm_report; print(generate_crm_report.delay().get(timeout=60))"
)
REPORT_FILE = "/home/app/logs/crm_report_log.txt"  # compose.yaml: the worker's CRM_REPORT_LOG
BEAT_READY = "DatabaseScheduler: Schedule changed."


def graphql(stack: Stack, document: str, **variables: Any) -> dict[str, Any]:
    status, answer = web_json(stack, "/graphql", {"query": document, "variables": variables})
    if status != 200 or answer.get("errors"):
        raise StackError(f"/graphql answered {status}: {answer}")
    data: dict[str, Any] = answer["data"]
    return data


def orders_then_report(stack: Stack) -> None:
    customer = graphql(stack, CREATE_CUSTOMER, c=CUSTOMER)["createCustomer"]["customer"]
    products = [
        graphql(stack, CREATE_PRODUCT, p={**product, "stock": 5})["createProduct"]["product"]
        for product in PRODUCTS
    ]
    order = {"customerId": customer["id"], "productIds": [p["id"] for p in products]}
    made = graphql(stack, CREATE_ORDER, o=order)["createOrder"]["order"]
    if made["totalAmount"] != TOTAL:
        raise StackError(f"the order's total is {made['totalAmount']}, not {TOTAL}")
    filtered_orders(stack)
    beat_schedule(stack)
    line = stack.compose(
        "exec", "-T", "web", "python", "manage.py", "shell", "--verbosity", "0", "-c", SEND_REPORT
    ).strip()
    if not line.endswith(REPORTED):
        raise StackError(f"the report task answered {line!r}")
    if line not in report(stack):
        raise StackError(f"{REPORT_FILE} lacks the task's line {line!r}")


def filtered_orders(stack: Stack) -> None:
    found = graphql(stack, ORDERS, name=CUSTOMER["name"], minimum=1000)["allOrders"]
    orders = [edge["node"] for edge in found["edges"]]
    names = [edge["node"]["name"] for order in orders for edge in order["products"]["edges"]]
    if found["totalCount"] != 1 or sorted(names) != sorted(p["name"] for p in PRODUCTS):
        raise StackError(f"orders of at least 1000: {found}, not the one order")
    stricter = graphql(stack, ORDERS, name=CUSTOMER["name"], minimum=1500)["allOrders"]
    if stricter["totalCount"] != 0:
        raise StackError(f"orders of at least 1500: {stricter}, not none")


def beat_schedule(stack: Stack) -> None:
    """Beat wrote CELERY_BEAT_SCHEDULE into the database when it started."""
    printed(stack, "beat", BEAT_READY)
    entry = mariadb_query(stack, "mariadb", BEAT_ENTRY)
    if entry.split("\t") != ["crm.tasks.generate_crm_report", "0", "6", "mon"]:
        raise StackError(f"beat's entry for generate-crm-report is {entry!r}")


def report(stack: Stack) -> list[str]:
    """The report file's lines, read on the worker's volume (by a container of its own:
    after `down` and `up` the worker is not among the services brought back)."""
    read = stack.compose("run", "--rm", "--no-deps", "-T", "worker", "cat", REPORT_FILE)
    return read.splitlines()


def printed(stack: Stack, service: str, text: str, timeout: float = 120) -> None:
    """Block until the service's output holds `text` (`docker logs --follow`), or fail
    when the deadline passes."""
    command = ["docker", "logs", "--follow", stack.containers()[service]]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        deadline = threading.Timer(timeout, process.kill)
        deadline.start()
        try:
            assert process.stdout is not None
            if any(text in line for line in process.stdout):
                return
        finally:
            deadline.cancel()
            process.kill()
    raise StackError(f"{service} did not print {text!r} within {timeout:.0f} s")


def still_there(stack: Stack) -> None:
    """The web still finds the order, and the report keeps the task's line."""
    filtered_orders(stack)
    if not any(line.endswith(REPORTED) for line in report(stack)):
        raise StackError(f"{REPORT_FILE} lost the task's line after down and up")


SMOKE = Smoke(run=orders_then_report, persisted=still_there)
