"""Run Rempart's whole test suite (called by scripts/test after installing).

1. Static checks: ruff (lint and format), mypy --strict, import-linter (the layers).
2. pytest on SQLite: every test, including the browser tests.
3. pytest on PostgreSQL: the tests that touch the database (marker ``database``).

PostgreSQL: uses ``REMPART_TEST_POSTGRES_URL`` if set, else a server at 127.0.0.1:5432 that
accepts ``postgres`` without a password, else a throwaway cluster started here (initdb with
trust authentication) when PostgreSQL's binaries are installed. With
``REMPART_REQUIRE_POSTGRES=1`` (set by .ci/run) a missing PostgreSQL fails the run; otherwise
it is skipped with a loud message. Chromium: installed with apt-get when missing and running
as root; browser tests fail instead of skipping when ``REMPART_REQUIRE_BROWSER=1``. BSI's
CSAF validator: ``npm ci`` (package-lock.json) when missing, with Debian's hunspell;
its tests fail instead of skipping when ``REMPART_REQUIRE_NODE=1``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def step(title: str) -> None:
    print(f"\n=== {title} ===", flush=True)


def loud(message: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n!! {message}\n{bar}\n", flush=True)


def run(args: list[str], env: dict[str, str] | None = None) -> None:
    print("$", " ".join(args), flush=True)
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def ensure_chromium() -> None:
    if shutil.which("chromium") or os.environ.get("REMPART_CHROMIUM"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        step("installing Debian's chromium for the browser tests")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env)
        run(
            [
                "apt-get",
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "chromium",
                "poppler-utils",
            ],
            env,
        )
    else:
        loud("chromium is missing and cannot be installed here: browser tests will be skipped")


def ensure_node_tools() -> None:
    """BSI's CSAF validator (npm, pinned by package-lock.json) and hunspell for its full test set."""
    if not (shutil.which("node") and shutil.which("npm")):
        loud("node/npm missing: the CSAF validator tests will be skipped")
        return
    if not (ROOT / "node_modules" / "@secvisogram" / "csaf-validator-lib").is_dir():
        step("installing the CSAF validator (npm ci)")
        run(["npm", "ci", "--no-audit", "--no-fund"])
    if not shutil.which("hunspell") and os.geteuid() == 0 and shutil.which("apt-get"):
        step("installing hunspell for the CSAF validator's spell check (test 6.3.8)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(
            [
                "apt-get",
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "hunspell",
                "hunspell-en-us",
            ],
            env,
        )


def _accepts(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("select 1")
        return True
    except Exception as error:  # any failure means "not usable"
        print(f"PostgreSQL at {url.split('@')[-1]} not usable: {error}".strip(), flush=True)
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    runner = shutil.which("runuser")
    return (
        [runner, "-u", "postgres", "--", *args]
        if runner
        else ["su", "postgres", "-c", " ".join(args)]
    )


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str | None]:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        yield None
        return
    bindir = Path(candidates[-1]).parent
    workdir = Path(tempfile.mkdtemp(prefix="rempart-pg-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    data, port = workdir / "data", _free_port()
    step(f"starting a throwaway PostgreSQL cluster on port {port}")
    run(
        _as_postgres(
            [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]
        )
    )
    options = (
        f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    )
    run(
        _as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(workdir / "log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        )
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/rempart"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def postgres() -> Iterator[str | None]:
    configured = os.environ.get("REMPART_TEST_POSTGRES_URL")
    if configured:
        yield configured if _accepts(configured) else None
        return
    local = "postgresql://postgres@127.0.0.1:5432/rempart"
    if _accepts(local.replace("/rempart", "/postgres")):
        yield local
        return
    with throwaway_cluster() as url:
        if url is not None:
            deadline = time.monotonic() + 30
            while (
                not _accepts(url.replace("/rempart", "/postgres")) and time.monotonic() < deadline
            ):
                time.sleep(0.5)
        yield url


def static_checks() -> None:
    step("static checks: ruff, mypy --strict, import-linter")
    paths = [p for p in ("src", "tests", "bench", "tools", "scripts") if (ROOT / p).is_dir()]
    run([str(BIN / "ruff"), "check", *paths])
    run([str(BIN / "ruff"), "format", "--check", *paths])
    run([str(BIN / "mypy")])
    run([str(BIN / "lint-imports")])


def pytest(extra: list[str], env: dict[str, str]) -> None:
    workers = os.environ.get("REMPART_TEST_WORKERS", "2")
    run([str(BIN / "pytest"), "-n", workers, "--dist", "loadfile", *extra], env)


def main(argv: list[str]) -> int:
    base_env = {**os.environ}
    base_env.pop("REMPART_DATABASE_URL", None)
    base_env["REMPART_DATA_DIR"] = tempfile.mkdtemp(prefix="rempart-test-data-")
    try:
        if "--no-static" not in argv:
            static_checks()
        ensure_chromium()
        ensure_node_tools()
        step("pytest on SQLite (all tests)")
        pytest([a for a in argv if a != "--no-static"], base_env)
        with postgres() as url:
            if url is None:
                message = "NO POSTGRESQL SERVER: the PostgreSQL half of the suite did not run"
                if os.environ.get("REMPART_REQUIRE_POSTGRES") == "1":
                    loud(message + " (REMPART_REQUIRE_POSTGRES=1: failing)")
                    return 1
                loud(message)
                return 0
            step("pytest on PostgreSQL (database tests)")
            pytest(
                ["-m", "database", *[a for a in argv if a != "--no-static"]],
                {**base_env, "REMPART_DATABASE_URL": url},
            )
    except subprocess.CalledProcessError as error:
        print(f"\nFAILED: {' '.join(map(str, error.cmd))} (exit {error.returncode})", flush=True)
        return 1
    finally:
        shutil.rmtree(base_env["REMPART_DATA_DIR"], ignore_errors=True)
    step("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
