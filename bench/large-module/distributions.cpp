// Boost.Math statistical distributions: pdf, cdf, complement and quantile
// of the continuous and discrete families, in double and float.
#include "common.h"

#include <boost/math/distributions.hpp>

namespace large {
namespace {

namespace bm = boost::math;

/// Moments: whether mean, variance, mode and skewness are defined.
template <typename Dist>
double exercise(const Dist &D, double X, double P, bool Moments = true) {
  using T = typename Dist::value_type;
  double Acc = double(bm::pdf(D, T(X)) + bm::cdf(D, T(X)) +
                      bm::cdf(bm::complement(D, T(X))) + bm::quantile(D, T(P)) +
                      bm::quantile(bm::complement(D, T(P))));
  if (Moments)
    Acc += double(bm::mean(D) + bm::variance(D) + bm::mode(D) + bm::skewness(D));
  return Acc;
}

template <typename T> double continuous(Rng &R) {
  double Acc = 0;
  double X = R.uniform(0.2, 3), P = R.uniform(0.05, 0.95);
  T A = T(R.uniform(1.5, 6)), B = T(R.uniform(1.5, 6));
  Acc += exercise(bm::normal_distribution<T>(A, B), X, P);
  Acc += exercise(bm::lognormal_distribution<T>(0, T(0.5)), X, P);
  Acc += exercise(bm::students_t_distribution<T>(A + 3), X, P);
  Acc += exercise(bm::chi_squared_distribution<T>(A + 2), X, P);
  Acc += exercise(bm::fisher_f_distribution<T>(A + 5, B + 5), X, P);
  Acc += exercise(bm::gamma_distribution<T>(A, B), X, P);
  Acc += exercise(bm::beta_distribution<T>(A, B), P, P);
  Acc += exercise(bm::exponential_distribution<T>(A), X, P);
  Acc += exercise(bm::weibull_distribution<T>(A, B), X, P);
  Acc += exercise(bm::pareto_distribution<T>(1, A + 3), X + 1, P);
  Acc += exercise(bm::rayleigh_distribution<T>(A), X, P);
  Acc += exercise(bm::triangular_distribution<T>(0, 1, 4), X, P);
  Acc += exercise(bm::uniform_distribution<T>(0, 4), X, P);
  Acc += exercise(bm::logistic_distribution<T>(A, B), X, P);
  Acc += exercise(bm::extreme_value_distribution<T>(A, B), X, P);
  Acc += exercise(bm::laplace_distribution<T>(A, B), X, P);
  Acc += exercise(bm::inverse_gamma_distribution<T>(A + 3, B), X, P);
  Acc += exercise(bm::inverse_chi_squared_distribution<T>(A + 5), X, P);
  Acc += exercise(bm::inverse_gaussian_distribution<T>(A, B), X, P);
  Acc += exercise(bm::skew_normal_distribution<T>(0, 1, A), X, P);
  Acc += exercise(bm::non_central_chi_squared_distribution<T>(A + 2, B), X, P);
  bm::non_central_beta_distribution<T> Ncb(A, B, 1); // no moments defined
  Acc += double(bm::pdf(Ncb, T(P)) + bm::cdf(Ncb, T(P)) + bm::quantile(Ncb, T(P)));
  Acc += exercise(bm::non_central_f_distribution<T>(A + 5, B + 5, 1), X, P);
  Acc += exercise(bm::non_central_t_distribution<T>(A + 4, 1), X, P);
  Acc += exercise(bm::arcsine_distribution<T>(0, 1), P, P, /*Moments=*/false);
  Acc += double(bm::pdf(bm::cauchy_distribution<T>(A, B), T(X)) +
                bm::quantile(bm::cauchy_distribution<T>(A, B), T(P)));
  return Acc;
}

template <typename T> double discrete(Rng &R) {
  double Acc = 0;
  double P = R.uniform(0.05, 0.95);
  unsigned K = unsigned(R.next() % 10);
  Acc += exercise(bm::binomial_distribution<T>(20, T(P)), K, P);
  Acc += exercise(bm::negative_binomial_distribution<T>(5, T(P)), K, P);
  Acc += exercise(bm::poisson_distribution<T>(T(3 + P)), K, P);
  Acc += exercise(bm::geometric_distribution<T>(T(P)), K, P);
  Acc += exercise(bm::bernoulli_distribution<T>(T(P)), K % 2, P);
  bm::hypergeometric_distribution<T> H(10, 20, 50);
  Acc += double(bm::pdf(H, K) + bm::cdf(H, K) + bm::quantile(H, T(P)));
  return Acc;
}

} // namespace

double runDistributions(unsigned Seed) {
  Rng R(Seed);
  return continuous<double>(R) + continuous<float>(R) + discrete<double>(R) +
         discrete<float>(R);
}

} // namespace large
