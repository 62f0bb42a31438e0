"""The Django rules (SY501-SY506) and what they share with `shipyard boundaries` and
`shipyard test --app`: per-file facts, the per-app analysis, its configuration."""
