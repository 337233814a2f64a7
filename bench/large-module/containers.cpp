// Boost containers and data structures: flat/stable/small vectors,
// unordered and intrusive containers, multi-index, bimap, heaps, circular
// buffers, dynamic bitsets and tokenizers.
#include "common.h"

#include <boost/algorithm/string.hpp>
#include <boost/bimap.hpp>
#include <boost/circular_buffer.hpp>
#include <boost/container/deque.hpp>
#include <boost/container/flat_map.hpp>
#include <boost/container/flat_set.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/container/stable_vector.hpp>
#include <boost/container/static_vector.hpp>
#include <boost/dynamic_bitset.hpp>
#include <boost/heap/binomial_heap.hpp>
#include <boost/heap/d_ary_heap.hpp>
#include <boost/heap/fibonacci_heap.hpp>
#include <boost/heap/pairing_heap.hpp>
#include <boost/heap/skew_heap.hpp>
#include <boost/intrusive/avl_set.hpp>
#include <boost/intrusive/list.hpp>
#include <boost/intrusive/set.hpp>
#include <boost/intrusive/splay_set.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/random_access_index.hpp>
#include <boost/multi_index/sequenced_index.hpp>
#include <boost/multi_index_container.hpp>
#include <boost/tokenizer.hpp>
#include <boost/unordered_map.hpp>
#include <boost/unordered_set.hpp>

#include <string>
#include <type_traits>
#include <vector>

namespace large {
namespace {

namespace bc = boost::container;
namespace bi = boost::intrusive;
namespace mi = boost::multi_index;

struct Employee {
  int Id;
  std::string Name;
  double Salary;
};

using EmployeeSet = mi::multi_index_container<
    Employee,
    mi::indexed_by<
        mi::ordered_unique<mi::member<Employee, int, &Employee::Id>>,
        mi::hashed_non_unique<mi::member<Employee, std::string, &Employee::Name>>,
        mi::ordered_non_unique<mi::member<Employee, double, &Employee::Salary>>,
        mi::sequenced<>, mi::random_access<>>>;

struct Node : bi::set_base_hook<>, bi::list_base_hook<> {
  int Key;
  explicit Node(int K) : Key(K) {}
  friend bool operator<(const Node &A, const Node &B) { return A.Key < B.Key; }
};
struct AvlNode : bi::avl_set_base_hook<>, bi::bs_set_base_hook<> {
  int Key;
  explicit AvlNode(int K) : Key(K) {}
  friend bool operator<(const AvlNode &A, const AvlNode &B) {
    return A.Key < B.Key;
  }
};

template <typename Heap> double heapSuite(Rng &R) {
  Heap H;
  for (int I = 0; I < 100; ++I)
    H.push(int(R.next() % 1000));
  double Acc = 0;
  while (H.size() > 50) {
    Acc += H.top();
    H.pop();
  }
  return Acc;
}

template <typename Key> Key makeKey(uint64_t X) {
  if constexpr (std::is_arithmetic_v<Key>)
    return Key(X);
  else
    return "k" + std::to_string(X);
}

template <typename Key, typename Value> double mapSuite(Rng &R) {
  bc::flat_map<Key, Value> Flat;
  boost::unordered_map<Key, Value> Hash;
  for (int I = 0; I < 200; ++I) {
    Key K = makeKey<Key>(R.next() % 500);
    Flat[K] += Value(I);
    Hash[K] += Value(I);
  }
  double Acc = double(Flat.size() + Hash.size());
  for (auto &[K, V] : Flat)
    Acc += double(V) - double(Hash[K]);
  bc::flat_multiset<Key> Multi;
  for (auto &Entry : Hash)
    Multi.insert(Entry.first);
  Multi.insert(makeKey<Key>(1));
  Acc += double(Multi.count(makeKey<Key>(1)));
  return Acc;
}

} // namespace

double runContainers(unsigned Seed) {
  Rng R(Seed);
  double Acc = 0;
  EmployeeSet Staff;
  for (int I = 0; I < 100; ++I)
    Staff.insert({int(R.next() % 1000), "e" + std::to_string(I % 17),
                  R.uniform(1000, 9000)});
  auto &ByName = Staff.get<1>();
  Acc += double(ByName.count("e3"));
  auto &BySalary = Staff.get<2>();
  Acc += BySalary.begin()->Salary;
  Acc += double(Staff.get<4>().size());

  std::vector<Node> Nodes;
  std::vector<AvlNode> AvlNodes;
  for (int I = 0; I < 100; ++I) {
    Nodes.emplace_back(int(R.next() % 1000));
    AvlNodes.emplace_back(int(R.next() % 1000));
  }
  bi::multiset<Node> Set(Nodes.begin(), Nodes.end());
  bi::list<Node> List(Nodes.begin(), Nodes.end());
  bi::avl_multiset<AvlNode> Avl(AvlNodes.begin(), AvlNodes.end());
  bi::splay_multiset<AvlNode, bi::base_hook<bi::bs_set_base_hook<>>> Splay(
      AvlNodes.begin(), AvlNodes.end());
  Acc += double(Set.begin()->Key + List.size() + Avl.rbegin()->Key +
                Splay.size());
  Set.clear();
  List.clear();
  Avl.clear();
  Splay.clear();

  Acc += heapSuite<boost::heap::fibonacci_heap<int>>(R);
  Acc += heapSuite<boost::heap::pairing_heap<int>>(R);
  Acc += heapSuite<boost::heap::binomial_heap<int>>(R);
  Acc += heapSuite<boost::heap::skew_heap<int>>(R);
  Acc += heapSuite<boost::heap::d_ary_heap<int, boost::heap::arity<4>>>(R);
  Acc += mapSuite<int, double>(R) + mapSuite<std::string, int>(R) +
         mapSuite<long long, float>(R);

  boost::bimap<int, std::string> Bi;
  for (int I = 0; I < 50; ++I)
    Bi.insert({int(R.next() % 100), "v" + std::to_string(I)});
  Acc += double(Bi.left.size() + Bi.right.count("v7"));
  boost::circular_buffer<double> Ring(16);
  for (int I = 0; I < 40; ++I)
    Ring.push_back(R.uniform());
  for (double X : Ring)
    Acc += X;
  bc::stable_vector<std::string> Stable;
  bc::small_vector<int, 8> Small;
  bc::static_vector<double, 32> Static;
  bc::deque<int> Deque;
  for (int I = 0; I < 30; ++I) {
    Stable.push_back(std::to_string(I));
    Small.push_back(I);
    Static.push_back(R.uniform());
    Deque.push_front(I);
  }
  Acc += double(Stable.size() + Small.size() + Static.size() + Deque.front());
  boost::dynamic_bitset<> Bits(200);
  for (int I = 0; I < 80; ++I)
    Bits.set(R.next() % 200);
  Acc += double(Bits.count() + (Bits >> 3).count());
  boost::unordered_set<std::string> Words;
  std::string Text = "the quick brown fox jumps over the lazy dog " +
                     std::to_string(R.next());
  boost::tokenizer<> Tok(Text);
  for (const std::string &W : Tok)
    Words.insert(boost::algorithm::to_upper_copy(W));
  std::vector<std::string> Parts;
  boost::algorithm::split(Parts, Text, boost::is_any_of(" "));
  Acc += double(Words.size() + Parts.size() +
                boost::algorithm::replace_all_copy(Text, "the", "a").size());
  return Acc;
}

} // namespace large
