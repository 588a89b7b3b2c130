/* Ends one instantiation of core/simd_ops.h: its names are free for the next one. */
#undef MCK_SIMD_W
#undef MCK_SIMD_SUFFIX
#undef MCK_SIMD_FN
#undef VU
#undef VD
#undef VMul32
#undef VSqrt
#undef VLoad
#undef VStore
#undef VStorePart
#undef VSplat
#undef VSplatD
