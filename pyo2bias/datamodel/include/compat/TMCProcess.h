// pyo2bias compatibility header: VMC's TMCProcess codes, for ROOT builds without VMC.
// Only added to the include path when ROOT does not ship TMCProcess.h itself.
// Values are VMC's (O2 stores them in MCTrack's 6-bit process field).
#ifndef PYO2BIAS_COMPAT_TMCPROCESS_H
#define PYO2BIAS_COMPAT_TMCPROCESS_H

enum TMCProcess {
  kPPrimary = 0,
  kPMultipleScattering = 1,
  kPEnergyLoss = 2,
  kPMagneticFieldL = 3,
  kPDecay = 4,
  kPPair = 5,
  kPCompton = 6,
  kPPhotoelectric = 7,
  kPBrem = 8,
  kPDeltaRay = 9,
  kPAnnihilation = 10,
  kPAnnihilationRest = 11,
  kPAnnihilationFlight = 12,
  kPHadronic = 13,
  kPEvaporation = 14,
  kPNuclearFission = 15,
  kPNuclearAbsorption = 16,
  kPPbarAnnihilation = 17,
  kPNbarAnnihilation = 18,
  kPNCapture = 19,
  kPHElastic = 20,
  kPHIElastic = 21,
  kPHCElastic = 22,
  kPHInhelastic = 23,
  kPPhotonInhelastic = 24,
  kPMuonNuclear = 25,
  kPElectronNuclear = 26,
  kPPositronNuclear = 27,
  kPTOFlimit = 28,
  kPPhotoFission = 29,
  kPRayleigh = 30,
  kPNull = 31,
  kPStop = 32,
  kPLightAbsorption = 33,
  kPLightDetection = 34,
  kPLightScattering = 35,
  kStepMax = 36,
  kPCerenkov = 37,
  kPFeedBackPhoton = 38,
  kPLightReflection = 39,
  kPLightRefraction = 40,
  kPCoulombScattering = 45,
  kPPhotoNuclear = 46,
  kPLightWLShifting = 48,
};

#endif
