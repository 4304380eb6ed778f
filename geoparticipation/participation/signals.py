"""What the outputs may listen to, so that the domain never calls them."""

from django.dispatch import Signal

# Sent inside the transaction of a write that took public content out of view or changed its published text (a
# hide, a moderation correction): copies kept elsewhere (the open-data snapshots) follow once it commits.
public_content_changed = Signal()
