"""Settings for the test suite: the real settings with test-speed tweaks only."""

import os

# The suite runs with DEBUG off, where the built-in key is refused (config/settings.py).
os.environ.setdefault("SECRET_KEY", "test-suite-only-key-0c6f1d2e9a8b7c5d4e3f2a1b0c9d8e7f")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "vi"
KHCN_BENCH_BARE_VIEW = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
KHCN_SCAN_FLUSH_SECONDS = 0  # every scan written at once (tests of the buffer set their own)
