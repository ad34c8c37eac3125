// pyo2bias: dictionary source for the data model. Built once by ACLiC into a cache keyed by
// header content and ROOT version; the pragmas below say which classes get ROOT I/O.
#include "pyo2bias/DataModel.h"

#ifdef __CLING__
#pragma link off all globals;
#pragma link off all classes;
#pragma link off all functions;

#pragma link C++ class o2::MCTrackT<float> + ;
#pragma link C++ class std::vector<o2::MCTrackT<float>> + ;
#pragma link C++ class o2::SimTrackStatus + ;
#pragma link C++ class o2::TrackReference + ;
#pragma link C++ class std::vector<o2::TrackReference> + ;
#pragma link C++ class o2::dataformats::MCEventStats + ;
#pragma link C++ class o2::utils::RootSerializableKeyValueStore + ;
#pragma link C++ class o2::utils::RootSerializableKeyValueStore::SerializedInfo + ;
#pragma link C++ class std::map<std::string, o2::utils::RootSerializableKeyValueStore::SerializedInfo> + ;
#pragma link C++ class FairMCEventHeader + ;
#pragma link C++ class o2::dataformats::MCEventHeader + ;
#pragma link C++ class o2::BaseHit + ;
#pragma link C++ class o2::BasicXYZVHit<float, float, float> + ;
#pragma link C++ class o2::BasicXYZEHit<float, float, float> + ;
#pragma link C++ class o2::itsmft::Hit + ;
#pragma link C++ class std::vector<o2::itsmft::Hit> + ;
#pragma link C++ class o2::tof::HitType + ;
#pragma link C++ class std::vector<o2::tof::HitType> + ;
#pragma link C++ class o2::tpc::HitGroup + ;
#pragma link C++ class std::vector<o2::tpc::HitGroup> + ;
#pragma link C++ class o2::gpu::gpustd::bitset<32> + ;
#pragma link C++ class o2::parameters::GRPObject + ;
#pragma link C++ class o2::detectors::DetID + ;
#endif

