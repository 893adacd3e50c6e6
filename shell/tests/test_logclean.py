"""ops/logclean.sh: gzip logs older than N days, delete archives older than M days."""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import pytest
from tests.conftest import Run, assert_help, assert_usage_error

pytestmark = pytest.mark.task("ops.logclean")

DAY = 24 * 60 * 60

# The tree each test starts from, under tmp_path: name -> age in days. "logs" is the
# directory cleaned; "outside" is reached only through symbolic links from it.
FILES = {
    "logs/app.log": 10,  # compressed
    "logs/today.log": 1,
    "logs/nested dir/old app.log": 20,  # compressed
    "logs/notes.txt": 100,
    "logs/app.log.1": 100,
    "logs/old.log.gz": 40,  # deleted
    "logs/recent.log.gz": 10,
    "outside/target.log": 20,
    "outside/archive.log.gz": 40,
}
LINKS = {"logs/link.log": "../outside/target.log", "logs/linked dir": "../outside"}
COMPRESSED = ["logs/app.log", "logs/nested dir/old app.log"]
DELETED = ["logs/old.log.gz"]

Entry = tuple[str, int, bytes]


def set_age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def write(path: Path, days: float, content: bytes | None = None) -> None:
    """A file `days` old; a .gz holds real gzip data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content if content is not None else f"lines of {path.name}\n".encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    set_age(path, days)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, days in FILES.items():
        write(tmp_path / name, days)
    for name, target in LINKS.items():
        (tmp_path / name).symlink_to(target)
    return tmp_path


def snapshot(root: Path) -> dict[str, Entry]:
    """Every entry under `root`, links not followed: its kind, mtime and content."""
    entries: dict[str, Entry] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                entries[key] = ("link", 0, os.readlink(path).encode())
            elif path.is_dir():
                entries[key] = ("dir", 0, b"")
            else:
                entries[key] = ("file", path.stat().st_mtime_ns, path.read_bytes())
    return entries


def test_dry_run_lists_what_would_change_and_changes_nothing(tree: Path, run: Run) -> None:
    before = snapshot(tree)

    result = run("ops/logclean.sh", "--dry-run", "logs")

    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == sorted(
        [f"would compress {name}" for name in COMPRESSED]
        + [f"would delete {name}" for name in DELETED]
    )
    assert snapshot(tree) == before


def test_a_real_run_compresses_and_deletes_exactly_the_old_files(tree: Path, run: Run) -> None:
    before = snapshot(tree)

    result = run("ops/logclean.sh", "logs")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert sorted(lines[:-1]) == sorted(
        [f"compressed {name}" for name in COMPRESSED] + [f"deleted {name}" for name in DELETED]
    )
    assert lines[-1] == "logclean: 2 compressed, 1 deleted"
    after = snapshot(tree)
    for name in COMPRESSED:
        _, mtime_ns, data = after.pop(name + ".gz")
        _, log_mtime_ns, log_content = before.pop(name)
        assert gzip.decompress(data) == log_content
        assert abs(mtime_ns - log_mtime_ns) < 10**9, "the archive keeps the log's age"
    for name in DELETED:
        del before[name]
    assert after == before, "nothing else changed"


def test_deletion_counts_from_the_age_of_the_log(tmp_path: Path, run: Run) -> None:
    write(tmp_path / "logs" / "ancient.log", 45)

    first = run("ops/logclean.sh", "logs")
    second = run("ops/logclean.sh", "logs")

    assert first.stdout.splitlines() == [
        "compressed logs/ancient.log",
        "logclean: 1 compressed, 0 deleted",
    ]
    assert second.stdout.splitlines() == [
        "deleted logs/ancient.log.gz",
        "logclean: 0 compressed, 1 deleted",
    ]
    assert list((tmp_path / "logs").iterdir()) == []


def test_an_existing_archive_is_never_overwritten(tree: Path, run: Run) -> None:
    write(tree / "logs" / "app.log.gz", 2, b"an older archive\n")
    archive = snapshot(tree)["logs/app.log.gz"]
    log = snapshot(tree)["logs/app.log"]

    result = run("ops/logclean.sh", "logs")

    assert result.returncode == 1
    assert "logs/app.log.gz" in result.stderr
    assert result.stderr.startswith("logclean: ")
    after = snapshot(tree)
    assert (after["logs/app.log"], after["logs/app.log.gz"]) == (log, archive)
    assert "logs/nested dir/old app.log.gz" in after, "the other files are still handled"
    assert "logclean: 1 compressed, 1 deleted" in result.stdout


def test_thresholds_can_be_changed(tree: Path, run: Run) -> None:
    result = run("ops/logclean.sh", "--compress-after", "0", "--delete-after", "5", "logs")

    assert result.returncode == 0, result.stderr
    after = snapshot(tree)
    assert "logs/today.log.gz" in after
    assert "logs/recent.log.gz" not in after
    assert result.stdout.splitlines()[-1] == "logclean: 3 compressed, 2 deleted"


def test_names_with_newlines(tmp_path: Path, run: Run) -> None:
    write(tmp_path / "logs" / "two\nlines.log", 10)

    result = run("ops/logclean.sh", "logs")

    assert result.returncode == 0, result.stderr
    assert [path.name for path in (tmp_path / "logs").iterdir()] == ["two\nlines.log.gz"]


def test_the_directory_may_be_a_link(tree: Path, run: Run) -> None:
    (tree / "logs link").symlink_to("logs")

    result = run("ops/logclean.sh", "--dry-run", "logs link")

    assert "would compress logs link/app.log" in result.stdout.splitlines()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="open files are found in /proc")
def test_a_log_still_open_is_left_alone(tree: Path, run: Run) -> None:
    with (tree / "logs" / "app.log").open("ab"):
        result = run("ops/logclean.sh", "logs")

    assert result.returncode == 0, result.stderr
    assert (tree / "logs" / "app.log").exists()
    assert not (tree / "logs" / "app.log.gz").exists()
    assert (tree / "logs" / "nested dir" / "old app.log.gz").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--compress-after", "x", "logs"],
        ["--compress-after", "-1", "logs"],
        ["--delete-after", "1.5", "logs"],
        ["--compress-after", "7", "--delete-after", "7", "logs"],
        ["--compress-after", "40", "logs"],
        ["--delete-after", "3", "logs"],
        ["logs", "--compress-after"],
        ["--bogus", "logs"],
        ["logs", "logs"],
        [],
    ],
)
def test_bad_usage_exits_2_and_changes_nothing(tree: Path, run: Run, args: list[str]) -> None:
    before = snapshot(tree)

    result = run("ops/logclean.sh", *args)

    assert_usage_error(result, "logclean")
    assert snapshot(tree) == before


@pytest.mark.parametrize("target", ["missing", "logs/notes.txt"])
def test_a_directory_that_is_not_one_exits_1(tree: Path, run: Run, target: str) -> None:
    result = run("ops/logclean.sh", target)

    assert result.returncode == 1
    assert result.stderr.startswith("logclean: ")
    assert target in result.stderr


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    result = run("ops/logclean.sh", option)

    assert_help(result, "logclean.sh")
    assert "--dry-run" in result.stdout
