FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . \
    && useradd --system --no-create-home geoparticipation \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input -v 0 \
    && mkdir -p var/opendata && chown -R geoparticipation var

USER geoparticipation
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py load_communes && gunicorn geoparticipation.wsgi -c gunicorn.conf.py --access-logfile -"]
