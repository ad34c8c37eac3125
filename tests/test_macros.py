"""O2-signature macros in macros/ compile once against pyo2bias's classes and select correctly."""

from __future__ import annotations

import math

import pytest
from conftest import MACROS


def particle(ROOT, pdg, eta=0.0, pt=1.0, mothers=(-1, -1), daughters=(-1, -1), r=0.0, process=0):
    pz = pt * math.sinh(eta)
    mass = {111: 0.135, 22: 0.0, 11: 0.000511, -11: 0.000511, 211: 0.1396}.get(pdg, 0.0)
    energy = math.sqrt(pt * pt + pz * pz + mass * mass)
    p = ROOT.TParticle(pdg, 1, mothers[0], mothers[1], daughters[0], daughters[1],
                       pt, 0.0, pz, energy, r, 0.0, 0.0, 0.0)  # fmt: skip
    p.SetUniqueID(process)
    return p


def vector(ROOT, particles):
    v = ROOT.std.vector["TParticle"]()
    for p in particles:
        v.push_back(p)
    return v


@pytest.fixture(scope="module")
def transport(ROOT):
    from pyo2bias import load_macro

    return load_macro(MACROS / "transport_pi0.macro").result


@pytest.fixture(scope="module")
def trigger(ROOT):
    from pyo2bias import load_macro

    return load_macro(MACROS / "trigger_pi0.macro").result


def test_transport_selects_central_pi0_and_descendants(ROOT, transport):
    prims = [
        particle(ROOT, 2212, eta=5.0),                                  # 0 beam remnant
        particle(ROOT, 111, eta=0.5, mothers=(0, -1), daughters=(3, 4)),  # 1 central pi0
        particle(ROOT, 111, eta=1.5, mothers=(0, -1), daughters=(5, 6)),  # 2 forward pi0
        particle(ROOT, 22, eta=0.4, mothers=(1, -1)),                   # 3 photon of 1
        particle(ROOT, 22, eta=0.6, mothers=(1, -1)),                   # 4 photon of 1
        particle(ROOT, 22, eta=1.4, mothers=(2, -1)),                   # 5 photon of 2
        particle(ROOT, 211, eta=0.1, mothers=(0, -1)),                  # 6 central pion
    ]  # fmt: skip
    so_far = vector(ROOT, prims)
    decisions = [bool(transport(p, so_far)) for p in prims]
    assert decisions == [False, True, False, True, True, False, False]


def test_trigger_double_conversion(ROOT, trigger):
    def event(r1=50.0, r2=60.0, process=5, eta=0.3):
        return vector(ROOT, [
            particle(ROOT, 111, eta=eta, daughters=(1, 2)),
            particle(ROOT, 22, mothers=(0, -1), daughters=(3, 4)),
            particle(ROOT, 22, mothers=(0, -1), daughters=(5, 6)),
            particle(ROOT, 11, mothers=(1, -1), r=r1, process=process),
            particle(ROOT, -11, mothers=(1, -1), r=r1, process=process),
            particle(ROOT, 11, mothers=(2, -1), r=r2, process=process),
            particle(ROOT, -11, mothers=(2, -1), r=r2, process=process),
        ])  # fmt: skip

    assert trigger(event())
    assert not trigger(event(r2=120.0))  # second conversion outside 100 cm
    assert not trigger(event(process=4))  # e+e- not from pair production
    assert not trigger(event(eta=1.2))  # pi0 outside |eta| < 1
    one_converted = event()
    one_converted[2].SetFirstDaughter(-1)
    one_converted[2].SetLastDaughter(-1)
    assert not trigger(one_converted)


def test_second_load_does_not_recompile(ROOT, transport):
    from pyo2bias import load_macro

    again = load_macro(MACROS / "transport_pi0.macro")
    assert again.library.built is False
    assert (again.library.directory / "COMPLETE").exists()


def test_syntax_error_names_file_and_line(ROOT, tmp_path):
    from pyo2bias import MacroCompileError, load_macro

    bad = tmp_path / "broken_trigger.macro"
    bad.write_text(
        '#include "Generators/Trigger.h"\n'
        "o2::eventgen::Trigger broken_trigger()\n"
        "{\n"
        "  return [](const std::vector<TParticle>& p) -> bool { return p.size() > 2 }\n"
        "}\n"
    )
    with pytest.raises(MacroCompileError) as err:
        load_macro(bad)
    assert f"{bad}:4:" in str(err.value)
    assert any(m.startswith(f"{bad}:4:") for m in err.value.messages)


def test_missing_macro_file(ROOT, tmp_path):
    from pyo2bias import O2FileNotFoundError, load_macro

    with pytest.raises(O2FileNotFoundError, match=r"nope\.macro"):
        load_macro(tmp_path / "nope.macro")


def test_function_with_arguments_as_o2_funcname(ROOT, tmp_path):
    """O2's transportPDG example: no includes, a default argument, called as transportPDG(22)."""
    from pyo2bias import load_macro

    macro = tmp_path / "transportPDG.macro"
    macro.write_text(
        "o2::data::Stack::TransportFcn\n"
        "transportPDG(int pdg = 321)\n"
        "{\n"
        "  return [pdg](const TParticle& p, const std::vector<TParticle>& particles) -> bool {\n"
        "    return p.GetPdgCode() == pdg;\n"
        "  };\n"
        "}\n"
    )
    photons = load_macro(macro, "transportPDG(22)").result
    kaons = load_macro(macro).result
    empty = vector(ROOT, [])
    assert photons(particle(ROOT, 22), empty)
    assert not photons(particle(ROOT, 321), empty)
    assert kaons(particle(ROOT, 321), empty)
    assert not kaons(particle(ROOT, 22), empty)


def test_missing_function_is_reported(ROOT, tmp_path):
    from pyo2bias import MacroCompileError, load_macro

    macro = tmp_path / "nofunc.macro"
    macro.write_text("int helper() { return 1; }\n")
    with pytest.raises(MacroCompileError, match=r"<pyo2bias call of nofunc\(\)>"):
        load_macro(macro)
