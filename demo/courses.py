"""Demo courses: a shared catalogue for the whole cooperation and one per municipality.

The tables come first, so a trainer can read (and correct) the teaching text without
reading code: five shared courses on E-Akte, data protection, phishing, OZG and process
modelling, and one course that only Blomberg's staff see. ``load_courses()`` turns the
tables into published pages, as a trainer would in the admin, inside the transaction of
the ``load_demo_data`` command.

Module bodies are raw StreamField data built with the small helpers below. Every body is
validated by its StreamBlock before it is saved (``Model.full_clean`` does not look into
StreamField blocks), so a single-choice question with two right answers fails the load.
Legal references name the norm only where it is certain; the rest says "Ihre
Dienstanweisung", because that is where a town hall writes its own rules down.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, Level, ModulePage
from demo.organisations import DEMO_MUNICIPALITY_SLUGS, MUNICIPALITIES
from organisations.models import Municipality, SectionPage
from organisations.provisioning import ensure_collection, provision_shared_section

#: The demo login that authors the courses (revisions and log entries show her name).
DEMO_AUTHOR = "trainerin"

Block = dict[str, Any]


# --- Helpers that build raw StreamField data ---------------------------------------------


def _html(text: str) -> str:
    """Rich text written across several source lines, as one line of HTML.

    Plain text (not starting with a tag) becomes one paragraph.
    """
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r">\s+<", "><", text)
    return text if text.startswith("<") else f"<p>{text}</p>"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def heading(text: str, level: str = "h2") -> Block:
    return {"type": "heading", "value": {"text": text, "level": level}}


def text(html: str) -> Block:
    return {"type": "text", "value": _html(html)}


def _callout(kind: str, title: str, html: str) -> Block:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": _html(html)}}


def hint(title: str, html: str) -> Block:
    return _callout("hint", title, html)


def warning(title: str, html: str) -> Block:
    return _callout("warning", title, html)


def legal(title: str, html: str) -> Block:
    return _callout("legal", title, html)


def steps(title: str, *items: tuple[str, str]) -> Block:
    """A step-by-step instruction; each item is (step title, description)."""
    return {
        "type": "steps",
        "value": {
            "title": title,
            "steps": [{"title": _plain(step), "text": _html(desc)} for step, desc in items],
        },
    }


def checklist(title: str, *items: str) -> Block:
    return {"type": "checklist", "value": {"title": title, "items": [_plain(i) for i in items]}}


@dataclass(frozen=True)
class DemoImage:
    """An image the loader draws and registers; bodies refer to it by ``key``."""

    key: str
    title: str
    description: str


def figure(image: DemoImage, alt_text: str, caption: str = "") -> Block:
    """An image block; the loader puts the id of the registered image in place of ``key``."""
    return {
        "type": "image",
        "value": {
            "image": {"image": image.key, "alt_text": _plain(alt_text), "decorative": False},
            "caption": _plain(caption),
        },
    }


def right(answer: str, feedback: str = "") -> dict:
    return {"text": _plain(answer), "correct": True, "feedback": _plain(feedback)}


def wrong(answer: str, feedback: str = "") -> dict:
    return {"text": _plain(answer), "correct": False, "feedback": _plain(feedback)}


def _shuffled(question: str, answers: tuple[dict, ...]) -> list[dict]:
    """The answers in the order learners see them.

    The tables list right answers first, so a reviewer sees them at a glance; learners
    get them rotated by an offset derived from the question, so the position of an
    answer gives nothing away and every load stores the same order.
    """
    offset = (zlib.crc32(question.encode()) >> 8) % len(answers)
    return [*answers[offset:], *answers[:offset]]


def single(question: str, *answers: dict, explanation: str = "") -> Block:
    """A single-choice question: exactly one answer is ``right``."""
    return {
        "type": "single",
        "value": {
            "question": _plain(question),
            "explanation": _html(explanation) if explanation else "",
            "answers": _shuffled(_plain(question), answers),
        },
    }


def multiple(question: str, *answers: dict, explanation: str = "") -> Block:
    """A multiple-choice question: every ``right`` answer must be ticked, no ``wrong`` one."""
    block = single(question, *answers, explanation=explanation)
    block["type"] = "multiple"
    return block


def true_or_false(
    statement: str, is_true: bool, *, explanation: str = "", if_true: str = "", if_false: str = ""
) -> Block:
    """A statement to judge; ``if_true``/``if_false`` is the feedback to that answer."""
    return {
        "type": "true_false",
        "value": {
            "question": _plain(statement),
            "explanation": _html(explanation) if explanation else "",
            "statement_is_true": is_true,
            "feedback_true": _plain(if_true),
            "feedback_false": _plain(if_false),
        },
    }


def quiz(*questions: Block, title: str = "Wissenstest", intro: str = "", pass_mark=80) -> Block:
    return {
        "type": "quiz",
        "value": {
            "title": title,
            "intro": _html(intro) if intro else "",
            "pass_mark": pass_mark,
            "questions": list(questions),
        },
    }


# --- Tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoModule:
    title: str
    slug: str
    summary: str
    minutes: int
    body: list[Block]
    optional: bool = False

    @property
    def has_quiz(self) -> bool:
        return any(block["type"] == "quiz" for block in self.body)

    @property
    def completion_rule(self) -> str:
        """A module with a quiz is completed by passing it, any other by reading it."""
        rule = ModulePage.CompletionRule
        return rule.QUIZ if self.has_quiz else rule.READ


@dataclass(frozen=True)
class DemoCourse:
    title: str
    slug: str
    teaser: str
    objectives: tuple[str, ...]
    target_group: str
    level: str
    tags: tuple[str, ...]
    modules: tuple[DemoModule, ...]
    #: Slugs of courses that should be completed first (shared ones or the same section's).
    prerequisites: tuple[str, ...] = ()

    @property
    def objectives_html(self) -> str:
        items = "".join(f"<li>{escape(_plain(item))}</li>" for item in self.objectives)
        return f"<ul>{items}</ul>"


@dataclass(frozen=True)
class DemoCatalogue:
    title: str
    intro: str


BPMN_DIAGRAM = DemoImage(
    key="bpmn-gewerbeanzeige",
    title="BPMN-Beispiel: Gewerbeanzeige bearbeiten",
    description="BPMN-Diagramm des Prozesses „Gewerbeanzeige bearbeiten“",
)

BPMN_DIAGRAM_ALT = """
    BPMN-Diagramm im Pool „Gewerbeamt der Stadt“: Startereignis „Gewerbeanzeige
    eingegangen“, dann die Aufgabe „Anzeige auf Vollständigkeit prüfen“ und ein exklusives
    Gateway „Vollständig?“. Bei „nein“ folgt die Aufgabe „Fehlende Angaben nachfordern“,
    danach wird erneut geprüft. Bei „ja“ folgen die Aufgaben „Empfang bescheinigen“ und
    „Daten an die zuständigen Stellen übermitteln“, dann das Endereignis „Anzeige bearbeitet“.
"""


# --- Digital arbeiten mit der E-Akte -----------------------------------------------------

E_AKTE = DemoCourse(
    title="Digital arbeiten mit der E-Akte",
    slug="e-akte",
    teaser=(
        "Wie Sie Schriftgut in der E-Akte ordnungsgemäß ablegen, bearbeiten und aufbewahren: "
        "vom Aktenplan über das Scannen der Eingangspost bis zur Schlussverfügung – mit "
        "Beispielen aus dem Rathausalltag."
    ),
    objectives=(
        "Sie erklären, warum eine Akte vollständig, nachvollziehbar und unverändert sein muss.",
        "Sie legen Dokumente mit Aktenzeichen und Metadaten im richtigen Vorgang ab.",
        "Sie erfassen Eingangspost nach den Regeln des ersetzenden Scannens.",
        "Sie lassen Vorgänge mitzeichnen, setzen Wiedervorlagen und verfügen „z. d. A.“.",
        "Sie ordnen Aufbewahrungsfristen, Aussonderung und Archivierung ein.",
    ),
    target_group="alle Beschäftigten, die Vorgänge bearbeiten oder Post erfassen",
    level=Level.BASIC,
    tags=("E-Akte", "Digitalisierung", "Schriftgutverwaltung"),
    modules=(
        DemoModule(
            title="Warum E-Akte? Grundsätze ordnungsgemäßer Aktenführung",
            slug="grundsaetze",
            summary=(
                "Was eine Akte leisten muss, warum das auch elektronisch gilt und welche "
                "Dokumente überhaupt in die Akte gehören."
            ),
            minutes=12,
            body=[
                heading("Was nicht in der Akte steht, ist nicht geschehen"),
                text("""
                    <p>Verwaltungshandeln muss nachvollziehbar sein – für Vorgesetzte, für
                    die Vertretung, für Gerichte und für die Bürgerinnen und Bürger selbst.
                    Deshalb gilt in der öffentlichen Verwaltung der Grundsatz der
                    <b>Aktenmäßigkeit</b>: Alle wesentlichen Schritte eines Verfahrens werden
                    schriftlich festgehalten und in der Akte abgelegt. Die Pflicht zur
                    ordnungsgemäßen Aktenführung wird aus dem Rechtsstaatsprinzip abgeleitet:
                    Nur wer belegen kann, was er warum entschieden hat, kann seine
                    Entscheidungen kontrollieren lassen.</p>
                    <p>Die E-Akte ändert an diesen Regeln nichts. Sie ändert das Werkzeug:
                    Dokumente liegen nicht mehr in einem Ordner im Schrank, sondern in einem
                    Dokumentenmanagementsystem (DMS). Mehrere Berechtigte können gleichzeitig
                    lesen, die Volltextsuche findet ein Schreiben in Sekunden, die Vertretung
                    sieht alle Fristen, und niemand muss eine Akte im Haus suchen.</p>
                """),
                heading("Die Grundsätze der Aktenführung", "h3"),
                text("""
                    <ul>
                    <li><b>Vollständigkeit:</b> Die Akte enthält alle Unterlagen, die für die
                    Entscheidung wichtig waren – auch E-Mails, Telefonvermerke und
                    Entwürfe, die mitgezeichnet wurden.</li>
                    <li><b>Nachvollziehbarkeit:</b> Wer später liest, versteht ohne
                    Rückfrage, wer wann was entschieden hat und warum.</li>
                    <li><b>Integrität:</b> Abgelegte Dokumente werden nicht mehr
                    verändert. Korrekturen entstehen als neue Version oder neues
                    Dokument, nicht durch Überschreiben.</li>
                    <li><b>Auffindbarkeit:</b> Jedes Dokument liegt an genau einer Stelle,
                    benannt und verschlagwortet nach den Regeln Ihres Hauses.</li>
                    <li><b>Vertraulichkeit:</b> Nur wer die Akte für seine Aufgabe braucht,
                    darf sie sehen. Das regeln die Berechtigungen im DMS.</li>
                    </ul>
                """),
                legal(
                    "Rechtsgrundlagen",
                    """
                    <p>Das E-Government-Gesetz des Bundes verpflichtet in
                    <a href="https://www.gesetze-im-internet.de/egovg/__6.html">§ 6 EGovG</a>
                    die Bundesbehörden zur elektronischen Aktenführung. Für Kommunen gelten
                    die E-Government-Gesetze der Länder (in Nordrhein-Westfalen das EGovG NRW)
                    und vor allem die eigene Dienstanweisung zur Schriftgutverwaltung.</p>
                    <p>Beteiligte eines Verwaltungsverfahrens haben nach
                    <a href="https://www.gesetze-im-internet.de/vwvfg/__29.html">§ 29 VwVfG</a>
                    (in NRW gleichlautend im VwVfG NRW) ein Recht auf Akteneinsicht. Schreiben
                    Sie deshalb jeden Vermerk so, dass ihn auch die betroffene Person lesen
                    darf.</p>
                    """,
                ),
                heading("Was gehört in die Akte?"),
                text("""
                    <p>Aktenrelevant ist alles, was den Gang eines Verfahrens dokumentiert:
                    Anträge, Nachweise, Stellungnahmen, Bescheide, Vermerke über Gespräche
                    und Telefonate und E-Mails, in denen etwas vereinbart oder entschieden
                    wird. Nicht in die Akte gehören Einladungen zur Personalversammlung,
                    Werbung, private Nachrichten und bloße Dubletten.</p>
                    <p>Im Zweifel fragen Sie sich: <i>Braucht jemand, der den Fall in zwei
                    Jahren übernimmt, dieses Dokument, um die Entscheidung zu
                    verstehen?</i> Wenn ja, gehört es in die Akte.</p>
                """),
                hint(
                    "Ein Netzlaufwerk ist keine Akte",
                    """
                    Ordner auf dem Netzlaufwerk, im E-Mail-Postfach oder auf dem Desktop sind
                    Ablagen ohne Aktenzeichen, ohne Fristen und ohne Löschregeln. Was
                    aktenrelevant ist, gehört in die E-Akte – und nur dorthin.
                    """,
                ),
                checklist(
                    "Ist dieses Dokument aktenrelevant?",
                    "Es betrifft einen konkreten Vorgang oder eine Entscheidung.",
                    "Es enthält eine Vereinbarung, Zusage, Frist oder Begründung.",
                    "Die Vertretung bräuchte es, um den Fall weiterzuführen.",
                    "Es liegt noch nicht als Dokument in der Akte (keine Dublette).",
                ),
            ],
        ),
        DemoModule(
            title="Aktenplan, Akte, Vorgang, Dokument: richtig ablegen",
            slug="richtig-ablegen",
            summary=(
                "Wie die E-Akte geordnet ist, wie ein Aktenzeichen entsteht und wie Sie ein "
                "Dokument so ablegen, dass es jede Kollegin wiederfindet."
            ),
            minutes=15,
            body=[
                heading("Die Ordnung der E-Akte"),
                text("""
                    <p>Die E-Akte kennt vier Ebenen, die Sie aus der Papierwelt kennen:</p>
                    <ol>
                    <li><b>Aktenplan:</b> das Ordnungssystem der ganzen Verwaltung. Er ist
                    nach <i>Aufgaben</i> gegliedert, nicht nach Ämtern – so übersteht er jede
                    Umorganisation. Viele Kommunen orientieren sich an Musteraktenplänen,
                    etwa dem der KGSt.</li>
                    <li><b>Akte:</b> alle Unterlagen zu einer Aufgabe oder einem Sachverhalt,
                    zum Beispiel zu einem Grundstück oder einer Veranstaltung.</li>
                    <li><b>Vorgang:</b> ein einzelner Geschäftsvorfall innerhalb der Akte,
                    zum Beispiel ein Antrag vom Eingang bis zum Bescheid.</li>
                    <li><b>Dokument:</b> ein einzelnes Schriftstück mit seinen Anlagen.</li>
                    </ol>
                    <p>Das <b>Aktenzeichen</b> setzt sich aus dem Kennzeichen im Aktenplan und
                    einer laufenden Nummer zusammen, oft ergänzt um das Jahr, etwa
                    „32.10.05-0143/2025“. Wie es bei Ihnen genau aufgebaut ist, steht in der
                    Dienstanweisung zur Schriftgutverwaltung.</p>
                """),
                heading("Metadaten: damit man findet, was man sucht", "h3"),
                text("""
                    <p>Zu jedem Dokument erfassen Sie Metadaten: Betreff, Dokumenttyp
                    (Antrag, Bescheid, Vermerk …), Eingangs- oder Erstellungsdatum, Absender
                    bzw. Empfänger und gegebenenfalls eine Frist. Viele Systeme lesen einen
                    Teil davon automatisch aus. Prüfen Sie die Vorschläge trotzdem: Ein
                    falsches Eingangsdatum kann eine Frist verschieben.</p>
                    <p>Benennen Sie Dokumente nach einer einheitlichen Regel, zum Beispiel
                    <i>Datum_Dokumenttyp_Betreff</i>: „2025-03-14_Antrag_Sondernutzung
                    Marktplatz“. Dann sortiert die Liste sich von selbst.</p>
                """),
                steps(
                    "Ein Dokument in der E-Akte ablegen",
                    (
                        "Aktenplaneinheit finden",
                        "Suchen Sie nach der Aufgabe („Sondernutzung“), nicht nach dem Amt "
                        "oder der Person.",
                    ),
                    (
                        "Vorhandene Akte und Vorgang suchen",
                        "Suchen Sie nach Aktenzeichen, Name oder Anschrift. Legen Sie keine "
                        "zweite Akte an, wenn es schon eine gibt.",
                    ),
                    (
                        "Bei Bedarf neuen Vorgang anlegen",
                        "Ein neuer Antrag ist ein neuer Vorgang; Nachreichungen zu einem "
                        "laufenden Antrag gehören in den bestehenden Vorgang.",
                    ),
                    (
                        "Dokument importieren und Metadaten erfassen",
                        "Per Drag-and-drop, aus dem E-Mail-Programm oder vom Scanner. "
                        "Betreff, Dokumenttyp und Datum prüfen.",
                    ),
                    (
                        "Ablage kontrollieren",
                        "Öffnet die Vorschau? Ist das Dokument vollständig und lesbar?",
                    ),
                    (
                        "Kopien löschen",
                        "Löschen Sie die E-Mail im Postfach und Kopien auf dem Laufwerk, "
                        "sobald das Dokument in der Akte liegt.",
                    ),
                ),
                warning(
                    "Keine Schattenablage",
                    """
                    Kopien „zur Sicherheit“ auf dem Desktop oder im Postfach veralten, sobald
                    jemand in der Akte weiterarbeitet. Sie unterliegen auch keinen Lösch-
                    und Aufbewahrungsregeln – ein Datenschutzrisiko.
                    """,
                ),
                hint(
                    "Dateiformate",
                    """
                    Für die dauerhafte Ablage eignet sich PDF/A (ISO 19005), weil es Schriften
                    und Layout einbettet und ohne das Programm lesbar bleibt, mit dem es
                    erstellt wurde. Viele DMS wandeln beim Ablegen automatisch um.
                    """,
                ),
                quiz(
                    single(
                        "Wonach ist ein Aktenplan gegliedert?",
                        right(
                            "Nach den Aufgaben der Verwaltung",
                            "Richtig: Aufgaben bleiben, auch wenn Ämter neu zugeschnitten werden.",
                        ),
                        wrong(
                            "Nach den Organisationseinheiten",
                            "Ämter ändern sich bei jeder Umorganisation – der Aktenplan soll "
                            "das überdauern.",
                        ),
                        wrong(
                            "Alphabetisch nach den Namen der Antragstellenden",
                            "Namen sind Metadaten einer Akte, aber keine Ordnung für die ganze "
                            "Verwaltung.",
                        ),
                        explanation=(
                            "Der Aktenplan ordnet das Schriftgut nach Aufgaben. Deshalb findet "
                            "man eine Akte auch nach einer Umorganisation am gewohnten Platz."
                        ),
                    ),
                    multiple(
                        "Welche Angaben sind Metadaten eines Dokuments in der E-Akte?",
                        right("Betreff"),
                        right("Eingangsdatum"),
                        right("Dokumenttyp, zum Beispiel „Bescheid“"),
                        wrong(
                            "Der Speicherort einer Kopie auf dem persönlichen Laufwerk",
                            "Eine Kopie auf dem Laufwerk ist Schattenablage, keine Angabe zum "
                            "Dokument in der Akte.",
                        ),
                        explanation=(
                            "Metadaten beschreiben das Dokument: worum es geht, was es ist, "
                            "wann es einging, von wem es stammt und welche Frist daran hängt."
                        ),
                    ),
                    true_or_false(
                        "Eine E-Mail, in der Sie einem Bauherrn einen Termin für die "
                        "Ortsbesichtigung bestätigen, ist aktenrelevant.",
                        True,
                        explanation=(
                            "Die Terminzusage dokumentiert den Gang des Verfahrens und gehört "
                            "deshalb in den Vorgang."
                        ),
                        if_true="Richtig: Sie dokumentiert einen Verfahrensschritt.",
                        if_false="Doch: Auch Terminabsprachen gehören zum Gang des Verfahrens.",
                    ),
                    single(
                        "Eine Bürgerin reicht zu ihrem laufenden Antrag eine fehlende "
                        "Bescheinigung nach. Wohin gehört sie?",
                        right(
                            "In den bestehenden Vorgang zu ihrem Antrag",
                            "Genau: Nachreichungen gehören zum Geschäftsvorfall, den sie ergänzen.",
                        ),
                        wrong(
                            "In einen neuen Vorgang",
                            "So entstehen Doppelvorgänge, und die Unterlagen des Antrags liegen "
                            "an zwei Stellen.",
                        ),
                        wrong(
                            "In das persönliche Postfach, bis der Antrag entschieden ist",
                            "Das Postfach ist keine Akte; die Vertretung sieht das Dokument dort "
                            "nicht.",
                        ),
                        explanation=(
                            "Ein Vorgang umfasst einen Geschäftsvorfall vom Eingang bis zur "
                            "Erledigung. Was diesen Antrag ergänzt, gehört in denselben Vorgang "
                            "– so sieht jede Bearbeiterin den vollständigen Stand."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Posteingang digital: Scannen nach TR-RESISCAN",
            slug="posteingang-scannen",
            summary=(
                "Wie Papierpost in die E-Akte kommt, was ersetzendes Scannen bedeutet und "
                "worauf Sie bei der Qualitätskontrolle achten."
            ),
            minutes=15,
            body=[
                heading("Ersetzendes Scannen"),
                text("""
                    <p>Solange Post auf Papier ankommt, muss sie in die E-Akte übertragen
                    werden. Beim <b>ersetzenden Scannen</b> tritt das Scanprodukt an die Stelle
                    des Papiers: Das Original wird nach einer kurzen Rückgriffsfrist
                    vernichtet, gearbeitet wird nur noch mit dem Scan. Das geht nur, wenn der
                    Scan das Original vollständig und lesbar wiedergibt und nachweisbar nicht
                    verändert wurde.</p>
                    <p>Wie das organisatorisch und technisch sicherzustellen ist, beschreibt die
                    Technische Richtlinie <b>BSI TR-03138 „Ersetzendes Scannen“
                    (RESISCAN)</b> des Bundesamts für Sicherheit in der Informationstechnik.
                    Ihre Kommune setzt sie in einer Scananweisung um: Wer scannt, mit welchen
                    Einstellungen, wie kontrolliert wird und welche Originale aufbewahrt
                    werden.</p>
                """),
                warning(
                    "Fristen laufen ab dem Eingang",
                    """
                    Maßgeblich für Fristen ist der Tag, an dem ein Schreiben bei der Behörde
                    eingeht – nicht der Tag, an dem es gescannt wird. Erfassen Sie das
                    Eingangsdatum deshalb immer mit, auch wenn der Scan erst am nächsten Tag
                    erfolgt.
                    """,
                ),
                steps(
                    "Eingangspost scannen",
                    (
                        "Post öffnen und Eingangsdatum festhalten",
                        "Eingangsstempel oder Eingangsdatum im Scanprofil – das Datum ist "
                        "fristrelevant.",
                    ),
                    (
                        "Aussortieren, was nicht ersetzend gescannt wird",
                        "Zum Beispiel Originale, die zurückgegeben werden (Urkunden, Ausweise, "
                        "Zeugnisse), Bürgschaftsurkunden und als „persönlich“ gekennzeichnete "
                        "Post. Die Liste steht in Ihrer Scananweisung.",
                    ),
                    (
                        "Vorbereiten",
                        "Heftklammern entfernen, Seiten ordnen, Trennblätter zwischen die "
                        "Dokumente legen.",
                    ),
                    (
                        "Mit dem Standardprofil scannen",
                        "Üblich sind 300 dpi, PDF/A mit Texterkennung und Farbe, wenn Farbe "
                        "Bedeutung trägt (Stempel, Unterschriften, markierte Pläne).",
                    ),
                    (
                        "Qualität kontrollieren",
                        "Seitenzahl mit dem Original vergleichen, Lesbarkeit prüfen, "
                        "beschriebene Rückseiten nicht vergessen.",
                    ),
                    (
                        "Zuordnen und Metadaten erfassen",
                        "Dokument dem Vorgang zuordnen oder an die zuständige Stelle weiterleiten.",
                    ),
                    (
                        "Original zwischenlagern und vernichten",
                        "Die Originale bleiben für die Rückgriffsfrist Ihrer Dienstanweisung "
                        "geordnet liegen und werden dann datenschutzgerecht vernichtet "
                        "(Aktenvernichter oder Datenschutztonne nach DIN 66399).",
                    ),
                ),
                hint(
                    "Beweiswert",
                    """
                    Ein Scan ist kein Original. Für gescannte öffentliche Urkunden regelt
                    § 371b ZPO, unter welchen Voraussetzungen der Scan die Beweiskraft des
                    Originals erhält. Für alle anderen Dokumente sichert ein dokumentiertes
                    Scanverfahren, dass sich Gerichte auf den Scan verlassen können – deshalb
                    halten Sie sich an die Scananweisung, auch wenn es schnell gehen muss.
                    """,
                ),
                checklist(
                    "Qualitätskontrolle nach dem Scannen",
                    "Seitenzahl stimmt mit dem Original überein.",
                    "Jede Seite ist vollständig und lesbar, nichts ist abgeschnitten.",
                    "Beschriebene Rückseiten und Anlagen sind mitgescannt.",
                    "Stempel, Unterschriften und Farbmarkierungen sind erkennbar.",
                    "Eingangsdatum und Betreff stimmen.",
                ),
            ],
        ),
        DemoModule(
            title="Bearbeiten, mitzeichnen, verfügen",
            slug="bearbeiten-und-verfuegen",
            summary=(
                "Der Geschäftsgang in der E-Akte: Vermerke, Mitzeichnung, Wiedervorlage und "
                "die Schlussverfügung „zu den Akten“."
            ),
            minutes=12,
            body=[
                heading("Vom Eingang zur Entscheidung"),
                text("""
                    <p>In der E-Akte läuft der Geschäftsgang über Aufgaben oder Umläufe: Sie
                    senden einen Entwurf zur <b>Mitzeichnung</b> an Stellen, deren Belange
                    berührt sind, und zur <b>Schlusszeichnung</b> an die Person, die nach der
                    Geschäftsordnung zeichnen darf. Jede Zeichnung wird mit Name und Zeitpunkt
                    protokolliert – der elektronische Ersatz für das Kürzel am Rand.</p>
                    <p>Die klassischen <b>Verfügungen</b> gibt es weiterhin:</p>
                    <ul>
                    <li><b>Wv.</b> (Wiedervorlage) mit Datum: Der Vorgang meldet sich an dem
                    Tag wieder – bei Ihnen und bei Ihrer Vertretung.</li>
                    <li><b>z. d. A.</b> (zu den Akten): Der Vorgang ist abgeschlossen. Ab
                    jetzt läuft die Aufbewahrungsfrist.</li>
                    <li><b>Abschrift an …</b>: Eine andere Stelle erhält eine Kopie zur
                    Kenntnis.</li>
                    </ul>
                """),
                heading("Vermerke schreiben", "h3"),
                text("""
                    <p>Was mündlich besprochen wurde, halten Sie in einem <b>Vermerk</b>
                    fest: wann, mit wem, worüber und mit welchem Ergebnis. Schreiben Sie
                    sachlich und ohne Wertungen über Personen – Beteiligte können die Akte
                    einsehen.</p>
                """),
                steps(
                    "Einen Telefonvermerk anlegen",
                    ("Vorgang öffnen", "Den Vermerk dort anlegen, wo er hingehört."),
                    ("Vorlage „Vermerk“ wählen", "Datum und Uhrzeit des Gesprächs eintragen."),
                    ("Gesprächspartner nennen", "Name, Funktion, Telefonnummer."),
                    (
                        "Inhalt und Ergebnis festhalten",
                        "Kurz und sachlich: Was wurde gefragt, zugesagt, vereinbart?",
                    ),
                    (
                        "Frist setzen",
                        "Wurde eine Frist vereinbart, legen Sie eine Wiedervorlage an.",
                    ),
                ),
                hint(
                    "Fristen gehören ins System",
                    """
                    Tragen Sie Fristen als Wiedervorlage in der E-Akte ein, nicht nur im
                    persönlichen Kalender. Nur so sieht Ihre Vertretung sie, wenn Sie krank
                    oder im Urlaub sind.
                    """,
                ),
                quiz(
                    single(
                        "Was bedeutet die Verfügung „z. d. A.“?",
                        right(
                            "Der Vorgang ist abgeschlossen und wird zu den Akten genommen.",
                            "Richtig. Ab jetzt läuft die Aufbewahrungsfrist.",
                        ),
                        wrong(
                            "Der Vorgang geht zur Durchsicht an die Amtsleitung.",
                            "Dafür gibt es die Zeichnung im Umlauf.",
                        ),
                        wrong(
                            "Der Vorgang wird an einem bestimmten Tag wieder vorgelegt.",
                            "Das ist die Wiedervorlage (Wv.).",
                        ),
                        explanation=(
                            "„z. d. A.“ steht für „zu den Akten“: Der Vorgang ist erledigt, es "
                            "ist nichts mehr zu tun. Mit der Verfügung beginnt die "
                            "Aufbewahrungsfrist."
                        ),
                    ),
                    true_or_false(
                        "Sagen Sie einer Antragstellerin am Telefon eine Fristverlängerung zu, "
                        "muss das nicht dokumentiert werden, weil die Zusage mündlich war.",
                        False,
                        explanation=(
                            "Gerade mündliche Zusagen gehören als Vermerk in die Akte – sonst "
                            "weiß die Vertretung nichts davon, und die Zusage ist nicht "
                            "nachweisbar."
                        ),
                        if_true="Nein: Ohne Vermerk ist die Zusage nicht nachvollziehbar.",
                        if_false="Richtig: Die Zusage gehört als Vermerk in die Akte.",
                    ),
                    multiple(
                        "Was gehört in einen Telefonvermerk?",
                        right("Datum und Uhrzeit des Gesprächs"),
                        right("Name und Funktion des Gesprächspartners"),
                        right("Wesentlicher Inhalt und Ergebnis"),
                        wrong(
                            "Ihr persönlicher Eindruck von der Stimmung des Anrufers",
                            "Wertungen über Personen gehören nicht in die Akte – Beteiligte "
                            "können sie einsehen.",
                        ),
                        explanation=(
                            "Ein Vermerk hält Tatsachen fest: wann, mit wem, worüber, mit "
                            "welchem Ergebnis. Er muss so geschrieben sein, dass ihn auch die "
                            "Beteiligten bei einer Akteneinsicht lesen dürfen."
                        ),
                    ),
                    single(
                        "Wo tragen Sie eine Frist zur Nachreichung von Unterlagen ein?",
                        right(
                            "Als Wiedervorlage im Vorgang der E-Akte",
                            "Richtig: Dort sieht sie auch die Vertretung.",
                        ),
                        wrong(
                            "Im persönlichen Kalender",
                            "Den sieht Ihre Vertretung nicht.",
                        ),
                        wrong("Auf einem Haftnotizzettel am Bildschirm", "Der geht verloren."),
                        explanation=(
                            "Wiedervorlagen in der E-Akte melden sich am Stichtag bei Ihnen und "
                            "bei Ihrer Vertretung. Private Erinnerungen sieht niemand außer "
                            "Ihnen."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Aufbewahren, aussondern, archivieren",
            slug="aufbewahren-und-aussondern",
            summary=(
                "Wie lange Akten aufbewahrt werden, was nach Ablauf der Frist passiert und "
                "warum das Archiv vor dem Löschen gefragt wird."
            ),
            minutes=10,
            optional=True,
            body=[
                heading("Aufbewahrungsfristen"),
                text("""
                    <p>Mit der Verfügung „z. d. A.“ beginnt die Aufbewahrungsfrist, meist mit
                    dem Ende des Kalenderjahres, in dem der Vorgang abgeschlossen wurde. Die
                    Fristen ergeben sich aus Fachgesetzen und aus der
                    Aufbewahrungsfristenregelung Ihrer Kommune; im Aktenplan ist jeder
                    Aktenplaneinheit eine Frist zugeordnet, damit die E-Akte sie automatisch
                    berechnen kann.</p>
                    <p>Manche Fristen sind sehr lang: Nach dem Personenstandsgesetz werden
                    Geburtenregister 110 Jahre, Ehe- und Lebenspartnerschaftsregister 80 Jahre
                    und Sterberegister 30 Jahre fortgeführt. Andere Unterlagen dürfen nach
                    wenigen Jahren vernichtet werden.</p>
                """),
                heading("Aussondern und anbieten", "h3"),
                text("""
                    <p>Ist die Frist abgelaufen, wird die Akte <b>ausgesondert</b>. Vor der
                    Löschung wird sie dem zuständigen Archiv angeboten. Das Archiv entscheidet,
                    ob sie archivwürdig ist, also dauerhaft aufbewahrt wird, etwa weil sie
                    etwas über die Geschichte der Stadt erzählt. Alles andere wird gelöscht –
                    nachweisbar und mit Protokoll.</p>
                """),
                legal(
                    "Datenschutz und Archivrecht",
                    """
                    <p>Personenbezogene Daten dürfen nur so lange gespeichert werden, wie es
                    für den Zweck erforderlich ist (Grundsatz der Speicherbegrenzung,
                    Art. 5 Abs. 1 lit. e DSGVO). Das Recht auf Löschung nach Art. 17 DSGVO
                    besteht nicht, soweit eine rechtliche Pflicht die Aufbewahrung verlangt
                    (Art. 17 Abs. 3 lit. b DSGVO).</p>
                    <p>Die Pflicht, Unterlagen vor der Vernichtung dem Archiv anzubieten,
                    ergibt sich in Nordrhein-Westfalen aus dem Archivgesetz NRW.</p>
                    """,
                ),
                checklist(
                    "Aussonderung vorbereiten",
                    "Die Aussonderungsliste der E-Akte prüfen: Ist jeder Vorgang abgeschlossen?",
                    "Akten mit laufenden Verfahren oder Rechtsstreitigkeiten zurückstellen.",
                    "Die Liste dem Archiv zur Bewertung schicken.",
                    "Nach der Entscheidung des Archivs übergeben bzw. löschen lassen.",
                    "Das Löschprotokoll zur Akte „Aussonderung“ nehmen.",
                ),
            ],
        ),
    ),
)

# --- Datenschutz (DSGVO) am Arbeitsplatz -------------------------------------------------

DATENSCHUTZ = DemoCourse(
    title="Datenschutz (DSGVO) am Arbeitsplatz",
    slug="datenschutz-am-arbeitsplatz",
    teaser=(
        "Was personenbezogene Daten sind, wann die Verwaltung sie verarbeiten darf und wie Sie "
        "mit Auskunftsersuchen und Datenpannen richtig umgehen – praxisnah für Schalter, "
        "Telefon, E-Mail und Homeoffice."
    ),
    objectives=(
        "Sie erkennen personenbezogene und besonders schützenswerte Daten.",
        "Sie nennen die Grundsätze der DSGVO und die Rechtsgrundlagen der Verwaltung.",
        "Sie bearbeiten ein Auskunftsersuchen fristgerecht mit der richtigen Stelle.",
        "Sie erkennen eine Datenpanne und melden sie sofort auf dem richtigen Weg.",
        "Sie schützen Daten im Alltag: am Schalter, am Telefon und im Homeoffice.",
    ),
    target_group="alle Beschäftigten",
    level=Level.BASIC,
    tags=("Datenschutz", "DSGVO"),
    modules=(
        DemoModule(
            title="Grundbegriffe und Grundsätze der DSGVO",
            slug="grundbegriffe",
            summary=(
                "Personenbezogene Daten, Verarbeitung, besondere Kategorien und die sieben "
                "Grundsätze aus Art. 5 DSGVO."
            ),
            minutes=15,
            body=[
                heading("Worum es geht"),
                text("""
                    <p>Die Datenschutz-Grundverordnung (DSGVO, Verordnung (EU) 2016/679) gilt
                    seit dem 25. Mai 2018 unmittelbar in allen Mitgliedstaaten der EU. Für
                    die Verwaltung wird sie ergänzt durch die Datenschutzgesetze von Bund und
                    Ländern – für Kommunen in Nordrhein-Westfalen das Datenschutzgesetz NRW
                    (DSG NRW) – und durch das Fachrecht, zum Beispiel das Bundesmeldegesetz,
                    den Sozialdatenschutz im SGB X oder das Steuergeheimnis nach § 30 AO.</p>
                    <p><b>Personenbezogene Daten</b> sind nach Art. 4 Nr. 1 DSGVO alle
                    Informationen, die sich auf eine identifizierte oder identifizierbare
                    natürliche Person beziehen: Name und Anschrift, aber auch ein
                    Kfz-Kennzeichen, ein Foto, eine Steuernummer oder ein Aktenzeichen, das
                    sich einer Person zuordnen lässt. <b>Verarbeitung</b> (Art. 4 Nr. 2) ist
                    jeder Umgang damit: erheben, speichern, ansehen, abfragen, weitergeben,
                    löschen.</p>
                """),
                heading("Besondere Kategorien", "h3"),
                text("""
                    <p>Art. 9 DSGVO schützt bestimmte Daten besonders: Gesundheitsdaten,
                    religiöse oder weltanschauliche Überzeugungen, ethnische Herkunft,
                    politische Meinungen, Gewerkschaftszugehörigkeit, genetische Daten,
                    biometrische Daten zur eindeutigen Identifizierung sowie Daten zum
                    Sexualleben und zur sexuellen Orientierung. In der Kommune begegnen sie
                    Ihnen häufiger, als man denkt: die Religionszugehörigkeit im
                    Melderegister, die Fingerabdrücke beim Ausweisantrag, ein ärztliches
                    Attest im Antrag auf einen Parkausweis für Menschen mit
                    Behinderung.</p>
                """),
                heading("Die Grundsätze aus Art. 5 DSGVO", "h3"),
                text("""
                    <ul>
                    <li><b>Rechtmäßigkeit, Treu und Glauben, Transparenz:</b> nur mit
                    Rechtsgrundlage und für die Betroffenen nachvollziehbar.</li>
                    <li><b>Zweckbindung:</b> für festgelegte Zwecke erhoben, nicht beliebig
                    weiterverwendet.</li>
                    <li><b>Datenminimierung:</b> nur so viel wie für den Zweck nötig.</li>
                    <li><b>Richtigkeit:</b> falsche Daten werden berichtigt oder
                    gelöscht.</li>
                    <li><b>Speicherbegrenzung:</b> nicht länger als nötig gespeichert.</li>
                    <li><b>Integrität und Vertraulichkeit:</b> geschützt vor Verlust und
                    unbefugtem Zugriff.</li>
                    <li><b>Rechenschaftspflicht</b> (Art. 5 Abs. 2): Die Behörde muss die
                    Einhaltung nachweisen können.</li>
                    </ul>
                """),
                hint(
                    "Wer ist verantwortlich?",
                    """
                    Verantwortlicher im Sinne von Art. 4 Nr. 7 DSGVO ist die Kommune als
                    Behörde, nicht die einzelne Sachbearbeiterin. Die behördliche
                    Datenschutzbeauftragte (Art. 37 DSGVO) berät und kontrolliert; sie ist
                    Ihre Ansprechpartnerin bei jeder Unsicherheit.
                    """,
                ),
                quiz(
                    multiple(
                        "Welche dieser Angaben sind personenbezogene Daten?",
                        right("Name und Anschrift einer Antragstellerin"),
                        right("Das Kfz-Kennzeichen auf einem Knöllchen"),
                        right("Das Foto in einem Ausweisantrag"),
                        wrong(
                            "Die Zahl der Anmeldungen im Bürgerbüro im März, ohne Namen",
                            "Eine reine Summe lässt keinen Rückschluss auf eine Person zu – "
                            "anders, wenn nur eine Person gezählt würde.",
                        ),
                        explanation=(
                            "Personenbezogen ist jede Information, die sich einer bestimmten "
                            "oder bestimmbaren Person zuordnen lässt (Art. 4 Nr. 1 DSGVO)."
                        ),
                    ),
                    single(
                        "Welcher Grundsatz verlangt, nur die Daten zu erheben, die für den "
                        "Zweck wirklich nötig sind?",
                        right("Datenminimierung"),
                        wrong("Speicherbegrenzung", "Die betrifft die Dauer der Speicherung."),
                        wrong("Richtigkeit", "Die betrifft die Korrektheit der Daten."),
                        wrong("Transparenz", "Die betrifft die Nachvollziehbarkeit."),
                        explanation=(
                            "Datenminimierung (Art. 5 Abs. 1 lit. c DSGVO): Die Daten müssen dem "
                            "Zweck angemessen und erheblich sowie auf das notwendige Maß "
                            "beschränkt sein."
                        ),
                    ),
                    true_or_false(
                        "Die Religionszugehörigkeit gehört zu den besonderen Kategorien "
                        "personenbezogener Daten nach Art. 9 DSGVO.",
                        True,
                        explanation=(
                            "Religiöse Überzeugungen sind nach Art. 9 Abs. 1 DSGVO besonders "
                            "geschützt – auch das Merkmal im Melderegister."
                        ),
                        if_true="Richtig.",
                        if_false="Doch: Art. 9 nennt religiöse Überzeugungen ausdrücklich.",
                    ),
                    single(
                        "Wer ist für die Datenverarbeitung im Bürgerbüro datenschutzrechtlich "
                        "verantwortlich?",
                        right("Die Stadt als Behörde"),
                        wrong(
                            "Die einzelne Sachbearbeiterin",
                            "Sie handelt für die Behörde; verantwortlich ist die Behörde.",
                        ),
                        wrong(
                            "Die behördliche Datenschutzbeauftragte",
                            "Sie berät und überwacht, verantwortlich bleibt die Behörde.",
                        ),
                        explanation=(
                            "Verantwortlicher ist nach Art. 4 Nr. 7 DSGVO, wer über Zwecke und "
                            "Mittel der Verarbeitung entscheidet – hier die Stadt. Die "
                            "Beschäftigten handeln für sie."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Wann darf die Verwaltung Daten verarbeiten?",
            slug="rechtsgrundlagen",
            summary=(
                "Die Rechtsgrundlagen der Verwaltung aus Art. 6 DSGVO, Zweckbindung, "
                "Informationspflichten und Weitergabe innerhalb der Verwaltung."
            ),
            minutes=12,
            body=[
                heading("Keine Verarbeitung ohne Rechtsgrundlage"),
                text("""
                    <p>Jede Verarbeitung personenbezogener Daten braucht eine Rechtsgrundlage
                    aus Art. 6 Abs. 1 DSGVO. Für Behörden sind zwei davon entscheidend:</p>
                    <ul>
                    <li><b>lit. c</b> – die Verarbeitung ist zur Erfüllung einer rechtlichen
                    Verpflichtung erforderlich, zum Beispiel das Führen des Melderegisters;
                    </li>
                    <li><b>lit. e</b> – die Verarbeitung ist für eine Aufgabe im öffentlichen
                    Interesse oder in Ausübung öffentlicher Gewalt erforderlich.</li>
                    </ul>
                    <p>Beide setzen nach Art. 6 Abs. 3 DSGVO eine Regelung im Unionsrecht
                    oder im deutschen Recht voraus: ein Fachgesetz wie das Bundesmeldegesetz
                    oder, allgemein, das Landesdatenschutzgesetz. Die Rechtsgrundlage
                    „berechtigtes Interesse“ (lit. f) gilt für Behörden bei der Erfüllung
                    ihrer Aufgaben nicht.</p>
                """),
                heading("Und die Einwilligung?", "h3"),
                text("""
                    <p>Eine Einwilligung (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO) muss freiwillig
                    sein. Zwischen Bürger und Behörde besteht aber meist ein
                    Ungleichgewicht: Wer etwas beantragt, fühlt sich kaum frei, „nein“ zu
                    sagen. Deshalb ist die Einwilligung in der Verwaltung die Ausnahme: für
                    freiwillige Zusatzangaben wie eine Telefonnummer für Rückfragen, für Fotos
                    beim Stadtfest oder für einen Newsletter. Sie kann jederzeit widerrufen
                    werden.</p>
                """),
                heading("Zweckbindung und Weitergabe", "h3"),
                text("""
                    <p>Daten, die für die Hundesteuer erhoben wurden, dürfen nicht einfach für
                    andere Zwecke genutzt werden – eine Zweckänderung braucht ihrerseits eine
                    Rechtsgrundlage (Art. 6 Abs. 4 DSGVO). Auch innerhalb der Verwaltung ist
                    die Weitergabe an ein anderes Amt eine Übermittlung, die erlaubt sein muss.
                    Das Bundesmeldegesetz regelt zum Beispiel genau, welche Daten die
                    Meldebehörde an andere öffentliche Stellen übermitteln darf.</p>
                    <p>Wer Daten erhebt, informiert die Betroffenen nach Art. 13 DSGVO über
                    Zweck, Rechtsgrundlage, Empfänger, Speicherdauer und ihre Rechte. Dafür
                    gibt es die Datenschutzhinweise auf Formularen und Online-Diensten.</p>
                """),
                legal(
                    "Die wichtigsten Normen",
                    """
                    <ul>
                    <li>Art. 6 Abs. 1 lit. c und e, Abs. 3 DSGVO: Rechtsgrundlagen der
                    Verwaltung</li>
                    <li>Art. 6 Abs. 4 DSGVO: Zweckänderung</li>
                    <li>Art. 13 DSGVO: Informationspflichten bei der Erhebung</li>
                    <li>Datenschutzgesetz NRW und Fachgesetze wie das Bundesmeldegesetz</li>
                    </ul>
                    <p>Volltext der DSGVO:
                    <a href="https://eur-lex.europa.eu/eli/reg/2016/679/oj">EUR-Lex</a>.</p>
                    """,
                ),
                steps(
                    "Vor einer Datenweitergabe prüfen",
                    ("Wer fragt an?", "Identität und Funktion der anfragenden Stelle klären."),
                    (
                        "Wofür?",
                        "Den Zweck erfragen und festhalten, welche Aufgabe dahintersteht.",
                    ),
                    (
                        "Auf welcher Grundlage?",
                        "Gibt es eine Übermittlungsbefugnis im Fachgesetz? Im Zweifel die "
                        "Datenschutzbeauftragte fragen.",
                    ),
                    (
                        "Wie viel?",
                        "Nur die Daten herausgeben, die für den Zweck erforderlich sind.",
                    ),
                    ("Dokumentieren", "Anfrage, Prüfung und Übermittlung in der Akte vermerken."),
                ),
            ],
        ),
        DemoModule(
            title="Betroffenenrechte: Auskunft, Berichtigung, Löschung",
            slug="betroffenenrechte",
            summary=(
                "Welche Rechte Bürgerinnen und Bürger haben, welche Fristen gelten und wie "
                "Sie ein Auskunftsersuchen Schritt für Schritt bearbeiten."
            ),
            minutes=15,
            body=[
                heading("Die Rechte der Betroffenen"),
                text("""
                    <p>Die DSGVO gibt jeder Person Rechte gegenüber der Stelle, die ihre Daten
                    verarbeitet:</p>
                    <ul>
                    <li><b>Auskunft</b> (Art. 15): ob und welche Daten verarbeitet werden,
                    zu welchem Zweck, an wen sie gehen, wie lange sie gespeichert werden –
                    und eine Kopie der Daten.</li>
                    <li><b>Berichtigung</b> (Art. 16) falscher Daten.</li>
                    <li><b>Löschung</b> (Art. 17), wenn die Daten nicht mehr gebraucht werden
                    – außer, eine Aufbewahrungspflicht geht vor.</li>
                    <li><b>Einschränkung der Verarbeitung</b> (Art. 18), etwa solange die
                    Richtigkeit bestritten ist.</li>
                    <li><b>Widerspruch</b> (Art. 21) aus Gründen der besonderen
                    Situation.</li>
                    </ul>
                    <p>Ein Ersuchen ist an keine Form gebunden: Es kann per Brief, E-Mail,
                    am Telefon oder am Schalter gestellt werden und muss nicht begründet
                    werden.</p>
                """),
                legal(
                    "Fristen nach Art. 12 Abs. 3 DSGVO",
                    """
                    Die Behörde antwortet unverzüglich, spätestens innerhalb eines Monats nach
                    Eingang. Nur wenn es wegen der Komplexität oder der Zahl der Anträge
                    erforderlich ist, kann die Frist um zwei weitere Monate verlängert werden –
                    die Person ist darüber innerhalb des ersten Monats mit Begründung zu
                    informieren.
                    """,
                ),
                steps(
                    "Ein Auskunftsersuchen bearbeiten",
                    (
                        "Eingang dokumentieren",
                        "Eingangsdatum festhalten – ab hier läuft die Monatsfrist.",
                    ),
                    (
                        "Zuständige Stelle einbinden",
                        "Nach Ihrer Dienstanweisung die koordinierende Stelle oder die "
                        "Datenschutzbeauftragte informieren.",
                    ),
                    (
                        "Identität prüfen",
                        "Bei begründeten Zweifeln zusätzliche Angaben verlangen (Art. 12 "
                        "Abs. 6 DSGVO) – damit die Auskunft nicht an die falsche Person geht.",
                    ),
                    (
                        "Daten zusammentragen",
                        "In allen Systemen suchen: Fachverfahren, E-Akte, E-Mail, Papierakten.",
                    ),
                    (
                        "Auskunft erstellen",
                        "Daten, Zwecke, Empfänger, Speicherdauer, Herkunft und Hinweis auf "
                        "die Rechte der Person. Daten Dritter schwärzen.",
                    ),
                    (
                        "Sicher versenden und dokumentieren",
                        "Auf einem sicheren Weg versenden, Kopie und Versanddatum zur Akte.",
                    ),
                ),
                warning(
                    "Daten Dritter",
                    """
                    Eine Auskunft darf keine Daten anderer Personen offenlegen, etwa den Namen
                    eines Nachbarn, der eine Beschwerde eingereicht hat. Schwärzen Sie solche
                    Angaben oder fragen Sie die Datenschutzbeauftragte.
                    """,
                ),
                quiz(
                    single(
                        "Innerhalb welcher Frist ist ein Auskunftsersuchen grundsätzlich zu "
                        "beantworten?",
                        right("Unverzüglich, spätestens innerhalb eines Monats"),
                        wrong("Innerhalb von zwei Wochen", "Die DSGVO nennt einen Monat."),
                        wrong(
                            "Innerhalb von drei Monaten, ohne weitere Begründung",
                            "Eine Verlängerung um zwei Monate gibt es nur mit Begründung, "
                            "mitgeteilt innerhalb des ersten Monats.",
                        ),
                        explanation="Art. 12 Abs. 3 DSGVO.",
                    ),
                    true_or_false(
                        "Ein Auskunftsersuchen ist nur wirksam, wenn es schriftlich gestellt "
                        "und begründet wird.",
                        False,
                        explanation=(
                            "Das Auskunftsrecht ist an keine Form und keine Begründung "
                            "gebunden. Bei Zweifeln an der Identität dürfen Sie aber Angaben "
                            "zur Identifizierung verlangen."
                        ),
                        if_true="Nein: Auch ein formloses Ersuchen ist wirksam.",
                        if_false="Richtig: Form und Begründung sind nicht nötig.",
                    ),
                    multiple(
                        "Was gehört in eine Auskunft nach Art. 15 DSGVO?",
                        right("Die Zwecke der Verarbeitung"),
                        right("Die Empfänger der Daten"),
                        right("Die geplante Speicherdauer"),
                        wrong(
                            "Interne Vermerke mit ungeschwärzten Daten anderer Personen",
                            "Daten Dritter sind zu schwärzen.",
                        ),
                        explanation=(
                            "Art. 15 Abs. 1 DSGVO zählt auf, was die Auskunft enthält, unter "
                            "anderem Zwecke, Empfänger, Speicherdauer und Herkunft der Daten. "
                            "Die Kopie darf die Rechte anderer Personen nicht beeinträchtigen "
                            "(Art. 15 Abs. 4 DSGVO)."
                        ),
                    ),
                    single(
                        "Ein Bauherr verlangt die Löschung seines abgelehnten Bauantrags aus "
                        "der Akte. Was gilt?",
                        right(
                            "Die Akte wird nicht sofort gelöscht, weil Aufbewahrungspflichten "
                            "vorgehen; er erhält eine begründete Antwort.",
                            "Richtig: Art. 17 Abs. 3 DSGVO.",
                        ),
                        wrong(
                            "Der Antrag wird sofort gelöscht.",
                            "Aufbewahrungspflichten gehen dem Löschanspruch vor.",
                        ),
                        wrong(
                            "Das Ersuchen wird ignoriert, weil es keine Rechtsgrundlage hat.",
                            "Jedes Ersuchen wird fristgerecht beantwortet – auch eine Ablehnung.",
                        ),
                        explanation=(
                            "Das Recht auf Löschung besteht nicht, soweit die Verarbeitung zur "
                            "Erfüllung einer rechtlichen Verpflichtung oder einer öffentlichen "
                            "Aufgabe erforderlich ist (Art. 17 Abs. 3 lit. b DSGVO). Nach Ablauf "
                            "der Aufbewahrungsfrist wird die Akte ausgesondert."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Datenpannen erkennen und melden",
            slug="datenpannen",
            summary=(
                "Was eine Datenschutzverletzung ist, warum jede Minute zählt und wer was meldet."
            ),
            minutes=12,
            body=[
                heading("Was ist eine Datenpanne?"),
                text("""
                    <p>Eine Verletzung des Schutzes personenbezogener Daten (Art. 4 Nr. 12
                    DSGVO) liegt vor, wenn Daten unbeabsichtigt oder unrechtmäßig vernichtet,
                    verloren, verändert oder Unbefugten offengelegt werden. Typische Fälle in
                    der Verwaltung:</p>
                    <ul>
                    <li>eine E-Mail mit Anhang an den falschen Empfänger;</li>
                    <li>ein Rundschreiben an Bürger mit allen Adressen im offenen
                    Verteiler (An/CC statt BCC);</li>
                    <li>ein Bescheid im falschen Umschlag;</li>
                    <li>ein verlorener USB-Stick oder ein gestohlener Laptop;</li>
                    <li>ein Phishing-Angriff, bei dem Zugangsdaten abgegriffen wurden;</li>
                    <li>Akten mit Namen im Altpapier statt im Datenschutzbehälter.</li>
                    </ul>
                """),
                legal(
                    "Meldepflichten: Art. 33 und 34 DSGVO",
                    """
                    <p>Die Behörde meldet eine Datenpanne unverzüglich und möglichst binnen
                    72 Stunden, nachdem sie ihr bekannt wurde, der Aufsichtsbehörde – es sei
                    denn, sie führt voraussichtlich nicht zu einem Risiko für die Betroffenen
                    (Art. 33 Abs. 1). In Nordrhein-Westfalen ist das die Landesbeauftragte für
                    Datenschutz und Informationsfreiheit (LDI NRW).</p>
                    <p>Besteht voraussichtlich ein hohes Risiko, werden auch die betroffenen
                    Personen benachrichtigt (Art. 34). Jede Panne wird dokumentiert, auch
                    wenn sie nicht gemeldet werden muss (Art. 33 Abs. 5).</p>
                    """,
                ),
                text("""
                    <p>Die 72 Stunden beginnen, sobald die Behörde von der Panne weiß – und
                    dazu gehören Sie. Ob gemeldet werden muss, entscheiden nicht Sie allein,
                    sondern die dafür zuständige Stelle zusammen mit der
                    Datenschutzbeauftragten. Ihre Aufgabe ist es, die Panne <b>sofort</b>
                    intern zu melden, auch am Freitagnachmittag.</p>
                """),
                steps(
                    "Wenn Ihnen eine Datenpanne passiert",
                    (
                        "Schaden begrenzen",
                        "Zum Beispiel den falschen Empfänger anrufen und um Löschung bitten, "
                        "ein verlorenes Gerät sperren lassen.",
                    ),
                    (
                        "Sofort intern melden",
                        "An Ihre Vorgesetzte und die Datenschutzbeauftragte, auf dem Weg, den "
                        "Ihre Dienstanweisung vorsieht.",
                    ),
                    (
                        "Festhalten, was passiert ist",
                        "Was, wann, welche Daten, wie viele Personen, wer hat Kenntnis erhalten?",
                    ),
                    (
                        "Nichts vertuschen",
                        "Eine verschwiegene Panne ist ein größeres Problem als ein Fehler, "
                        "der rechtzeitig gemeldet wird.",
                    ),
                ),
                hint(
                    "Der Klassiker: offener Verteiler",
                    """
                    Schreiben an mehrere Bürgerinnen und Bürger gehen in BCC oder als
                    Serienbrief – nie mit allen Adressen in „An“ oder „CC“. Eine
                    E-Mail-Adresse ist ein personenbezogenes Datum.
                    """,
                ),
            ],
        ),
        DemoModule(
            title="Datenschutz am Schalter, am Telefon und im Homeoffice",
            slug="datenschutz-im-alltag",
            summary=(
                "Diskretion im Bürgerbüro, Anrufe von Unbekannten, E-Mail, KI-Werkzeuge und "
                "das Arbeiten zu Hause."
            ),
            minutes=12,
            optional=True,
            body=[
                heading("Am Schalter"),
                text("""
                    <p>Im Bürgerbüro hören und sehen andere mit. Achten Sie auf den
                    Diskretionsabstand im Wartebereich, drehen Sie den Bildschirm so, dass
                    nur Sie ihn sehen, und rufen Sie Wartende mit ihrer Nummer auf, nicht mit
                    ihrem Namen. Liegen Unterlagen der vorherigen Kundin noch auf dem Tresen,
                    räumen Sie sie weg, bevor die nächste Person kommt.</p>
                """),
                heading("Am Telefon", "h3"),
                text("""
                    <p>Am Telefon können Sie nicht sehen, wer spricht. Geben Sie keine
                    Auskünfte über andere Personen und keine Daten, die Sie nicht auch
                    schriftlich herausgeben würden. Bitten Sie im Zweifel um einen Rückruf
                    unter einer Nummer, die Sie kennen oder prüfen können.</p>
                    <p>Auskünfte aus dem Melderegister gibt es nur nach den Regeln des
                    Bundesmeldegesetzes, etwa als einfache Melderegisterauskunft nach § 44 BMG.
                    Ist eine Auskunftssperre nach § 51 BMG eingetragen, wird die Anschrift
                    nicht herausgegeben – auch nicht an Angehörige.</p>
                """),
                heading("E-Mail und KI-Werkzeuge", "h3"),
                text("""
                    <p>Versenden Sie sensible Daten nur verschlüsselt oder über die
                    Übermittlungswege, die Ihre Kommune dafür vorsieht, und nie über private
                    Konten. Kopieren Sie keine personenbezogenen Daten in öffentliche
                    KI-Chatbots, Übersetzungsdienste oder Online-Konverter, die Ihre Kommune
                    nicht freigegeben hat – die Daten verlassen damit die Verwaltung.</p>
                """),
                heading("Im Homeoffice", "h3"),
                text("""
                    <p>Zu Hause gelten dieselben Regeln wie im Büro: Bildschirm sperren, wenn
                    Sie aufstehen, Papierakten verschlossen aufbewahren, Telefonate so
                    führen, dass niemand mithört, und Ausdrucke nicht ins häusliche Altpapier
                    geben, sondern im Büro vernichten. Sprachassistenten gehören während
                    dienstlicher Gespräche ausgeschaltet.</p>
                """),
                checklist(
                    "Datenschutz-Check für Ihren Arbeitsplatz",
                    "Der Bildschirm ist für Besucher nicht einsehbar.",
                    "Der Bildschirm wird beim Verlassen des Platzes gesperrt.",
                    "Keine Unterlagen mit Namen liegen offen auf dem Tresen oder im Drucker.",
                    "Rundmails an Externe gehen in BCC.",
                    "Papier mit personenbezogenen Daten kommt in den Datenschutzbehälter.",
                    "Personenbezogene Daten kommen nicht in nicht freigegebene Online-Dienste.",
                ),
            ],
        ),
    ),
)

# --- IT-Sicherheit im Verwaltungsalltag: Phishing erkennen ---------------------------------

PHISHING = DemoCourse(
    title="IT-Sicherheit im Verwaltungsalltag: Phishing erkennen",
    slug="phishing-erkennen",
    teaser=(
        "Die meisten Angriffe beginnen mit einer Nachricht. Sie lernen, gefälschte E-Mails, "
        "Links und Anrufe zu erkennen, richtig zu reagieren, wenn doch etwas passiert ist, "
        "und Ihren Arbeitsplatz gegen Angriffe abzusichern."
    ),
    objectives=(
        "Sie erklären, warum Kommunen Ziel von Cyberangriffen sind.",
        "Sie erkennen die typischen Merkmale von Phishing-Mails und gefälschten Links.",
        "Sie melden verdächtige Nachrichten und wissen, was nach einem Klick zu tun ist.",
        "Sie schützen Ihre Zugänge mit guten Passwörtern und Mehr-Faktor-Anmeldung.",
    ),
    target_group="alle Beschäftigten mit PC-Arbeitsplatz",
    level=Level.BASIC,
    tags=("IT-Sicherheit", "Phishing", "Informationssicherheit"),
    modules=(
        DemoModule(
            title="Warum Kommunen angegriffen werden",
            slug="warum-kommunen",
            summary=(
                "Was Angreifer von einer Stadtverwaltung wollen, was ein erfolgreicher "
                "Angriff anrichtet und warum es auf jede und jeden Einzelnen ankommt."
            ),
            minutes=10,
            body=[
                heading("Verwaltung als Ziel"),
                text("""
                    <p>Kommunen verarbeiten sensible Daten von allen Einwohnerinnen und
                    Einwohnern und müssen jeden Tag arbeitsfähig sein: Ohne IT werden keine
                    Ausweise ausgestellt, keine Sozialleistungen ausgezahlt und keine
                    Geburten beurkundet. Genau das macht sie für Erpresser interessant. Bei
                    einem <b>Ransomware-Angriff</b> verschlüsseln Angreifer die Daten und
                    verlangen Lösegeld; oft kopieren sie die Daten vorher und drohen mit der
                    Veröffentlichung.</p>
                    <p>Dass das keine Theorie ist, zeigen Fälle der letzten Jahre: Im Juli
                    2021 rief der Landkreis Anhalt-Bitterfeld nach einem Angriff den ersten
                    Katastrophenfall wegen eines Cyberangriffs in Deutschland aus. Im Oktober
                    2023 traf ein Angriff auf den kommunalen IT-Dienstleister
                    Südwestfalen-IT über 70 Kommunen in Nordrhein-Westfalen; viele Dienste
                    standen monatelang nicht oder nur eingeschränkt zur Verfügung.</p>
                """),
                heading("Der Mensch als Sensor", "h3"),
                text("""
                    <p>Viele Angriffe beginnen mit einer E-Mail, einem Anruf oder einem
                    gestohlenen Passwort. Technische Schutzmaßnahmen – Virenscanner,
                    Spamfilter, Firewalls – halten das meiste ab, aber nicht alles. Wer eine
                    verdächtige Nachricht erkennt und meldet, verhindert nicht nur den
                    eigenen Schaden, sondern warnt die IT, bevor andere dieselbe Nachricht
                    öffnen. Sie sind also nicht „das schwächste Glied“, sondern ein wichtiger
                    Teil der Abwehr.</p>
                """),
                legal(
                    "IT-Grundschutz des BSI",
                    """
                    Viele Kommunen richten ihre Informationssicherheit am IT-Grundschutz des
                    Bundesamts für Sicherheit in der Informationstechnik (BSI) aus. Der
                    Baustein ORP.3 „Sensibilisierung und Schulung zur
                    Informationssicherheit“ verlangt, dass alle Beschäftigten regelmäßig
                    geschult werden – dieser Kurs ist ein Teil davon.
                    """,
                ),
                checklist(
                    "Drei Regeln, die immer gelten",
                    "Erst prüfen, dann klicken.",
                    "Im Zweifel über einen bekannten Weg nachfragen – nicht über die Nachricht "
                    "selbst.",
                    "Verdächtiges sofort melden, auch wenn schon etwas passiert ist.",
                ),
            ],
        ),
        DemoModule(
            title="Phishing-Mails erkennen",
            slug="phishing-mails-erkennen",
            summary=(
                "Die Merkmale gefälschter E-Mails, Links und Anhänge, die häufigsten Maschen "
                "und ein Fünf-Sekunden-Check vor jedem Klick."
            ),
            minutes=20,
            body=[
                heading("Woran Sie Phishing erkennen"),
                text("""
                    <p>Phishing-Mails wollen Sie zu einer Handlung bringen: einen Link
                    anklicken, einen Anhang öffnen, Zugangsdaten eingeben oder Geld
                    überweisen. Dafür setzen sie auf Zeitdruck, Autorität und Neugier. Achten
                    Sie auf diese Merkmale:</p>
                    <ul>
                    <li><b>Absender:</b> Der angezeigte Name kann frei gewählt werden.
                    Entscheidend ist die Adresse dahinter – und die Domain nach dem @. Achten
                    Sie auf Tippfehler-Domains wie „bIomberg“ mit großem i statt kleinem
                    L.</li>
                    <li><b>Druck:</b> „Ihr Konto wird heute um 17 Uhr gesperrt“, „letzte
                    Mahnung“, „vertraulich, sofort erledigen“.</li>
                    <li><b>Ungewöhnliche Bitte:</b> Passwort eingeben, Bankverbindung ändern,
                    Gutscheinkarten kaufen, Makros aktivieren.</li>
                    <li><b>Links:</b> Fahren Sie mit der Maus über den Link, ohne zu klicken,
                    und lesen Sie das tatsächliche Ziel. Maßgeblich ist die Domain direkt vor
                    dem ersten einzelnen Schrägstrich: In
                    „https://blomberg.example.konto-pruefen.com/login“ ist das
                    „konto-pruefen.com“, nicht Blomberg.</li>
                    <li><b>Anhänge:</b> Vorsicht bei ZIP-Dateien (besonders mit Passwort),
                    ISO- oder IMG-Dateien, ausführbaren Dateien und Office-Dokumenten, die
                    Sie auffordern, „Inhalte zu aktivieren“.</li>
                    </ul>
                """),
                warning(
                    "Fehlerfreies Deutsch beweist nichts",
                    """
                    Früher verrieten sich viele Phishing-Mails durch holprige Sprache. Heute
                    schreiben Angreifer mit Hilfe von KI fehlerfrei, sprechen Sie mit Namen
                    an und beziehen sich auf echte Vorgänge, die sie etwa aus
                    Ratsinformationssystemen oder dem Organigramm auf der Website kennen
                    (Spear-Phishing).
                    """,
                ),
                heading("Die häufigsten Maschen", "h3"),
                text("""
                    <ul>
                    <li><b>Zugangsdaten-Phishing:</b> eine täuschend echte Anmeldeseite für
                    E-Mail, Cloud oder Fachverfahren.</li>
                    <li><b>Chef-Masche (CEO-Fraud):</b> Die „Bürgermeisterin“ bittet per
                    E-Mail dringend und vertraulich um eine Überweisung oder den Kauf von
                    Gutscheinkarten.</li>
                    <li><b>Kontoänderungsbetrug:</b> Ein „Lieferant“ teilt eine neue
                    Bankverbindung mit, die nächste Rechnung geht an die Betrüger –
                    besonders relevant für die Stadtkasse.</li>
                    <li><b>QR-Code-Phishing:</b> Der Link steckt in einem QR-Code, damit der
                    Spamfilter ihn nicht prüft.</li>
                    <li><b>Anrufe und SMS:</b> Ein angeblicher IT-Support ruft an und bittet
                    um Fernzugriff oder einen Bestätigungscode.</li>
                    </ul>
                """),
                heading("Ein Beispiel", "h3"),
                text("""
                    <p><i>Von: IT-Service Stadt Blomberg
                    &lt;it-service@blomberg-verwaltung.info&gt;<br/>
                    Betreff: Ihr Postfach wird heute um 17:00 Uhr gesperrt<br/>
                    „Sehr geehrte Frau Mustermann, Ihr Postfach hat das Speicherlimit
                    erreicht. Bestätigen Sie Ihre Zugangsdaten über den folgenden Link,
                    sonst wird es heute um 17:00 Uhr gesperrt.“</i></p>
                    <p>Was hier nicht stimmt: Die Domain gehört nicht der Stadt, die Mail
                    baut Zeitdruck auf, und sie verlangt Zugangsdaten über einen Link. Eine
                    echte IT-Abteilung fragt niemals per E-Mail nach Ihrem Passwort.</p>
                """),
                checklist(
                    "Der Fünf-Sekunden-Check vor jedem Klick",
                    "Kenne ich den Absender, und passt die Adresse zum Namen?",
                    "Erwarte ich diese Nachricht, und passt sie zu meiner Arbeit?",
                    "Soll ich unter Zeitdruck etwas Ungewöhnliches tun?",
                    "Führt der Link wirklich dorthin, wo er zu sein vorgibt?",
                    "Würde ich bei einem Anruf über die bekannte Nummer dieselbe Bitte hören?",
                ),
                quiz(
                    single(
                        "Welcher Link führt tatsächlich zur Domain blomberg.example?",
                        right(
                            "https://www.blomberg.example/buergerservice",
                            "Richtig: Vor dem ersten einzelnen Schrägstrich steht "
                            "www.blomberg.example.",
                        ),
                        wrong(
                            "https://blomberg.example.konto-pruefen.com/login",
                            "Die Domain ist konto-pruefen.com – „blomberg.example“ ist nur "
                            "eine Subdomain davon.",
                        ),
                        wrong(
                            "https://blomberg-example.com/",
                            "Das ist eine andere Domain mit Bindestrich.",
                        ),
                        wrong(
                            "https://blomberg.example@anmelden.io/",
                            "Alles vor dem @ ist nur ein Benutzername; das Ziel ist anmelden.io.",
                        ),
                        explanation=(
                            "Lesen Sie die Adresse bis zum ersten einzelnen Schrägstrich: Der "
                            "Teil direkt davor – die letzten beiden Abschnitte – ist die "
                            "Domain, die zählt."
                        ),
                    ),
                    multiple(
                        "Welche Merkmale sprechen für eine Phishing-Mail?",
                        right("Sie sollen dringend handeln, sonst drohen Nachteile."),
                        right("Sie sollen auf einer verlinkten Seite Ihr Passwort eingeben."),
                        right(
                            "Der Absendername stimmt, die Adresse gehört zu einer fremden Domain."
                        ),
                        wrong(
                            "Die Mail spricht Sie korrekt mit Ihrem Namen an.",
                            "Leider kein Beweis für Echtheit: Namen finden Angreifer leicht "
                            "heraus.",
                        ),
                        explanation=(
                            "Druck, ungewöhnliche Bitten und eine Absenderadresse, die nicht zum "
                            "Namen passt, sind typische Warnzeichen. Persönliche Anrede und "
                            "fehlerfreie Sprache sind dagegen kein Zeichen für Echtheit."
                        ),
                    ),
                    true_or_false(
                        "Eine E-Mail ohne Rechtschreibfehler, die Sie mit Namen anspricht, ist "
                        "echt.",
                        False,
                        explanation=(
                            "Gezielte Phishing-Mails sind fehlerfrei und persönlich. Prüfen Sie "
                            "Absenderadresse, Links und die Bitte selbst."
                        ),
                        if_true="Nein – Angreifer schreiben heute fehlerfrei und persönlich.",
                        if_false="Richtig: Sprache und Anrede beweisen nichts.",
                    ),
                    single(
                        "Die Bürgermeisterin bittet Sie per E-Mail, dringend und vertraulich "
                        "Gutscheinkarten für einen Empfang zu kaufen. Was tun Sie?",
                        right(
                            "Über einen bekannten Weg nachfragen, etwa die Nummer aus dem "
                            "Telefonverzeichnis, und die Mail der IT melden.",
                            "Richtig: Nachfragen über einen unabhängigen Kanal entlarvt die "
                            "Chef-Masche.",
                        ),
                        wrong(
                            "Auf die E-Mail antworten und nachfragen, ob das ernst gemeint ist.",
                            "Die Antwort geht an die Angreifer, und die bestätigen natürlich.",
                        ),
                        wrong(
                            "Die Karten kaufen, weil die Bitte von der Verwaltungsspitze kommt.",
                            "Genau darauf setzt die Masche.",
                        ),
                        explanation=(
                            "Bei der Chef-Masche geben sich Angreifer als Vorgesetzte aus und "
                            "setzen auf Zeitdruck und Vertraulichkeit. Prüfen Sie ungewöhnliche "
                            "Bitten immer über einen zweiten, bekannten Kanal."
                        ),
                    ),
                    single(
                        "Ein Lieferant teilt per E-Mail eine neue Bankverbindung mit. Was ist "
                        "richtig?",
                        right(
                            "Beim Lieferanten unter der Telefonnummer aus den Stammdaten "
                            "oder dem Vertrag nachfragen, bevor etwas geändert wird.",
                            "Richtig – nicht unter der Nummer aus der E-Mail.",
                        ),
                        wrong(
                            "Die Bankverbindung sofort in den Stammdaten ändern.",
                            "So funktioniert Kontoänderungsbetrug.",
                        ),
                        wrong(
                            "Auf die Mail antworten und um Bestätigung bitten.",
                            "Die Bestätigung käme von den Betrügern.",
                        ),
                        explanation=(
                            "Geänderte Bankverbindungen sind ein beliebtes Ziel von Betrügern. "
                            "Bestätigen Sie sie immer über einen Kontakt, den Sie schon vorher "
                            "kannten – nie über Angaben aus derselben Nachricht."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Melden statt verschweigen: richtig reagieren",
            slug="richtig-reagieren",
            summary=(
                "Was Sie mit einer verdächtigen Nachricht tun, was nach einem Klick zu tun ist "
                "und warum frühes Melden Schaden verhindert."
            ),
            minutes=12,
            body=[
                heading("Verdächtige Nachricht erhalten"),
                steps(
                    "So gehen Sie mit einer verdächtigen Nachricht um",
                    (
                        "Nicht klicken, nicht öffnen, nicht antworten",
                        "Auch nicht „zum Testen“ auf den Abmeldelink.",
                    ),
                    (
                        "Melden",
                        "Über den Meldeweg Ihrer Kommune, etwa die Schaltfläche „Phishing "
                        "melden“ im E-Mail-Programm oder den IT-Servicedesk.",
                    ),
                    (
                        "Nicht an Kolleginnen und Kollegen weiterleiten",
                        "Warnungen verschickt die IT. Weiterleiten verbreitet die Nachricht nur.",
                    ),
                    ("Löschen", "Wenn die IT die Meldung bestätigt hat."),
                ),
                heading("Doch geklickt? Jetzt zählt Zeit"),
                text("""
                    <p>Jeder kann auf eine gute Fälschung hereinfallen. Schlimm ist nicht der
                    Klick, sondern das Schweigen danach: Angreifer brauchen oft Stunden oder
                    Tage, bis sie sich im Netz ausgebreitet haben. Wer sofort meldet, gibt der
                    IT die Chance, den Angriff zu stoppen.</p>
                """),
                steps(
                    "Was Sie nach einem Klick tun",
                    (
                        "Ruhe bewahren und sofort die IT anrufen",
                        "Telefonisch, nicht nur per E-Mail – Ihr Postfach könnte betroffen sein.",
                    ),
                    (
                        "Passwort ändern, wenn Sie es eingegeben haben",
                        "Von einem anderen, sicheren Gerät aus oder mit Hilfe der IT.",
                    ),
                    (
                        "Weiterarbeit am Gerät einstellen",
                        "Wenn die IT es anweist, das Netzwerkkabel ziehen bzw. WLAN trennen. "
                        "Das Gerät nicht einfach ausschalten – Spuren im Arbeitsspeicher "
                        "helfen bei der Aufklärung.",
                    ),
                    (
                        "Beobachtungen notieren",
                        "Uhrzeit, was Sie angeklickt oder eingegeben haben, ungewöhnliche "
                        "Meldungen auf dem Bildschirm.",
                    ),
                    (
                        "Maßnahmen nur nach Anweisung",
                        "Keine eigenen Reparaturversuche und keine Programme aus dem Internet.",
                    ),
                ),
                legal(
                    "Wenn personenbezogene Daten betroffen sind",
                    """
                    Ein erfolgreicher Angriff ist oft zugleich eine Datenschutzverletzung.
                    Dann muss die Behörde sie unverzüglich und möglichst binnen 72 Stunden,
                    nachdem sie ihr bekannt wurde, der Aufsichtsbehörde melden (Art. 33
                    DSGVO). Die Frist beginnt mit Ihrer Kenntnis – ein weiterer Grund, sofort
                    zu melden.
                    """,
                ),
                hint(
                    "IT-Notfallkarte",
                    """
                    Das BSI bietet eine IT-Notfallkarte „Verhalten bei IT-Notfällen“ an, die
                    Ihre IT mit der eigenen Notfallnummer ausfüllen kann. Hängen Sie sie gut
                    sichtbar an Ihren Arbeitsplatz.
                    """,
                ),
                quiz(
                    single(
                        "Sie haben auf einen Link geklickt und Ihr Passwort eingegeben. Was tun "
                        "Sie zuerst?",
                        right(
                            "Sofort die IT anrufen und das Passwort ändern (lassen).",
                            "Richtig: Jede Minute zählt.",
                        ),
                        wrong(
                            "Abwarten, ob etwas passiert.",
                            "Bis etwas sichtbar passiert, haben die Angreifer oft schon "
                            "Zugriff auf weitere Systeme.",
                        ),
                        wrong(
                            "Den PC ausschalten und nichts sagen.",
                            "Ohne Meldung kann die IT nicht reagieren, und Spuren gehen verloren.",
                        ),
                        explanation=(
                            "Mit Ihrem Passwort können Angreifer sofort in Ihrem Namen handeln. "
                            "Je schneller die IT Bescheid weiß, desto eher kann sie den Zugang "
                            "sperren und Schaden verhindern."
                        ),
                    ),
                    true_or_false(
                        "Eine verdächtige Mail leiten Sie am besten an alle Kolleginnen und "
                        "Kollegen Ihrer Abteilung weiter, damit sie gewarnt sind.",
                        False,
                        explanation=(
                            "Melden Sie die Mail der IT. Sie warnt gezielt und kann die "
                            "Nachricht aus allen Postfächern entfernen."
                        ),
                        if_true="Nein: Weiterleiten verbreitet die gefährliche Nachricht.",
                        if_false="Richtig: Warnungen verschickt die IT.",
                    ),
                    multiple(
                        "Was notieren Sie für die IT?",
                        right("Die Uhrzeit des Klicks"),
                        right("Was Sie angeklickt, geöffnet oder eingegeben haben"),
                        right("Ungewöhnliche Meldungen auf dem Bildschirm"),
                        wrong(
                            "Ihr Passwort, damit die IT prüfen kann, ob es betroffen ist",
                            "Niemals: Ein Passwort geben Sie auch der IT nicht weiter.",
                        ),
                        explanation=(
                            "Zeit, Handlung und Beobachtungen helfen der IT, den Angriff "
                            "nachzuvollziehen. Ihr Passwort gehört in keine Notiz und zu keiner "
                            "anderen Person."
                        ),
                    ),
                    true_or_false(
                        "Muss eine Datenschutzverletzung gemeldet werden, läuft die Frist von "
                        "72 Stunden ab dem Zeitpunkt, zu dem die Behörde davon weiß.",
                        True,
                        explanation="Art. 33 Abs. 1 DSGVO.",
                        if_true="Richtig – deshalb sofort intern melden.",
                        if_false="Doch: Die Frist beginnt mit der Kenntnis der Behörde.",
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Passwörter, Mehr-Faktor-Anmeldung und der sichere Arbeitsplatz",
            slug="sicherer-arbeitsplatz",
            summary=(
                "Gute Passwörter, die zweite Anmeldestufe, Bildschirmsperre, USB-Sticks und "
                "Besucher im Büro."
            ),
            minutes=12,
            optional=True,
            body=[
                heading("Passwörter"),
                text("""
                    <p>Ein gutes Passwort ist vor allem <b>lang</b>. Eine Passphrase aus
                    mehreren Wörtern, die nicht zusammengehören, ist leichter zu merken und
                    schwerer zu erraten als ein kurzes Passwort mit Sonderzeichen. Verwenden
                    Sie jedes Passwort nur für einen Zugang, und nutzen Sie den
                    Passwortmanager, den Ihre IT bereitstellt.</p>
                    <p>Das BSI empfiehlt seit 2020 nicht mehr, Passwörter ohne Anlass
                    regelmäßig zu wechseln. Wechseln müssen Sie es aber sofort, wenn der
                    Verdacht besteht, dass jemand es kennt. Ihr Passwort geben Sie niemandem
                    weiter – auch nicht der IT, der Vorgesetzten oder der Vertretung. Für die
                    Vertretung gibt es Berechtigungen.</p>
                """),
                heading("Mehr-Faktor-Anmeldung", "h3"),
                text("""
                    <p>Bei der Mehr-Faktor-Anmeldung brauchen Angreifer neben dem Passwort
                    einen zweiten Faktor, etwa einen Code aus einer App oder einen
                    Sicherheitsschlüssel. Bestätigen Sie nie eine Anmeldeanfrage, die Sie
                    nicht selbst ausgelöst haben – auch nicht, wenn sie immer wieder kommt.
                    Solche Anfragen bedeuten: Jemand kennt Ihr Passwort. Melden Sie das der
                    IT.</p>
                """),
                heading("Der Arbeitsplatz", "h3"),
                text("""
                    <ul>
                    <li>Sperren Sie den Bildschirm, sobald Sie aufstehen (Windows-Taste + L).
                    </li>
                    <li>Gefundene USB-Sticks stecken Sie nicht ein, sondern geben sie der IT.
                    </li>
                    <li>Unbekannte Personen in Büroräumen sprechen Sie freundlich an und
                    begleiten sie zum Ziel.</li>
                    <li>Private Geräte und Dienste nutzen Sie nur, wenn Ihre Kommune das
                    ausdrücklich erlaubt.</li>
                    </ul>
                """),
                hint(
                    "Grundlage",
                    """
                    Der IT-Grundschutz des BSI behandelt Zugänge im Baustein ORP.4
                    „Identitäts- und Berechtigungsmanagement“. Die verbindlichen Regeln Ihrer
                    Kommune stehen in der Dienstanweisung zur IT-Nutzung.
                    """,
                ),
                checklist(
                    "Bevor Sie den Arbeitsplatz verlassen",
                    "Bildschirm gesperrt",
                    "Keine Unterlagen mit personenbezogenen Daten offen liegen gelassen",
                    "Ausdrucke aus dem Drucker geholt",
                    "Schlüssel und Sicherheitsschlüssel nicht am Platz gelassen",
                ),
            ],
        ),
    ),
)

# --- OZG 2.0 für Sachbearbeitende ------------------------------------------------------

OZG = DemoCourse(
    title="OZG 2.0 für Sachbearbeitende",
    slug="ozg-2-0",
    teaser=(
        "Was das Onlinezugangsgesetz und seine Novelle von 2024 für Ihre tägliche Arbeit "
        "bedeuten: wie ein Online-Antrag zu Ihnen kommt, wie Sie ihn medienbruchfrei "
        "bearbeiten und elektronisch bescheiden."
    ),
    objectives=(
        "Sie beschreiben Ziele und Kernbegriffe des OZG und die Änderungen durch OZG 2.0.",
        "Sie verfolgen den Weg eines Online-Antrags vom Portal bis in Ihr Fachverfahren.",
        "Sie prüfen Online-Anträge, fordern elektronisch nach und bescheiden elektronisch.",
        "Sie erklären „Einer für Alle“ und das Once-Only-Prinzip.",
    ),
    target_group="Sachbearbeitende, die Anträge bearbeiten, und ihre Führungskräfte",
    level=Level.ADVANCED,
    tags=("OZG", "Digitalisierung", "Onlinedienste"),
    prerequisites=("e-akte", "datenschutz-am-arbeitsplatz"),
    modules=(
        DemoModule(
            title="Das Onlinezugangsgesetz: Ziele, Begriffe, OZG 2.0",
            slug="ozg-grundlagen",
            summary=(
                "Was das OZG von 2017 verlangte, wie weit die Umsetzung kam und was das "
                "OZG-Änderungsgesetz von 2024 ändert."
            ),
            minutes=15,
            body=[
                heading("Das OZG von 2017"),
                text("""
                    <p>Das Onlinezugangsgesetz (OZG) trat im August 2017 in Kraft. Es
                    verpflichtete Bund und Länder – und damit auch die Kommunen, die die
                    meisten Leistungen vollziehen –, ihre Verwaltungsleistungen bis Ende 2022
                    <b>auch</b> elektronisch über Verwaltungsportale anzubieten. Die Portale
                    von Bund und Ländern werden zu einem <b>Portalverbund</b> verknüpft, damit
                    Bürgerinnen und Bürger jede Leistung finden, egal über welches Portal sie
                    einsteigen.</p>
                    <p>Für die Umsetzung wurden die Leistungen in 575 OZG-Leistungen
                    gebündelt und 14 Themenfeldern zugeordnet, von „Familie und Kind“ bis
                    „Bauen und Wohnen“. Bis Ende 2022 war nur ein Teil davon flächendeckend
                    online verfügbar.</p>
                """),
                heading("Der Reifegrad einer Online-Leistung", "h3"),
                text("""
                    <p>Wie „digital“ eine Leistung ist, beschreibt das Reifegradmodell des
                    OZG:</p>
                    <ul>
                    <li><b>Stufe 0:</b> keine Online-Informationen;</li>
                    <li><b>Stufe 1:</b> Informationen zur Leistung sind online;</li>
                    <li><b>Stufe 2:</b> ein Formular kann online ausgefüllt werden, Nachweise
                    oder Unterschrift gehen aber noch auf Papier;</li>
                    <li><b>Stufe 3:</b> die Leistung ist einschließlich Nachweisen und
                    Bescheid vollständig online abzuwickeln – das Ziel des OZG;</li>
                    <li><b>Stufe 4:</b> zusätzlich müssen Nachweise, die der Verwaltung schon
                    vorliegen, nicht mehr eingereicht werden (Once-Only).</li>
                    </ul>
                """),
                heading("OZG 2.0", "h3"),
                text("""
                    <p>Im Juli 2024 trat das OZG-Änderungsgesetz in Kraft, kurz „OZG 2.0“.
                    Es setzt keine neue Frist für alle Leistungen, macht die Digitalisierung
                    aber zur Daueraufgabe und verschiebt den Schwerpunkt vom Online-Formular
                    zur <b>Ende-zu-Ende-Digitalisierung</b>: Ein Antrag soll nicht nur online
                    eingehen, sondern digital bearbeitet und beschieden werden. Wichtige
                    Punkte sind:</p>
                    <ul>
                    <li>die <b>BundID</b> als zentrales Nutzerkonto für Bürgerinnen und
                    Bürger, mit Postfach für Bescheide;</li>
                    <li>„Mein Unternehmenskonto“ auf Basis von ELSTER als einheitliches
                    Konto für Unternehmen;</li>
                    <li>weniger Schriftformerfordernisse und einfachere Identifizierung;</li>
                    <li>das <b>Once-Only-Prinzip</b>: Nachweise werden, wo möglich, mit
                    Zustimmung direkt zwischen Behörden abgerufen.</li>
                    </ul>
                    <p>Der analoge Weg bleibt: Wer einen Antrag auf Papier oder am Schalter
                    stellen möchte, kann das weiterhin tun.</p>
                """),
                legal(
                    "Rechtsgrundlagen",
                    """
                    <p>Onlinezugangsgesetz (OZG), insbesondere § 1 (Pflicht zum elektronischen
                    Angebot, Portalverbund):
                    <a href="https://www.gesetze-im-internet.de/ozg/">gesetze-im-internet.de/ozg</a>.
                    Die Änderungen von 2024 enthält das Gesetz zur Änderung des
                    Onlinezugangsgesetzes sowie weiterer Vorschriften zur Digitalisierung der
                    Verwaltung (OZG-Änderungsgesetz).</p>
                    """,
                ),
                quiz(
                    single(
                        "Bis wann sollten nach dem OZG von 2017 Verwaltungsleistungen auch "
                        "online angeboten werden?",
                        right("Bis Ende 2022"),
                        wrong("Bis Ende 2019", "Das Gesetz gab fünf Jahre Zeit."),
                        wrong("Bis Ende 2030", "Das war nie die Frist des OZG."),
                        explanation=(
                            "§ 1 Abs. 1 OZG gab Bund und Ländern bis zum Ablauf des fünften auf "
                            "die Verkündung folgenden Kalenderjahres Zeit, also bis Ende 2022."
                        ),
                    ),
                    true_or_false(
                        "Das OZG verpflichtet nur Bundesbehörden; die Kommunen sind nicht "
                        "betroffen.",
                        False,
                        explanation=(
                            "Das OZG verpflichtet Bund und Länder. Zu den Ländern gehören im "
                            "Sinne des Gesetzes auch die Kommunen, die einen Großteil der "
                            "Leistungen vollziehen."
                        ),
                        if_true="Nein – die meisten OZG-Leistungen erbringen Kommunen.",
                        if_false="Richtig: Auch Kommunen sind verpflichtet.",
                    ),
                    single(
                        "Eine Leistung kann einschließlich Nachweisen und Bescheid vollständig "
                        "online abgewickelt werden. Welche Reifegradstufe ist das?",
                        right("Stufe 3"),
                        wrong("Stufe 1", "Stufe 1 bedeutet: nur Informationen sind online."),
                        wrong(
                            "Stufe 2",
                            "Bei Stufe 2 gehen Nachweise oder Unterschrift noch auf Papier.",
                        ),
                        wrong(
                            "Stufe 4",
                            "Stufe 4 verlangt zusätzlich, dass vorhandene Nachweise nicht "
                            "erneut eingereicht werden müssen (Once-Only).",
                        ),
                        explanation=(
                            "Stufe 3 ist das Ziel des OZG: Antrag, Nachweise und Bescheid laufen "
                            "vollständig online. Stufe 4 ergänzt das Once-Only-Prinzip."
                        ),
                    ),
                    multiple(
                        "Was bringt das OZG-Änderungsgesetz von 2024?",
                        right("Die BundID als zentrales Nutzerkonto für Bürgerinnen und Bürger"),
                        right("Den Schwerpunkt auf Ende-zu-Ende-Digitalisierung"),
                        right("Das Once-Only-Prinzip für Nachweise"),
                        wrong(
                            "Die Abschaffung aller Papieranträge",
                            "Der analoge Zugang bleibt erhalten.",
                        ),
                        explanation=(
                            "OZG 2.0 setzt auf ein zentrales Bürgerkonto, "
                            "Ende-zu-Ende-Digitalisierung und Once-Only. Der Zugang auf Papier "
                            "oder am Schalter bleibt möglich."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Der Weg eines Online-Antrags",
            slug="weg-eines-online-antrags",
            summary=(
                "Nutzerkonto, Identifizierung und Vertrauensniveau, Übermittlung und Eingang "
                "in der Kommune – und wo Medienbrüche entstehen."
            ),
            minutes=15,
            body=[
                heading("Vom Portal zur Behörde"),
                text("""
                    <p>Eine Bürgerin sucht im Verwaltungsportal ihres Landes oder ihrer
                    Kommune die Leistung, etwa einen Antrag auf Bewohnerparken. Der
                    Online-Dienst fragt nach ihrem Wohnort und ermittelt so die zuständige Behörde.
                    Sie meldet sich mit ihrem <b>Nutzerkonto</b> an – in der Regel der BundID –
                    und füllt das Formular aus; Angaben aus dem Konto werden übernommen,
                    Nachweise lädt sie hoch.</p>
                    <p>Nach dem Absenden wird der Antrag verschlüsselt an die zuständige
                    Behörde übermittelt, häufig über die Infrastruktur <b>FIT-Connect</b> der
                    FITKO. Er kommt als strukturierter Datensatz mit einer lesbaren PDF-Fassung
                    an. Im besten Fall übernimmt Ihr Fachverfahren den Datensatz direkt. Sonst
                    landet er in einem Posteingang, aus dem Sie ihn übernehmen.</p>
                """),
                heading("Identifizierung und Vertrauensniveau", "h3"),
                text("""
                    <p>Wie sicher feststeht, wer einen Antrag gestellt hat, beschreiben die
                    Vertrauensniveaus der europäischen eIDAS-Verordnung:</p>
                    <ul>
                    <li><b>niedrig:</b> Anmeldung mit Benutzername und Passwort;</li>
                    <li><b>substantiell:</b> zum Beispiel mit einem ELSTER-Zertifikat;</li>
                    <li><b>hoch:</b> mit der Online-Ausweisfunktion des Personalausweises,
                    des elektronischen Aufenthaltstitels oder der eID-Karte.</li>
                    </ul>
                    <p>Welches Niveau eine Leistung verlangt, legt der Online-Dienst fest. Sie
                    sehen es am Antrag. Wurde mit dem Online-Ausweis identifiziert, müssen Sie
                    die Identität nicht noch einmal prüfen.</p>
                """),
                steps(
                    "Was beim Eingang eines Online-Antrags passiert",
                    ("Zuständigkeit ermitteln", "Der Online-Dienst ordnet den Antrag zu."),
                    (
                        "Übermittlung",
                        "Der Antrag wird verschlüsselt an die zuständige Stelle übertragen.",
                    ),
                    (
                        "Eingang",
                        "Das Fachverfahren oder der Posteingang nimmt ihn an; die "
                        "Antragstellerin erhält eine Eingangsbestätigung in ihr Postfach.",
                    ),
                    (
                        "Übernahme",
                        "Daten werden ins Fachverfahren übernommen, Dokumente zur E-Akte genommen.",
                    ),
                    (
                        "Rückkanal",
                        "Nachfragen, Statusmeldungen und der Bescheid gehen elektronisch an "
                        "das Postfach des Nutzerkontos.",
                    ),
                ),
                warning(
                    "Nicht ausdrucken und abtippen",
                    """
                    Wer einen Online-Antrag ausdruckt und die Daten von Hand ins
                    Fachverfahren tippt, macht aus einer digitalen Leistung wieder eine
                    Papierleistung – mit Tippfehlern. Melden Sie solche Medienbrüche Ihrer
                    bzw. Ihrem Digitalisierungsbeauftragten: Oft fehlt nur eine
                    Schnittstelle, die sich einrichten lässt.
                    """,
                ),
            ],
        ),
        DemoModule(
            title="Online-Anträge bearbeiten: prüfen, nachfordern, bescheiden",
            slug="online-antraege-bearbeiten",
            summary=(
                "Prüfung eines Online-Antrags, elektronische Kommunikation und Schriftform, "
                "der elektronische Bescheid und seine Bekanntgabe."
            ),
            minutes=20,
            body=[
                heading("Prüfen"),
                text("""
                    <p>Ein Online-Antrag wird inhaltlich genauso geprüft wie ein Antrag auf
                    Papier: Zuständigkeit, Vollständigkeit, Voraussetzungen, Fristen. Dazu
                    kommt die Frage, ob das Vertrauensniveau der Identifizierung zur Leistung
                    passt. Hochgeladene Nachweise sind Kopien; verlangt das Fachrecht ein
                    Original, müssen Sie es anfordern oder einen elektronischen Nachweis aus
                    einem Register nutzen.</p>
                    <p>Fehlt etwas, fordern Sie es elektronisch über das Postfach des
                    Nutzerkontos nach, mit einer Frist. Nach § 25 VwVfG soll die Behörde
                    anregen, versehentlich unvollständige Anträge zu ergänzen: Ein fehlender
                    Nachweis ist kein Grund für eine schnelle Ablehnung, solange er
                    nachgereicht werden kann.</p>
                """),
                heading("Elektronische Kommunikation und Schriftform", "h3"),
                text("""
                    <p>Elektronische Dokumente dürfen übermittelt werden, soweit der Empfänger
                    dafür einen Zugang eröffnet hat (§ 3a Abs. 1 VwVfG) – bei Online-Anträgen
                    in der Regel über das Postfach des Nutzerkontos. Schreibt ein Gesetz die
                    Schriftform vor, kann sie nach § 3a Abs. 2 VwVfG elektronisch ersetzt
                    werden, zum Beispiel durch ein elektronisches Formular mit sicherer
                    Identifizierung über den Online-Ausweis oder durch eine qualifizierte
                    elektronische Signatur.</p>
                    <p>Ein Verwaltungsakt kann elektronisch erlassen werden (§ 37 Abs. 2
                    VwVfG). Mit Einwilligung der Beteiligten kann er auch dadurch bekannt
                    gegeben werden, dass er zum Abruf bereitgestellt wird (§ 41 Abs. 2a
                    VwVfG). Welche Verfahren Ihre Kommune dafür nutzt, regelt Ihre
                    Dienstanweisung.</p>
                """),
                legal(
                    "Verwaltungsverfahrensrecht",
                    """
                    Die genannten Vorschriften stehen im Verwaltungsverfahrensgesetz des
                    Bundes (<a href="https://www.gesetze-im-internet.de/vwvfg/">VwVfG</a>).
                    Für Kommunen in Nordrhein-Westfalen gilt das VwVfG NRW, das diese
                    Regelungen inhaltsgleich enthält; im Sozial- und Steuerrecht gelten
                    eigene Verfahrensgesetze (SGB X, AO).
                    """,
                ),
                steps(
                    "Einen Online-Antrag bearbeiten",
                    (
                        "Antrag übernehmen",
                        "Datensatz ins Fachverfahren übernehmen, PDF und Nachweise zur E-Akte.",
                    ),
                    (
                        "Formell prüfen",
                        "Zuständigkeit, Vollständigkeit, Vertrauensniveau.",
                    ),
                    (
                        "Nachfordern, wenn nötig",
                        "Über das Postfach, mit Frist und Wiedervorlage.",
                    ),
                    ("Inhaltlich prüfen und entscheiden", "Wie bei jedem anderen Antrag."),
                    (
                        "Anhören, bevor Sie in Rechte eingreifen",
                        "Vor einem Verwaltungsakt, der in Rechte der Person eingreift, erhält "
                        "sie Gelegenheit zur Äußerung (§ 28 VwVfG). Auch vor einer Ablehnung "
                        "hilft es, die Gründe vorab mitzuteilen.",
                    ),
                    (
                        "Elektronisch bescheiden",
                        "Bescheid erzeugen, zeichnen, ins Postfach stellen, Kopie zur Akte.",
                    ),
                ),
                checklist(
                    "Vor dem elektronischen Versand eines Bescheids",
                    "Die Person hat einen elektronischen Zugang eröffnet.",
                    "Der Bescheid lässt die erlassende Behörde erkennen.",
                    "Verlangt das Fachrecht die Schriftform, ist sie elektronisch ersetzt.",
                    "Die Rechtsbehelfsbelehrung ist vollständig und aktuell.",
                    "Der Bescheid liegt als PDF in der E-Akte.",
                ),
                quiz(
                    single(
                        "Ein Antrag wurde mit der Online-Ausweisfunktion gestellt. Welches "
                        "Vertrauensniveau liegt vor?",
                        right("hoch"),
                        wrong("niedrig", "„Niedrig“ entspricht Benutzername und Passwort."),
                        wrong(
                            "substantiell", "Das entspricht zum Beispiel einem ELSTER-Zertifikat."
                        ),
                        explanation=(
                            "Die Online-Ausweisfunktion erreicht das Vertrauensniveau „hoch“, "
                            "das höchste der drei Niveaus nach der eIDAS-Verordnung."
                        ),
                    ),
                    true_or_false(
                        "Elektronische Dokumente dürfen Sie einer Antragstellerin nur "
                        "übermitteln, wenn sie dafür einen Zugang eröffnet hat, zum Beispiel "
                        "über das Postfach ihres Nutzerkontos.",
                        True,
                        explanation="§ 3a Abs. 1 VwVfG.",
                        if_true="Richtig.",
                        if_false="Doch: Ohne eröffneten Zugang bleibt es beim Postweg.",
                    ),
                    multiple(
                        "Was prüfen Sie bei jedem Online-Antrag?",
                        right("Ob Sie zuständig sind"),
                        right("Ob der Antrag vollständig ist"),
                        right("Ob das Vertrauensniveau zur Leistung passt"),
                        wrong(
                            "Ob die Person den Antrag nicht doch persönlich stellen kann",
                            "Der Online-Weg ist ein gleichwertiger Zugang.",
                        ),
                        explanation=(
                            "Zuständigkeit, Vollständigkeit und ein passendes Vertrauensniveau "
                            "prüfen Sie bei jedem Online-Antrag. Der Online-Weg ist dem Weg ins "
                            "Rathaus gleichwertig."
                        ),
                    ),
                    single(
                        "Im Online-Antrag fehlt ein Nachweis. Was tun Sie?",
                        right(
                            "Ihn mit Frist über das Postfach des Nutzerkontos nachfordern.",
                            "Richtig – und eine Wiedervorlage setzen.",
                        ),
                        wrong(
                            "Den Antrag sofort ablehnen.",
                            "Die Behörde soll die Ergänzung anregen (§ 25 VwVfG).",
                        ),
                        wrong(
                            "Die Person anrufen und nichts dokumentieren.",
                            "Nachforderungen gehören in die Akte, sonst ist die Frist nicht "
                            "nachweisbar.",
                        ),
                        explanation=(
                            "Nachforderungen gehen über das Postfach des Nutzerkontos, mit Frist "
                            "und Wiedervorlage, und werden in der E-Akte dokumentiert."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Einer für Alle, Once-Only und Registermodernisierung",
            slug="efa-und-once-only",
            summary=(
                "Wie Länder Online-Dienste gemeinsam nutzen, wie Nachweise künftig zwischen "
                "Behörden fließen und was das für Ihre Arbeit heißt."
            ),
            minutes=12,
            optional=True,
            body=[
                heading("Einer für Alle (EfA)"),
                text("""
                    <p>Nicht jede Kommune soll jeden Online-Dienst selbst bauen. Nach dem
                    Prinzip <b>„Einer für Alle“</b> entwickelt ein Land einen Dienst, und
                    andere Länder und Kommunen nutzen ihn nach. Die Kommune schließt ihn an,
                    etwa über den FIT-Store, und empfängt die Anträge in ihrem Fachverfahren.
                    Das spart Geld, heißt aber auch: Formular und Ablauf sind für alle gleich.
                    Verbesserungswünsche gehen an das Land, das den Dienst betreibt – nicht an
                    die eigene IT.</p>
                """),
                heading("Once-Only und Registermodernisierung", "h3"),
                text("""
                    <p>Nach dem <b>Once-Only-Prinzip</b> sollen Bürgerinnen und Bürger Daten,
                    die die Verwaltung schon hat, nicht immer wieder einreichen müssen. Mit
                    ihrer Zustimmung ruft die Behörde den Nachweis direkt im Register ab,
                    etwa eine Geburtsurkunde beim Standesamt. Dafür baut die Verwaltung ein
                    nationales technisches System für den Nachweisabruf auf.</p>
                    <p>Damit Datensätze in verschiedenen Registern derselben Person zugeordnet
                    werden können, hat das Identifikationsnummerngesetz von 2021 die
                    steuerliche Identifikationsnummer als übergreifende Identifikationsnummer
                    eingeführt. Über ein <b>Datenschutzcockpit</b> sollen Bürgerinnen und
                    Bürger nachvollziehen können, welche Behörde welche Daten ausgetauscht
                    hat.</p>
                """),
                text("""
                    <p>Für Sie bedeutet das: weniger hochgeladene Kopien, mehr strukturierte
                    Daten, die direkt aus Registern kommen – und jede Abfrage wird
                    protokolliert. Sie rufen nur ab, was Sie für den Antrag brauchen.</p>
                """),
                hint(
                    "Was Sie beitragen können",
                    """
                    Sie kennen die Abläufe am besten. Notieren Sie Medienbrüche, häufige
                    Rückfragen von Antragstellenden und doppelte Dateneingaben, und geben Sie
                    sie an die Digitalisierungsbeauftragten weiter. Beschreiben Sie Ihre
                    Abläufe als Prozesswissen in Lernwerk – der Kurs „Prozessmanagement“
                    zeigt, wie.
                    """,
                ),
            ],
        ),
    ),
)

# --- Prozessmanagement: Abläufe erheben und modellieren (BPMN) ----------------------------

BPMN = DemoCourse(
    title="Prozessmanagement: Abläufe erheben und modellieren (BPMN)",
    slug="prozessmanagement-bpmn",
    teaser=(
        "Abläufe sichtbar machen, bevor man sie digitalisiert: Sie erheben einen "
        "Verwaltungsprozess im Gespräch, modellieren ihn in BPMN 2.0 und finden "
        "Schwachstellen wie Medienbrüche, Schleifen und Liegezeiten."
    ),
    objectives=(
        "Sie beschreiben einen Verwaltungsprozess mit Auslöser, Ergebnis und Beteiligten.",
        "Sie erheben einen Ablauf im Interview oder Workshop.",
        "Sie lesen und zeichnen BPMN-Diagramme mit Ereignissen, Aufgaben, Gateways und Pools.",
        "Sie erkennen Schwachstellen und leiten Verbesserungen ab.",
    ),
    target_group=(
        "Sachbearbeitende, Organisations- und Digitalisierungsbeauftragte, Führungskräfte"
    ),
    level=Level.ADVANCED,
    tags=("Prozessmanagement", "BPMN", "Digitalisierung"),
    modules=(
        DemoModule(
            title="Prozessdenken: Was ist ein Verwaltungsprozess?",
            slug="prozessdenken",
            summary=(
                "Prozess statt Zuständigkeit: Auslöser, Ergebnis, Beteiligte, die "
                "Prozesslandkarte und warum Prozessmanagement vor der Digitalisierung kommt."
            ),
            minutes=12,
            body=[
                heading("Vom Amt zum Ablauf"),
                text("""
                    <p>Ein <b>Prozess</b> ist eine Folge von Tätigkeiten, die durch ein
                    Ereignis ausgelöst wird und ein Ergebnis für jemanden erzeugt: Ein Antrag
                    geht ein, am Ende steht ein Bescheid. Dazwischen arbeiten oft mehrere
                    Stellen – das Bürgerbüro nimmt an, das Fachamt prüft, die Stadtkasse
                    bucht die Gebühr. Jede Stelle sieht nur ihren Teil. Prozessdenken heißt,
                    den ganzen Weg aus Sicht der Antragstellenden zu betrachten.</p>
                    <p>Ein Satz aus der Digitalisierung fasst zusammen, warum das wichtig ist:
                    <i>Wer einen schlechten Prozess digitalisiert, hat hinterher einen
                    schlechten digitalen Prozess.</i> Bevor ein Ablauf in Software gegossen
                    wird, muss klar sein, wie er laufen soll.</p>
                """),
                heading("Die Prozesslandkarte", "h3"),
                text("""
                    <p>Die Prozesslandkarte zeigt alle Prozesse einer Verwaltung auf einer
                    Seite, in drei Gruppen:</p>
                    <ul>
                    <li><b>Führungsprozesse</b> steuern: Haushaltsplanung, Ziele,
                    Controlling.</li>
                    <li><b>Kernprozesse</b> erbringen Leistungen für Bürgerinnen, Bürger und
                    Unternehmen: Gewerbeanmeldung, Baugenehmigung, Eheschließung.</li>
                    <li><b>Unterstützungsprozesse</b> halten den Betrieb am Laufen: Personal,
                    IT, Beschaffung, Post.</li>
                    </ul>
                    <p>Jeder Prozess hat eine <b>Prozessverantwortliche</b>: eine Stelle, die
                    dafür sorgt, dass er beschrieben, aktuell und gut ist – auch wenn mehrere
                    Ämter daran arbeiten.</p>
                """),
                hint(
                    "Nicht bei null anfangen",
                    """
                    Das Föderale Informationsmanagement (FIM) stellt für Verwaltungsleistungen
                    Bausteine bereit: Leistungsbeschreibungen, Datenfelder für Formulare und
                    Referenzprozesse. Ein Referenzprozess ist ein guter Ausgangspunkt für den
                    eigenen Soll-Prozess.
                    """,
                ),
                checklist(
                    "Steckbrief eines Prozesses",
                    "Name nach dem Muster „Objekt + Verrichtung“, z. B. „Gewerbeanzeige "
                    "bearbeiten“",
                    "Auslöser: Womit beginnt der Prozess?",
                    "Ergebnis: Womit endet er, und wer erhält das Ergebnis?",
                    "Prozessverantwortliche Stelle",
                    "Beteiligte Stellen und Rollen",
                    "Rechtsgrundlagen",
                    "Eingesetzte IT-Systeme und Formulare",
                    "Fallzahl pro Jahr",
                ),
            ],
        ),
        DemoModule(
            title="Abläufe erheben: Interview, Workshop, Dokumentenanalyse",
            slug="ablaeufe-erheben",
            summary=(
                "Mit welchen Methoden Sie herausfinden, wie ein Ablauf wirklich läuft, und "
                "welche Fragen Sie dabei stellen."
            ),
            minutes=15,
            body=[
                heading("Methoden der Erhebung"),
                text("""
                    <ul>
                    <li><b>Dokumentenanalyse:</b> Formulare, Vordrucke, Dienstanweisungen,
                    Bescheidvorlagen und Rechtsgrundlagen sammeln. Schnell und gute
                    Vorbereitung – zeigt aber, wie es sein soll, nicht, wie es ist.</li>
                    <li><b>Interview:</b> ein Gespräch mit einer Person, die den Ablauf
                    kennt. Gut für Details und Sonderfälle.</li>
                    <li><b>Workshop:</b> alle Beteiligten an einem Tisch, der Ablauf entsteht
                    gemeinsam, etwa mit Karten an einer Wand. Gut für Schnittstellen, weil
                    jede Stelle hört, was die andere tut.</li>
                    <li><b>Beobachtung:</b> einen Vorgang begleiten. Zeigt, was niemand
                    erwähnt, weil es selbstverständlich geworden ist.</li>
                    </ul>
                    <p>Erheben Sie zuerst den <b>Ist-Prozess</b> – so, wie er tatsächlich
                    läuft, mit allen Umwegen. Erst wenn der klar ist, entwerfen Sie den
                    Soll-Prozess.</p>
                """),
                steps(
                    "Ein Erhebungsinterview führen",
                    (
                        "Vorbereiten",
                        "Formulare, Vorlagen und Rechtsgrundlagen sammeln, Gesprächspartnerin "
                        "auswählen, Termin mit ausreichend Zeit vereinbaren.",
                    ),
                    (
                        "Ziel erklären",
                        "Es geht um den Ablauf, nicht um die Bewertung von Personen.",
                    ),
                    (
                        "Vom Auslöser bis zum Ergebnis fragen",
                        "Chronologisch: Was passiert zuerst? Und dann? Wer macht das?",
                    ),
                    (
                        "Sonderfälle und Schleifen erfragen",
                        "Was passiert, wenn etwas fehlt? Wie oft kommt das vor?",
                    ),
                    (
                        "Systeme, Dokumente und Zeiten notieren",
                        "Welches Programm, welcher Vordruck, wie lange dauert es ungefähr?",
                    ),
                    (
                        "Probleme und Ideen sammeln",
                        "Was ärgert Sie an diesem Ablauf? Was würden Sie ändern?",
                    ),
                    (
                        "Ergebnis zurückspiegeln",
                        "Die Zusammenfassung oder das erste Modell mit der Gesprächspartnerin "
                        "durchgehen und korrigieren.",
                    ),
                ),
                warning(
                    "Personalrat frühzeitig einbinden",
                    """
                    Werden bei einer Erhebung Bearbeitungszeiten oder Fallzahlen einzelner
                    Beschäftigter erfasst, kann das eine Leistungs- oder Verhaltenskontrolle
                    ermöglichen und nach dem Landespersonalvertretungsgesetz
                    mitbestimmungspflichtig sein. Erheben Sie Zeiten deshalb als Schätzungen
                    je Arbeitsschritt, nicht je Person, und sprechen Sie größere Erhebungen
                    vorher mit dem Personalrat ab.
                    """,
                ),
                checklist(
                    "Fragen, die in keinem Interview fehlen sollten",
                    "Was löst den Ablauf aus?",
                    "Was ist das Ergebnis, und wer erhält es?",
                    "Wer ist beteiligt, und wer entscheidet?",
                    "Welche Unterlagen und Systeme werden gebraucht?",
                    "Wo wird gewartet, und worauf?",
                    "Was passiert bei fehlenden Unterlagen oder Rückfragen?",
                    "Wie viele Fälle gibt es im Jahr?",
                ),
            ],
        ),
        DemoModule(
            title="BPMN 2.0: die wichtigsten Symbole",
            slug="bpmn-symbole",
            summary=(
                "Ereignisse, Aufgaben, Gateways, Flüsse, Pools und Lanes – und die "
                "Benennungsregeln, die ein Modell lesbar machen."
            ),
            minutes=25,
            body=[
                heading("Eine gemeinsame Sprache für Abläufe"),
                text("""
                    <p>BPMN (Business Process Model and Notation) ist ein internationaler
                    Standard für Prozessdiagramme, gepflegt von der Object Management Group
                    und als ISO/IEC 19510 genormt. Die Verwaltung nutzt ihn, weil ein
                    BPMN-Diagramm von allen gleich gelesen wird – von der Sachbearbeitung bis
                    zum Softwarehersteller. Für den Anfang genügen wenige Symbole:</p>
                """),
                heading("Die Grundsymbole", "h3"),
                text("""
                    <ul>
                    <li><b>Ereignisse</b> (Kreise) markieren, dass etwas passiert: das
                    <b>Startereignis</b> (dünner Rand), <b>Zwischenereignisse</b> (doppelter
                    Rand, z. B. „Frist abgelaufen“) und das <b>Endereignis</b> (dicker
                    Rand).</li>
                    <li><b>Aufgaben</b> (Rechtecke mit abgerundeten Ecken) sind Tätigkeiten.
                    Ein <b>Teilprozess</b> mit einem Plus-Zeichen fasst mehrere Aufgaben
                    zusammen.</li>
                    <li><b>Gateways</b> (Rauten) verzweigen und führen zusammen: Das
                    <b>exklusive Gateway</b> (×) wählt genau einen Weg, das <b>parallele
                    Gateway</b> (+) durchläuft alle Wege gleichzeitig und wartet beim
                    Zusammenführen auf alle, das <b>inklusive Gateway</b> (○) wählt einen oder
                    mehrere Wege.</li>
                    <li><b>Sequenzflüsse</b> (durchgezogene Pfeile) verbinden die Schritte
                    innerhalb einer Organisation.</li>
                    <li><b>Pools</b> stehen für Beteiligte wie „Antragstellerin“ oder „Stadt“,
                    <b>Lanes</b> darin für Rollen oder Stellen wie „Bürgerbüro“ und
                    „Stadtkasse“.</li>
                    <li><b>Nachrichtenflüsse</b> (gestrichelte Pfeile) verbinden
                    verschiedene Pools: ein Antrag, der eingeht, ein Bescheid, der
                    verschickt wird.</li>
                    <li><b>Datenobjekte</b> (Blatt mit Eselsohr) zeigen Dokumente wie
                    „Antrag“ oder „Bescheid“.</li>
                    </ul>
                """),
                figure(
                    BPMN_DIAGRAM,
                    BPMN_DIAGRAM_ALT,
                    "Ein einfacher Prozess mit Start- und Endereignis, vier Aufgaben und einem "
                    "exklusiven Gateway mit Rücksprung.",
                ),
                heading("Benennungsregeln", "h3"),
                text("""
                    <ul>
                    <li>Aufgaben: <b>Objekt + Verb</b> im Infinitiv – „Antrag prüfen“, nicht
                    „Prüfung“.</li>
                    <li>Ereignisse: ein <b>Zustand</b> – „Antrag eingegangen“, „Frist
                    abgelaufen“.</li>
                    <li>Exklusive Gateways: eine <b>Frage</b> – „Unterlagen vollständig?“ –
                    mit beschrifteten Ausgängen „ja“ und „nein“.</li>
                    </ul>
                """),
                warning(
                    "Kein Sequenzfluss über Pool-Grenzen",
                    """
                    Zwischen zwei Pools gibt es nur Nachrichtenflüsse. Die Stadt kann der
                    Antragstellerin nicht „befehlen“, den nächsten Schritt zu tun – sie kann
                    ihr nur eine Nachricht schicken. Ein Sequenzfluss über die Pool-Grenze ist
                    einer der häufigsten Fehler in Verwaltungsmodellen.
                    """,
                ),
                hint(
                    "Klein anfangen",
                    """
                    Ein Diagramm sollte auf eine Bildschirmseite passen. Wird es größer,
                    fassen Sie zusammengehörige Aufgaben zu einem Teilprozess zusammen und
                    modellieren ihn in einem eigenen Diagramm.
                    """,
                ),
                quiz(
                    single(
                        "Welches Symbol steht für eine Entscheidung, bei der genau ein Weg "
                        "gewählt wird?",
                        right("Die Raute mit einem ×, das exklusive Gateway"),
                        wrong(
                            "Die Raute mit einem +, das parallele Gateway",
                            "Das parallele Gateway durchläuft alle Wege.",
                        ),
                        wrong(
                            "Der Kreis mit doppeltem Rand",
                            "Das ist ein Zwischenereignis.",
                        ),
                        wrong("Das Blatt mit Eselsohr", "Das ist ein Datenobjekt."),
                        explanation=(
                            "Das exklusive Gateway (Raute mit ×) lässt genau einen ausgehenden "
                            "Weg zu. Es wird als Frage beschriftet, seine Ausgänge mit den "
                            "Antworten."
                        ),
                    ),
                    single(
                        "Wie benennen Sie eine Aufgabe nach den Regeln der Modellierung?",
                        right("„Antrag prüfen“"),
                        wrong("„Prüfung“", "Ein Substantiv sagt nicht, was womit getan wird."),
                        wrong("„Antrag geprüft“", "Das ist ein Zustand – so heißen Ereignisse."),
                        explanation=(
                            "Aufgaben beschreiben eine Tätigkeit: Objekt plus Verb im Infinitiv. "
                            "Zustände wie „Antrag geprüft“ sind Ereignisse."
                        ),
                    ),
                    true_or_false(
                        "Zwischen dem Pool „Antragstellerin“ und dem Pool „Stadt“ zeichnen "
                        "Sie einen Sequenzfluss.",
                        False,
                        explanation=(
                            "Zwischen Pools gibt es nur Nachrichtenflüsse (gestrichelte "
                            "Pfeile). Sequenzflüsse bleiben innerhalb eines Pools."
                        ),
                        if_true="Nein – zwischen Pools nur Nachrichtenflüsse.",
                        if_false="Richtig: Das ist ein Nachrichtenfluss.",
                    ),
                    multiple(
                        "Welche Aussagen zum parallelen Gateway stimmen?",
                        right("Alle ausgehenden Wege werden durchlaufen."),
                        right("Beim Zusammenführen wird auf alle eingehenden Wege gewartet."),
                        wrong(
                            "Es wird genau ein Weg gewählt.",
                            "Das beschreibt das exklusive Gateway.",
                        ),
                        explanation=(
                            "Das parallele Gateway (Raute mit +) teilt den Ablauf in Wege, die "
                            "alle durchlaufen werden, und führt erst weiter, wenn alle "
                            "angekommen sind."
                        ),
                    ),
                    single(
                        "Womit endet ein Prozess im Diagramm?",
                        right("Mit einem Endereignis, einem Kreis mit dickem Rand"),
                        wrong("Mit der letzten Aufgabe", "Jeder Pfad endet in einem Endereignis."),
                        wrong("Mit einem Gateway", "Gateways verzweigen nur."),
                        explanation=(
                            "Jeder Weg durch ein BPMN-Diagramm endet in einem Endereignis, einem "
                            "Kreis mit dickem Rand. So sieht man, welche Ergebnisse der Prozess "
                            "haben kann."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Praxis: die Gewerbeanzeige modellieren",
            slug="praxis-gewerbeanzeige",
            summary=(
                "Schritt für Schritt vom Interview zum BPMN-Modell, am Beispiel der "
                "Gewerbeanzeige – und eine Übung mit einem Ablauf aus Ihrem Arbeitsbereich."
            ),
            minutes=30,
            body=[
                heading("Das Beispiel"),
                text("""
                    <p>Wer ein stehendes Gewerbe beginnt, muss das nach § 14 der
                    Gewerbeordnung der zuständigen Behörde anzeigen. Die Behörde bescheinigt
                    den Empfang der Anzeige innerhalb von drei Tagen (§ 15 Abs. 1 GewO) und
                    übermittelt die Daten an die gesetzlich vorgesehenen Stellen, etwa das
                    Finanzamt, die Industrie- und Handelskammer oder die Handwerkskammer und
                    das Statistische Landesamt. Ein überschaubarer Ablauf mit einer typischen
                    Schleife: der unvollständigen Anzeige.</p>
                """),
                steps(
                    "Vom Gespräch zum Modell",
                    (
                        "Start und Ende festlegen",
                        "Startereignis „Gewerbeanzeige eingegangen“, Endereignis „Anzeige "
                        "bearbeitet“.",
                    ),
                    (
                        "Den Regelfall als Aufgabenkette zeichnen",
                        "„Anzeige auf Vollständigkeit prüfen“, „Empfang bescheinigen“, "
                        "„Daten an die zuständigen Stellen übermitteln“.",
                    ),
                    (
                        "Entscheidungen als Gateways einfügen",
                        "„Vollständig?“ – bei „nein“ fehlende Angaben nachfordern und danach "
                        "erneut prüfen.",
                    ),
                    (
                        "Pools und Lanes ergänzen",
                        "Ein Pool für die Gewerbetreibenden, einer für die Stadt; Lanes, wenn "
                        "etwa die Stadtkasse die Gebühr bucht.",
                    ),
                    (
                        "Nachrichtenflüsse einzeichnen",
                        "Anzeige, Nachforderung und Empfangsbescheinigung wandern zwischen "
                        "den Pools.",
                    ),
                    (
                        "Datenobjekte und Systeme ergänzen",
                        "Welche Dokumente entstehen, welches Fachverfahren wird genutzt?",
                    ),
                    (
                        "Mit den Beteiligten prüfen",
                        "Das Modell gemeinsam durchgehen: Fehlt ein Schritt, stimmt die "
                        "Reihenfolge?",
                    ),
                ),
                figure(
                    BPMN_DIAGRAM,
                    BPMN_DIAGRAM_ALT,
                    "Das Ergebnis, zunächst ohne den Pool der Gewerbetreibenden.",
                ),
                text("""
                    <p>Das Modell in Worten, wie es auch in einer Prozessbeschreibung stehen
                    sollte: Geht eine Gewerbeanzeige ein, prüft das Gewerbeamt sie auf
                    Vollständigkeit. Ist sie unvollständig, fordert es die fehlenden Angaben
                    nach und prüft erneut. Ist sie vollständig, bescheinigt es den Empfang und
                    übermittelt die Daten an die zuständigen Stellen; damit ist die Anzeige
                    bearbeitet.</p>
                """),
                hint(
                    "Immer mit Text",
                    """
                    Ein Diagramm ersetzt die Beschreibung nicht: Nicht alle können Grafiken
                    gleich gut lesen, und Screenreader lesen sie gar nicht. Beschreiben Sie
                    jeden Prozess zusätzlich als nummerierte Schrittfolge.
                    """,
                ),
                checklist(
                    "Review eines Modells",
                    "Jeder Pfad beginnt mit einem Start- und endet mit einem Endereignis.",
                    "Aufgaben heißen „Objekt + Verb“, Ereignisse beschreiben Zustände.",
                    "Jedes exklusive Gateway stellt eine Frage, die Ausgänge sind beschriftet.",
                    "Zwischen Pools gibt es nur Nachrichtenflüsse.",
                    "Die Beteiligten haben das Modell gesehen und bestätigt.",
                ),
                heading("Ihre Übung"),
                text("""
                    <p>Wählen Sie einen überschaubaren Ablauf aus Ihrem Arbeitsbereich, zum
                    Beispiel das Ausstellen einer Meldebescheinigung oder die Annahme einer
                    Fundsache. Modellieren Sie ihn nach den Schritten oben – auf Papier oder
                    mit dem Modellierungswerkzeug Ihrer Kommune – und prüfen Sie ihn mit der
                    Review-Checkliste. Besprechen Sie das Ergebnis mit einer Kollegin, die den
                    Ablauf ebenfalls kennt: Wo sieht sie ihn anders?</p>
                """),
            ],
        ),
        DemoModule(
            title="Schwachstellen finden und Prozesse verbessern",
            slug="prozesse-verbessern",
            summary=(
                "Medienbrüche, Schleifen und Liegezeiten erkennen, mit Kennzahlen belegen und "
                "daraus einen besseren Soll-Prozess machen."
            ),
            minutes=15,
            optional=True,
            body=[
                heading("Typische Schwachstellen"),
                text("""
                    <ul>
                    <li><b>Medienbrüche:</b> Daten werden von Papier in ein System oder von
                    einem System ins andere abgetippt.</li>
                    <li><b>Doppelerfassung:</b> Dieselbe Angabe wird an mehreren Stellen
                    erfasst.</li>
                    <li><b>Schleifen:</b> Anträge kommen unvollständig an und müssen
                    nachgefordert werden – oft ein Hinweis auf ein unklares Formular.</li>
                    <li><b>Liegezeiten:</b> Ein Vorgang wartet im Umlauf, in der Post oder auf
                    eine Unterschrift.</li>
                    <li><b>Unnötige Beteiligungen:</b> Mitzeichnungen, die niemand mehr
                    begründen kann.</li>
                    </ul>
                """),
                heading("Mit Zahlen argumentieren", "h3"),
                text("""
                    <p>Die <b>Durchlaufzeit</b> misst vom Eingang bis zum Ergebnis, die
                    <b>Bearbeitungszeit</b> nur die Zeit, in der jemand tatsächlich am Vorgang
                    arbeitet. Oft macht die Bearbeitungszeit nur einen kleinen Teil der
                    Durchlaufzeit aus – der Rest ist Warten. Weitere nützliche Kennzahlen sind
                    die Fallzahl, der Anteil unvollständiger Anträge und der Anteil der
                    Online-Anträge.</p>
                    <p>Fragen Sie bei jeder Schwachstelle mehrmals „Warum?“, bis Sie die
                    Ursache gefunden haben. Dann gilt die Reihenfolge: weglassen, was nicht
                    nötig ist, vereinfachen, was bleibt, und erst dann automatisieren.</p>
                """),
                steps(
                    "Vom Ist zum Soll",
                    (
                        "Schwachstellen im Ist-Modell markieren",
                        "Mit den Beteiligten, direkt im Diagramm.",
                    ),
                    ("Ursachen klären", "Mehrmals „Warum?“ fragen."),
                    (
                        "Rechtsrahmen prüfen",
                        "Was ist vorgeschrieben, was nur Gewohnheit?",
                    ),
                    ("Soll-Prozess modellieren", "Weglassen, vereinfachen, automatisieren."),
                    (
                        "Einführen und dokumentieren",
                        "Beschäftigte schulen, die Prozessbeschreibung als Prozesswissen "
                        "veröffentlichen und einen Termin für die Überprüfung festlegen.",
                    ),
                ),
                hint(
                    "Kennzahlen ohne Personenbezug",
                    """
                    Werten Sie Zeiten und Fallzahlen je Prozess oder Team aus, nicht je
                    Person. Dann dienen sie der Verbesserung des Ablaufs und nicht der
                    Kontrolle von Beschäftigten.
                    """,
                ),
            ],
        ),
    ),
)

# --- Blomberg only: Neu im Bürgerbüro ----------------------------------------------------

BUERGERBUERO_BLOMBERG = DemoCourse(
    title="Neu im Bürgerbüro Blomberg: Fachverfahren und Abläufe",
    slug="neu-im-buergerbuero",
    teaser=(
        "Die Einarbeitung für neue Kolleginnen und Kollegen im Bürgerbüro der Stadt "
        "Blomberg: Team und Tagesablauf, An- und Ummeldung im Fachverfahren Einwohnerwesen, "
        "Ausweise und Pässe, Kasse und Diskretion am Schalter."
    ),
    objectives=(
        "Sie kennen die Aufgaben, das Team und den Tagesablauf im Bürgerbüro.",
        "Sie nehmen eine Anmeldung nach dem Bundesmeldegesetz vollständig auf.",
        "Sie beantragen Personalausweise und Reisepässe mit Lichtbild und Fingerabdrücken.",
        "Sie führen die Kasse und wahren die Diskretion am Schalter.",
    ),
    target_group="neue Beschäftigte im Bürgerbüro der Stadt Blomberg",
    level=Level.BASIC,
    tags=("Bürgerbüro", "Meldewesen", "Einarbeitung"),
    prerequisites=("datenschutz-am-arbeitsplatz", "phishing-erkennen"),
    modules=(
        DemoModule(
            title="Willkommen im Bürgerbüro: Aufgaben, Team und Tagesablauf",
            slug="willkommen",
            summary=(
                "Was das Bürgerbüro leistet, wer dazugehört, wie ein Tag abläuft und was in "
                "Ihren ersten Wochen passiert."
            ),
            minutes=10,
            body=[
                hint(
                    "Ein Demo-Kurs",
                    """
                    Dieser Kurs gehört zu den Demo-Daten von Lernwerk. Namen, Zeiten und
                    Abläufe der Stadt Blomberg sind erfunden; die Rechtsgrundlagen sind
                    echt.
                    """,
                ),
                heading("Das Bürgerbüro"),
                text("""
                    <p>Das Bürgerbüro ist für viele Blombergerinnen und Blomberger das Gesicht
                    der Stadtverwaltung. Hier werden Wohnsitze an-, um- und abgemeldet,
                    Personalausweise und Reisepässe beantragt und ausgegeben,
                    Meldebescheinigungen und Führungszeugnisse beantragt, Fundsachen
                    angenommen und Kopien beglaubigt. Das Bürgerbüro gehört zum Fachbereich 2
                    Bürgerdienste; geleitet wird es von Laura Zimmermann, die auch Ihre
                    Einarbeitung verantwortet.</p>
                    <p>Die meisten Kundinnen und Kunden kommen mit einem Termin, den sie
                    online oder telefonisch vereinbart haben. Für kurze Anliegen wie die
                    Abholung eines Ausweises gibt es die Spontantheke. Online-Anträge und die
                    Post bearbeiten Sie im Backoffice, in den Zeiten ohne Publikumsverkehr.</p>
                """),
                heading("Ein Tag im Bürgerbüro", "h3"),
                text("""
                    <ul>
                    <li><b>7:30 Uhr:</b> Arbeitsplatz hochfahren, Kasse übernehmen,
                    Terminliste prüfen.</li>
                    <li><b>8:00 bis 12:30 Uhr:</b> Publikumsverkehr mit Terminen und
                    Spontantheke.</li>
                    <li><b>Nachmittags:</b> Backoffice – Online-Anträge, Post,
                    Rückmeldungen anderer Meldebehörden, Ausweise für die Abholung
                    vorbereiten; donnerstags Publikumsverkehr bis 18 Uhr.</li>
                    <li><b>Zum Schluss:</b> Kassenabschluss im Vier-Augen-Prinzip, Tresen
                    aufräumen, Bildschirm sperren.</li>
                    </ul>
                """),
                heading("Ihre Einarbeitung", "h3"),
                text("""
                    <p>In der ersten Woche begleiten Sie erfahrene Kolleginnen am Schalter
                    und lernen die Fachverfahren kennen. Ab der zweiten Woche übernehmen Sie
                    einfache Anliegen selbst, zunächst mit einer Kollegin an Ihrer Seite. Die
                    Berechtigungen für die Fachverfahren beantragt die Leitung des
                    Bürgerbüros bei der IT; Sie erhalten sie erst nach den Pflichtkursen zu
                    Datenschutz und IT-Sicherheit.</p>
                """),
                checklist(
                    "Ihre erste Woche",
                    "Anmeldung am PC und am E-Mail-Postfach eingerichtet",
                    "Pflichtkurse „Datenschutz“ und „Phishing erkennen“ abgeschlossen",
                    "Zugang zum Fachverfahren Einwohnerwesen und zum Ausweisverfahren beantragt",
                    "Kasseneinweisung erhalten",
                    "Notfallknopf und Fluchtwege gezeigt bekommen",
                    "Prozessbeschreibungen des Bürgerbüros in Lernwerk gelesen",
                ),
            ],
        ),
        DemoModule(
            title="Anmeldung einer Wohnung im Fachverfahren Einwohnerwesen",
            slug="anmeldung",
            summary=(
                "Meldepflicht, Wohnungsgeberbestätigung, Haupt- und Nebenwohnung, "
                "Auskunftssperren und die Anmeldung Schritt für Schritt."
            ),
            minutes=20,
            body=[
                heading("Die Meldepflicht"),
                text("""
                    <p>Wer eine Wohnung bezieht, muss sich innerhalb von zwei Wochen nach dem
                    Einzug bei der Meldebehörde anmelden (§ 17 Abs. 1 BMG). Der
                    Wohnungsgeber – meist der Vermieter – bestätigt den Einzug schriftlich
                    oder elektronisch mit der <b>Wohnungsgeberbestätigung</b> (§ 19 BMG).
                    Einen Mietvertrag brauchen Sie nicht. Eine Wohnungsgeberbestätigung aus
                    Gefälligkeit für jemanden, der gar nicht einzieht, ist verboten.</p>
                    <p>Hat jemand mehrere Wohnungen, ist eine davon die <b>Hauptwohnung</b>:
                    die vorwiegend benutzte Wohnung. Bei Verheirateten und Lebenspartnern ist
                    es die vorwiegend benutzte Wohnung der Familie (§§ 21, 22 BMG). Alle
                    anderen Wohnungen sind Nebenwohnungen.</p>
                """),
                steps(
                    "Eine Anmeldung aufnehmen",
                    (
                        "Identität prüfen",
                        "Personalausweis oder Reisepass aller anzumeldenden Personen.",
                    ),
                    (
                        "Wohnungsgeberbestätigung prüfen",
                        "Name und Anschrift des Wohnungsgebers, Einzugsdatum, Anschrift der "
                        "Wohnung, Namen der meldepflichtigen Personen.",
                    ),
                    (
                        "Person im Fachverfahren suchen",
                        "Bei Zuzug aus einer anderen Gemeinde rufen Sie die Daten bei der "
                        "bisherigen Meldebehörde ab (vorausgefüllter Meldeschein) und prüfen "
                        "sie mit der Person.",
                    ),
                    (
                        "Wohnungsstatus klären",
                        "Haupt- oder Nebenwohnung? Bei mehreren Wohnungen nachfragen.",
                    ),
                    (
                        "Auf Widerspruchsrechte hinweisen",
                        "Zum Beispiel gegen Übermittlungen an Parteien vor Wahlen, an "
                        "Adressbuchverlage und zu Alters- und Ehejubiläen.",
                    ),
                    (
                        "Anschrift im Ausweis ändern",
                        "Aufkleber auf dem Dokument und Änderung im Chip des Personalausweises.",
                    ),
                    (
                        "Meldebestätigung aushändigen",
                        "Die Person erhält eine Bestätigung über die Anmeldung. Die "
                        "Rückmeldung an die bisherige Meldebehörde erzeugt das "
                        "Fachverfahren.",
                    ),
                ),
                warning(
                    "Auskunftssperre",
                    """
                    Zeigt das Fachverfahren eine Auskunftssperre nach § 51 BMG an, besteht
                    eine Gefahr für Leben, Gesundheit oder Freiheit der Person. Geben Sie die
                    Anschrift niemandem heraus – auch nicht Angehörigen, die am Schalter oder
                    am Telefon danach fragen – und sprechen Sie die Anschrift am Schalter
                    nicht laut aus.
                    """,
                ),
                hint(
                    "Verspätete Anmeldung",
                    """
                    Wer sich zu spät anmeldet, handelt ordnungswidrig. Nehmen Sie die
                    Anmeldung trotzdem auf; ob ein Bußgeldverfahren eingeleitet wird,
                    entscheidet nach der Dienstanweisung des Bürgerbüros die Leitung.
                    """,
                ),
                quiz(
                    single(
                        "Innerhalb welcher Frist muss man sich nach dem Einzug anmelden?",
                        right("Innerhalb von zwei Wochen", "Richtig: § 17 Abs. 1 BMG."),
                        wrong("Innerhalb einer Woche", "Die Frist ist länger."),
                        wrong("Innerhalb eines Monats", "Die Frist ist kürzer."),
                        wrong("Innerhalb von drei Monaten", "Die Frist ist deutlich kürzer."),
                        explanation=(
                            "Wer eine Wohnung bezieht, muss sich nach § 17 Abs. 1 BMG innerhalb "
                            "von zwei Wochen nach dem Einzug bei der Meldebehörde anmelden."
                        ),
                    ),
                    multiple(
                        "Was brauchen Sie für eine Anmeldung?",
                        right("Personalausweis oder Reisepass"),
                        right("Die Wohnungsgeberbestätigung"),
                        wrong(
                            "Den Mietvertrag",
                            "Nicht nötig – die Wohnungsgeberbestätigung genügt.",
                        ),
                        wrong(
                            "Die Geburtsurkunde",
                            "Für die Anmeldung in der Regel nicht nötig.",
                        ),
                        explanation=(
                            "Für die Anmeldung braucht es ein Ausweisdokument und die "
                            "Wohnungsgeberbestätigung nach § 19 BMG. Mietvertrag und "
                            "Geburtsurkunde sind nicht erforderlich."
                        ),
                    ),
                    true_or_false(
                        "Ist für eine Person eine Auskunftssperre eingetragen, nennen Sie ihre "
                        "neue Anschrift auch Angehörigen am Telefon nicht.",
                        True,
                        explanation=(
                            "Die Auskunftssperre schützt die Person gerade auch vor Menschen, "
                            "die sie kennen."
                        ),
                        if_true="Richtig.",
                        if_false="Doch: Die Sperre gilt gegenüber allen.",
                    ),
                    single(
                        "Ein Ehepaar hat eine Wohnung in Blomberg und eine in Detmold. Die "
                        "Familie lebt überwiegend in Blomberg. Wo ist die Hauptwohnung?",
                        right(
                            "In Blomberg", "Richtig: die vorwiegend benutzte Wohnung der Familie."
                        ),
                        wrong("In Detmold", "Die Familie lebt überwiegend in Blomberg."),
                        wrong(
                            "Das Ehepaar kann es frei wählen.",
                            "Maßgeblich ist die tatsächliche Nutzung, nicht der Wunsch.",
                        ),
                        explanation=(
                            "Bei Verheirateten, die nicht dauernd getrennt leben, ist die "
                            "Hauptwohnung die vorwiegend benutzte Wohnung der Familie (§ 22 "
                            "BMG)."
                        ),
                    ),
                ),
            ],
        ),
        DemoModule(
            title="Personalausweis und Reisepass beantragen",
            slug="ausweis-und-pass",
            summary=(
                "Ausweispflicht, Gültigkeit, digitales Lichtbild, Fingerabdrücke, "
                "Online-Ausweisfunktion und die Ausgabe."
            ),
            minutes=20,
            body=[
                heading("Grundlagen"),
                text("""
                    <p>Deutsche, die 16 Jahre alt und in Deutschland meldepflichtig sind,
                    müssen einen gültigen Personalausweis besitzen – oder einen Reisepass,
                    mit dem sie sich ausweisen können.
                    Der Personalausweis gilt bei Personen ab 24 Jahren zehn Jahre, bei
                    jüngeren sechs Jahre. Beantragt wird er persönlich bei der
                    Personalausweisbehörde, in der Regel der des Hauptwohnsitzes. Seit dem
                    1. Januar 2024 gibt es keine Kinderreisepässe mehr; Kinder erhalten
                    einen Personalausweis oder einen Reisepass.</p>
                    <p>Seit August 2021 werden im Chip des Personalausweises zwei
                    Fingerabdrücke gespeichert; das verlangt eine EU-Verordnung. Seit Mai 2025
                    nehmen die Behörden Lichtbilder nur noch digital an: Sie kommen über
                    einen gesicherten Übermittlungsweg von einem registrierten Fotostudio oder
                    werden im Bürgerbüro aufgenommen.</p>
                """),
                steps(
                    "Einen Personalausweis beantragen",
                    (
                        "Identität und Meldedaten prüfen",
                        "Altes Dokument oder andere Nachweise vorlegen lassen, Daten im "
                        "Fachverfahren Einwohnerwesen abgleichen.",
                    ),
                    (
                        "Lichtbild übernehmen oder aufnehmen",
                        "Das digitale Lichtbild abrufen oder am Terminal aufnehmen und auf "
                        "die biometrischen Anforderungen prüfen.",
                    ),
                    (
                        "Fingerabdrücke erfassen",
                        "Zwei Finger, in der Regel die Zeigefinger; ab 6 Jahren.",
                    ),
                    ("Unterschrift erfassen", "Auf dem Unterschriftenpad."),
                    (
                        "Antragsdaten prüfen lassen",
                        "Die Person kontrolliert Namen, Geburtsdaten und Anschrift, bevor der "
                        "Antrag abgeschickt wird – Fehler sind später teuer.",
                    ),
                    ("Gebühr kassieren", "Nach der aktuellen Gebührentabelle im Intranet."),
                    (
                        "Über Abholung und Online-Ausweisfunktion informieren",
                        "Hergestellt wird der Ausweis bei der Bundesdruckerei; das dauert "
                        "einige Wochen. Der PIN-Brief kommt per Post.",
                    ),
                ),
                heading("Ausgabe", "h3"),
                text("""
                    <p>Bei der Abholung prüfen Sie die Identität, händigen das neue Dokument
                    aus und machen das alte ungültig. Die Online-Ausweisfunktion ist bei
                    neuen Ausweisen eingeschaltet; mit der PIN aus dem PIN-Brief kann die
                    Person sich damit zum Beispiel bei der BundID anmelden. Wer den Ausweis
                    verliert, lässt die Online-Ausweisfunktion über den Sperrnotruf 116 116
                    oder bei der Ausweisbehörde sperren und zeigt den Verlust an.</p>
                """),
                hint(
                    "Gebühren",
                    """
                    Gebühren für Ausweise und Pässe ändern sich gelegentlich. Lernen Sie sie
                    nicht auswendig, sondern nutzen Sie die Gebührentabelle im Intranet, die
                    die Leitung des Bürgerbüros aktuell hält.
                    """,
                ),
            ],
        ),
        DemoModule(
            title="Kasse, Diskretion und schwierige Situationen am Schalter",
            slug="kasse-und-schalter",
            summary=(
                "Kassenführung und Tagesabschluss, Diskretion im Wartebereich und was hilft, "
                "wenn ein Gespräch eskaliert."
            ),
            minutes=12,
            body=[
                heading("Die Kasse"),
                text("""
                    <p>Im Bürgerbüro nehmen Sie Gebühren bar oder mit Karte an. Jede Zahlung
                    wird im Kassenverfahren gebucht, jede Kundin erhält eine Quittung. Die
                    Kasse ist nur für dienstliches Geld da – privates Geld und „Ausleihen“
                    für das Wechselgeld sind tabu. Am Ende des Tages wird die Kasse im
                    Vier-Augen-Prinzip abgerechnet: Bestand zählen, mit den Buchungen
                    vergleichen, beide unterschreiben. Differenzen werden nicht
                    ausgeglichen, sondern dokumentiert und der Leitung gemeldet.</p>
                """),
                heading("Diskretion", "h3"),
                text("""
                    <p>Wartende werden mit ihrer Nummer aufgerufen, nicht mit ihrem Namen.
                    Am Schalter sprechen Sie leise, drehen den Bildschirm weg vom
                    Wartebereich und lassen keine Unterlagen der vorherigen Person liegen.
                    Hält jemand den Diskretionsabstand nicht ein, bitten Sie freundlich
                    darum.</p>
                """),
                heading("Wenn es schwierig wird", "h3"),
                text("""
                    <p>Die meisten Gespräche sind freundlich. Wenn jemand wütend wird, hilft
                    es, ruhig zu bleiben, zuzuhören, den eigenen Namen zu nennen und zu
                    erklären, was Sie tun können – und was nicht. Benennen Sie Grenzen klar:
                    „Ich helfe Ihnen gern weiter, aber nicht, wenn Sie mich anschreien.“
                    Holen Sie eine Kollegin dazu, wenn Sie unsicher sind. Bei Bedrohung lösen
                    Sie den Notfallknopf unter dem Tresen aus; die Kolleginnen aus den
                    Nachbarbüros kommen dann sofort.</p>
                """),
                checklist(
                    "Kassenabschluss",
                    "Bargeldbestand gezählt",
                    "Kartenzahlungen mit dem Tagesbericht des Terminals abgeglichen",
                    "Summe mit den Buchungen im Kassenverfahren verglichen",
                    "Differenzen dokumentiert und gemeldet",
                    "Abschluss von zwei Personen unterschrieben",
                ),
                quiz(
                    single(
                        "Beim Kassenabschluss fehlen 10 Euro. Was tun Sie?",
                        right(
                            "Die Differenz dokumentieren und der Leitung melden.",
                            "Richtig: Nur so lässt sich der Fehler aufklären.",
                        ),
                        wrong(
                            "Die 10 Euro aus eigener Tasche ausgleichen.",
                            "Das verschleiert den Fehler und ist nicht erlaubt.",
                        ),
                        wrong(
                            "Die Differenz in den nächsten Tag übernehmen.",
                            "Jeder Tagesabschluss muss für sich stimmen.",
                        ),
                        explanation=(
                            "Kassendifferenzen werden dokumentiert und gemeldet, nie privat "
                            "ausgeglichen. Nur so lassen sich Fehler aufklären – und Sie sind "
                            "abgesichert."
                        ),
                    ),
                    true_or_false(
                        "Im Wartebereich rufen Sie Kundinnen und Kunden mit ihrem vollen Namen "
                        "auf.",
                        False,
                        explanation=(
                            "Der Aufruf mit der Wartenummer schützt die Privatsphäre: Wer im "
                            "Bürgerbüro wartet, geht andere nichts an."
                        ),
                        if_true="Nein: Aufgerufen wird mit der Wartenummer.",
                        if_false="Richtig: Aufgerufen wird mit der Wartenummer.",
                    ),
                    multiple(
                        "Was hilft, wenn ein Gespräch am Schalter eskaliert?",
                        right("Ruhig bleiben und zuhören"),
                        right("Grenzen klar benennen"),
                        right("Eine Kollegin dazuholen oder im Notfall den Notfallknopf nutzen"),
                        wrong(
                            "So lange diskutieren, bis die Person einsieht, dass sie im Unrecht "
                            "ist",
                            "Das heizt die Situation meist weiter an.",
                        ),
                        explanation=(
                            "Ruhe, klare Grenzen und Unterstützung durch Kolleginnen und "
                            "Kollegen entschärfen die meisten Situationen. Bei Bedrohung geht "
                            "Ihre Sicherheit vor."
                        ),
                    ),
                ),
            ],
        ),
    ),
)

SHARED_COURSES = (E_AKTE, DATENSCHUTZ, PHISHING, OZG, BPMN)

#: Courses that only one demo municipality's staff see, by municipality slug.
LOCAL_COURSES = {"blomberg": (BUERGERBUERO_BLOMBERG,)}

SHARED_CATALOGUE = DemoCatalogue(
    title="Kurskatalog",
    intro=(
        "<p>Kurse für alle Beschäftigten der Kooperation: E-Akte, Datenschutz, "
        "IT-Sicherheit, OZG und Prozessmanagement. Hier finden Sie auch die Kurse, die Ihre "
        "eigene Kommune anbietet.</p>"
    ),
)

LOCAL_CATALOGUE_INTRO = (
    "<p>Kurse, die die {name} für ihre eigenen Beschäftigten anbietet – etwa zur Einarbeitung "
    "in Abläufe vor Ort –, zusammen mit den gemeinsamen Kursen der Kooperation.</p>"
)


# --- Loading -----------------------------------------------------------------------------


@dataclass
class DemoCourses:
    """What ``load_courses`` created, for the command's summary."""

    catalogues: list[CourseIndexPage] = field(default_factory=list)
    courses: list[CoursePage] = field(default_factory=list)
    modules: list[ModulePage] = field(default_factory=list)

    @property
    def quiz_count(self) -> int:
        return sum(1 for module in self.modules if module.quiz is not None)


def demo_courses_exist() -> bool:
    """Whether the shared demo courses are there; they are loaded all together or not at all."""
    shared = SectionPage.objects.filter(municipality__isnull=True).first()
    if shared is None:
        return False
    slugs = [course.slug for course in SHARED_COURSES]
    return CoursePage.objects.descendant_of(shared).filter(slug__in=slugs).exists()


def load_courses(municipalities: Mapping[str, Municipality] | None = None) -> DemoCourses:
    """Publish the shared catalogue and courses, and a catalogue per demo municipality.

    ``municipalities`` maps slugs to the demo municipalities (default: those in the
    database), so the courses can be added to a database that got the organisations demo
    earlier. Run inside a transaction; the caller decides whether the courses are there
    already (``demo_courses_exist``). A catalogue a section already has is reused.
    """
    if municipalities is None:
        municipalities = {
            m.slug: m for m in Municipality.objects.filter(slug__in=DEMO_MUNICIPALITY_SLUGS)
        }
    author = get_user_model().objects.filter(username=DEMO_AUTHOR).first()
    demo = DemoCourses()
    images = {BPMN_DIAGRAM.key: _register_image(BPMN_DIAGRAM, bpmn_example_png(), author)}

    shared_section = (
        SectionPage.objects.filter(municipality__isnull=True).first() or provision_shared_section()
    )
    shared_author = _author_in(shared_section, author)
    catalogue = _catalogue(shared_section, SHARED_CATALOGUE, shared_author, demo)
    shared_courses: dict[str, CoursePage] = {}
    for data in SHARED_COURSES:
        shared_courses[data.slug] = _add_course(
            catalogue, data, shared_courses, images, shared_author, demo
        )

    official_names = {data.slug: data.units.name for data in MUNICIPALITIES}
    for slug, municipality in municipalities.items():
        name = official_names.get(slug, municipality.name)
        local = DemoCatalogue(f"Kurse der {name}", LOCAL_CATALOGUE_INTRO.format(name=name))
        section_author = _author_in(municipality.section, author)
        catalogue = _catalogue(municipality.section, local, section_author, demo)
        visible = dict(shared_courses)
        for data in LOCAL_COURSES.get(slug, ()):
            visible[data.slug] = _add_course(catalogue, data, visible, images, section_author, demo)
    return demo


def _catalogue(section: SectionPage, data: DemoCatalogue, author, demo: DemoCourses):
    existing = CourseIndexPage.objects.child_of(section).first()
    if existing is not None:
        return existing
    page = CourseIndexPage(title=data.title, slug="kurse", intro=data.intro)
    demo.catalogues.append(publish_page(section, page, author))
    return page


def _add_course(
    catalogue: CourseIndexPage,
    data: DemoCourse,
    available: Mapping[str, CoursePage],
    images: Mapping[str, int],
    author,
    demo: DemoCourses,
) -> CoursePage:
    course = CoursePage(
        title=data.title,
        slug=data.slug,
        teaser=_plain(data.teaser),
        objectives=data.objectives_html,
        target_group=data.target_group,
        level=data.level,
    )
    course.tags.add(*data.tags)
    course.prerequisites.set([available[slug] for slug in data.prerequisites])
    publish_page(catalogue, course, author)
    for module_data in data.modules:
        module = ModulePage(
            title=module_data.title,
            slug=module_data.slug,
            summary=_plain(module_data.summary),
            estimated_minutes=module_data.minutes,
            optional=module_data.optional,
            completion_rule=module_data.completion_rule,
            body=_validated_body(module_data, images),
        )
        demo.modules.append(publish_page(course, module, author))
    # Publishing each module recomputed the course's duration in the database.
    course.refresh_from_db()
    demo.courses.append(course)
    return course


def publish_page(parent: Page, page: Page, author) -> Page:
    """Add ``page`` as a draft, validate it, and publish it through a revision.

    This is the path an editor takes, so the ``page_published`` signal fires (a course's
    duration is the sum of its published modules; an article's revision becomes the one
    to acknowledge) and the page history names the author. ``save_revision`` runs
    ``full_clean()`` on the page before it stores the revision. A trainer's pages
    normally go through the Redaktion's approval; the loader publishes directly, so it
    skips the permission check that would stop the trainer.
    """
    page.owner = author
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=author, log_action=True)
    revision.publish(user=author, skip_permission_checks=True)
    page.refresh_from_db()
    return page


def _author_in(section: SectionPage, author):
    """The demo author where she may author pages, else nobody (an anonymous load)."""
    if author is not None and section.permissions_for_user(author).can_add_subpage():
        return author
    return None


def _validated_body(module: DemoModule, images: Mapping[str, int]):
    """The module's body as a StreamValue that passed every block's own validation."""
    block = ModulePage._meta.get_field("body").stream_block
    value = block.to_python([_with_images(item, images) for item in module.body])
    try:
        return block.clean(value)
    except ValidationError as error:
        detail = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
        raise ValidationError(f"Modul „{module.title}“: {detail}") from error


def _with_images(block: Block, images: Mapping[str, int]) -> Block:
    """``block`` with the key of a ``DemoImage`` replaced by the registered image's id."""
    if block["type"] != "image":
        return block
    chosen = block["value"]["image"]
    return {
        **block,
        "value": {**block["value"], "image": {**chosen, "image": images[chosen["image"]]}},
    }


def _register_image(data: DemoImage, content: bytes, author) -> int:
    """Register a drawn PNG in the shared collection, as an upload in the admin would."""
    image = get_image_model()(
        title=data.title,
        description=data.description,
        collection=ensure_collection(None),
        uploaded_by_user=author,
        file=ImageFile(BytesIO(content), name=f"{data.key}.png"),
    )
    image._set_image_file_metadata()
    image.save()
    return image.pk


# --- The BPMN diagram, drawn with Pillow ---------------------------------------------------

_INK = (33, 37, 41)
_TASK = (232, 240, 254)
_PAPER = (255, 255, 255)
_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "Helvetica.ttc")


def _fonts() -> tuple[Any, Any, bool]:
    """A normal and a small system font with umlauts, and whether umlauts must be spelled out.

    Pillow's own font is the last resort; it has no umlauts, so "ä" is written "ae".
    """
    for name in _FONTS:
        try:
            return ImageFont.truetype(name, 18), ImageFont.truetype(name, 16), False
        except OSError:
            continue
    return ImageFont.load_default(size=18), ImageFont.load_default(size=16), True


_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def bpmn_example_png() -> bytes:
    """The process of ``BPMN_DIAGRAM_ALT`` as a BPMN diagram (PNG, 1240 × 440)."""
    width, height = 1240, 440
    canvas = Image.new("RGB", (width, height), _PAPER)
    draw = ImageDraw.Draw(canvas)
    font, small, spell_out = _fonts()

    def label(text):
        return text.translate(_SPELLED_OUT) if spell_out else text

    def arrow(points, caption=None, caption_at=None):
        draw.line(points, fill=_INK, width=3)
        (x1, y1), (x2, y2) = points[-2], points[-1]
        if x1 == x2:
            d = 1 if y2 > y1 else -1
            head = [(x2, y2), (x2 - 8, y2 - 14 * d), (x2 + 8, y2 - 14 * d)]
        else:
            d = 1 if x2 > x1 else -1
            head = [(x2, y2), (x2 - 14 * d, y2 - 8), (x2 - 14 * d, y2 + 8)]
        draw.polygon(head, fill=_INK)
        if caption:
            draw.text(caption_at, caption, font=small, fill=_INK)

    def task(box, text):
        draw.rounded_rectangle(box, radius=14, fill=_TASK, outline=_INK, width=3)
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        draw.multiline_text(
            centre, label(text), font=font, fill=_INK, anchor="mm", align="center", spacing=4
        )

    def event(x, y, text, end=False):
        r = 24
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_PAPER, outline=_INK, width=6 if end else 2)
        draw.multiline_text(
            (x, y + r + 10), label(text), font=small, fill=_INK, anchor="ma", align="center"
        )

    # The pool, with its name written upwards in the band on the left.
    draw.rectangle((10, 10, width - 10, height - 10), outline=_INK, width=2)
    draw.line((60, 10, 60, height - 10), fill=_INK, width=2)
    band = Image.new("RGB", (height - 24, 44), _PAPER)
    ImageDraw.Draw(band).text(
        ((height - 24) / 2, 22), "Gewerbeamt der Stadt", font=font, fill=_INK, anchor="mm"
    )
    canvas.paste(band.rotate(90, expand=True), (14, 12))

    y, gateway = 170, 470
    event(125, y, "Gewerbeanzeige\neingegangen")
    arrow([(149, y), (200, y)])
    task((200, y - 45, 380, y + 45), "Anzeige auf\nVollständigkeit\nprüfen")
    arrow([(380, y), (430, y)])
    draw.polygon(
        [(gateway - 40, y), (gateway, y - 40), (gateway + 40, y), (gateway, y + 40)],
        fill=_PAPER,
        outline=_INK,
        width=3,
    )
    draw.line((gateway - 14, y - 14, gateway + 14, y + 14), fill=_INK, width=4)
    draw.line((gateway - 14, y + 14, gateway + 14, y - 14), fill=_INK, width=4)
    draw.text((gateway, y - 52), label("Vollständig?"), font=small, fill=_INK, anchor="ms")
    arrow([(gateway + 40, y), (560, y)], "ja", (gateway + 50, y - 28))
    task((560, y - 45, 750, y + 45), "Empfang\nbescheinigen")
    arrow([(750, y), (810, y)])
    task((810, y - 45, 1030, y + 45), "Daten an die\nzuständigen Stellen\nübermitteln")
    arrow([(1030, y), (1106, y)])
    event(1130, y, "Anzeige\nbearbeitet", end=True)
    # "nein": ask for what is missing, then check again.
    arrow([(gateway, y + 40), (gateway, 320)], "nein", (gateway + 10, y + 50))
    task((380, 320, 560, 400), "Fehlende Angaben\nnachfordern")
    arrow([(380, 360), (290, 360), (290, y + 45)])

    out = BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
