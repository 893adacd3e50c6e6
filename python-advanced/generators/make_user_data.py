"""Write user_data.csv: synthetic users (`name,email,age`), the same bytes on every run.

    cd python-advanced && python -m generators.make_user_data [ROWS] [PATH]

A fixed random seed and fixed name lists make the file reproducible, so the shipped CSV
can be checked against this script (tests/generators/test_seed.py does).
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROWS = 1000
SEED = 20240101
OUTPUT = Path(__file__).resolve().parent / "user_data.csv"
FIRST_NAMES = (
    "Ada", "Alan", "Amara", "Bola", "Carmen", "Chidi", "Dan", "Dalia", "Efua", "Emeka",
    "Fatima", "Grace", "Hassan", "Ines", "Jomo", "Kofi", "Lena", "Mariam", "Nadia", "Omar",
    "Priya", "Quentin", "Rosa", "Sade", "Tariq", "Uche", "Vera", "Wanjiru", "Yusuf", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Abebe", "Banda", "Castillo", "Diallo", "Eze", "Fofana", "Garcia", "Haddad", "Ito",
    "Juma", "Kamau", "Lopez", "Mensah", "Nkosi", "Okafor", "Perez", "Quaye", "Rossi",
    "Sato", "Traore", "Usman", "Varga", "Wright", "Xu", "Yeboah", "Zulu",
)  # fmt: skip
DOMAINS = ("example.com", "example.org", "example.net")
MIN_AGE, MAX_AGE = 16, 90


def user_rows(count: int, seed: int = SEED) -> Iterator[tuple[str, str, int]]:
    """Yield `count` users `(name, email, age)`; emails are unique (they carry the row number)."""
    generator = random.Random(seed)
    for number in range(1, count + 1):
        first, last = generator.choice(FIRST_NAMES), generator.choice(LAST_NAMES)
        domain = generator.choice(DOMAINS)
        email = f"{first.lower()}.{last.lower()}{number}@{domain}"
        yield f"{first} {last}", email, generator.randint(MIN_AGE, MAX_AGE)


def write_user_data(path: Path, count: int = ROWS) -> None:
    """Write the header `name,email,age` and `count` rows, with `\\n` line endings."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(("name", "email", "age"))
        writer.writerows(user_rows(count))


def main(argv: list[str]) -> None:
    """`[ROWS] [PATH]`: how many rows, and where (default: user_data.csv beside this file)."""
    count = int(argv[0]) if argv else ROWS
    path = Path(argv[1]) if len(argv) > 1 else OUTPUT
    write_user_data(path, count)
    print(f"wrote {count} users to {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
