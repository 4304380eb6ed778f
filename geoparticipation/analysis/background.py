"""Summaries recomputed in a thread of the process while the last one is shown (the bilan, the workspace)."""

import logging
import threading

from django.db import connection

logger = logging.getLogger(__name__)
_running = set()
_running_lock = threading.Lock()


def refresh(key, work, description):
    """Runs `work()` in a thread of its own, unless a run for the same key is already under way in this process.

    A failure is logged (`description` says what was being computed), never raised: the last summary stays shown.
    The thread closes its database connection when done."""
    with _running_lock:
        if key in _running:
            return
        _running.add(key)

    def run():
        try:
            work()
        except Exception:
            logger.exception("%s could not be computed", description)
        finally:
            connection.close()
            with _running_lock:
                _running.discard(key)

    threading.Thread(target=run, name=f"refresh-{str(key)[-16:]}", daemon=True).start()
