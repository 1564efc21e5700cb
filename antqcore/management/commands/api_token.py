from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from antqcore.models import ApiToken, User
from antqcore.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it, alone on the last line. Only its hash is stored: "
        "keep it now, it cannot be shown again. The token acts with the user's role and scope, expires after "
        "--days days, and is revoked when the user's password changes or the account is deactivated."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for (e.g. the calling system).")
        parser.add_argument(
            "--days", type=int, default=settings.ANTQ_API_TOKEN_DAYS,
            help=f"How many days the token is valid (default {settings.ANTQ_API_TOKEN_DAYS}, "
                 f"at most {settings.ANTQ_API_TOKEN_MAX_DAYS}).",
        )

    def handle(self, *args, username, name, days, **options):
        if not 1 <= days <= settings.ANTQ_API_TOKEN_MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {settings.ANTQ_API_TOKEN_MAX_DAYS}, not {days}.")
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {username!r}.") from None
        token = api_token_create(user=user, name=name, days=days)
        expires = timezone.localtime(ApiToken.objects.presented(token).get().expires_at)
        self.stdout.write(f"Token for {user.username}, valid until {expires:%d/%m/%Y %H:%M} "
                          f"(send it as 'Authorization: Token <token>'):")
        self.stdout.write(token)
