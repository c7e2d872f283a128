"""Demo process knowledge: process libraries, eight process articles, acknowledgements
and one pending handover.

The tables come first, so a reviewer can read (and correct) the processes without
reading code: what each process is for, its legal basis, its steps with roles, systems,
forms and durations, its owner and deputy, and who must acknowledge it. The
vehicle deregistration runs in Blomberg and in Lügde under the same LeiKa key with
different steps, so the comparison page has something to show; the Lügde paper mail
process is "inaktiv" (hidden from listings, readable by its address); one Blomberg
article is "intern"; the riding-licence article in Kalletal is overdue for review.

``load_knowledge()`` publishes every page through a revision, as an editor would, so
the revision to acknowledge is set by the real ``page_published`` receiver
(``knowledge.publishing``). The handover is started by the real ``Employee`` signal:
Monika Richter (Ordnungsamt Blomberg, owner of "Gewerbeanmeldung bearbeiten") gets a
leaving date three weeks ahead. Her post has no successor yet, so the manager of
Fachbereich 2 (login ``fuehrungskraft``) sees the handover and assigns its items; one
checklist point is already done by the deputy, and the leaver has written notes.

All dates count from the day of loading, like the other demo loaders.

Fachlich zu prüfen (the demo names norms where they are known; these points must be
checked by the responsible departments before the texts are used for real work):

- LeiKa-Schlüssel: alle Schlüssel sind gegen den aktuellen Leistungskatalog (LeiKa,
  FIM-Portal) zu prüfen. 99036011000000 (Fahrzeugabmeldung) und 99050012104000
  (Gewerbeanmeldung) sind plausible Platzhalter; 99090018069000 („§ 62 Kennzeichen für
  Reitpferde – Zuteilung“) stammt aus einem FIM-Stammdatenschema. Pflegewohngeld hat
  bewusst noch keinen Schlüssel.
- OZG-Leistungsnamen („Fahrzeugabmeldung“, „Gewerbeanmeldung“, „Pflegewohngeld“,
  „Reitkennzeichen“) gegen den OZG-Umsetzungskatalog prüfen.
- Kfz: Ob die Bürgerbüros Blomberg und Lügde Abmeldungen für die Zulassungsbehörde des
  Kreises Lippe annehmen (Außenstelle, öffentlich-rechtliche Vereinbarung nach GkG NRW),
  ist angenommen. Paragrafen nach der FZV in der Fassung von 2023 (§ 16
  Außerbetriebsetzung, § 17 Verwertungsnachweis, §§ 24, 25 internetbasierte
  Außerbetriebsetzung) prüfen; ebenso Dauer der Kennzeichenreservierung und die
  automatischen Mitteilungen an Hauptzollamt und Versicherer.
- Gewerbe: Absätze des § 14 GewO zur Datenübermittlung, Empfänger der Übermittlung,
  Tarifstelle der AVerwGebO NRW, § 146 Abs. 2 GewO (Ordnungswidrigkeit).
- Pflegewohngeld: Zuständigkeit im Kreis Lippe (hier: Antragsannahme in Kalletal,
  Entscheidung beim Kreis) und Paragrafen der APG DVO NRW (§§ 13 ff.); Mindest-Pflegegrad 2,
  Vermögensfreibeträge 10.000 EUR / 15.000 EUR, Bewilligungszeitraum, Zahlung an die
  Einrichtung, Anwendbarkeit von §§ 60 ff. SGB I.
- Reitkennzeichen: Ausgabe durch die Gemeinde im Auftrag des Kreises Lippe (untere
  Naturschutzbehörde) ist angenommen; Höhe von Gebühr und Auslagen; §§ 58 ff., 62
  LNatSchG NRW und §§ 15, 17 DVO-LNatSchG (Reitabgabe 25 EUR, Reiterhöfe 75 EUR) prüfen.
- Eingangspost: Rückgriffsfrist für Papieroriginale (hier drei Monate) laut eigener
  Scananweisung; welche Regeln des EGovG NRW für Gemeinden gelten.
- Wiederaufbauhilfe: Die „Richtlinie der Stadt Blomberg über Wiederaufbauhilfen nach
  Starkregen“ ist für die Demo erfunden, ebenso Fördersatz, Wertgrenzen und Fristen.
- System- und Produktnamen (enaio, d.velop documents, MIGEWA, PROSOZ) sind Beispiele.
- Kontaktdaten sind erfunden (Domains ``*.example``).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from core.dates import add_months
from courses.models import CoursePage
from demo.courses import publish_page
from demo.organisations import DEMO_MUNICIPALITY_SLUGS, MUNICIPALITIES
from handovers import services as handovers
from handovers.models import Handover, HandoverItem
from knowledge.acknowledgements import acknowledge
from knowledge.models import KnowledgeIndexPage, Maturity, ProcessArticlePage
from knowledge.reviews import reminder_condition
from organisations.models import Employee, OrgUnit, Position, SectionPage
from organisations.provisioning import provision_shared_section

Block = dict[str, Any]

#: Demo logins that author the pages, in order of preference: the first one allowed to
#: add pages in the section (the Redaktion in Blomberg and the shared section, the
#: cooperation admin elsewhere).
DEMO_AUTHORS = ("redaktion", "admin")

#: Stable ids for the blocks, so every load stores the same StreamField data.
_BLOCK_NAMESPACE = uuid.UUID("5b0c8f0e-3d56-4c43-9f7a-2b1d7e6c4a10")

M = Maturity


# --- Helpers that build raw StreamField data ---------------------------------------------


def step(
    title: str,
    category: str,
    responsible: str,
    action: str,
    *,
    system: tuple[str, str] = ("", ""),
    documents: tuple[str, ...] = (),
    minutes: int | None = None,
    notes: str = "",
) -> Block:
    """A process step; ``system`` is (kind from ``SYSTEM_KINDS``, name)."""
    kind, name = system
    return {
        "type": "step",
        "value": {
            "title": title,
            "category": category,
            "responsible": responsible,
            "action": " ".join(action.split()),
            "system_kind": kind,
            "system_name": name,
            "documents": list(documents),
            "duration_minutes": minutes,
            "notes": " ".join(notes.split()),
        },
    }


def decision(
    title: str,
    responsible: str,
    question: str,
    branches: tuple[tuple[str, str], ...],
    *,
    notes: str = "",
    category: str = "entscheidung",
) -> Block:
    """A decision; ``branches`` are (condition, title of the step it leads to)."""
    return {
        "type": "decision",
        "value": {
            "title": title,
            "category": category,
            "responsible": responsible,
            "question": question,
            "branches": [{"label": label, "goto": goto} for label, goto in branches],
            "notes": " ".join(notes.split()),
        },
    }


def contact(
    name: str, organisation: str = "", *, phone: str = "", email: str = "", topic: str = ""
) -> Block:
    return {
        "type": "contact",
        "value": {
            "name": name,
            "organisation": organisation,
            "phone": phone,
            "email": email,
            "topic": topic,
        },
    }


def _html_list(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{' '.join(item.split())}</li>" for item in items) + "</ul>"


def _plain(text: str) -> str:
    return " ".join(text.split())


# --- Tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoArticle:
    """One process article. Positions and units are (municipality slug, unit, title)."""

    slug: str
    #: Municipality slug of the section, "" for the shared section.
    section: str
    title: str
    purpose: str
    trigger: str
    legal_basis: str
    inputs: str
    outputs: str
    steps: tuple[Block, ...]
    owner: tuple[str, str, str]
    deputy: tuple[str, str, str]
    responsible_unit: tuple[str, str]
    maturity: str
    contacts: tuple[Block, ...] = ()
    tags: tuple[str, ...] = ()
    #: Titles of demo courses.
    courses: tuple[str, ...] = ()
    #: Slugs of articles listed before this one.
    related: tuple[str, ...] = ()
    leika_key: str = ""
    ozg_service: str = ""
    intern: bool = False
    review_interval_months: int = 12
    reviewed_days_ago: int = 60
    #: Set for the article overdue for review: its review was due this many days ago.
    review_overdue_days: int | None = None
    acknowledgement_positions: tuple[tuple[str, str, str], ...] = ()
    acknowledgement_units: tuple[tuple[str, str], ...] = ()
    #: People who have acknowledged the published revision: (municipality slug, name).
    acknowledged_by: tuple[tuple[str, str], ...] = ()


E_AKTE = "Digital arbeiten mit der E-Akte"
DATENSCHUTZ = "Datenschutz (DSGVO) am Arbeitsplatz"
OZG = "OZG 2.0 für Sachbearbeitende"
BPMN = "Prozessmanagement: Abläufe erheben und modellieren (BPMN)"
BUERGERBUERO_BLOMBERG = "Neu im Bürgerbüro Blomberg: Fachverfahren und Abläufe"

#: Placeholder keys, see "Fachlich zu prüfen" above: check against the LeiKa catalogue.
LEIKA_FAHRZEUGABMELDUNG = "99036011000000"
LEIKA_GEWERBEANMELDUNG = "99050012104000"
LEIKA_REITKENNZEICHEN = "99090018069000"

# --- Shared: Eingangspost ---------------------------------------------------------------

POSTSTELLE = "Poststelle"

EINGANGSPOST = DemoArticle(
    slug="eingangspost-scannen",
    section="",
    title="Eingangspost scannen und in der E-Akte erfassen",
    purpose="""
        Papierpost kommt vollständig, lesbar und mit dem richtigen Eingangsdatum in die
        E-Akte, damit alle mit dem Scan arbeiten können und Fristen sicher berechnet
        werden. Der Ablauf gilt für alle Kommunen der Kooperation, die ersetzend scannen.
    """,
    trigger="Die Tagespost wird von der Post oder dem Boten angeliefert oder in den "
    "Hausbriefkasten eingeworfen.",
    legal_basis=_html_list(
        "BSI TR-03138 „Ersetzendes Scannen“ (RESISCAN): Stand der Technik für das Scannen "
        "und Vernichten von Papieroriginalen",
        "Art. 5 Abs. 1 lit. f und Art. 32 DSGVO: Vertraulichkeit und Sicherheit der "
        "Verarbeitung, auch für Papier bis zur Vernichtung",
        "E-Government-Gesetz Nordrhein-Westfalen (EGovG NRW): elektronische Aktenführung "
        "und Übertragen von Papierdokumenten",
        "DIN 66399: Vernichten von Datenträgern (Schutzklasse und Sicherheitsstufe laut "
        "Dienstanweisung)",
        "Scananweisung und Dienstanweisung für die Aktenführung der eigenen Kommune",
    ),
    inputs="Tagespost auf Papier; Scananweisung mit der Liste der Ausnahmen; "
    "Scanprofil der E-Akte; Aktenplan.",
    outputs="Jedes Schriftstück als durchsuchbares PDF/A mit Eingangsdatum und Metadaten "
    "im richtigen Vorgang oder Postkorb; Originale zurückgelegt oder nach der "
    "Rückgriffsfrist datenschutzgerecht vernichtet.",
    steps=(
        step(
            "Post öffnen und Eingangsdatum festhalten",
            "eingang",
            POSTSTELLE,
            """
            Öffnen Sie die Tagespost und versehen Sie jedes Schriftstück mit dem
            Eingangsstempel oder vermerken Sie das Eingangsdatum im Scanprofil. Umschläge
            mit dem Vermerk „persönlich“ oder „vertraulich“ und Post an den Personalrat
            öffnen Sie nicht, sondern geben sie verschlossen an die Empfängerin oder den
            Empfänger.
            """,
            system=("papier", "Eingangsstempel"),
            documents=("Scananweisung, Anlage 1: Post, die nicht geöffnet wird",),
            minutes=2,
            notes="""
            Maßgeblich für Fristen ist der Tag des Eingangs, nicht der Tag des Scans.
            Bleibt Post über Nacht liegen, muss das Eingangsdatum trotzdem stimmen.
            """,
        ),
        decision(
            "Original muss erhalten bleiben?",
            POSTSTELLE,
            "Steht das Schriftstück auf der Liste der Originale, die nicht vernichtet "
            "werden dürfen?",
            (
                (
                    "Ja (Urkunde, Ausweis, Bürgschaft, Rückgabe)",
                    "Original kennzeichnen und zurücklegen",
                ),
                ("Nein", "Dokumente für den Scan vorbereiten"),
            ),
            notes="""
            Die Liste steht in der Scananweisung, z. B. Urkunden, Ausweise, Zeugnisse,
            Bürgschaftsurkunden und Unterlagen, die zurückgegeben werden.
            """,
        ),
        step(
            "Original kennzeichnen und zurücklegen",
            "erfassung",
            POSTSTELLE,
            """
            Kennzeichnen Sie das Original mit einem Haftzettel „Original – nicht
            vernichten“ und legen Sie es nach dem Scan in das Fach „Originale“ der
            zuständigen Organisationseinheit. Der Scan dient dann nur als Arbeitskopie.
            """,
            system=("papier", "Fach „Originale“"),
            minutes=2,
        ),
        step(
            "Dokumente für den Scan vorbereiten",
            "erfassung",
            POSTSTELLE,
            """
            Entfernen Sie Heftklammern und Büroklammern, ordnen Sie die Seiten und legen
            Sie zwischen zwei Dokumente ein Trennblatt mit Barcode. Beschädigte oder sehr
            kleine Belege kleben Sie auf ein DIN-A4-Blatt.
            """,
            system=("papier", "Trennblätter mit Barcode"),
            minutes=1,
        ),
        step(
            "Mit dem Standardprofil scannen",
            "erfassung",
            POSTSTELLE,
            """
            Scannen Sie mit dem Standardprofil: 300 dpi, PDF/A mit Texterkennung, Farbe,
            wenn Farbe eine Bedeutung hat (Stempel, Unterschriften, markierte Pläne).
            Der Scanclient übernimmt Eingangsdatum und Stapelnummer.
            """,
            system=("e_akte", "Scanclient der E-Akte"),
            minutes=1,
        ),
        step(
            "Qualität kontrollieren",
            "pruefung",
            POSTSTELLE,
            """
            Vergleichen Sie die Seitenzahl des Scans mit dem Original und prüfen Sie, ob
            jede Seite vollständig und lesbar ist und beschriebene Rückseiten mitgescannt
            sind. Fehlerhafte Seiten scannen Sie neu, bevor das Dokument weitergeht.
            """,
            system=("e_akte", "Scanclient der E-Akte"),
            documents=("Checkliste Qualitätskontrolle (Scananweisung, Anlage 2)",),
            minutes=1,
        ),
        step(
            "In der E-Akte erfassen und zuordnen",
            "erfassung",
            POSTSTELLE,
            """
            Erfassen Sie Absender, Betreff und Eingangsdatum und ordnen Sie das Dokument
            über das Aktenzeichen dem Vorgang zu. Ist kein Vorgang erkennbar, legen Sie es
            in den Postkorb der zuständigen Organisationseinheit.
            """,
            system=("e_akte", "E-Akte (z. B. enaio), Postkorb"),
            documents=("Aktenplan",),
            minutes=3,
        ),
        step(
            "Eingang im Postkorb übernehmen",
            "",
            "Sachbearbeitung",
            """
            Die zuständige Sachbearbeitung übernimmt das Dokument aus dem Postkorb, prüft
            die Zuordnung, korrigiert sie bei Bedarf und setzt eine Wiedervorlage für die
            Frist. Falsch zugeordnete Post geben Sie noch am selben Tag an den Postkorb der
            richtigen Stelle weiter.
            """,
            system=("e_akte", "E-Akte (z. B. enaio), Postkorb"),
            minutes=2,
        ),
        step(
            "Originale zwischenlagern und vernichten",
            "archivierung",
            POSTSTELLE,
            """
            Legen Sie die gescannten Originale nach Tagen geordnet in den verschlossenen
            Schrank. Nach Ablauf der Rückgriffsfrist der Scananweisung (hier drei Monate)
            geben Sie sie in die Datenschutztonne und vermerken die Vernichtung im
            Vernichtungsprotokoll.
            """,
            system=("papier", "Datenschutztonne (DIN 66399)"),
            documents=("Vernichtungsprotokoll",),
            minutes=5,
        ),
    ),
    owner=("blomberg", "IT und Digitalisierung", "Digitalisierungsbeauftragte*r"),
    deputy=("blomberg", "Fachbereich 1 Zentrale Dienste", "Leitung Fachbereich 1"),
    responsible_unit=("blomberg", "IT und Digitalisierung"),
    maturity=M.GOLD,
    contacts=(
        contact(
            "Digitalisierungsbeauftragter",
            "Stadt Blomberg, IT und Digitalisierung",
            phone="05235 000-140",
            email="e-akte@blomberg.example",
            topic="Scanprofile, Scananweisung, Fragen zur E-Akte",
        ),
        contact(
            "Behördliche Datenschutzbeauftragte",
            "Stadt Blomberg",
            email="datenschutz@blomberg.example",
            topic="Fehlgeleitete oder versehentlich geöffnete vertrauliche Post",
        ),
    ),
    tags=("E-Akte", "Schriftgutverwaltung", "Digitalisierung", "Datenschutz"),
    courses=(E_AKTE, DATENSCHUTZ),
    review_interval_months=12,
    reviewed_days_ago=45,
    acknowledgement_units=(("blomberg", "Stadt Blomberg"), ("luegde", "Bürgerbüro")),
    acknowledged_by=(
        ("blomberg", "Jana Wolff"),
        ("blomberg", "Sven Krause"),
        ("blomberg", "Hatice Yılmaz"),
        ("blomberg", "Lukas Neumann"),
        ("blomberg", "Laura Zimmermann"),
        ("luegde", "Ahmet Demir"),
    ),
)

# --- Fahrzeugabmeldung: Blomberg and Lügde, same LeiKa key ----------------------------

_KFZ_LEGAL_BASIS = _html_list(
    "§ 16 Fahrzeug-Zulassungsverordnung (FZV): Außerbetriebsetzung bei der Zulassungsbehörde",
    "§§ 24, 25 FZV: internetbasierte Außerbetriebsetzung (i-Kfz) mit den Sicherheitscodes "
    "nach § 21 FZV",
    "§ 17 FZV: Verwertungsnachweis bei Altfahrzeugen",
    "Gebührenordnung für Maßnahmen im Straßenverkehr (GebOSt)",
    "Öffentlich-rechtliche Vereinbarung mit dem Kreis Lippe nach dem Gesetz über "
    "kommunale Gemeinschaftsarbeit (GkG NRW) über Zulassungsaufgaben im Bürgerbüro",
)
_KFZ_INPUTS = (
    "Zulassungsbescheinigung Teil I, beide Kennzeichenschilder mit Stempelplaketten, "
    "Personalausweis oder Reisepass mit Meldebescheinigung; bei Bevollmächtigten die "
    "Vollmacht und der Ausweis der Halterin oder des Halters; bei Verschrottung der "
    "Verwertungsnachweis. Online zusätzlich: Online-Ausweisfunktion und die "
    "Sicherheitscodes (Plaketten und Zulassungsbescheinigung ab 2015)."
)
_KFZ_OUTPUTS = (
    "Das Fahrzeug ist im Zentralen Fahrzeugregister außer Betrieb gesetzt; die Halterin "
    "hat den Vermerk auf der Zulassungsbescheinigung Teil I oder den elektronischen "
    "Bescheid; Kfz-Steuer und Versicherung enden über die Mitteilungen der "
    "Zulassungsbehörde."
)
BUERGERBUERO = "Sachbearbeitung Bürgerbüro"
HALTERIN = "Halter*in"

FAHRZEUG_BLOMBERG = DemoArticle(
    slug="fahrzeug-abmelden",
    section="blomberg",
    title="Abmeldung eines Fahrzeugs (i-Kfz)",
    purpose="""
        Ein Fahrzeug wird außer Betrieb gesetzt, damit Kfz-Steuer und Versicherungspflicht
        enden. Das Bürgerbüro Blomberg nimmt Abmeldungen für die Zulassungsbehörde des
        Kreises Lippe an und führt Bürgerinnen und Bürger zuerst zur Online-Abmeldung am
        Selbstbedienungsterminal.
    """,
    trigger="Eine Halterin oder ein Halter möchte ein Fahrzeug abmelden, etwa nach "
    "Verkauf, Verschrottung oder für eine Saisonpause, und kommt ins Bürgerbüro.",
    legal_basis=_KFZ_LEGAL_BASIS,
    inputs=_KFZ_INPUTS,
    outputs=_KFZ_OUTPUTS,
    steps=(
        step(
            "Anliegen aufnehmen und Online-Weg anbieten",
            "beratung",
            BUERGERBUERO,
            """
            Fragen Sie nach dem Anlass der Abmeldung und lassen Sie sich die
            Zulassungsbescheinigung Teil I und beide Kennzeichenschilder zeigen. Prüfen
            Sie, ob Plaketten und Zulassungsbescheinigung verdeckte Sicherheitscodes haben
            und ob ein Ausweis mit Online-Ausweisfunktion dabei ist. Liegt beides vor,
            bieten Sie die Online-Abmeldung am Selbstbedienungsterminal im Wartebereich an.
            """,
            system=("servicekonto", "i-Kfz-Portal des Kreises Lippe"),
            documents=("Merkblatt „Fahrzeug online abmelden“",),
            minutes=5,
            notes="""
            Die Online-Abmeldung ist günstiger und spart einen Schaltertermin. Die
            Geheimnummer des Ausweises gibt nur die Halterin oder der Halter selbst ein.
            """,
        ),
        decision(
            "Online-Weg möglich?",
            BUERGERBUERO,
            "Liegen die Sicherheitscodes und ein Ausweis mit Online-Ausweisfunktion vor?",
            (
                ("Ja", "Online-Abmeldung am Terminal begleiten"),
                ("Nein", "Unterlagen und Identität prüfen"),
            ),
            notes="""
            Auch Bevollmächtigte können online abmelden; die Zulassungsbehörde
            benachrichtigt dann die Halterin oder den Halter schriftlich.
            """,
        ),
        step(
            "Online-Abmeldung am Terminal begleiten",
            "erfassung",
            HALTERIN,
            """
            Die Halterin meldet sich am Terminal mit der Online-Ausweisfunktion an, gibt
            das Kennzeichen ein und legt die Sicherheitscodes der beiden Stempelplaketten
            und der Zulassungsbescheinigung Teil I frei. Das Portal prüft die Codes
            maschinell, setzt das Fahrzeug außer Betrieb und nimmt die Gebühr online an.
            Bleiben Sie in der Nähe und helfen Sie bei der Bedienung, ohne selbst Daten
            einzugeben.
            """,
            system=("servicekonto", "i-Kfz-Portal am Selbstbedienungsterminal"),
            documents=("Elektronischer Bescheid über die Außerbetriebsetzung",),
            minutes=10,
            notes="""
            Die Verarbeitung der freigelegten Codes ersetzt das Entstempeln der Kennzeichen
            und den Vermerk in der Zulassungsbescheinigung.
            """,
        ),
        decision(
            "Online-Abmeldung abgeschlossen?",
            BUERGERBUERO,
            "Zeigt das Portal die Bestätigung der Außerbetriebsetzung an?",
            (
                ("Ja", "Vorgang in der Tagesliste erfassen"),
                ("Nein, Prüfung gescheitert", "Unterlagen und Identität prüfen"),
            ),
            notes="""
            Scheitert die maschinelle Prüfung, etwa weil ein Code unlesbar ist, erledigen
            Sie die Abmeldung direkt am Schalter.
            """,
        ),
        step(
            "Unterlagen und Identität prüfen",
            "pruefung",
            BUERGERBUERO,
            """
            Prüfen Sie den Ausweis der vorsprechenden Person und bei Bevollmächtigten die
            schriftliche Vollmacht mit dem Ausweis der Halterin oder des Halters. Gleichen
            Sie Kennzeichen und Fahrzeug-Identifizierungsnummer mit dem Fahrzeugregister
            ab. Bei Verschrottung lassen Sie sich den Verwertungsnachweis vorlegen.
            """,
            system=("fachverfahren", "Zulassungsverfahren des Kreises Lippe (Fernzugriff)"),
            documents=("Vollmacht Zulassungsangelegenheiten", "Verwertungsnachweis"),
            minutes=5,
        ),
        step(
            "Fahrzeug im Zulassungsverfahren außer Betrieb setzen",
            "bescheid",
            BUERGERBUERO,
            """
            Erfassen Sie die Außerbetriebsetzung im Zulassungsverfahren und reservieren
            Sie auf Wunsch das Kennzeichen. Das Verfahren meldet die Außerbetriebsetzung an
            das Zentrale Fahrzeugregister; Hauptzollamt und Versicherung erhalten die
            Mitteilung von dort.
            """,
            system=("fachverfahren", "Zulassungsverfahren des Kreises Lippe (Fernzugriff)"),
            minutes=5,
        ),
        step(
            "Kennzeichen entstempeln und Bescheinigung vermerken",
            "bescheid",
            BUERGERBUERO,
            """
            Entfernen Sie die Stempelplaketten von beiden Kennzeichenschildern. Bringen Sie
            den Vermerk über die Außerbetriebsetzung auf der Zulassungsbescheinigung Teil I
            an und händigen Sie sie mit den Schildern wieder aus, wenn die Halterin die
            Schilder nicht zur Entsorgung dalassen möchte.
            """,
            system=("papier", ""),
            documents=("Zulassungsbescheinigung Teil I mit Außerbetriebsetzungsvermerk",),
            minutes=3,
        ),
        step(
            "Gebühr kassieren",
            "zahlung",
            BUERGERBUERO,
            """
            Kassieren Sie die Gebühr nach der GebOSt bar oder mit Karte am Schalter und
            geben Sie die Quittung aus. Bei Kartenzahlung bewahren Sie den Händlerbeleg für
            den Tagesabschluss auf.
            """,
            system=("fachverfahren", "Kassenverfahren des Bürgerbüros (EC-Terminal)"),
            documents=("Quittung",),
            minutes=3,
        ),
        step(
            "Vorgang in der Tagesliste erfassen",
            "archivierung",
            BUERGERBUERO,
            """
            Tragen Sie den Vorgang, ob am Schalter oder am Terminal, in die Tagesliste für
            die Abrechnung mit dem Kreis Lippe ein. Vollmachten und Verwertungsnachweise
            scannen Sie in die E-Akte; die Papiere gehen nach der Rückgriffsfrist in die
            Datenschutztonne.
            """,
            system=("e_akte", "enaio (E-Akte Blomberg)"),
            documents=("Tagesliste Zulassung",),
            minutes=3,
        ),
    ),
    owner=("blomberg", "Bürgerbüro", "Leitung Bürgerbüro"),
    deputy=("blomberg", "Bürgerbüro", BUERGERBUERO),
    responsible_unit=("blomberg", "Bürgerbüro"),
    maturity=M.GOLD,
    contacts=(
        contact(
            "Zulassungsbehörde",
            "Kreis Lippe, Straßenverkehrsamt",
            topic="Gescheiterte Online-Abmeldungen, Sperrvermerke, Rückfragen zum Register",
        ),
        contact(
            "Leitung Bürgerbüro",
            "Stadt Blomberg",
            phone="05235 000-210",
            email="buergerbuero@blomberg.example",
            topic="Terminal, Tagesliste und Abrechnung mit dem Kreis",
        ),
    ),
    tags=("Bürgerbüro", "OZG", "Onlinedienste"),
    courses=(OZG, BUERGERBUERO_BLOMBERG),
    leika_key=LEIKA_FAHRZEUGABMELDUNG,
    ozg_service="Fahrzeugabmeldung",
    review_interval_months=12,
    reviewed_days_ago=120,
    acknowledgement_positions=(("blomberg", "Bürgerbüro", BUERGERBUERO),),
    acknowledged_by=(("blomberg", "Hatice Yılmaz"),),
)

FAHRZEUG_LUEGDE = DemoArticle(
    slug="fahrzeug-abmelden",
    section="luegde",
    title="Abmeldung eines Fahrzeugs (i-Kfz)",
    purpose="""
        Ein Fahrzeug wird außer Betrieb gesetzt, damit Kfz-Steuer und Versicherungspflicht
        enden. Das Bürgerbüro Lügde nimmt Abmeldungen für die Zulassungsbehörde des
        Kreises Lippe an; wer die Voraussetzungen hat, meldet am Service-Tablet online ab.
    """,
    trigger="Eine Halterin oder ein Halter möchte ein Fahrzeug abmelden und kommt ins "
    "Bürgerbüro Lügde, meist mit Termin, freitags auch ohne.",
    legal_basis=_KFZ_LEGAL_BASIS,
    inputs=_KFZ_INPUTS,
    outputs=_KFZ_OUTPUTS,
    steps=(
        step(
            "Anliegen aufnehmen und Online-Weg anbieten",
            "beratung",
            BUERGERBUERO,
            """
            Fragen Sie nach dem Anlass der Abmeldung und sehen Sie sich Zulassungsbescheinigung
            Teil I, Kennzeichen und Ausweis an. Haben Plaketten und Bescheinigung
            Sicherheitscodes und ist die Online-Ausweisfunktion freigeschaltet, bieten Sie
            die Online-Abmeldung auf dem Service-Tablet am Beratungsplatz an.
            """,
            system=("servicekonto", "i-Kfz-Portal des Kreises Lippe"),
            documents=("Merkblatt „Fahrzeug online abmelden“",),
            minutes=8,
        ),
        decision(
            "Online-Weg möglich?",
            BUERGERBUERO,
            "Liegen die Sicherheitscodes und ein Ausweis mit Online-Ausweisfunktion vor?",
            (
                ("Ja", "Online-Abmeldung am Tablet begleiten"),
                ("Nein", "Unterlagen und Identität prüfen"),
            ),
        ),
        step(
            "Online-Abmeldung am Tablet begleiten",
            "erfassung",
            HALTERIN,
            """
            Die Halterin meldet sich auf dem Service-Tablet mit der Online-Ausweisfunktion
            an, erfasst das Kennzeichen und die freigelegten Sicherheitscodes und bezahlt
            die Gebühr online. Sie erklären die Schritte und geben selbst keine Daten ein.
            """,
            system=("servicekonto", "i-Kfz-Portal auf dem Service-Tablet"),
            documents=("Elektronischer Bescheid über die Außerbetriebsetzung",),
            minutes=15,
            notes="Das Tablet wird nach jeder Nutzung abgemeldet und der Browser geleert.",
        ),
        decision(
            "Online-Abmeldung abgeschlossen?",
            BUERGERBUERO,
            "Zeigt das Portal die Bestätigung der Außerbetriebsetzung an?",
            (
                ("Ja", "Vorgang in der E-Akte ablegen"),
                ("Nein, Prüfung gescheitert", "Unterlagen und Identität prüfen"),
            ),
        ),
        step(
            "Unterlagen und Identität prüfen",
            "pruefung",
            BUERGERBUERO,
            """
            Prüfen Sie den Ausweis und bei Bevollmächtigten die Vollmacht mit dem Ausweis
            der Halterin oder des Halters. Gleichen Sie Kennzeichen und
            Fahrzeug-Identifizierungsnummer mit dem Register ab und lassen Sie sich bei
            Verschrottung den Verwertungsnachweis zeigen.
            """,
            system=("fachverfahren", "Zulassungsverfahren des Kreises Lippe (Citrix)"),
            documents=("Vollmacht Zulassungsangelegenheiten", "Verwertungsnachweis"),
            minutes=8,
        ),
        step(
            "Fahrzeug im Zulassungsverfahren außer Betrieb setzen",
            "bescheid",
            BUERGERBUERO,
            """
            Erfassen Sie die Außerbetriebsetzung im Zulassungsverfahren. Das Verfahren
            meldet sie an das Zentrale Fahrzeugregister; Hauptzollamt und Versicherung
            erhalten die Mitteilung von dort.
            """,
            system=("fachverfahren", "Zulassungsverfahren des Kreises Lippe (Citrix)"),
            minutes=7,
        ),
        step(
            "Kennzeichen auf Wunsch reservieren",
            "erfassung",
            BUERGERBUERO,
            """
            Fragen Sie, ob das Kennzeichen für ein späteres Fahrzeug reserviert werden
            soll, und erfassen Sie die Reservierung. Weisen Sie darauf hin, wie lange sie
            gilt und dass sie bei der nächsten Zulassung angegeben werden muss.
            """,
            system=("fachverfahren", "Zulassungsverfahren des Kreises Lippe (Citrix)"),
            documents=("Reservierungsbestätigung",),
            minutes=3,
            notes="Die Reservierungsdauer steht im aktuellen Merkblatt des Kreises.",
        ),
        step(
            "Gebühr am Kassenautomaten bezahlen lassen",
            "zahlung",
            HALTERIN,
            """
            Drucken Sie den Zahlschein mit Barcode aus. Die Halterin bezahlt am
            Kassenautomaten im Foyer bar oder mit Karte und zeigt Ihnen den Beleg; erst
            dann geht es weiter.
            """,
            system=("sonstiges", "Kassenautomat im Foyer"),
            documents=("Zahlschein mit Barcode", "Kassenbeleg"),
            minutes=5,
        ),
        step(
            "Kennzeichen entstempeln und Bescheinigung aushändigen",
            "bescheid",
            BUERGERBUERO,
            """
            Entfernen Sie die Stempelplaketten, vermerken Sie die Außerbetriebsetzung auf
            der Zulassungsbescheinigung Teil I und händigen Sie sie aus. Schilder, die
            nicht mehr gebraucht werden, nehmen Sie zur Entsorgung an.
            """,
            system=("papier", ""),
            documents=("Zulassungsbescheinigung Teil I mit Außerbetriebsetzungsvermerk",),
            minutes=4,
        ),
        step(
            "Vorgang in der E-Akte ablegen",
            "archivierung",
            BUERGERBUERO,
            """
            Scannen Sie Vollmacht und Verwertungsnachweis in den Tagesvorgang
            „Zulassung“ der E-Akte und vermerken Sie Online- und Schaltervorgänge für die
            Monatsabrechnung mit dem Kreis Lippe.
            """,
            system=("e_akte", "d.velop documents (E-Akte Lügde)"),
            documents=("Monatsabrechnung Zulassung",),
            minutes=4,
        ),
    ),
    owner=("luegde", "Fachbereich 2 Bürgerdienste", "Leitung Fachbereich 2"),
    deputy=("luegde", "Bürgerbüro", BUERGERBUERO),
    responsible_unit=("luegde", "Bürgerbüro"),
    maturity=M.SILVER,
    contacts=(
        contact(
            "Zulassungsbehörde",
            "Kreis Lippe, Straßenverkehrsamt",
            topic="Gescheiterte Online-Abmeldungen, Sperrvermerke, Reservierungen",
        ),
        contact(
            "Bürgerbüro Lügde",
            "Stadt Lügde",
            phone="05281 000-120",
            email="buergerbuero@luegde.example",
            topic="Service-Tablet, Kassenautomat",
        ),
    ),
    tags=("Bürgerbüro", "OZG", "Onlinedienste"),
    courses=(OZG,),
    related=("blomberg/fahrzeug-abmelden",),
    leika_key=LEIKA_FAHRZEUGABMELDUNG,
    ozg_service="Fahrzeugabmeldung",
    review_interval_months=12,
    reviewed_days_ago=200,
)

# --- Blomberg: Gewerbeanmeldung (owned by the leaver of the handover) --------------------

GEWERBE = "Sachbearbeitung Gewerbe"

GEWERBEANMELDUNG = DemoArticle(
    slug="gewerbeanmeldung",
    section="blomberg",
    title="Gewerbeanmeldung bearbeiten",
    purpose="""
        Wer ein stehendes Gewerbe beginnt, muss es anzeigen. Das Ordnungsamt nimmt die
        Anzeige entgegen, prüft sie, bescheinigt den Empfang und gibt die Daten an die
        Stellen weiter, die sie nach der Gewerbeordnung erhalten.
    """,
    trigger="Eine Gewerbeanzeige (GewA 1) geht online über das Wirtschafts-Service-Portal."
    "NRW, per Post oder am Schalter ein.",
    legal_basis=_html_list(
        "§ 14 Gewerbeordnung (GewO): Anzeigepflicht sowie Verarbeitung und Übermittlung der Daten",
        "§ 15 Abs. 1 GewO: Empfangsbescheinigung innerhalb von drei Tagen",
        "Gewerbeanzeigeverordnung (GewAnzV) mit den Vordrucken GewA 1 (Anmeldung), GewA 2 "
        "(Ummeldung) und GewA 3 (Abmeldung)",
        "§§ 30 ff., 33a ff., 34a ff. GewO: erlaubnispflichtige Gewerbe; § 1 und Anlage A "
        "Handwerksordnung (HwO): zulassungspflichtige Handwerke",
        "§ 146 Abs. 2 GewO: Ordnungswidrigkeit bei fehlender oder verspäteter Anzeige",
        "Allgemeine Verwaltungsgebührenordnung NRW (AVerwGebO NRW): Gebühr für die Gewerbeanzeige",
    ),
    inputs="Vollständig ausgefüllter Vordruck GewA 1, Ausweis; bei juristischen Personen "
    "der Handelsregisterauszug oder der Gesellschaftsvertrag; bei erlaubnispflichtigen "
    "Gewerben die Erlaubnis, im zulassungspflichtigen Handwerk die Handwerkskarte.",
    outputs="Empfangsbescheinigung (Gewerbeschein); Eintrag im Gewerberegister; "
    "Datenübermittlung an Finanzamt, Kammern, Statistik und die weiteren in § 14 GewO "
    "genannten Stellen; Gebührenbescheid.",
    steps=(
        step(
            "Gewerbeanzeige entgegennehmen",
            "eingang",
            GEWERBE,
            """
            Nehmen Sie die Anzeige entgegen. Online-Anzeigen aus dem
            Wirtschafts-Service-Portal.NRW kommen im Postfach des Fachverfahrens an;
            Papieranzeigen erhalten den Eingangsstempel und werden gescannt.
            """,
            system=("servicekonto", "Wirtschafts-Service-Portal.NRW"),
            documents=("Vordruck GewA 1",),
            minutes=5,
        ),
        step(
            "Angaben und Identität prüfen",
            "pruefung",
            GEWERBE,
            """
            Prüfen Sie, ob der Vordruck vollständig ist und die Tätigkeit genau beschrieben
            ist. Vergleichen Sie die Angaben mit dem Ausweis, bei einer GmbH mit dem
            Handelsregisterauszug; bei einer Gesellschaft in Gründung lassen Sie sich den
            notariellen Gesellschaftsvertrag zeigen.
            """,
            system=("fachverfahren", "MIGEWA (Gewerbeverfahren)"),
            documents=("Handelsregisterauszug", "Gesellschaftsvertrag"),
            minutes=15,
            notes="""
            Freie Berufe (z. B. Ärztinnen, Architekten) und Landwirtschaft sind kein
            Gewerbe; verweisen Sie in diesen Fällen an das Finanzamt.
            """,
        ),
        decision(
            "Erlaubnis oder Meisterpflicht?",
            GEWERBE,
            "Ist das Gewerbe erlaubnispflichtig oder ein zulassungspflichtiges Handwerk?",
            (
                ("Ja", "Erlaubnis oder Handwerkskarte anfordern"),
                ("Nein", "Anzeige im Fachverfahren erfassen"),
            ),
            notes="""
            Beispiele: Bewachung (§ 34a GewO), Makler (§ 34c GewO), Aufstellen von
            Spielgeräten (§ 33c GewO), Elektrotechnik oder Friseurhandwerk (Anlage A HwO).
            """,
        ),
        step(
            "Erlaubnis oder Handwerkskarte anfordern",
            "beteiligung",
            GEWERBE,
            """
            Fordern Sie eine Kopie der Erlaubnis oder der Handwerkskarte an oder fragen Sie
            bei der Handwerkskammer nach. Nehmen Sie die Anzeige trotzdem entgegen und
            weisen Sie schriftlich darauf hin, dass die Tätigkeit erst mit der Erlaubnis
            oder der Eintragung in die Handwerksrolle begonnen werden darf.
            """,
            system=("email", "Funktionspostfach Gewerbe"),
            documents=("Hinweisschreiben Erlaubnispflicht",),
            minutes=10,
        ),
        step(
            "Anzeige im Fachverfahren erfassen",
            "erfassung",
            GEWERBE,
            """
            Erfassen Sie die Anzeige im Gewerbeverfahren oder übernehmen Sie die
            Online-Daten. Ordnen Sie die Tätigkeit dem Wirtschaftszweig (WZ 2008) zu und
            setzen Sie bei fehlenden Nachweisen eine Wiedervorlage.
            """,
            system=("fachverfahren", "MIGEWA (Gewerbeverfahren)"),
            minutes=10,
        ),
        step(
            "Gebühr festsetzen",
            "zahlung",
            GEWERBE,
            """
            Setzen Sie die Gebühr nach der Tarifstelle der AVerwGebO NRW fest. Am Schalter
            wird sie sofort bezahlt, bei Online- und Postanzeigen erhält die Person einen
            Gebührenbescheid mit Kassenzeichen.
            """,
            system=("fachverfahren", "MIGEWA, Schnittstelle zur Finanzsoftware"),
            documents=("Gebührenbescheid",),
            minutes=5,
        ),
        step(
            "Empfangsbescheinigung ausstellen",
            "bescheid",
            GEWERBE,
            """
            Stellen Sie die Empfangsbescheinigung innerhalb von drei Tagen nach Eingang aus
            und senden Sie sie online in das Postfach des Portals oder per Post.
            """,
            system=("fachverfahren", "MIGEWA (Gewerbeverfahren)"),
            documents=("Empfangsbescheinigung über die Gewerbeanmeldung",),
            minutes=5,
        ),
        step(
            "Daten an die beteiligten Stellen übermitteln",
            "versand",
            GEWERBE,
            """
            Lösen Sie die Übermittlung aus dem Fachverfahren aus: Finanzamt, Industrie-
            und Handelskammer oder Handwerkskammer, IT.NRW für die Statistik und die
            weiteren Stellen, die § 14 GewO nennt. Prüfen Sie am Folgetag das
            Übermittlungsprotokoll.
            """,
            system=("fachverfahren", "MIGEWA, XGewerbeanzeige-Schnittstelle"),
            documents=("Übermittlungsprotokoll",),
            minutes=5,
            notes="Gewerbedaten nie per unverschlüsselter E-Mail weitergeben.",
        ),
        step(
            "Vorgang in der E-Akte ablegen",
            "archivierung",
            GEWERBE,
            """
            Legen Sie Anzeige, Nachweise und Bescheinigung in der E-Akte unter dem
            Aktenzeichen des Betriebs ab und verfügen Sie den Vorgang „z. d. A.“.
            """,
            system=("e_akte", "enaio (E-Akte Blomberg)"),
            minutes=3,
        ),
    ),
    owner=("blomberg", "Ordnungsamt", "Sachbearbeitung Ordnungsangelegenheiten"),
    deputy=("blomberg", "Ordnungsamt", "Kommunaler Ordnungsdienst"),
    responsible_unit=("blomberg", "Ordnungsamt"),
    maturity=M.GOLD,
    contacts=(
        contact(
            "Industrie- und Handelskammer",
            "IHK Lippe zu Detmold",
            topic="Kaufmannseigenschaft, Wirtschaftszweige, Gründungsberatung",
        ),
        contact(
            "Handwerkskammer",
            "Handwerkskammer Ostwestfalen-Lippe zu Bielefeld",
            topic="Eintragung in die Handwerksrolle, Meisterpflicht",
        ),
        contact(
            "Gewerbeamt",
            "Stadt Blomberg, Ordnungsamt",
            phone="05235 000-320",
            email="gewerbe@blomberg.example",
            topic="Funktionspostfach für Gewerbeanzeigen",
        ),
    ),
    tags=("OZG", "Onlinedienste", "Prozessmanagement"),
    courses=(OZG, BPMN),
    leika_key=LEIKA_GEWERBEANMELDUNG,
    ozg_service="Gewerbeanmeldung",
    review_interval_months=24,
    reviewed_days_ago=300,
)

# --- Blomberg: Wiederaufbauhilfe (intern) -----------------------------------------------

FOERDERUNG = "Sachbearbeitung Förderung (Klimaschutzmanagement)"

WIEDERAUFBAUHILFE = DemoArticle(
    slug="wiederaufbauhilfe",
    section="blomberg",
    title="Wiederaufbauhilfe: Antrag prüfen und bescheiden",
    purpose="""
        Die Stadt Blomberg hilft Privathaushalten und Vereinen nach Starkregen mit einem
        Zuschuss zum Wiederaufbau, soweit Versicherung und Hilfen von Bund und Land den
        Schaden nicht decken. Der Artikel beschreibt die Prüfung eines Antrags bis zum
        Bescheid und zum Verwendungsnachweis; er enthält interne Wertgrenzen und ist
        deshalb nur für Blomberg lesbar.
    """,
    trigger="Ein Antrag auf Wiederaufbauhilfe nach der städtischen Richtlinie geht online "
    "oder auf Papier ein.",
    legal_basis=_html_list(
        "Richtlinie der Stadt Blomberg über Wiederaufbauhilfen nach Starkregen "
        "(Ratsbeschluss; Fördersatz, Antragsfrist, Nachrang gegenüber Versicherung und "
        "anderen Hilfen)",
        "§ 28 VwVfG NRW: Anhörung vor einer Ablehnung",
        "§§ 35, 36, 37, 39, 41 VwVfG NRW: Verwaltungsakt, Nebenbestimmungen, Bestimmtheit "
        "und Form, Begründung, Bekanntgabe",
        "§§ 48, 49, 49a VwVfG NRW: Rücknahme, Widerruf und Erstattung",
        "Kommunalhaushaltsverordnung NRW (KomHVO NRW): Bewirtschaftung der Haushaltsmittel",
    ),
    inputs="Antragsformular, Schadensaufstellung mit Fotos, Kostenvoranschläge oder "
    "Rechnungen, Nachweis der Versicherung (Leistung oder Ablehnung der "
    "Elementarschadenversicherung), Erklärung über andere Hilfen, Bankverbindung.",
    outputs="Bewilligungs- oder Ablehnungsbescheid mit Begründung und "
    "Rechtsbehelfsbelehrung; Auszahlungsanordnung; geprüfter Verwendungsnachweis.",
    steps=(
        step(
            "Antrag entgegennehmen und Eingang bestätigen",
            "eingang",
            FOERDERUNG,
            """
            Legen Sie für den Antrag einen Vorgang in der E-Akte an und bestätigen Sie den
            Eingang mit dem Aktenzeichen. Papieranträge gehen über die Poststelle und
            werden gescannt.
            """,
            system=("e_akte", "enaio (E-Akte Blomberg)"),
            documents=("Eingangsbestätigung",),
            minutes=5,
        ),
        step(
            "Antragsberechtigung und Vollständigkeit prüfen",
            "pruefung",
            FOERDERUNG,
            """
            Prüfen Sie, ob der Schaden im Stadtgebiet durch das Starkregenereignis
            entstanden ist, ob die Antragsfrist eingehalten ist und ob alle Unterlagen
            vorliegen, insbesondere die Entscheidung der Versicherung und die Erklärung
            über andere Hilfen.
            """,
            system=("e_akte", "enaio (E-Akte Blomberg)"),
            documents=("Checkliste Antragsprüfung Wiederaufbauhilfe",),
            minutes=30,
        ),
        decision(
            "Unterlagen vollständig?",
            FOERDERUNG,
            "Liegen alle Unterlagen vor, die die Richtlinie verlangt?",
            (
                ("Nein", "Unterlagen nachfordern"),
                ("Ja", "Schaden und Zuschuss berechnen"),
            ),
        ),
        step(
            "Unterlagen nachfordern",
            "beteiligung",
            FOERDERUNG,
            """
            Fordern Sie die fehlenden Unterlagen schriftlich mit einer Frist von vier
            Wochen an und setzen Sie eine Wiedervorlage. Nach Eingang prüfen Sie erneut
            und berechnen dann den Zuschuss.
            """,
            system=("office", "Textvorlage Nachforderung"),
            documents=("Nachforderungsschreiben",),
            minutes=10,
        ),
        step(
            "Schaden und Zuschuss berechnen",
            "pruefung",
            FOERDERUNG,
            """
            Ermitteln Sie die förderfähigen Kosten, ziehen Sie Versicherungsleistungen und
            Hilfen von Bund und Land ab und wenden Sie den Fördersatz der Richtlinie an.
            Halten Sie die Berechnung im Berechnungsbogen nachvollziehbar fest.
            """,
            system=("office", "Berechnungsbogen Wiederaufbauhilfe (Tabelle)"),
            documents=("Berechnungsbogen",),
            minutes=45,
            notes="Doppelförderung ausschließen: Abfrage bei der Bewilligungsstelle des "
            "Landes dokumentieren.",
        ),
        decision(
            "Antrag bewilligungsfähig?",
            FOERDERUNG,
            "Erfüllt der Antrag alle Voraussetzungen der Richtlinie?",
            (
                ("Ja", "Bescheid entwerfen und mitzeichnen lassen"),
                ("Nein", "Anhörung vor Ablehnung durchführen"),
            ),
        ),
        step(
            "Anhörung vor Ablehnung durchführen",
            "beteiligung",
            FOERDERUNG,
            """
            Teilen Sie der antragstellenden Person mit, warum eine Ablehnung beabsichtigt
            ist, und geben Sie ihr zwei Wochen Gelegenheit zur Stellungnahme. Werten Sie
            die Antwort aus, bevor Sie den Bescheid entwerfen.
            """,
            system=("office", "Textvorlage Anhörung"),
            documents=("Anhörungsschreiben",),
            minutes=20,
        ),
        step(
            "Bescheid entwerfen und mitzeichnen lassen",
            "bescheid",
            FOERDERUNG,
            """
            Entwerfen Sie den Bewilligungs- oder Ablehnungsbescheid mit Begründung,
            Nebenbestimmungen (Verwendungsnachweis, Erstattung bei Doppelförderung) und
            Rechtsbehelfsbelehrung. Bis 10.000 Euro zeichnet die Leitung Fachbereich 3,
            darüber der Bürgermeister.
            """,
            system=("e_akte", "enaio, Mitzeichnungsworkflow"),
            documents=("Bescheidvorlage Bewilligung", "Bescheidvorlage Ablehnung"),
            minutes=40,
        ),
        step(
            "Auszahlung anordnen",
            "zahlung",
            FOERDERUNG,
            """
            Legen Sie nach Bekanntgabe des Bewilligungsbescheids die Auszahlungsanordnung
            im Finanzverfahren an und lassen Sie sie nach dem Vier-Augen-Prinzip
            freigeben. Die Stadtkasse zahlt aus.
            """,
            system=("fachverfahren", "Finanzverfahren (Auszahlungsanordnung)"),
            documents=("Auszahlungsanordnung",),
            minutes=15,
        ),
        step(
            "Verwendungsnachweis prüfen und Akte schließen",
            "archivierung",
            FOERDERUNG,
            """
            Prüfen Sie den Verwendungsnachweis nach sechs Monaten anhand der Rechnungen.
            Wurde weniger ausgegeben oder doppelt gefördert, bereiten Sie Widerruf und
            Erstattung vor; sonst verfügen Sie den Vorgang „z. d. A.“.
            """,
            system=("e_akte", "enaio (E-Akte Blomberg)"),
            documents=("Prüfvermerk Verwendungsnachweis",),
            minutes=30,
        ),
    ),
    owner=("blomberg", "Umwelt und Klimaschutz", "Klimaschutzmanagement"),
    deputy=("blomberg", "Fachbereich 3 Bauen und Umwelt", "Leitung Fachbereich 3"),
    responsible_unit=("blomberg", "Umwelt und Klimaschutz"),
    maturity=M.IN_PROGRESS,
    contacts=(
        contact(
            "Klimaschutzmanagement",
            "Stadt Blomberg, Umwelt und Klimaschutz",
            phone="05235 000-530",
            email="wiederaufbau@blomberg.example",
            topic="Rückfragen zur Richtlinie und zu einzelnen Anträgen",
        ),
        contact(
            "Stadtkasse",
            "Stadt Blomberg, Finanzen und Steuern",
            email="stadtkasse@blomberg.example",
            topic="Auszahlungen und Rückforderungen",
        ),
    ),
    tags=("E-Akte", "Datenschutz"),
    courses=(E_AKTE,),
    related=("eingangspost-scannen",),
    intern=True,
    review_interval_months=6,
    reviewed_days_ago=30,
)

# --- Kalletal: Pflegewohngeld and Reitkennzeichen ----------------------------------------

SOZIALES = "Sachbearbeitung Soziales"
KREIS_PFLEGEWOHNGELD = "Kreis Lippe, Sachgebiet Pflegewohngeld"

PFLEGEWOHNGELD = DemoArticle(
    slug="pflegewohngeld",
    section="kalletal",
    title="Antrag auf Pflegewohngeld",
    purpose="""
        Pflegewohngeld übernimmt die Investitionskosten eines Pflegeheims in
        Nordrhein-Westfalen ganz oder teilweise, wenn Einkommen und Vermögen der
        pflegebedürftigen Person nicht reichen. Kalletal berät, nimmt Anträge an und prüft
        sie vor; der Kreis Lippe entscheidet und zahlt.
    """,
    trigger="Eine Pflegeeinrichtung stellt mit Zustimmung der pflegebedürftigen Person "
    "einen Antrag, oder Angehörige beantragen selbst, meist beim Heimeinzug.",
    legal_basis=_html_list(
        "§ 14 Alten- und Pflegegesetz Nordrhein-Westfalen (APG NRW): Pflegewohngeld",
        "Verordnung zur Ausführung des APG NRW (APG DVO NRW), Vorschriften zum "
        "Pflegewohngeld (§§ 13 ff.)",
        "SGB X: Verwaltungsverfahren und Schutz der Sozialdaten (§§ 67 ff. SGB X)",
        "SGB XII, Kapitel 11: Einsatz von Einkommen und Vermögen, soweit das APG NRW "
        "darauf verweist",
        "§§ 60 ff. SGB I: Mitwirkungspflichten der Antragstellenden",
    ),
    inputs="Antrag mit Einverständniserklärung, Heimvertrag, Bescheid der Pflegekasse "
    "über den Pflegegrad (mindestens 2), Nachweise über Einkommen (Renten, "
    "Betriebsrenten) und Vermögen (Kontoauszüge, Sparbücher, Lebens- und "
    "Sterbegeldversicherungen), Betreuerausweis oder Vollmacht.",
    outputs="Bescheid des Kreises Lippe über Pflegewohngeld; monatliche Zahlung an die "
    "Pflegeeinrichtung; Wiedervorlage für den Weiterbewilligungsantrag.",
    steps=(
        step(
            "Antrag entgegennehmen",
            "eingang",
            SOZIALES,
            """
            Nehmen Sie den Antrag mit Eingangsstempel entgegen; das Eingangsdatum ist für
            den Leistungsbeginn wichtig. Prüfen Sie, ob die Einverständniserklärung der
            pflegebedürftigen Person oder ihrer Vertretung unterschrieben ist.
            """,
            system=("e_akte", "E-Akte Kalletal"),
            documents=(
                "Antrag auf Pflegewohngeld (Vordruck des Kreises Lippe)",
                "Einverständniserklärung",
            ),
            minutes=10,
        ),
        step(
            "Beraten und andere Leistungen prüfen",
            "beratung",
            SOZIALES,
            """
            Erklären Sie, dass Pflegewohngeld nur die Investitionskosten deckt. Reichen
            Einkommen und Vermögen auch für Pflege, Unterkunft und Verpflegung nicht,
            nehmen Sie zugleich einen Antrag auf Hilfe zur Pflege nach dem SGB XII auf.
            """,
            system=("papier", "Beratungsvermerk"),
            documents=("Merkblatt Pflegewohngeld", "Antrag Hilfe zur Pflege"),
            minutes=20,
        ),
        step(
            "Unterlagen auf Vollständigkeit prüfen",
            "pruefung",
            SOZIALES,
            """
            Prüfen Sie anhand der Checkliste, ob Pflegegradbescheid, Heimvertrag sowie
            Nachweise über alle Einkünfte und Vermögenswerte der letzten drei Monate
            vorliegen; bei Verheirateten auch die des Ehegatten.
            """,
            system=("e_akte", "E-Akte Kalletal"),
            documents=("Checkliste Unterlagen Pflegewohngeld",),
            minutes=20,
        ),
        decision(
            "Unterlagen vollständig?",
            SOZIALES,
            "Liegen alle Unterlagen der Checkliste vor?",
            (
                ("Nein", "Fehlende Unterlagen nachfordern"),
                ("Ja", "Antrag an den Kreis Lippe weiterleiten"),
            ),
        ),
        step(
            "Fehlende Unterlagen nachfordern",
            "beteiligung",
            SOZIALES,
            """
            Fordern Sie die fehlenden Nachweise schriftlich mit einer Frist von vier Wochen
            an und weisen Sie auf die Folgen fehlender Mitwirkung hin. Leiten Sie den
            Antrag trotzdem fristwahrend weiter und reichen Sie die Unterlagen nach.
            """,
            system=("office", "Textvorlage Nachforderung Sozialleistungen"),
            documents=("Nachforderungsschreiben mit Mitwirkungshinweis",),
            minutes=10,
        ),
        step(
            "Antrag an den Kreis Lippe weiterleiten",
            "versand",
            SOZIALES,
            """
            Senden Sie Antrag, Unterlagen und Ihren Vorprüfungsvermerk über das sichere
            Behördenpostfach an den Kreis Lippe. Sozialdaten verschicken Sie nie per
            unverschlüsselter E-Mail.
            """,
            system=("e_akte", "Behördenpostfach (sichere Übermittlung)"),
            documents=("Vorprüfungsvermerk",),
            minutes=10,
        ),
        step(
            "Einkommen und Vermögen prüfen und Anspruch berechnen",
            "pruefung",
            KREIS_PFLEGEWOHNGELD,
            """
            Der Kreis prüft, ob die Einrichtung gefördert wird und ihre
            Investitionskosten anerkannt sind, setzt Einkommen und Vermögen über den
            Freibeträgen ein (Vermögen 10.000 Euro, bei Ehepaaren 15.000 Euro) und
            berechnet das Pflegewohngeld.
            """,
            system=("fachverfahren", "PROSOZ (Sozialhilfeverfahren des Kreises)"),
            minutes=60,
        ),
        step(
            "Bescheid erteilen",
            "bescheid",
            KREIS_PFLEGEWOHNGELD,
            """
            Der Kreis erteilt den Bescheid mit Bewilligungszeitraum, Höhe und
            Rechtsbehelfsbelehrung an die pflegebedürftige Person oder ihre Vertretung; die
            Einrichtung und die Gemeinde erhalten eine Mitteilung.
            """,
            system=("fachverfahren", "PROSOZ (Sozialhilfeverfahren des Kreises)"),
            documents=("Bescheid über Pflegewohngeld",),
            minutes=30,
        ),
        step(
            "Zahlung an die Einrichtung anweisen",
            "zahlung",
            KREIS_PFLEGEWOHNGELD,
            """
            Der Kreis zahlt das Pflegewohngeld monatlich direkt an die Pflegeeinrichtung,
            die es in der Heimkostenrechnung abzieht.
            """,
            system=("fachverfahren", "PROSOZ, Zahlungsschnittstelle"),
            minutes=10,
        ),
        step(
            "Mitteilung ablegen und Wiedervorlage setzen",
            "archivierung",
            SOZIALES,
            """
            Legen Sie die Mitteilung des Kreises im Vorgang ab und setzen Sie eine
            Wiedervorlage zwei Monate vor Ende des Bewilligungszeitraums, damit der
            Weiterbewilligungsantrag rechtzeitig gestellt wird.
            """,
            system=("e_akte", "E-Akte Kalletal"),
            minutes=5,
        ),
    ),
    owner=("kalletal", "Ordnung und Soziales", SOZIALES),
    deputy=(
        "kalletal",
        "Fachbereich 2 Bürgerservice, Ordnung und Soziales",
        "Leitung Fachbereich 2",
    ),
    responsible_unit=("kalletal", "Ordnung und Soziales"),
    maturity=M.METHOD_APPROVED,
    contacts=(
        contact(
            "Sachgebiet Pflegewohngeld",
            "Kreis Lippe, Fachbereich Soziales",
            topic="Stand der Bearbeitung, anerkannte Investitionskosten der Einrichtungen",
        ),
        contact(
            "Sozialamt Kalletal",
            "Gemeinde Kalletal, Ordnung und Soziales",
            phone="05264 000-230",
            email="soziales@kalletal.example",
            topic="Beratung und Antragsannahme",
        ),
    ),
    tags=("Datenschutz", "DSGVO"),
    courses=(DATENSCHUTZ,),
    review_interval_months=12,
    reviewed_days_ago=100,
)

REITKENNZEICHEN = DemoArticle(
    slug="reitkennzeichen",
    section="kalletal",
    title="Reitkennzeichen ausgeben",
    purpose="""
        Wer in Nordrhein-Westfalen in der freien Landschaft oder im Wald reitet, braucht
        ein Reitkennzeichen mit gültiger Jahresplakette; mit der Ausgabe wird die
        Reitabgabe erhoben, die für Reitwege verwendet wird. Das Bürgerbüro Kalletal gibt
        Kennzeichen und Plaketten für den Kreis Lippe aus.
    """,
    trigger="Eine Pferdehalterin oder ein Pferdehalter beantragt im Bürgerbüro ein neues "
    "Reitkennzeichen oder die Plakette für das neue Jahr.",
    legal_basis=_html_list(
        "§§ 58 ff. Landesnaturschutzgesetz NRW (LNatSchG NRW): Reiten in der freien "
        "Landschaft und im Wald",
        "§ 62 LNatSchG NRW: Kennzeichenpflicht und Reitabgabe, zweckgebunden für Reitwege",
        "§ 15 DVO-LNatSchG: Kennzeichen (gelbe Tafel 8 x 8 cm, Jahresplakette) und "
        "Aufzeichnungspflicht der Halterin oder des Halters",
        "§ 17 DVO-LNatSchG: Höhe der Reitabgabe (25 Euro je Kennzeichen und Jahr, für "
        "Reiterhöfe 75 Euro)",
        "Gebühren und Auslagen nach der Gebührenregelung des Kreises Lippe",
    ),
    inputs="Antrag, Ausweis der Halterin oder des Halters; bei Verlängerung das "
    "vorhandene Kennzeichen oder dessen Nummer.",
    outputs="Zwei Kennzeichentafeln mit Nummer und Jahresplakette oder nur die "
    "Jahresplakette; Eintrag im Kennzeichenverzeichnis; Quittung über Reitabgabe und "
    "Gebühr; Abrechnung mit dem Kreis.",
    steps=(
        step(
            "Antrag aufnehmen",
            "eingang",
            BUERGERBUERO,
            """
            Nehmen Sie den Antrag auf und prüfen Sie den Ausweis. Das Kennzeichen gehört
            zur Halterin oder zum Halter, nicht zu einem bestimmten Pferd; für Reiterhöfe
            gilt der höhere Abgabesatz.
            """,
            system=("papier", "Antragsvordruck"),
            documents=("Antrag auf Reitkennzeichen und Reitplakette",),
            minutes=5,
        ),
        decision(
            "Erstausgabe oder Verlängerung?",
            BUERGERBUERO,
            "Hat die Halterin schon ein Reitkennzeichen?",
            (
                ("Erstausgabe", "Kennzeichen zuteilen und im Verzeichnis erfassen"),
                ("Verlängerung", "Jahresplakette ausgeben"),
            ),
        ),
        step(
            "Kennzeichen zuteilen und im Verzeichnis erfassen",
            "erfassung",
            BUERGERBUERO,
            """
            Nehmen Sie die nächste freie Nummer aus dem Bestand, tragen Sie Nummer,
            Halterin und Anschrift in das Kennzeichenverzeichnis ein und geben Sie die zwei
            gelben Tafeln aus.
            """,
            system=("office", "Kennzeichenverzeichnis (Tabelle des Kreises)"),
            documents=("Kennzeichenverzeichnis",),
            minutes=10,
            notes="Fehlen Tafeln im Bestand, rechtzeitig beim Kreis nachbestellen.",
        ),
        step(
            "Jahresplakette ausgeben",
            "bescheid",
            BUERGERBUERO,
            """
            Geben Sie für jedes Kennzeichen die Plakette des laufenden Jahres aus und
            vermerken Sie die Ausgabe im Kennzeichenverzeichnis. Die Plakette gilt bis zum
            Ende des Kalenderjahres.
            """,
            system=("office", "Kennzeichenverzeichnis (Tabelle des Kreises)"),
            minutes=5,
        ),
        step(
            "Reitabgabe und Gebühr kassieren",
            "zahlung",
            BUERGERBUERO,
            """
            Kassieren Sie Reitabgabe, Gebühr und Auslagen und geben Sie die Quittung aus.
            Reitabgabe und Gebühr werden in der Kasse getrennt gebucht, weil die Abgabe an
            das Land weitergeleitet wird.
            """,
            system=("fachverfahren", "Kassenverfahren Bürgerbüro"),
            documents=("Quittung",),
            minutes=5,
        ),
        step(
            "Auf Pflichten hinweisen",
            "beratung",
            BUERGERBUERO,
            """
            Weisen Sie darauf hin, dass das Kennzeichen beim Ausritt beidseitig gut
            sichtbar am Pferd zu führen ist und dass die Halterin aufschreiben muss, wer mit
            ihren Pferden geritten ist.
            """,
            system=("papier", "Merkblatt"),
            documents=("Merkblatt Reiten in der freien Landschaft und im Wald",),
            minutes=3,
        ),
        step(
            "Ausgaben an den Kreis melden",
            "versand",
            BUERGERBUERO,
            """
            Senden Sie zum Monatsende das Kennzeichenverzeichnis und die Summe der
            Reitabgaben an die untere Naturschutzbehörde des Kreises Lippe; die Gemeindekasse
            überweist den Betrag.
            """,
            system=("email", "Funktionspostfach Bürgerbüro"),
            documents=("Monatsmeldung Reitabgabe",),
            minutes=15,
        ),
    ),
    owner=("kalletal", "Bürgerbüro", BUERGERBUERO),
    deputy=("kalletal", "Ordnung und Soziales", SOZIALES),
    responsible_unit=("kalletal", "Bürgerbüro"),
    maturity=M.SILVER,
    contacts=(
        contact(
            "Untere Naturschutzbehörde",
            "Kreis Lippe",
            topic="Kennzeichenbestand, Plaketten, Abrechnung der Reitabgabe",
        ),
        contact(
            "Bürgerbüro Kalletal",
            "Gemeinde Kalletal",
            phone="05264 000-110",
            email="buergerbuero@kalletal.example",
        ),
    ),
    tags=("Bürgerbüro",),
    leika_key=LEIKA_REITKENNZEICHEN,
    ozg_service="Reitkennzeichen",
    review_interval_months=12,
    # Due 40 days ago: the plaque colour and the fees change every year.
    reviewed_days_ago=405,
    review_overdue_days=40,
)

# --- Lügde: the paper mail process, replaced by the E-Akte ("inaktiv") ------------------

PAPIERUMLAUF = DemoArticle(
    slug="post-papierumlauf",
    section="luegde",
    title="Eingangspost im Papierumlauf verteilen",
    purpose="""
        So wurde die Eingangspost in Lügde bis zur Einführung der E-Akte verteilt. Der
        Ablauf ist abgelöst durch „Eingangspost scannen und in der E-Akte erfassen“ und
        bleibt nur lesbar, damit ältere Papiervorgänge nachvollziehbar sind.
    """,
    trigger="Die Tagespost kommt im Rathaus an.",
    legal_basis=_html_list(
        "Dienstanweisung für den Posteingang der Stadt Lügde (Fassung vor Einführung der E-Akte)",
    ),
    inputs="Tagespost auf Papier.",
    outputs="Post in den Postmappen der Fachbereiche, Eintrag im Posteingangsbuch.",
    steps=(
        step(
            "Post öffnen und Eingangsstempel setzen",
            "eingang",
            BUERGERBUERO,
            """
            Öffnen Sie die Tagespost, ausgenommen persönliche und vertrauliche Sendungen,
            und setzen Sie auf jedes Schriftstück den Eingangsstempel.
            """,
            system=("papier", "Eingangsstempel"),
            minutes=2,
        ),
        step(
            "Post nach Fachbereichen sortieren",
            "erfassung",
            BUERGERBUERO,
            """
            Sortieren Sie die Post nach dem Verteilerplan in die Postmappen der
            Fachbereiche.
            """,
            system=("papier", "Verteilerplan"),
            minutes=1,
        ),
        step(
            "Posteingangsbuch führen",
            "erfassung",
            BUERGERBUERO,
            """
            Tragen Sie Einschreiben, Zustellungen und Schreiben mit Fristen mit Datum,
            Absender und Empfänger in das Posteingangsbuch ein.
            """,
            system=("office", "Posteingangsbuch (Tabelle)"),
            minutes=2,
        ),
        step(
            "Postmappen verteilen",
            "versand",
            "Hausbote",
            """
            Bringen Sie die Postmappen bis 9 Uhr zu den Fachbereichsleitungen und nehmen
            Sie die Ausgangspost mit.
            """,
            system=("papier", "Postmappen"),
            minutes=20,
        ),
        step(
            "Post sichten und weiterleiten",
            "pruefung",
            "Leitung Fachbereich",
            """
            Die Fachbereichsleitung sichtet die Post, zeichnet sie ab und leitet sie mit
            Bearbeitungsvermerk an die Sachbearbeitung weiter.
            """,
            system=("papier", "Laufzettel"),
            minutes=10,
        ),
        step(
            "In der Papierakte ablegen",
            "archivierung",
            "Sachbearbeitung",
            """
            Nach der Bearbeitung heftet die Sachbearbeitung das Schriftstück in die
            Papierakte nach dem Aktenplan.
            """,
            system=("papier", "Papierakte"),
            minutes=2,
        ),
    ),
    owner=("luegde", "Fachbereich 2 Bürgerdienste", "Leitung Fachbereich 2"),
    deputy=("luegde", "Bürgerbüro", BUERGERBUERO),
    responsible_unit=("luegde", "Bürgerbüro"),
    maturity=M.INACTIVE,
    tags=("Schriftgutverwaltung",),
    related=("eingangspost-scannen",),
    review_interval_months=24,
    reviewed_days_ago=500,
)

#: In loading order: related articles come before the articles that name them.
DEMO_ARTICLES = (
    EINGANGSPOST,
    FAHRZEUG_BLOMBERG,
    FAHRZEUG_LUEGDE,
    GEWERBEANMELDUNG,
    WIEDERAUFBAUHILFE,
    PFLEGEWOHNGELD,
    REITKENNZEICHEN,
    PAPIERUMLAUF,
)

LIBRARY_SLUG = "prozesse"
SHARED_LIBRARY = (
    "Prozessbibliothek",
    "<p>Prozessbeschreibungen für die ganze Kooperation. Hier finden Sie auch die "
    "Prozesse der einzelnen Kommunen, soweit sie nicht intern sind, und können gleiche "
    "Leistungen über den LeiKa-Schlüssel vergleichen.</p>",
)
LOCAL_LIBRARY_TITLE = "Prozesse der {name}"
LOCAL_LIBRARY_INTRO = (
    "<p>Wie Abläufe in der {name} wirklich laufen: Rechtsgrundlage, Schritte, Systeme, "
    "Formulare und Ansprechpersonen – zusammen mit den Prozessen der Kooperation.</p>"
)


# --- The pending handover ----------------------------------------------------------------


@dataclass(frozen=True)
class DemoHandover:
    municipality: str
    leaver: str
    leaves_in_days: int
    #: Notes of the leaver on the ownership item of an article, by article slug.
    article_notes: dict[str, str] = field(default_factory=dict)
    #: Notes on checklist points, by position of the point in ``handovers.CHECKLIST``.
    checklist_notes: dict[int, str] = field(default_factory=dict)
    #: The checklist point the manager gives to a colleague, who ticks it off.
    done_point: int = 1
    done_by: str = ""
    manager_login: str = "fuehrungskraft"


HANDOVER = DemoHandover(
    municipality="blomberg",
    leaver="Monika Richter",
    leaves_in_days=21,
    article_notes={
        "gewerbeanmeldung": _plain("""
            Zwei Anmeldungen von Gesellschaften in Gründung warten auf den
            Handelsregisterauszug; die Wiedervorlagen stehen im Gewerbeverfahren. Bei
            Fragen zu Wirtschaftszweigen hilft die Gründungsberatung der IHK Lippe sehr
            schnell. Für MIGEWA eigene Zugänge bei der IT beantragen lassen, das dauert
            etwa eine Woche.
        """),
    },
    checklist_notes={
        0: _plain("""
            Offen sind ein Untersagungsverfahren nach § 35 GewO (Anhörung läuft bis Ende
            des Monats) und drei Anfragen zur Gewerbeauskunft. Alles steht im Ordner
            „Gewerbe – offene Vorgänge“ der E-Akte.
        """),
        1: _plain("""
            Wichtigste Kontakte: Gründungsberatung der IHK Lippe, Handwerksrolle der
            Handwerkskammer OWL, Finanzamt Detmold (Steuernummern) und die Kollegin im
            Kreis-Ordnungsamt für Gaststätten. Die Liste liegt in der E-Akte.
        """),
    },
    done_point=1,
    done_by="Lukas Neumann",
)


# --- Loading -----------------------------------------------------------------------------


@dataclass
class DemoKnowledge:
    """What ``load_knowledge`` created, for the command's summary and the tests."""

    libraries: list[KnowledgeIndexPage] = field(default_factory=list)
    articles: list[ProcessArticlePage] = field(default_factory=list)
    acknowledgements: int = 0
    handover: Handover | None = None


def demo_knowledge_exists() -> bool:
    """Whether the shared demo article is there; the demo is loaded all together."""
    shared = SectionPage.objects.filter(municipality__isnull=True).first()
    if shared is None:
        return False
    return ProcessArticlePage.objects.descendant_of(shared).filter(slug=EINGANGSPOST.slug).exists()


def load_knowledge() -> DemoKnowledge:
    """Publish the libraries and articles, record acknowledgements, start the handover.

    Run inside the transaction of ``load_demo_data``, after the organisations, courses
    and learning demos; the caller decides whether the knowledge demo is there already
    (``demo_knowledge_exists``). Articles of municipalities that are missing are
    skipped; positions, units and courses that are missing are left empty.
    """
    today = timezone.localdate()
    demo = DemoKnowledge()
    sections = {"": SectionPage.objects.filter(municipality__isnull=True).first()}
    if sections[""] is None:
        sections[""] = provision_shared_section()
    for section in SectionPage.objects.filter(
        municipality__slug__in=DEMO_MUNICIPALITY_SLUGS
    ).select_related("municipality"):
        sections[section.municipality.slug] = section
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_AUTHORS)}
    lookup = _Lookup()

    libraries = {slug: _library(section, users, demo) for slug, section in sections.items()}
    articles: dict[str, ProcessArticlePage] = {}
    for data in DEMO_ARTICLES:
        library = libraries.get(data.section)
        if library is None:
            continue
        article = _add_article(
            library, data, lookup, articles, _author(sections[data.section], users), today
        )
        articles[_key(data)] = article
        demo.articles.append(article)
        demo.acknowledgements += _acknowledge(article, data, lookup)
    _mark_review_reminders_sent(demo.articles, today)
    demo.handover = _start_handover(HANDOVER, lookup, today)
    return demo


def _key(data: DemoArticle) -> str:
    return f"{data.section}/{data.slug}" if data.section else data.slug


class _Lookup:
    """Positions, units, people and courses of the demo by name, read once each."""

    def __init__(self):
        self._positions = {
            (p.org_unit.municipality.slug, p.org_unit.name, p.title): p
            for p in Position.objects.filter(
                org_unit__municipality__slug__in=DEMO_MUNICIPALITY_SLUGS
            ).select_related("org_unit__municipality")
        }
        self._units = {
            (u.municipality.slug, u.name): u
            for u in OrgUnit.objects.filter(
                municipality__slug__in=DEMO_MUNICIPALITY_SLUGS
            ).select_related("municipality")
        }
        self._people = {
            (e.municipality.slug, e.full_name): e
            for e in Employee.objects.filter(municipality__slug__in=DEMO_MUNICIPALITY_SLUGS)
            .select_related("user", "municipality", "position__org_unit")
            .order_by("pk")
        }
        self._courses = {c.title: c for c in CoursePage.objects.live().order_by("path")}

    def position(self, key) -> Position | None:
        return self._positions.get(tuple(key)) if key else None

    def unit(self, key) -> OrgUnit | None:
        return self._units.get(tuple(key)) if key else None

    def person(self, municipality: str, name: str) -> Employee | None:
        return self._people.get((municipality, name))

    def courses(self, titles) -> list[CoursePage]:
        return [self._courses[title] for title in titles if title in self._courses]


def _author(section: SectionPage, users):
    """The first demo author who may add pages in the section, else nobody."""
    for username in DEMO_AUTHORS:
        user = users.get(username)
        if user is not None and section.permissions_for_user(user).can_add_subpage():
            return user
    return None


def _library(section: SectionPage, users, demo: DemoKnowledge) -> KnowledgeIndexPage:
    existing = KnowledgeIndexPage.objects.child_of(section).first()
    if existing is not None:
        return existing
    if section.municipality_id is None:
        title, intro = SHARED_LIBRARY
    else:
        official = {data.slug: data.units.name for data in MUNICIPALITIES}
        name = official.get(section.municipality.slug, section.municipality.name)
        title = LOCAL_LIBRARY_TITLE.format(name=name)
        intro = LOCAL_LIBRARY_INTRO.format(name=name)
    library = KnowledgeIndexPage(title=title, slug=LIBRARY_SLUG, intro=intro)
    demo.libraries.append(publish_page(section, library, _author(section, users)))
    return library


def _add_article(
    library: KnowledgeIndexPage,
    data: DemoArticle,
    lookup: _Lookup,
    earlier: dict[str, ProcessArticlePage],
    author,
    today: datetime.date,
) -> ProcessArticlePage:
    reviewed = today - datetime.timedelta(days=data.reviewed_days_ago)
    if data.review_overdue_days is not None:
        next_review = today - datetime.timedelta(days=data.review_overdue_days)
    else:
        next_review = add_months(reviewed, data.review_interval_months)
    article = ProcessArticlePage(
        title=data.title,
        slug=data.slug,
        purpose=_plain(data.purpose),
        trigger=_plain(data.trigger),
        legal_basis=data.legal_basis,
        inputs=_plain(data.inputs),
        outputs=_plain(data.outputs),
        steps=validated_steps(data),
        contacts=_with_ids(data, "contact", data.contacts),
        responsible_unit=lookup.unit(data.responsible_unit),
        leika_key=data.leika_key,
        ozg_service=data.ozg_service,
        intern=data.intern,
        maturity=data.maturity,
        owner_position=lookup.position(data.owner),
        deputy_position=lookup.position(data.deputy),
        review_interval_months=data.review_interval_months,
        last_reviewed_on=reviewed,
        next_review_date=next_review,
    )
    if data.tags:
        article.tags.add(*data.tags)
    article.related_courses = lookup.courses(data.courses)
    article.related_articles = [earlier[key] for key in data.related if key in earlier]
    article.acknowledgement_positions = [
        p for p in map(lookup.position, data.acknowledgement_positions) if p is not None
    ]
    article.acknowledgement_units = [
        u for u in map(lookup.unit, data.acknowledgement_units) if u is not None
    ]
    return publish_page(library, article, author)


def validated_steps(data: DemoArticle):
    """The article's steps as a StreamValue that passed the block's own validation
    (titles unique, every branch pointing to a step); ``full_clean`` does not look
    into StreamField blocks."""
    block = ProcessArticlePage._meta.get_field("steps").stream_block
    value = block.to_python(_with_ids(data, "step", data.steps))
    try:
        return block.clean(value)
    except ValidationError as error:
        detail = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
        raise ValidationError(f"Prozess „{data.title}“ ({data.section}): {detail}") from error


def _with_ids(data: DemoArticle, kind: str, blocks) -> list[Block]:
    """The blocks with ids derived from the article, so every load stores the same."""
    return [
        {
            **block,
            "id": str(uuid.uuid5(_BLOCK_NAMESPACE, f"{_key(data)}/{kind}/{index}")),
        }
        for index, block in enumerate(blocks)
    ]


def _acknowledge(article: ProcessArticlePage, data: DemoArticle, lookup: _Lookup) -> int:
    """Record the acknowledgements of the people who have read the article already."""
    count = 0
    for municipality, name in data.acknowledged_by:
        employee = lookup.person(municipality, name)
        if employee is not None:
            _acknowledgement, created = acknowledge(article, employee.user)
            count += created
    return count


def _mark_review_reminders_sent(articles, today: datetime.date) -> None:
    """Record the review reminders a running installation would have sent by now, so
    the worker of the quick start does not mail the demo's owners on its first run."""
    demo = ProcessArticlePage.objects.filter(pk__in=[article.pk for article in articles])
    demo.filter(reminder_condition(today)).update(review_reminder_sent_for=F("next_review_date"))


def _start_handover(data: DemoHandover, lookup: _Lookup, today: datetime.date):
    """Record the leaving date so that the ``Employee`` signal starts the handover, then
    add the leaver's notes and let the manager give one point to a colleague, who
    ticks it off. Nobody holds the post after the leaver yet: the manager of the unit
    assigns the remaining items."""
    leaver = lookup.person(data.municipality, data.leaver)
    if leaver is None or leaver.position_id is None:
        return None
    leaver.leaving_date = today + datetime.timedelta(days=data.leaves_in_days)
    leaver.save()  # handovers.signals: start_handovers
    # Idempotent: returns the handover the signal has just started.
    handover = handovers.start_handover(
        leaver, leaver.position, Handover.Reason.LEAVING, leaving_date=leaver.leaving_date
    )
    items = list(handover.items.select_related("article"))
    for item in items:
        if item.kind == HandoverItem.Kind.OWNERSHIP and item.article is not None:
            note = data.article_notes.get(item.article.slug)
            if note:
                handovers.save_notes(item, note)
    checklist = [item for item in items if item.kind == HandoverItem.Kind.CHECKLIST]
    for index, note in data.checklist_notes.items():
        if index < len(checklist):
            handovers.save_notes(checklist[index], note)
    colleague = lookup.person(data.municipality, data.done_by)
    manager = get_user_model().objects.filter(username=data.manager_login).first()
    if colleague is not None and data.done_point < len(checklist):
        point = checklist[data.done_point]
        handovers.assign_item(point, colleague, by=manager)
        handovers.complete_item(point, colleague.user)
    handover.refresh_from_db()
    return handover
