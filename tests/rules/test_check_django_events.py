"""SY504 and the receivers of events an app publishes in its interface: a receiver whose sender
is an event class of another app's contracts (`@receiver(event_published, sender=NoteCreated)`,
as apps made by `shipyard add app` publish them) is that app's offer, not coupling; a sender
that is one of its models still is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.rules.conftest import run

Copy = Callable[[str], Path]
SHOP = "services/shop/shop"
RECEIVERS = """from django.dispatch import receiver

from shop.accounts.contracts.events import CustomerRegistered, customer_registered


@receiver(customer_registered, sender=CustomerRegistered)
def welcome_offer(sender, **kwargs) -> None:
    pass


@receiver(customer_registered, sender="accounts.Customer")
def by_model(sender, **kwargs) -> None:
    pass
"""


def test_a_receiver_of_an_event_class_of_the_interface_is_no_coupling(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    events = root / SHOP / "accounts/contracts/events.py"
    events.write_text(events.read_text() + "\n\nclass CustomerRegistered:\n    pass\n")
    (root / SHOP / "orders/receivers.py").write_text(RECEIVERS)

    found = [f for f in run(root, "SY504") if f.path.endswith("orders/receivers.py")]

    assert [(f.line, f.code) for f in found] == [(11, "SY504")]
    assert found[0].message.startswith(
        "app shop.orders receives customer_registered of shop.accounts.Customer of app"
    )
