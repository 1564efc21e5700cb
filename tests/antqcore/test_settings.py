"""Production settings refuse to start without their secrets and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "q8Zp!r2Lw#x9Vt$e4Nk7Jm%c1Hb6Gy&u3Fd0Sa*o5Ri-Te+Yw=Ul^Kx8Mz~Qv2",
    "ALLOWED_HOSTS": "antq.example.gov.vn",
    "DATABASE_URL": "postgres://antq@127.0.0.1:5432/antq",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in PROD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_without_warnings():
    r = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert r.returncode == 0, r.stderr + r.stdout
    assert "no issues" in r.stdout


def test_production_refuses_to_start_without_each_secret():
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        env = {k: v for k, v in PROD_ENV.items() if k != missing}
        r = run_manage("check", env=env)
        assert r.returncode != 0, f"started without {missing}"
        assert missing in r.stderr
