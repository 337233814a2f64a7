// {fmt}, header-only: formatting of numbers, strings, ranges, tuples,
// chrono durations, compile-time format strings and dynamic arguments.
#define FMT_HEADER_ONLY
#include "common.h"

#include <fmt/args.h>
#include <fmt/chrono.h>
#include <fmt/color.h>
#include <fmt/compile.h>
#include <fmt/format.h>
#include <fmt/os.h>
#include <fmt/ranges.h>
#include <fmt/xchar.h>

#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace large {
namespace {

template <typename T> size_t formatNumbers(Rng &R) {
  size_t N = 0;
  for (int I = 0; I < 20; ++I) {
    T V = T(R.uniform(-1e6, 1e6));
    N += fmt::format("{}", V).size();
    N += fmt::format("{:>20}|{:<12}|{:^16}", V, V, V).size();
    N += fmt::format("{:+}|{:#x}|{:08}", int(V), unsigned(V), V).size();
    N += fmt::format(L"{}", V).size();
    N += fmt::format(FMT_COMPILE("{} and {}"), V, V).size();
  }
  return N;
}

} // namespace

double runFormat(unsigned Seed) {
  Rng R(Seed);
  size_t N = formatNumbers<int>(R) + formatNumbers<long long>(R) +
             formatNumbers<unsigned short>(R) + formatNumbers<float>(R) +
             formatNumbers<double>(R) + formatNumbers<long double>(R);
  for (int I = 0; I < 10; ++I) {
    double X = R.uniform(0, 100);
    N += fmt::format("{:.3f} {:e} {:g} {:a} {:.10}", X, X, X, X, X).size();
    N += fmt::format("{:%H:%M:%S}", std::chrono::seconds(int(X * 100))).size();
    N += fmt::format("{}", std::chrono::milliseconds(int(X * 1000))).size();
    std::vector<double> V{X, X / 2, X / 3};
    std::map<std::string, int> M{{"a", I}, {"b", I * 2}};
    std::tuple<int, std::string, double> T{I, "t", X};
    N += fmt::format("{} {} {}", V, M, T).size();
    N += fmt::format("{::.2f}", V).size();
    N += fmt::format("{}", fmt::join(V, ", ")).size();
    N += fmt::format(fmt::emphasis::bold | fg(fmt::color::red), "{}", X).size();
    fmt::dynamic_format_arg_store<fmt::format_context> Store;
    Store.push_back(I);
    Store.push_back(std::string("dyn"));
    Store.push_back(X);
    N += fmt::vformat("{} {} {}", Store).size();
    fmt::memory_buffer Buf;
    fmt::format_to(std::back_inserter(Buf), "{:*^30}", "centered");
    N += Buf.size();
  }
  return double(N);
}

} // namespace large
