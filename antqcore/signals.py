"""The security events of signing in and out, and the revocation of API tokens when their user's password changes
or the account is deactivated. Connected by AntqCoreConfig.ready, after axes' own receivers (INSTALLED_APPS order):
when ours run, axes has counted the failure."""

from axes.signals import user_locked_out
from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from .audit import security_event_log_after_response
from .auth import login_failures, session_start
from .models import SecurityEvent, User
from .services import api_tokens_revoke

Kind = SecurityEvent.Kind


def _log(kind: str, request, **fields) -> None:
    if request is None:  # authenticate() called without a request (axes refuses those, but be safe)
        from .audit import security_event_log

        security_event_log(kind=kind, **fields)
    else:
        security_event_log_after_response(kind=kind, request=request, **fields)


def _refused_while_locked(request) -> bool:
    # Axes counts a failure (axes_failures_since_start) unless the attempt came during a lock, when it refuses it
    # without checking the password.
    return bool(getattr(request, "axes_locked_out", False)) and getattr(request, "axes_failures_since_start",
                                                                        None) is None


@receiver(user_logged_in, dispatch_uid="antq_login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request.session)
    _log(Kind.LOGIN, request, user=user)


@receiver(user_login_failed, dispatch_uid="antq_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    _log(Kind.LOGIN_FAILED, request, username=str(credentials.get("username") or ""),
         refused_while_locked=_refused_while_locked(request) or None)


@receiver(user_locked_out, dispatch_uid="antq_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    # Axes sends this when a failure reaches the limit, and again for every attempt refused during the lock: only
    # the first is a lockout (the others are failed logins, logged as such).
    if _refused_while_locked(request):
        return
    failures = login_failures(request, getattr(request, "axes_credentials", None))
    _log(Kind.LOCKOUT, request, username=username or "", locked=failures.locked_by, failures_user=failures.by_user,
         failures_address=failures.by_address, until=failures.until.isoformat() if failures.until else None)


@receiver(user_logged_out, dispatch_uid="antq_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        _log(Kind.LOGOUT, request, user=user, reason=getattr(request, "antq_logout_reason", None))


# --- Tokens die with the password they were issued under --------------------------------------------------------


@receiver(pre_save, sender=User, dispatch_uid="antq_user_credentials_before")
def _note_credential_changes(sender, instance: User, raw=False, update_fields=None, **kwargs):
    instance._antq_token_revocation = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login on every sign-in
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    # set_password() leaves the new password in _password until the save. Django also saves a new hash of the
    # same password when it upgrades the hasher at a login (save(update_fields=["password"]) with _password
    # cleared): that is not a change of password.
    rehash = (instance._password is None and set(update_fields or ()) == {"password"}
              and is_password_usable(instance.password))
    if instance._password is not None or (before["password"] != instance.password and not rehash):
        instance._antq_token_revocation = "password_changed"
    elif before["is_active"] and not instance.is_active:
        instance._antq_token_revocation = "deactivated"


@receiver(post_save, sender=User, dispatch_uid="antq_user_credentials_after")
def _revoke_tokens(sender, instance: User, created=False, raw=False, **kwargs):
    reason = getattr(instance, "_antq_token_revocation", None)
    if not reason:
        return
    instance._antq_token_revocation = None
    # Who did it and from where: the request being served, if any (simple_history's middleware keeps it).
    request = getattr(HistoricalRecords.context, "request", None)
    actor = getattr(request, "user", None)
    api_tokens_revoke(tokens=instance.api_tokens.all(), reason=reason, request=request,
                      actor=actor if actor is not None and actor.is_authenticated else None)
