"""What `check` and `contracts check` share to speak to CI systems: GitHub workflow commands."""


def github_escape(value: str, *, property_: bool = False) -> str:
    """Escape a workflow command's message, or (`property_`) one of its `key=value` fields."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value
