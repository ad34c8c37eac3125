// pyo2bias: every data-model header at once. Include this in a macro to get all O2 classes the
// simulation files use, and the function types of O2 transport and trigger macros.
#ifndef PYO2BIAS_DATAMODEL_H
#define PYO2BIAS_DATAMODEL_H

#include "SimulationDataFormat/MCTrack.h"
#include "SimulationDataFormat/TrackReference.h"
#include "SimulationDataFormat/MCEventStats.h"
#include "SimulationDataFormat/MCEventHeader.h"
#include "SimulationDataFormat/BaseHits.h"
#include "ITSMFTSimulation/Hit.h"
#include "TOFSimulation/Detector.h"
#include "TPCSimulation/Point.h"
#include "DataFormatsParameters/GRPObject.h"
#include "DetectorsCommonDataFormats/DetID.h"
#include "DetectorsBase/Stack.h"
#include "Generators/Trigger.h"
#include "pyo2bias/EventSummary.h"
#include "pyo2bias/HeaderInfo.h"
#include "pyo2bias/MacroAdapters.h"
#include "pyo2bias/TrackArrays.h"
#include "pyo2bias/TriggerGlue.h"

#endif
