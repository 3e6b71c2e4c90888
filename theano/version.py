"""theano.version: version strings, as Theano 1.0.5's module computes them from theano._version.

full_version is theano-xla's ("1.0.5+xla.0.1.0": Theano 1.0.5's API, theano-xla 0.1.0); short_version is the
Theano release it follows ("1.0.5"). `version` is the full version (theano.__version__ is the same string):
Theano gave the short one for a clean release, but here the "+xla" part is what tells the two packages apart.
git_revision is None (no git checkout is recorded in a release).
"""
from theano._version import get_versions

FALLBACK_VERSION = "1.0.5+unknown"

info = get_versions()
if info['error'] is not None:
    info['version'] = FALLBACK_VERSION

full_version = info['version']
git_revision = info['full-revisionid']
del get_versions

short_version = full_version.split('+')[0]

# This tries to catch a tag like beta2, rc1, ...
try:
    int(short_version.split('.')[2])
    release = True
except ValueError:
    release = False

version = full_version
del info
