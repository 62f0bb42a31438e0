"""How often an independent OpenAPI diff tool agrees with shipyard on the corpus of spec changes
(tests/contracts/corpus.py): each pair of documents is written to files, the tool (the command
given, then the old and the new file) run, its exit code read as its verdict (0 compatible, 1
breaking), and compared with shipyard's and the corpus'.

    uv run python bench/contracts/compare_corpus.py /tmp/difftools/bin/api-schema-diff
    uv run python bench/contracts/compare_corpus.py --as-3.0 /tmp/oad/node_modules/.bin/openapi-diff

`--as-3.0` labels the documents OpenAPI 3.0.3 for tools that refuse 3.1 (the few cases that use
3.1's `type: null` are then refused by such a tool, and counted as its errors).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2]))

from shipyard.contracts.openapi_rules import diff_documents
from tests.contracts.corpus import CASES


def main() -> None:
    arguments = sys.argv[1:]
    as_30 = arguments[:1] == ["--as-3.0"]
    tool = arguments[1:] if as_30 else arguments
    agree_tool = agree_expected = 0
    disagreements = []
    with tempfile.TemporaryDirectory() as scratch:
        for case in CASES:
            old, new = case.documents()
            if as_30:
                old["openapi"] = new["openapi"] = "3.0.3"
            old_path, new_path = Path(scratch, "old.json"), Path(scratch, "new.json")
            old_path.write_text(json.dumps(old), encoding="utf-8")
            new_path.write_text(json.dumps(new), encoding="utf-8")
            done = subprocess.run(
                [*tool, str(old_path), str(new_path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode not in (0, 1) or "Error" in done.stderr:
                first = (done.stderr.strip().splitlines() or [""])[0]
                disagreements.append((case.id, "tool error", first[:200]))
                continue
            theirs = done.returncode == 1
            ours = any(c.breaking for c in diff_documents("openapi.json", old, new))
            agree_tool += theirs == ours
            agree_expected += theirs == case.breaking
            if theirs != ours:
                found = done.stdout.strip().replace("\n", " ")[:300]
                verdict = "breaking" if theirs else "compatible"
                disagreements.append((case.id, f"tool says {verdict}", found))
    total = len(CASES)
    print(
        f"{total} cases; the tool agrees with shipyard on {agree_tool}, with the corpus on "
        f"{agree_expected}"
    )
    for case_id, verdict, detail in disagreements:
        print(f"- {case_id}: {verdict}: {detail}")


if __name__ == "__main__":
    main()
