"""App configuration for agencies, roles and the audit log."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from gongkai.org.roles import sync_roles


class OrgConfig(AppConfig):
    name = "gongkai.org"
    label = "org"
    verbose_name = "机构与权限"

    def ready(self):
        # Roles are groups with fixed permissions; they are kept in step with the code on
        # every migrate, so a deployment never runs with stale role definitions.
        post_migrate.connect(sync_roles, dispatch_uid="gongkai.sync_roles")
