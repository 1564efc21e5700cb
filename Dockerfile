# syntax=docker/dockerfile:1
# ANTQ production image: gunicorn serving config.wsgi, the same image runs the Celery worker and beat.
# Build: docker build -t antq .   (or docker compose up -d --build, see docs/deploy.md)

# --- Runtime base: Python plus WeasyPrint's system libraries and fonts (Times-metric with Vietnamese: Liberation Serif,
# which scripts/vendor_assets.py copies for the reports, and Tinos). The PostgreSQL client programs are those of
# `manage.py backup` / `restore`: pg_dump must be of the server's major version or newer (bookworm's is 15, as the
# postgres:15 service of docker-compose.yml).
FROM python:3.11-slim-bookworm AS base
# Inside this image manage.py and the Celery app default to the production settings, and the local ones refuse to load.
ENV ANTQ_PRODUCTION_IMAGE=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-liberation2 fonts-croscore fontconfig \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# --- Build: dependencies into /opt/venv, the source tree into /app, static files collected.
FROM base AS build
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml ./
COPY requirements/constraints.txt requirements/
# The project is not a package (setuptools packages = []): this installs its dependencies only.
RUN pip install -c requirements/constraints.txt .
WORKDIR /app
COPY . .
# Front-end libraries (Bootstrap) from their PyPI package into static/vendor/, and the reports' font: the base's
# fonts-liberation2 (--no-apt: the package lists are gone; without it, Noto Serif from its PyPI package).
RUN python scripts/vendor_assets.py --no-apt
# Production settings refuse to load without these (and refuse a weak key); the values only live for this one command.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

# --- Final image: code owned by root and read-only to the app user, which may write var/ only.
FROM base
RUN groupadd --system antq && useradd --system --gid antq --home-dir /app --no-create-home antq
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
RUN mkdir -p var/media var/backups && chown -R antq:antq var
ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/var/media
USER antq
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
