// Upper-tail probabilities for the spike detector's count and continuous models
// (Poisson, negative binomial, normal). Pure functions; used by SeasonalCountDetector.
#pragma once

namespace stormwatch::spike {

// P(Z >= z) for a standard normal Z.
double NormalUpperTail(double z);

// ln P(Z >= z), accurate far into the tail where P(Z >= z) underflows.
double LogNormalUpperTail(double z);

// P(X >= k) for X ~ Poisson(mean). k may be real (a continuous extension); k <= 0 gives 1.
double PoissonUpperTail(double k, double mean);

// P(X >= k) for X ~ NegativeBinomial(mean, size), Var = mean + mean^2 / size.
// Large sizes fall back to Poisson. k may be real; k <= 0 gives 1.
double NegativeBinomialUpperTail(double k, double mean, double size);

}  // namespace stormwatch::spike
