"""Demo content for organisations: three municipalities of a cooperation in Kreis Lippe.

The tables come first, so the demo can be read (and changed) without reading code: each
municipality with its org-unit tree and Stellenplan, its staff, and the demo logins. All
people are invented. ``load_organisations()`` turns the tables into records; the
``load_demo_data`` command calls it inside one transaction.

Leaving dates are relative to the day of loading, so the demo always has people about
to leave and one who has left, whenever it is loaded.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.utils import timezone
from wagtail.users.models import UserProfile

from organisations.models import Employee, Municipality, OrgUnit, Position, RoleGroup
from organisations.roles import COOPERATION_ADMIN_GROUP, Role

#: Every demo login has this password; it is printed by the command and in the README.
DEMO_PASSWORD = "lernwerk-demo"


@dataclass(frozen=True)
class Unit:
    """An org unit with the posts (Stellen) of its Stellenplan and its sub-units."""

    name: str
    positions: tuple[str, ...] = ()
    children: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Person:
    """An employee; ``leaves_in_days`` < 0 means they have already left."""

    first_name: str
    last_name: str
    unit: str
    position: str
    personnel_number: str
    entry_date: date
    leaves_in_days: int | None = None
    leads_unit: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class DemoMunicipality:
    name: str
    slug: str
    ags: str
    mail_domain: str
    units: Unit
    people: tuple[Person, ...]


@dataclass(frozen=True)
class Login:
    """A demo account: one of the people above, with the groups of one role."""

    username: str
    person: str
    description: str
    roles: tuple[Role, ...] = ()
    shared_roles: tuple[Role, ...] = ()
    cooperation_admin: bool = False
    superuser: bool = False


# --- Blomberg --------------------------------------------------------------------------

BLOMBERG = DemoMunicipality(
    name="Blomberg",
    slug="blomberg",
    ags="05766016",
    mail_domain="blomberg.example",
    units=Unit(
        "Stadt Blomberg",
        children=(
            Unit("Stabsstelle Presse und Kommunikation", ("Presse- und Öffentlichkeitsarbeit",)),
            Unit(
                "Fachbereich 1 Zentrale Dienste",
                ("Leitung Fachbereich 1",),
                (
                    Unit(
                        "Personal und Organisation",
                        ("Sachbearbeitung Personal", "Personalentwicklung und Fortbildung"),
                    ),
                    Unit(
                        "IT und Digitalisierung",
                        ("Digitalisierungsbeauftragte*r", "Systemadministration"),
                    ),
                    Unit(
                        "Finanzen und Steuern",
                        ("Sachbearbeitung Steuern und Abgaben", "Sachbearbeitung Stadtkasse"),
                    ),
                ),
            ),
            Unit(
                "Fachbereich 2 Bürgerdienste",
                ("Leitung Fachbereich 2",),
                (
                    Unit("Bürgerbüro", ("Leitung Bürgerbüro", "Sachbearbeitung Bürgerbüro")),
                    Unit("Standesamt", ("Standesbeamtin/Standesbeamter",)),
                    Unit(
                        "Ordnungsamt",
                        ("Sachbearbeitung Ordnungsangelegenheiten", "Kommunaler Ordnungsdienst"),
                    ),
                ),
            ),
            Unit(
                "Fachbereich 3 Bauen und Umwelt",
                ("Leitung Fachbereich 3",),
                (
                    Unit("Bauverwaltung und Stadtplanung", ("Sachbearbeitung Bauleitplanung",)),
                    Unit("Tiefbau und Bauhof", ("Sachbearbeitung Tiefbau", "Leitung Bauhof")),
                    Unit("Umwelt und Klimaschutz", ("Klimaschutzmanagement",)),
                ),
            ),
        ),
    ),
    people=(
        Person("Erika", "Mustermann", "Bürgerbüro", "Sachbearbeitung Bürgerbüro",
               "10417", date(2014, 8, 1)),
        Person("Hatice", "Yılmaz", "Bürgerbüro", "Sachbearbeitung Bürgerbüro",
               "10562", date(2019, 3, 1)),
        Person("Laura", "Zimmermann", "Bürgerbüro", "Leitung Bürgerbüro",
               "10288", date(2009, 10, 1), leads_unit=True),
        Person("Thomas", "Becker", "Fachbereich 2 Bürgerdienste", "Leitung Fachbereich 2",
               "10103", date(2004, 4, 1), leads_unit=True),
        Person("Anna", "Lehmann", "Standesamt", "Standesbeamtin/Standesbeamter",
               "10631", date(2026, 9, 1)),
        Person("Klaus", "Meier", "Standesamt", "Standesbeamtin/Standesbeamter",
               "10045", date(1993, 7, 1), leaves_in_days=-42),
        Person("Monika", "Richter", "Ordnungsamt", "Sachbearbeitung Ordnungsangelegenheiten",
               "10077", date(1998, 2, 1), leaves_in_days=90),
        Person("Lukas", "Neumann", "Ordnungsamt", "Kommunaler Ordnungsdienst",
               "10598", date(2021, 5, 15)),
        Person("Jürgen", "Wagner", "Fachbereich 1 Zentrale Dienste", "Leitung Fachbereich 1",
               "10061", date(1996, 1, 1), leads_unit=True),
        Person("Sabine", "Krüger", "Personal und Organisation",
               "Personalentwicklung und Fortbildung", "10344", date(2011, 9, 1)),
        Person("Katarzyna", "Nowak", "Personal und Organisation", "Sachbearbeitung Personal",
               "10577", date(2020, 1, 1)),
        Person("Michael", "Schäfer", "IT und Digitalisierung", "Digitalisierungsbeauftragte*r",
               "10402", date(2013, 6, 1)),
        Person("Jana", "Wolff", "Stabsstelle Presse und Kommunikation",
               "Presse- und Öffentlichkeitsarbeit", "10519", date(2017, 11, 1)),
        Person("Sven", "Krause", "Finanzen und Steuern", "Sachbearbeitung Steuern und Abgaben",
               "10236", date(2008, 8, 1)),
        Person("Stefan", "Hartmann", "Fachbereich 3 Bauen und Umwelt", "Leitung Fachbereich 3",
               "10158", date(2006, 3, 1), leads_unit=True),
        Person("Miriam", "Schulze", "Umwelt und Klimaschutz", "Klimaschutzmanagement",
               "10608", date(2022, 4, 1)),
        Person("Dennis", "Koch", "Tiefbau und Bauhof", "Sachbearbeitung Tiefbau",
               "10483", date(2016, 2, 1)),
    ),
)  # fmt: skip

# --- Lügde -----------------------------------------------------------------------------

LUEGDE = DemoMunicipality(
    name="Lügde",
    slug="luegde",
    ags="05766052",
    mail_domain="luegde.example",
    units=Unit(
        "Stadt Lügde",
        children=(
            Unit(
                "Fachbereich 1 Zentrale Dienste und Finanzen",
                ("Leitung Fachbereich 1",),
                (
                    Unit("Personal und IT", ("Sachbearbeitung Personal", "IT-Administration")),
                    Unit("Finanzen", ("Sachbearbeitung Finanzbuchhaltung",)),
                ),
            ),
            Unit(
                "Fachbereich 2 Bürgerdienste",
                ("Leitung Fachbereich 2",),
                (
                    Unit("Bürgerbüro", ("Sachbearbeitung Bürgerbüro",)),
                    Unit("Ordnung und Standesamt", ("Standesbeamtin/Standesbeamter",)),
                ),
            ),
            Unit("Fachbereich 3 Bauen und Planen", ("Sachbearbeitung Bauordnung",)),
        ),
    ),
    people=(
        Person("Max", "Mustermann", "Bürgerbüro", "Sachbearbeitung Bürgerbüro",
               "20311", date(2018, 4, 1)),
        Person("Ahmet", "Demir", "Bürgerbüro", "Sachbearbeitung Bürgerbüro",
               "20354", date(2020, 8, 1)),
        Person("Petra", "Vogel", "Fachbereich 2 Bürgerdienste", "Leitung Fachbereich 2",
               "20122", date(2007, 5, 1), leads_unit=True),
        Person("Claudia", "Fischer", "Ordnung und Standesamt", "Standesbeamtin/Standesbeamter",
               "20198", date(2012, 1, 1)),
        Person("Frank", "Lange", "Fachbereich 1 Zentrale Dienste und Finanzen",
               "Leitung Fachbereich 1", "20087", date(2001, 10, 1), leads_unit=True),
        Person("Marco", "Busch", "Personal und IT", "IT-Administration",
               "20276", date(2015, 7, 1)),
        Person("Ute", "Brandt", "Finanzen", "Sachbearbeitung Finanzbuchhaltung",
               "20034", date(1991, 8, 1), leaves_in_days=200),
        Person("Simone", "Berger", "Fachbereich 3 Bauen und Planen", "Sachbearbeitung Bauordnung",
               "20245", date(2014, 3, 1)),
    ),
)  # fmt: skip

# --- Kalletal --------------------------------------------------------------------------

KALLETAL = DemoMunicipality(
    name="Kalletal",
    slug="kalletal",
    ags="05766036",
    mail_domain="kalletal.example",
    units=Unit(
        "Gemeinde Kalletal",
        children=(
            Unit(
                "Fachbereich 1 Zentrale Steuerung und Finanzen",
                ("Leitung Fachbereich 1",),
                (
                    Unit("Personal und Organisation", ("Sachbearbeitung Personal",)),
                    Unit("Finanzen und Steuern", ("Sachbearbeitung Steuern und Abgaben",)),
                ),
            ),
            Unit(
                "Fachbereich 2 Bürgerservice, Ordnung und Soziales",
                ("Leitung Fachbereich 2",),
                (
                    Unit("Bürgerbüro", ("Sachbearbeitung Bürgerbüro",)),
                    Unit("Ordnung und Soziales", ("Sachbearbeitung Soziales",)),
                ),
            ),
            Unit(
                "Fachbereich 3 Bauen, Planen und Umwelt",
                ("Leitung Fachbereich 3", "Sachbearbeitung Bauverwaltung"),
            ),
        ),
    ),
    people=(
        Person("Andrea", "Schröder", "Fachbereich 2 Bürgerservice, Ordnung und Soziales",
               "Leitung Fachbereich 2", "30066", date(2005, 9, 1), leads_unit=True),
        Person("Tobias", "Kuhn", "Bürgerbüro", "Sachbearbeitung Bürgerbüro",
               "30219", date(2017, 1, 1)),
        Person("Elena", "Popescu", "Ordnung und Soziales", "Sachbearbeitung Soziales",
               "30247", date(2019, 10, 1)),
        Person("Bernd", "Jansen", "Finanzen und Steuern", "Sachbearbeitung Steuern und Abgaben",
               "30041", date(1995, 4, 1)),
        Person("Nadine", "Roth", "Personal und Organisation", "Sachbearbeitung Personal",
               "30182", date(2012, 6, 1)),
        Person("Heiko", "Otto", "Fachbereich 3 Bauen, Planen und Umwelt",
               "Leitung Fachbereich 3", "30093", date(2003, 2, 1), leads_unit=True),
        Person("Julia", "Kaiser", "Fachbereich 3 Bauen, Planen und Umwelt",
               "Sachbearbeitung Bauverwaltung", "30288", date(2026, 10, 1)),
    ),
)  # fmt: skip

MUNICIPALITIES = (BLOMBERG, LUEGDE, KALLETAL)

# --- Demo logins (password: DEMO_PASSWORD) ---------------------------------------------

DEMO_LOGINS = (
    Login("beschaeftigte", "Erika Mustermann", "Beschäftigte im Bürgerbüro Blomberg"),
    Login(
        "trainerin",
        "Sabine Krüger",
        "Trainerin in Blomberg und im gemeinsamen Bereich",
        roles=(Role.TRAINER,),
        shared_roles=(Role.TRAINER,),
    ),
    Login(
        "fuehrungskraft",
        "Thomas Becker",
        "Leiter des Fachbereichs 2 Bürgerdienste in Blomberg",
        roles=(Role.MANAGER,),
    ),
    Login(
        "redaktion",
        "Jana Wolff",
        "Redaktion in Blomberg und im gemeinsamen Bereich",
        roles=(Role.EDITOR,),
        shared_roles=(Role.EDITOR,),
    ),
    Login(
        "admin",
        "Michael Schäfer",
        "Kooperations-Admin und Superuser",
        cooperation_admin=True,
        superuser=True,
    ),
    Login("beschaeftigte2", "Max Mustermann", "Beschäftigter im Bürgerbüro Lügde"),
)

DEMO_MUNICIPALITY_SLUGS = tuple(m.slug for m in MUNICIPALITIES)


# --- Loading ---------------------------------------------------------------------------


@dataclass
class DemoOrganisations:
    """What ``load_organisations`` created, for the command's summary and later loaders."""

    municipalities: dict[str, Municipality] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    logins: dict[str, AbstractUser] = field(default_factory=dict)

    @property
    def unit_count(self) -> int:
        return OrgUnit.objects.filter(municipality__in=self.municipalities.values()).count()


_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})


def email_address(first_name: str, last_name: str, domain: str) -> str:
    """``vorname.nachname@domain`` in ASCII, with umlauts written out as Germans do."""
    local = f"{first_name}.{last_name}".lower().replace(" ", "-").translate(_GERMAN_LETTERS)
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    return f"{local}@{domain}"


def conflicting_usernames() -> list[str]:
    """Demo usernames that already belong to accounts (e.g. an ``admin`` superuser)."""
    wanted = {login.username for login in DEMO_LOGINS}
    for data in MUNICIPALITIES:
        for person in data.people:
            wanted.add(email_address(person.first_name, person.last_name, data.mail_domain))
    existing = get_user_model().objects.filter(username__in=wanted)
    return sorted(existing.values_list("username", flat=True))


def load_organisations() -> DemoOrganisations:
    """Create the municipalities, their org units, positions, staff and demo logins.

    Run inside a transaction; the caller decides whether the demo is already there.
    """
    today = timezone.localdate()
    usernames = {login.person: login.username for login in DEMO_LOGINS}
    demo = DemoOrganisations()
    for data in MUNICIPALITIES:
        municipality = create_municipality(data)
        positions = create_units(municipality, data.units)
        demo.municipalities[data.slug] = municipality
        for person in data.people:
            demo.employees[person.full_name] = create_employee(
                municipality,
                positions[person.unit, person.position],
                person,
                username=usernames.get(person.full_name),
                mail_domain=data.mail_domain,
                today=today,
            )
    for login in DEMO_LOGINS:
        demo.logins[login.username] = set_up_login(login, demo.employees[login.person])
    return demo


def create_municipality(data: DemoMunicipality) -> Municipality:
    """Saving provisions the role groups, collection and section page as well."""
    municipality = Municipality(name=data.name, slug=data.slug, ags=data.ags)
    municipality.full_clean()
    municipality.save()
    return municipality


def create_units(
    municipality: Municipality, unit: Unit, parent: OrgUnit | None = None
) -> dict[tuple[str, str], Position]:
    """Create ``unit`` and its subtree; returns the positions by (unit name, title)."""
    node = OrgUnit(municipality=municipality, name=unit.name)
    node = parent.add_child(instance=node) if parent else OrgUnit.add_root(instance=node)
    positions = {
        (unit.name, title): Position.objects.create(org_unit=node, title=title)
        for title in unit.positions
    }
    for child in unit.children:
        positions.update(create_units(municipality, child, parent=node))
    return positions


def create_employee(
    municipality: Municipality,
    position: Position,
    person: Person,
    *,
    username: str | None,
    mail_domain: str,
    today: date,
) -> Employee:
    """An employee with an account; only demo logins get a usable password."""
    email = email_address(person.first_name, person.last_name, mail_domain)
    user = get_user_model().objects.create_user(
        username=username or email,
        email=email,
        first_name=person.first_name,
        last_name=person.last_name,
        password=DEMO_PASSWORD if username else None,
    )
    leaving_date = (
        today + timedelta(days=person.leaves_in_days) if person.leaves_in_days is not None else None
    )
    employee = Employee(
        user=user,
        municipality=municipality,
        personnel_number=person.personnel_number,
        org_unit=position.org_unit,
        position=position,
        entry_date=person.entry_date,
        leaving_date=leaving_date,
    )
    employee.full_clean()
    employee.save()
    if person.leads_unit:
        position.org_unit.leaders.add(employee)
        user.groups.add(municipality.role_group(Role.MANAGER))
    if employee.has_left:
        employee.position_holdings.filter(ended_on__isnull=True).update(ended_on=leaving_date)
    return employee


def set_up_login(login: Login, employee: Employee) -> AbstractUser:
    """Give a demo account its groups and a German admin interface."""
    user = employee.user
    groups = [employee.municipality.role_group(role) for role in login.roles]
    groups += [
        RoleGroup.objects.get(municipality=None, role=role).group for role in login.shared_roles
    ]
    if login.cooperation_admin:
        groups.append(Group.objects.get(name=COOPERATION_ADMIN_GROUP))
    user.groups.add(*groups)
    if login.superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "de"
    profile.save(update_fields=["preferred_language"])
    return user
