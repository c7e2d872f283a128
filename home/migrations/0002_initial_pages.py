"""Replace Wagtail's welcome page with Lernwerk's start page and its two legal pages.

The legal pages get German starting text with every section BITV 2.0 and Art. 13 GDPR
require; each installation edits them in the admin.
"""

import datetime

from django.db import migrations

ACCESSIBILITY = {
    "scope": (
        "Diese Erklärung gilt für die Lernplattform Lernwerk der Kommunen der "
        "Kooperation, erreichbar im Intranet."
    ),
    "non_accessible_content": (
        "<p>Die Inhalte sind nach unserer Selbstbewertung mit folgenden Ausnahmen "
        "barrierefrei:</p><ul><li>Ältere hochgeladene PDF-Dokumente sind teilweise nicht "
        "getaggt. Auf Anfrage stellen wir sie in barrierefreier Form bereit.</li>"
        "<li>Einzelne Lernvideos haben noch keine Audiodeskription; ein Transkript liegt "
        "jeweils bei.</li></ul>"
    ),
    "feedback_contact": (
        "<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie an "
        '<a href="mailto:barrierefreiheit@lernwerk.example">barrierefreiheit@lernwerk.example</a>'
        " oder rufen Sie die Servicestelle Digitalisierung an: 05235 500-123.</p>"
    ),
    "enforcement": (
        "<p>Wenn auch nach Ihrer Rückmeldung keine zufriedenstellende Lösung gefunden "
        "wurde, können Sie sich an die Schlichtungsstelle nach § 16 "
        "Behindertengleichstellungsgesetz (BGG) bzw. an die Ombudsstelle nach dem "
        "Landesrecht Ihres Bundeslandes wenden. Das Verfahren ist kostenfrei; eine "
        "anwaltliche Vertretung ist nicht nötig.</p>"
    ),
}

PRIVACY = (
    "<h2>Verantwortliche Stelle</h2><p>Verantwortlich ist die Kommune, bei der Sie "
    "beschäftigt sind. Die Plattform wird im Auftrag der Kooperation betrieben.</p>"
    "<h2>Zwecke und Rechtsgrundlagen</h2><p>Wir verarbeiten Ihre Stammdaten und Ihre "
    "Lerndaten, um Fortbildungen bereitzustellen und Pflichtschulungen nachzuweisen "
    "(§ 26 BDSG bzw. Landesdatenschutzgesetz, Art. 6 Abs. 1 lit. c und e DSGVO). Eine "
    "Leistungs- oder Verhaltenskontrolle findet nicht statt; Einzelheiten regelt die "
    "Dienstvereinbarung mit dem Personalrat.</p>"
    "<h2>Wer sieht was</h2><p>Ergebnisse von Tests und Lernzeiten sehen nur Sie selbst. "
    "Führungskräfte sehen für zugewiesene Pflichtschulungen ihrer Beschäftigten nur "
    "Status und Termine.</p>"
    "<h2>Speicherdauer</h2><p>Testversuche und Lernfortschritte werden nach Abschluss "
    "des Kurses gelöscht, Nachweise über abgeschlossene Schulungen nach Ihrem "
    "Ausscheiden nach der in der Dienstvereinbarung festgelegten Frist.</p>"
    "<h2>Ihre Rechte</h2><p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, "
    "Einschränkung der Verarbeitung und Beschwerde bei der Aufsichtsbehörde. Ihre "
    "Lerndaten können Sie in Ihrem Profil selbst herunterladen.</p>"
)


def create_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")
    AccessibilityStatementPage = apps.get_model("home.AccessibilityStatementPage")
    PrivacyNoticePage = apps.get_model("home.PrivacyNoticePage")

    locale = Locale.objects.order_by("pk").first()
    if locale is None:
        locale = Locale.objects.create(language_code="de")
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_type, depth=2, slug="home").delete()

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="home", model=model)[0]

    home = HomePage.objects.create(
        title="Mein Lernen",
        draft_title="Mein Lernen",
        slug="home",
        content_type=content_type("homepage"),
        path="00010002",
        depth=2,
        numchild=2,
        url_path="/home/",
        locale=locale,
        welcome="<p>Willkommen bei Lernwerk, der Lernplattform Ihrer Verwaltung.</p>",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Lernwerk"},
    )
    AccessibilityStatementPage.objects.create(
        title="Erklärung zur Barrierefreiheit",
        draft_title="Erklärung zur Barrierefreiheit",
        slug="barrierefreiheit",
        content_type=content_type("accessibilitystatementpage"),
        path="000100020001",
        depth=3,
        numchild=0,
        url_path="/home/barrierefreiheit/",
        locale=locale,
        conformance="partial",
        prepared_on=datetime.date(2026, 11, 1),
        method="Selbstbewertung",
        **ACCESSIBILITY,
    )
    PrivacyNoticePage.objects.create(
        title="Datenschutzhinweise",
        draft_title="Datenschutzhinweise",
        slug="datenschutz",
        content_type=content_type("privacynoticepage"),
        path="000100020002",
        depth=3,
        numchild=0,
        url_path="/home/datenschutz/",
        locale=locale,
        body=PRIVACY,
    )
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
