// Eigen sparse matrices with the direct and iterative solvers, plus the
// unsupported modules for matrix functions and the FFT.
#include "common.h"

#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <Eigen/SparseQR>
#include <Eigen/IterativeLinearSolvers>
#include <unsupported/Eigen/FFT>
#include <unsupported/Eigen/MatrixFunctions>

#include <complex>
#include <vector>

namespace large {
namespace {

template <typename Scalar> double sparseSuite(Rng &R, int N) {
  using SpMat = Eigen::SparseMatrix<Scalar>;
  using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  std::vector<Eigen::Triplet<Scalar>> Entries;
  for (int I = 0; I < N; ++I) {
    Entries.emplace_back(I, I, Scalar(4 + R.uniform()));
    if (I + 1 < N) {
      Scalar Off = Scalar(R.uniform(-1, 0));
      Entries.emplace_back(I, I + 1, Off);
      Entries.emplace_back(I + 1, I, Off);
    }
    int J = int(R.next() % N);
    if (J != I) {
      Scalar X = Scalar(R.uniform(-0.1, 0.1));
      Entries.emplace_back(I, J, X);
      Entries.emplace_back(J, I, X);
    }
  }
  SpMat A(N, N);
  A.setFromTriplets(Entries.begin(), Entries.end());
  A.makeCompressed();
  Vec B = Vec::Ones(N);
  double Acc = 0;
  Acc += std::real((A * B).sum() + (A.transpose() * A).norm());

  Eigen::SparseLU<SpMat, Eigen::COLAMDOrdering<int>> Lu(A);
  Acc += std::real(Lu.solve(B).sum());
  Eigen::SparseQR<SpMat, Eigen::COLAMDOrdering<int>> Qr(A);
  Acc += std::real(Qr.solve(B).sum());
  Eigen::SimplicialLLT<SpMat> Llt(A);
  Acc += std::real(Llt.solve(B).sum());
  Eigen::SimplicialLDLT<SpMat, Eigen::Lower, Eigen::AMDOrdering<int>> Ldlt(A);
  Acc += std::real(Ldlt.solve(B).sum());
  Eigen::ConjugateGradient<SpMat, Eigen::Lower | Eigen::Upper> Cg(A);
  Acc += std::real(Cg.solve(B).sum()) + Cg.iterations();
  Eigen::ConjugateGradient<SpMat, Eigen::Lower, Eigen::IncompleteCholesky<Scalar>> Icg(A);
  Acc += std::real(Icg.solve(B).sum());
  Eigen::BiCGSTAB<SpMat, Eigen::IncompleteLUT<Scalar>> Bicg(A);
  Acc += std::real(Bicg.solve(B).sum());
  Eigen::LeastSquaresConjugateGradient<SpMat> Lscg(A);
  Acc += std::real(Lscg.solve(B).sum());
  return Acc;
}

template <typename Scalar> double matrixFunctions(Rng &R, int N) {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  Mat A(N, N);
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J)
      A(I, J) = Scalar(R.uniform(-0.5, 0.5) + (I == J ? N : 0));
  double Acc = 0;
  Acc += double(A.exp().trace());
  Acc += double(A.log().trace());
  Acc += double(A.sqrt().trace());
  Acc += double(A.pow(Scalar(0.3)).trace());
  Acc += double(A.cos().trace() + A.sinh().trace());
  return Acc;
}

template <typename Scalar> double fftSuite(Rng &R, int N) {
  Eigen::FFT<Scalar> Fft;
  std::vector<Scalar> In(N);
  for (Scalar &X : In)
    X = Scalar(R.uniform(-1, 1));
  std::vector<std::complex<Scalar>> Freq;
  Fft.fwd(Freq, In);
  std::vector<Scalar> Back;
  Fft.inv(Back, Freq);
  double Acc = 0;
  for (size_t I = 0; I < Back.size(); ++I)
    Acc += double(Back[I]) * double(In[I]) + std::abs(Freq[I % Freq.size()]);
  return Acc;
}

} // namespace

double runSparse(unsigned Seed) {
  Rng R(Seed);
  int N = 50 + int(R.next() % 100);
  return sparseSuite<float>(R, N) + sparseSuite<double>(R, N) +
         sparseSuite<std::complex<double>>(R, N);
}

double runMatrixFunctions(unsigned Seed) {
  Rng R(Seed);
  int N = 3 + int(R.next() % 8);
  return matrixFunctions<float>(R, N) + matrixFunctions<double>(R, N) +
         fftSuite<float>(R, 64 + int(R.next() % 200)) +
         fftSuite<double>(R, 64 + int(R.next() % 200));
}

} // namespace large
