"""Production's static files storage, without rewriting source map comments: Tom Select's CSS names a .map that
scripts/vendor_assets.py does not vendor, and the manifest storage refuses to collect a file whose reference is
missing (issue found by this load test; the fix belongs to the vendoring)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple((kind, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
                     for kind, rules in CompressedManifestStaticFilesStorage.patterns)
