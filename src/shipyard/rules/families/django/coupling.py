"""SY502-SY506: what keeps a Django app from becoming a service of its own.

Each app is to be a proto-service: others use it only through its interface (its `contracts`
package unless configured), hold no foreign keys or `get_model` calls into its tables, hook no
receivers onto its models, and its tests build their own data. Views hand business logic to a
service layer. `[tool.shipyard.check.django]` configures interfaces and severities.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY

if TYPE_CHECKING:
    from shipyard.rules.context import CheckContext
    from shipyard.workspace import Member

INTERNAL_IMPORT = REGISTRY.rule(
    "SY502", "django-app-internals-import", Severity.ERROR,
    "A Django app imports another app's internals instead of its interface (contracts).",
)  # fmt: skip
MODEL_REFERENCE = REGISTRY.rule(
    "SY503", "django-cross-app-model-reference", Severity.WARNING,
    "A model string reference or apps.get_model() reaches into another app's models.",
)  # fmt: skip
CROSS_APP_SIGNAL = REGISTRY.rule(
    "SY504", "django-cross-app-signal", Severity.WARNING,
    "A signal receiver hooks onto another app's model or internal signal.",
)  # fmt: skip
TEST_IMPORTS_MODELS = REGISTRY.rule(
    "SY505", "django-test-imports-other-app-models", Severity.WARNING,
    "A Django app's tests import another app's models.",
)  # fmt: skip
LOGIC_IN_VIEW = REGISTRY.rule(
    "SY506", "django-logic-in-view", Severity.WARNING,
    "A view writes through the ORM or causes side effects instead of calling a service.",
)  # fmt: skip


@REGISTRY.member_check(
    INTERNAL_IMPORT, MODEL_REFERENCE, CROSS_APP_SIGNAL, TEST_IMPORTS_MODELS, LOGIC_IN_VIEW
)
def check_app_coupling(context: CheckContext, member: Member) -> Iterator[Finding]:
    # Imported here: a warm run, whose members are all cached, never needs the analysis.
    from shipyard.rules.families.django.findings import coupling_findings

    return coupling_findings(context, member)
