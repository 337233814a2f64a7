// Boost.Math numerics (quadrature, root finding, interpolation, polynomials,
// statistics) and Boost.Multiprecision arithmetic.
#include "common.h"

#include <boost/math/interpolators/barycentric_rational.hpp>
#include <boost/math/interpolators/cardinal_cubic_b_spline.hpp>
#include <boost/math/interpolators/makima.hpp>
#include <boost/math/interpolators/pchip.hpp>
#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/quadrature/trapezoidal.hpp>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/polynomial.hpp>
#include <boost/math/tools/roots.hpp>
#include <boost/math/special_functions/bessel.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/zeta.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/cpp_int.hpp>

#include <cmath>
#include <vector>

namespace large {
namespace {

namespace bm = boost::math;
namespace mp = boost::multiprecision;

template <typename T> double quadratureSuite(Rng &R) {
  T A = T(R.uniform(0.5, 2));
  auto F = [A](T X) { return exp(-A * X * X) * cos(X); };
  double Acc = 0;
  Acc += double(bm::quadrature::gauss<T, 15>::integrate(F, T(0), T(2)));
  Acc += double(bm::quadrature::gauss_kronrod<T, 31>::integrate(F, T(0), T(2), 5));
  bm::quadrature::tanh_sinh<T> Ts;
  Acc += double(Ts.integrate(F, T(-1), T(1)));
  bm::quadrature::exp_sinh<T> Es;
  Acc += double(Es.integrate([A](T X) { return exp(-A * X); }, T(0),
                             std::numeric_limits<T>::infinity()));
  Acc += double(bm::quadrature::trapezoidal(F, T(0), T(1)));
  return Acc;
}

template <typename T> double rootsSuite(Rng &R) {
  T C = T(R.uniform(2, 50));
  // Ask for no more bits than T has, and bound the iterations: the
  // iterators otherwise never meet their tolerance.
  const int Digits = std::numeric_limits<T>::digits / 2;
  double Acc = 0;
  auto Newton = [C](T X) { return std::make_pair(X * X * X - C, 3 * X * X); };
  Acc += double(bm::tools::newton_raphson_iterate(Newton, T(1), T(0), C, Digits));
  auto Halley = [C](T X) {
    return std::make_tuple(X * X * X - C, 3 * X * X, 6 * X);
  };
  Acc += double(bm::tools::halley_iterate(Halley, T(1), T(0), C, Digits));
  Acc += double(bm::tools::schroder_iterate(Halley, T(1), T(0), C, Digits));
  std::uintmax_t Iters = 50;
  auto Bracket = bm::tools::toms748_solve([C](T X) { return X * X - C; }, T(0), C,
                                          bm::tools::eps_tolerance<T>(Digits), Iters);
  Acc += double(Bracket.first);
  auto Min = bm::tools::brent_find_minima(
      [C](T X) { return (X - C) * (X - C) + 1; }, T(-100), T(100), Digits);
  Acc += double(Min.first + Min.second);
  bm::tools::polynomial<T> P1{{T(1), T(2), T(3)}}, P2{{T(-1), T(1)}};
  auto P3 = P1 * P2 + P1;
  Acc += double(P3.evaluate(C / 10)) + double((P3 / P2).size());
  return Acc;
}

template <typename T> double interpolationSuite(Rng &R) {
  std::vector<T> X, Y;
  for (int I = 0; I < 30; ++I) {
    X.push_back(T(I) + T(R.uniform(0, 0.5)));
    Y.push_back(T(R.uniform(-1, 1)));
  }
  double Acc = 0;
  bm::barycentric_rational<T> Br(X.data(), Y.data(), X.size());
  Acc += double(Br(T(10.3)));
  bm::interpolators::cardinal_cubic_b_spline<T> Spline(Y.begin(), Y.end(), T(0), T(1));
  Acc += double(Spline(T(5.5)) + Spline.prime(T(5.5)));
  auto Xc = X, Yc = Y;
  bm::interpolators::makima<std::vector<T>> Mk(std::move(Xc), std::move(Yc));
  Acc += double(Mk(T(12.7)));
  auto Xp = X, Yp = Y;
  bm::interpolators::pchip<std::vector<T>> Pc(std::move(Xp), std::move(Yp));
  Acc += double(Pc(T(7.1)));
  Acc += double(bm::statistics::mean(Y) + bm::statistics::variance(Y) +
                bm::statistics::skewness(Y) + bm::statistics::kurtosis(Y) +
                bm::statistics::gini_coefficient(X));
  return Acc;
}

double multiprecisionSuite(Rng &R) {
  double Acc = 0;
  mp::cpp_int F = 1;
  for (unsigned I = 1; I < 60 + R.next() % 40; ++I)
    F *= I;
  mp::cpp_int G = mp::pow(mp::cpp_int(3), 200) + R.next();
  auto D = [](const auto &X) { return X.template convert_to<double>(); };
  Acc += double(mp::msb(F) + mp::lsb(G));
  Acc += D(mp::cpp_int(gcd(F, G) % 1000));
  Acc += D(mp::cpp_int((F / G + F % G) % 997)) + D(mp::cpp_int(mp::sqrt(G) % 101));
  mp::int512_t Fixed = mp::int512_t(R.next()) * R.next() * R.next();
  Acc += D(mp::int512_t(Fixed % 1009));
  mp::cpp_int Pm = mp::powm(mp::cpp_int(R.next()), mp::cpp_int(65537), G);
  Acc += D(mp::cpp_int(Pm % 1013));
  Acc += double(F.str().size());

  mp::cpp_bin_float_quad Q(R.uniform(1, 2));
  Acc += D(mp::cpp_bin_float_quad(exp(Q) + log(Q) + tanh(Q) + cbrt(Q)));
  Acc += D(mp::cpp_bin_float_quad(bm::digamma(Q) + bm::tgamma(Q)));
  mp::cpp_bin_float_50 B(R.uniform(1, 2));
  Acc += D(mp::cpp_bin_float_50(exp(B) + log(B) + sin(B) + atan(B) + pow(B, B)));
  Acc += D(mp::cpp_bin_float_50(bm::tgamma(B) + bm::erf(B) + bm::lgamma(B)));
  Acc += quadratureSuite<mp::cpp_bin_float_50>(R) * 1e-3;
  Acc += D(mp::cpp_bin_float_50(bm::cyl_bessel_j(1, B) + bm::zeta(B + 1)));
  return Acc;
}

} // namespace

double runQuadrature(unsigned Seed) {
  Rng R(Seed);
  // (No long double here: binary128 is emulated on wasm32, and the
  // tanh-sinh tables take minutes to compute with it.)
  return quadratureSuite<float>(R) + quadratureSuite<double>(R) +
         rootsSuite<float>(R) + rootsSuite<double>(R) +
         interpolationSuite<float>(R) + interpolationSuite<double>(R);
}

double runMultiprecision(unsigned Seed) {
  Rng R(Seed);
  return multiprecisionSuite(R);
}

} // namespace large
