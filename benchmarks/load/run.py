"""The load test of issue #20: gunicorn (production settings, 2 sync workers) on PostgreSQL and Redis with a Celery
worker, first each endpoint alone at 16 connections against the bare reference view, then the mixed load of
locustfile.py. Writes benchmarks/results/load_<date>.md and prints it.

    .venv/bin/python benchmarks/load/run.py            # 100 users for 5 minutes, endpoints alone 15 s each
    .venv/bin/python benchmarks/load/run.py --quick    # 30 users for 1 minute, endpoints alone 5 s each
    .venv/bin/python benchmarks/load/run.py --national # the same at national scale (antq_national, national.py)

Needs `pip install -r benchmarks/requirements.txt` (locust). The database (antq_load by default) is migrated, given
the areas and the demo data once, then reused: the mixed load adds incidents and tallies at every run. With
--national the database (antq_national by default) is prepared by national.py instead: the demo, then every registry
topped up to national scale (100.000 units, 1.000.000 incidents by default; built once, ~15 minutes, then reused).
"""

import argparse
import csv
import datetime
import fcntl
import json
import os
import platform
import re
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # noqa: E402
from _common import ROOT, database_ensure, report_write, run_lock  # noqa: E402

HERE = Path(__file__).resolve().parent
WORK = ROOT / "var" / "load"
BIN = ROOT / ".venv" / "bin"
MIXED_USERS = ["ProvinceStaff", "CommuneOfficer", "ApiSystem", "Reporter", "BareProbe"]
# (label, path, authentication) of the endpoints measured alone; the first is the reference.
SOLO = [
    ("bare DRF view (reference)", "/bench/bare/", "none"),
    ("/healthz (database, broker)", "/healthz?only=database,broker", "none"),
    ("API units", "/api/v1/units/", "token"),
    ("API incidents", "/api/v1/incidents/", "token"),
    ("API commendations", "/api/v1/commendations/", "token"),
    ("API models", "/api/v1/models/", "token"),
    ("API tally values", "/api/v1/activities/values/", "token"),
    ("API stats, province 5 years", "/api/v1/stats/?area={area}&from={from}&to={to}", "token"),
    ("page / (dashboard)", "/", "session"),
    ("page /units/", "/units/", "session"),
]
ID = re.compile(r"/\d+(?=/|$)")


def seconds(text: str) -> int:
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s?)?", text)
    if not match or not any(match.groups()):
        raise argparse.ArgumentTypeError(f"a duration such as 300, 90s or 5m, not {text!r}")
    return int(match[1] or 0) * 60 + int(match[2] or 0)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="30 users for 1 minute, endpoints alone 5 s each")
    parser.add_argument("--users", type=int, help="simulated users of the mixed load (default 100)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started a second (default 10)")
    parser.add_argument("--duration", type=seconds, help="of the mixed load: 300, 90s, 5m (default 5m)")
    parser.add_argument("--solo-seconds", type=int, help="each endpoint alone (default 15; 0: skip that phase)")
    parser.add_argument("--connections", type=int, default=16, help="of the endpoints alone (default 16)")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--database-url", help="default antq_load (ANTQ_LOAD_DATABASE_URL), with --national "
                        "antq_national (ANTQ_NATIONAL_DATABASE_URL)")
    parser.add_argument("--national", action="store_true",
                        help="at national scale: the database prepared by national.py instead of the demo alone")
    parser.add_argument("--national-units", type=int, help="with --national: top the units up to this many "
                        "(default 100000 on a database national.py has not built yet, else as it is)")
    parser.add_argument("--national-incidents", type=int, help="with --national: top the incidents up to this "
                        "many (default 1000000 on a database national.py has not built yet, else as it is)")
    parser.add_argument("--redis-url", default=os.environ.get("ANTQ_LOAD_REDIS_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--output", help="default benchmarks/results/load_<date>.md")
    args = parser.parse_args()
    quick = args.quick
    args.users = args.users or (30 if quick else 100)
    args.duration = args.duration or (60 if quick else 300)
    args.solo_seconds = (5 if quick else 15) if args.solo_seconds is None else args.solo_seconds
    if args.database_url is None:
        args.database_url = (os.environ.get("ANTQ_NATIONAL_DATABASE_URL", national.DEFAULT_DATABASE_URL)
                             if args.national else os.environ.get(
                                 "ANTQ_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/antq_load"))
    args.output = args.output or str(ROOT / "benchmarks" / "results" / (
        f"load_{'national_' if args.national else ''}{datetime.datetime.now():%Y-%m-%d_%H%M}.md"))
    return args


def manage(env: dict, *command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, check=True, **kwargs)


def database_prepare(url: str, lock, args=None) -> dict:
    """Migrate; the areas and the demo data only when missing (a second run reuses them). With --national,
    national.py's preparation: the same, then every registry topped up to national scale."""
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local",
                        "ANTQ_LOG_LEVEL": "WARNING"}
    if args is not None and args.national:
        built = national.built(lock)  # a database national.py built is reused at its size unless told otherwise
        national.prepare(url, args.national_units if args.national_units is not None else 0 if built else 100_000,
                         args.national_incidents if args.national_incidents is not None else 0 if built
                         else 1_000_000)
        return env
    manage(env, "migrate", "--noinput", "-v", "0")
    with lock.cursor() as cur:
        cur.execute("SELECT count(*) FROM antqcore_area")
        if cur.fetchone()[0] == 0:
            manage(env, "load_areas")
    manage(env, "seed_demo")  # seeds only a database without users
    return env


def server_env(args) -> dict:
    """Production settings (load_settings adds the bare view); a fresh key each run. The API's per-user throttle is
    lifted: a hundred virtual users share eight demo accounts, where people would each have their own."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "load_settings", "PYTHONPATH": f"{ROOT}:{HERE}",
        "DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url, "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "ANTQ_LOAD_STATIC_ROOT": str(WORK / "static"),
        "ANTQ_API_USER_RATE": "1000000/min", "ANTQ_LOG_FORMAT": "json", "ANTQ_LOG_LEVEL": "INFO",
    }


def wait_ready(base: str, seconds_: int = 60) -> None:
    deadline = time.monotonic() + seconds_
    while True:
        try:
            with urllib.request.urlopen(base + "/bench/bare/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def locust(args, env: dict, users: int, spawn_rate: float, duration: int, prefix: Path, classes: list[str]) -> dict:
    """Run locust headless; returns its stats by name and its failures."""
    subprocess.run([str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), *classes, "--headless",
                    "-u", str(users), "-r", str(spawn_rate), "-t", f"{duration}s", "--stop-timeout", "5",
                    "--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--only-summary",
                    "--exit-code-on-error", "0", "--loglevel", "WARNING"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        stats = {row["Name"]: row for row in csv.DictReader(f)}
    with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
        failures = list(csv.DictReader(f))
    return {"stats": stats, "failures": failures}


def processes(server: subprocess.Popen, worker: subprocess.Popen, database: str) -> dict[str, list]:
    """The processes whose CPU the report splits the time between."""
    groups = {"gunicorn (Django)": [], "Celery worker": [], f"PostgreSQL ({database})": [], "Redis": []}
    for parent, group in ((server, "gunicorn (Django)"), (worker, "Celery worker")):
        main = psutil.Process(parent.pid)
        groups[group] = [main, *main.children(recursive=True)]
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if process.info["name"] == "postgres" and f" {database} " in cmdline:
            groups[f"PostgreSQL ({database})"].append(process)
        elif (process.info["name"] or "").startswith("redis-server"):
            groups["Redis"].append(process)
    return groups


def cpu_seconds(groups: dict[str, list]) -> dict[int, float]:
    seen = {}
    for members in groups.values():
        for process in members:
            try:
                times = process.cpu_times()
                seen[process.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                pass
    return seen


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def busy_cpu() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + times.irq + times.softirq + getattr(times, "steal", 0)


def request_log(path: Path, start: int, end: int) -> list[dict]:
    """The antq.request lines that gunicorn's workers wrote between two offsets of their log."""
    lines = []
    with open(path, "rb") as f:
        f.seek(start)
        for raw in f.read(end - start).splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if line.get("logger") == "antq.request":
                lines.append(line)
    return lines


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def ms(row: dict, column: str) -> str:
    value = row.get(column) or "0"
    return "–" if value == "N/A" else f"{float(value):.0f}"


def report(args, solo: list, mixed: dict, cpu: dict, log: list[dict], loads: dict, started: datetime.datetime,
           worker_errors: list[str], counts: dict | None = None) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    cpu_model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                     platform.processor())
    out = [f"# Load test{', national scale' if counts else ''}, {started:%d/%m/%Y %H:%M}", "",
           f"`benchmarks/load/run.py{' --national' if args.national else ''}{' --quick' if args.quick else ''}` "
           f"at commit {commit.strip()}; "
           f"{psutil.cpu_count()} CPUs ({cpu_model}); gunicorn 2 sync workers, production settings "
           f"(`benchmarks/load/load_settings.py`), PostgreSQL `{args.database_url.rsplit('/', 1)[-1]}`, Redis "
           f"`{args.redis_url}`, one Celery worker (concurrency 1); locust on the same machine.", "",
           "Machine load (1, 5, 15 min): " + "; ".join(f"{k} {v[0]:.2f} {v[1]:.2f} {v[2]:.2f}"
                                                        for k, v in loads.items()) + ".", ""]
    if counts:
        out += ["National scale (`benchmarks/load/national.py`): the demo (old Bắc Giang and Bắc Ninh), then every "
                "registry topped up for the other provinces in the demo's proportions per unit. Rows before the load "
                "(the mixed load adds incidents, tallies and reports):", "",
                "| registry | rows |", "|---|--:|"]
        out += [f"| {label} | {count:,} |".replace(",", ".") for label, count in counts.items()]
        out.append("")
    if solo:
        bare = float(solo[0][1]["Requests/s"]) or 1.0
        out += [f"## Each endpoint alone: {args.connections} connections, no pause, {args.solo_seconds} s each", "",
                "| endpoint | req/s | % of bare | p50 ms | p95 ms | p99 ms | errors |", "|---|--:|--:|--:|--:|--:|--:|"]
        for label, row in solo:
            rps = float(row["Requests/s"])
            out.append(f"| {label} | {rps:.0f} | {100 * rps / bare:.1f}% | {ms(row, '50%')} | {ms(row, '95%')} | "
                       f"{ms(row, '99%')} | {row['Failure Count']} |")
        out.append("")
    stats = mixed["stats"]
    total = stats.get("Aggregated", {})
    verdict = ("met" if int(total.get("Failure Count", 1)) == 0 and float(total.get("95%", 1e9)) < 500 else "MISSED")
    out += [f"## Mixed load: {args.users} users (spawn {args.spawn_rate:g}/s) for {args.duration} s", "",
            f"Total: **{float(total.get('Requests/s', 0)):.1f} req/s, p50 {ms(total, '50%')} ms, p95 "
            f"{ms(total, '95%')} ms, p99 {ms(total, '99%')} ms, {total.get('Failure Count', '?')} errors** of "
            f"{total.get('Request Count', '?')} requests (issue #20's target at 100 users for 5 minutes: 0 errors and "
            f"p95 under 500 ms: {verdict}{'' if args.users >= 100 and args.duration >= 300 else ', at a smaller load'}"
            ").", "",
            "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
            "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for name, row in sorted(stats.items(), key=lambda item: -int(item[1]["Request Count"])):
        if name != "Aggregated":
            out.append(f"| {row['Type']} {name} | {row['Request Count']} | {float(row['Requests/s']):.2f} | "
                       f"{ms(row, '50%')} | {ms(row, '95%')} | {ms(row, '99%')} | {ms(row, 'Max Response Time')} | "
                       f"{row['Failure Count']} |")
    out.append("")
    if mixed["failures"]:
        out += ["Errors:", "", "| endpoint | error | times |", "|---|---|--:|"]
        out += [f"| {f['Method']} {f['Name']} | {f['Error'][:200]} | {f['Occurrences']} |" for f in mixed["failures"]]
        out.append("")
    out += where_the_time_goes(cpu, log)
    server_errors = sorted({(line["method"], line["path"], line["status"]) for line in log if line["status"] >= 500})
    if server_errors or worker_errors:
        out += ["## Server errors", ""]
        out += [f"- {status} on {method} {path}" for method, path, status in server_errors]
        out += [f"- Celery worker: {line}" for line in worker_errors[:10]]
        out.append("")
    return "\n".join(out)


def where_the_time_goes(cpu: dict, log: list[dict]) -> list[str]:
    out = ["## Where the time goes (mixed load)", "",
           f"CPU seconds over the {cpu['wall']:.0f} s of the mixed load, {cpu['capacity']:.0f} CPU-seconds available:",
           "", "| process | CPU s | share of the machine |", "|---|--:|--:|"]
    for group, used in cpu["groups"].items():
        out.append(f"| {group} | {used:.1f} | {100 * used / cpu['capacity']:.0f}% |")
    known = sum(cpu["groups"].values())
    out += [f"| everything else (other users of the machine) | {max(cpu['busy'] - known, 0):.1f} | "
            f"{100 * max(cpu['busy'] - known, 0) / cpu['capacity']:.0f}% |",
            f"| idle | {max(cpu['capacity'] - cpu['busy'], 0):.1f} | "
            f"{100 * max(cpu['capacity'] - cpu['busy'], 0) / cpu['capacity']:.0f}% |", ""]
    if not log:
        return out
    by_path: dict[str, list[float]] = {}
    for line in log:
        by_path.setdefault(f"{line['method']} {ID.sub('/ID', line['path'])}", []).append(line["duration_ms"])
    spent = sum(sum(d) for d in by_path.values()) or 1.0
    out += ["Time inside Django by address (the request log's `duration_ms`: from the first middleware to the "
            "response, without the wait for a free worker, which is the difference to the client's times above):", "",
            "| address | requests | server p50 ms | server p95 ms | share of Django's time |", "|---|--:|--:|--:|--:|"]
    for name, durations in sorted(by_path.items(), key=lambda item: -sum(item[1]))[:15]:
        out.append(f"| {name} | {len(durations)} | {percentile(durations, 50):.0f} | {percentile(durations, 95):.0f} | "
                   f"{100 * sum(durations) / spent:.0f}% |")
    out.append("")
    return out


def machine_lock_take():
    """One load test at a time on this machine, whatever its database: two at once would share var/load, the port
    and the Redis database, and each would time the other's load (the database's advisory lock covers one database
    only)."""
    handle = open(WORK / ".lock", "w")  # noqa: SIM115 - open for the whole run
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit("Another load test is running on this machine (var/load/.lock): two at once share var/load, the "
                 "port and the Redis database, and would time each other's load. Try again when it has finished.")
    return handle


def main() -> None:
    args = arguments()
    started = datetime.datetime.now()
    loads = {"at the start": os.getloadavg()}
    WORK.mkdir(parents=True, exist_ok=True)
    machine_lock = machine_lock_take()  # noqa: F841 - held until the process exits
    database_ensure(args.database_url)
    lock = run_lock(args.database_url, "load")
    print("==> Database", args.database_url, flush=True)
    local_env = database_prepare(args.database_url, lock, args)
    counts = national.registry_counts(lock) if args.national else None
    fixture = WORK / "fixture.json"
    fixture.write_text(subprocess.run([str(BIN / "python"), str(HERE / "fixture.py")], cwd=ROOT, env=local_env,
                                      check=True, capture_output=True, text=True).stdout, encoding="utf-8")
    env = server_env(args)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    locust_env = env | {"ANTQ_LOAD_FIXTURE": str(fixture)}
    server_log, worker_log = WORK / "gunicorn.log", WORK / "worker.log"
    print("==> gunicorn and the Celery worker", flush=True)
    with open(server_log, "wb") as server_out, open(worker_log, "wb") as worker_out:
        server = subprocess.Popen([str(BIN / "gunicorn"), "config.wsgi:application", "--workers", "2",
                                   "--bind", f"127.0.0.1:{args.port}", "--pythonpath", str(HERE)],
                                  cwd=ROOT, env=env, stdout=server_out, stderr=subprocess.STDOUT)
        worker = subprocess.Popen([str(BIN / "celery"), "-A", "config", "worker", "--concurrency", "1",
                                   "--loglevel", "WARNING"], cwd=ROOT, env=env, stdout=worker_out,
                                  stderr=subprocess.STDOUT)
        try:
            wait_ready(f"http://127.0.0.1:{args.port}")
            solo = []
            for label, path, auth in SOLO if args.solo_seconds else []:
                print(f"==> Alone: {label}", flush=True)
                result = locust(args, locust_env | {"ANTQ_LOAD_SOLO_PATH": path.format(**json.loads(
                    fixture.read_text())["stats"]), "ANTQ_LOAD_SOLO_AUTH": auth}, args.connections,
                    args.connections, args.solo_seconds, WORK / "solo", ["SoloUser"])
                solo.append((label, result["stats"]["solo"]))
            print(f"==> Mixed load: {args.users} users for {args.duration} s", flush=True)
            loads["before the mixed load"] = os.getloadavg()
            groups = processes(server, worker, args.database_url.rsplit("/", 1)[-1])
            before, children, busy, offset = cpu_seconds(groups), children_cpu(), busy_cpu(), server_log.stat().st_size
            wall = time.monotonic()
            mixed = locust(args, locust_env, args.users, args.spawn_rate, args.duration, WORK / "mixed", MIXED_USERS)
            wall = time.monotonic() - wall
            groups = processes(server, worker, args.database_url.rsplit("/", 1)[-1])  # new database connections
            after = cpu_seconds(groups)
            cpu = {"wall": wall, "capacity": wall * psutil.cpu_count(), "busy": busy_cpu() - busy,
                   "groups": {group: sum(after.get(p.pid, 0) - before.get(p.pid, 0) for p in members)
                              for group, members in groups.items()} | {"locust": children_cpu() - children}}
            loads["at the end"] = os.getloadavg()
            log = request_log(server_log, offset, server_log.stat().st_size)
        finally:
            for process in (server, worker):
                process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                process.wait(timeout=60)
    worker_errors = [line for line in worker_log.read_text(errors="replace").splitlines()
                     if '"level": "ERROR"' in line or "Traceback" in line]
    report_write(report(args, solo, mixed, cpu, log, loads, started, worker_errors, counts), args.output)


if __name__ == "__main__":
    main()
