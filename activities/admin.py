"""The admin of both parts of the app: each part keeps its own in admin_<part>.py."""

from .admin_records import *  # noqa: F401,F403
from .admin_tallies import *  # noqa: F401,F403
