"""The one settings module: everything that differs between machines comes from the environment."""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from geoparticipation import outputs

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_rate(name, default):
    """A rate limit in DRF's notation, "10/min" (s, min, hour, day), or None for "off"."""
    value = env(name, default)
    if value.lower() == "off":
        return None
    if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 10/min, 5/hour or off, not {value!r}")
    return value


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-key-for-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The private cluster started by `make` (scripts/postgres.sh) when DATABASE_URL is unset.
LOCAL_POSTGRES_PORT = env_int("LOCAL_POSTGRES_PORT", 54329)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"postgis://geoparticipation@127.0.0.1:{LOCAL_POSTGRES_PORT}/geoparticipation"),
        engine="django.contrib.gis.db.backends.postgis",
        # Long-lived connections: a new one costs half a second before its first spatial query (PostGIS and
        # PROJ load in each backend); a health check replaces one the server dropped.
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# PostgreSQL's JIT costs more than it saves on these spatial plans (seconds on a cold tile at 1M rows).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# The few statements run on every contribution are prepared once per connection (geoparticipation/database.py);
# Django's own cursors never prepare. Behind PgBouncer in transaction mode, set DATABASE_PREPARED_STATEMENTS=0
# unless it is PgBouncer >= 1.21 with max_prepared_statements.
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 0 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None

# Lambert-93 keeps the territory in metres: distances, areas and density cells are computed there. A constant, not a
# setting: the migrations, the catalogue (which declares Lambert-93 downloads) and the CRS of every feed assume it.
STORAGE_SRID = 2154
# What the API speaks (GeoJSON, RFC 7946, is WGS84 by definition).
API_SRID = 4326
# Above this many vertices a contributed geometry is refused: no citizen draws that by hand.
MAX_GEOMETRY_VERTICES = env_int("MAX_GEOMETRY_VERTICES", 10_000)
# How long after publication its author may still edit a proposal that others have supported or commented
# (participation/rules.py edit_refusal); Decidim's default.
PROPOSAL_EDIT_MINUTES = env_int("PROPOSAL_EDIT_MINUTES", 5)
# The answer a proposal is owed this many days after its publication (the console's « réponses dues »).
ANSWER_DELAY_DAYS = env_int("ANSWER_DELAY_DAYS", 30)
# An invitation to the console or to a private space (console.Invitation) is void this many days after it was sent:
# it grants nothing at the account's activation, and `manage.py purge_notifications` (daily) deletes it once it has
# been expired for INVITATIONS_EXPIRED_KEPT_DAYS more (the officers meanwhile see it as expired, and may send it again).
INVITATION_DAYS = env_int("INVITATION_DAYS", 30)
INVITATIONS_EXPIRED_KEPT_DAYS = env_int("INVITATIONS_EXPIRED_KEPT_DAYS", 90)

# Background map for every Leaflet map. Empty: the maps show the commune outlines only.
BASEMAP_URL = env(
    "BASEMAP_URL",
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png"
    "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
)
if BASEMAP_URL == "none":
    BASEMAP_URL = ""
BASEMAP_ATTRIBUTION = env("BASEMAP_ATTRIBUTION", "© IGN Plan IGN")

INSTALLED_APPS = [
    "geoparticipation.console.officers.admin_site.SuperuserAdminConfig",  # the admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # intcomma: counts and populations with the language's thousands separator (geoparticipation/formats/).
    "django.contrib.humanize",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "leaflet",
    "geoparticipation.territory",
    "geoparticipation.accounts",
    "geoparticipation.participation",
    "geoparticipation.moderation",
    "geoparticipation.notifications",
    "geoparticipation.debates",
    "geoparticipation.api",
    "geoparticipation.web",
    "geoparticipation.surveys",
    "geoparticipation.analysis",
    "geoparticipation.demo",
    "gisserver",
    "layers",
    "tiles",
    "opendata",
    "geoparticipation.operations",
    "geoparticipation.mail",
    "geoparticipation.limits",
    "geoparticipation.pages",
    "geoparticipation.attachments",
    "geoparticipation.news",
    "geoparticipation.search",
    "geoparticipation.console",
    "axes",
    "corsheaders",
    # Last: it installs the SQL objects of the apps above after every migrate (geoparticipation/dbobjects.py).
    "geoparticipation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer (static files, 503, 429): a web map on another origin reads those answers too.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database lost while a view runs is a 503, not a 500 (geoparticipation/operations/outage.py).
    "geoparticipation.operations.outage.DatabaseUnavailableMiddleware",
    # Which database the request reads: a replica for the feeds (geoparticipation/replicas.py).
    "geoparticipation.replicas.ReplicaMiddleware",
    "geoparticipation.limits.middleware.ReadLimitMiddleware",
    # A tile answers here, without the site's middleware below (tiles/middleware.py).
    "tiles.middleware.TileMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before any view or query: a NUL in the address or a form is a 400 (PostgreSQL refuses NUL in text).
    "geoparticipation.nul_bytes.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# CORS (django-cors-headers) on the read-only feeds only: WFS, OGC API (styles included), tiles and TileJSON, open
# data (downloads, rasters, catalogue); read with GET, never with credentials. The site, the REST API and the
# back-office stay same-origin. The feeds are those of geoparticipation/outputs.py, which the read limit uses too.
CORS_URLS_REGEX = outputs.feeds_regex()
_cors_origins = env_list("CORS_ALLOWED_ORIGINS", "*")
CORS_ALLOW_ALL_ORIGINS = _cors_origins == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _cors_origins
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# What a client reads beyond the simple headers: revalidation, paging links and the OGC API's CRS.
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Link", "Content-Crs", "Content-Disposition")

ROOT_URLCONF = "geoparticipation.urls"
WSGI_APPLICATION = "geoparticipation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "geoparticipation.web.context_processors.maps",
                "geoparticipation.notifications.context_processors.bell",
                "geoparticipation.console.context_processors.console",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out login before any password is checked (see "Logins" below).
    "axes.backends.AxesStandaloneBackend",
    # Django's, which also tells the login form when the password is right but the address not confirmed yet.
    "geoparticipation.accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
FORMAT_MODULE_PATH = ["geoparticipation.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded images and PDFs (geoparticipation/attachments/). They are never served from MEDIA_URL: a view checks that
# the reader may see the proposal or article first, then sends the file itself, or hands it to nginx with
# X-Accel-Redirect under MEDIA_ACCEL_REDIRECT (an `internal` location aliased to MEDIA_ROOT, deploy/nginx.conf).
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT", "")
UPLOAD_MAX_IMAGE_MB = env_int("UPLOAD_MAX_IMAGE_MB", 5)
UPLOAD_MAX_PDF_MB = env_int("UPLOAD_MAX_PDF_MB", 10)
PROPOSAL_MAX_IMAGES = env_int("PROPOSAL_MAX_IMAGES", 3)
PROPOSAL_MAX_DOCUMENTS = env_int("PROPOSAL_MAX_DOCUMENTS", 3)
# The map thumbnails of shared links (web/thumbnails.py), drawn once per version of their geometry.
THUMBNAIL_ROOT = BASE_DIR / "var" / "thumbnails"
# Open data: cached downloads and rasters (one copy per format and CRS and data version), dated snapshots.
OPENDATA_ROOT = BASE_DIR / "var" / "opendata"
OPENDATA_SNAPSHOT_DAYS = env_int("OPENDATA_SNAPSHOT_DAYS", 365)
# Content hidden on the site leaves the stored snapshots from a thread of its own, after the commit (opendata/purge.py).
OPENDATA_PURGE_IN_BACKGROUND = True
# A bilan's summary no longer fresh is shown while a thread computes the next (analysis/report.py).
BILAN_REFRESH_IN_BACKGROUND = True
OPENDATA_BASE_URL = env("OPENDATA_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "participation@localhost")
# The address of the site, for the links in e-mails sent outside a request (notifications to followers).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Shown under the pages « Données personnelles » and « Accessibilité » (an e-mail address becomes a link).
METROPOLE_ADDRESS = "Métropole Européenne de Lille, 2 boulevard des Cités Unies, CS 70043, 59040 Lille Cedex"
DPO_CONTACT = env("DPO_CONTACT", f"Délégué à la protection des données, {METROPOLE_ADDRESS}")
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT", f"Participation citoyenne, {METROPOLE_ADDRESS}")
# Where an author whose content was hidden writes to contest it (given in the e-mail that tells them).
MODERATION_CONTACT = env("MODERATION_CONTACT", DEFAULT_FROM_EMAIL)
# In-site notifications older than this, read or not, are deleted by `manage.py purge_notifications` (daily):
# the e-mail told the same, and the bell is news, not an archive.
NOTIFICATIONS_KEPT_DAYS = env_int("NOTIFICATIONS_KEPT_DAYS", 90)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "web:home"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a refused request is then a 401 with `WWW-Authenticate: Token`, not a bare 403.
        "geoparticipation.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "geoparticipation.api.pagination.FeaturePagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "geoparticipation.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Limits (README "Limits"). A rate is "N/s", "N/min", "N/hour" or "N/day", or "off". Writes are counted in
# PostgreSQL, shared by every process (geoparticipation/limits/counters.py); reads in each process's memory.
RATE_LIMITS = {
    # Per account.
    "contributions": env_rate("RATE_CONTRIBUTIONS", "10/min"),  # proposals, annotations, survey answers
    "comments": env_rate("RATE_COMMENTS", "10/min"),
    "supports": env_rate("RATE_SUPPORTS", "30/min"),  # supports and follows, given or withdrawn
    "reports": env_rate("RATE_REPORTS", "10/hour"),
    # Per IP address, every write above together: people behind one address (a town hall, a workshop) share it.
    "writes": env_rate("RATE_WRITES_PER_IP", "100/min"),
    # Per IP address and per e-mail address: each request sends a mail. Ten accounts an hour from one address is
    # also where the campaign detection starts looking (analysis/campaigns.py).
    "signups": env_rate("RATE_SIGNUPS", "10/hour"),
    "password_resets": env_rate("RATE_PASSWORD_RESETS", "5/hour"),
    # Per IP address: API requests with an unknown token, past which they get 429 instead of 401.
    "bad_tokens": env_rate("RATE_BAD_TOKENS", "20/min"),
    # Per IP address and per process: the feeds and the API's reads.
    "reads": env_rate("RATE_READS", "3000/min"),
}
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["geoparticipation.limits.throttling.WriteThrottle"]
# Reverse proxies in front of the service, each appending to X-Forwarded-For; with none (the default) the client
# is REMOTE_ADDR and that header, which anyone can write, is ignored.
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# Logins (site and back-office, django-axes): LOGIN_FAILURE_LIMIT failures for one e-mail address, or from one IP
# address, block logging in for LOGIN_COOLOFF_MINUTES, whether the account exists or not; each attempt during the
# block starts it again.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "geoparticipation.accounts.lockout.login_username"
AXES_CLIENT_IP_CALLABLE = "geoparticipation.limits.counters.client_ip"
AXES_LOCKOUT_CALLABLE = "geoparticipation.accounts.lockout.lockout_response"
# Failed attempts are deleted after the cool-off; successful logins (address, IP, browser) are not recorded.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False  # the accounts' admin shows the attempts alone

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (50.63, 3.06),
    "DEFAULT_ZOOM": 11,
    "MIN_ZOOM": 8,
    "MAX_ZOOM": 19,
    "TILES": [("Plan", BASEMAP_URL, {"attribution": BASEMAP_ATTRIBUTION})] if BASEMAP_URL else [],
    "RESET_VIEW": False,
}

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# GDAL 3.6 (Debian 12) cannot block file and network access from spatial reference strings. The
# project never hands user text to GDAL's SRS parser: CRS parameters are parsed to EPSG integers first.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# WFS (django-gisserver). GML and GeoJSON are rendered by PostGIS and streamed. "EPSG:4326" answers in
# lon/lat as GeoServer does (what older clients expect); "urn:ogc:def:crs:EPSG::4326" keeps the lat/lon of the
# EPSG definition.
GISSERVER_USE_DB_RENDERING = True
# numberMatched stays "unknown" on pages rather than costing a count(*) of the whole layer on each request (about
# 100 ms at 1,000,000 contributions); next links come from one extra row, and resultType=hits still counts.
GISSERVER_COUNT_NUMBER_MATCHED = 0
GISSERVER_FORCE_XY_EPSG_4326 = True
# Pages of GML up to 10,000 features, as in the OGC API (gisserver's default stops GML at 5,000).
GISSERVER_DEFAULT_MAX_PAGE_SIZE = 10_000

# Operations (README « Operations »): what a client sees while the database does not answer, and the health check.
# The Retry-After of the 503 answered meanwhile, in seconds.
DATABASE_RETRY_AFTER = env_int("DATABASE_RETRY_AFTER", 30)
# A connection to a database host that does not answer gives up after this many seconds, and the request is a 503
# rather than a wait of minutes (libpq waits indefinitely by default).
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
# A web request's statement that runs longer than this many seconds is cancelled and the request answered 503 with
# its reason (operations/outage.py), so that no request holds a worker and a backend for long. gunicorn.conf.py sets
# it for the web workers; 0 (no limit) elsewhere: commands (seed, publish_opendata) and migrations run as long as
# they need.
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 0)
if DATABASE_STATEMENT_TIMEOUT > 0:
    DATABASES["default"]["OPTIONS"]["options"] += f" -c statement_timeout={DATABASE_STATEMENT_TIMEOUT}s"
# /sante/ waits this long for the database, to connect and then to answer: a load balancer's check never hangs.
HEALTH_CHECK_TIMEOUT = env_int("HEALTH_CHECK_TIMEOUT", 2)

# Read replicas (geoparticipation/replicas.py): PostgreSQL streaming replicas of the default database, as
# comma-separated URLs, each a database alias replica_0, replica_1... with default's options. The read feeds and
# the REST API's reads go to one that answers and is late by at most DATABASE_REPLICA_MAX_LAG seconds, checked at
# most every DATABASE_REPLICA_CHECK_SECONDS by each process; everything else uses the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    _replica = dj_database_url.parse(
        _url,
        engine="django.contrib.gis.db.backends.postgis",
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    _replica["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], **_replica.get("OPTIONS", {})}
    # A streaming replica copies every database of the primary, the test database too: for the tests, Django
    # names that copy (a test mirror takes its primary's NAME only) and creates or flushes nothing there.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_REPLICA_MAX_LAG = env_int("DATABASE_REPLICA_MAX_LAG", 10)
DATABASE_REPLICA_CHECK_SECONDS = env_int("DATABASE_REPLICA_CHECK_SECONDS", 5)
DATABASE_ROUTERS = ["geoparticipation.replicas.ReplicaRouter"]
