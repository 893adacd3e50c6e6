"""shell: the fake PokeAPI answers from outside; the demo service's batch.sh fetched the
five default Pokémon from it and summary.sh wrote their report (its output and its files
on the demo's volume, read back after `down` and `up`); the tests service passes."""

from __future__ import annotations

import json

from tools.containers.smokes import Smoke, ended_cleanly
from tools.containers.stack import Stack, StackError, http, run

BATCH = ("bulbasaur", "ivysaur", "venusaur", "charmander", "charmeleon")
REPORT = (
    "Name,Height (m),Weight (kg)\n"
    "Bulbasaur,0.7,6.9\n"
    "Charmander,0.6,8.5\n"
    "Charmeleon,1.1,19.0\n"
    "Ivysaur,1.0,13.0\n"
    "Venusaur,2.0,100.0"
)
AVERAGES = "Average Height: 1.08 m\nAverage Weight: 29.48 kg"


def fake_api_then_demo(stack: Stack) -> None:
    status, body = http(stack.url("pokeapi", 8000, "/api/v2/pokemon/pikachu"))
    pikachu = json.loads(body) if status == 200 else {}
    if (pikachu.get("id"), pikachu.get("height"), pikachu.get("weight")) != (25, 4, 60):
        raise StackError(f"the fake API answered {status} for pikachu: {body[:200]!r}")
    ended_cleanly(stack, "demo")
    # The container's own output, without the prefix `compose logs` puts on each line.
    output = run(["docker", "logs", stack.containers()["demo"]])
    expected = [f"Saved data to pokemon_data/{name}.json" for name in BATCH]
    missing = [text for text in (*expected, REPORT, AVERAGES) if text not in output]
    if missing:
        raise StackError(f"the demo's output lacks {missing[0]!r}:\n{output[-2000:]}")
    demo_files(stack)
    ended_cleanly(stack, "tests")


def demo_files(stack: Stack) -> None:
    """The report and the fetched files, on the demo's volume."""
    report = demo_run(stack, "cat", "pokemon_report.csv")
    if report != REPORT:
        raise StackError(f"pokemon_report.csv holds {report!r}, not {REPORT!r}")
    saved = demo_run(stack, "ls", "pokemon_data").split()
    if sorted(saved) != sorted(f"{name}.json" for name in BATCH):
        raise StackError(f"pokemon_data/ holds {saved}, not the five Pokémon of the batch")


def demo_run(stack: Stack, *command: str) -> str:
    return stack.compose("run", "--rm", "--no-deps", "-T", "demo", *command).strip()


SMOKE = Smoke(run=fake_api_then_demo, persisted=demo_files)
