# The project's app has no models. This module exists because Django sends pre_migrate and post_migrate only to
# apps with a models module, and the project's app installs the SQL objects on those signals (apps.py).
