// Boost.Geometry: polygon set operations, measures, predicates, convex
// hulls, simplification and the R-tree, in cartesian and spherical systems.
#include "common.h"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/linestring.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <sstream>
#include <vector>

namespace large {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

template <typename T> double cartesian(Rng &R) {
  using Point = bg::model::d2::point_xy<T>;
  using Polygon = bg::model::polygon<Point>;
  using Multi = bg::model::multi_polygon<Polygon>;
  using Line = bg::model::linestring<Point>;
  using Box = bg::model::box<Point>;

  auto Blob = [&](T Cx, T Cy, int N) {
    Polygon P;
    for (int I = 0; I < N; ++I) {
      T Angle = T(6.283185307179586 * I / N);
      T Radius = T(R.uniform(0.5, 1.5));
      bg::append(P.outer(), Point(Cx + Radius * std::cos(Angle),
                                  Cy + Radius * std::sin(Angle)));
    }
    bg::correct(P);
    return P;
  };
  Polygon A = Blob(0, 0, 24), B = Blob(T(0.5), T(0.3), 30);
  double Acc = 0;
  Multi Out;
  bg::intersection(A, B, Out);
  Acc += double(bg::area(Out));
  Out.clear();
  bg::union_(A, B, Out);
  Acc += double(bg::area(Out) + bg::perimeter(Out));
  Out.clear();
  bg::difference(A, B, Out);
  Acc += double(bg::area(Out));
  Out.clear();
  bg::sym_difference(A, B, Out);
  Acc += double(bg::num_points(Out));
  Polygon Hull;
  bg::convex_hull(A, Hull);
  Acc += double(bg::area(Hull));
  Polygon Simple;
  bg::simplify(B, Simple, T(0.1));
  Acc += double(bg::num_points(Simple));
  Point C;
  bg::centroid(A, C);
  Acc += double(bg::get<0>(C) + bg::get<1>(C));
  Acc += double(bg::intersects(A, B) + bg::within(C, A) + bg::overlaps(A, B) +
                bg::touches(A, B) + bg::covered_by(C, B) + bg::is_valid(A) +
                bg::disjoint(A, B) + bg::crosses(A, B));
  Line L;
  for (int I = 0; I < 10; ++I)
    bg::append(L, Point(T(R.uniform(-2, 2)), T(R.uniform(-2, 2))));
  Acc += double(bg::length(L) + bg::distance(L, A) + bg::distance(C, L));
  std::vector<Point> Cross;
  bg::intersection(L, A, Cross);
  Acc += double(Cross.size());
  Box Env;
  bg::envelope(B, Env);
  Acc += double(bg::area(Env));
  std::ostringstream Os;
  Os << bg::wkt(A);
  std::string Wkt = Os.str();
  Polygon Back;
  bg::read_wkt(Wkt, Back);
  Acc += double(Wkt.size() + bg::num_points(Back));
  std::string Why;
  Acc += double(bg::is_valid(Out, Why) + Why.size());

  bgi::rtree<Point, bgi::quadratic<16>> Tree;
  for (int I = 0; I < 200; ++I)
    Tree.insert(Point(T(R.uniform(-10, 10)), T(R.uniform(-10, 10))));
  std::vector<Point> Hits;
  Tree.query(bgi::intersects(Env), std::back_inserter(Hits));
  Tree.query(bgi::nearest(C, 5), std::back_inserter(Hits));
  Acc += double(Hits.size());
  bgi::rtree<Box, bgi::rstar<8>> Boxes;
  for (int I = 0; I < 100; ++I) {
    T X = T(R.uniform(-10, 10)), Y = T(R.uniform(-10, 10));
    Boxes.insert(Box(Point(X, Y), Point(X + 1, Y + 1)));
  }
  std::vector<Box> BoxHits;
  Boxes.query(bgi::within(Box(Point(-5, -5), Point(5, 5))),
              std::back_inserter(BoxHits));
  Acc += double(BoxHits.size());
  return Acc;
}

double spherical(Rng &R) {
  using Point = bg::model::point<double, 2, bg::cs::geographic<bg::degree>>;
  using Polygon = bg::model::polygon<Point>;
  Point A(R.uniform(-10, 10), R.uniform(40, 50));
  Point B(R.uniform(-10, 10), R.uniform(40, 50));
  double Acc = bg::distance(A, B) + bg::distance(A, B, bg::strategy::distance::vincenty<>()) +
               bg::distance(A, B, bg::strategy::distance::andoyer<>());
  Polygon P;
  bg::read_wkt("POLYGON((0 40,10 40,10 50,0 50,0 40))", P);
  Acc += bg::area(P) * 1e-9 + bg::perimeter(P) + bg::within(A, P);
  return Acc;
}

} // namespace

double runGeometry(unsigned Seed) {
  Rng R(Seed);
  return cartesian<double>(R) + cartesian<float>(R) + spherical(R);
}

} // namespace large
