"""A fake PokeAPI on 127.0.0.1 for the api/ scripts: `python -m fakepokeapi` or FakePokeApi."""

from fakepokeapi.server import (
    DROP,
    NAMES,
    NOT_FOUND_FAILURE,
    POKEMON,
    SERVER_ERROR_FAILURE,
    FakePokeApi,
    Request,
    api_shape,
)

__all__ = [
    "DROP",
    "NAMES",
    "NOT_FOUND_FAILURE",
    "POKEMON",
    "SERVER_ERROR_FAILURE",
    "FakePokeApi",
    "Request",
    "api_shape",
]
