from django.core.management.base import BaseCommand, CommandError

from antqcore.models import User
from antqcore.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it, alone on the last line. Only its hash is stored: "
        "keep it now, it cannot be shown again. The token acts with the user's role and scope."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for (e.g. the calling system).")

    def handle(self, *args, username, name, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {username!r}.") from None
        token = api_token_create(user=user, name=name)
        self.stdout.write(f"Token for {user.username} (send it as 'Authorization: Token <token>'):")
        self.stdout.write(token)
