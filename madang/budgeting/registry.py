"""What participatory budgeting plugs into the kernel's registries."""


def register() -> None:
    """Filled in by the registry step (search, metrics, personal data, demo loader, handoff)."""
    from . import ballot_registry

    ballot_registry.register()
