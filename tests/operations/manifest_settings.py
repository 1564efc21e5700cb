"""The test settings with a manifest storage of the static files, collected into a folder of the test's:
tests/operations/test_vendor_npm.py runs collectstatic with them. Production's storage (base.py) is WhiteNoise's
CompressedManifestStaticFilesStorage: Django's manifest storage, whose post-processing refuses a file that names a
missing one, plus compression, which takes most of a minute and is left out here."""

import os

from config.settings.test import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}  # noqa: F405
STATIC_ROOT = os.environ["ANTQ_TEST_STATIC_ROOT"]
