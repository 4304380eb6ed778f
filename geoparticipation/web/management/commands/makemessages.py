from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, which never reads the libraries kept in static/vendor/: their strings are not the
    site's, and xgettext would take any `_("…")` call in them for one."""

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], "static/vendor"]
        return super().handle(*args, **options)
