"""GraphiQL (DEBUG on) loads every file from this server, each matching its hash."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from graphene_django.views import GraphQLView

pytestmark = pytest.mark.task("extras.graphiql")
ASSET = re.compile(r'(?:src|href)="(?P<url>[^"]+)"\s+integrity="(?P<sri>[^"]+)"')


def graphiql_page() -> str:
    request = RequestFactory().get("/graphql", HTTP_ACCEPT="text/html")
    response = GraphQLView.as_view(graphiql=True)(request)
    assert response.status_code == 200
    return response.content.decode()


def test_every_asset_is_ours_and_intact(db: None) -> None:
    page = graphiql_page()
    assets = ASSET.findall(page)
    assert len(assets) >= 7
    assert "cdn." not in page
    assert "//unpkg" not in page
    for url, sri in assets:
        assert url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL), (
            url
        )
        found = finders.find(url.split(settings.STATIC_URL, 1)[1])
        assert found, f"{url} is not among the static files"
        digest = base64.b64encode(hashlib.sha256(Path(str(found)).read_bytes()).digest()).decode()
        assert sri == f"sha256-{digest}", f"{url} does not match its integrity hash"
