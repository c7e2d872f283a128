"""Mails: in the recipient's language, with a one-line subject, text and HTML."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from wagtail.users.models import UserProfile

from core.mail import absolute_url, language_for, send_templated_mail

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "mail/hello_subject.txt": "{% load i18n %}\n{% translate 'Yes' %}, "
                        "{{ name }}\n",
                        "mail/hello.txt": "Hallo {{ name }}",
                        "mail/hello.html": "<p>Hallo {{ name }}</p>",
                    },
                )
            ]
        },
    }
]


@pytest.mark.django_db
def test_people_who_chose_english_get_english_and_everybody_else_german():
    users = get_user_model().objects
    english = users.create_user("english", "english@example.org")
    profile = UserProfile.get_for_user(english)
    profile.preferred_language = "en"
    profile.save()
    german = users.create_user("german", "german@example.org")
    no_profile = users.create_user("none", "none@example.org")
    UserProfile.objects.filter(user=no_profile).delete()

    assert language_for(english) == "en"
    assert language_for(german) == "de"
    assert language_for(users.get(pk=no_profile.pk)) == "de"


@override_settings(WAGTAILADMIN_BASE_URL="https://lernen.example.org/")
def test_links_in_mails_are_absolute():
    assert absolute_url("/kurse/datenschutz/") == "https://lernen.example.org/kurse/datenschutz/"


@override_settings(TEMPLATES=TEMPLATES)
def test_a_templated_mail_has_a_one_line_subject_in_the_language_text_and_html():
    send_templated_mail("mail/hello", {"name": "Jana"}, "jana@example.org", "de")

    (message,) = mail.outbox
    assert message.to == ["jana@example.org"]
    assert message.subject == "Ja, Jana"
    assert message.body == "Hallo Jana"
    assert message.alternatives[0].content == "<p>Hallo Jana</p>"
    assert message.alternatives[0].mimetype == "text/html"
