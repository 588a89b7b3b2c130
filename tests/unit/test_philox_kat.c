/* Known-answer test of MckPhilox4x32_10 against the published Random123 vectors.
 *
 * Source: Random123 (D. E. Shaw Research), file tests/kat_vectors, the three rows beginning
 * "philox4x32 10"; format counter[4] key[2] -> output[4], 32-bit words in hex. The values were
 * looked up in that file (and in DEShawResearch/Random123-Boost, test_philox.cpp), not recalled. */
#include "rng_testutil.h"

static const char help[] = "Philox4x32-10 known-answer test (Random123 kat_vectors)\n";

typedef struct {
  const char *name;
  uint32_t    ctr[4], key[2], expect[4];
} Kat;

static const Kat kats[] = {
    {"all zeros",
     {0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u},
     {0x00000000u, 0x00000000u},
     {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {"all ones",
     {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
     {0xffffffffu, 0xffffffffu},
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {"pi digits",
     {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
     {0xa4093822u, 0x299f31d0u},
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};

int main(int argc, char **argv)
{
  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  for (size_t t = 0; t < sizeof kats / sizeof kats[0]; t++) {
    uint32_t out[4];

    MckPhilox4x32_10(kats[t].ctr, kats[t].key, out);
    const int ok = out[0] == kats[t].expect[0] && out[1] == kats[t].expect[1] && out[2] == kats[t].expect[2] &&
                   out[3] == kats[t].expect[3];
    RngTestCheck(ok, "Philox4x32-10 KAT %-9s: got %08x %08x %08x %08x, expected %08x %08x %08x %08x", kats[t].name,
                 out[0], out[1], out[2], out[3], kats[t].expect[0], kats[t].expect[1], kats[t].expect[2],
                 kats[t].expect[3]);
  }
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
