import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from antqcore.models import AreaLevel
from antqcore.provinces import province_admin_create, province_admin_username, province_setup_steps
from antqcore.selectors import AreaNotFound, area_resolve


class _DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Set up a province: run every registered setup step (the tallies' reporting bodies, the report profile and "
        "templates, the certification criteria...) and create the province's first administrator (province staff "
        "scoped to the province) with a random password, printed once, that must be changed at the first sign-in. "
        "CODE is the province's code on today's map, or on the map of --on. Idempotent: a second run changes nothing. "
        "--dry-run says what would be done and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The province's official code, e.g. 42.")
        parser.add_argument("--on", type=datetime.date.fromisoformat, default=None,
                            help="The day whose map the code is read on (YYYY-MM-DD; default today), "
                                 "e.g. 2024-06-30 for a province of the old map.")
        parser.add_argument("--admin-username", default="",
                            help="User name of the first administrator (default qt<code>, qt<code>cu on the old map).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done, write nothing.")

    def handle(self, *args, code, on=None, admin_username="", dry_run=False, **options):
        on = on or timezone.localdate()
        try:
            province = area_resolve(code=code, on=on)
        except AreaNotFound:
            raise CommandError(f"Không có tỉnh mã {code} trên bản đồ ngày {on:%d/%m/%Y} "
                               "(chạy `manage.py load_areas` trước?).") from None
        if province.level != AreaLevel.PROVINCE:
            raise CommandError(f"Mã {code} là {province.name}, không phải một tỉnh.")
        self.stdout.write(f"{'Chạy thử (không ghi gì): ' if dry_run else ''}Thiết lập {province.name} "
                          f"(mã {province.code}, {province.path}, bản đồ ngày {on:%d/%m/%Y}).")
        password = None
        try:
            with transaction.atomic():
                for name, step in province_setup_steps():
                    result = step(province=province, dry_run=dry_run)
                    self.stdout.write(f"[{name}]")
                    for line in result.lines or ["Không có gì phải làm."]:
                        self.stdout.write(f"  {line}")
                username = admin_username or province_admin_username(province)
                result, password = province_admin_create(province=province, username=username, on=on, dry_run=dry_run)
                self.stdout.write("[tài khoản quản trị]")
                for line in result.lines:
                    self.stdout.write(f"  {line}")
                if dry_run:  # a step's dry_run writes nothing; the rollback makes sure of it
                    raise _DryRunRollback
        except _DryRunRollback:
            self.stdout.write("Chạy thử: không ghi gì vào cơ sở dữ liệu.")
            return
        if password:
            self.stdout.write(f"  Mật khẩu (chỉ in một lần, phải đổi khi đăng nhập lần đầu): {password}")
        self.stdout.write(f"Đã thiết lập xong {province.name}.")
