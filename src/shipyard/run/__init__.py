"""`shipyard up`: the workspace's services and workers as local processes."""
