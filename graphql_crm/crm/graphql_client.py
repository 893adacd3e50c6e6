"""A GraphQL request over HTTP with the gql client, for the jobs that talk to the API as
any client would (cron scripts, django-crontab functions). No Django needed."""

from __future__ import annotations

from typing import Any

from gql import Client, gql
from gql.transport.exceptions import TransportError
from gql.transport.requests import RequestsHTTPTransport
from requests.exceptions import RequestException

# What a job catches when the API does not answer or refuses the document.
ERRORS = (TransportError, RequestException)


def graphql(url: str, document: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The `data` of the answer; raises one of ERRORS on a transport or GraphQL error."""
    transport = RequestsHTTPTransport(url=url, timeout=10, retries=2)
    with Client(transport=transport, fetch_schema_from_transport=False) as session:
        return dict(session.execute(gql(document), variable_values=variables))
