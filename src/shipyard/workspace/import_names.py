"""The names a distribution may be imported as, from its name alone: well-known mismatches
(`pyyaml` is imported as `yaml`) and affixes (`typeid-python`, `python-jose`). What is installed
can say more; `shipyard.rules.distributions` reads that too."""

from __future__ import annotations

# Import names whose distribution is named differently; values are canonical names.
AFFIXED = ("-python", "-py")
"""Suffixes a distribution's name often adds to the module it provides."""

KNOWN: dict[str, tuple[str, ...]] = {
    "yaml": ("pyyaml",), "PIL": ("pillow",), "cv2": ("opencv-python", "opencv-python-headless",
    "opencv-contrib-python"), "sklearn": ("scikit-learn",), "skimage": ("scikit-image",),
    "bs4": ("beautifulsoup4",), "dateutil": ("python-dateutil",), "jwt": ("pyjwt",),
    "jose": ("python-jose",), "dotenv": ("python-dotenv",), "multipart": ("python-multipart",),
    "magic": ("python-magic",), "attr": ("attrs",), "OpenSSL": ("pyopenssl",),
    "Crypto": ("pycryptodome", "pycryptodomex"), "serial": ("pyserial",),
    "psycopg2": ("psycopg2", "psycopg2-binary"), "psycopg": ("psycopg", "psycopg-binary"),
    "MySQLdb": ("mysqlclient",), "zmq": ("pyzmq",), "git": ("gitpython",),
    "docx": ("python-docx",), "pkg_resources": ("setuptools",), "_pytest": ("pytest",),
    "distutils": ("setuptools",),
    "slugify": ("python-slugify",), "websocket": ("websocket-client",), "socks": ("pysocks",),
    "kafka": ("kafka-python",), "fitz": ("pymupdf",), "googleapiclient":
    ("google-api-python-client",), "google": ("protobuf", "google-cloud-storage",
    "google-api-core", "google-auth"), "grpc": ("grpcio",), "jinja2": ("jinja2",),
    "markdown": ("markdown",), "ldap": ("python-ldap",), "nacl": ("pynacl",),
    "usb": ("pyusb",), "Levenshtein": ("python-levenshtein", "levenshtein"),
    "pythonjsonlogger": ("python-json-logger",), "json_logging": ("json-logging",),
    "faker": ("faker",), "dns": ("dnspython",), "lxml": ("lxml",), "win32api": ("pywin32",),
    "pydantic_core": ("pydantic-core", "pydantic"), "typing_extensions": ("typing-extensions",),
    "sqlmodel": ("sqlmodel",), "redis": ("redis",), "celery": ("celery",),
    "email_validator": ("email-validator",), "jsonschema": ("jsonschema",),
    "opentelemetry": ("opentelemetry-api", "opentelemetry-sdk"), "mypy_extensions":
    ("mypy-extensions",), "pytest_asyncio": ("pytest-asyncio",),
    # Django's ecosystem names its apps apart from its distributions.
    "rest_framework": ("djangorestframework",), "rest_framework_simplejwt":
    ("djangorestframework-simplejwt",), "django_filters": ("django-filter",),
    "debug_toolbar": ("django-debug-toolbar",), "corsheaders": ("django-cors-headers",),
    "environ": ("django-environ",), "storages": ("django-storages",),
    "modelcluster": ("django-modelcluster",), "taggit": ("django-taggit",),
    "registration": ("django-registration", "django-registration-redux"),
    "djmoney": ("django-money",), "sorl": ("sorl-thumbnail",), "allauth": ("django-allauth",),
    "crispy_forms": ("django-crispy-forms",), "mptt": ("django-mptt",),
    "treebeard": ("django-treebeard",), "polymorphic": ("django-polymorphic",),
    "guardian": ("django-guardian",), "import_export": ("django-import-export",),
    "phonenumber_field": ("django-phonenumber-field",), "csp": ("django-csp",),
    "widget_tweaks": ("django-widget-tweaks",), "compressor": ("django-compressor",),
    "simple_history": ("django-simple-history",), "knox": ("django-rest-knox",),
}  # fmt: skip


def import_names_of(distribution: str) -> set[str]:
    """Names the (canonical) `distribution` may be imported as, without reading any metadata."""
    names = {distribution.replace("-", "_"), distribution.removeprefix("python-")}
    names.update(
        distribution.removesuffix(suffix).replace("-", "_")
        for suffix in AFFIXED
        if distribution.endswith(suffix)
    )
    names.update(top for top, dists in KNOWN.items() if distribution in dists)
    return names
