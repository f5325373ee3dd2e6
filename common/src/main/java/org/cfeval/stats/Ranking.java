package org.cfeval.stats;

/**
 * Weighted average precision (PR-AUC) and ROC-AUC of predictions fed from the highest probability down,
 * one block of tied predictions at a time: precision is taken after each whole block (ties move
 * together), and a fraud tied with a legit decision counts half a correctly ordered pair. Fed the
 * distinct probabilities it is exact; fed probability bins, predictions in one bin count as tied.
 */
public final class Ranking {
  private double tp;
  private double fp;
  private double averagePrecision;
  private double rocArea;

  /** The next block of tied predictions: its summed weights of fraud and of legit decisions. */
  public Ranking add(double fraud, double legit) {
    rocArea += legit * (tp + fraud / 2);
    tp += fraud;
    fp += legit;
    if (fraud > 0) {
      averagePrecision += fraud * tp / (tp + fp);
    }
    return this;
  }

  /** Null without fraud. */
  public Double averagePrecision() {
    return Ratio.of(averagePrecision, tp);
  }

  /** Null without fraud or without legit decisions. */
  public Double rocAuc() {
    return tp == 0 || fp == 0 ? null : rocArea / (tp * fp);
  }
}
