"""ROOT inside pyo2bias: a quiet, lazy import and a content-keyed cache of compiled code.

ROOT is imported on first use only, so that ``import pyo2bias`` stays fast and works for the
parts that do not need ROOT. Everything compiled through ACLiC lands in one cache directory,
keyed by content and ROOT version, and is never compiled twice.
"""

from pyo2bias.rootenv.aclic import CompiledLibrary, cache_dir, compile_cached
from pyo2bias.rootenv.root import import_root

__all__ = ["CompiledLibrary", "cache_dir", "compile_cached", "import_root"]
