FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . \
    && useradd --system --no-create-home geoparticipation \
    && DEBUG=1 python manage.py collectstatic --no-input -v 0

USER geoparticipation
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py load_communes && gunicorn geoparticipation.wsgi --bind 0.0.0.0:8000 --workers 4 --access-logfile -"]
