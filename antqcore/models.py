import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text import search_key


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AreaEra(models.TextChoices):
    # The map before 1 July 2025 (63 provinces, three tiers) and the two-tier map after it.
    LEGACY = "legacy", _("Before 01/07/2025 (63 provinces)")
    REFORM_2025 = "2025", _("From 01/07/2025 (34 provinces)")


def old_map_last_day() -> datetime.date:
    return datetime.date.fromisoformat(settings.ANTQ_REFORM_DATE) - datetime.timedelta(days=1)


class AreaQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def within(self, area: "Area"):
        """The area and everything below it on its own map."""
        return self.filter(path__startswith=area.path)

    # bulk_create and bulk_update bypass save(): the loader of the maps (antqcore.services.areas_load) writes
    # through them, so they keep search_name too.
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for area in objs:
            area.search_name = search_key(area.name)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "name" in fields:
            for area in objs:
                area.search_name = search_key(area.name)
            fields = [*fields, "search_name"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class Area(models.Model):
    """An administrative unit of one era. Official codes repeat across eras, so a code means something
    only together with a date (see `area_resolve`)."""

    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=40, help_text=_("Tỉnh, Thành phố, Huyện, Thị xã, Xã, Phường..."))
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    era = models.CharField(_("era"), max_length=10, choices=AreaEra.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path such as "L.24.213.07201": subtree queries are a prefix match on an index.
    path = models.CharField(max_length=60, unique=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", through="AreaSuccession", symmetrical=False, related_name="predecessors", blank=True
    )
    # The names it bore before its current one, in the same place and under the same code (Huyện Việt Yên until
    # 31/01/2024, then Thị xã Việt Yên): [{"name", "kind", "until": ISO date}], oldest first. From the history files.
    earlier_names = models.JSONField(_("earlier names"), default=list, blank=True)
    # The name in lower case without diacritics ("tinh thai nguyen"), kept by save() and the bulk writes: the
    # look-ups match it, on SQLite as on PostgreSQL.
    search_name = models.CharField(max_length=150, editable=False, default="")

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        constraints = [
            # Within an era a code passes from one area to another (a commune of 2019 merged away, its code kept by
            # the commune that took it over): areas sharing a code end on different days, open-ended ones never do.
            models.UniqueConstraint(fields=["era", "level", "code", "valid_to"], name="area_unique_code_per_end"),
            models.UniqueConstraint(fields=["era", "level", "code"], condition=Q(valid_to__isnull=True),
                                    name="area_unique_open_code_per_era"),
        ]
        indexes = [
            models.Index(fields=["code", "level"]),
            models.Index(fields=["path"], name="area_path_like", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        # An area that ended before the last day of the old map (the 2019 rows of the history supplement) says so,
        # so that pickers listing both do not show two "Thị trấn Thắng — Huyện Hiệp Hòa".
        if self.valid_to and self.valid_to < old_map_last_day():
            return _("%(name)s (until %(date)s)") % {"name": self.name, "date": self.valid_to.strftime("%d/%m/%Y")}
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def name_on(self, day: datetime.date) -> str:
        """The name the area bore on `day`, as the acts of that day write it (Huyện Việt Yên in 2019)."""
        for earlier in self.earlier_names:
            if day <= datetime.date.fromisoformat(earlier["until"]):
                return earlier["name"]
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def ancestors(self) -> list["Area"]:
        """Parents from the province down, excluding self."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def ancestors_on(self, day: datetime.date) -> list["Area"]:
        """What this place belonged to on `day`: its own ancestors if it existed then, otherwise the ancestors
        of the predecessor (or successor) that existed then."""
        if self.is_valid_on(day):
            return self.ancestors()
        for other in list(self.predecessors.all()) + list(self.successors.all()):
            if other.is_valid_on(day):
                return other.ancestors() + [other]
        return []

    def coverage_paths(self) -> list[str]:
        """Paths whose records belong to this area: its own subtree and, transitively, those of the areas that
        preceded it or anything in its subtree (the new Bắc Ninh covers the old Bắc Giang's records; Thị xã Chũ,
        made in 2025 of communes of Lục Ngạn, covers their 2019 rows, which lie under Lục Ngạn's path).

        A commune split between several successors belongs to the one that takes its records by default
        (AreaSuccession.is_default): the same rule for what a user sees and for what a figure counts, so that a
        record is counted once in a breakdown by the new communes; the other successors see it through the province.
        Paths inside another path of the list are left out (a subtree is matched once)."""
        from .compute_cache import cached
        from .figure_cache import through_areas_version

        key = ("coverage_paths", self.pk, self.path)
        return list(cached(key, lambda: through_areas_version(key, lambda: tuple(self._coverage_paths()))))

    def _coverage_paths(self) -> list[str]:
        from .scoping import paths_q

        covered, todo = {self.path}, [self.path]
        while todo:
            links = AreaSuccession.objects.filter(paths_q(todo, "successor"), is_default=True)
            found = set(links.values_list("predecessor__path", flat=True)) - covered
            covered.update(found)
            outer = set(_outermost(covered))
            todo = sorted(found & outer)  # a path inside one already followed adds nothing
        return _outermost(covered)


def _outermost(paths) -> list[str]:
    """The paths of `paths` that lie in no other path of it, sorted."""
    kept: list[str] = []
    for path in sorted(paths):  # a path sorts right after the paths it lies in ("L.24" < "L.24.213")
        if not any(path.startswith(outer + ".") for outer in kept):
            kept.append(path)
    return kept


class AreaSuccession(models.Model):
    """predecessor → successor across the 2025 reorganisation, from the package's conversion data."""

    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    # Where a commune was split, the successor that takes its records by default.
    is_default = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="area_succession_unique")
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")
        POLICE = "police", _("Police")
        DEPARTMENT = "department", _("Department or body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.POLICE)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    PROVINCE_STAFF = "province_staff", _("Province staff")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    VIEWER = "viewer", _("Viewer")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # The subtree of areas this user may see; an admin (or superuser) sees everything.
    scope_area = models.ForeignKey(
        Area, verbose_name=_("scope"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set on an account whose password someone else chose (the first province administrator made by
    # `manage.py province_setup`): until the user changes it, the web sends them to the password change page and the
    # API refuses their session (antqcore.auth.PasswordChangeRequiredMiddleware).
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_role_display(self) -> str:
        """The role as the user's work is called: since 01/03/2025 there is no district police, and the officer role
        scoped to a commune is the commune police ("Công an cấp xã"). The stored value stays district_officer."""
        if self.role == Role.DISTRICT_OFFICER and self.scope_area is not None \
                and self.scope_area.level == AreaLevel.COMMUNE:
            return str(Role.COMMUNE_OFFICER.label)
        return str(Role(self.role).label) if self.role in Role.values else self.role

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def can_write(self) -> bool:
        return self.is_active and self.role != Role.VIEWER

    @property
    def is_province_level(self) -> bool:
        """Province staff or an administrator: those who decide for the province (province-level certification
        decisions, final reports, report templates, changes to a locked period)."""
        return self.is_active and (self.sees_everything or self.role == Role.PROVINCE_STAFF)

    @property
    def can_give_change_reason(self) -> bool:
        """May change a record of a period locked by a final report, giving a written reason (reports.locks)."""
        return self.is_province_level


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def presented(self, raw: str):
        """The token whose hash this is, revoked or expired as it may be (the caller says which)."""
        return self.filter(key_hash=_hash_token(raw))


class ApiToken(models.Model):
    """A token for another system. Only its SHA-256 is stored; the token itself is shown once. It expires
    (`expires_at`) and is revoked when its user's password changes or the account is deactivated."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("First characters, to recognise a token"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate() -> tuple[str, str]:
        raw = secrets.token_urlsafe(32)
        return raw, _hash_token(raw)

    def is_expired(self, at: datetime.datetime | None = None) -> bool:
        return self.expires_at <= (at or timezone.now())


class ApiTokenAddress(models.Model):
    """An address a token was used from: a use from an address not in this list is a security event."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="addresses")
    address = models.GenericIPAddressField(_("address"))
    first_seen_at = models.DateTimeField(_("first used"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        verbose_name = _("address of an API token")
        verbose_name_plural = _("addresses of an API token")
        constraints = [models.UniqueConstraint(fields=["token", "address"], name="api_token_address_once")]

    def __str__(self):
        return self.address


class SecurityEvent(models.Model):
    """What an administrator reads to know who came in, who failed, and who took data out: logins, failures and
    lockouts, API tokens, exports and file downloads; and whose account was moved to another area, by whom. Written
    only by `antqcore.audit.security_event_log`; never changed afterwards (the admin shows it read-only)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKOUT = "lockout", _("Locked out")
        LOGOUT = "logout", _("Logout")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_NEW_ADDRESS = "token_new_address", _("API token used from a new address")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        TOKEN_REFUSED = "token_refused", _("API token refused")
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("File download")
        SCOPE_MOVED = "scope_moved", _("Account moved to a successor area")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # The name as typed (a failed login may name no real user); kept when the user is deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.username}"


class TaskOutcomeCount(models.Model):
    """How many times each Celery task ended with each outcome, and when it last did. The worker writes it (Celery's
    signals, antqcore.metrics); the web reads it for /metrics and, the heartbeat task's, for /healthz. The worker is
    another process, in production another container: the database is what both surely share."""

    task = models.CharField(_("task"), max_length=200)
    # Celery's state in lower case: success, failure, retry, ignored, rejected, revoked, expired.
    outcome = models.CharField(_("outcome"), max_length=20)
    count = models.PositiveBigIntegerField(_("count"), default=0)
    last_at = models.DateTimeField(_("last time"))

    class Meta:
        verbose_name = _("task outcome count")
        verbose_name_plural = _("task outcome counts")
        constraints = [models.UniqueConstraint(fields=["task", "outcome"], name="task_outcome_once")]

    def __str__(self):
        return f"{self.task} {self.outcome}: {self.count}"


class DataVersion(models.Model):
    """The version of the data of one registry (an app whose records figures count, or "areas"): a number that changes
    in the same transaction as any write to one of its tables, by a database trigger (antqcore.figure_cache). A
    figure's cached value is kept under the versions of what it reads, so a write makes the old value unreachable."""

    registry = models.CharField(_("registry"), max_length=50, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.registry}: {self.version}"
