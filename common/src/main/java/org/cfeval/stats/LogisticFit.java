package org.cfeval.stats;

/**
 * The calibration intercept and slope: the weighted logistic regression of fraud on logit(p), fitted by
 * Newton's method on the fine bins of {@link CalibrationSums}, each bin at its weighted mean logit with
 * its weight and its (IPS-estimated) fraud; replicate r refits with its own weights and fraud at the
 * same logits. Where a bin's logits are close (CalibrationCheck's fine bins are at most a quarter apart
 * in logit) this is close to the fit on the decisions themselves: within 0.01 of MLlib's slope on a
 * simulated world (CalibrationCheckTest).
 */
final class LogisticFit {
  private static final int MAX_STEPS = 100;

  private LogisticFit() {}

  /** {intercept, slope}, or null with fewer than two bins of distinct logit or no convergence. */
  static double[] of(CalibrationSums sums, int r) {
    int n = sums.bins();
    double[] x = new double[n];
    double[] w = new double[n];
    double[] y = new double[n];
    int used = 0;
    double lowest = Double.POSITIVE_INFINITY;
    double highest = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      double weight = r < 0 ? sums.weight(k) : sums.weight(k, r);
      if (sums.weight(k) > 0 && weight > 0) {
        x[used] = sums.logit(k) / sums.weight(k);
        w[used] = weight;
        y[used] = Math.min(weight, r < 0 ? sums.fraud(k) : sums.fraud(k, r));
        lowest = Math.min(lowest, x[used]);
        highest = Math.max(highest, x[used]);
        used++;
      }
    }
    if (used < 2 || !(highest > lowest)) {
      return null;
    }
    double a = 0;
    double b = 1;
    double current = logLikelihood(a, b, x, w, y, used);
    for (int step = 0; step < MAX_STEPS; step++) {
      double ga = 0;
      double gb = 0;
      double haa = 0;
      double hab = 0;
      double hbb = 0;
      for (int k = 0; k < used; k++) {
        double p = 1 / (1 + Math.exp(-(a + b * x[k])));
        double residual = y[k] - w[k] * p;
        double curvature = w[k] * p * (1 - p);
        ga += residual;
        gb += residual * x[k];
        haa += curvature;
        hab += curvature * x[k];
        hbb += curvature * x[k] * x[k];
      }
      double det = haa * hbb - hab * hab;
      if (!(det > 0)) {
        return null;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      if (Math.abs(da) + Math.abs(db) < 1e-10) {
        return new double[] {a, b};
      }
      // Step halving keeps every step uphill (up to rounding, which near the top is all there is).
      double floor = current - 1e-12 * Math.abs(current);
      double scale = 1;
      double next = logLikelihood(a + da, b + db, x, w, y, used);
      while (next < floor && scale > 1e-6) {
        scale /= 2;
        next = logLikelihood(a + scale * da, b + scale * db, x, w, y, used);
      }
      if (next < floor) {
        return null; // no step uphill along Newton's direction: no fit to report
      }
      a += scale * da;
      b += scale * db;
      current = next;
    }
    return null;
  }

  private static double logLikelihood(double a, double b, double[] x, double[] w, double[] y, int used) {
    double sum = 0;
    for (int k = 0; k < used; k++) {
      double eta = a + b * x[k];
      // log p = -log(1 + e^-eta), log(1 - p) = -log(1 + e^eta), in forms that do not overflow
      double logP = -softplus(-eta);
      double logQ = -softplus(eta);
      sum += y[k] * logP + (w[k] - y[k]) * logQ;
    }
    return sum;
  }

  private static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
}
