"""SY502-SY506: coupling between Django apps (imports of internals, string model references,
get_model, signals, tests importing models) and business logic in views."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from shipyard.django.facts import extract
from shipyard.django.views import views
from shipyard.errors import ShipyardError
from shipyard.rules import Severity
from tests.rules.conftest import expectations, located, run

Copy = Callable[[str], Path]
SHOP = "services/shop/shop"
MONOLITH = Path(__file__).parents[1] / "fixtures" / "django_monolith"


def test_fixture_findings_are_exactly_the_marked_ones(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    assert located(run(root, "SY5")) == expectations(root)


def test_the_monolith_fixtures_planted_couplings_are_found(tmp_path: Path) -> None:
    # tests/e2e/test_django_monolith.py also installs it and runs its tests on PostgreSQL.
    caches = shutil.ignore_patterns(".ruff_cache", "__pycache__", ".venv")
    root = Path(shutil.copytree(MONOLITH, tmp_path / "monolith", ignore=caches))
    assert located(run(root, "SY5")) == expectations(root)


def test_warm_run_reports_the_same_as_cold(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    cold = run(root, "SY5")
    assert run(root, "SY5") == cold
    assert run(root, "SY5", cache=False) == cold


def test_an_edit_is_seen_by_a_warm_run(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    run(root, "SY5")
    models = root / SHOP / "orders/models.py"
    models.write_text(models.read_text().replace('"catalog.Product"', '"orders.Order"'))
    views_py = root / SHOP / "orders/views.py"
    before = views_py.read_text()
    views_py.write_text(before + "\n\ndef more(request):\n    Order().save()\n")
    found = {(f.path.rpartition("/")[2], f.code, f.line) for f in run(root, "SY503", "SY506")}
    assert ("models.py", "SY503", 9) not in found
    assert ("views.py", "SY506", before.count("\n") + 3) in found


def test_severity_and_interfaces_come_from_the_configuration(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    by_code = {f.code: f.severity for f in run(root, "SY5")}
    assert by_code["SY503"] is Severity.ERROR  # configured
    assert by_code["SY504"] is Severity.WARNING  # the default
    # catalog's configured interface admits selectors: `from shop.catalog import selectors`
    # and `shop.catalog.selectors` are not reported; without it they are.
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"contracts", "selectors"', '"contracts"'))
    lines = {(f.path.rpartition("/")[2], f.line) for f in run(root, "SY502")}
    assert {("services.py", 4), ("services.py", 5)} <= lines
    # "*": all of an app is its interface (a shared kernel).
    pyproject.write_text(pyproject.read_text().replace('["contracts"]', '["*"]'))
    assert not any("app shop.catalog" in f.message for f in run(root, "SY502"))


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('interface = "contracts"', "interface must be a list"),
        ("colour = 1", "unknown keys ['colour']"),
        ('severity = { SY101 = "error" }', "give an SY5xx code"),
        ('severity = { SY503 = "fatal" }', "give an SY5xx code"),
        ("apps = { users = 1 }", "apps must be a table"),
        ('apps = { users = { contracts = ["x"] } }', "may only set interface"),
    ],
)
def test_a_malformed_configuration_is_one_sentence(
    fixture_copy: Copy, table: str, says: str
) -> None:
    root = fixture_copy("django_coupling")
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text().split("[tool.shipyard.check.django]")[0]
    pyproject.write_text(f"{text}[tool.shipyard.check.django]\n{table}\n")
    with pytest.raises(ShipyardError, match=r"\[tool.shipyard.check.django\]") as raised:
        run(root, "SY5")
    assert says in raised.value.message


def test_a_workspace_without_django_has_no_django_findings(
    fixture_copy: Copy,
) -> None:
    # The imports fixture has no Django project: no SY5 finding, and no error.
    assert run(fixture_copy("imports"), "SY5") == []


def logic(source: str, *, function_views: bool = True) -> dict[str, tuple[str, ...]]:
    found = views(ast.parse(source), function_views=function_views)
    return {v.name: (*v.writes, *v.effects) for v in found if v.writes or v.effects}


def test_the_frameworks_own_saving_is_not_logic() -> None:
    source = (
        "class V(ModelViewSet):\n"
        "    def perform_create(self, serializer):\n"
        "        serializer.save(owner=self.request.user)\n"
        "    def perform_update(self, s):\n"
        "        s2 = self.get_serializer(data=1)\n"
        "        s2.save()\n"
        "        super().perform_update(s)\n"
        "        self.delete()\n"
        "        self.request.session.save()\n"
        "        context = {}\n"
        "        context.update(x=1)\n"
        "class F(FormView):\n"
        "    def form_valid(self, form):\n"
        "        form.save()\n"
        "def edit(request):\n"
        "    f = FeedModelForm(request.POST)\n"
        "    f.save()\n"
    )
    assert logic(source) == {}


def test_orm_writes_and_side_effects_are_logic() -> None:
    source = (
        "class V(generics.CreateAPIView):\n"
        "    def post(self, request):\n"
        "        Item.objects.filter(a=1).update(b=2)\n"
        "        Item.objects.bulk_create([])\n"
        "        item.save()\n"
        "        send_welcome.delay(1)\n"
        "        notifications.push(1)\n"
        "        requests.post('http://x')\n"
        "        order_placed.send(sender=Item)\n"
        "        EmailMessage('s', 'b').send()\n"
        "def archive(request):\n"
        "    Item.objects.create(x=1)\n"
        "    send_mail('s', 'b', None, [])\n"
    )
    assert logic(source) == {
        "V.post": (
            "Item.objects.filter.update",
            "Item.objects.bulk_create",
            "item.save",
            "send_welcome.delay",
            "notifications.push",
            "requests.post",
            "order_placed.send",
            "EmailMessage.send",
        ),
        "archive": ("Item.objects.create", "send_mail"),
    }


def test_function_views_only_in_view_modules() -> None:
    source = "def helper(request):\n    Item.objects.create()\n"
    assert logic(source, function_views=False) == {}
    facts = extract("app/views.py", ast.parse(source))
    assert [v.name for v in facts.views] == ["helper"]
    assert extract("app/utils.py", ast.parse(source)).views == ()


def test_facts_of_references_and_signals() -> None:
    source = (
        "from django.dispatch import receiver\n"
        "from . import models as m\n"
        "class A(models.Model):\n"
        "    a = models.ForeignKey('users.User', on_delete=1)\n"
        "    b = ParentalKey(to=m.Thing)\n"
        "    c = models.ManyToManyField('Tag', through='tags.Link')\n"
        "    class Meta:\n"
        "        db_table = 'the_a'\n"
        "apps.get_model('users', 'User')\n"
        "apps.get_model('users.Group')\n"
        "@receiver([post_save, post_delete], sender='users.User')\n"
        "def f(sender, **kw): pass\n"
        "post_save.connect(f, sender=m.Thing)\n"
    )
    facts = extract("app/models.py", ast.parse(source))
    assert [(r.target, r.string) for r in facts.model_refs] == [
        ("users.User", True),
        ("m.Thing", False),
        ("Tag", True),
        ("tags.Link", True),
    ]
    assert [(g.label, g.model) for g in facts.get_models] == [("users", "User"), ("users", "Group")]
    assert [(s.signal, s.sender, s.string) for s in facts.signals] == [
        ("post_save", "users.User", True),
        ("post_delete", "users.User", True),
        ("post_save", "m.Thing", False),
    ]
    assert [(c.name, c.db_table) for c in facts.models] == [("A", "the_a")]
    assert ("m", 1, "models") in facts.bindings
