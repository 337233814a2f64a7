// Boost.Math special functions, each for float, double and long double
// (binary128 on wasm32, in software).
#include "common.h"

#include <boost/math/special_functions.hpp>
#include <boost/math/special_functions/airy.hpp>
#include <boost/math/special_functions/bessel_prime.hpp>
#include <boost/math/special_functions/chebyshev.hpp>
#include <boost/math/special_functions/ellint_rd.hpp>
#include <boost/math/special_functions/jacobi_elliptic.hpp>
#include <boost/math/special_functions/lambert_w.hpp>
#include <boost/math/special_functions/owens_t.hpp>

namespace large {
namespace {

namespace bm = boost::math;

template <typename T> double specialSuite(Rng &R) {
  double Acc = 0;
  for (int I = 0; I < 2; ++I) {
    T X = T(R.uniform(0.1, 5));
    T Y = T(R.uniform(0.1, 5));
    T P = T(R.uniform(0.05, 0.95));
    unsigned N = unsigned(R.next() % 8);
    Acc += double(bm::tgamma(X) + bm::lgamma(X) + bm::digamma(X) +
                  bm::trigamma(X) + bm::polygamma(2, X) + bm::tgamma_ratio(X, Y));
    Acc += double(bm::tgamma_lower(X, Y) + bm::gamma_p(X, Y) + bm::gamma_q(X, Y) +
                  bm::gamma_p_inv(X, P) + bm::gamma_q_inva(X, P) +
                  bm::gamma_p_derivative(X, Y));
    Acc += double(bm::beta(X, Y) + bm::ibeta(X, Y, P) + bm::ibetac(X, Y, P) +
                  bm::ibeta_inv(X, Y, P) + bm::ibeta_inva(Y, P, P) +
                  bm::ibeta_derivative(X, Y, P));
    Acc += double(bm::erf(X - 2) + bm::erfc(X - 2) + bm::erf_inv(P * 2 - 1) +
                  bm::erfc_inv(P));
    Acc += double(bm::cyl_bessel_j(X, Y) + bm::cyl_neumann(X, Y) +
                  bm::cyl_bessel_i(X, Y) + bm::cyl_bessel_k(X, Y) +
                  bm::sph_bessel(N, Y) + bm::sph_neumann(N, Y) +
                  bm::cyl_bessel_j_prime(X, Y) + bm::cyl_bessel_j_zero(X, N + 1));
    Acc += double(std::abs(bm::cyl_hankel_1(X, Y)) + std::abs(bm::sph_hankel_2(X, Y)));
    Acc += double(bm::airy_ai(X - 2) + bm::airy_bi(X - 2) + bm::airy_ai_prime(X - 2));
    Acc += double(bm::ellint_1(P) + bm::ellint_2(P) + bm::ellint_3(P, P / 2) +
                  bm::ellint_1(P, X) + bm::ellint_d(P) + bm::ellint_rf(X, Y, P) +
                  bm::ellint_rd(X, Y, P) + bm::ellint_rj(X, Y, P, X) +
                  bm::ellint_rc(X, Y) + bm::jacobi_sn(P, X) + bm::heuman_lambda(P, X / 4));
    Acc += double(bm::zeta(X + 1) + bm::expint(X) + bm::expint(N + 1, X) +
                  bm::legendre_p(int(N), P) + bm::legendre_q(N, P) +
                  bm::hermite(N, X) + bm::laguerre(N, X) + bm::chebyshev_t(N, P));
    Acc += double(std::abs(bm::spherical_harmonic(N, 0, X, Y)));
    Acc += double(bm::lambert_w0(X) + bm::lambert_wm1(-P / 3) + bm::owens_t(X, P));
    Acc += double(bm::log1p(P) + bm::expm1(P) + bm::cbrt(X) + bm::sinc_pi(X) +
                  bm::sinhc_pi(X) + bm::asinh(X) + bm::acosh(X + 1) + bm::atanh(P) +
                  bm::powm1(X, P) + bm::sqrt1pm1(P) + bm::hypot(X, Y));
    Acc += double(bm::binomial_coefficient<T>(N + 10, N) +
                  bm::factorial<T>(N) + bm::rising_factorial(X, N) +
                  bm::falling_factorial(X, N));
  }
  return Acc;
}

} // namespace

double runSpecialFunctions(unsigned Seed) {
  Rng R(Seed);
  return specialSuite<float>(R) + specialSuite<double>(R);
}

// Separate and not run by default (see main.cpp): long double is binary128
// in software on wasm32, and these take minutes there.
double runSpecialFunctionsLongDouble(unsigned Seed) {
  Rng R(Seed);
  return specialSuite<long double>(R);
}

} // namespace large
