from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AreaLevel


class StyledFormMixin:
    """Bootstrap classes on every widget, and `is-invalid` on fields with errors, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def this_year() -> int:
    return timezone.localdate().year


class TodayFieldsMixin:
    """A record is entered on the day it happens: the fields named in `today_fields` start on today (a date field) or
    on this year (a year). The initial value is a callable, read when the form is shown, never when the process
    started. A record being edited keeps its own values (a model form's instance wins over a field's initial)."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.today_fields:
            field = self.fields[name]
            field.initial = timezone.localdate if isinstance(field, forms.DateField) else this_year


def add_check_errors(form, exc: ValidationError) -> None:
    """A registry's rules run in a form's clean() on whatever is valid, so that the user sees every problem at once:
    each message on its field (above the form when it has no such field), unless the field has an error already."""
    for field, messages in exc.message_dict.items():
        if field not in form.errors:
            form.add_error(field if field in form.fields else None, messages)


def add_service_errors(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: each message on its field when the form has it, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ConfirmForm(forms.Form):
    """A confirmation with nothing to fill in (a delete): a ServiceFormView's refusal shows as its errors."""


class FrozenFieldsMixin:
    """A model form whose `frozen_fields` are given when the row is created and never changed afterwards: other
    records, the data files and the figures find the row by them (renaming an incident type's code would silently
    zero its figures). On an existing row the field is shown disabled and what is posted for it is ignored."""

    frozen_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in self.frozen_fields:
                if name in self.fields:
                    self.fields[name].disabled = True


def frozen_form(form_class: type[forms.BaseForm], frozen_fields: tuple[str, ...]) -> type[forms.BaseForm]:
    """`form_class` with FrozenFieldsMixin on `frozen_fields`."""
    return type(form_class.__name__, (FrozenFieldsMixin, form_class), {"frozen_fields": tuple(frozen_fields)})


def area_choice_label(area, *, indent: bool = False) -> str:
    """An area in a picker: str(area), which dates an area that ended before the last day of the old map (the two
    "Thị trấn Thắng" of Hiệp Hòa), a commune followed by its district as it was named on the commune's last day (Xã
    Tự Lạn, until 31/01/2024, of Huyện Việt Yên); with indent, districts and communes are set in under their province
    (a list of the whole tree)."""
    label = str(area)
    if area.level == AreaLevel.COMMUNE and area.parent_id:
        parent = area.parent
        label = f"{label} — {parent.name_on(area.valid_to) if area.valid_to else parent.name}"
    if indent:
        label = "\u00a0\u00a0" * {AreaLevel.DISTRICT: 1, AreaLevel.COMMUNE: 2}.get(area.level, 0) + label
    return label


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's password change form; the new password must differ from the old one (the one `province_setup`
    printed is known to whoever ran it)."""

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password2")
        if password and "new_password2" not in self.errors and self.user.check_password(password):
            self.add_error("new_password2", ValidationError(_("The new password must differ from the current one."),
                                                            code="password_unchanged"))
        return cleaned
