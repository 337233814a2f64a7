// RuntimeTestMain.cpp - Death tests run in a freshly executed copy of the
// test binary ("threadsafe"), not a fork: other tests leave threads behind,
// and the chaining tests need a process where the runtime has not yet
// installed its signal handlers.

#include <gtest/gtest.h>

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  return RUN_ALL_TESTS();
}
