"""The public surface of ``pyo2bias`` is deliberate: this pins it."""

import pyo2bias


def test_public_api():
    assert sorted(pyo2bias.__all__) == sorted([
        "DETECTORS", "CommandParseError", "ConfigurationError", "DataModelInfo",
        "DictionaryBuildError", "EventSummary", "GRPInfo", "LoadedMacro", "MacroCompileError",
        "NotAnO2FileError", "O2EnvironmentError", "O2FileCorruptError", "O2FileError",
        "O2FileNotFoundError", "Process", "PyO2BiasError", "RootNotAvailableError", "SimOutput",
        "SimWriter", "__version__", "detid", "header_info", "hit_bit_lut", "load_datamodel",
        "load_macro", "open_sim", "read_grp", "readout_detectors", "summarize", "write_grp",
    ])  # fmt: skip
    assert dir(pyo2bias) == sorted(pyo2bias.__all__)


def test_import_does_not_import_root():
    import subprocess
    import sys

    code = "import sys, pyo2bias; print('ROOT' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
