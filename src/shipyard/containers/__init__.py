"""Container images of a workspace's services and workers.

- `engine`: find a usable engine (Docker, else Podman) and the environment it needs here;
- `images`: which members to build and with which tags (pure);
- `source`: the facts a build plan needs from disk and git (member versions, HEAD's sha);
- `build`: run one build through the engine, reporting its steps as they come.
"""

from shipyard.containers.build import BuildFailedError, BuildResult, build_image, image_size
from shipyard.containers.engine import (
    Engine,
    NoEngineError,
    detect_engine,
    engine_env,
    unusable_reason,
)
from shipyard.containers.images import ImageBuild, image_tags, plan_builds, select_members
from shipyard.containers.source import git_short_sha, member_version

__all__ = [
    "BuildFailedError",
    "BuildResult",
    "Engine",
    "ImageBuild",
    "NoEngineError",
    "build_image",
    "detect_engine",
    "engine_env",
    "git_short_sha",
    "image_size",
    "image_tags",
    "member_version",
    "plan_builds",
    "select_members",
    "unusable_reason",
]
