"""pyo2bias: event biasing for the ALICE O2 simulation, driven from one PyROOT process.

Layers (each a subpackage):

- ``rootenv``   ROOT itself: quiet lazy import, ACLiC compilation cached by content.
- ``datamodel`` O2's classes in ROOT (MCTrack, MCEventHeader, hits, GRP), detectors.
- ``io``        reading (RDataFrame + hits friends) and writing O2 simulation files.
- ``cli``       the ``pyo2bias`` command.

Importing pyo2bias does not import ROOT; the first call that needs it does.
"""

from pyo2bias.datamodel import (
    DETECTORS,
    DataModelInfo,
    Process,
    detid,
    hit_bit_lut,
    load_datamodel,
    readout_detectors,
)
from pyo2bias.exceptions import (
    CommandParseError,
    ConfigurationError,
    DictionaryBuildError,
    MacroCompileError,
    NotAnO2FileError,
    O2EnvironmentError,
    O2FileCorruptError,
    O2FileError,
    O2FileNotFoundError,
    PyO2BiasError,
    RootNotAvailableError,
)
from pyo2bias.io import (
    GRPInfo,
    SimOutput,
    SimWriter,
    header_info,
    open_sim,
    read_grp,
    write_grp,
)
from pyo2bias.io.summary import EventSummary, summarize
from pyo2bias.macros import LoadedMacro, load_macro

__version__ = "0.1.0"

__all__ = [
    "DETECTORS",
    "CommandParseError",
    "ConfigurationError",
    "DataModelInfo",
    "DictionaryBuildError",
    "EventSummary",
    "GRPInfo",
    "LoadedMacro",
    "MacroCompileError",
    "NotAnO2FileError",
    "O2EnvironmentError",
    "O2FileCorruptError",
    "O2FileError",
    "O2FileNotFoundError",
    "Process",
    "PyO2BiasError",
    "RootNotAvailableError",
    "SimOutput",
    "SimWriter",
    "__version__",
    "detid",
    "header_info",
    "hit_bit_lut",
    "load_datamodel",
    "load_macro",
    "open_sim",
    "read_grp",
    "readout_detectors",
    "summarize",
    "write_grp",
]


def __dir__() -> list[str]:
    return __all__
