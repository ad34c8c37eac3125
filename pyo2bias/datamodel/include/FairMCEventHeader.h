// pyo2bias data model: FairRoot's FairMCEventHeader (v2, TNamed "MCEvent"/"MC"), on-disk layout.
#ifndef PYO2BIAS_FAIRMCEVENTHEADER_H
#define PYO2BIAS_FAIRMCEVENTHEADER_H

#include "Rtypes.h"
#include "TNamed.h"
#include "TVector3.h"

class FairMCEventHeader : public TNamed
{
 public:
  FairMCEventHeader() : TNamed("MCEvent", "MC") {}
  FairMCEventHeader(UInt_t runId) : TNamed("MCEvent", "MC"), fRunId(runId) {}
  ~FairMCEventHeader() override = default;

  UInt_t GetRunID() const { return fRunId; }
  UInt_t GetEventID() const { return fEventId; }
  Double_t GetX() const { return fX; }
  Double_t GetY() const { return fY; }
  Double_t GetZ() const { return fZ; }
  Double_t GetT() const { return fT; }
  Double_t GetB() const { return fB; }
  Int_t GetNPrim() const { return fNPrim; }
  Bool_t IsSet() const { return fIsSet; }
  Double_t GetRotX() const { return fRotX; }
  Double_t GetRotY() const { return fRotY; }
  Double_t GetRotZ() const { return fRotZ; }
  void GetVertex(TVector3& v) const { v.SetXYZ(fX, fY, fZ); }

  void SetRunID(UInt_t runId) { fRunId = runId; }
  void SetEventID(UInt_t eventId) { fEventId = eventId; }
  void SetVertex(Double_t x, Double_t y, Double_t z)
  {
    fX = x;
    fY = y;
    fZ = z;
  }
  void SetTime(Double_t t) { fT = t; }
  void SetB(Double_t b) { fB = b; }
  void SetNPrim(Int_t n) { fNPrim = n; }
  void MarkSet(Bool_t set) { fIsSet = set; }
  void SetRotX(Double_t r) { fRotX = r; }
  void SetRotY(Double_t r) { fRotY = r; }
  void SetRotZ(Double_t r) { fRotZ = r; }

  virtual void Reset()
  {
    fEventId = 0;
    fX = fY = fZ = fT = fB = 0.;
    fNPrim = 0;
    fIsSet = kFALSE;
    fRotX = fRotY = fRotZ = 0.;
  }

 protected:
  UInt_t fRunId = 0;
  UInt_t fEventId = 0;
  Double32_t fX = 0;
  Double32_t fY = 0;
  Double32_t fZ = 0;
  Double32_t fT = 0;
  Double32_t fB = 0;
  Int_t fNPrim = 0;
  Bool_t fIsSet = kFALSE;
  Double32_t fRotX = 0;
  Double32_t fRotY = 0;
  Double32_t fRotZ = 0;

  ClassDefOverride(FairMCEventHeader, 2);
};

#endif
