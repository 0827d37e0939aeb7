"""PM Forum benchmark: seed a scratch PostgreSQL database, serve it as production does, load it.

    .venv/bin/python bench/run.py                  # 10,000 threads x 20 posts + a 2,000-post one
    .venv/bin/python bench/run.py --posts 1000000  # the million-post variant
    .venv/bin/python bench/run.py --posts 20000 --duration 5  # a quick check of the harness

One command, bounded in time and request count, loopback only:

1. creates (or reuses, when it already holds the same data) the database pmforum_bench_<posts>,
   migrates it, seeds it with `manage.py seed_bench`, builds the search index, VACUUM ANALYZE;
2. starts gunicorn with config/gunicorn.conf.py (what `make serve` runs) and the task worker,
   DEBUG off, HTTPS=false, Redis for cache and sessions, BENCH_FLOOR=1 for the floor page,
   posting limits raised for the benchmark members;
3. drives it with wrk (Debian: apt-get install -y wrk), one page at a time, and prints
   requests/s, p50 and p99 latency, and each page's throughput as a ratio to the floor;
4. sends 20,000 mixed requests and prints each gunicorn worker's resident memory before and
   after (VmRSS from /proc/<pid>/status).

The results are also written as JSON to var/bench/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
SEARCH_QUERIES = (
    "budget",
    "stakeholder",
    "client contract",
    "risk register",
    "estimate baseline",
    "vendor invoice",
    "scope change request",
    "sprint backlog",
)


@dataclass
class Result:
    name: str
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    app_cpu_ms: float  # gunicorn workers' CPU time per request
    db_cpu_ms: float  # PostgreSQL backends' CPU time per request (this database's)
    extra: dict = field(default_factory=dict)

    @property
    def cpu_ms(self) -> float:
        return self.app_cpu_ms + self.db_cpu_ms


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------------------------------------
# The database


def admin_url(base: str) -> str:
    return base.rstrip("/") + "/postgres"


def prepare_database(args, env: dict[str, str]) -> None:
    expected_posts = args.threads * args.posts_per_thread + args.hot_thread_posts
    with psycopg.connect(admin_url(args.database_url), autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]
        ).fetchone()
        if exists and args.reseed:
            log(f"dropping {args.database} (--reseed)")
            admin.execute(f'DROP DATABASE "{args.database}" WITH (FORCE)')
            exists = None
        if not exists:
            log(f"creating database {args.database}")
            admin.execute(f'CREATE DATABASE "{args.database}"')

    manage(["migrate", "--noinput", "--verbosity", "0"], env)
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
        posts = db.execute("SELECT count(*) FROM forum_post").fetchone()[0]
        hot = db.execute(
            "SELECT count(*) FROM forum_thread WHERE slug = 'hot-benchmark-thread'"
        ).fetchone()[0]
    # Replies posted by an earlier run add to the count; up to 5% more is still the same data.
    if hot == 1 and expected_posts <= posts <= expected_posts * 1.05:
        log(f"reusing {args.database}: {posts} posts")
        seeded = False
    else:
        if posts:
            raise SystemExit(
                f"{args.database} holds {posts} posts, not {expected_posts}: run with --reseed"
            )
        log(f"seeding {expected_posts} posts (this takes a while for a million)")
        started = time.monotonic()
        manage(
            [
                "seed_bench",
                "--threads",
                str(args.threads),
                "--posts-per-thread",
                str(args.posts_per_thread),
                "--hot-thread-posts",
                str(args.hot_thread_posts),
                "--members",
                str(max(args.members, 500)),
            ],
            env,
        )
        log(f"seeded in {time.monotonic() - started:.0f} s")
        seeded = True
    if has_command("search_reindex"):
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            indexed = (
                db.execute(
                    "SELECT count(*) FROM pg_tables WHERE tablename = 'search_postsearch'"
                ).fetchone()[0]
                and db.execute("SELECT count(*) FROM search_postsearch").fetchone()[0]
            )
        if seeded or not indexed:
            log("building the search index")
            manage(["search_reindex", "--fresh"], env)
    if seeded:
        log("VACUUM ANALYZE")
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            db.execute("VACUUM ANALYZE")


def has_command(name: str) -> bool:
    return any(ROOT.glob(f"*/management/commands/{name}.py"))


def manage(arguments: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, **kwargs
    )


def flush_redis(url: str) -> None:
    """Empty the benchmark's own Redis database (its number is in the URL; never the others)."""
    import redis

    redis.Redis.from_url(url).flushdb()


# ---------------------------------------------------------------------------------------------
# The server


class Server:
    """gunicorn with config/gunicorn.conf.py plus the task worker, each in its own group."""

    def __init__(self, env: dict[str, str], port: int, log_dir: Path) -> None:
        self.env, self.port, self.log_dir = env, port, log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        for name, command in (
            ("gunicorn", [str(VENV_BIN / "gunicorn"), "--config", "config/gunicorn.conf.py",
                          "config.wsgi"]),
            ("worker", [sys.executable, "manage.py", "db_worker"]),
        ):  # fmt: skip
            output = (self.log_dir / f"{name}.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=self.env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.processes[0].poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_dir / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:
                    if answer.status == 200 and len(self.worker_pids()) >= 1:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def master_pid(self) -> int:
        return self.processes[0].pid

    def worker_pids(self) -> list[int]:
        children = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
            if fields.get("PPid", "").strip() == str(self.master_pid):
                children.append(int(status.parent.name))
        return sorted(children)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, from /proc/<pid>/stat (0 when gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


class CpuMeter:
    """CPU spent serving, by the app (gunicorn workers) and by PostgreSQL for our database.

    Throughput on a shared machine moves with everyone else's load; the CPU time a request
    costs does not, so its ratio to the floor's is the steadier figure.
    """

    def __init__(self, server: Server, database_url: str, database: str) -> None:
        self.server, self.database_url, self.database = server, database_url, database

    def _db_pids(self) -> list[int]:
        with psycopg.connect(self.database_url, autocommit=True) as db:
            rows = db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            ).fetchall()
        return [pid for (pid,) in rows]

    def settle(self, timeout: float = 300) -> None:
        """Wait until the task worker has no task left (the fan-out of earlier replies, or of
        a previous run): its work would otherwise be done while the next page is measured."""
        deadline = time.monotonic() + timeout
        left = 0
        with psycopg.connect(self.server.env["DATABASE_URL"], autocommit=True) as db:
            while time.monotonic() < deadline:
                (left,) = db.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                    "WHERE status IN ('READY', 'RUNNING')"
                ).fetchone()
                if not left:
                    return
                time.sleep(0.5)
        log(f"the task worker still has {left} tasks after {timeout:.0f} s; measuring anyway")

    def snapshot(self) -> tuple[dict[int, float], dict[int, float]]:
        app = {pid: cpu_seconds(pid) for pid in self.server.worker_pids()}
        return app, {pid: cpu_seconds(pid) for pid in self._db_pids()}

    @staticmethod
    def per_request(before, after, requests: int) -> tuple[float, float]:
        """Milliseconds of app and database CPU per request between two snapshots."""
        spent = [
            sum(max(0.0, t - was.get(pid, 0.0)) for pid, t in now.items())
            for was, now in zip(before, after, strict=True)
        ]
        return spent[0] * 1000 / max(requests, 1), spent[1] * 1000 / max(requests, 1)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


# ---------------------------------------------------------------------------------------------
# Load


def wrk(
    base: str,
    script: str,
    lines: list[str],
    *,
    duration: float,
    connections: int,
    budget: int = 0,
    work_dir: Path,
) -> dict:
    run_id = secrets.token_hex(4)
    lines_file = work_dir / f"lines-{run_id}.txt"
    lines_file.write_text("\n".join(lines) + "\n")
    marker = work_dir / f"spent-{run_id}"
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{duration:.0f}s",
        "--timeout",
        "10s",
        "--latency",
        "--script",
        str(BENCH / "wrk" / script),
        base,
        "--",
        str(lines_file),
        str(budget),
        str(marker),
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        deadline = time.monotonic() + duration + 60
        while process.poll() is None and time.monotonic() < deadline:
            if budget and marker.exists():
                process.send_signal(signal.SIGINT)  # the budget is spent: end the run now
                break
            time.sleep(0.1)
        try:
            stdout, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
    for line in stdout.splitlines():
        if line.startswith("WRK_RESULT "):
            return json.loads(line.removeprefix("WRK_RESULT "))
    raise RuntimeError(f"wrk gave no result:\n{stdout}\n{stderr}")


def measure(name: str, meter: CpuMeter, script: str, lines: list[str], args, work_dir: Path, **kw):
    base = meter.server.base
    meter.settle()
    if not kw.get("budget"):
        warm_up(base, script, lines, args, work_dir)
    before = meter.snapshot()
    raw = wrk(
        base,
        script,
        lines,
        duration=kw.pop("duration", args.duration),
        connections=kw.pop("connections", args.connections),
        work_dir=work_dir,
        **kw,
    )
    app_ms, db_ms = meter.per_request(before, meter.snapshot(), raw["requests"])
    errors = sum(raw["errors"].values())
    result = Result(
        name, raw["requests"], raw["rps"], raw["p50_ms"], raw["p99_ms"], errors, app_ms, db_ms, raw
    )
    log_result(result)
    return result


def log_result(result: Result, note: str = "") -> None:
    log(
        f"{result.name:<34} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p99 {result.p99_ms:7.1f} ms  errors {result.errors}  CPU/request: app "
        f"{result.app_cpu_ms:.2f} ms, db {result.db_cpu_ms:.2f} ms{note}"
    )


def warm_up(base: str, script: str, lines: list[str], args, work_dir: Path) -> None:
    """Fill the caches a running site would already have for these pages: 2 s, and for GETs
    that rotate over many addresses (1,000 threads) one pass over all of them, so that the
    figure is the steady state, not how far the run got through its first pass. The first
    view of a page is measured on its own (FIRST_VIEW)."""
    wrk(base, script, lines, duration=2, connections=args.connections, work_dir=work_dir)
    if script == "get.lua" and len(lines) > 100:
        wrk(
            base, script, lines, duration=120, connections=args.connections,
            budget=len(lines), work_dir=work_dir,
        )  # fmt: skip


def measure_pair(pair, meter: CpuMeter, script: str, args, work_dir: Path) -> list[Result]:
    """Two pages whose ratio is a target, measured in alternating slices (A B B A A B ...).

    On a shared machine speed drifts over tens of seconds; one run after the other would give
    the difference of two moments, not of two pages. Slices of about four seconds spread both
    pages over the same moments. Per page: requests/s over all its slices, the median of the
    slices' p50, the highest of their p99, CPU per request over all its slices.
    """
    base = meter.server.base
    meter.settle()
    for _, lines in pair:
        warm_up(base, script, lines, args, work_dir)
    slices = max(2, round(args.duration / 4))
    seconds = max(1, round(args.duration / slices))
    totals = {name: {"raw": [], "app": 0.0, "db": 0.0} for name, _ in pair}
    for index in range(slices):
        for name, lines in pair if index % 2 == 0 else reversed(pair):
            before = meter.snapshot()
            raw = wrk(
                base, script, lines, duration=seconds, connections=args.connections,
                work_dir=work_dir,
            )  # fmt: skip
            app_ms, db_ms = meter.per_request(before, meter.snapshot(), raw["requests"])
            totals[name]["raw"].append(raw)
            totals[name]["app"] += app_ms * raw["requests"]
            totals[name]["db"] += db_ms * raw["requests"]
    results = []
    for name, total in totals.items():
        runs = total["raw"]
        requests = sum(r["requests"] for r in runs)
        result = Result(
            name,
            requests,
            requests / sum(r["seconds"] for r in runs),
            statistics.median(r["p50_ms"] for r in runs),
            max(r["p99_ms"] for r in runs),
            sum(sum(r["errors"].values()) for r in runs),
            total["app"] / max(requests, 1),
            total["db"] / max(requests, 1),
            {"slices": runs},
        )
        log_result(result, f"  ({slices} slices)")
        results.append(result)
    return results


def check_pages(base: str, data: dict) -> None:
    """Each page answers as it should before it is timed: a fast 404 would flatter us."""
    member = data["members"][0]
    probes = [
        (data["threads"][0]["path"], None, 200),
        (data["threads"][0]["path"], member["cookie"], 200),
        (f"{data['hot']['path']}?page=100", None, 200),
        (data["tag_path"], None, 200),
        ("/", None, 200),
        ("/search/?q=budget", None, 200),
        (f"/_bench/floor/{data['hot']['id']}/", None, 200),
    ]
    for path, cookie, status in probes:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie or ""})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                got, body = answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            got, body = error.code, ""
        if got != status:
            raise SystemExit(f"{path} answered {got}, not {status}")
        if cookie and "Log out" not in body:
            raise SystemExit(f"{path} did not show the member as logged in")
    # One reply, as the benchmark's POSTs make them: it must land (a redirect to the post).
    thread = data["threads"][-1]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": member["csrf"], "body": f"Probe reply {time.time()}"}
    ).encode()
    request = urllib.request.Request(
        base + thread["reply"], data=form, headers={"Cookie": member["cookie"]}
    )
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=30) as answer:
            got = answer.status
    except urllib.error.HTTPError as error:
        got = error.code
    if got != 302:
        raise SystemExit(f"a reply POST answered {got}, not 302")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200_000, help="posts outside the hot thread")
    parser.add_argument("--posts-per-thread", type=int, default=20)
    parser.add_argument("--hot-thread-posts", type=int, default=2_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", help="default: pmforum_bench_<posts>")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--threads-per-worker", type=int, default=None)
    parser.add_argument("--worker-class", default=None)
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument("--duration", type=float, default=15, help="seconds per page")
    parser.add_argument("--members", type=int, default=40, help="members logged in")
    parser.add_argument("--memory-requests", type=int, default=20_000)
    parser.add_argument("--only", help="comma-separated page names to measure (default: all)")
    parser.add_argument("--env", action="append", default=[], help="NAME=value for the server")
    parser.add_argument(
        "--prepare-only", action="store_true", help="create and seed the database, then stop"
    )
    args = parser.parse_args()
    args.threads = args.posts // args.posts_per_thread
    args.database = args.database or f"pmforum_bench_{args.posts}"

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    host = urllib.parse.urlsplit(args.database_url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("the benchmark only runs against a database on loopback")

    work_dir = Path(tempfile.mkdtemp(prefix="pmforum-bench-"))
    results_dir = ROOT / "var" / "bench"
    results_dir.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "DATABASE_URL": f"{args.database_url.rstrip('/')}/{args.database}",
        "REDIS_URL": args.redis_url,
        "HOST": "127.0.0.1",
        "PORT": str(args.port),
        "WEB_CONCURRENCY": str(args.workers),
        "BENCH_FLOOR": "1",
        "STATIC_ROOT": str(work_dir / "static"),
        "VAR_DIR": str(work_dir / "var"),
        "MEDIA_ROOT": str(work_dir / "var" / "media"),
        "GUNICORN_ACCESS_LOG": str(work_dir / "access.log"),
        "LOG_LEVEL": "WARNING",
        # Benchmark members post as fast as the load generator sends.
        "FORUM_POST_INTERVAL": "0",
        "FORUM_POSTS_PER_HOUR": "100000",
    }
    if args.threads_per_worker is not None:
        env["GUNICORN_THREADS"] = str(args.threads_per_worker)
    if args.worker_class:
        env["GUNICORN_WORKER_CLASS"] = args.worker_class
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value
    (work_dir / "var" / "mail").mkdir(parents=True)

    prepare_database(args, env)
    if args.prepare_only:
        return 0
    flush_redis(args.redis_url)
    manage(["collectstatic", "--noinput", "--verbosity", "0"], env)
    prepared = subprocess.run(
        [sys.executable, str(BENCH / "prepare.py"), "--members", str(args.members)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(prepared.stdout.strip().splitlines()[-1])

    server = Server(env, args.port, work_dir)
    results: list[Result] = []
    memory: dict = {}
    try:
        log(f"starting gunicorn on {args.port} ({args.workers} workers)")
        server.start()
        check_pages(server.base, data)
        meter = CpuMeter(server, admin_url(args.database_url), args.database)
        results = run_pages(meter, data, args, work_dir)
        memory = run_memory(server, data, args, work_dir)
    finally:
        server.stop()
        shutil.rmtree(work_dir / "static", ignore_errors=True)

    report = summarise(results, memory, args, env)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = results_dir / f"bench-{args.posts}-{stamp}.json"
    out.write_text(json.dumps(report, indent=2))
    log(f"results written to {out.relative_to(ROOT)}; logs in {work_dir}")
    return 0


PAIR = "pair"


def beside(page: str) -> str:
    """The name of the floor measured in alternating slices with `page`."""
    return f"floor beside {page}"


FIRST_VIEW = "thread first view (member)"


def run_pages(meter: CpuMeter, data: dict, args, work_dir: Path) -> list[Result]:
    members = data["members"]
    threads = data["threads"]
    hot = data["hot"]
    visitor_threads = [t["path"] for t in threads]
    member_threads = [
        f"{t['path']}\t{members[i % len(members)]['cookie']}" for i, t in enumerate(threads)
    ]
    floor = [f"/_bench/floor/{t['id']}/" for t in threads]
    first_views = [
        f"{path}\t{members[i % len(members)]['cookie']}" for i, path in enumerate(data["unvisited"])
    ]
    search = [f"/search/?q={q.replace(' ', '+')}" for q in SEARCH_QUERIES]
    page1, page100 = hot["path"], f"{hot['path']}?page=100"
    member_page = [f"{{}}\t{m['cookie']}" for m in members]
    # Replies go to the ordinary threads, never the hot one, so its pages stay as measured.
    replies = [
        f"{t['reply']}\t{members[i % len(members)]['cookie']}\t{members[i % len(members)]['csrf']}"
        for i, t in enumerate(threads)
    ]
    pages = [
        ("floor", "get.lua", floor),
        # Pages with a target against the floor: measured in alternating slices with it.
        (PAIR, "get.lua", [(beside("home list (visitor)"), floor), ("home list (visitor)", ["/"])]),
        (
            PAIR,
            "get.lua",
            [
                (beside("home list (member)"), floor),
                ("home list (member)", [p.format("/") for p in member_page]),
            ],
        ),
        ("tag page (visitor)", "get.lua", [data["tag_path"]]),
        ("thread (visitor)", "get.lua", visitor_threads),
        (
            PAIR,
            "get.lua",
            [(beside("thread (member)"), floor), ("thread (member)", member_threads)],
        ),
        # Threads nobody has opened in this run: every request renders its page afresh.
        (FIRST_VIEW, "get.lua", first_views),
        # Their ratio is a target: measured in alternating slices (measure_pair).
        (
            PAIR,
            "get.lua",
            [("hot page 1 (visitor)", [page1]), ("hot page 100 (visitor)", [page100])],
        ),
        (
            PAIR,
            "get.lua",
            [
                ("hot page 1 (member)", [p.format(page1) for p in member_page]),
                ("hot page 100 (member)", [p.format(page100) for p in member_page]),
            ],
        ),
        ("search", "get.lua", search),
        ("reply POST (member)", "reply.lua", replies),
        ("floor (again)", "get.lua", floor),
    ]
    only = set(args.only.split(",")) if args.only else None
    results = []
    for name, script, lines in pages:
        if name == PAIR:
            if not only or any(page in only for page, _ in lines):
                results += measure_pair(lines, meter, script, args, work_dir)
            continue
        if only and name not in only and not name.startswith("floor"):
            continue
        if name == FIRST_VIEW:
            # No warm-up, and each thread once: the cost of a page no cache holds yet.
            result = measure(name, meter, script, lines, args, work_dir, budget=len(lines))
        else:
            result = measure(name, meter, script, lines, args, work_dir)
        results.append(result)
    if not only or "search" in only:
        # One client at a time: the latency a searcher sees when the site is not busy.
        results.append(
            measure("search (one client)", meter, "get.lua", search, args, work_dir, connections=1)
        )
    return results


def run_memory(server: Server, data: dict, args, work_dir: Path) -> dict:
    if args.memory_requests <= 0:
        return {}
    members = data["members"]
    hot = data["hot"]
    mixed = []
    for i, thread in enumerate(data["threads"]):
        cookie = members[i % len(members)]["cookie"]
        mixed += [
            thread["path"],
            f"{thread['path']}\t{cookie}",
            "/" if i % 2 else f"/\t{cookie}",
            data["tag_path"] + (f"?page={i % 5 + 1}" if i % 3 else ""),
            f"{hot['path']}?page={i % 100 + 1}",
            f"/search/?q={SEARCH_QUERIES[i % len(SEARCH_QUERIES)].replace(' ', '+')}",
        ]
    before = {pid: rss_kib(pid) for pid in server.worker_pids()}
    log(f"memory: {args.memory_requests} mixed requests; workers before: {kib_list(before)}")
    raw = wrk(
        server.base,
        "get.lua",
        mixed,
        duration=600,
        connections=args.connections,
        budget=args.memory_requests,
        work_dir=work_dir,
    )
    after = {pid: rss_kib(pid) for pid in server.worker_pids()}
    growth = {pid: (after[pid] - before[pid]) / 1024 for pid in before if pid in after}
    log(
        f"memory: {raw['requests']} requests in {raw['seconds']:.0f} s; workers after: "
        f"{kib_list(after)}; growth per worker (MB): "
        + ", ".join(f"{g:+.1f}" for g in growth.values())
    )
    return {
        "requests": raw["requests"],
        "errors": sum(raw["errors"].values()),
        "before_kib": before,
        "after_kib": after,
        "growth_mb": growth,
        "replaced_workers": sorted(set(before) ^ set(after)),
    }


def kib_list(values: dict[int, int]) -> str:
    return ", ".join(f"{pid}: {kib / 1024:.1f} MB" for pid, kib in values.items())


def summarise(results: list[Result], memory: dict, args, env: dict[str, str]) -> dict:
    by_name = {r.name: r for r in results}
    floors = [r.rps for r in results if r.name.startswith("floor")]  # paired ones included
    floor = statistics.mean(floors) if floors else float("nan")
    print()
    print(
        f"PM Forum benchmark: {args.threads} threads x {args.posts_per_thread} posts + a "
        f"{args.hot_thread_posts}-post thread; {args.workers} gunicorn workers x "
        f"{env.get('GUNICORN_THREADS', 'default')} threads; wrk 1 thread, "
        f"{args.connections} connections, {args.duration:.0f} s per page; {platform.node()}, "
        f"{os.cpu_count()} CPUs"
    )
    floor_cpu = [r.cpu_ms for r in results if r.name.startswith("floor")]
    floor_cpu_ms = statistics.mean(floor_cpu) if floor_cpu else float("nan")
    print(
        f"{'page':<34}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}{'x floor':>8}"
        f"{'app ms':>8}{'db ms':>7}{'x floor':>8}"
    )
    print(f"{'':<34}{'':>8}{'':>8}{'':>8}{'':>7}{'(req/s)':>8}{'CPU per request':>15}{'(CPU)':>8}")
    for r in results:
        print(
            f"{r.name:<34}{r.rps:8.1f}{r.p50_ms:8.1f}{r.p99_ms:8.1f}{r.errors:7d}"
            f"{r.rps / floor:8.2f}{r.app_cpu_ms:8.2f}{r.db_cpu_ms:7.2f}"
            f"{floor_cpu_ms / r.cpu_ms if r.cpu_ms else float('nan'):8.2f}"
        )
    print(
        f"floor (mean of all its runs): {floor:.1f} req/s, {floor_cpu_ms:.2f} ms of CPU per request"
    )

    targets = []

    def target(label: str, value: float, limit: float, *, above: bool, unit: str = "") -> None:
        met = value >= limit if above else value < limit
        sign = ">=" if above else "<"
        targets.append({"target": label, "value": value, "limit": limit, "met": met})
        print(f"  [{'met' if met else 'MISSED'}] {label}: {value:.2f}{unit} ({sign} {limit}{unit})")

    print("Targets (throughput ratios; CPU ratios in brackets, steadier on a busy machine):")
    for page in ("thread (member)", "home list (visitor)", "home list (member)"):
        if page in by_name:
            r, paired = by_name[page], by_name[beside(page)]
            target(f"{page} / floor beside it", r.rps / paired.rps, 0.4, above=True)
            print(
                f"        (CPU: {paired.cpu_ms / r.cpu_ms:.2f} x; against all the run's floors:"
                f" {r.rps / floor:.2f} x, CPU {floor_cpu_ms / r.cpu_ms:.2f} x)"
            )
    if FIRST_VIEW in by_name:
        r = by_name[FIRST_VIEW]
        print(
            f"  ({FIRST_VIEW} / floor: {r.rps / floor:.2f}; CPU: {floor_cpu_ms / r.cpu_ms:.2f} x"
            " floor)"
        )

    for who in ("visitor", "member"):
        one, hundred = by_name.get(f"hot page 1 ({who})"), by_name.get(f"hot page 100 ({who})")
        if one and hundred:
            target(f"page 100 / page 1 ({who})", hundred.rps / one.rps, 0.9, above=True)
            print(f"        (CPU: {one.cpu_ms / hundred.cpu_ms:.2f})")
    if "search (one client)" in by_name:
        target("search median, one client", by_name["search (one client)"].p50_ms, 50,
               above=False, unit=" ms")  # fmt: skip
    if "search" in by_name:
        print(f"  (search median under load: {by_name['search'].p50_ms:.1f} ms)")
    if memory.get("growth_mb"):
        worst = max(memory["growth_mb"].values())
        target(f"worker memory growth over {memory['requests']} requests", worst, 20,
               above=False, unit=" MB")  # fmt: skip
    return {
        "when": datetime.now(UTC).isoformat(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "dataset": {
            "threads": args.threads,
            "posts_per_thread": args.posts_per_thread,
            "hot_thread_posts": args.hot_thread_posts,
        },
        "server": {
            "workers": args.workers,
            "threads": env.get("GUNICORN_THREADS"),
            "worker_class": env.get("GUNICORN_WORKER_CLASS"),
        },
        "wrk": {"connections": args.connections, "duration": args.duration},
        "floor_rps": floor,
        "floor_cpu_ms": floor_cpu_ms,
        "pages": [{**r.__dict__, "cpu_ms": r.cpu_ms} for r in results],
        "memory": memory,
        "targets": targets,
    }


if __name__ == "__main__":
    sys.exit(main())
