//===- bigint.c - 64-bit integer arithmetic and a small bignum ------------===//
#include "workload.h"

//===-- 128-bit products from 64-bit parts --------------------------------===//

typedef struct {
  uint64_t Hi, Lo;
} U128;

static U128 mul64x64(uint64_t A, uint64_t B) {
  uint64_t AL = A & 0xffffffffu, AH = A >> 32;
  uint64_t BL = B & 0xffffffffu, BH = B >> 32;
  uint64_t LL = AL * BL, LH = AL * BH, HL = AH * BL, HH = AH * BH;
  uint64_t Mid = (LL >> 32) + (LH & 0xffffffffu) + (HL & 0xffffffffu);
  U128 R;
  R.Lo = (Mid << 32) | (LL & 0xffffffffu);
  R.Hi = HH + (LH >> 32) + (HL >> 32) + (Mid >> 32);
  return R;
}

// The remainder of a 128-bit value by M, one bit at a time.
static uint64_t mod128(U128 X, uint64_t M) {
  uint64_t R = 0;
  for (int I = 127; I >= 0; --I) {
    uint64_t Bit = I >= 64 ? (X.Hi >> (I - 64)) & 1 : (X.Lo >> I) & 1;
    uint64_t Top = R >> 63;
    R = (R << 1) | Bit;
    if (Top || R >= M)
      R -= M;
  }
  return R;
}

static uint64_t addMod(uint64_t A, uint64_t B, uint64_t M) {
  // A, B < M: A + B may wrap, so compare against M - B instead.
  return A >= M - B ? A - (M - B) : A + B;
}

// Double and add: an independent check of mod128(mul64x64()).
static uint64_t mulModSlow(uint64_t A, uint64_t B, uint64_t M) {
  uint64_t R = 0;
  A %= M;
  for (; B; B >>= 1) {
    if (B & 1)
      R = addMod(R, A, M);
    A = addMod(A, A, M);
  }
  return R;
}

static uint64_t mulMod(uint64_t A, uint64_t B, uint64_t M) {
  if (M <= 0xffffffffu)
    return (A % M) * (B % M) % M;
  return mod128(mul64x64(A, B), M);
}

static uint64_t powMod(uint64_t B, uint64_t E, uint64_t M) {
  uint64_t R = 1 % M;
  B %= M;
  while (E) {
    if (E & 1)
      R = mulMod(R, B, M);
    B = mulMod(B, B, M);
    E >>= 1;
  }
  return R;
}

int64_t pow_mod(int64_t Base, int64_t Exp, int64_t Mod) {
  uint64_t M = (uint64_t)Mod;
  if (M == 0)
    return 0;
  uint64_t R = powMod((uint64_t)Base, (uint64_t)Exp, M);
  // Cross-check the last multiplication step with the slow method.
  uint64_t B = (uint64_t)Base % M;
  uint64_t Fast = mulMod(R, B, M), Slow = mulModSlow(R, B, M);
  if (Fast != Slow)
    return -1;
  return (int64_t)(mix64(R) ^ Fast);
}

//===-- Miller-Rabin ------------------------------------------------------===//

static int isPrime(uint64_t N) {
  static const uint8_t SmallPrimes[] = {2,  3,  5,  7,  11, 13,
                                        17, 19, 23, 29, 31, 37};
  if (N < 2)
    return 0;
  for (unsigned I = 0; I < sizeof(SmallPrimes); ++I) {
    if (N == SmallPrimes[I])
      return 1;
    if (N % SmallPrimes[I] == 0)
      return 0;
  }
  uint64_t D = N - 1;
  unsigned S = (unsigned)__builtin_ctzll(D);
  D >>= S;
  // These bases decide every 64-bit N.
  for (unsigned I = 0; I < sizeof(SmallPrimes); ++I) {
    uint64_t X = powMod(SmallPrimes[I], D, N);
    if (X == 1 || X == N - 1)
      continue;
    unsigned R = 1;
    for (; R < S; ++R) {
      X = mulMod(X, X, N);
      if (X == N - 1)
        break;
    }
    if (R == S)
      return 0;
  }
  return 1;
}

int32_t count_primes_mr(int64_t Start, int32_t Count) {
  uint32_t Found = 0, Hash = 0;
  for (int32_t I = 0; I < Count; ++I) {
    uint64_t N = (uint64_t)Start + (uint32_t)I;
    if (isPrime(N)) {
      ++Found;
      Hash = Hash * 31 + (uint32_t)(N % 1000003);
    }
  }
  return (int32_t)(Found | Hash << 12);
}

//===-- A mix of 64-bit operations ----------------------------------------===//

static uint64_t gcdEuclid(uint64_t A, uint64_t B) {
  while (B) {
    uint64_t T = A % B;
    A = B;
    B = T;
  }
  return A;
}

static uint64_t gcdBinary(uint64_t A, uint64_t B) {
  if (!A)
    return B;
  if (!B)
    return A;
  int Shift = __builtin_ctzll(A | B);
  A >>= __builtin_ctzll(A);
  do {
    B >>= __builtin_ctzll(B);
    if (A > B) {
      uint64_t T = A;
      A = B;
      B = T;
    }
    B -= A;
  } while (B);
  return A << Shift;
}

static uint64_t isqrt64(uint64_t N) {
  uint64_t R = 0;
  for (uint64_t Bit = 1ull << 62; Bit; Bit >>= 2) {
    if (N >= R + Bit) {
      N -= R + Bit;
      R = (R >> 1) + Bit;
    } else {
      R >>= 1;
    }
  }
  return R;
}

static int64_t safeRem(int64_t A, int64_t B) {
  if (B == 0 || B == -1)
    return 0;
  return A % B;
}

int64_t int64_ops(int64_t A, int64_t B) {
  uint64_t X = (uint64_t)A, Y = (uint64_t)B, Acc = 0;
  for (int I = 0; I < 64; ++I) {
    unsigned Amount = (unsigned)(Y + (uint64_t)I) & 63;
    Acc ^= X << Amount;
    Acc += X >> (63 - Amount);
    Acc ^= (uint64_t)((int64_t)X >> Amount);
    Acc += (uint64_t)wl_div_s((int64_t)X, (int64_t)Y >> (I & 31));
    Acc ^= (uint64_t)safeRem((int64_t)Y, (int64_t)((X >> (I & 15)) - 3));
    Acc += Y ? X / (Y | 1) + X % (Y | 1) : 0;
    Acc ^= (uint64_t)(int64_t)(int8_t)X + (uint64_t)(int64_t)(int16_t)Y +
           (uint64_t)(int64_t)(int32_t)(X >> 16);
    Acc += X ? (uint64_t)__builtin_clzll(X) << 8 | (uint64_t)__builtin_ctzll(X)
             : 0x4040;
    Acc ^= (uint64_t)__builtin_popcountll(X ^ Y) << 32;
    Acc += __builtin_bswap64(X) >> 3;
    Acc ^= (uint64_t)((int64_t)X < (int64_t)Y) << 1 | (uint64_t)(X < Y);
    U128 P = mul64x64(X, Y);
    Acc += P.Hi ^ P.Lo;
    Acc ^= gcdEuclid(X, Y) == gcdBinary(X, Y) ? gcdEuclid(X >> 20, Y >> 20)
                                              : 0xbadull;
    Acc += isqrt64(X ^ Acc);
    // Evolve the operands, wrapping.
    uint64_t T = X * 6364136223846793005ull + 1442695040888963407ull;
    X = Y ^ (T >> 7);
    Y = T + (Acc << 13 | Acc >> 51);
  }
  return (int64_t)Acc;
}

//===-- Bignums in base 10^9 and 2^32
//--------------------------------------===//

enum { MaxLimbs = 4096 };

int64_t factorial_digits(int32_t N) {
  static uint32_t Limbs[MaxLimbs];
  uint32_t Count = 1;
  Limbs[0] = 1;
  for (uint32_t K = 2; K <= (uint32_t)N; ++K) {
    uint64_t Carry = 0;
    for (uint32_t I = 0; I < Count; ++I) {
      uint64_t V = (uint64_t)Limbs[I] * K + Carry;
      Limbs[I] = (uint32_t)(V % 1000000000u);
      Carry = V / 1000000000u;
    }
    while (Carry && Count < MaxLimbs) {
      Limbs[Count++] = (uint32_t)(Carry % 1000000000u);
      Carry /= 1000000000u;
    }
  }
  uint64_t DigitSum = 0, Digits = 0;
  for (uint32_t I = 0; I < Count; ++I) {
    uint32_t V = Limbs[I];
    uint32_t Width = 0;
    while (V) {
      DigitSum += V % 10;
      V /= 10;
      ++Width;
    }
    Digits = I + 1 == Count ? 9ull * I + Width : Digits;
  }
  return (int64_t)(DigitSum << 24 | Digits);
}

typedef struct {
  uint32_t Limb[MaxLimbs / 4];
  uint32_t Count;
} Big;

static void bigAdd(Big *Out, const Big *A, const Big *B) {
  uint32_t N = A->Count > B->Count ? A->Count : B->Count;
  uint64_t Carry = 0;
  for (uint32_t I = 0; I < N; ++I) {
    uint64_t S = Carry;
    S += I < A->Count ? A->Limb[I] : 0;
    S += I < B->Count ? B->Limb[I] : 0;
    Out->Limb[I] = (uint32_t)S;
    Carry = S >> 32;
  }
  Out->Count = N;
  if (Carry && N < MaxLimbs / 4)
    Out->Limb[Out->Count++] = (uint32_t)Carry;
}

// A - B for A >= B; returns the borrow out, which must be 0.
static uint32_t bigSub(Big *Out, const Big *A, const Big *B) {
  int64_t Borrow = 0;
  for (uint32_t I = 0; I < A->Count; ++I) {
    int64_t D = (int64_t)A->Limb[I] - (I < B->Count ? B->Limb[I] : 0) - Borrow;
    Borrow = D < 0;
    Out->Limb[I] = (uint32_t)(D + (Borrow << 32));
  }
  Out->Count = A->Count;
  while (Out->Count > 1 && !Out->Limb[Out->Count - 1])
    --Out->Count;
  return (uint32_t)Borrow;
}

static uint64_t bigMod(const Big *A, uint64_t M) {
  uint64_t R = 0;
  for (uint32_t I = A->Count; I-- > 0;)
    R = ((R << 32) | A->Limb[I]) % M;
  return R;
}

int64_t bignum_fib(int32_t N, int32_t Modulus) {
  static Big F[3];
  uint64_t M = (uint32_t)Modulus | 1;
  F[0].Count = F[1].Count = 1;
  F[0].Limb[0] = 0;
  F[1].Limb[0] = 1;
  uint64_t Check = 0;
  for (int32_t I = 2; I <= N; ++I) {
    Big *Next = &F[I % 3];
    const Big *A = &F[(I + 1) % 3], *B = &F[(I + 2) % 3];
    bigAdd(Next, A, B);
    if (I % 50 == 0) {
      // F(I) - F(I-1) = F(I-2), and the residues agree with the sum.
      static Big D;
      if (bigSub(&D, Next, B) || wl_compare(D.Limb, A->Limb, A->Count * 4))
        return -1;
      Check = Check * 131 + bigMod(Next, M);
    }
  }
  const Big *Last = &F[N < 1 ? 0 : N % 3];
  return (int64_t)(bigMod(Last, M) ^ Check << 20 ^ (uint64_t)Last->Count << 56);
}
