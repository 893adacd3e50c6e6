"""Every query and mutation field of the schema, sent to POST /graphql with arguments that
hypothesis-graphql draws from the schema's own types: valid documents (any value the types
allow: long, empty and odd-script strings, NUL, extreme numbers, dates of any year) and
documents with one schema violation (which standard validation must refuse). No answer is
a 5xx, and none hides an unexpected exception: the view answers those "Internal server
error", so that message means a resolver or the database failed on input nothing checked.

Derandomized and bounded: the same examples on every run, in a few seconds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from crm.views import INTERNAL_ERROR
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

PROPERTY = settings(
    max_examples=120,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values for the custom scalars, as GraphQL literals: mostly well-formed (so that documents
# reach the resolvers and the database), with the edges of each form and a few non-values.
NUMBERS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False).map(str).map(nodes.String),
    st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
    st.integers().map(nodes.Int),
    st.sampled_from(["0.001", "1e400", "-0", "NaN", "Infinity", "٣", "1e-400", "9" * 30]).map(
        nodes.String
    ),
)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=12))])
DATES = st.one_of(
    st.datetimes(timezones=ZONES).map(datetime.isoformat),  # years 1 to 9999
    st.datetimes().map(datetime.isoformat),  # no zone: the server's
    st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "yesterday"]),
).map(nodes.String)
SCALARS = {"Decimal": NUMBERS, "PriceDecimal": NUMBERS, "DateTime": DATES}


def documents(kind: str, mode: Mode) -> st.SearchStrategy[str]:
    """Documents for every field of the root type `kind` ("query" or "mutation"), built on
    first use: a broken schema fails these tests, not the collection of every test."""

    def build() -> st.SearchStrategy[str]:
        from config.schema import schema

        graphql_schema = schema.graphql_schema
        root = graphql_schema.get_type(kind.capitalize())
        return from_schema(
            graphql_schema, fields=list(root.fields), custom_scalars=SCALARS, mode=mode
        )

    return st.deferred(build)


def answer_of(client: Client, document: str) -> tuple[int, dict[str, Any]]:
    """POST the document: JSON, never a 5xx, never an unexpected exception behind it."""
    response = client.post(
        "/graphql", json.dumps({"query": document}), content_type="application/json"
    )
    assert response.status_code < 500, (document, response.content[:500])
    answer: dict[str, Any] = response.json()
    found = [error["message"] for error in answer.get("errors") or []]
    assert INTERNAL_ERROR not in found, document
    return response.status_code, answer


@pytest.mark.task("graphql.limits")
@pytest.mark.usefixtures("catalogue")
@PROPERTY
@given(document=documents("query", Mode.POSITIVE))
def test_any_query_the_schema_allows(client: Client, document: str) -> None:
    answer_of(client, document)


@pytest.mark.task("extras.validation")
@pytest.mark.usefixtures("catalogue")
@PROPERTY
@given(document=documents("mutation", Mode.POSITIVE))
def test_any_mutation_the_schema_allows(client: Client, document: str) -> None:
    answer_of(client, document)


@pytest.mark.task("graphql.limits")
@pytest.mark.usefixtures("catalogue")
@PROPERTY
@given(document=documents("query", Mode.NEGATIVE) | documents("mutation", Mode.NEGATIVE))
def test_any_schema_violation_is_refused_before_it_runs(client: Client, document: str) -> None:
    status, answer = answer_of(client, document)
    assert status == 400, (document, answer)
    assert answer["errors"]
    assert "data" not in answer
