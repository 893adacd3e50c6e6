"""Reading any learner's schema the way the program's text allows: documents written with
literals (no input type names), arguments found by what their names say, a product list
or a connection, refusals raised or reported, logs where the program puts them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

Run = Callable[..., dict[str, Any]]

TYPE = "type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"


def literal(value: Any) -> str:
    """A Python value as a GraphQL literal: `{name: "Ann", productIds: ["1"]}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return json.dumps(str(value))


def words(answer: dict[str, Any]) -> str:
    """Every message of an answer, lower case: its errors and any payload text."""
    found = [str(error.get("message", "")) for error in answer.get("errors") or []]

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(answer.get("data"))
    return " ".join(found).lower()


def created(answer: dict[str, Any], field: str, key: str) -> dict[str, Any] | None:
    """The object a mutation created (`data.<field>.<key>`), or None when it made none."""
    payload = (answer.get("data") or {}).get(field)
    return None if payload is None else payload.get(key)


def refused(answer: dict[str, Any], field: str, key: str, *about: str) -> None:
    """The mutation made nothing, and said why: its answer (an error, or the payload's
    message) names one of `about`."""
    assert created(answer, field, key) is None, f"{field} was accepted: {answer}"
    invalid = [
        str(error.get("message"))
        for error in answer.get("errors") or []
        if re.match(
            r"Cannot query field|Unknown argument|Field '[^']+' is not defined",
            str(error.get("message")),
        )
    ]
    assert not invalid, f"the document does not fit the schema: {invalid[0]}"
    text = words(answer)
    assert text, f"{field} refused without a word: {answer}"
    assert any(word in text for word in about), f"{field}: no mention of {about[0]}: {text}"


def is_list(kind: dict[str, Any]) -> bool:
    while kind["kind"] == "NON_NULL":
        kind = kind["ofType"]
    return bool(kind["kind"] == "LIST")


def unwrap(kind: dict[str, Any]) -> dict[str, Any]:
    while kind.get("ofType"):
        kind = kind["ofType"]
    return kind


def normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class Schema:
    """What a schema offers, read by introspection."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def query_fields(self) -> dict[str, dict[str, Any]]:
        answer = self.run(
            f"{{ __schema {{ queryType {{ fields {{ name args {{ name {TYPE} }} }} }} }} }}"
        )
        assert "errors" not in answer, answer["errors"]
        return {
            field["name"]: field for field in answer["data"]["__schema"]["queryType"]["fields"]
        }

    def type_fields(self, name: str) -> dict[str, dict[str, Any]]:
        answer = self.run(
            f'{{ __type(name: "{name}") {{ fields {{ name {TYPE} }}'
            f" inputFields {{ name {TYPE} }} }} }}"
        )
        found = answer["data"]["__type"] or {}
        return {
            field["name"]: field
            for field in (found.get("fields") or found.get("inputFields") or [])
        }

    def argument(self, field: str, *readings: str) -> tuple[str, str]:
        """How to pass a filter of `field` named by one of `readings` (compared without case
        or punctuation): ("direct", name) for `field(name: ...)`, ("filter", name) for
        `field(filter: {name: ...})`."""
        query = self.query_fields()
        assert field in query, f"no {field} query"
        wanted = {normal(reading) for reading in readings}
        arguments = {argument["name"]: argument for argument in query[field]["args"]}
        for name in arguments:
            if normal(name) in wanted:
                return "direct", name
        if "filter" in arguments:
            kind = unwrap(arguments["filter"]["type"])
            for name in self.type_fields(kind["name"]):
                if normal(name) in wanted:
                    return "filter", name
        raise AssertionError(
            f"{field} takes no filter named like {readings[0]}: {list(arguments)}"
        )

    def arguments(self, field: str, filters: dict[tuple[str, ...], Any]) -> str:
        """The argument text of `field` for filters given by their readings."""
        direct, inside = [], []
        for readings, value in filters.items():
            where, name = self.argument(field, *readings)
            (direct if where == "direct" else inside).append(f"{name}: {literal(value)}")
        if inside:
            direct.append("filter: {" + ", ".join(inside) + "}")
        return ", ".join(direct)

    def order_by(self, field: str, order: str) -> str:
        """`orderBy: "-stock"`, or `orderBy: ["-stock"]` where it takes a list."""
        arguments = {a["name"]: a for a in self.query_fields()[field]["args"]}
        name = next((name for name in arguments if normal(name) == "orderby"), None)
        assert name, f"{field} has no orderBy argument: {list(arguments)}"
        kind = arguments[name]["type"]
        while kind["kind"] == "NON_NULL":
            kind = kind["ofType"]
        return f"{name}: {literal([order] if kind['kind'] == 'LIST' else order)}"


def with_products(run: Run, document: str) -> dict[str, Any]:
    """Run a document whose `PRODUCTS` stands for an order's products: a plain list
    (`products { name }`, the program's createOrder checkpoint) or a connection
    (`products { edges { node { name } } }`, its allOrders one), whichever the schema has."""
    answer = run(document.replace("PRODUCTS", "products { name price }"))
    if any("Cannot query field" in str(e.get("message")) for e in answer.get("errors") or []):
        answer = run(document.replace("PRODUCTS", "products { edges { node { name price } } }"))
    return answer


def products_of(order: dict[str, Any]) -> list[dict[str, Any]]:
    products = order["products"]
    return [edge["node"] for edge in products["edges"]] if isinstance(products, dict) else products


def nodes(answer: dict[str, Any], field: str) -> list[dict[str, Any]]:
    assert "errors" not in answer, answer["errors"]
    return [edge["node"] for edge in answer["data"][field]["edges"]]


def money(value: Any) -> Decimal:
    """A price or total as the schema gives it (a Decimal string or a Float), to the cent."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


class Appended:
    """Lines appended to log files from now on: the program's fixed path (/tmp/...) and
    the path this module's settings may give instead."""

    def __init__(self, *paths: Path) -> None:
        self.sizes = {path: path.stat().st_size if path.exists() else 0 for path in paths}

    def lines(self) -> list[str]:
        found: list[str] = []
        for path, size in self.sizes.items():
            if path.exists():
                with path.open("rb") as log:
                    log.seek(size if path.stat().st_size >= size else 0)
                    found += log.read().decode("utf-8", "replace").splitlines()
        return [line for line in found if line.strip()]


def mentions(lines: Iterable[str], *texts: str) -> bool:
    return any(all(text.lower() in line.lower() for text in texts) for line in lines)
