//===- numeric.c - Double and float kernels, fixed point, conversions -----===//
//
// Only correctly rounded operations (+ - * / sqrt, rounding to integers) are
// used, so wasm32 and the host must agree to the last bit. Both builds use
// -ffp-contract=off: a fused multiply-add on one side only would differ.
//
//===----------------------------------------------------------------------===//
#include "workload.h"

static const double Pi = 3.14159265358979323846;

static double absF64(double X) { return __builtin_fabs(X); }

// sin by range reduction and a Taylor series: no libm in the module.
static double sinF64(double X) {
  double K = __builtin_floor(X / (2 * Pi) + 0.5);
  X -= K * (2 * Pi);
  if (X > Pi / 2)
    X = Pi - X;
  else if (X < -Pi / 2)
    X = -Pi - X;
  double X2 = X * X, Term = X, Sum = X;
  for (int N = 1; N < 12; ++N) {
    Term *= -X2 / (double)((2 * N) * (2 * N + 1));
    Sum += Term;
  }
  return Sum;
}

static double cosF64(double X) { return sinF64(X + Pi / 2); }

//===-- Linear algebra ----------------------------------------------------===//

enum { MaxDim = 64 };
static double MatA[MaxDim][MaxDim], MatB[MaxDim][MaxDim], MatC[MaxDim][MaxDim];

static void randomMatrix(double M[MaxDim][MaxDim], uint32_t N, Rng *R) {
  for (uint32_t I = 0; I < N; ++I)
    for (uint32_t J = 0; J < N; ++J)
      M[I][J] = rng_unit(R) * 2.0 - 1.0;
}

static uint32_t clampDim(int32_t N) {
  return N < 1 ? 1 : N > MaxDim ? MaxDim : (uint32_t)N;
}

// LU decomposition in place with partial pivoting; returns the determinant.
static double luDecompose(double M[MaxDim][MaxDim], uint32_t N,
                          uint32_t *Pivot) {
  double Det = 1.0;
  for (uint32_t K = 0; K < N; ++K) {
    uint32_t Best = K;
    for (uint32_t I = K + 1; I < N; ++I)
      if (absF64(M[I][K]) > absF64(M[Best][K]))
        Best = I;
    Pivot[K] = Best;
    if (Best != K) {
      for (uint32_t J = 0; J < N; ++J) {
        double T = M[K][J];
        M[K][J] = M[Best][J];
        M[Best][J] = T;
      }
      Det = -Det;
    }
    double P = M[K][K];
    Det *= P;
    if (P == 0.0)
      continue;
    for (uint32_t I = K + 1; I < N; ++I) {
      double F = M[I][K] / P;
      M[I][K] = F;
      for (uint32_t J = K + 1; J < N; ++J)
        M[I][J] -= F * M[K][J];
    }
  }
  return Det;
}

// Solves L U X = P B in place.
static void luSolve(double M[MaxDim][MaxDim], uint32_t N, const uint32_t *Pivot,
                    double *B) {
  for (uint32_t K = 0; K < N; ++K) {
    double T = B[K];
    B[K] = B[Pivot[K]];
    B[Pivot[K]] = T;
  }
  for (uint32_t I = 1; I < N; ++I)
    for (uint32_t J = 0; J < I; ++J)
      B[I] -= M[I][J] * B[J];
  for (uint32_t I = N; I-- > 0;) {
    for (uint32_t J = I + 1; J < N; ++J)
      B[I] -= M[I][J] * B[J];
    B[I] /= M[I][I];
  }
}

double lu_determinant(int32_t Seed, int32_t Size) {
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint32_t N = clampDim(Size);
  randomMatrix(MatA, N, &R);
  // Keep the original to measure the residual of the solve.
  for (uint32_t I = 0; I < N; ++I)
    for (uint32_t J = 0; J < N; ++J)
      MatB[I][J] = MatA[I][J];
  uint32_t Pivot[MaxDim];
  double Det = luDecompose(MatA, N, Pivot);
  double X[MaxDim], Rhs[MaxDim];
  for (uint32_t I = 0; I < N; ++I)
    X[I] = Rhs[I] = (double)I - N / 2.0;
  luSolve(MatA, N, Pivot, X);
  double Residual = 0;
  for (uint32_t I = 0; I < N; ++I) {
    double Row = -Rhs[I];
    for (uint32_t J = 0; J < N; ++J)
      Row += MatB[I][J] * X[J];
    Residual += Row * Row;
  }
  return Det + __builtin_sqrt(Residual);
}

double matmul_trace(int32_t Seed, int32_t Size) {
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint32_t N = clampDim(Size);
  randomMatrix(MatA, N, &R);
  randomMatrix(MatB, N, &R);
  // Blocked i-k-j order: a different summation order per block size would
  // change the result, so the order here is fixed.
  enum { Block = 16 };
  for (uint32_t I = 0; I < N; ++I)
    for (uint32_t J = 0; J < N; ++J)
      MatC[I][J] = 0;
  for (uint32_t KK = 0; KK < N; KK += Block)
    for (uint32_t I = 0; I < N; ++I)
      for (uint32_t K = KK; K < KK + Block && K < N; ++K) {
        double A = MatA[I][K];
        for (uint32_t J = 0; J < N; ++J)
          MatC[I][J] += A * MatB[K][J];
      }
  // The trace by Kahan summation, the anti-diagonal naively: the
  // compensation must survive optimisation (no reassociation).
  double Trace = 0, Compensation = 0, Corner = 0;
  for (uint32_t I = 0; I < N; ++I) {
    double Y = MatC[I][I] * 1e-3 - Compensation;
    double T = Trace + Y;
    Compensation = (T - Trace) - Y;
    Trace = T;
    Corner += MatC[I][N - 1 - I] * (double)(I + 1);
  }
  return Trace * 1e6 + Corner + Compensation * 1e20;
}

//===-- FFT ---------------------------------------------------------------===//

enum { MaxFftLog = 14 };
static double Re[1 << MaxFftLog], Im[1 << MaxFftLog];
static double Signal[1 << MaxFftLog];

static void fft(double *XRe, double *XIm, uint32_t N, int Inverse) {
  // Bit-reversal permutation.
  for (uint32_t I = 1, J = 0; I < N; ++I) {
    uint32_t Bit = N >> 1;
    for (; J & Bit; Bit >>= 1)
      J ^= Bit;
    J ^= Bit;
    if (I < J) {
      double T = XRe[I];
      XRe[I] = XRe[J];
      XRe[J] = T;
      T = XIm[I];
      XIm[I] = XIm[J];
      XIm[J] = T;
    }
  }
  for (uint32_t Len = 2; Len <= N; Len <<= 1) {
    double Angle = (Inverse ? 2 : -2) * Pi / (double)Len;
    double WRe = cosF64(Angle), WIm = sinF64(Angle);
    for (uint32_t I = 0; I < N; I += Len) {
      double CRe = 1, CIm = 0;
      for (uint32_t K = 0; K < Len / 2; ++K) {
        uint32_t A = I + K, B = I + K + Len / 2;
        double TRe = XRe[B] * CRe - XIm[B] * CIm;
        double TIm = XRe[B] * CIm + XIm[B] * CRe;
        XRe[B] = XRe[A] - TRe;
        XIm[B] = XIm[A] - TIm;
        XRe[A] += TRe;
        XIm[A] += TIm;
        double NRe = CRe * WRe - CIm * WIm;
        CIm = CRe * WIm + CIm * WRe;
        CRe = NRe;
      }
    }
  }
  if (Inverse)
    for (uint32_t I = 0; I < N; ++I) {
      XRe[I] /= (double)N;
      XIm[I] /= (double)N;
    }
}

double fft_energy(int32_t LogN) {
  uint32_t Log = LogN < 1 ? 1 : LogN > MaxFftLog ? MaxFftLog : (uint32_t)LogN;
  uint32_t N = 1u << Log;
  for (uint32_t I = 0; I < N; ++I) {
    double T = (double)I / (double)N;
    Signal[I] = sinF64(2 * Pi * 3 * T) + 0.5 * cosF64(2 * Pi * 17 * T) +
                (double)(I % 7) * 0.01;
    Re[I] = Signal[I];
    Im[I] = 0;
  }
  fft(Re, Im, N, 0);
  double Energy = 0;
  uint32_t Peak = 0;
  for (uint32_t I = 0; I < N; ++I) {
    double Power = Re[I] * Re[I] + Im[I] * Im[I];
    Energy += Power;
    if (Power > Re[Peak] * Re[Peak] + Im[Peak] * Im[Peak])
      Peak = I;
  }
  fft(Re, Im, N, 1);
  double Error = 0;
  for (uint32_t I = 0; I < N; ++I)
    Error += absF64(Re[I] - Signal[I]) + absF64(Im[I]);
  return Energy / (double)N + (double)Peak * 1e-3 + Error;
}

//===-- An orbit by Runge-Kutta -------------------------------------------===//

typedef struct {
  double X, Y, VX, VY;
} State;

static State derivative(State S) {
  double R2 = S.X * S.X + S.Y * S.Y;
  double R3 = R2 * __builtin_sqrt(R2);
  State D = {S.VX, S.VY, -S.X / R3, -S.Y / R3};
  return D;
}

static State axpy(State S, double H, State D) {
  State R = {S.X + H * D.X, S.Y + H * D.Y, S.VX + H * D.VX, S.VY + H * D.VY};
  return R;
}

static double energy(State S) {
  return 0.5 * (S.VX * S.VX + S.VY * S.VY) -
         1.0 / __builtin_sqrt(S.X * S.X + S.Y * S.Y);
}

double rk4_orbit(int32_t Steps, double Dt) {
  State S = {1.0, 0.0, 0.0, 1.2};
  double E0 = energy(S);
  for (int32_t I = 0; I < Steps; ++I) {
    State K1 = derivative(S);
    State K2 = derivative(axpy(S, Dt / 2, K1));
    State K3 = derivative(axpy(S, Dt / 2, K2));
    State K4 = derivative(axpy(S, Dt, K3));
    S.X += Dt / 6 * (K1.X + 2 * K2.X + 2 * K3.X + K4.X);
    S.Y += Dt / 6 * (K1.Y + 2 * K2.Y + 2 * K3.Y + K4.Y);
    S.VX += Dt / 6 * (K1.VX + 2 * K2.VX + 2 * K3.VX + K4.VX);
    S.VY += Dt / 6 * (K1.VY + 2 * K2.VY + 2 * K3.VY + K4.VY);
  }
  return (energy(S) - E0) * 1e6 + S.X + S.Y * 0.5;
}

//===-- Fixed point -------------------------------------------------------===//

// Q4.28: values below 8 in magnitude, products fit in 64 bits.
typedef int64_t Fixed;
enum { FracBits = 28 };

static Fixed fixedMul(Fixed A, Fixed B) {
  // Divide rather than shift: right shifts of negatives are
  // implementation-defined, and this rounds toward zero on every target.
  return (A * B) / ((Fixed)1 << FracBits);
}

static Fixed toFixed(double X) {
  return (Fixed)(X * (double)((Fixed)1 << FracBits));
}

int64_t fixed_mandel(int32_t Width, int32_t MaxIterations) {
  uint32_t W = Width < 2 ? 2 : Width > 512 ? 512 : (uint32_t)Width;
  uint64_t FixedSum = 0, FloatSum = 0;
  uint32_t Agree = 0;
  for (uint32_t Row = 0; Row < W; ++Row) {
    for (uint32_t Col = 0; Col < W; ++Col) {
      double CRe = -2.0 + 2.5 * (double)Col / (double)(W - 1);
      double CIm = -1.25 + 2.5 * (double)Row / (double)(W - 1);
      Fixed FRe = toFixed(CRe), FIm = toFixed(CIm), ZRe = 0, ZIm = 0;
      int32_t FixedSteps = 0;
      for (; FixedSteps < MaxIterations; ++FixedSteps) {
        Fixed RR = fixedMul(ZRe, ZRe), II = fixedMul(ZIm, ZIm);
        if (RR + II > toFixed(4.0))
          break;
        ZIm = 2 * fixedMul(ZRe, ZIm) + FIm;
        ZRe = RR - II + FRe;
      }
      double DRe = 0, DIm = 0;
      int32_t FloatSteps = 0;
      for (; FloatSteps < MaxIterations; ++FloatSteps) {
        double RR = DRe * DRe, II = DIm * DIm;
        if (RR + II > 4.0)
          break;
        DIm = 2 * DRe * DIm + CIm;
        DRe = RR - II + CRe;
      }
      FixedSum = FixedSum * 33 + (uint32_t)FixedSteps;
      FloatSum += (uint32_t)FloatSteps * (Row + 1);
      Agree += FixedSteps == FloatSteps;
    }
  }
  return (int64_t)(FixedSum ^ FloatSum << 16 ^ (uint64_t)Agree << 44);
}

//===-- Conversions -------------------------------------------------------===//

// Conversions of out-of-range values are undefined in C, so saturate first.
static int32_t toI32(double X) {
  if (X != X)
    return 0;
  if (X <= -2147483648.0)
    return INT32_MIN;
  if (X >= 2147483647.0)
    return INT32_MAX;
  return (int32_t)X;
}

static uint64_t toU64(double X) {
  if (!(X > 0))
    return 0;
  if (X >= 18446744073709551616.0)
    return UINT64_MAX;
  return (uint64_t)X;
}

static int64_t toI64(double X) {
  if (X != X)
    return 0;
  if (X < -9223372036854775808.0)
    return INT64_MIN;
  if (X >= 9223372036854775808.0)
    return INT64_MAX;
  return (int64_t)X;
}

static uint64_t bitsOf(double X) {
  uint64_t B;
  __builtin_memcpy(&B, &X, 8);
  return B;
}

int64_t float_conversions(int32_t Count, double Scale) {
  Rng R;
  rng_seed(&R, 12345);
  uint64_t Sum = 0;
  for (int32_t I = 0; I < Count; ++I) {
    double X = (rng_unit(&R) - 0.5) * Scale * (double)(1 + I % 13);
    Sum += (uint64_t)toI32(X) + toU64(X) + (uint64_t)toI64(X * 1e9);
    Sum ^= bitsOf(__builtin_floor(X)) + bitsOf(__builtin_ceil(X)) * 3 +
           bitsOf(__builtin_trunc(X)) * 5 + bitsOf(__builtin_rint(X)) * 7;
    float F = (float)X;
    Sum += (uint64_t)toI32((double)F * 2) ^ bitsOf((double)F);
    uint64_t U = rng_next(&R) >> (I % 64);
    int64_t S = (int64_t)(U - (1ull << 62));
    // Integer to float rounding, both signed and unsigned, 32 and 64 bit.
    Sum += bitsOf((double)U) ^ bitsOf((double)S) ^ bitsOf((double)(float)U) ^
           bitsOf((double)(uint32_t)U) ^ bitsOf((double)(int32_t)(uint32_t)S);
    Sum = Sum << 7 | Sum >> 57;
    Sum += bitsOf(__builtin_copysign(absF64(X) + 1.0, -X));
  }
  return (int64_t)Sum;
}

float f32_poly(float X) {
  // Horner in single precision, then a float square root and division.
  static const float Coefficients[] = {0.25f, -1.5f, 3.0f, 0.125f, -7.0f, 1.0f};
  float P = 0;
  for (unsigned I = 0; I < sizeof(Coefficients) / sizeof(float); ++I)
    P = P * X + Coefficients[I];
  float Root = __builtin_sqrtf(__builtin_fabsf(P));
  float Mid = (P + X) / (1.0f + X * X);
  return Root - Mid * 0.75f + __builtin_floorf(X * 3.5f);
}

int64_t f64_bits(double X) {
  // Exact comparisons: the bits of a chain of operations on X.
  double A = X * 3.0 + 0.1;
  double B = A / 7.0 - X;
  double C = __builtin_sqrt(absF64(B) + 2.0);
  double D = sinF64(X) * cosF64(A);
  double E = (A < B ? A : B) + (C > D ? C : D);
  return (int64_t)(bitsOf(A) ^ bitsOf(B) << 1 ^ bitsOf(C) << 2 ^
                   bitsOf(D) << 3 ^ bitsOf(E) << 4);
}
