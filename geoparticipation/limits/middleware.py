"""The read limit: requests per IP address to the feeds and the API, counted in each process's memory.

Reads are the hot path (about 1,400 warm tiles a second on 2 cores), where a database write per request would cost
more than the tile. So each process counts on its own: a client whose requests are spread over N gunicorn
processes may get up to N × RATE_READS. That is enough to stop one client hammering the service; the writes, which
must be exact, are counted in PostgreSQL (counters.py).
"""

import json
import math
import threading
import time

from django.conf import settings
from django.http import HttpResponse

from geoparticipation import outputs

from .counters import ip_key, parse_rate, refusal_message

READ_OUTPUTS = (outputs.API, outputs.WFS, outputs.OGC, outputs.TILES, outputs.DOWNLOADS, outputs.CATALOGUE)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class MemoryCounter:
    """Windows per key in this process's memory; each starts at the key's first request, as in PostgreSQL."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.windows = {}  # key -> (end, hits)
        self.next_sweep = 0.0

    def hit(self, key, limit, period):
        """Counts one request; the seconds to wait when over `limit`, else 0."""
        now = time.monotonic()
        with self.lock:
            if now >= self.next_sweep:
                # Ended windows go at most once a period, so memory holds the clients of the last period or two.
                self.windows = {k: window for k, window in self.windows.items() if window[0] > now}
                self.next_sweep = now + period
            end, hits = self.windows.get(key, (0.0, 0))
            if end <= now:
                end, hits = now + period, 0
            self.windows[key] = (end, hits + 1)
        return max(1, math.ceil(end - now)) if hits + 1 > limit else 0


reads = MemoryCounter()


class ReadLimitMiddleware:
    """429 with Retry-After past RATE_READS requests per IP address to the feeds and the API's reads (its writes
    have their own limits). Placed before the session and everything else, so that a refusal costs nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rate = settings.RATE_LIMITS.get("reads")
        output = outputs.output_of(request.path_info)
        if rate and output in READ_OUTPUTS and (request.method in SAFE_METHODS or output != outputs.API):
            wait = reads.hit(ip_key(request), *parse_rate(rate))
            if wait:
                response = HttpResponse(
                    json.dumps({"detail": refusal_message(wait)}, ensure_ascii=False),
                    content_type="application/json; charset=utf-8",
                    status=429,
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
