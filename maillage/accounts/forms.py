from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SignupForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["email", "display_name"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, fixed_email=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_email = fixed_email
        if fixed_email:
            self.fields["email"].initial = fixed_email
            self.fields["email"].disabled = True

    def clean_email(self):
        email = (self.fixed_email or self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists. Log in instead.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            user = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail is written in the person's language and sent by the worker.

    At most PASSWORD_RESET_PER_IP requests an hour from one network address and
    PASSWORD_RESET_PER_ADDRESS e-mails an hour to one address are sent; past that,
    nothing is, and the page answers exactly as it does for an address without an
    account, so that it tells nobody which addresses have one.
    """

    def save(self, **kwargs):
        request = kwargs.get("request")
        if request is not None and not services.count_password_reset_request(
            services.network_address(request)
        ):
            return
        super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from maillage.core.tasks import send_email

        if not services.count_password_reset_email(to_email):
            return
        with translation.override(context["user"].language):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
            html = (
                render_to_string(html_email_template_name, context)
                if html_email_template_name
                else None
            )
        send_email.enqueue(subject=subject, body=body, html=html, to=[to_email])
