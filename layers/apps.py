from django.apps import AppConfig


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = "Couches publiées"
    # Its views are named layer_<id> (the names GIS clients and open-data users see), its other objects layers_*.
    sql_prefixes = ("layer_",)

    def ready(self):
        from . import definitions  # noqa: F401  (registers the layers)
