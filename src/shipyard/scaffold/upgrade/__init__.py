"""`shipyard upgrade`: bring generated members from the template version that made them to the
current one, as a three-way merge that keeps the user's edits."""
