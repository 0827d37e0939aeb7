"""gunicorn settings for `make serve` and every production app server.

Everything an operator tunes comes from the environment:

- HOST, PORT: where to listen (default 127.0.0.1:8000; 0.0.0.0 behind a load balancer).
- WEB_CONCURRENCY: worker processes (default: one per CPU core, at least 2).
- GUNICORN_THREADS: threads per worker (default 4). A request spends part of its time waiting
  for PostgreSQL and Redis; a few threads per process fill those waits with other requests.
  Each thread holds its own database connection: plan PostgreSQL's max_connections for
  app servers x WEB_CONCURRENCY x GUNICORN_THREADS (+ task workers).
- GUNICORN_TIMEOUT: seconds before a stuck worker is killed and replaced (default 30).
- GUNICORN_MAX_REQUESTS: recycle a worker after this many requests (default 0: never; the
  benchmark shows no growth worth recycling for). Jitter spreads the restarts.
- FORWARDED_ALLOW_IPS: addresses of the load balancers whose X-Forwarded-* headers to trust.
- GUNICORN_ACCESS_LOG: "off" (default: the application logs each request), "-" for stdout, or
  a file path.
"""

import multiprocessing
import os

# The same strict readers as the settings: WEB_CONCURRENCY=two stops the start with its name.
from config.env import env_int as _int

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = _int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 4)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")

# The application is imported once in the master and forked: faster starts, shared pages.
# Django opens no database connection at import, so nothing is shared that should not be.
preload_app = True

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)

# Heartbeat files on tmpfs: a worker never stalls on a slow disk (containers mount /dev/shm).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests larger than these are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100

# Off by default: the application logs one line per request itself, with its id and member.
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "off")
accesslog = None if _access_log.lower() in {"", "off", "none"} else _access_log
# Apache combined format plus the time taken in microseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "pmforum"


def child_exit(server, worker) -> None:
    """A finished worker's metric files are merged into the totals, not left as live ones."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
