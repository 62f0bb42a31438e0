"""`shipyard adopt`: an existing repository -> an analysis (what is there) -> a plan (moves,
renames, dependency translation, codemods, generated files) -> applied with rollback ->
verified by running each member's tests before and after."""
