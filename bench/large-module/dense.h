// Eigen dense linear algebra: products, every dense decomposition and the
// eigen solvers, at several fixed sizes and dynamic size. Instantiated per
// scalar type by dense_*.cpp (one translation unit each, to build in
// parallel).
#pragma once

#include "common.h"

#include <Eigen/Dense>

#include <cmath>
#include <complex>

namespace large {
namespace dense {

template <typename Mat> Mat randomMatrix(Rng &R, Eigen::Index N) {
  Mat A(N, N);
  for (Eigen::Index I = 0; I < N; ++I)
    for (Eigen::Index J = 0; J < N; ++J)
      A(I, J) = typename Mat::Scalar(R.uniform(-1, 1));
  return A;
}

template <typename Scalar, int Size> double realSuite(Rng &R, Eigen::Index N) {
  using Mat = Eigen::Matrix<Scalar, Size, Size>;
  using Vec = Eigen::Matrix<Scalar, Size, 1>;
  Mat A = randomMatrix<Mat>(R, N);
  Mat B = randomMatrix<Mat>(R, N);
  Vec V = Vec::Ones(N);
  Mat Spd = A * A.transpose() + Mat::Identity(N, N) * Scalar(N);
  Mat Sym = A + A.transpose();
  double Acc = 0;

  Mat C = A * B + B.transpose() * Scalar(2) - A.cwiseProduct(B);
  Acc += double(C.norm() + C.trace() + C.maxCoeff() - C.minCoeff());
  Acc += double(A.determinant());
  Acc += double((A.array().abs().sqrt() + B.array().square()).sum());
  Acc += double(A.inverse().norm());
  Acc += double(A.template triangularView<Eigen::Lower>().solve(V).sum());
  Acc += double(Spd.template selfadjointView<Eigen::Upper>().rankUpdate(V).toDenseMatrix().sum());

  Acc += double(Eigen::PartialPivLU<Mat>(A).solve(V).sum());
  Eigen::FullPivLU<Mat> Flu(A);
  Acc += double(Flu.rank() + Flu.solve(V).sum() + Flu.kernel().cols());
  Acc += double(Eigen::HouseholderQR<Mat>(A).solve(V).sum());
  Acc += double(Eigen::ColPivHouseholderQR<Mat>(A).solve(V).sum());
  Acc += double(Eigen::FullPivHouseholderQR<Mat>(A).solve(V).sum());
  Acc += double(Eigen::CompleteOrthogonalDecomposition<Mat>(A).pseudoInverse().sum());
  Acc += double(Eigen::LLT<Mat>(Spd).solve(V).sum());
  Acc += double(Eigen::LDLT<Mat>(Sym).solve(V).sum());

  Eigen::JacobiSVD<Mat> Svd(A, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Acc += double(Svd.singularValues().sum() + Svd.solve(V).sum());
  // Thin U/V exist only for a dynamic number of columns.
  Eigen::BDCSVD<Mat> Bdc(A, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Acc += double(Bdc.singularValues().sum() + Bdc.solve(V).sum());

  Eigen::SelfAdjointEigenSolver<Mat> Saes(Sym);
  Acc += double(Saes.eigenvalues().sum());
  // The square root needs a positive definite matrix.
  Acc += double(Eigen::SelfAdjointEigenSolver<Mat>(Spd).operatorSqrt().trace());
  Eigen::GeneralizedSelfAdjointEigenSolver<Mat> Gsaes(Sym, Spd);
  Acc += double(Gsaes.eigenvalues().sum());
  Eigen::EigenSolver<Mat> Es(A);
  Acc += std::abs(Es.eigenvalues().sum());
  Eigen::RealSchur<Mat> Schur(A);
  Acc += double(Schur.matrixT().trace());
  Eigen::HessenbergDecomposition<Mat> Hess(A);
  Acc += double(Hess.matrixH().trace());
  Eigen::Tridiagonalization<Mat> Tri(Sym);
  Acc += double(Tri.diagonal().sum());
  Eigen::RealQZ<Mat> Qz(A, B);
  Acc += double(Qz.matrixS().trace());
  Eigen::GeneralizedEigenSolver<Mat> Ges(A, B);
  Acc += std::abs(Ges.alphas().sum());
  return Acc;
}

template <typename Scalar> double realSizes(Rng &R) {
  return realSuite<Scalar, 2>(R, 2) + realSuite<Scalar, 3>(R, 3) +
         realSuite<Scalar, 4>(R, 4) + realSuite<Scalar, 6>(R, 6) +
         realSuite<Scalar, 8>(R, 8) +
         realSuite<Scalar, Eigen::Dynamic>(R, 5 + R.next() % 20);
}

template <typename Scalar, int Size>
double complexSuite(Rng &R, Eigen::Index N) {
  using Mat = Eigen::Matrix<Scalar, Size, Size>;
  using Vec = Eigen::Matrix<Scalar, Size, 1>;
  using Real = typename Eigen::NumTraits<Scalar>::Real;
  Mat A(N, N), B(N, N);
  for (Eigen::Index I = 0; I < N; ++I)
    for (Eigen::Index J = 0; J < N; ++J) {
      A(I, J) = Scalar(Real(R.uniform(-1, 1)), Real(R.uniform(-1, 1)));
      B(I, J) = Scalar(Real(R.uniform(-1, 1)), Real(R.uniform(-1, 1)));
    }
  Vec V = Vec::Ones(N);
  Mat Herm = A + A.adjoint();
  Mat Hpd = A * A.adjoint() + Mat::Identity(N, N) * Scalar(Real(N));
  double Acc = 0;
  Acc += std::abs((A * B.adjoint() + B * Scalar(2)).trace());
  Acc += std::abs(A.determinant()) + double(A.inverse().norm());
  Acc += std::abs(Eigen::PartialPivLU<Mat>(A).solve(V).sum());
  Acc += std::abs(Eigen::FullPivLU<Mat>(A).solve(V).sum());
  Acc += std::abs(Eigen::HouseholderQR<Mat>(A).solve(V).sum());
  Acc += std::abs(Eigen::ColPivHouseholderQR<Mat>(A).solve(V).sum());
  Acc += std::abs(Eigen::LLT<Mat>(Hpd).solve(V).sum());
  Acc += std::abs(Eigen::LDLT<Mat>(Herm).solve(V).sum());
  Eigen::JacobiSVD<Mat> Svd(A, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Acc += double(Svd.singularValues().sum());
  Acc += double(Eigen::BDCSVD<Mat>(A, Eigen::ComputeFullU | Eigen::ComputeFullV)
                    .singularValues()
                    .sum());
  Acc += double(Eigen::SelfAdjointEigenSolver<Mat>(Herm).eigenvalues().sum());
  Acc += std::abs(Eigen::ComplexEigenSolver<Mat>(A).eigenvalues().sum());
  Acc += std::abs(Eigen::ComplexSchur<Mat>(A).matrixT().trace());
  return Acc;
}

template <typename Scalar> double complexSizes(Rng &R) {
  return complexSuite<Scalar, 2>(R, 2) + complexSuite<Scalar, 3>(R, 3) +
         complexSuite<Scalar, 4>(R, 4) +
         complexSuite<Scalar, Eigen::Dynamic>(R, 4 + R.next() % 12);
}

} // namespace dense
} // namespace large
