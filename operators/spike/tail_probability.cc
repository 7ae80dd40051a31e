// Tail probabilities via the regularised incomplete gamma and beta functions (continued
// fractions, Lentz's method; Numerical Recipes 3rd ed. 6.2 and 6.4). See tail_probability.h.
#include "operators/spike/tail_probability.h"

#include <algorithm>
#include <cmath>

namespace stormwatch::spike {
namespace {

constexpr int kMaxIterations = 300;
constexpr double kEpsilon = 1e-14;
constexpr double kTiny = 1e-300;

// Regularised lower incomplete gamma P(a, x) by its series (x < a + 1).
double GammaSeries(double a, double x) {
  double sum = 1.0 / a;
  double term = sum;
  double ap = a;
  for (int i = 0; i < kMaxIterations; ++i) {
    ap += 1.0;
    term *= x / ap;
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularised upper incomplete gamma Q(a, x) by its continued fraction (x >= a + 1).
double GammaContinuedFraction(double a, double x) {
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

// Continued fraction of the incomplete beta function.
double BetaContinuedFraction(double a, double b, double x) {
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m < kMaxIterations; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return h;
}

// Regularised incomplete beta I_x(a, b).
double IncompleteBeta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1.0 - front * BetaContinuedFraction(b, a, 1.0 - x) / b;
}

}  // namespace

double NormalUpperTail(double z) { return 0.5 * std::erfc(z * M_SQRT1_2); }

double LogNormalUpperTail(double z) {
  if (z < 8.0) return std::log(NormalUpperTail(z));
  // Asymptotic expansion of Mills' ratio.
  const double z2 = z * z;
  return -0.5 * z2 - std::log(z) - 0.5 * std::log(2.0 * M_PI) +
         std::log1p(-1.0 / z2 + 3.0 / (z2 * z2));
}

double PoissonUpperTail(double k, double mean) {
  if (k <= 0.0) return 1.0;
  if (mean <= 0.0) return 0.0;
  // P(X >= k) = P(k, mean), the regularised lower incomplete gamma.
  if (mean < k + 1.0) return std::clamp(GammaSeries(k, mean), 0.0, 1.0);
  return std::clamp(1.0 - GammaContinuedFraction(k, mean), 0.0, 1.0);
}

double NegativeBinomialUpperTail(double k, double mean, double size) {
  if (k <= 0.0) return 1.0;
  if (mean <= 0.0) return 0.0;
  if (size > 1e6 * mean) return PoissonUpperTail(k, mean);
  // P(X >= k) = I_p(k, size) with p = mean / (mean + size).
  return std::clamp(IncompleteBeta(k, size, mean / (mean + size)), 0.0, 1.0);
}

}  // namespace stormwatch::spike
