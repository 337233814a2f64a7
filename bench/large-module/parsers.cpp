// Boost.Spirit X3 grammars (an arithmetic evaluator, CSV, key=value
// configuration) and std::regex (Boost.Xpressive 1.74 does not compile with
// clang 22: enum out of range in a constant expression in boost/mpl).
#include "common.h"

#include <boost/fusion/include/std_pair.hpp>
#include <boost/spirit/home/x3.hpp>

#include <map>
#include <regex>
#include <string>
#include <vector>

namespace large {
namespace {

namespace x3 = boost::spirit::x3;

// An arithmetic evaluator: recursive rules with semantic actions.
namespace calc {
using x3::_attr;
using x3::_val;
x3::rule<class expr, double> const Expr = "expr";
x3::rule<class term, double> const Term = "term";
x3::rule<class factor, double> const Factor = "factor";
auto const Assign = [](auto &C) { _val(C) = _attr(C); };
auto const Add = [](auto &C) { _val(C) += _attr(C); };
auto const Sub = [](auto &C) { _val(C) -= _attr(C); };
auto const Mul = [](auto &C) { _val(C) *= _attr(C); };
auto const Div = [](auto &C) { _val(C) /= _attr(C); };
auto const Neg = [](auto &C) { _val(C) = -_attr(C); };
auto const Expr_def = Term[Assign] >> *(('+' >> Term[Add]) | ('-' >> Term[Sub]));
auto const Term_def =
    Factor[Assign] >> *(('*' >> Factor[Mul]) | ('/' >> Factor[Div]));
auto const Factor_def =
    x3::double_[Assign] | ('(' >> Expr[Assign] >> ')') | ('-' >> Factor[Neg]);
BOOST_SPIRIT_DEFINE(Expr, Term, Factor)
} // namespace calc

double evaluate(const std::string &Text) {
  auto It = Text.begin();
  double Result = 0;
  bool Ok = x3::phrase_parse(It, Text.end(), calc::Expr, x3::space, Result);
  return Ok ? Result : -1;
}

double csv(const std::string &Text) {
  std::vector<std::vector<double>> Rows;
  auto It = Text.begin();
  bool Ok = x3::phrase_parse(It, Text.end(),
                             (x3::double_ % ',') % x3::eol, x3::blank, Rows);
  double Acc = Ok;
  for (auto &Row : Rows)
    for (double X : Row)
      Acc += X;
  return Acc;
}

double config(const std::string &Text) {
  std::vector<std::pair<std::string, std::string>> Values;
  auto Key = x3::lexeme[+(x3::alnum | x3::char_('_'))];
  auto Value = x3::lexeme[+(x3::char_ - x3::eol)];
  auto const Entry = x3::rule<class entry, std::pair<std::string, std::string>>{} =
      Key >> '=' >> Value;
  auto It = Text.begin();
  bool Ok = x3::phrase_parse(It, Text.end(), Entry % +x3::eol, x3::blank, Values);
  double Acc = Ok;
  for (auto &[K, V] : Values)
    Acc += double(K.size() * V.size());
  return Acc;
}

double regexes(const std::string &Text) {
  std::regex Date(R"((\d{4})-(\d{2})-(\d{2}))");
  std::regex Word("[A-Za-z]+");
  std::regex Mail("([a-z]+)@([a-z]+)\\.(com|org|net)", std::regex::icase);
  double Acc = 0;
  std::smatch What;
  if (std::regex_search(Text, What, Date))
    Acc += double(What[1].length() + What[2].length());
  for (std::sregex_iterator Cur(Text.begin(), Text.end(), Word), End; Cur != End;
       ++Cur)
    Acc += double((*Cur)[0].length());
  if (std::regex_search(Text, What, Mail))
    Acc += double(What[2].length());
  Acc += double(std::regex_replace(Text, Word, "w").size());
  std::regex Ere("a|b+|c*", std::regex::extended);
  Acc += double(std::regex_match("bbb", Ere));
  return Acc;
}

} // namespace

double runParsers(unsigned Seed) {
  Rng R(Seed);
  std::string Expr = std::to_string(R.next() % 100) + " * (3 + 4.5) - 2 / 7";
  std::string Csv;
  for (int I = 0; I < 5; ++I)
    Csv += std::to_string(R.uniform()) + "," + std::to_string(I) + ",3.5\n";
  std::string Cfg = "name = bench\nsize_x = " + std::to_string(R.next() % 50) +
                    "\nmode = fast\n";
  std::string Text = "written 2024-0" + std::to_string(1 + R.next() % 9) +
                     "-15 by someone@example.org about parsers";
  return evaluate(Expr) + csv(Csv) + config(Cfg) + regexes(Text);
}

} // namespace large
