// streams.cpp - C++ standard streams and containers over files in the
// preopened directory (libc++ for WASI has no <fstream>: files go through
// <cstdio>). Arguments: words to sort; stdin: numbers to sum.

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  std::sort(words.begin(), words.end());
  if (std::FILE *out = std::fopen("words.txt", "w")) {
    for (const std::string &w : words)
      std::fprintf(out, "%s\n", w.c_str());
    std::fclose(out);
  }
  std::map<char, int> initials;
  int count = 0;
  if (std::FILE *in = std::fopen("words.txt", "r")) {
    char buf[256];
    while (std::fscanf(in, "%255s", buf) == 1) {
      ++initials[buf[0]];
      ++count;
    }
    std::fclose(in);
  }
  std::cout << "read " << count << " words\n";
  for (const auto &[c, n] : initials)
    std::cout << c << ": " << n << '\n';
  long sum = 0, n = 0, v;
  while (std::cin >> v) {
    sum += v;
    ++n;
  }
  std::cout << "stdin: " << n << " numbers, sum " << sum << '\n';
  std::ostringstream os;
  os << std::setprecision(10) << 1.0 / 3 << ' ' << std::hex << 48879 << ' '
     << std::setw(8) << std::setfill('.') << "pad";
  std::cout << os.str() << std::endl;
  std::cerr << "to cerr" << std::endl;
  std::clog << "to clog\n";
  return words.empty() ? 3 : 0;
}
