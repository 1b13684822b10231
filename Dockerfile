# 质量奖管理平台 — production image (web: gunicorn; the same image runs the Celery worker and beat).
# Used by docker-compose.yml. Build: docker build -t quality-award-portal .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LANG=C.UTF-8

# CJK fonts for PDFs and graphs, WeasyPrint's Pango/HarfBuzz libraries, Graphviz for the workflow
# diagrams.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-noto-cjk \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        graphviz \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Everything the app writes lives outside the code: static files are baked into the image,
# media goes to the /data/media volume, var/ holds beat's schedule file (and local mail if used).
ENV PORTAL_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    DJANGO_ENV=production \
    DJANGO_DEBUG=0

# The dummy key exists only for this build step; the real one comes from the environment at run time.
RUN SECRET_KEY=build-only-dummy-key-not-used-at-runtime-0123456789abcdefghij \
    python manage.py collectstatic --noinput

RUN useradd --system --create-home --uid 10001 --user-group portal \
    && mkdir -p /app/var /data/media \
    && chown -R portal:portal /app/var /data/media

USER portal

EXPOSE 8000

# WEB_CONCURRENCY sets gunicorn's worker count (default 3 here); TLS ends at the reverse proxy in
# front, which must send X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "120"]
