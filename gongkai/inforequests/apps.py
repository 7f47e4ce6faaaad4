"""App configuration for disclosure requests."""

from django.apps import AppConfig


class InforequestsConfig(AppConfig):
    name = "gongkai.inforequests"
    label = "inforequests"
    verbose_name = "依申请公开"
