"""The image and compose file: the API, a Celery worker and beat on Redis, MariaDB, all
data on named volumes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.task("deploy.docker")
MODULE = Path(__file__).resolve().parent.parent


def services() -> dict[str, Any]:
    data = yaml.safe_load((MODULE / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), "compose.yaml is not a mapping"
    return dict(data["services"]), dict(data.get("volumes") or {})  # type: ignore[return-value]


def test_the_image_is_multi_stage_non_root_with_gunicorn() -> None:
    lines = [line.strip() for line in (MODULE / "Dockerfile").read_text().splitlines()]
    assert sum(line.startswith("FROM ") for line in lines) >= 2
    assert [line for line in lines if line.startswith("USER ")][-1] not in {"USER root", "USER 0"}
    assert any(
        "gunicorn config.wsgi:application" in line for line in lines if line.startswith("CMD ")
    )


def test_worker_and_beat_run_the_same_image_on_the_redis_broker() -> None:
    found, _ = services()
    for name, command in (("worker", "worker"), ("beat", "beat")):
        service = found[name]
        assert service["build"] == found["web"]["build"]
        assert service["command"][:3] == ["celery", "-A", "config"]
        assert command in service["command"]
        assert service["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")


def test_the_databases_keep_their_data_on_named_volumes() -> None:
    found, volumes = services()
    for name, path in (("mariadb", "/var/lib/mysql"), ("redis", "/data")):
        [mount] = [m for m in found[name]["volumes"] if str(m).endswith(f":{path}")]
        assert str(mount).split(":")[0] in volumes


def test_the_report_is_kept_on_a_named_volume() -> None:
    found, volumes = services()
    worker = found["worker"]
    report = Path(worker["environment"]["CRM_REPORT_LOG"])
    [mount] = [m for m in worker["volumes"] if str(m).endswith(f":{report.parent}")]
    assert str(mount).split(":")[0] in volumes


def test_the_health_check_asks_the_database_aware_endpoint() -> None:
    instructions = (MODULE / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    [check] = [line for line in instructions if line.startswith("HEALTHCHECK ")]
    assert "/api/health/" in check
    found, _ = services()
    assert not found["web"]["healthcheck"].get("disable")


def test_worker_and_beat_wait_for_the_migrated_web() -> None:
    found, _ = services()
    for name in ("worker", "beat"):
        assert found[name]["depends_on"]["web"] == {"condition": "service_healthy"}
