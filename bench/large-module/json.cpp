// nlohmann::json: building, serialising, parsing, the binary formats,
// JSON pointer, patch and merge patch, and conversions of user types.
#include "common.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace large {
namespace {

struct Point {
  double X = 0, Y = 0;
  std::string Label;
  std::vector<int> Tags;
};

template <typename Json> void to_json(Json &J, const Point &P) {
  J = Json{{"X", P.X}, {"Y", P.Y}, {"Label", P.Label}, {"Tags", P.Tags}};
}
template <typename Json> void from_json(const Json &J, Point &P) {
  J.at("X").get_to(P.X);
  J.at("Y").get_to(P.Y);
  J.at("Label").get_to(P.Label);
  J.at("Tags").get_to(P.Tags);
}

struct Scene {
  std::string Name;
  std::vector<Point> Points;
  std::map<std::string, double> Weights;
};

template <typename Json> void to_json(Json &J, const Scene &S) {
  J = Json{{"Name", S.Name}, {"Points", S.Points}, {"Weights", S.Weights}};
}
template <typename Json> void from_json(const Json &J, Scene &S) {
  J.at("Name").get_to(S.Name);
  J.at("Points").get_to(S.Points);
  J.at("Weights").get_to(S.Weights);
}

template <typename Json> double jsonSuite(Rng &R) {
  Scene S;
  S.Name = "scene-" + std::to_string(R.next() % 1000);
  for (int I = 0, N = 10 + int(R.next() % 40); I < N; ++I) {
    Point P{R.uniform(), R.uniform(), "p" + std::to_string(I), {}};
    for (int J = 0; J < I % 5; ++J)
      P.Tags.push_back(int(R.next() % 100));
    S.Points.push_back(P);
    S.Weights["w" + std::to_string(I)] = R.uniform(-5, 5);
  }
  Json J = S;
  J["meta"] = {{"version", 3}, {"ok", true}, {"null", nullptr}};
  std::string Text = J.dump(2);
  Json Parsed = Json::parse(Text, nullptr, /*allow_exceptions=*/false);
  double Acc = double(Text.size()) + double(Parsed.size());

  std::vector<std::uint8_t> Cbor = Json::to_cbor(J);
  std::vector<std::uint8_t> Msgpack = Json::to_msgpack(J);
  std::vector<std::uint8_t> Ubjson = Json::to_ubjson(J, true, true);
  std::vector<std::uint8_t> Bjdata = Json::to_bjdata(J);
  std::vector<std::uint8_t> Bson = Json::to_bson(J);
  Acc += double(Cbor.size() + Msgpack.size() + Ubjson.size() + Bjdata.size() +
                Bson.size());
  // (Reading the binary formats back needs std::char_traits<unsigned char>,
  // which libc++ 19+ no longer provides and nlohmann 3.11.2 still uses.)

  Json Other = J;
  Other["Name"] = "changed";
  Other["Points"].erase(0);
  Json Patch = Json::diff(J, Other);
  Acc += double(Patch.size()) + double(J.patch(Patch) == Other);
  Json Merge = J;
  Merge.merge_patch(Json{{"Name", nullptr}, {"extra", {1, 2, 3}}});
  Acc += double(Merge.size());
  Json Flat = J.flatten();
  Acc += double(Flat.size()) + double(Flat.unflatten() == J);
  typename Json::json_pointer Ptr("/Points/0/X");
  if (J.contains(Ptr))
    Acc += J[Ptr].template get<double>();
  Scene Back = Parsed.template get<Scene>();
  Acc += double(Back.Points.size());
  for (auto &[Key, Value] : J["Weights"].items())
    Acc += Value.template get<double>() + double(Key.size());
  return Acc;
}

} // namespace

double runJson(unsigned Seed) {
  Rng R(Seed);
  return jsonSuite<nlohmann::json>(R) + jsonSuite<nlohmann::ordered_json>(R);
}

} // namespace large
