//===- support.c - Memory, allocator, PRNG, hashes and sorting ------------===//
#include "workload.h"

//===-- Memory helpers ----------------------------------------------------===//

void wl_move(void *Dst, const void *Src, uint32_t N) {
  uint8_t *D = Dst;
  const uint8_t *S = Src;
  // Compare as integers: relational operators on unrelated pointers are
  // undefined, and callers may pass overlapping ranges either way.
  if ((uintptr_t)D <= (uintptr_t)S) {
    for (uint32_t I = 0; I < N; ++I)
      D[I] = S[I];
  } else {
    for (uint32_t I = N; I-- > 0;)
      D[I] = S[I];
  }
}

void wl_fill(void *Dst, uint8_t Byte, uint32_t N) {
  uint8_t *D = Dst;
  for (uint32_t I = 0; I < N; ++I)
    D[I] = Byte;
}

int wl_compare(const void *A, const void *B, uint32_t N) {
  const uint8_t *X = A, *Y = B;
  for (uint32_t I = 0; I < N; ++I)
    if (X[I] != Y[I])
      return X[I] < Y[I] ? -1 : 1;
  return 0;
}

uint32_t wl_strlen(const char *S) {
  uint32_t N = 0;
  while (S[N])
    ++N;
  return N;
}

uint32_t wl_format_u64(char *Out, uint64_t V) {
  char Digits[20];
  uint32_t D = 0, N = 0;
  do {
    Digits[D++] = (char)('0' + V % 10);
    V /= 10;
  } while (V);
  while (D)
    Out[N++] = Digits[--D];
  return N;
}

int64_t wl_div_s(int64_t A, int64_t B) {
  if (B == 0)
    return 0;
  if (B == -1)
    return (int64_t)(0 - (uint64_t)A);
  return A / B;
}

//===-- Allocator ---------------------------------------------------------===//
//
// Blocks are named by their offset in the arena, not by pointers, and every
// header is two u32s, so the heap's layout (which the checksums see) is the
// same on wasm32 and on a 64-bit host. The free list is kept sorted by
// offset so that freeing can merge neighbours.

#define ArenaSize (1u << 21)
#define HeaderSize 8u
#define MinBlock 16u
#define Nil 0xffffffffu
#define InUse 0xfffffffeu

static _Alignas(16) uint8_t Arena[ArenaSize];
static uint32_t FreeHead = Nil;
static int HeapReady;

// Headers go through memcpy so that the arena is only ever accessed as bytes.
static uint32_t get32(uint32_t Off) {
  uint32_t V;
  __builtin_memcpy(&V, Arena + Off, 4);
  return V;
}
static void put32(uint32_t Off, uint32_t V) {
  __builtin_memcpy(Arena + Off, &V, 4);
}
static uint32_t blockSize(uint32_t B) { return get32(B); }
static uint32_t blockNext(uint32_t B) { return get32(B + 4); }
static void setBlock(uint32_t B, uint32_t Size, uint32_t Next) {
  put32(B, Size);
  put32(B + 4, Next);
}

void wl_heap_reset(void) {
  setBlock(0, ArenaSize, Nil);
  FreeHead = 0;
  HeapReady = 1;
}

void *wl_alloc(uint32_t Size) {
  if (!HeapReady)
    wl_heap_reset();
  if (Size > ArenaSize - HeaderSize)
    return 0;
  uint32_t Need = (Size + HeaderSize + 7) & ~7u;
  if (Need < MinBlock)
    Need = MinBlock;
  uint32_t Prev = Nil;
  for (uint32_t B = FreeHead; B != Nil; Prev = B, B = blockNext(B)) {
    uint32_t Have = blockSize(B);
    if (Have < Need)
      continue;
    uint32_t Next = blockNext(B);
    if (Have - Need >= MinBlock) {
      // Split: the tail stays free in B's place in the list.
      setBlock(B + Need, Have - Need, Next);
      Next = B + Need;
      Have = Need;
    }
    if (Prev == Nil)
      FreeHead = Next;
    else
      put32(Prev + 4, Next);
    setBlock(B, Have, InUse);
    return Arena + B + HeaderSize;
  }
  return 0;
}

uint32_t wl_heap_offset(const void *P) {
  return (uint32_t)((const uint8_t *)P - Arena);
}

void wl_free(void *P) {
  if (!P)
    return;
  uint32_t B = wl_heap_offset(P) - HeaderSize;
  uint32_t Prev = Nil, Next = FreeHead;
  while (Next != Nil && Next < B) {
    Prev = Next;
    Next = blockNext(Next);
  }
  uint32_t Size = blockSize(B);
  if (Next != Nil && B + Size == Next) {
    Size += blockSize(Next);
    Next = blockNext(Next);
  }
  setBlock(B, Size, Next);
  if (Prev == Nil) {
    FreeHead = B;
  } else if (Prev + blockSize(Prev) == B) {
    setBlock(Prev, blockSize(Prev) + Size, Next);
  } else {
    put32(Prev + 4, B);
  }
}

uint32_t wl_heap_free_blocks(uint32_t *FreeBytes) {
  uint32_t Count = 0, Bytes = 0;
  for (uint32_t B = FreeHead; B != Nil; B = blockNext(B)) {
    ++Count;
    Bytes += blockSize(B);
  }
  *FreeBytes = Bytes;
  return Count;
}

//===-- PRNG and hashes ---------------------------------------------------===//

uint64_t mix64(uint64_t X) {
  X += 0x9e3779b97f4a7c15ull;
  X = (X ^ (X >> 30)) * 0xbf58476d1ce4e5b9ull;
  X = (X ^ (X >> 27)) * 0x94d049bb133111ebull;
  return X ^ (X >> 31);
}

void rng_seed(Rng *R, uint64_t Seed) {
  R->State = mix64(Seed);
  if (!R->State)
    R->State = 1;
}

uint64_t rng_next(Rng *R) {
  uint64_t X = R->State;
  X ^= X >> 12;
  X ^= X << 25;
  X ^= X >> 27;
  R->State = X;
  return X * 0x2545f4914f6cdd1dull;
}

uint32_t rng_below(Rng *R, uint32_t Bound) {
  return (uint32_t)((rng_next(R) >> 32) % Bound);
}

double rng_unit(Rng *R) {
  // 53 random bits scaled exactly into [0, 1).
  return (double)(rng_next(R) >> 11) * 0x1p-53;
}

uint32_t fnv1a32(const uint8_t *Data, uint32_t N) {
  uint32_t H = 2166136261u;
  for (uint32_t I = 0; I < N; ++I)
    H = (H ^ Data[I]) * 16777619u;
  return H;
}

uint64_t fnv1a64(const uint8_t *Data, uint32_t N) {
  uint64_t H = 0xcbf29ce484222325ull;
  for (uint32_t I = 0; I < N; ++I)
    H = (H ^ Data[I]) * 0x100000001b3ull;
  return H;
}

static uint32_t CrcTable[256];
static int CrcReady;

uint32_t crc32(const uint8_t *Data, uint32_t N) {
  if (!CrcReady) {
    for (uint32_t I = 0; I < 256; ++I) {
      uint32_t C = I;
      for (int K = 0; K < 8; ++K)
        C = (C & 1) ? 0xedb88320u ^ (C >> 1) : C >> 1;
      CrcTable[I] = C;
    }
    CrcReady = 1;
  }
  uint32_t C = 0xffffffffu;
  for (uint32_t I = 0; I < N; ++I)
    C = CrcTable[(C ^ Data[I]) & 0xff] ^ (C >> 8);
  return C ^ 0xffffffffu;
}

static uint64_t rotl64(uint64_t X, unsigned K) {
  return (X << K) | (X >> ((64 - K) & 63));
}

static uint64_t load64le(const uint8_t *P) {
  uint64_t V = 0;
  for (int I = 7; I >= 0; --I)
    V = (V << 8) | P[I];
  return V;
}

#define SIP_ROUND(V0, V1, V2, V3)                                              \
  do {                                                                         \
    V0 += V1;                                                                  \
    V1 = rotl64(V1, 13);                                                       \
    V1 ^= V0;                                                                  \
    V0 = rotl64(V0, 32);                                                       \
    V2 += V3;                                                                  \
    V3 = rotl64(V3, 16);                                                       \
    V3 ^= V2;                                                                  \
    V0 += V3;                                                                  \
    V3 = rotl64(V3, 21);                                                       \
    V3 ^= V0;                                                                  \
    V2 += V1;                                                                  \
    V1 = rotl64(V1, 17);                                                       \
    V1 ^= V2;                                                                  \
    V2 = rotl64(V2, 32);                                                       \
  } while (0)

uint64_t siphash24(uint64_t K0, uint64_t K1, const uint8_t *Data, uint32_t N) {
  uint64_t V0 = K0 ^ 0x736f6d6570736575ull, V1 = K1 ^ 0x646f72616e646f6dull;
  uint64_t V2 = K0 ^ 0x6c7967656e657261ull, V3 = K1 ^ 0x7465646279746573ull;
  uint32_t Full = N & ~7u;
  for (uint32_t I = 0; I < Full; I += 8) {
    uint64_t M = load64le(Data + I);
    V3 ^= M;
    SIP_ROUND(V0, V1, V2, V3);
    SIP_ROUND(V0, V1, V2, V3);
    V0 ^= M;
  }
  uint64_t Last = (uint64_t)(N & 0xff) << 56;
  switch (N & 7) {
  case 7:
    Last |= (uint64_t)Data[Full + 6] << 48;
    __attribute__((fallthrough));
  case 6:
    Last |= (uint64_t)Data[Full + 5] << 40;
    __attribute__((fallthrough));
  case 5:
    Last |= (uint64_t)Data[Full + 4] << 32;
    __attribute__((fallthrough));
  case 4:
    Last |= (uint64_t)Data[Full + 3] << 24;
    __attribute__((fallthrough));
  case 3:
    Last |= (uint64_t)Data[Full + 2] << 16;
    __attribute__((fallthrough));
  case 2:
    Last |= (uint64_t)Data[Full + 1] << 8;
    __attribute__((fallthrough));
  case 1:
    Last |= (uint64_t)Data[Full];
    break;
  default:
    break;
  }
  V3 ^= Last;
  SIP_ROUND(V0, V1, V2, V3);
  SIP_ROUND(V0, V1, V2, V3);
  V0 ^= Last;
  V2 ^= 0xff;
  for (int I = 0; I < 4; ++I)
    SIP_ROUND(V0, V1, V2, V3);
  return V0 ^ V1 ^ V2 ^ V3;
}

//===-- Sorting -----------------------------------------------------------===//

static void mergeRuns(uint8_t *Base, uint8_t *Scratch, uint32_t Mid,
                      uint32_t Count, uint32_t Size, CompareFn Compare) {
  uint32_t I = 0, J = Mid, K = 0;
  while (I < Mid && J < Count) {
    // Take from the right run only when strictly smaller: stability.
    if (Compare(Base + J * Size, Base + I * Size) < 0)
      wl_move(Scratch + K++ * Size, Base + J++ * Size, Size);
    else
      wl_move(Scratch + K++ * Size, Base + I++ * Size, Size);
  }
  while (I < Mid)
    wl_move(Scratch + K++ * Size, Base + I++ * Size, Size);
  while (J < Count)
    wl_move(Scratch + K++ * Size, Base + J++ * Size, Size);
  wl_move(Base, Scratch, Count * Size);
}

static void sortRange(uint8_t *Base, uint8_t *Scratch, uint32_t Count,
                      uint32_t Size, CompareFn Compare) {
  if (Count < 8) {
    // Insertion sort for short runs.
    for (uint32_t I = 1; I < Count; ++I) {
      wl_move(Scratch, Base + I * Size, Size);
      uint32_t J = I;
      while (J > 0 && Compare(Scratch, Base + (J - 1) * Size) < 0) {
        wl_move(Base + J * Size, Base + (J - 1) * Size, Size);
        --J;
      }
      wl_move(Base + J * Size, Scratch, Size);
    }
    return;
  }
  uint32_t Mid = Count / 2;
  sortRange(Base, Scratch, Mid, Size, Compare);
  sortRange(Base + Mid * Size, Scratch, Count - Mid, Size, Compare);
  mergeRuns(Base, Scratch, Mid, Count, Size, Compare);
}

void wl_sort(void *Base, uint32_t Count, uint32_t Size, CompareFn Compare) {
  uint8_t *Scratch = wl_alloc(Count * Size + Size);
  sortRange(Base, Scratch, Count, Size, Compare);
  wl_free(Scratch);
}

//===-- Exports -----------------------------------------------------------===//

int64_t alloc_stress(int32_t Seed, int32_t Rounds) {
  enum { Slots = 64 };
  static uint8_t *Live[Slots];
  static uint32_t Sizes[Slots];
  wl_heap_reset();
  wl_fill(Live, 0, sizeof(Live));
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint64_t Sum = 0;
  for (int32_t Round = 0; Round < Rounds; ++Round) {
    uint32_t S = rng_below(&R, Slots);
    if (Live[S]) {
      // The block must still hold the pattern written into it.
      uint32_t Bytes = 0;
      for (uint32_t I = 0; I < Sizes[S]; ++I)
        Bytes = Bytes * 31 + Live[S][I];
      Sum = Sum * 1099511628211ull + Bytes;
      wl_free(Live[S]);
      Live[S] = 0;
      continue;
    }
    // Mostly small blocks, now and then a large one.
    uint32_t Size = rng_below(&R, 8) == 0 ? 1 + rng_below(&R, 60000)
                                          : 1 + rng_below(&R, 300);
    uint8_t *P = wl_alloc(Size);
    if (!P) {
      Sum ^= 0xdeadull << 40;
      continue;
    }
    for (uint32_t I = 0; I < Size; ++I)
      P[I] = (uint8_t)(I * 7 + S + Round);
    Live[S] = P;
    Sizes[S] = Size;
    Sum += (uint64_t)wl_heap_offset(P) << 8 | (Size & 0xff);
  }
  for (uint32_t S = 0; S < Slots; ++S)
    wl_free(Live[S]);
  uint32_t FreeBytes;
  uint32_t Blocks = wl_heap_free_blocks(&FreeBytes);
  // Everything freed and merged back: one block covering the arena.
  return (int64_t)(Sum ^ ((uint64_t)Blocks << 56) ^ FreeBytes);
}

static uint8_t *randomBytes(Rng *R, uint32_t N) {
  uint8_t *Data = wl_alloc(N ? N : 1);
  for (uint32_t I = 0; I < N; ++I)
    Data[I] = (uint8_t)(rng_next(R) >> 56);
  return Data;
}

int32_t crc32_random(int32_t Seed, int32_t Length) {
  wl_heap_reset();
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint32_t N = (uint32_t)Length;
  uint8_t *Data = randomBytes(&R, N);
  uint32_t Crc = crc32(Data, N);
  // Prefixes too, so that every tail length of the loop is exercised.
  for (uint32_t Len = 0; Len < N && Len < 64; ++Len)
    Crc = Crc * 33 ^ crc32(Data, Len);
  // FNV over the same bytes, 32- and 64-bit, at shifting offsets.
  for (uint32_t Off = 0; Off < N && Off < 32; ++Off)
    Crc += fnv1a32(Data + Off, N - Off) ^ (uint32_t)(fnv1a64(Data, Off) >> 17);
  wl_free(Data);
  return (int32_t)Crc;
}

int64_t siphash_random(int64_t K0, int64_t K1, int32_t Length) {
  wl_heap_reset();
  Rng R;
  rng_seed(&R, (uint64_t)K0 ^ (uint64_t)K1);
  uint32_t N = (uint32_t)Length;
  uint8_t *Data = randomBytes(&R, N);
  uint64_t H = 0;
  for (uint32_t Len = 0; Len <= N; Len += 1 + Len / 8)
    H = rotl64(H, 7) ^ siphash24((uint64_t)K0, (uint64_t)K1, Data, Len);
  wl_free(Data);
  return (int64_t)H;
}

// Records without pointers, so that their layout is the same everywhere.
typedef struct {
  int64_t Key;
  double Weight;
  uint32_t Id;
  char Name[12];
} Record;

static int byKey(const void *A, const void *B) {
  int64_t X = ((const Record *)A)->Key, Y = ((const Record *)B)->Key;
  return (X > Y) - (X < Y);
}

static int byWeightDescending(const void *A, const void *B) {
  double X = ((const Record *)A)->Weight, Y = ((const Record *)B)->Weight;
  return (X < Y) - (X > Y);
}

static int byName(const void *A, const void *B) {
  const Record *X = A, *Y = B;
  for (int I = 0; I < 12; ++I) {
    if (X->Name[I] != Y->Name[I])
      return (uint8_t)X->Name[I] < (uint8_t)Y->Name[I] ? -1 : 1;
    if (!X->Name[I])
      return 0;
  }
  return 0;
}

static int byKeyModThenId(const void *A, const void *B) {
  const Record *X = A, *Y = B;
  int64_t KX = X->Key % 7, KY = Y->Key % 7;
  if (KX != KY)
    return KX < KY ? -1 : 1;
  return (X->Id > Y->Id) - (X->Id < Y->Id);
}

static const CompareFn Orders[] = {byKey, byWeightDescending, byName,
                                   byKeyModThenId};

int64_t sort_records(int32_t Seed, int32_t Count) {
  wl_heap_reset();
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint32_t N = (uint32_t)Count;
  Record *Rs = wl_alloc(N * sizeof(Record) + 1);
  for (uint32_t I = 0; I < N; ++I) {
    // Few distinct keys, so that stability shows in the result.
    Rs[I].Key = (int64_t)rng_below(&R, N / 4 + 1) - (int64_t)(N / 8);
    Rs[I].Weight = rng_unit(&R) * 100.0 - 50.0;
    Rs[I].Id = I;
    uint32_t Len = 1 + rng_below(&R, 10);
    for (uint32_t C = 0; C < 12; ++C)
      Rs[I].Name[C] = C < Len ? (char)('a' + rng_below(&R, 4)) : 0;
  }
  uint64_t Sum = 0;
  for (int Pass = 0; Pass < 8; ++Pass) {
    CompareFn Order = Orders[rng_below(&R, 4)];
    wl_sort(Rs, N, sizeof(Record), Order);
    for (uint32_t I = 0; I < N; ++I) {
      if (I && Order(&Rs[I - 1], &Rs[I]) > 0)
        return -1;
      Sum = Sum * 31 + Rs[I].Id;
    }
  }
  wl_free(Rs);
  return (int64_t)Sum;
}
