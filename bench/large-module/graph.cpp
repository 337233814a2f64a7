// Boost.Graph: shortest paths, spanning trees, flows, components,
// orderings and centrality on random graphs.
#include "common.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/bellman_ford_shortest_paths.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/cuthill_mckee_ordering.hpp>
#include <boost/graph/dag_shortest_paths.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/edmonds_karp_max_flow.hpp>
#include <boost/graph/floyd_warshall_shortest.hpp>
#include <boost/graph/johnson_all_pairs_shortest.hpp>
#include <boost/graph/kruskal_min_spanning_tree.hpp>
#include <boost/graph/max_cardinality_matching.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/graph/prim_minimum_spanning_tree.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <boost/graph/sequential_vertex_coloring.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <boost/graph/transitive_closure.hpp>

#include <vector>

namespace large {
namespace {

using namespace boost;

using UGraph = adjacency_list<vecS, vecS, undirectedS, no_property,
                              property<edge_weight_t, double>>;
using DGraph = adjacency_list<vecS, vecS, directedS, no_property,
                              property<edge_weight_t, double>>;
using BGraph = adjacency_list<vecS, vecS, bidirectionalS>;

using Traits = adjacency_list_traits<vecS, vecS, directedS>;
using FlowGraph = adjacency_list<
    vecS, vecS, directedS,
    property<vertex_name_t, std::string,
             property<vertex_index_t, long,
                      property<vertex_color_t, default_color_type,
                               property<vertex_distance_t, long,
                                        property<vertex_predecessor_t,
                                                 Traits::edge_descriptor>>>>>,
    property<edge_capacity_t, long,
             property<edge_residual_capacity_t, long,
                      property<edge_reverse_t, Traits::edge_descriptor>>>>;

template <typename Graph> Graph randomGraph(Rng &R, int N, int M) {
  Graph G(N);
  for (int I = 0; I < M; ++I) {
    int A = int(R.next() % N), B = int(R.next() % N);
    if (A != B)
      add_edge(A, B, R.uniform(1, 10), G);
  }
  return G;
}

double undirected(Rng &R, int N) {
  UGraph G = randomGraph<UGraph>(R, N, 4 * N);
  double Acc = 0;
  std::vector<double> Dist(N);
  std::vector<UGraph::vertex_descriptor> Pred(N);
  dijkstra_shortest_paths(G, 0, predecessor_map(Pred.data()).distance_map(Dist.data()));
  for (double D : Dist)
    Acc += D < 1e300 ? D : 0;
  std::vector<UGraph::edge_descriptor> Tree;
  kruskal_minimum_spanning_tree(G, std::back_inserter(Tree));
  Acc += double(Tree.size());
  prim_minimum_spanning_tree(G, Pred.data());
  std::vector<int> Comp(N);
  Acc += connected_components(G, Comp.data());
  std::vector<UGraph::vertex_descriptor> Cut;
  articulation_points(G, std::back_inserter(Cut));
  Acc += double(Cut.size());
  std::vector<std::size_t> Colors(N);
  Acc += double(sequential_vertex_coloring(
      G, make_iterator_property_map(Colors.begin(), get(vertex_index, G))));
  std::vector<UGraph::vertex_descriptor> Mate(N);
  edmonds_maximum_cardinality_matching(G, Mate.data());
  Acc += double(matching_size(G, Mate.data()));
  std::vector<UGraph::vertex_descriptor> Order(N);
  cuthill_mckee_ordering(G, Order.rbegin());
  Acc += double(Order.front());
  std::vector<double> Centrality(N);
  brandes_betweenness_centrality(
      G, make_iterator_property_map(Centrality.begin(), get(vertex_index, G)));
  for (double C : Centrality)
    Acc += C;
  return Acc;
}

double directed(Rng &R, int N) {
  DGraph G = randomGraph<DGraph>(R, N, 3 * N);
  double Acc = 0;
  std::vector<double> Dist(N, 1e300);
  std::vector<std::size_t> Pred(N);
  Dist[0] = 0;
  bool Ok = bellman_ford_shortest_paths(
      G, N, weight_map(get(edge_weight, G)).distance_map(Dist.data()).predecessor_map(Pred.data()));
  Acc += Ok;
  std::vector<int> Comp(N);
  Acc += strong_components(G, Comp.data());
  std::vector<std::vector<double>> All(N, std::vector<double>(N));
  if (N <= 64) {
    floyd_warshall_all_pairs_shortest_paths(G, All);
    johnson_all_pairs_shortest_paths(G, All);
    Acc += All[0][N - 1] < 1e300 ? All[0][N - 1] : 0;
    DGraph Closure;
    transitive_closure(G, Closure);
    Acc += double(num_edges(Closure));
  }
  std::vector<double> Rank(N);
  page_rank(G, make_iterator_property_map(Rank.begin(), get(vertex_index, G)));
  for (double X : Rank)
    Acc += X;

  // A DAG: edges only from lower to higher vertices.
  DGraph Dag(N);
  for (int I = 0; I < 3 * N; ++I) {
    int A = int(R.next() % N), B = int(R.next() % N);
    if (A < B)
      add_edge(A, B, R.uniform(1, 5), Dag);
  }
  std::vector<DGraph::vertex_descriptor> Topo;
  topological_sort(Dag, std::back_inserter(Topo));
  Acc += double(Topo.front());
  std::vector<double> DagDist(N);
  dag_shortest_paths(Dag, 0, distance_map(DagDist.data()));
  return Acc;
}

double flows(Rng &R, int N) {
  FlowGraph G(N);
  auto Cap = get(edge_capacity, G);
  auto Rev = get(edge_reverse, G);
  for (int I = 0; I < 4 * N; ++I) {
    int A = int(R.next() % N), B = int(R.next() % N);
    if (A == B)
      continue;
    auto E1 = add_edge(A, B, G).first;
    auto E2 = add_edge(B, A, G).first;
    Cap[E1] = long(R.next() % 100);
    Cap[E2] = 0;
    Rev[E1] = E2;
    Rev[E2] = E1;
  }
  double Acc = 0;
  Acc += double(push_relabel_max_flow(G, 0, N - 1));
  Acc += double(edmonds_karp_max_flow(G, 0, N - 1));
  Acc += double(boykov_kolmogorov_max_flow(G, 0, N - 1));
  return Acc;
}

struct CountingVisitor : default_bfs_visitor {
  int *Count;
  template <typename V, typename G> void discover_vertex(V, const G &) {
    ++*Count;
  }
};

} // namespace

double runGraph(unsigned Seed) {
  Rng R(Seed);
  int N = 20 + int(R.next() % 40);
  double Acc = undirected(R, N) + directed(R, N) + flows(R, N);
  BGraph B(N);
  for (int I = 0; I < 2 * N; ++I)
    add_edge(int(R.next() % N), int(R.next() % N), B);
  int Count = 0;
  CountingVisitor Vis;
  Vis.Count = &Count;
  breadth_first_search(B, vertex(0, B), visitor(Vis));
  return Acc + Count;
}

} // namespace large
