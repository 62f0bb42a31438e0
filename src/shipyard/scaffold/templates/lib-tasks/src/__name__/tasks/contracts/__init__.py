"""Task contracts: what services publish. One module per task, created by `shipyard add task`."""
