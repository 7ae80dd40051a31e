// Tail probabilities of the spike detector against known values.
#include "operators/spike/tail_probability.h"

#include <cmath>

#include "gtest/gtest.h"

namespace stormwatch::spike {
namespace {

TEST(TailProbabilityTest, NormalTailMatchesTable) {
  EXPECT_NEAR(NormalUpperTail(0.0), 0.5, 1e-12);
  EXPECT_NEAR(NormalUpperTail(1.959963985), 0.025, 1e-9);
  EXPECT_NEAR(std::exp(LogNormalUpperTail(3.0)), NormalUpperTail(3.0), 1e-12);
  // Far tail: continuous with the exact value where both are representable.
  EXPECT_NEAR(LogNormalUpperTail(8.0), std::log(NormalUpperTail(8.0)), 1e-3);
  EXPECT_LT(LogNormalUpperTail(50.0), -1200.0);
}

TEST(TailProbabilityTest, PoissonTailMatchesDirectSum) {
  // P(X >= 10) for Poisson(3), summed directly.
  double below = 0.0;
  double term = std::exp(-3.0);
  for (int k = 0; k < 10; ++k) {
    below += term;
    term *= 3.0 / (k + 1);
  }
  EXPECT_NEAR(PoissonUpperTail(10, 3.0), 1.0 - below, 1e-12);
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 3.0), 1.0);
  EXPECT_NEAR(PoissonUpperTail(1, 3.0), 1.0 - std::exp(-3.0), 1e-12);
}

TEST(TailProbabilityTest, NegativeBinomialIsWiderThanPoissonAndConvergesToIt) {
  const double poisson = PoissonUpperTail(40, 20.0);
  EXPECT_GT(NegativeBinomialUpperTail(40, 20.0, 5.0), poisson * 10);
  EXPECT_NEAR(NegativeBinomialUpperTail(40, 20.0, 1e9), poisson, poisson * 1e-3);
  // Geometric case (size 1, mean 1): P(X >= k) = 0.5^k.
  EXPECT_NEAR(NegativeBinomialUpperTail(5, 1.0, 1.0), std::pow(0.5, 5), 1e-10);
}

}  // namespace
}  // namespace stormwatch::spike
