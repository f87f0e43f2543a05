"""Claims data: the shipped file, `load_health_claims` (file and EU register), the admin listing."""

import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest
from openpyxl import Workbook

from health_articles.claims.data import (
    DATA_FILE,
    ClaimsDataError,
    parse_claims_data,
    read_claims_file,
)
from health_articles.claims.register import read_register
from health_articles.models import HealthClaim

SIX = {"vitamin_b12", "vitamin_d", "vitamin_k", "vitamin_c", "magnesium", "dha_epa"}
LANGUAGES = {"nl", "en", "de", "fr"}
B12_NERVES_EN = "Vitamin B12 contributes to normal functioning of the nervous system"
CONDITIONS = "Conditions of use of the claim / Restrictions of use / Reasons for non-authorisation"
NUTRIENT = "Nutrient, substance, food or food category"


def load(*args):
    out = StringIO()
    call_command("load_health_claims", *args, stdout=out)
    return out.getvalue()


def register_workbook(path, rows, header=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Health claims"
    sheet.append(["EU Register of nutrition and health claims made on foods"])
    sheet.append([])
    sheet.append(header or ["Claim type", NUTRIENT, "Claim", CONDITIONS, "Status", "Entry Id"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# The shipped data file ------------------------------------------------------------------------


def test_shipped_file_has_all_four_languages_for_the_six_nutrients():
    nutrients, claims = read_claims_file()
    assert set(nutrients) >= SIX
    for nutrient in SIX:
        languages = {c.language for c in claims if c.nutrient == nutrient}
        assert languages >= LANGUAGES, nutrient
    keys = {c.key for c in claims}
    for key in keys:
        assert {c.language for c in claims if c.key == key} == LANGUAGES, key


def test_shipped_wordings_are_marked_unverified():
    _nutrients, claims = read_claims_file()
    # Nobody has compared them with EUR-Lex yet; the file must say so.
    assert {c.status for c in claims} == {"unverified"}
    b12 = {c.wording for c in claims if c.nutrient == "vitamin_b12" and c.language == "en"}
    assert B12_NERVES_EN in b12
    assert "Vitamin B12 contributes to normal neurological function" not in b12


def test_vitamin_d_has_no_nervous_system_claim_in_the_data():
    _nutrients, claims = read_claims_file()
    assert not [c for c in claims if c.nutrient == "vitamin_d" and c.function == "nervous_system"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["claims"][0].pop("nutrient"), "'nutrient' is missing"),
        (lambda d: d["claims"][0]["wordings"]["nl"].update(status="maybe"), "unknown status"),
        (lambda d: d["claims"][0].update(nutrient="zinc"), "not listed in 'nutrients'"),
        (lambda d: d["claims"].append(dict(d["claims"][0])), "appear twice"),
    ],
)
def test_bad_data_names_the_claim_and_the_problem(change, message):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(ClaimsDataError, match=message) as error:
        parse_claims_data(data, source="claims.json")
    assert "claims.json" in str(error.value)
    assert "vitamin_b12.energy_metabolism" in str(error.value) or "claims[" in str(error.value)


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "claims.json"
    path.write_text('{"nutrients": {},\n "claims": [,]}', encoding="utf-8")
    with pytest.raises(ClaimsDataError, match=r"claims.json, line 2"):
        read_claims_file(path)


# load_health_claims from the data file -----------------------------------------------------


@pytest.mark.django_db
def test_load_is_idempotent_and_summarises():
    _nutrients, claims = read_claims_file()
    first = load()
    assert HealthClaim.objects.count() == len(claims)
    assert f"{len(claims)} created, 0 updated, 0 unchanged" in first
    second = load()
    assert HealthClaim.objects.count() == len(claims)
    assert f"0 created, 0 updated, {len(claims)} unchanged" in second
    claim = HealthClaim.objects.get(key="vitamin_b12.nervous_system", language="nl")
    assert claim.wording == "Vitamine B12 draagt bij tot de normale werking van het zenuwstelsel"
    assert claim.status == HealthClaim.Status.UNVERIFIED
    assert "bron van vitamine B12" in claim.conditions


@pytest.mark.django_db
def test_load_updates_a_changed_wording(tmp_path):
    load()
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["claims"][0]["wordings"]["en"]["status"] = "authorised"
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    output = load(str(path))
    assert "0 created, 1 updated" in output
    key = data["claims"][0]["key"]
    assert HealthClaim.objects.get(key=key, language="en").status == "authorised"


@pytest.mark.django_db
def test_bad_file_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({"nutrients": {}, "claims": [{"key": "x"}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="claims.json, claim 'x'"):
        load(str(path))
    assert not HealthClaim.objects.exists()


@pytest.mark.django_db
def test_a_failure_halfway_rolls_everything_back(monkeypatch):
    from health_articles.management.commands import load_health_claims

    original = load_health_claims.Command.store
    calls = []

    def failing_store(self, *args):
        calls.append(1)
        if len(calls) == 10:
            raise RuntimeError("disk full")
        return original(self, *args)

    monkeypatch.setattr(load_health_claims.Command, "store", failing_store)
    with pytest.raises(RuntimeError):
        load()
    assert not HealthClaim.objects.exists()


# The EU register's Excel export ------------------------------------------------------------


def test_register_reader_skips_title_rows_and_maps_statuses(tmp_path):
    path = register_workbook(
        tmp_path / "register.xlsx",
        [
            ["Art.13(1)", "Vitamin B12", B12_NERVES_EN, "Source of vitamin B12", "Authorised", 7],
            [
                "Art.13(1)",
                "Vitamin D",
                "Vitamin D contributes to normal nerves",
                "",
                "Non-authorised",
                8,
            ],
            ["Art.13(1)", "Docosahexaenoic acid (DHA)", "DHA helps", "", "On hold", 9],
            [None, None, None, None, None, None],
        ],
    )
    rows = read_register(path)
    assert [(r.line, r.nutrient, r.status, r.entry_id) for r in rows] == [
        (4, "vitamin_b12", "authorised", "7"),
        (5, "vitamin_d", "non_authorised", "8"),
        (6, "dha_epa", "pending", "9"),
    ]
    assert rows[0].conditions == "Source of vitamin B12"


def test_register_without_a_claim_column_names_the_column(tmp_path):
    path = register_workbook(
        tmp_path / "register.xlsx",
        [["Art.13(1)", "Vitamin B12", "Authorised"]],
        header=["Claim type", NUTRIENT, "Status"],
    )
    with pytest.raises(ClaimsDataError, match=r"register.xlsx, sheet 'Health claims'.*'Claim'"):
        read_register(path)


def test_register_row_without_a_claim_names_the_row(tmp_path):
    path = register_workbook(
        tmp_path / "register.xlsx",
        [
            ["Art.13(1)", "Vitamin B12", B12_NERVES_EN, "", "Authorised", 1],
            ["Art.13(1)", "Vitamin C", "", "", "Authorised", 2],
        ],
    )
    with pytest.raises(ClaimsDataError, match=r"row 5: the 'Claim' cell is empty"):
        read_register(path)


def test_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_text("not excel", encoding="utf-8")
    with pytest.raises(ClaimsDataError, match="not a readable Excel workbook"):
        read_register(path)


@pytest.mark.django_db
def test_register_load_marks_matching_wordings_authorised_and_keeps_them(tmp_path):
    load()
    path = register_workbook(
        tmp_path / "register.xlsx",
        [
            [
                "Art.13(1)",
                "Vitamin B12",
                B12_NERVES_EN,
                "Source of B12 (register)",
                "Authorised",
                7,
            ],
            ["Art.13(1)", "Vitamin D", "Vitamin D supports nerves", "", "Non-authorised", 8],
        ],
    )
    output = load("--register", str(path))
    assert "2 claim wordings" in output
    assert "1 created, 1 updated" in output
    matched = HealthClaim.objects.get(key="vitamin_b12.nervous_system", language="en")
    assert matched.status == HealthClaim.Status.AUTHORISED
    assert matched.origin == HealthClaim.Origin.REGISTER
    assert matched.conditions == "Source of B12 (register)"
    assert "row 4" in matched.source
    refused = HealthClaim.objects.get(key="register:8")
    assert (refused.status, refused.nutrient, refused.language) == (
        "non_authorised",
        "vitamin_d",
        "en",
    )
    # Reloading the shipped file does not downgrade the register's wording.
    again = load()
    assert "1 kept (loaded from the EU register)" in again
    matched.refresh_from_db()
    assert matched.status == HealthClaim.Status.AUTHORISED
    # And loading the register twice changes nothing.
    assert "0 created, 0 updated, 2 unchanged" in load("--register", str(path))


@pytest.mark.django_db
def test_register_duplicate_rows_are_refused_before_writing(tmp_path):
    path = register_workbook(
        tmp_path / "register.xlsx",
        [
            ["Art.13(1)", "Vitamin C", "Vitamin C is nice", "", "Non-authorised", 3],
            ["Art.13(1)", "Vitamin C", "Vitamin C is nicer", "", "Non-authorised", 3],
        ],
    )
    with pytest.raises(CommandError, match="rows 4 and 5"):
        load("--register", str(path))
    assert not HealthClaim.objects.exists()


# Admin listing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_lists_claims_filtered_by_nutrient_and_language(admin_client):
    load()
    url = reverse("wagtailsnippets_health_articles_healthclaim:list")
    response = admin_client.get(url, {"nutrient": "vitamin_d", "language": "de"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vitamin D trägt zur Erhaltung normaler Knochen bei" in html
    assert "Vitamin B12" not in html.split("<tbody")[1]
    assert "Vitamine D draagt" not in html
    assert "unverified" in html


@pytest.mark.django_db
def test_admin_listing_shows_authorised_claims_differently(admin_client):
    HealthClaim.objects.create(
        key="k.a", nutrient="vitamin_k", language="en", wording="Vitamin K ok", status="authorised"
    )
    HealthClaim.objects.create(
        key="k.b", nutrient="vitamin_k", language="en", wording="Vitamin K maybe"
    )
    url = reverse("wagtailsnippets_health_articles_healthclaim:list")
    html = admin_client.get(url, {"language": "en"}).content.decode()
    assert html.count("w-status--primary") == 1
    assert "unverified" in html and "authorised" in html


# Two loads at once (PostgreSQL) ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_loads_at_once_both_succeed_on_postgresql():
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "manage.py", "load_health_claims"]
    runs = [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    _nutrients, claims = read_claims_file()
    assert HealthClaim.objects.count() == len(claims)
    summaries = [out.strip().splitlines()[-1].split(": ", 1)[1] for out, _err in results]
    assert sorted(summaries) == [
        f"0 created, 0 updated, {len(claims)} unchanged, 0 kept (loaded from the EU register)",
        f"{len(claims)} created, 0 updated, 0 unchanged, 0 kept (loaded from the EU register)",
    ]
