"""One at a time versus a pool of jobs: 20 Pokémon with api/batch.sh and api/parallel.sh.

    cd shell && python bench.py [--smoke]
    make bench MODULE=shell            (from the repository root)

Starts the fake PokeAPI in this process with 200 ms of latency on every response, then
fetches Pokémon #1-#20 with `batch.sh` (BATCH_DELAY=0: one request after another, no
pause) and with `parallel.sh -j 8`, each run in a temporary folder of its own, checking
that every run saved all 20 files. The latency stands for the network: with it, eight
requests at once should take about as long as one. The two alternate for 3 rounds and
each keeps its best time, so a moment of load on the machine does not decide the ratio.
The last line is `RESULT serial_s=... parallel_s=... ratio=...`; the ratio
serial/parallel must be at least 5 (exit 1 otherwise). `--smoke` fetches 8 Pokémon in one
round and does not judge the ratio: one short round is too noisy for a verdict.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fakepokeapi import POKEMON, FakePokeApi

MODULE = Path(__file__).resolve().parent
LATENCY = 0.2  # seconds per response
SMOKE = "--smoke" in sys.argv[1:]
JOBS = 8
ROUNDS = 1 if SMOKE else 3
MIN_RATIO = 5.0
NAMES = [record["name"] for record in POKEMON if record["id"] <= (8 if SMOKE else 20)]


def timed_fetch(command: list[str], base_url: str) -> float:
    """Wall time of `command` + NAMES in a fresh folder; exits if a file is missing."""
    environment = {
        **os.environ,
        "POKEAPI_BASE_URL": base_url,
        "POKEAPI_TIMEOUT": "10",
        "BATCH_DELAY": "0",
        "RETRY_DELAY": "1",
    }
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        started = time.perf_counter()
        result = subprocess.run(
            [*command, *NAMES],
            cwd=folder,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        saved = sorted(path.name for path in (Path(folder) / "pokemon_data").glob("*.json"))
    expected = sorted(f"{name}.json" for name in NAMES)
    if result.returncode != 0 or saved != expected:
        print(result.stderr, end="", file=sys.stderr)
        name = Path(command[0]).name
        raise SystemExit(f"bench: {name} saved {len(saved)} of {len(NAMES)} files")
    return seconds


def main() -> int:
    commands = {
        "api/batch.sh (one at a time)": [str(MODULE / "api" / "batch.sh")],
        f"api/parallel.sh -j {JOBS}": [str(MODULE / "api" / "parallel.sh"), "-j", str(JOBS)],
    }
    times: dict[str, list[float]] = {label: [] for label in commands}
    with FakePokeApi(latency=LATENCY) as api:
        print(f"fake PokeAPI at {api.url}, {LATENCY * 1000:.0f} ms per response")
        print(f"{len(NAMES)} Pokémon: {NAMES[0]} ... {NAMES[-1]}; best of {ROUNDS} rounds")
        for _ in range(ROUNDS):  # alternated, so both see the same machine load
            for label, command in commands.items():
                times[label].append(timed_fetch(command, api.url))
    for label, seconds in times.items():
        rounds = " ".join(f"{value:.3f}" for value in seconds)
        print(f"{label:32}{min(seconds):>8.3f}s   (rounds: {rounds})")
    serial, parallel = (min(seconds) for seconds in times.values())
    ratio = serial / parallel
    print(f"ratio serial/parallel: {ratio:.2f} (required: at least {MIN_RATIO:g})")
    print(f"RESULT serial_s={serial:.3f} parallel_s={parallel:.3f} ratio={ratio:.2f}")
    if ratio < MIN_RATIO and not SMOKE:
        print(f"bench: parallel.sh is not {MIN_RATIO:g} times faster", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
