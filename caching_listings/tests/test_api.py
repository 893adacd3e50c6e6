"""/api/properties/: pages of 20, filters, staff-only writes, and 400 on bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from properties.models import Property
from rest_framework.test import APIClient
from tests.conftest import MakeProperty

pytestmark = pytest.mark.task("api.properties")
LIST = "/api/properties/"


@pytest.fixture
def staff(db: None) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_user("staff", is_staff=True))
    return client


def test_pages_of_twenty(make_property: MakeProperty) -> None:
    for number in range(25):
        make_property(title=f"p{number}")
    first = APIClient().get(LIST).json()
    assert (first["count"], len(first["results"]), first["results"][0]["title"]) == (25, 20, "p24")
    assert len(APIClient().get(LIST, {"page": 2}).json()["results"]) == 5
    assert APIClient().get(LIST, {"page": 9}).status_code == 404


def test_filters(make_property: MakeProperty) -> None:
    make_property(title="cheap", price="40.00", location="Lisbon")
    make_property(title="mid", price="120.00", location="Lisbon")
    make_property(title="dear", price="900.00", location="Tokyo")
    found = (
        APIClient().get(LIST, {"location": "lis", "min_price": "50", "max_price": "1000"}).json()
    )
    assert [row["title"] for row in found["results"]] == ["mid"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_price": "cheap"}, "min_price"),
        ({"max_price": "1e"}, "max_price"),
        ({"min_price": "-1e999"}, "min_price"),
        ({"max_price": "1e999"}, "max_price"),
        ({"location": "x" * 101}, "location"),
    ],
)
def test_bad_query_parameters_are_400(db: None, params: dict[str, str], field: str) -> None:
    response = APIClient().get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_anyone_reads_one(make_property: MakeProperty) -> None:
    made = make_property(title="Studio in Accra")
    assert APIClient().get(f"{LIST}{made.pk}/").json()["title"] == "Studio in Accra"


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_only_staff_write(make_property: MakeProperty, method: str) -> None:
    made = make_property()
    url = LIST if method == "post" else f"{LIST}{made.pk}/"
    anonymous = getattr(APIClient(), method)(url, {"title": "x"})
    assert anonymous.status_code in {401, 403}
    signed_in = APIClient()
    signed_in.force_authenticate(User.objects.create_user("guest"))
    assert getattr(signed_in, method)(url, {"title": "x"}).status_code == 403
    assert Property.objects.get().title == made.title


VALID = {"title": "Villa", "description": "Pool", "price": "300.00", "location": "Nice"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"price": "-1"}, "price"),
        ({"price": "12345678901"}, "price"),
        ({"price": "abc"}, "price"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"location": "y" * 101}, "location"),
    ],
)
def test_bad_bodies_are_400_and_write_nothing(
    staff: APIClient, changes: dict[str, Any], field: str
) -> None:
    response = staff.post(LIST, {**VALID, **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Property.objects.exists()


def test_staff_create(staff: APIClient) -> None:
    response = staff.post(LIST, VALID, format="json")
    assert response.status_code == 201
    assert Property.objects.get().title == "Villa"
