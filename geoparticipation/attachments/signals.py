from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete


def delete_files_of_deleted_row(sender, instance, **kwargs):
    """A file row deleted (or cascaded from its proposal or article) takes its files off the disk once committed;
    a rolled-back deletion keeps them."""
    names = [name for name in (instance.file.name, instance.thumbnail.name) if name]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def delete_files_with(model):
    """Connected for each concrete model only: a receiver for every sender would stop Django's fast deletes
    everywhere."""
    post_delete.connect(delete_files_of_deleted_row, sender=model, dispatch_uid=f"delete_files_{model._meta.label}")
