"""The large data set, made deterministically from a seed.

Each table is a list of lines of tab-separated text, `\\N` for NULL, sorted by primary key
(the first column): the format both MariaDB's LOAD DATA and PostgreSQL's COPY read, so
the loaders pass the same bytes to each engine. InnoDB stores a table in primary-key
order, and rows that arrive in that order are appended instead of splitting pages.

Users and properties come first, from their own seeded `random.Random`. Bookings are made
in chunks of `CHUNK` bookings, each chunk with its own generators (seeded by the seed,
the table and the chunk's number) for its bookings and for the payments, reviews and
messages that belong to them. Chunks are independent, so they can be made in parallel
processes and the result is the same bytes whatever the number of processes.
"""

from __future__ import annotations

import datetime
import os
import random
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

SEED = 20240601
DEFAULT_BOOKINGS = 1_000_000
CHUNK = 100_000
FIRST_DAY = datetime.date(2021, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)  # no booking ends after it
NULL = "\\N"  # NULL in LOAD DATA's and COPY's text format

# Locations as the seed writes them, "City, Country"; queries/index_targets.sql asks for
# 'Lisbon, Portugal'. Each gets an equal share of the properties.
CITIES = (
    "Nairobi, Kenya", "Mombasa, Kenya", "Lagos, Nigeria", "Abuja, Nigeria", "Accra, Ghana",
    "Kigali, Rwanda", "Cairo, Egypt", "Cape Town, South Africa",
    "Johannesburg, South Africa", "Addis Ababa, Ethiopia", "Casablanca, Morocco",
    "Marrakesh, Morocco", "Tunis, Tunisia", "Dakar, Senegal", "Kampala, Uganda",
    "Dar es Salaam, Tanzania", "Zanzibar, Tanzania", "Lusaka, Zambia", "Windhoek, Namibia",
    "Gaborone, Botswana", "Maputo, Mozambique", "Lisbon, Portugal", "Porto, Portugal",
    "Ericeira, Portugal", "Barcelona, Spain", "Amsterdam, Netherlands", "Bergen, Norway",
    "London, United Kingdom", "Paris, France", "Dubai, United Arab Emirates",
)  # fmt: skip
FIRST_NAMES = (
    "Amina", "Kwame", "Zainab", "Chidi", "Fatuma", "Tendai", "Ngozi", "Yaw", "Aisha",
    "Kofi", "Wanjiru", "Tunde", "Nia", "Sipho", "Halima", "Jabari", "Imani", "Kamau",
    "Ayo", "Lerato", "Omar", "Grace", "David", "Sarah", "Moses", "Esther", "Ali", "Mary",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Mensah", "Mwangi", "Abebe", "Diallo", "Nkosi", "Uwimana", "Hassan",
    "Otieno", "Adeyemi", "Boateng", "Kariuki", "Ndlovu", "Tesfaye", "Mutua", "Banda",
    "Kamara", "Achieng", "Osei", "Moyo", "Ibrahim", "Njoroge", "Eze", "Sow",
)  # fmt: skip
PLACE_KINDS = ("Apartment", "Studio", "Villa", "Cottage", "Loft", "Bungalow", "Guesthouse")
PLACE_STYLES = ("Sunny", "Quiet", "Modern", "Cosy", "Spacious", "Central", "Garden")
COMMENTS = {
    1: ("Not as described.", "Dirty and noisy; would not stay again."),
    2: ("Below expectations.", "The host was slow to answer."),
    3: ("Fine for a short stay.", "Good location, tired furniture."),
    4: ("Very good stay.", "Clean and comfortable, close to everything."),
    5: ("Perfect in every way.", "Wonderful host, spotless place, great view."),
}
MESSAGES = (
    "Hello, is the place available on those dates?",
    "What time is check-in?",
    "Thank you for your stay!",
    "Could you send the directions again?",
    "Is there parking near the building?",
    "Your booking is confirmed; see you soon.",
)
# Percent shares: a booking's status, a payment's method, a review's rating, a stay's nights.
STATUSES = {"confirmed": 78, "pending": 12, "canceled": 10}
METHODS = {"credit_card": 60, "paypal": 25, "stripe": 15}
RATINGS = {5: 40, 4: 33, 3: 15, 2: 7, 1: 5}
NIGHTS = {1: 12, 2: 18, 3: 17, 4: 13, 5: 10, 6: 8, 7: 9, 8: 3, 10: 3, 14: 5, 21: 2}
PAID_SHARE = 0.9  # of confirmed bookings: the others still await payment
REVIEWED_SHARE = 0.3  # of all bookings, taken from the confirmed ones
MESSAGE_EVERY = 20  # one message per this many bookings
LEAD_DAYS = 120  # a booking is made 1 to this many days before its stay

COLUMNS: dict[str, tuple[str, ...]] = {
    "users": (
        "user_id", "first_name", "last_name", "email", "password_hash", "phone_number",
        "role", "created_at",
    ),
    "properties": (
        "property_id", "host_id", "name", "description", "location", "pricepernight",
        "created_at", "updated_at",
    ),
    "bookings": (
        "booking_id", "property_id", "user_id", "start_date", "end_date", "total_price",
        "status", "created_at",
    ),
    "payments": ("payment_id", "booking_id", "amount", "payment_date", "payment_method"),
    "reviews": ("review_id", "property_id", "user_id", "rating", "comment", "created_at"),
    "messages": ("message_id", "sender_id", "recipient_id", "message_body", "sent_at"),
}  # fmt: skip
TABLES = tuple(COLUMNS)  # parents before children: the order to load them in

# Day and clock texts, computed once: formatting dates is most of the cost otherwise.
_DAY_OFFSET = 4 * 366  # days before FIRST_DAY that _stamp can be asked for
_DAYS = [
    (FIRST_DAY + datetime.timedelta(days=day - _DAY_OFFSET)).isoformat()
    for day in range(_DAY_OFFSET + (LAST_DAY - FIRST_DAY).days + 60)
]
_CLOCK: list[str] = []
T = TypeVar("T")
_UUID_CLEAR = ~(0xF000 << 64) & ~(0xC000 << 48)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)  # version 4, RFC 4122 variant


@dataclass(frozen=True)
class Sizes:
    """How many users and properties go with a number of bookings."""

    bookings: int

    def __post_init__(self) -> None:
        if isinstance(self.bookings, bool) or not isinstance(self.bookings, int):
            raise TypeError(f"bookings must be an int, not {type(self.bookings).__name__}")
        if self.bookings <= 0:
            raise ValueError(f"bookings must be a positive number, got {self.bookings}")

    @property
    def users(self) -> int:
        return max(20, self.bookings // 10)

    @property
    def admins(self) -> int:
        return max(1, self.users // 2000)

    @property
    def hosts(self) -> int:
        return max(2, self.users // 20)

    @property
    def properties(self) -> int:
        return max(5, self.bookings // 50)


@dataclass
class DataSet:
    """Every table's lines (tab-separated text, sorted by primary key)."""

    sizes: Sizes
    seed: int
    lines: dict[str, list[str]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.lines[table])

    def rows(self, table: str) -> list[tuple[str | None, ...]]:
        """The table's rows as tuples of text, None for NULL."""
        return [
            tuple(None if value == NULL else value for value in line.split("\t"))
            for line in self.lines[table]
        ]


@dataclass(frozen=True)
class _World:
    """What every chunk of bookings draws from: the guests and the properties."""

    seed: int
    guests: list[str]
    property_ids: list[str]
    prices: list[int]  # cents a night
    hosts: list[str]  # each property's host
    cities: list[str]  # each property's location


def generate(
    bookings: int = DEFAULT_BOOKINGS, seed: int = SEED, chunk: int = CHUNK, workers: int = 0
) -> DataSet:
    """The data set for `bookings` bookings: the same lines for the same bookings, seed and
    chunk, whatever `workers` (processes; 0 means one per CPU, at most one per chunk)."""
    sizes = Sizes(bookings)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk <= 0:
        raise ValueError(f"chunk must be a positive number, got {chunk!r}")
    users, guests, hosts = _users(random.Random(f"{seed}:users"), sizes)
    world = _World(seed, guests, [], [], [], [])
    properties = _properties(random.Random(f"{seed}:properties"), sizes, hosts, world)
    data = DataSet(sizes, seed, {"users": users, "properties": properties})
    for table in TABLES[2:]:
        data.lines[table] = []
    for made in _chunks(world, bookings, chunk, workers):
        for table, lines in made.items():
            data.lines[table].extend(lines)
    for lines in data.lines.values():
        lines.sort()  # by primary key: every line starts with its 36-character UUID
    return data


def _chunks(world: _World, bookings: int, chunk: int, workers: int) -> list[dict[str, list[str]]]:
    tasks = [(world, number, min(chunk, bookings - start))
             for number, start in enumerate(range(0, bookings, chunk))]  # fmt: skip
    processes = min(len(tasks), workers or os.cpu_count() or 1)
    if processes <= 1:
        return [_chunk(*task) for task in tasks]
    with ProcessPoolExecutor(processes) as pool:
        return list(pool.map(_chunk, *zip(*tasks, strict=True)))


def uuid4_text(bits: int) -> str:
    """128 random bits as a version-4 UUID's text: str(uuid.UUID(int=bits, version=4))."""
    h = "%032x" % (bits & _UUID_CLEAR | _UUID_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _users(rng: random.Random, sizes: Sizes) -> tuple[list[str], list[str], list[str]]:
    """Lines of every user, and the ids of the guests and of the hosts."""
    lines: list[str] = []
    guests: list[str] = []
    hosts: list[str] = []
    for index in range(sizes.users):
        role = (
            "admin" if index < sizes.admins
            else "host" if index < sizes.admins + sizes.hosts
            else "guest"
        )  # fmt: skip
        user_id = uuid4_text(rng.getrandbits(128))
        (guests if role == "guest" else hosts if role == "host" else []).append(user_id)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        phone = NULL if rng.random() < 0.2 else f"+2547{rng.randrange(10**8):08d}"
        password = f"pbkdf2_sha256$600000${rng.getrandbits(256):064x}"
        email = f"{first.lower()}.{last.lower()}.{index}@example.com"
        created = _stamp(-rng.randrange(1, 3 * 365 * 86400))
        lines.append(
            f"{user_id}\t{first}\t{last}\t{email}\t{password}\t{phone}\t{role}\t{created}"
        )
    return lines, guests, hosts


def _properties(rng: random.Random, sizes: Sizes, hosts: list[str], world: _World) -> list[str]:
    """Every property's line, noted in `world` for the bookings. Each city gets an equal
    share; every host owns one property before any owns two."""
    lines: list[str] = []
    for index in range(sizes.properties):
        host = hosts[index] if index < len(hosts) else rng.choice(hosts)
        city = CITIES[index % len(CITIES)]
        kind, style = rng.choice(PLACE_KINDS), rng.choice(PLACE_STYLES)
        cents = rng.randrange(20, 500) * 100 + rng.choice((0, 50, 99))
        created = -rng.randrange(1, 2 * 365 * 86400)
        updated = _stamp(created + rng.randrange(0, 400 * 86400))
        property_id = uuid4_text(rng.getrandbits(128))
        name = f"{style} {kind} in {city.partition(',')[0]}"
        guests = rng.randrange(1, 9)
        about = f"A {style.lower()} {kind.lower()} for up to {guests} guest{'s' * (guests > 1)}."
        lines.append(
            f"{property_id}\t{host}\t{name}\t{about}\t{city}\t{_money(cents)}\t"
            f"{_stamp(created)}\t{updated}"
        )
        world.property_ids.append(property_id)
        world.prices.append(cents)
        world.hosts.append(host)
        world.cities.append(city)
    return lines


def _chunk(world: _World, number: int, count: int) -> dict[str, list[str]]:
    """`count` bookings and the payments, reviews and messages that go with them."""
    rng = random.Random(f"{world.seed}:bookings:{number}")
    bookings, made = _bookings(rng, world, count)
    confirmed = [booking for booking in made if booking[5] == "confirmed"]
    return {
        "bookings": bookings,
        "payments": _payments(random.Random(f"{world.seed}:payments:{number}"), confirmed),
        "reviews": _reviews(
            random.Random(f"{world.seed}:reviews:{number}"), confirmed, count, world
        ),
        "messages": _messages(random.Random(f"{world.seed}:messages:{number}"), made, world),
    }


# A booking as the other tables need it: id, property index, guest, end day (from
# FIRST_DAY), price in cents, status, created (seconds from FIRST_DAY's midnight).
_Booking = tuple[str, int, str, int, int, str, int]


def _bookings(rng: random.Random, world: _World, count: int) -> tuple[list[str], list[_Booking]]:
    """The hot loop of the generator: local names and lookup tables on purpose."""
    draw, bits = rng.random, rng.getrandbits
    statuses, nights_table = _table(STATUSES), _table(NIGHTS)
    guests, property_ids, prices = world.guests, world.property_ids, world.prices
    span = (LAST_DAY - FIRST_DAY).days
    lines: list[str] = []
    made: list[_Booking] = []
    for _ in range(count):
        place = int(draw() * len(property_ids))
        nights = nights_table[int(draw() * 100)]
        start = int(draw() * (span - nights + 1))
        status = statuses[int(draw() * 100)]
        guest = guests[int(draw() * len(guests))]
        created = start * 86400 - int(draw() * LEAD_DAYS * 86400) - 3600
        total = nights * prices[place]
        booking_id = uuid4_text(bits(128))
        lines.append(
            f"{booking_id}\t{property_ids[place]}\t{guest}\t{_DAYS[start + _DAY_OFFSET]}\t"
            f"{_DAYS[start + nights + _DAY_OFFSET]}\t{_money(total)}\t{status}\t"
            f"{_stamp(created)}"
        )
        made.append((booking_id, place, guest, start + nights, total, status, created))
    return lines, made


def _payments(rng: random.Random, confirmed: list[_Booking]) -> list[str]:
    """Payments for PAID_SHARE of the confirmed bookings, soon after each booking."""
    draw, bits = rng.random, rng.getrandbits
    methods = _table(METHODS)
    lines = []
    for index in sorted(rng.sample(range(len(confirmed)), int(len(confirmed) * PAID_SHARE))):
        booking_id, _, _, _, total, _, created = confirmed[index]
        paid = _stamp(created + 60 + int(draw() * 2 * 86400))
        method = methods[int(draw() * 100)]
        lines.append(f"{uuid4_text(bits(128))}\t{booking_id}\t{_money(total)}\t{paid}\t{method}")
    return lines


def _reviews(
    rng: random.Random, confirmed: list[_Booking], count: int, world: _World
) -> list[str]:
    """Reviews of REVIEWED_SHARE of the bookings, written by the guest after the stay."""
    draw, bits = rng.random, rng.getrandbits
    ratings = _table(RATINGS)
    wanted = min(len(confirmed), int(count * REVIEWED_SHARE))
    lines = []
    for index in sorted(rng.sample(range(len(confirmed)), wanted)):
        _, place, guest, end, _, _, _ = confirmed[index]
        rating = ratings[int(draw() * 100)]
        comment = COMMENTS[rating][int(draw() * 2)]
        written = _stamp(end * 86400 + int(draw() * 14 * 86400))
        lines.append(
            f"{uuid4_text(bits(128))}\t{world.property_ids[place]}\t{guest}\t{rating}\t"
            f"{comment}\t{written}"
        )
    return lines


def _messages(rng: random.Random, made: list[_Booking], world: _World) -> list[str]:
    """Guests and hosts writing about a booking, in either direction."""
    draw, bits = rng.random, rng.getrandbits
    lines = []
    for _ in range(max(1, len(made) // MESSAGE_EVERY)):
        _, place, guest, _, _, _, created = made[int(draw() * len(made))]
        host = world.hosts[place]
        sender, recipient = (guest, host) if draw() < 0.6 else (host, guest)
        body = f"{MESSAGES[int(draw() * len(MESSAGES))]} ({world.cities[place].partition(',')[0]})"
        sent = _stamp(created + int(draw() * 3 * 86400))
        lines.append(f"{uuid4_text(bits(128))}\t{sender}\t{recipient}\t{body}\t{sent}")
    return lines


def _table(shares: Mapping[T, int]) -> list[T]:
    """100 entries, each value repeated as often as its percent share: a fast lookup for
    a weighted choice."""
    entries = [value for value, share in shares.items() for _ in range(share)]
    if len(entries) != 100:
        raise ValueError(f"shares must add up to 100, not {len(entries)}")
    return entries


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _stamp(seconds: int) -> str:
    """'YYYY-MM-DD HH:MM:SS' (UTC) `seconds` after FIRST_DAY's midnight (before, if < 0)."""
    if not _CLOCK:
        _CLOCK.extend(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400))
    days, rest = divmod(seconds, 86400)
    return f"{_DAYS[days + _DAY_OFFSET]} {_CLOCK[rest]}"
