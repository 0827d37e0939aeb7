"""Request ids, request log lines and metrics, through the URLs an operator's tools use."""

from __future__ import annotations

import json
import logging
import re

import pytest

from config.logs import JsonFormatter, RequestContextFilter, TextFormatter

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-tests"


def test_every_response_carries_a_request_id_and_a_proxys_sane_id_is_kept(client):
    first = client.get("/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert client.get("/")["X-Request-ID"] != first["X-Request-ID"]

    kept = client.get("/", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    assert kept["X-Request-ID"] == "lb-7f3a9c2e-0001"
    # Anything else (log injection, absurd length) is replaced by an id of our own.
    for hostile in ("x\nFAKE LOG LINE", "a" * 300, "<script>"):
        replaced = client.get("/", headers={"X-Request-ID": hostile})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])


def test_one_log_line_per_request_with_member_id_but_no_email_or_address(
    member_client, member, caplog
):
    caplog.set_level(logging.INFO, logger="pmforum.request")
    response = member_client.get("/tags/")

    [record] = [r for r in caplog.records if r.name == "pmforum.request"]
    assert (record.method, record.path, record.status) == ("GET", "/tags/", 200)
    assert record.member_id == member.pk
    assert record.view == "forum:tag_list"
    assert record.queries >= 1 and record.duration_ms >= 0
    assert record.request_id == response["X-Request-ID"]
    line = TextFormatter().format(record) + JsonFormatter().format(record)
    assert member.email not in line and "127.0.0.1" not in line


def test_a_visitors_request_logs_no_member_and_loads_nothing_to_find_one(client, caplog):
    caplog.set_level(logging.INFO, logger="pmforum.request")
    client.get("/healthz")
    [record] = [r for r in caplog.records if r.name == "pmforum.request"]
    assert record.member_id is None and record.status == 200


def test_json_lines_carry_time_level_logger_and_the_request_id():
    record = logging.LogRecord(
        "forum.services", logging.WARNING, __file__, 1, "hi %s", ("x",), None
    )
    RequestContextFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "forum.services"
    assert entry["message"] == "hi x" and entry["request_id"] == "-"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def test_metrics_are_absent_without_a_token_and_refused_with_a_wrong_one(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    refused = client.get("/metrics", headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401 and "Bearer" in refused["WWW-Authenticate"]
    assert client.get("/metrics").status_code == 401


def test_a_scrape_shows_requests_by_view_queries_and_the_task_backlog(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get("/tags/")
    scrape = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scrape.status_code == 200
    assert "no-store" in scrape["Cache-Control"] or "max-age=0" in scrape["Cache-Control"]
    body = scrape.content.decode()
    assert re.search(r'pmforum_requests_total\{status="200",view="forum:tag_list"\} [1-9]', body)
    assert 'pmforum_request_queries_bucket{le="64.0",view="forum:tag_list"}' in body
    assert "pmforum_tasks_waiting 0.0" in body
    assert "pmforum_tasks_oldest_waiting_seconds" in body


def scraped(client, name: str) -> float:
    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()
    found = re.search(rf"^{name} (\S+)$", body, re.M)
    return float(found.group(1)) if found else 0.0


def test_a_reply_posted_through_the_site_counts_as_a_post_created(
    member_client, settings, django_capture_on_commit_callbacks
):
    from tests.factories import make_thread

    settings.METRICS_TOKEN = TOKEN
    thread = make_thread(title="Counting what members post")
    before = scraped(member_client, "pmforum_posts_created_total")
    with django_capture_on_commit_callbacks(execute=True):
        answer = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Counted once"})
    assert answer.status_code == 302
    assert scraped(member_client, "pmforum_posts_created_total") == before + 1
