"""A fake PokeAPI on 127.0.0.1 for the api/ scripts: `python -m fakepokeapi` or FakePokeApi."""

from fakepokeapi.server import NAMES, POKEMON, FakePokeApi, Request, api_shape

__all__ = ["NAMES", "POKEMON", "FakePokeApi", "Request", "api_shape"]
