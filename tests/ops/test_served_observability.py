"""Logs and metrics from `make serve` itself: real gunicorn workers, JSON log lines."""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest

from tests.scaleout.servers import make_serve

TOKEN = "served-metrics-token"


@pytest.fixture
def served(request):
    with make_serve(
        request, LOG_FORMAT="json", METRICS_TOKEN=TOKEN, WEB_CONCURRENCY="2", LOG_LEVEL="INFO"
    ) as server:
        yield server


def get(url: str, **headers: str):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)  # noqa: S310


def logged(log, request_id: str, seconds: float = 10) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for line in log.read_text().splitlines():
            if line.startswith("{") and request_id in line:
                return json.loads(line)
        time.sleep(0.2)
    raise AssertionError(f"no JSON log line for {request_id}:\n{log.read_text()[-3000:]}")


def test_a_request_through_make_serve_writes_a_json_line_with_its_id(served):
    with get(served["base"] + "/tags/", **{"X-Request-ID": "probe-20261201-0001"}) as response:
        assert response.headers["X-Request-ID"] == "probe-20261201-0001"
    entry = logged(served["log"], "probe-20261201-0001")
    assert entry["level"] == "INFO" and entry["logger"] == "pmforum.request"
    assert (entry["path"], entry["status"], entry["view"]) == ("/tags/", 200, "forum:tag_list")
    assert entry["duration_ms"] > 0 and re.match(r"\d{4}-\d\d-\d\dT", entry["time"])
    assert "member_id" not in entry  # a visitor


def test_one_scrape_counts_the_requests_of_every_worker_process(served):
    for _ in range(12):
        get(served["base"] + "/tags/").close()
    with get(served["base"] + "/metrics", Authorization=f"Bearer {TOKEN}") as response:
        body = response.read().decode()
    counted = re.search(r'pmforum_requests_total\{status="200",view="forum:tag_list"\} (\S+)', body)
    assert counted and float(counted.group(1)) == 12
    assert "pmforum_tasks_waiting" in body
