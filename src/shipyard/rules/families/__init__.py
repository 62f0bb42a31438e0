"""The rule families: each module registers its rules and checks in `REGISTRY` on import
(`shipyard.rules.builtin` imports them all). The engine beside this folder knows none of them."""
