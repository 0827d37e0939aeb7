"""PM Forum benchmark: seed a scratch PostgreSQL database, serve it as production does, load it.

    .venv/bin/python bench/run.py                  # 10,000 threads x 20 posts + a 2,000-post one
    .venv/bin/python bench/run.py --posts 1000000  # the million-post variant
    .venv/bin/python bench/run.py --posts 20000 --duration 5  # a quick check of the harness

One command, bounded in time and request count, loopback only:

1. creates (or reuses, when it already holds the same data) the database pmforum_bench_<posts>,
   migrates it, seeds it with `manage.py seed_bench` (which also builds the search index),
   VACUUM ANALYZE;
2. starts gunicorn with config/gunicorn.conf.py (what `make serve` runs) and the task worker,
   DEBUG off, HTTPS=false, Redis for cache and sessions, posting limits raised for the
   benchmark members; and beside it the floor (bench/floor/floor_site.py), a tiny Django
   project outside this one's stack serving the same threads' posts;
3. drives both with wrk (Debian: apt-get install -y wrk), scenario by scenario (see
   `scenarios`), each in alternating slices beside the floor over the same threads, and prints
   one table: requests/s, the floor's, their ratio and its goal, CPU per request; then the
   search latencies (one searcher) for frequent and rare words on pages 1 and 5;
4. sends 20,000 mixed requests and prints each gunicorn worker's resident memory before and
   after (VmRSS from /proc/<pid>/status).

The results are also written as JSON to var/bench/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent


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
        if not indexed:
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

    health_path = "/healthz"

    def __init__(self, env: dict[str, str], port: int, log_dir: Path) -> None:
        self.env, self.port, self.log_dir = env, port, log_dir
        self.processes: list[subprocess.Popen] = []

    def commands(self) -> list[tuple[str, list[str]]]:
        return [
            ("gunicorn", [str(VENV_BIN / "gunicorn"), "--config", "config/gunicorn.conf.py",
                          "config.wsgi"]),
            ("worker", [sys.executable, "manage.py", "db_worker"]),
        ]  # fmt: skip

    def start(self) -> None:
        for name, command in self.commands():
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
                name = self.commands()[0][0]
                raise SystemExit(f"{name} exited; see {self.log_dir / (name + '.log')}")
            try:
                with urllib.request.urlopen(self.base + self.health_path, timeout=2) as answer:
                    if answer.status == 200 and len(self.worker_pids()) >= 1:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise SystemExit(f"{self.base} did not answer {self.health_path} within 60 s")

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


class FloorServer(Server):
    """The floor (bench/floor/floor_site.py): its own tiny Django project outside PM Forum's
    stack, under gunicorn sync workers as many as the forum's, on the same database."""

    def __init__(self, database_url: str, port: int, workers: int, probe_thread: int, log_dir):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "DATABASE_URL": database_url,
        }
        super().__init__(env, port, log_dir)
        self.workers = workers
        self.health_path = f"/floor/{probe_thread}/"

    def commands(self) -> list[tuple[str, list[str]]]:
        return [
            ("floor", [str(VENV_BIN / "gunicorn"), "--chdir", str(BENCH / "floor"),
                       "--workers", str(self.workers), "--worker-class", "sync",
                       "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
                       "floor_site:application"]),
        ]  # fmt: skip


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


def log_result(result: Result, note: str = "") -> None:
    log(
        f"{result.name:<34} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p99 {result.p99_ms:7.1f} ms  errors {result.errors}  CPU/request: app "
        f"{result.app_cpu_ms:.2f} ms, db {result.db_cpu_ms:.2f} ms{note}"
    )


def warm_up(base: str, script: str, lines: list[str], args, work_dir: Path) -> None:
    """Fill the caches a running site would already have for these pages: 2 s, and for GETs
    that rotate over many addresses (1,000 threads) one pass over all of them, so that the
    figure is the steady state, not how far the run got through its first pass. Pages read
    for the first time are measured on their own (Scenario.cold)."""
    wrk(base, script, lines, duration=2, connections=args.connections, work_dir=work_dir)
    if script == "get.lua" and len(lines) > 100:
        wrk(
            base, script, lines, duration=120, connections=args.connections,
            budget=len(lines), work_dir=work_dir,
        )  # fmt: skip


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
    parser.add_argument("--port", type=int, default=8150, help="the floor listens on port + 1")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--threads-per-worker", type=int, default=None)
    parser.add_argument("--worker-class", default=None)
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument(
        "--duration", type=float, default=30, help="seconds per side of each scenario"
    )
    parser.add_argument("--slice", type=float, default=5, help="seconds per alternating slice")
    parser.add_argument("--cold-threads", type=int, default=6000)
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
        [
            sys.executable,
            str(BENCH / "prepare.py"),
            "--members",
            str(args.members),
            "--cold-threads",
            str(args.cold_threads),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(prepared.stdout.strip().splitlines()[-1])

    server = Server(env, args.port, work_dir)
    floor_server = FloorServer(
        env["DATABASE_URL"], args.port + 1, args.workers, data["threads"][0]["id"], work_dir
    )
    rows: list[dict] = []
    searches: list[dict] = []
    memory: dict = {}
    try:
        log(f"starting gunicorn on {args.port} ({args.workers} workers), the floor on "
            f"{args.port + 1}")  # fmt: skip
        server.start()
        floor_server.start()
        check_pages(server.base, data)
        meter = CpuMeter(server, admin_url(args.database_url), args.database)
        floor_meter = CpuMeter(floor_server, admin_url(args.database_url), args.database)
        rows = run_scenarios(meter, floor_meter, data, args, work_dir)
        if not args.only or "search" in args.only:
            searches = run_search(meter, data, args, work_dir)
        memory = run_memory(server, data, args, work_dir)
    finally:
        server.stop()
        floor_server.stop()
        shutil.rmtree(work_dir / "static", ignore_errors=True)

    report = summarise(rows, searches, memory, args, env)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = results_dir / f"bench-{args.posts}-{stamp}.json"
    out.write_text(json.dumps(report, indent=2))
    log(f"results written to {out.relative_to(ROOT)}; logs in {work_dir}")
    return 0


@dataclass
class Scenario:
    """One row of the table: the forum's pages and the floor's over the same threads."""

    name: str
    project: list[str]  # wrk lines: "path" or "path<TAB>cookie"
    floor: list[str]
    target: float | None = None  # the least ratio to the floor that meets the goal
    writer: bool = False  # one reply a second is posted to these threads meanwhile
    cold: bool = False  # each line read once, nothing warmed up first
    against: str = "floor"  # "floor", or the scenario whose pages this one is compared with


class Writer:
    """Posts one reply a second through the site, as several members in turn, to the
    threads being read, for as long as it runs (a thread beside the load)."""

    def __init__(self, base: str, threads: list[dict], members: list[dict]) -> None:
        self.base, self.threads, self.members = base, threads, members
        self.stop_event = threading.Event()
        self.posted = self.failed = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def __enter__(self) -> Writer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_event.set()
        self.thread.join(timeout=30)

    def run(self) -> None:
        opener = urllib.request.build_opener(NoRedirect())
        rng = random.Random(5)
        count = 0
        while not self.stop_event.wait(1.0):
            count += 1
            thread = rng.choice(self.threads)
            member = self.members[count % len(self.members)]
            form = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": member["csrf"],
                    "body": f"Writer reply {count} at {time.time():.3f}: the sponsor moved the "
                    "milestone again, so the plan was rebaselined.",
                }
            ).encode()
            request = urllib.request.Request(
                self.base + thread["reply"], data=form, headers={"Cookie": member["cookie"]}
            )
            try:
                with opener.open(request, timeout=30) as answer:
                    ok = answer.status == 302
            except urllib.error.HTTPError as error:
                ok = error.code == 302
            except (urllib.error.URLError, TimeoutError):
                ok = False
            if ok:
                self.posted += 1
            else:
                self.failed += 1


def scenarios(data: dict, args) -> list[Scenario]:
    """The traffic of the table, from the prepared threads, members and tags."""
    members = data["members"]

    def as_member(paths: list[str]) -> list[str]:
        return [f"{path}\t{members[i % len(members)]['cookie']}" for i, path in enumerate(paths)]

    def floor_of(threads: list[dict]) -> list[str]:
        return [f"/floor/{thread['id']}/" for thread in threads]

    threads, cold = data["threads"], data["unvisited"][: args.cold_threads]
    one = threads[:1]
    paths = [t["path"] for t in threads]
    hot = data["hot"]
    lists = [f"/?page={n}" for n in range(1, 11)] + [
        f"{tag}?page={n}" for tag in data["tag_paths"] for n in range(1, 4)
    ]
    return [
        Scenario("visitor, one thread page repeated", [one[0]["path"]], floor_of(one)),
        Scenario("member, one thread page repeated", as_member([one[0]["path"]]), floor_of(one)),
        Scenario(f"visitor, {len(threads):,} threads in turn", paths, floor_of(threads), 0.8),
        Scenario(
            f"member, {len(threads):,} threads in turn", as_member(paths), floor_of(threads), 0.4
        ),
        Scenario(
            f"member, {len(cold):,} threads each read about once",
            as_member([t["path"] for t in cold]),
            floor_of(cold),
            0.25,
            cold=True,
        ),
        Scenario(
            f"member, {len(threads):,} threads, one reply a second posted meanwhile",
            as_member(paths),
            floor_of(threads),
            0.35,
            writer=True,
        ),
        Scenario(
            "member, home list and tag pages in turn",
            as_member(lists),
            floor_of(threads[: len(lists)]),
            0.4,
        ),
        Scenario("member, page 1 of a 2,000-reply thread", as_member([hot["path"]]), []),
        Scenario(
            "member, page 100 of a 2,000-reply thread",
            as_member([f"{hot['path']}?page=100"]),
            [],
            0.9,
            against="member, page 1 of a 2,000-reply thread",
        ),
    ]


def run_scenarios(
    project: CpuMeter, floor: CpuMeter, data: dict, args, work_dir: Path
) -> list[dict]:
    """Each scenario measured in alternating slices beside what it is compared with (the
    floor over the same threads, or page 1 for page 100), so that both see the same moments
    of a machine whose speed drifts."""
    rows = []
    only = set(args.only.split(",")) if args.only else None
    all_scenarios = scenarios(data, args)
    for scenario in all_scenarios:
        if scenario.against != "floor":
            continue  # measured with the scenario that names it
        partner = next((s for s in all_scenarios if s.against == scenario.name), None)
        names = scenario.name + (partner.name if partner else "")
        if only and not any(word in names for word in only):
            continue
        if partner:
            sides = [
                (scenario.name, project, scenario.project),
                (partner.name, project, partner.project),
            ]
        else:
            sides = [(scenario.name, project, scenario.project), ("floor", floor, scenario.floor)]
        log(f"{scenario.name}: {len(scenario.project):,} addresses")
        writer = (
            Writer(project.server.base, data["threads"], data["members"])
            if scenario.writer
            else None
        )
        with writer or nullcontext():
            measured = side_by_side(sides, scenario.cold, args, work_dir)
        if writer:
            log(f"  writer: {writer.posted} replies posted, {writer.failed} failed")
        if partner:
            first, second = measured
            rows.append(row(scenario, first, None))
            rows.append(row(partner, second, first))
        else:
            result, floor_result = measured
            rows.append(row(scenario, result, floor_result))
    return rows


def row(scenario: Scenario, result: Result, reference: Result | None) -> dict:
    ratio = result.rps / reference.rps if reference and reference.rps else None
    return {
        "traffic": scenario.name,
        "project": result.__dict__ | {"cpu_ms": result.cpu_ms},
        "reference": (reference.__dict__ | {"cpu_ms": reference.cpu_ms}) if reference else None,
        "against": scenario.against,
        "ratio": ratio,
        "target": scenario.target,
        "met": None if scenario.target is None or ratio is None else ratio >= scenario.target,
    }


def side_by_side(sides, cold: bool, args, work_dir: Path) -> list[Result]:
    """Both sides in alternating slices (A B B A A B ...). Warm: each side is warmed up (one
    pass over its addresses), then gets --duration seconds in slices of --slice seconds.
    Cold: the addresses are cut into as many parts as slices, each read once by both sides."""
    sides[0][1].settle()
    slices = max(2, round(args.duration / args.slice))
    if not cold:
        for _, meter, lines in sides:
            warm_up(meter.server.base, "get.lua", lines, args, work_dir)
    totals = {name: {"raw": [], "app": 0.0, "db": 0.0} for name, _, _ in sides}
    for index in range(slices):
        for name, meter, lines in sides if index % 2 == 0 else reversed(sides):
            if cold:
                part = lines[index::slices]
                kw = {"duration": 600, "budget": len(part)}
            else:
                part, kw = lines, {"duration": args.duration / slices}
            before = meter.snapshot()
            raw = wrk(
                meter.server.base, "get.lua", part, connections=args.connections,
                work_dir=work_dir, **kw,
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


def run_search(meter: CpuMeter, data: dict, args, work_dir: Path) -> list[dict]:
    """Searches one at a time (the latency a searcher sees), for the corpus's frequent words,
    pairs of them and rare words, on page 1 and page 5; p95 per kind."""
    frequent, rare = data["frequent_words"], data["rare_words"]
    rng = random.Random(3)
    kinds = {
        "frequent word": [f"/search/?q={w}" for w in frequent],
        "two frequent words": [
            f"/search/?q={a}+{b}" for a, b in (rng.sample(frequent, 2) for _ in range(50))
        ],
        "rare word": [f"/search/?q={w}" for w in rare],
    }
    rows = []
    for kind, paths in kinds.items():
        for page in (1, 5):
            lines = [p + (f"&page={page}" if page > 1 else "") for p in paths]
            meter.settle()
            raw = wrk(
                meter.server.base, "get.lua", lines, duration=max(10, args.duration / 2),
                connections=1, work_dir=work_dir,
            )  # fmt: skip
            name = f"search, {kind}, page {page}"
            errors = sum(raw["errors"].values())
            log(f"{name:<44} p50 {raw['p50_ms']:6.1f} ms  p95 {raw['p95_ms']:6.1f} ms  "
                f"({raw['requests']} searches, errors {errors})")  # fmt: skip
            rows.append({"traffic": name, "p50_ms": raw["p50_ms"], "p95_ms": raw["p95_ms"],
                         "requests": raw["requests"], "errors": errors,
                         "met": raw["p95_ms"] < 100 and not errors})  # fmt: skip
    return rows


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
            f"/search/?q={data['frequent_words'][i % len(data['frequent_words'])]}",
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


def summarise(rows: list[dict], searches: list[dict], memory: dict, args, env) -> dict:
    print()
    print(
        f"PM Forum benchmark: {args.threads:,} threads x {args.posts_per_thread} posts + a "
        f"{args.hot_thread_posts:,}-post thread; {args.workers} gunicorn workers, "
        f"{env.get('GUNICORN_THREADS', 'default')} threads each; the floor: "
        f"{args.workers} sync workers; wrk {args.connections} connections, "
        f"{args.duration:.0f} s per side in slices of {args.slice:.0f} s; {os.cpu_count()} CPUs"
    )
    print(f"{'traffic':<62}{'req/s':>8}{'floor':>8}{'ratio':>7}{'goal':>7}"
          f"{'CPU ms':>8}{'floor':>7}")  # fmt: skip
    for r in rows:
        project, reference = r["project"], r["reference"]
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else ""
        goal = f"{r['target']:.2f}" if r["target"] is not None else ""
        mark = {True: " met", False: " MISSED", None: ""}[r["met"]]
        reference_rps = f"{reference['rps']:.0f}" if reference else ""
        reference_cpu = f"{reference['cpu_ms']:.2f}" if reference else ""
        label = r["traffic"] + ("" if r["against"] == "floor" else " (vs page 1)")
        print(f"{label:<62}{project['rps']:8.0f}{reference_rps:>8}{ratio:>7}{goal:>7}"
              f"{project['cpu_ms']:8.2f}{reference_cpu:>7}{mark}")  # fmt: skip
    for r in searches:
        mark = " met" if r["met"] else " MISSED"
        print(f"{r['traffic']:<62} p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms "
              f"(goal p95 < 100 ms){mark}")  # fmt: skip
    if memory.get("growth_mb"):
        worst = max(memory["growth_mb"].values())
        print(f"worker memory growth over {memory['requests']} mixed requests: {worst:+.1f} MB"
              f" (goal < 20 MB){' met' if worst < 20 else ' MISSED'}")  # fmt: skip
    return {
        "when": datetime.now(UTC).isoformat(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {"node": platform.node(), "cpus": os.cpu_count()},
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
        "wrk": {"connections": args.connections, "duration": args.duration, "slice": args.slice},
        "rows": rows,
        "searches": searches,
        "memory": memory,
    }


if __name__ == "__main__":
    sys.exit(main())
