"""Django projects, read statically: their settings' INSTALLED_APPS, their AppConfig classes,
and from those where a member's apps live and where its imports start."""

from shipyard.django.detect import DjangoApp, DjangoProject, detect, is_django_file

__all__ = ["DjangoApp", "DjangoProject", "detect", "is_django_file"]
