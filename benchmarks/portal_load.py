"""Portal pages and search under load (wrk on loopback): shipped nginx config vs plain nginx, the
embedded server, and the search endpoint. Prints one JSON object; not run by CI.

What it does, all on 127.0.0.1 and bounded in time:
1. A throwaway var dir with the demo bureau (`gongkai demo`: migrate, demo data, search index,
   built site).
2. gunicorn with the project's WSGI app (as in docs/OPERATIONS.md) on one port.
3. nginx with `deploy/nginx/gongkai.conf` (paths and ports rewritten) in front of it, and a plain
   nginx serving the same `var/site` alone: (a) the ratio of their req/s on the same built pages.
4. `gongkai serve` (what `make demo` runs): (b) req/s and p99 on the same pages.
5. (c) the search endpoint (`/api/search?q=…`, rotating popular queries) through the shipped config,
   answered mostly from the search cache (keyed by the index generation); and (c_uncached) the
   same queries against a second gunicorn started with SEARCH_CACHE_SECONDS=0, so every request
   runs the search: what a query nobody asked before costs.

Needs Debian's nginx and wrk (`apt-get install nginx-light wrk`; installed here if missing).
Every measured wrk run follows a --warmup run (default 3 s) against the same server, so cold
workers (imports, the tokeniser's dictionary, the first database connection) do not land in p99.
Usage: .venv/bin/python benchmarks/portal_load.py [--seconds 10] [--connections 32] [--warmup 3]
       [--var-dir DIR: an existing demo var dir (built with `gongkai demo`) instead of a fresh one] > portal_load.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEARCH_TERMS = ["户籍", "驾照", "罚款", "出入境", "通告", "交通", "身份证", "电动自行车", "ETC", "治安"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_tools() -> None:
    missing = [tool for tool in ("nginx", "wrk") if not shutil.which(tool)]
    if missing:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light", "wrk"], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except Exception as exc:  # not up yet, or an error page
            last = exc
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {seconds} s (last: {last})")


def nginx_conf(body: str, workdir: Path) -> Path:
    conf = workdir / f"nginx-{abs(hash(body))}.conf"
    # Workers as root: the throwaway var dir is private to this user (mkdtemp makes it 0700).
    conf.write_text(f"""
user root;
worker_processes 2;
daemon off;
pid {workdir}/nginx-{conf.stem}.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {workdir}/client_body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    {body}
}}
""")
    return conf


def shipped_server_block(var_dir: Path, listen: int, upstream: int) -> str:
    text = (ROOT / "deploy" / "nginx" / "gongkai.conf").read_text()
    text = text.replace("/srv/gongkai/var", str(var_dir))
    text = text.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    text = text.replace("server 127.0.0.1:8001;", f"server 127.0.0.1:{upstream};")
    return text


def plain_server_block(var_dir: Path, listen: int) -> str:
    return f"""
server {{
    listen 127.0.0.1:{listen};
    location / {{ root {var_dir}/site; index index.html; try_files $uri $uri/index.html =404; }}
}}"""


def lua_script(paths: list[str], workdir: Path, name: str) -> Path:
    script = workdir / f"{name}.lua"
    quoted = ", ".join(json.dumps(p, ensure_ascii=False) for p in paths)
    script.write_text(f"""
local paths = {{{quoted}}}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
""")
    return script


def run_wrk(port: int, script: Path, seconds: int, connections: int, warmup: int = 0) -> dict:
    if warmup:
        subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{warmup}s", "-s", str(script), f"http://127.0.0.1:{port}"],
                       capture_output=True, timeout=warmup + 60)
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    out = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for pct in ("50", "90", "99"):
        match = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out)
        if match:
            value, unit = float(match.group(1)), match.group(2)
            latency[f"p{pct}_ms"] = round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 3)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"req_per_s": rps, **latency, "non_2xx": int(errors.group(1)) if errors else 0}


def built_paths(site: Path, limit: int = 200) -> list[str]:
    paths = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        paths.append("/" if rel == "." else f"/{rel}/")
        if len(paths) >= limit:
            break
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--var-dir", type=Path, default=None)
    args = parser.parse_args()
    ensure_tools()
    processes: list[subprocess.Popen] = []
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-load-"))
    var_dir = args.var_dir.resolve() if args.var_dir else workdir / "var"
    env = dict(os.environ, GONGKAI_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="gongkai.config.settings")
    env.pop("DATABASE_URL", None)
    try:
        t0 = time.monotonic()
        if args.var_dir:
            subprocess.run([str(BIN / "gongkai"), "migrate", "-v0"], env=env, check=True, timeout=600)
        else:
            subprocess.run([str(BIN / "gongkai"), "demo"], env=env, check=True, capture_output=True, timeout=600)
        setup_s = time.monotonic() - t0
        pages = built_paths(var_dir / "site")
        if not pages:
            raise RuntimeError("the demo built no pages under var/site")

        gunicorn_port, shipped_port, plain_port, embedded_port, uncached_port = (free_port() for _ in range(5))
        processes.append(subprocess.Popen(
            [str(BIN / "gunicorn"), "gongkai.config.wsgi:application", "--bind", f"127.0.0.1:{gunicorn_port}",
             "--workers", "2", "--threads", "4", "--log-level", "warning"], env=env))
        processes.append(subprocess.Popen(
            [str(BIN / "gunicorn"), "gongkai.config.wsgi:application", "--bind", f"127.0.0.1:{uncached_port}",
             "--workers", "2", "--threads", "4", "--log-level", "warning"], env=dict(env, SEARCH_CACHE_SECONDS="0")))
        processes.append(subprocess.Popen(["nginx", "-p", str(workdir), "-c", str(
            nginx_conf(shipped_server_block(var_dir, shipped_port, gunicorn_port), workdir))]))
        processes.append(subprocess.Popen(["nginx", "-p", str(workdir), "-c", str(
            nginx_conf(plain_server_block(var_dir, plain_port), workdir))]))
        processes.append(subprocess.Popen(
            [str(BIN / "gongkai"), "serve", "--no-jobs", "--port", str(embedded_port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for port in (gunicorn_port, shipped_port, plain_port, embedded_port):
            wait_for(f"http://127.0.0.1:{port}/")
        wait_for(f"http://127.0.0.1:{uncached_port}/api/search?q=x")

        page_script = lua_script(pages, workdir, "pages")
        search_script = lua_script([f"/api/search?q={urllib.request.quote(t)}" for t in SEARCH_TERMS], workdir, "search")
        # Interleave plain and shipped three times so drift on a noisy machine hits both alike.
        plain_runs, shipped_runs = [], []
        for _ in range(3):
            plain_runs.append(run_wrk(plain_port, page_script, args.seconds, args.connections, args.warmup))
            shipped_runs.append(run_wrk(shipped_port, page_script, args.seconds, args.connections, args.warmup))
        plain = max(plain_runs, key=lambda r: r["req_per_s"])
        shipped = max(shipped_runs, key=lambda r: r["req_per_s"])
        embedded = run_wrk(embedded_port, page_script, args.seconds, args.connections, args.warmup)
        search = run_wrk(shipped_port, search_script, args.seconds, args.connections, args.warmup)
        uncached = run_wrk(uncached_port, search_script, args.seconds, args.connections, args.warmup)
        print(json.dumps({
            "machine": {"cpus": os.cpu_count(), "loadavg": os.getloadavg()},
            "setup_seconds": round(setup_s, 1),
            "built_pages_in_rotation": len(pages),
            "wrk": {"threads": 2, "connections": args.connections, "seconds": args.seconds, "warmup_seconds": args.warmup},
            "a_plain_nginx": plain,
            "a_shipped_config": shipped,
            "a_ratio_shipped_to_plain": round(shipped["req_per_s"] / plain["req_per_s"], 3),
            "b_embedded_server": embedded,
            "c_search_endpoint": search,
            "c_uncached_search_gunicorn_direct": uncached,
            "targets": {"a_ratio_min": 0.8, "c_req_per_s_min": 500, "c_p99_ms_max": 100},
        }, ensure_ascii=False, indent=2))
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
