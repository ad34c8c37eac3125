"""Reading and writing O2 simulation output (``<prefix>_Kine.root`` and friends).

Read path: :func:`open_sim` checks every file (exists, is a ROOT file that was closed properly,
has tree ``o2sim`` and O2's branches) and returns a :class:`SimOutput` whose
:meth:`~SimOutput.rdf` is an RDataFrame over the kinematics with the hits trees as friends.
Write path: :class:`SimWriter` writes the same files with O2's tree and branch names, split
level 99, through ``.part`` files renamed only when complete.
"""

from pyo2bias.io.files import SimFiles, sim_files
from pyo2bias.io.grp import GRPInfo, read_grp, write_grp
from pyo2bias.io.header import header_info
from pyo2bias.io.reader import SimOutput, open_sim
from pyo2bias.io.writer import SimWriter

__all__ = [
    "GRPInfo",
    "SimFiles",
    "SimOutput",
    "SimWriter",
    "header_info",
    "open_sim",
    "read_grp",
    "sim_files",
    "write_grp",
]
